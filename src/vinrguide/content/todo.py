"""`vinrguide check --todo`: what the municipality must confirm before it adopts the draft, as a Markdown checklist.

One item per thing to confirm — an unconfirmed unit, number, opening hours or legal reference, a routine or guide
still `utkast`, a `{tel:…}` in text whose number is unconfirmed — each saying what to ask, whom, and where the
pack uses it (file and outcomes), so the content owner can hand the list out and tick it off.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from vinrguide.content.models import Unit
from vinrguide.content.pack import LEGAL_FILE, PACK_FILE, UNITS_FILE, ContentPack
from vinrguide.content.phone_text import pack_texts
from vinrguide.content.safety import children_units
from vinrguide.content.unitrefs import unit_ids

FILL_IN = "FYLL I"
_UNIT_LINK = re.compile(r"\]\(unit:([a-z0-9][a-z0-9-]*)\)")
_KIND_WHOM = {
    "kommun": "enheten själv eller kommunens kontaktcenter",
    "intern": "ansvarig chef eller HR i kommunen",
    "region": "enheten själv (via Region Uppsala eller kommunen)",
    "nationell": "organisationens egen webbplats eller växel",
    "ideell": "föreningen själv (dess webbplats eller kontaktperson)",
}


@dataclass
class Uses:
    """Where the pack refers to a unit: outcomes that list it, texts that give its number."""

    outcomes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Flow file → outcome ids with a referral to the unit."""
    tel: list[str] = field(default_factory=list)
    """"file:line" of every `{tel:UNIT}` (the text shows the unit's number)."""
    links: list[str] = field(default_factory=list)
    """"file:line" of every `[…](unit:UNIT)` link in a routine (the app shows the unit's card)."""

    def words(self) -> str:
        parts = [f"{file} ({', '.join(nodes)})" for file, nodes in self.outcomes.items()]
        if self.tel:
            parts.append(f"numret i text: {_places(self.tel)}")
        if self.links:
            parts.append(f"länk i en rutin: {_places(self.links)}")
        return "; ".join(parts) if parts else "används inte i någon guide eller text"


def _places(places: list[str], shown: int = 6) -> str:
    more = len(places) - shown
    return ", ".join(places[:shown]) + (f" och {more} till" if more > 0 else "")


def unit_uses(pack: ContentPack) -> dict[str, Uses]:
    uses: dict[str, Uses] = defaultdict(Uses)
    for flow_id, flow in pack.flows.items():
        file = pack.flow_files[flow_id]
        for node_id, node in flow.outcomes().items():
            for unit in dict.fromkeys(r.unit for r in node.referrals):
                uses[unit].outcomes[file].append(node_id)
    for place in pack_texts(pack):
        if "{tel:" not in place.text and "](unit:" not in place.text:
            continue
        where = (f"{place.file}:{place.line}" if place.line else place.file) + (
            f" ({place.node})" if place.node else ""
        )
        for unit in dict.fromkeys(unit_ids(place.text)):
            uses[unit].tel.append(where)
        for unit in dict.fromkeys(_UNIT_LINK.findall(place.text)):
            uses[unit].links.append(where)
    return uses


def _whom(unit: Unit) -> str:
    whom = _KIND_WHOM.get(unit.kind, "enheten själv")
    source = unit.web or unit.source
    return f"{whom}" + (f"; jämför med {source}" if source and FILL_IN not in source else "")


def _unit_questions(unit: Unit, children: set[str]) -> list[str]:
    """What is unconfirmed or missing about the unit, in words to ask with."""
    asks: list[str] = []
    for phone in unit.phones:
        if not phone.verified:
            asks.append(f"nummer {phone.number}" + (f" ({phone.label})" if phone.label else ""))
    if not unit.phones and not unit.verified:
        asks.append("telefonnummer (inget nummer finns)")
    if unit.hours and not unit.hours_verified:
        hours = ", ".join(f"{h.days} {h.time}" for h in unit.hours)
        asks.append(f"öppettider ({hours})")
    elif not unit.hours and not unit.always_open and (unit.phones or not unit.verified):
        note = f": ”{unit.hours_note}”" if unit.hours_note else ""
        asks.append(f"öppettider (inga angivna{note})")
    if unit.id in children and not unit.web:
        asks.append("webbsidan där man gör en orosanmälan")
    if not unit.verified and not asks:
        asks.append("att namn, uppgift och kontaktväg stämmer")
    if not unit.verified and FILL_IN in (unit.source or FILL_IN):
        asks.append("källa (source)")
    purpose = " för orosanmälningar om barn" if unit.id in children else ""
    return [f"{' och '.join(asks)}{purpose}"] if asks else []


def todo_markdown(pack: ContentPack) -> str:
    info = pack.info
    uses = unit_uses(pack)
    children = set(children_units(pack))
    out = [
        f"# Att bekräfta innan {_filled(info.municipality) or 'kommunen'} fastställer innehållet",
        "",
        f"Innehållspaket: `{pack.root}`, version {info.version}."
        + (f" Ansvarig för innehållet: {owner}." if (owner := _filled(info.content_owner)) else ""),
        "Bocka av en punkt när den är bekräftad, och ändra i filen: `verified = true`, `hours_verified = true`",
        'eller `status = "fastställd"` med `adopted = ÅÅÅÅ-MM-DD`. Hitta aldrig på ett nummer eller en öppettid.',
    ]

    kommun = [
        f"- [ ] **{PACK_FILE}: {key}** är inte ifyllt: {value}"
        for key, value in (("municipality", info.municipality), ("content_owner", info.content_owner))
        if FILL_IN in value
    ]
    if info.office_hours:
        hours = ", ".join(f"{h.days} {h.time}" for h in info.office_hours)
        source = f" (uppgiften kommer från {info.office_hours_source})" if info.office_hours_source else ""
        kommun.append(
            f"- [ ] **Kontorstid {hours}**{source}: stämmer det för socialtjänsten? Efter kontorstid visar guiden "
            f"stegen för kvällar och helger först. Fråga: {_filled(info.content_owner) or 'kommunens socialtjänst'}."
        )
    _section(out, f"Kommunen ({PACK_FILE})", kommun)

    units: list[str] = []
    for unit in pack.units.values():
        for ask in _unit_questions(unit, children):
            units.append(
                f"- [ ] **{unit.name}** (`{unit.id}`): {ask}. Fråga: {_whom(unit)}. "
                f"Används i: {uses[unit.id].words() if unit.id in uses else 'används inte'}."
            )
    _section(out, f"Enheter, nummer och öppettider ({UNITS_FILE})", units)

    in_text: list[str] = []
    for unit in pack.units.values():
        places = uses[unit.id].tel if unit.id in uses else []
        if not places:
            continue
        if not unit.phones:
            shows = f"har inget nummer, så texten visar ”{unit.name} (nummer saknas)”"
        elif not unit.phones[0].verified:
            shows = f"visar {unit.phones[0].number}, som inte är bekräftat"
        else:
            continue
        in_text.append(
            f"- [ ] **{{tel:{unit.id}}}** {shows}: {_places(places, 12)}. "
            "Bekräfta numret (ovan) eller skriv om texten."
        )
    _section(out, "Nummer i text som inte är bekräftade ({tel:…})", in_text)

    legal = [
        f"- [ ] **{ref.citation}** (`{ref.id}`"
        + (f", {ref.title}" if ref.title else "")
        + "): stämmer lagrummet och paragrafen? Fråga: kommunens jurist"
        + (f"; jämför med {ref.url}" if ref.url else "")
        + f". Används i: {_legal_uses(pack, ref.id)}."
        for ref in pack.legal.values()
        if not ref.verified
    ]
    _section(out, f"Lagrum ({LEGAL_FILE})", legal)

    drafts: list[str] = []
    for routine in pack.routines.values():
        meta = routine.meta
        if meta.status == "utkast":
            owners = ", ".join([meta.owner, *meta.co_owners]) if meta.owner else "ägaren"
            drafts.append(
                f"- [ ] **Rutinen ”{meta.title}”** ({routine.file}, version {meta.version}) är ett utkast. "
                f"Beslut: {owners}."
            )
    for flow_id, flow in pack.flows.items():
        if flow.status == "utkast":
            owner = flow.owner or "ägaren"
            drafts.append(
                f"- [ ] **Guiden ”{flow.title}”** ({pack.flow_files[flow_id]}, version {flow.version}) är ett "
                f"utkast. Beslut: {owner}."
            )
    _section(out, "Utkast att fastställa", drafts)
    return "\n".join(out) + "\n"


def _filled(value: str) -> str:
    """The value, or "" while it still says FYLL I (a pack from init-pack)."""
    return "" if FILL_IN in value else value


def _legal_uses(pack: ContentPack, legal_id: str) -> str:
    used = [
        f"{pack.flow_files[flow_id]} ({', '.join(nodes)})"
        for flow_id, flow in pack.flows.items()
        if (nodes := [n for n, o in flow.outcomes().items() if legal_id in o.legal])
    ]
    return "; ".join(used) or "inget utfall"


def _section(out: list[str], title: str, items: list[str]) -> None:
    out += ["", f"## {title}", ""]
    out += items or ["Inget att bekräfta."]
