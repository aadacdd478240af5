"""Readable plain text of a routine section, a unit, a flow overview or an outcome (`show`, plain mode).

Only formatting: every text and contact comes from advice.py, numbers (`{tel:…}`) filled in, so `show`, plain mode
and the app say the same thing in the same words.
"""

from __future__ import annotations

import datetime as dt

from vinrguide.advice import SHOW_MORE, UNIT_UNCONFIRMED, ContactView, OutcomeView, contact
from vinrguide.content.models import Flow, QuestionNode
from vinrguide.content.pack import ContentPack
from vinrguide.content.unitrefs import render_unit_refs
from vinrguide.graph import outline_text


class UnknownRef(LookupError):
    pass


def show_ref(pack: ContentPack, ref: str, now: dt.datetime) -> str:
    kind, _, ident = ref.partition(":")
    if not ident:  # a bare id: a flow, a unit or a routine, in that order
        kind, ident = next(
            (
                (k, ref)
                for k, table in (("flow", pack.flows), ("unit", pack.units), ("routine", pack.routines))
                if ref.split("#")[0] in table
            ),
            ("", ref),
        )
    if kind == "flow" and ident in pack.flows:
        return flow_overview(pack, pack.flows[ident])
    if kind == "unit" and ident in pack.units:
        return unit_card(contact(pack, ident, now))
    if kind == "routine":
        found = pack.section(ident)
        if found:
            routine, section = found
            notice = f"[{pack.draft_notice}]\n" if routine.meta.status == "utkast" else ""
            if section is None:
                return f"{notice}{render_unit_refs(routine.body, pack.units).strip()}\n"
            source = f"Källa: {routine.meta.title}, version {routine.meta.version} (routine:{routine.id}#{section.anchor})"
            body = render_unit_refs(section.body, pack.units)
            return f"{notice}{'#' * section.level} {section.heading}\n\n{body}\n\n{source}\n"
    raise UnknownRef(ref)


def unit_card(view: ContactView) -> str:
    lines = [view.name]
    if view.description:
        lines.append(view.description)
    for phone in view.phones:
        lines.append(
            f"Telefon: {phone.number}"
            + (f" ({phone.label})" if phone.label else "")
            + ("" if phone.verified else " – ej bekräftat")
        )
    if not view.phones:
        lines.append("Telefon: inget nummer i katalogen")
    if view.address:
        lines.append(f"Adress: {view.address}")
    if view.web:
        lines.append(f"Webb: {view.web}")
    lines.append(f"Öppettider: {view.hours}")
    lines.append(view.status_line + (f". {view.after_hours_line}" if view.after_hours_line else ""))
    if not view.verified:
        lines.append(UNIT_UNCONFIRMED)
    lines.append(f"Källa: {view.source or 'saknas'}")
    return "\n".join(lines) + "\n"


def flow_overview(pack: ContentPack, flow: Flow) -> str:
    head = [flow.title, flow.description]
    if flow.status == "utkast":
        head.append(f"[{pack.draft_notice}]")
    questions = [n for n in flow.nodes.values() if isinstance(n, QuestionNode)]
    head.append(f"{len(questions)} frågor, {len(flow.outcomes())} utfall. Version {flow.version}.")
    return "\n".join(head) + "\n\n" + outline_text(pack, flow)


def contact_lines(view: ContactView, indent: str = "  ") -> list[str]:
    """One referral: "• Name, number – Öppet nu", right under it the after-hours alternative, then the rest."""
    phone = f", {view.phone}" if view.phone else ""
    unconfirmed = f" ({view.unconfirmed})" if view.unconfirmed else ""
    lines = [f"{indent}• {view.name}{phone}{unconfirmed} – {view.status_line}"]
    if view.after_hours_line:  # closed, or hours unknown after office hours: who to call instead comes first
        lines.append(f"{indent}  {view.after_hours_line}")
    if view.hours_line:  # unconfirmed hours: say what is known
        lines.append(f"{indent}  Öppettider: {view.hours_line}")
    if view.web:
        lines.append(f"{indent}  Webb: {view.web}")
    if view.note:
        lines.append(f"{indent}  {view.note}")
    return lines


def outcome_text(view: OutcomeView, folded: bool = False) -> str:
    """The outcome as plain text: the contact to call first, then what to do, then why and the other contacts.

    Five actions and five don'ts come first; the rest follow under "Visa fler", or with `folded` (plain mode,
    which offers `m`) only their number is said.
    """
    lines = []
    if view.draft_notice:
        lines.append(f"[{view.draft_notice}]")
    lines += [f"{view.urgency_words.upper()}: {view.title}", ""]
    primary = view.primary
    if primary is not None:
        lines.append("Ring först:")
        lines += contact_lines(primary)
        lines.append("")
    for heading, first, more, mark in (
        ("Gör så här:", view.first_actions, view.more_actions, "number"),
        ("Gör inte:", view.first_dont, view.more_dont, "dash"),
    ):
        if not first:
            continue
        lines.append(heading)
        lines += [_item(i, text, mark) for i, text in enumerate(first, 1)]
        if more and folded:
            lines.append(f"  ({SHOW_MORE}: {len(more)} till – skriv m)")
        elif more:
            lines.append(f"  {SHOW_MORE}:")
            lines += [_item(i, text, mark) for i, text in enumerate(more, len(first) + 1)]
        lines.append("")
    if view.text:
        lines += [view.text, ""]
    if len(view.referrals) > 1:
        lines.append("Fler kontakter:")
        for referral in view.referrals[1:]:
            lines += contact_lines(referral)
        lines.append("")
    if view.routines:
        lines.append("Rutin: " + "; ".join(s.title for s in view.routines))
    if view.legal:
        lines.append(
            "Lagrum: " + "; ".join(s.title + ("" if s.verified else " (ej bekräftat)") for s in view.legal)
        )
    return "\n".join(lines).rstrip() + "\n"


def _item(number: int, text: str, mark: str) -> str:
    text = text.replace("\n", "\n     ")
    return f"  {number}. {text}" if mark == "number" else f"  – {text}"
