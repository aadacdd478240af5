"""Safety rules every pack obeys (VG401–VG409): the mistakes in a guide's advice that could put someone at risk.

Each rule reads an outcome as every role that can reach it reads it (outcome_text.py), and decides which
outcomes it applies to from what can be known on arriving there (the facts along the paths, computed once per
node in topological order: never by enumerating paths). docs/check-codes.md and docs/authoring.md explain each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from vinrguide.content import diagnostics as d
from vinrguide.content.flowgraph import FlowGraph
from vinrguide.content.models import Flow, OutcomeNode, QuestionNode, Unit
from vinrguide.content.outcome_text import OutcomeWords, Role, clauses, fold, sentences, words_for
from vinrguide.content.pack import UNITS_FILE, ContentPack

CHILDREN_UNIT = "barn-och-unga"
"""The children's unit of a pack that marks none with `child_reports = true` (design.md's unit id)."""
HONOUR_VALUES = frozenset({"ja", "osaker"})

_NEGATION = re.compile(r"\b(inte|aldrig|ej|utan att|ingen|inga|varken|undvik\w*|avsta\w*)\b")

FAMILY = r"(?:vardnadshavar\w*|foraldr\w*|familj\w*|slakt\w*|anhorig\w*|mamma\w*|pappa\w*|hemmet)"
"""The family, folded: vårdnadshavare, föräldrar, familjen, släkten, anhöriga, mamma, pappa, hemmet."""
_FAMILY = re.compile(rf"\b{FAMILY}")
_PARTNER = (
    r"(?:partner\w*|make|maken|makan|mannen|hustrun|sambo\w*|pojkvan\w*|flickvan\w*"
    r"|(?:(?<=hennes )|(?<=hans )|(?<=sin ))(?:man|fru))"
)
"""For an adult, contacting the partner is contacting the family."""
_CONTACT_VERB = (
    r"(?:kontakta\w*|ta\w* kontakt med|ring(?:a|er)?|prata\w* med|tala\w* med|samtala\w* med|informera\w*"
    r"|beratta\w* for|meddela\w*|underratta\w*|fraga\w*|traffa\w*|bjud\w* in|kalla\w* in|kalla\w* till mote med"
    r"|(?:ordna|boka|ha|halla)\w* (?:ett )?(?:mote|samtal) med|hor\w* av (?:dig|er) till|hor\w* med"
    r"|mejla\w*|skriv\w* till|skicka\w* (?:ett )?(?:brev|meddelande|sms|mejl) till)"
)
_BETWEEN = r"(?:\s+(?!(?:om|kring|mellan|utan|med|for|till)\b)\S+){0,3}?"
"""Up to three words between a verb and its object ("ring barnets föräldrar"), but not "prata med barnet om …"."""
_CONTACT_FAMILY = re.compile(
    rf"\b(?P<verb>{_CONTACT_VERB}){_BETWEEN}\s+(?:{FAMILY}|{_PARTNER}\b)|\bring(?:a|er)? hem\b"
)

_TELL_VERB = (
    r"(?:beratta\w* for|informera\w*|meddela\w*|saga\w* till|saga\w* at|tala\w* om for|underratta\w*"
    r"|forklara\w* for|ge\w* besked till)"
)
_ABUSER = (
    rf"(?:{FAMILY}|den vuxn\w*(?! som (?:ar|blir|har varit) utsatt)|medarbetaren|den anstallda|arbetstagaren"
    r"|forovaren|den som utovar\w*|personen som utovar\w*|partnern|maken|mannen|den misstankt\w*"
    r"|den du misstanker)"
)
_TELLS = re.compile(
    rf"\b(?P<verb>{_TELL_VERB}){_BETWEEN}\s+{_ABUSER}|\b(?P<let>lat\w*)(?:\s+\S+){{0,2}}?\s+{_ABUSER}\s+(?:fa\s+)?veta"
)
_ABOUT_THE_REPORT = re.compile(r"anmal|vad (?:barnet|personen|hen|den utsatta) (?:har )?(?:sagt|berattat)")
_EXCLUDES_THE_ABUSER = re.compile(
    r"\b(?:inte|aldrig|ej)\b(?:\s+\S+){0,3}\s+(?:den som utovar|forovaren|den misstankt|den du misstanker)"
)

_DUTY = re.compile(
    r"\b(?:du|ni) (?:ar|blir) (?:ocksa |alltid |da |darfor )?(?:anmalnings)?skyldig"
    r"|\b(?:du|ni) har (?:en )?(?:anmalnings)?skyldighet|\bdin (?:anmalnings)?skyldighet"
    r"|\b(?:du|ni) har (?:en )?anmalningsplikt|\b(?:du|ni) omfattas av anmalningsplikt"
    r"|\banmalningsplikten galler (?:dig|er)\b"
)
_OSL_10_28 = re.compile(r"10\s*kap\.?\s*28\s*§")
_CONSENT = re.compile(r"samtyck")


Add = Callable[..., None]
"""FlowChecker.add: (diagnostic, *TOML path, **template fields)."""


def children_units(pack: ContentPack) -> dict[str, Unit]:
    """The units that receive reports about children: those marked `child_reports`, else `barn-och-unga`."""
    marked = {uid: u for uid, u in pack.units.items() if u.child_reports}
    if marked:
        return marked
    return {CHILDREN_UNIT: pack.units[CHILDREN_UNIT]} if CHILDREN_UNIT in pack.units else {}


def roles(pack: ContentPack) -> tuple[Role, ...]:
    """Every way an outcome can be read: no role chosen, then each value of `roll`."""
    known = pack.facts.get("roll")
    return (None, *(known.value_ids() if known else ()))


def roles_without_duty(pack: ContentPack) -> tuple[str, ...] | None:
    """The roles without a duty to report; None when the pack marks no role with `duty = true` (rule off)."""
    known = pack.facts.get("roll")
    if known is None or not known.duty_values():
        return None
    return tuple(v for v in known.value_ids() if v not in known.duty_values())


def advises_contacting_family(text: str) -> str | None:
    """The clause that tells the reader to contact the family, or None (a negated one does not count)."""
    for written, clause in clauses(text):
        for match in _CONTACT_FAMILY.finditer(clause):
            before = " ".join(clause[: match.start()].split()[-4:])
            if not _NEGATION.search(before) and not _NEGATION.search(match.group(0)):
                return written
    return None


def tells_the_abuser(text: str) -> str | None:
    """The sentence that tells the reader to inform the family, the adult or the employee of the report, or None."""
    for written, sentence in sentences(text):
        if _EXCLUDES_THE_ABUSER.search(sentence):
            continue  # "… men aldrig den som utövar våldet"
        for match in _TELLS.finditer(sentence):
            before = " ".join(sentence[: match.start()].split()[-4:])
            if _NEGATION.search(before) or _NEGATION.search(match.group(0)):
                continue
            if _ABOUT_THE_REPORT.search(sentence[match.start() :]):
                return written
    return None


def mentions_family(text: str) -> bool:
    return bool(_FAMILY.search(fold(text)))


def states_duty(text: str) -> bool:
    return bool(_DUTY.search(fold(text)))


def cites_osl_10_28(text: str) -> bool:
    return bool(_OSL_10_28.search(text.casefold()))


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class SafetyRules:
    """The safety rules for one flow; findings go through FlowChecker.add."""

    def __init__(self, pack: ContentPack, flow: Flow, graph: FlowGraph, add: Add) -> None:
        self.pack, self.flow, self.graph, self.add = pack, flow, graph, add
        self.roles = roles(pack)
        self._words: dict[tuple[str, Role], OutcomeWords] = {}

    def words(self, node_id: str, role: Role) -> OutcomeWords:
        key = (node_id, role)
        if key not in self._words:
            node = self.flow.nodes[node_id]
            assert isinstance(node, OutcomeNode)
            self._words[key] = words_for(node, role)
        return self._words[key]

    def arrives_with(self, node_id: str, fact: str, values: frozenset[str] | None = None) -> bool:
        """Some path reaches the node with the fact answered (with one of `values`, when given)."""
        held = self.graph.arrival(fact).get(node_id, frozenset())
        return any(v is not None and (values is None or v in values) for v in held)

    def honour_path(self, node_id: str) -> bool:
        """Reachable with signs of honour (heder = ja or osaker) or in the travel flow (avresa answered)."""
        return self.arrives_with(node_id, "heder", HONOUR_VALUES) or self.arrives_with(node_id, "avresa")

    def outcomes(self) -> Iterator[tuple[str, OutcomeNode]]:
        for node_id in self.graph.order:
            node = self.flow.nodes[node_id]
            if isinstance(node, OutcomeNode):
                yield node_id, node

    def run(self) -> None:
        units = children_units(self.pack)
        no_duty = roles_without_duty(self.pack)
        for node_id, node in self.outcomes():
            here = ("nodes", node_id)
            if node.report:
                self._child_report(here, node, units)
            if self.honour_path(node_id):
                self._honour(node_id, here)
            if not node.acute and self.arrives_with(node_id, "alder", frozenset({"vuxen"})):
                self._consent(node_id, here)
            self._tells_abuser(node_id, here)
            if no_duty is not None:
                self._duty(node_id, here, node, no_duty)
        UnsureRule(self).run()

    # ------------------------------------------------------------ VG401, VG402

    def _child_report(self, here: tuple[str, str], node: OutcomeNode, units: dict[str, Unit]) -> None:
        if self.pack.broken(UNITS_FILE):
            return  # the directory did not load: reported already
        referred = [(i, r.unit) for i, r in enumerate(node.referrals) if r.unit in units]
        if not referred:
            names = ", ".join(sorted(units)) or CHILDREN_UNIT
            self.add(d.CHILD_REPORT_WITHOUT_CHILDREN_UNIT, *here, "referrals", units=names)
        elif not any(units[unit].web or not units[unit].verified for _, unit in referred):
            # an unconfirmed unit is still being filled in (init-pack): its page is on the --todo list (VG304)
            index, unit = referred[0]
            self.add(d.CHILD_REPORT_WITHOUT_PAGE, *here, "referrals", index, unit=unit)

    # ------------------------------------------------------------ VG403, VG404

    def _honour(self, node_id: str, here: tuple[str, str]) -> None:
        advised: set[str] = set()
        lacking: list[str] = []
        for role in self.roles:
            words = self.words(node_id, role)
            for text in words.advice():
                clause = advises_contacting_family(text)
                if clause and clause not in advised:
                    advised.add(clause)
                    self.add(d.HONOUR_CONTACTS_FAMILY, *here, clause=_short(clause))
            if not any(mentions_family(t) for t in words.dont_texts()):
                lacking.append(role or "ingen roll vald")
        if lacking:
            self.add(d.HONOUR_WITHOUT_FAMILY_DONT, *here, "dont", roles=", ".join(lacking))

    # ------------------------------------------------------------ VG406

    def _consent(self, node_id: str, here: tuple[str, str]) -> None:
        lacking = [
            role or "ingen roll vald"
            for role in self.roles
            if not any(_CONSENT.search(fold(t)) for t in self.words(node_id, role).everything())
        ]
        if lacking:
            self.add(d.ADULT_WITHOUT_CONSENT, *here, roles=", ".join(lacking))

    # ------------------------------------------------------------ VG407

    def _tells_abuser(self, node_id: str, here: tuple[str, str]) -> None:
        told: set[str] = set()
        for role in self.roles:
            for text in self.words(node_id, role).advice():
                sentence = tells_the_abuser(text)
                if sentence and sentence not in told:
                    told.add(sentence)
                    self.add(d.TELLS_THE_ABUSER, *here, sentence=_short(sentence))

    # ------------------------------------------------------------ VG408, VG409

    def _duty(self, node_id: str, here: tuple[str, str], node: OutcomeNode, no_duty: tuple[str, ...]) -> None:
        stated: list[str] = []
        cited: list[str] = []
        for role in no_duty:
            texts = self.words(node_id, role).everything()
            if any(states_duty(t) for t in texts):
                stated.append(role)
            if any(cites_osl_10_28(t) for t in texts):
                cited.append(role)
        for legal_id in node.legal:
            ref = self.pack.legal.get(legal_id)
            if ref and not ref.duty_only and cites_osl_10_28(f"{ref.citation} {ref.title}"):
                self.add(d.OSL_FOR_ROLE_WITHOUT_DUTY, *here, "legal", where=f"lagrummet '{legal_id}'",
                         roles=", ".join(no_duty))  # fmt: skip
        if stated:
            self.add(d.DUTY_FOR_ROLE_WITHOUT_DUTY, *here, roles=", ".join(stated))
        if cited:
            self.add(d.OSL_FOR_ROLE_WITHOUT_DUTY, *here, where="texten", roles=", ".join(cited))


class UnsureRule:
    """VG405: a path answered heder = osaker shows at least the don'ts the same path answered ja shows.

    From each question about heder, the ja and osaker branches are followed side by side with the same later
    answers, each pair of nodes once. Where the two sides stop matching (different questions, or an outcome
    against a question), the don'ts every ja outcome below has in common must be in every osaker outcome below;
    each osaker outcome that lacks one is reported once. The work is bounded by a budget proportional to the
    flow's size; past it the ja branch as a whole is compared with the osaker branch as a whole.
    """

    def __init__(self, rules: SafetyRules) -> None:
        self.rules = rules
        self.flow = rules.flow
        self.budget = 4 * len(self.flow.nodes) + 16
        self._common: dict[Role, dict[str, frozenset[str]]] = {}
        self._written: dict[str, str] = {}
        """Folded don't → as written (for the message)."""
        self._reported: set[str] = set()

    def dont_set(self, node_id: str, role: Role) -> frozenset[str]:
        texts = self.rules.words(node_id, role).dont_texts()
        for text in texts:
            self._written.setdefault(fold(text), text.strip())
        return frozenset(fold(t) for t in texts)

    def common(self, node_id: str, role: Role) -> frozenset[str]:
        """The don'ts every outcome reachable from the node shows (one pass in reverse topological order)."""
        table = self._common.get(role)
        if table is None:
            table = self._common[role] = {}
            for nid in reversed(self.rules.graph.order):
                node = self.flow.nodes[nid]
                if isinstance(node, OutcomeNode):
                    table[nid] = self.dont_set(nid, role)
                else:
                    below = [table[o.next] for o in node.options if o.next in table]
                    table[nid] = frozenset.intersection(*below) if below else frozenset()
        return table.get(node_id, frozenset())

    def run(self) -> None:
        for q_id in self.rules.graph.order:
            q = self.flow.nodes[q_id]
            if not isinstance(q, QuestionNode) or q.fact != "heder":
                continue
            nexts = {o.value: o.next for o in q.options if o.next in self.flow.nodes}
            sure, unsure = nexts.get("ja"), nexts.get("osaker")
            if sure is not None and unsure is not None and sure != unsure:
                self._report(self._gaps(sure, unsure))

    def _gaps(self, sure: str, unsure: str) -> list[tuple[str, str]]:
        """The (ja node, osaker node) pairs where the two branches stop matching."""
        nodes = self.flow.nodes
        seen: set[tuple[str, str]] = set()
        stack = [(sure, unsure)]
        gaps: list[tuple[str, str]] = []
        while stack:
            a, b = stack.pop()
            if a == b or (a, b) in seen:
                continue
            seen.add((a, b))
            self.budget -= 1
            if self.budget < 0:
                return [(sure, unsure)]
            na, nb = nodes[a], nodes[b]
            if isinstance(na, OutcomeNode) and isinstance(nb, QuestionNode):
                stack.extend((a, o.next) for o in nb.options if o.next in nodes)
            elif isinstance(na, QuestionNode) and isinstance(nb, QuestionNode) and na.fact == nb.fact:
                b_next = {o.value: o.next for o in nb.options if o.next in nodes}
                stack.extend(
                    (o.next, b_next[o.value]) for o in na.options if o.value in b_next and o.next in nodes
                )
            else:
                gaps.append((a, b))
        return gaps

    def _missing(self, a: str, b: str) -> tuple[Role, list[str]] | None:
        """The first role for which `b` lacks some of the don'ts common below `a`, with what it lacks."""
        for role in self.rules.roles:
            missing = sorted(self.common(a, role) - self.common(b, role))
            if missing:
                return role, missing
        return None

    def _report(self, gaps: list[tuple[str, str]]) -> None:
        """Each osaker outcome below the gaps that lacks ja's don'ts, once; the first gap itself when the budget
        ends the search before one is found."""
        nodes = self.flow.nodes
        visited: set[str] = set()
        first_gap: tuple[str, str] | None = None
        found = False
        for a, b in gaps:
            if self._missing(a, b) is None:
                continue
            first_gap = first_gap or (a, b)
            stack = [b]
            while stack and self.budget > 0:
                node_id = stack.pop()
                if node_id in visited:
                    continue
                visited.add(node_id)
                self.budget -= 1
                node = nodes[node_id]
                if isinstance(node, QuestionNode):
                    stack.extend(o.next for o in node.options if o.next in nodes)
                elif self._missing(a, node_id) is not None:
                    found = True
                    self._add(a, node_id)
        if first_gap and not found:
            self._add(*first_gap)

    def _add(self, a: str, b: str) -> None:
        missing = self._missing(a, b)
        if missing is None or b in self._reported:
            return
        self._reported.add(b)
        role, items = missing
        self.rules.add(
            d.UNSURE_LACKS_DONTS,
            "nodes",
            b,
            sure=a,
            role=role or "ingen roll vald",
            missing="; ".join(_short(self._written.get(m, m), 60) for m in items[:3]),
        )
