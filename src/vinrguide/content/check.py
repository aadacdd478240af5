"""`vinrguide check`: the whole pack validated, with findings like a compiler's (code, severity, place, message).

Codes are stable and listed in docs/check-codes.md; tests trigger every one of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace

from vinrguide.content import diagnostics as d
from vinrguide.content.anchors import fold_ascii, split_ref
from vinrguide.content.crisis import check_crisis
from vinrguide.content.diagnostics import Diagnostic, Finding, from_error
from vinrguide.content.flowgraph import graph_of
from vinrguide.content.models import (
    Action,
    Flow,
    OutcomeNode,
    QuestionNode,
    RoleText,
    Routine,
    Text,
)
from vinrguide.content.outcome_text import fold
from vinrguide.content.pack import FACTS_FILE, LEGAL_FILE, TERMS_FILE, UNITS_FILE, ContentPack
from vinrguide.content.phone_text import check_phone_text
from vinrguide.content.routine_file import code_lines
from vinrguide.content.safety import SafetyRules
from vinrguide.content.validation import line_of

__all__ = ["Finding", "check_pack", "has_errors"]

REPORT_URGENCIES = ("akut", "genast")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
# No [ inside the text and no ( inside the target: linear on a line of 40,000 [ (with [^\]]* it was quadratic)
_LINK = re.compile(r"\[[^\[\]]*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")


def check_pack(pack: ContentPack, today: dt.date | None = None) -> list[Finding]:
    today = today or dt.date.today()
    loaded_with = pack.suppressed.copy()  # what loading left out; the checks below add what they leave out
    findings = [from_error(w) for w in pack.warnings]
    for flow_id, flow in pack.flows.items():
        findings += FlowChecker(pack, flow, pack.flow_files[flow_id]).run()
    findings += list(_check_routines(pack, today))
    findings += list(_check_units(pack))
    findings += list(_check_legal(pack))
    findings += list(_check_terms(pack))
    findings += list(_check_scenarios(pack))
    findings += list(check_phone_text(pack))
    # A file that failed to load comes first, saying how many problems that follow from it are left out.
    dependents, pack.suppressed = pack.suppressed, loaded_with
    loading = [_with_dependents(from_error(e), dependents[e.file]) for e in pack.errors]
    causes = [f for f in loading if dependents[f.file]]
    rest = [f for f in loading if not dependents[f.file]] + findings
    return causes + sorted(rest, key=lambda f: (not f.is_error, f.file, f.line or 0, f.code))


def _with_dependents(finding: Finding, dependents: int) -> Finding:
    if not dependents:
        return finding
    return replace(finding, message=f"{finding.message} ({dependents} fel beror på det här)")


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


# ------------------------------------------------------------------ flows


class FlowChecker:
    def __init__(self, pack: ContentPack, flow: Flow, file: str) -> None:
        self.pack, self.flow, self.file = pack, flow, file
        self.found: list[Finding] = []

    def add(self, diagnostic: Diagnostic, *loc: str | int, **fields: object) -> None:
        """A finding at a place in the flow file given as a TOML path ("nodes", "akut", "options", 1)."""
        line = self.pack.line_in(self.file, *loc) if loc else None
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        self.found.append(diagnostic.at(self.file, line, path, **fields))

    def run(self) -> list[Finding]:
        flow = self.flow
        if self.file.rsplit("/", 1)[-1] != f"{flow.id}.toml":
            self.add(d.FLOW_ID_NOT_FILE_NAME, "id", id=flow.id, file=self.file)
        if flow.status == "utkast":
            self.add(d.DRAFT, "status", kind="guiden", id=flow.id)
        if flow.start not in flow.nodes:
            self.add(d.BAD_START, "start", start=flow.start)
            return self.found
        self._check_nodes()
        self._check_acute()
        self._check_graph()
        return self.found

    def _check_nodes(self) -> None:
        roles = self._values_of("roll")
        for node_id, node in self.flow.nodes.items():
            here = ("nodes", node_id)
            if isinstance(node, QuestionNode):
                self._check_question(node_id, node)
                texts: list[tuple[str, Text | None]] = [("text", node.text), ("why", node.why)]
            else:
                self._check_outcome(node_id, node)
                texts = [("title", node.title), ("text", node.text)]
                texts += [(f"referrals[{i}].note", r.note) for i, r in enumerate(node.referrals)]
                for field, items in (("actions", node.actions), ("dont", node.dont)):
                    for item in items:
                        if isinstance(item, Action):
                            texts.append((field, item.text))
                            for role in item.roll:
                                if roles is not None and role not in roles:
                                    self.add(
                                        d.UNKNOWN_ROLE,
                                        *here,
                                        field,
                                        place=f"{field}, roll",
                                        role=role,
                                        roles=", ".join(sorted(roles)),
                                    )
            for field, text in texts:
                if isinstance(text, RoleText):
                    for role in text.variants():
                        if roles is not None and role not in roles:
                            self.add(
                                d.UNKNOWN_ROLE,
                                *here,
                                field,
                                role,
                                place=f"varianten {field}.{role}",
                                role=role,
                                roles=", ".join(sorted(roles)),
                            )

    def _values_of(self, fact: str) -> set[str] | None:
        known = self.pack.facts.get(fact)
        return set(known.value_ids()) if known else None

    def _check_question(self, node_id: str, node: QuestionNode) -> None:
        here = ("nodes", node_id)
        values = self._values_of(node.fact)
        if values is None and not self.pack.follows_from_broken("fact", node.fact):
            self.add(d.UNDECLARED_FACT, *here, "fact", fact=node.fact, facts_file=FACTS_FILE)
        kinds = [
            answer_kind(o.value, o.label or self.pack.value_label(node.fact, o.value)) for o in node.options
        ]
        if option_order_problem(kinds):
            self.add(d.OPTION_ORDER, *here, "options", order=", ".join(o.value for o in node.options))
        seen: set[str] = set()
        for i, option in enumerate(node.options):
            if option.value in seen:
                self.add(d.DUPLICATE_OPTION, *here, "options", i, value=option.value)
            seen.add(option.value)
            if values is not None and option.value not in values:
                self.add(
                    d.UNDECLARED_VALUE,
                    *here,
                    "options",
                    i,
                    value=option.value,
                    fact=node.fact,
                    values=", ".join(sorted(values)),
                )

    def _check_outcome(self, node_id: str, node: OutcomeNode) -> None:
        here = ("nodes", node_id)
        if not node.referrals:
            self.add(d.NO_REFERRAL, *here)
        if not node.routines:
            self.add(d.NO_ROUTINE, *here)
        # A file that failed to load has been reported already: no "does not exist" for everything it held.
        pack = self.pack
        for i, referral in enumerate(node.referrals):
            if referral.unit not in pack.units and not pack.follows_from_broken("unit", referral.unit):
                self.add(d.UNKNOWN_UNIT, *here, "referrals", i, unit=referral.unit, units_file=UNITS_FILE)
        for i, ref in enumerate(node.routines):
            if pack.section(ref) is None and not _in_broken_routine(pack, ref):
                self.add(d.UNKNOWN_SECTION, *here, "routines", i, problem=_missing_section(pack, ref))
        for i, legal_id in enumerate(node.legal):
            if legal_id not in pack.legal and not pack.follows_from_broken("legal", legal_id):
                self.add(d.UNKNOWN_LEGAL, *here, "legal", i, legal=legal_id, legal_file=LEGAL_FILE)
        if node.acute and node.urgency != "akut":
            self.add(d.ACUTE_NOT_AKUT, *here, "urgency")

    def _check_acute(self) -> None:
        count = graph_of(self.flow).acute_count
        if count != 1:
            self.add(d.ACUTE_OUTCOME_COUNT, "id", count=count)
        start = self.flow.nodes[self.flow.start]
        if not (isinstance(start, QuestionNode) and start.fact == "akut"):
            self.add(d.NOT_STARTING_WITH_AKUT, "start")

    def _check_graph(self) -> None:
        graph = graph_of(self.flow)
        for gap in graph.dangling:
            self.add(
                d.OPTION_POINTS_NOWHERE,
                "nodes",
                gap.node,
                "options",
                gap.index,
                value=gap.value,
                next=gap.next,
            )
        for node_id in graph.unreachable:
            self.add(d.UNREACHABLE_NODE, "nodes", node_id, node=node_id)
        if graph.cycle:
            self.add(d.CYCLE, "nodes", graph.cycle[0], cycle=" → ".join(graph.cycle))
            return  # what holds on arrival is only defined without loops
        for node_id, node in self.flow.outcomes().items():
            if (
                node.report
                and node.urgency not in REPORT_URGENCIES
                and graph.can_arrive_with(node_id, "alder", "barn")
            ):
                self.add(d.CHILD_REPORT_NOT_URGENT, "nodes", node_id, "urgency")
        questions = self.flow.questions()
        for node_id in graph.asked_twice():
            self.add(d.FACT_ASKED_TWICE, "nodes", node_id, fact=questions[node_id].fact)
        rules = SafetyRules(self.pack, self.flow, graph, self.add)
        rules.run()
        check_crisis(rules)


_YES, _NO = "ja", "nej"
_UNSURE_VALUES = frozenset({"osaker", "vet-ej", "vet-inte", "vetej", "oklar", "oklart"})
_UNSURE_LABEL = re.compile(r"^(?:osaker|vet inte|vet ej|oklart|kanske)\b")


def answer_kind(value: str, label: str) -> str | None:
    """ "ja", "nej" or "osaker" for an option that is a yes, a no or an unsure / don't know; else None."""
    if value in (_YES, _NO):
        return value
    if value in _UNSURE_VALUES or _UNSURE_LABEL.match(fold(label)):
        return "osaker"
    return None


def option_order_problem(kinds: list[str | None]) -> bool:
    """Yes first, no right after it, unsure after both: so that 1 is ja and 2 is nej on every question."""
    if _YES in kinds and kinds.index(_YES) != 0:
        return True
    if _YES in kinds and _NO in kinds and kinds.index(_NO) != 1:
        return True
    last_answer = max((i for i, k in enumerate(kinds) if k in (_YES, _NO)), default=-1)
    return any(k == "osaker" and i < last_answer for i, k in enumerate(kinds))


def _in_broken_routine(pack: ContentPack, ref: str) -> bool:
    """The ref's routine is missing because its file could not be loaded (already reported)."""
    routine_id, _ = split_ref(ref)
    return routine_id not in pack.routines and pack.follows_from_broken("routine", routine_id)


def _missing_section(pack: ContentPack, ref: str) -> str:
    routine_id, anchor = split_ref(ref)
    routine = pack.routines.get(routine_id)
    if routine is None:
        return f"rutinen '{routine_id}' finns inte i routines/"
    anchors = ", ".join(s.anchor for s in routine.sections[:12])
    return f"rutinen '{routine_id}' har inget avsnitt '{anchor}'; avsnitt: {anchors}"


# ------------------------------------------------------------------ routines


def _check_routines(pack: ContentPack, today: dt.date) -> Iterator[Finding]:
    for routine in pack.routines.values():
        meta, file = routine.meta, routine.file
        line = {
            key: _front_matter_line(pack, routine, key) for key in ("id", "status", "adopted", "review_by")
        }
        if file.rsplit("/", 1)[-1] != f"{meta.id}.md":
            yield d.ROUTINE_ID_NOT_FILE_NAME.at(file, line["id"], "id", id=meta.id, file=file)
        if meta.status == "utkast":
            yield d.DRAFT.at(file, line["status"], "status", kind="rutinen", id=meta.id)
            if meta.adopted:
                yield d.DRAFT_WITH_ADOPTED.at(file, line["adopted"], "adopted")
        elif meta.adopted is None:
            yield d.ADOPTED_WITHOUT_DATE.at(file, line["status"], "adopted")
        if meta.review_by and meta.review_by < today:
            yield d.REVIEW_BY_PASSED.at(file, line["review_by"], "review_by", date=meta.review_by.isoformat())
        seen: dict[str, int] = {}
        for section in routine.sections:
            if section.anchor in seen:
                yield d.DUPLICATE_ANCHOR.at(
                    file,
                    section.line,
                    section.anchor,
                    heading=section.heading,
                    first_line=seen[section.anchor],
                )
            seen.setdefault(section.anchor, section.line)
        yield from _check_links(pack, routine.id, file, routine.body, routine.body_line)


def _front_matter_line(pack: ContentPack, routine: Routine, key: str) -> int:
    """The line of a field of the routine's front matter (line 2, the first inside it, when the field is absent)."""
    front = pack.files.get(routine.file, "").splitlines()[: routine.body_line - 1]
    return line_of("\n".join(front), (key,)) or 2


def _check_links(
    pack: ContentPack, routine_id: str, file: str, body: str, first_line: int
) -> Iterator[Finding]:
    in_code = code_lines(body)
    for offset, line in enumerate(body.splitlines()):
        if offset in in_code:
            continue  # an example in a code block is not a link
        for target in _LINK.findall(_CODE_SPAN.sub("", line)):
            problem = _link_problem(pack, routine_id, target)
            if problem:
                yield d.BROKEN_LINK.at(file, first_line + offset, target, problem=problem)


def _link_problem(pack: ContentPack, routine_id: str, target: str) -> str | None:
    if target.startswith(("http://", "https://", "mailto:", "tel:")):
        return None
    if target.startswith("unit:"):
        unit = target.removeprefix("unit:")
        if unit in pack.units or pack.follows_from_broken("unit", unit):
            return None
        return f"länken pekar på enheten '{unit}', som inte finns i {UNITS_FILE}"
    if target.startswith("#"):
        target = f"{routine_id}{target}"
    elif not target.startswith("routine:"):
        return f"länken '{target}' går inte att följa; skriv #ankare, routine:id#ankare, unit:id eller en webbadress"
    if pack.section(target) or _in_broken_routine(pack, target):
        return None
    return "länken: " + _missing_section(pack, target)


# ------------------------------------------------------------------ directory and legal references


def _check_units(pack: ContentPack) -> Iterator[Finding]:
    for unit in pack.units.values():
        index = pack.indexes.get(("unit", unit.id), 0)
        line = pack.line_in(UNITS_FILE, "unit", index)
        where = f"unit.{unit.id}"
        if not unit.source:
            yield d.UNIT_WITHOUT_SOURCE.at(UNITS_FILE, line, where, unit=unit.id)
        if unit.after_hours and unit.after_hours not in pack.units:
            yield d.BAD_AFTER_HOURS.at(
                UNITS_FILE,
                pack.line_in(UNITS_FILE, "unit", index, "after_hours"),
                f"{where}.after_hours",
                unit=unit.after_hours,
            )
        if not unit.verified:
            yield d.UNVERIFIED.at(UNITS_FILE, line, where, item=f"enheten '{unit.id}'", field="verified")
        for phone in unit.phones:
            if not phone.verified:
                yield d.UNVERIFIED.at(
                    UNITS_FILE,
                    line,
                    f"{where}.phones",
                    item=f"numret {phone.number} till '{unit.id}'",
                    field="verified",
                )
        if unit.hours and not unit.hours_verified:
            yield d.UNVERIFIED.at(
                UNITS_FILE,
                line,
                f"{where}.hours",
                item=f"öppettiderna för '{unit.id}'",
                field="hours_verified",
            )


def _check_legal(pack: ContentPack) -> Iterator[Finding]:
    for ref in pack.legal.values():
        if not ref.verified:
            line = pack.line_in(LEGAL_FILE, "legal", pack.indexes.get(("legal", ref.id), 0))
            yield d.UNVERIFIED.at(
                LEGAL_FILE,
                line,
                f"legal.{ref.id}",
                item=f"lagrummet '{ref.id}' ({ref.citation})",
                field="verified",
            )


def _check_terms(pack: ContentPack) -> Iterator[Finding]:
    claimed: dict[str, tuple[str, str]] = {}  # folded phrase → (term id, ref) of the first term that uses it
    for i, term in enumerate(pack.terms):
        fields = (("term", (term.term,)), ("synonyms", term.synonyms), ("triggers", term.triggers))
        for field, phrases in fields:
            for phrase in phrases:
                where = f"term.{term.id}.{field}"
                line = pack.line_in(TERMS_FILE, "term", i, field)
                key = " ".join(fold_ascii(phrase).lower().split())
                if not key:
                    problem = (
                        f"termen '{term.id}' har en tom text i {field}; ta bort den eller skriv ut ordet"
                    )
                    yield d.TERM_PHRASE.at(TERMS_FILE, line, where, problem=problem)
                    continue
                first = claimed.setdefault(key, (term.id, term.ref))
                if first[1] != term.ref:
                    problem = (
                        f"'{phrase}' används också av termen '{first[0]}', som leder till {first[1]}; "
                        "en sökfras får bara leda till ett ställe"
                    )
                    yield d.TERM_PHRASE.at(TERMS_FILE, line, where, problem=problem)
        kind, _, target = term.ref.partition(":")
        ok = (
            (kind == "routine" and pack.section(term.ref) is not None)
            or (kind == "flow" and target in pack.flows)
            or (kind == "unit" and target in pack.units)
        )
        if not ok and not pack.follows_from_broken(kind, split_ref(target)[0]):
            line = pack.line_in(TERMS_FILE, "term", i)
            yield d.TERM_BAD_REF.at(TERMS_FILE, line, f"term.{term.id}.ref", term=term.term, ref=term.ref)


# ------------------------------------------------------------------ scenarios

SCENARIO_YEARS = (1900, 2200)
"""A scenario's `now` must lie in these years, as `--now` (commands/common.NOW_YEARS): outside them the calendar and
the opening-hours arithmetic overflow."""


def _now_problem(now: str) -> str | None:
    """Why a scenario's `now` cannot be used, or None (the same reading as `--now`: ISO 8601, offset optional)."""
    try:
        when = dt.datetime.fromisoformat(now.strip())
    except ValueError:
        return "är ingen tidpunkt"
    first, last = SCENARIO_YEARS
    if not first <= when.year <= last:
        return f"ligger utanför åren {first}–{last}"
    return None


def _check_scenarios(pack: ContentPack) -> Iterator[Finding]:
    """Unknown flows, facts, values, outcomes and units in scenarios; not repeated when their file failed to load."""
    count: dict[str, int] = {}
    for file, scenario in pack.scenarios:
        index = count[file] = count.get(file, -1) + 1

        def problem(
            message: str, *loc: str, file: str = file, index: int = index, name: str = scenario.name
        ) -> Finding:
            line = pack.line_in(file, "scenario", index, *loc)
            return d.SCENARIO_BAD_REF.at(file, line, name, name=name, problem=message)

        if scenario.now is not None and (why := _now_problem(scenario.now)):
            line = pack.line_in(file, "scenario", index, "now")
            yield d.SCENARIO_BAD_NOW.at(
                file, line, scenario.name, name=scenario.name, now=scenario.now, problem=why
            )
        flow = pack.flows.get(scenario.flow)
        if flow is None:
            if not pack.follows_from_broken("flow", scenario.flow):
                yield problem(f"guiden '{scenario.flow}' finns inte", "flow")
            continue
        for fact, value in scenario.facts.items():
            known = pack.facts.get(fact)
            if known is None and pack.follows_from_broken("fact", fact):
                continue
            if known is None:
                yield problem(f"faktumet '{fact}' är inte deklarerat i {FACTS_FILE}", "facts")
            elif value not in known.value_ids():
                values = ", ".join(known.value_ids())
                yield problem(f"'{value}' är inget värde för {fact}; värden: {values}", "facts")
        if scenario.expect.outcome and scenario.expect.outcome not in flow.outcomes():
            yield problem(f"utfallet '{scenario.expect.outcome}' finns inte i guiden", "expect", "outcome")
        expect = scenario.expect
        fields = (("referrals", expect.referrals), ("open", expect.open), ("fallbacks", expect.fallbacks))
        reported: set[str] = set()
        for field, units in fields:
            for unit in units:
                if unit not in pack.units and unit not in reported:
                    reported.add(unit)
                    if pack.follows_from_broken("unit", unit):
                        continue
                    yield problem(f"enheten '{unit}' finns inte i {UNITS_FILE}", "expect", field)
