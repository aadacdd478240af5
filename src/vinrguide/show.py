"""Readable plain text of a routine section, a unit, a flow overview or an outcome (`show`, plain mode)."""

from __future__ import annotations

import datetime as dt

from vinrguide.advice import OutcomeView
from vinrguide.content.models import DRAFT_NOTICE, Flow, QuestionNode, Unit, text_for
from vinrguide.content.pack import ContentPack
from vinrguide.graph import outline_text
from vinrguide.hours import describe_hours, format_opening, open_status


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
        return unit_card(pack, pack.units[ident], now)
    if kind == "routine":
        found = pack.section(ident)
        if found:
            routine, section = found
            notice = f"[{DRAFT_NOTICE}]\n" if routine.meta.status == "utkast" else ""
            if section is None:
                return f"{notice}{routine.body.strip()}\n"
            source = f"Källa: {routine.meta.title}, version {routine.meta.version} (routine:{routine.id}#{section.anchor})"
            return f"{notice}{'#' * section.level} {section.heading}\n\n{section.body}\n\n{source}\n"
    raise UnknownRef(ref)


def unit_card(pack: ContentPack, unit: Unit, now: dt.datetime) -> str:
    lines = [unit.name]
    if unit.description:
        lines.append(unit.description)
    for phone in unit.phones:
        lines.append(
            f"Telefon: {phone.number}"
            + (f" ({phone.label})" if phone.label else "")
            + ("" if phone.verified else " – ej bekräftat")
        )
    if unit.address:
        lines.append(f"Adress: {unit.address}")
    if unit.web:
        lines.append(f"Webb: {unit.web}")
    lines.append(f"Öppettider: {describe_hours(unit)}")
    status = open_status(unit, now)
    line = status.words
    if status.open_now is False and status.next_opening:
        line += f", öppnar {format_opening(status.next_opening, now)}"
    if status.open_now is False and unit.after_hours in pack.units:
        line += f". Utanför öppettid: {pack.units[unit.after_hours].name}"
    lines.append(line)
    if not unit.verified:
        lines.append("Uppgifterna är inte bekräftade.")
    lines.append(f"Källa: {unit.source}")
    return "\n".join(lines) + "\n"


def flow_overview(pack: ContentPack, flow: Flow) -> str:
    head = [flow.title, flow.description]
    if flow.status == "utkast":
        head.append(f"[{DRAFT_NOTICE}]")
    questions = [n for n in flow.nodes.values() if isinstance(n, QuestionNode)]
    head.append(f"{len(questions)} frågor, {len(flow.outcomes())} utfall. Version {flow.version}.")
    return "\n".join(head) + "\n\n" + outline_text(pack, flow)


def outcome_text(view: OutcomeView, pack: ContentPack, now: dt.datetime) -> str:
    lines = []
    if view.draft_notice:
        lines.append(f"[{view.draft_notice}]")
    lines += [f"{view.urgency_words.upper()}: {view.title}", ""]
    if view.text:
        lines += [view.text, ""]
    if view.actions:
        lines.append("Gör så här:")
        lines += [f"  {i}. {a}" for i, a in enumerate(view.actions, 1)]
        lines.append("")
    if view.dont:
        lines.append("Gör inte:")
        lines += [f"  – {d}" for d in view.dont]
        lines.append("")
    if view.referrals:
        lines.append("Kontakter:")
        for r in view.referrals:
            phone = f", {r.phone}" if r.phone else ""
            lines.append(f"  • {r.name}{phone} – {r.open.words}" + ("" if r.verified else " (ej bekräftat)"))
            if r.note:
                lines.append(f"    {r.note}")
            if r.fallback and r.fallback in pack.units:
                fallback = pack.units[r.fallback]
                lines.append(
                    f"    Stängt nu – vänd dig till {fallback.name}"
                    + (f", {fallback.primary_phone}" if fallback.primary_phone else "")
                )
        lines.append("")
    if view.routines:
        lines.append("Rutin: " + "; ".join(f"{s.title} ({s.ref})" for s in view.routines))
    if view.legal:
        lines.append(
            "Lagrum: " + "; ".join(s.title + ("" if s.verified else " (ej bekräftat)") for s in view.legal)
        )
    return "\n".join(lines).rstrip() + "\n"


def question_text(question: QuestionNode, role: str | None) -> tuple[str, str]:
    return text_for(question.text, role), text_for(question.why, role)
