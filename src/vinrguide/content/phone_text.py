"""Phone numbers in text come from the directory (VG211–VG213): every text field of the pack, with its place.

A number typed into a routine, a flow or a note goes stale the day the unit changes it; `{tel:UNIT}` is rendered
with the unit's current number (unitrefs.py). This module lists every text of the pack with the place it stands
(also used by `check --todo` to say where a unit is used) and checks the numbers and references in each.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vinrguide.content import diagnostics as d
from vinrguide.content.diagnostics import Finding
from vinrguide.content.models import Action, Flow, OutcomeNode, QuestionNode, RoleText, Text, as_action
from vinrguide.content.pack import FACTS_FILE, LEGAL_FILE, TERMS_FILE, UNITS_FILE, ContentPack
from vinrguide.content.routine_file import code_lines
from vinrguide.content.unitrefs import UNIT_REF, phone_like

_ANY_TEL = re.compile(r"\{\s*tel\s*:[^}\n]{0,80}\}?", re.IGNORECASE)
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class TextPlace:
    """One text of the pack and where it stands."""

    file: str
    line: int | None
    path: str
    text: str
    node: str | None = None
    """The flow node it belongs to (for "used in outcome …")."""


def _variants(text: Text | None) -> Iterator[tuple[tuple[str, ...], str]]:
    if text is None:
        return
    if isinstance(text, RoleText):
        yield ("default",), text.default
        for role, variant in text.variants().items():
            yield (role,), variant
    else:
        yield (), text


def _flow_texts(pack: ContentPack, flow: Flow, file: str) -> Iterator[TextPlace]:
    def place(text: str, node: str | None, *loc: str | int) -> TextPlace:
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        return TextPlace(file, pack.line_in(file, *loc), path, text, node)

    yield place(flow.description, None, "description")
    for node_id, node in flow.nodes.items():
        here = ("nodes", node_id)
        fields: list[tuple[tuple[str | int, ...], Text | None]]
        if isinstance(node, QuestionNode):
            fields = [(("text",), node.text), (("why",), node.why)]
            fields += [(("options", i, "label"), o.label) for i, o in enumerate(node.options) if o.label]
        else:
            assert isinstance(node, OutcomeNode)
            fields = [(("title",), node.title), (("text",), node.text)]
            fields += [(("referrals", i, "note"), r.note) for i, r in enumerate(node.referrals)]
            for name, items in (("actions", node.actions), ("dont", node.dont)):
                for i, item in enumerate(items):
                    loc: tuple[str | int, ...] = (name, i, "text") if isinstance(item, Action) else (name, i)
                    fields.append((loc, as_action(item).text))
        for loc, text in fields:
            for variant, value in _variants(text):
                yield place(value, node_id, *here, *loc, *variant)


def _routine_texts(pack: ContentPack) -> Iterator[TextPlace]:
    for routine in pack.routines.values():
        in_code = code_lines(routine.body)
        for offset, line in enumerate(routine.body.splitlines()):
            if offset not in in_code and line.strip():
                yield TextPlace(routine.file, routine.body_line + offset, "", line)


def _table_texts(pack: ContentPack) -> Iterator[TextPlace]:
    for unit in pack.units.values():
        index = pack.indexes.get(("unit", unit.id), 0)
        for field in ("description", "hours_note"):
            value = getattr(unit, field)
            if value:
                line = pack.line_in(UNITS_FILE, "unit", index, field)
                yield TextPlace(UNITS_FILE, line, f"unit.{unit.id}.{field}", value)
    for ref in pack.legal.values():
        index = pack.indexes.get(("legal", ref.id), 0)
        for field in ("title", "summary"):
            value = getattr(ref, field)
            if value:
                line = pack.line_in(LEGAL_FILE, "legal", index, field)
                yield TextPlace(LEGAL_FILE, line, f"legal.{ref.id}.{field}", value)
    for i, term in enumerate(pack.terms):
        if term.explanation:
            line = pack.line_in(TERMS_FILE, "term", i, "explanation")
            yield TextPlace(TERMS_FILE, line, f"term.{term.id}.explanation", term.explanation)
    for i, fact in enumerate(pack.facts.values()):
        if fact.description:
            line = pack.line_in(FACTS_FILE, "fact", i, "description")
            yield TextPlace(FACTS_FILE, line, f"fact.{fact.id}.description", fact.description)


def pack_texts(pack: ContentPack) -> Iterator[TextPlace]:
    """Every text a user can read, in flows, routines, the directory, legal references, terms and facts."""
    for flow_id, flow in pack.flows.items():
        yield from _flow_texts(pack, flow, pack.flow_files[flow_id])
    yield from _routine_texts(pack)
    yield from _table_texts(pack)


def _unit_of_number(pack: ContentPack) -> dict[str, str]:
    """Digits of every number in the directory → the unit it belongs to (to suggest the reference)."""
    found: dict[str, str] = {}
    for unit in pack.units.values():
        for phone in unit.phones:
            found.setdefault(_DIGITS.sub("", phone.number), unit.id)
    return found


def check_phone_text(pack: ContentPack) -> Iterator[Finding]:
    owners = _unit_of_number(pack)
    units_known = not pack.broken(UNITS_FILE)
    for place in pack_texts(pack):
        for number in phone_like(place.text):
            owner = owners.get(_DIGITS.sub("", number))
            reference = f"{{tel:{owner or 'ENHET'}}}"
            yield d.PHONE_IN_TEXT.at(place.file, place.line, place.path, number=number, reference=reference)
        if "{" not in place.text:
            continue
        for match in _ANY_TEL.finditer(place.text):
            ref = match.group(0)
            proper = UNIT_REF.fullmatch(ref)
            if proper is None:
                yield d.UNKNOWN_TEL_UNIT.at(
                    place.file,
                    place.line,
                    place.path,
                    ref=ref,
                    hint="; skriv {tel:enhetens-id} med små bokstäver",
                )
                continue
            unit_id = proper.group(1)
            unit = pack.units.get(unit_id)
            if unit is None:
                if units_known:
                    close = difflib.get_close_matches(unit_id, list(pack.units), n=1)
                    hint = f"; menar du {{tel:{close[0]}}}?" if close else ""
                    yield d.UNKNOWN_TEL_UNIT.at(place.file, place.line, place.path, ref=ref, hint=hint)
            elif not unit.phones and unit.verified:  # an unconfirmed unit is on the --todo list (VG304)
                yield d.TEL_UNIT_WITHOUT_NUMBER.at(place.file, place.line, place.path, ref=ref, unit=unit_id)
