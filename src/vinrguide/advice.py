"""An outcome made ready to show: role variants chosen, Markdown kept or stripped, units looked up, open now.

Every surface (the app, `walk --json`, plain mode, export, scenarios) shows advice through this one function, so
they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vinrguide.content.models import DRAFT_NOTICE, Flow, OutcomeNode, as_action, text_for
from vinrguide.content.pack import ContentPack
from vinrguide.content.plaintext import strip_markdown
from vinrguide.hours import OpenStatus, open_status

URGENCY_WORDS = {
    "akut": "Akut – ring 112 nu",
    "genast": "Genast – i dag",
    "snart": "Snart – inom några dagar",
    "info": "För kännedom",
}


@dataclass(frozen=True)
class ReferralView:
    unit: str
    name: str
    phone: str | None
    open: OpenStatus
    verified: bool
    note: str
    known: bool  # the unit exists in the directory

    @property
    def open_now(self) -> bool | None:
        return self.open.open_now

    @property
    def fallback(self) -> str | None:
        return self.open.fallback if self.open.open_now is False else None


@dataclass(frozen=True)
class SourceView:
    ref: str
    title: str
    verified: bool = True


@dataclass(frozen=True)
class OutcomeView:
    node: str
    flow: str
    urgency: str
    status: str
    title: str
    text: str
    actions: tuple[str, ...]
    dont: tuple[str, ...]
    referrals: tuple[ReferralView, ...]
    routines: tuple[SourceView, ...]
    legal: tuple[SourceView, ...]
    acute: bool
    report: bool
    version: str
    review_by: dt.date | None
    owner: str

    @property
    def urgency_words(self) -> str:
        return URGENCY_WORDS[self.urgency]

    @property
    def draft_notice(self) -> str | None:
        return DRAFT_NOTICE if self.status == "utkast" else None

    def searchable_text(self) -> str:
        """Title, text, actions and don'ts (what scenario `mentions` look in)."""
        return "\n".join([self.title, self.text, *self.actions, *self.dont])


def outcome_status(pack: ContentPack, flow: Flow, node: OutcomeNode) -> str:
    """A draft if the flow or any routine it cites is a draft."""
    statuses = [flow.status]
    for ref in node.routines:
        found = pack.section(ref)
        if found:
            statuses.append(found[0].meta.status)
    return "utkast" if "utkast" in statuses else "fastställd"


def resolve_outcome(
    pack: ContentPack, flow: Flow, node_id: str, facts: dict[str, str], now: dt.datetime, plain: bool = False
) -> OutcomeView:
    node = flow.nodes[node_id]
    assert isinstance(node, OutcomeNode), node_id
    role = facts.get("roll")

    def text(value: object) -> str:
        chosen = text_for(value, role)  # type: ignore[arg-type]
        return strip_markdown(chosen) if plain else chosen.strip()

    def items(values: tuple[object, ...]) -> tuple[str, ...]:
        actions = [as_action(v) for v in values]  # type: ignore[arg-type]
        return tuple(text(a.text) for a in actions if a.applies_to(role))

    referrals = []
    for referral in node.referrals:
        unit = pack.units.get(referral.unit)
        status = open_status(unit, now) if unit else OpenStatus(None, None, None, None)
        referrals.append(
            ReferralView(
                unit=referral.unit,
                name=unit.name if unit else referral.unit,
                phone=unit.primary_phone if unit else None,
                open=status,
                verified=bool(unit and unit.verified and all(p.verified for p in unit.phones[:1])),
                note=text(referral.note) if referral.note else "",
                known=unit is not None,
            )
        )
    routines = []
    for ref in node.routines:
        found = pack.section(ref)
        if found:
            routine, section = found
            title = routine.meta.title + (f" – {section.heading}" if section else "")
        else:
            title = ref
        routines.append(SourceView(ref=ref if ref.startswith("routine:") else f"routine:{ref}", title=title))
    legal = []
    for legal_id in node.legal:
        found_ref = pack.legal.get(legal_id)
        legal.append(
            SourceView(
                ref=legal_id,
                title=found_ref.citation if found_ref else legal_id,
                verified=bool(found_ref and found_ref.verified),
            )
        )
    return OutcomeView(
        node=node_id,
        flow=flow.id,
        urgency=node.urgency,
        status=outcome_status(pack, flow, node),
        title=text(node.title),
        text=text(node.text),
        actions=items(node.actions),
        dont=items(node.dont),
        referrals=tuple(referrals),
        routines=tuple(routines),
        legal=tuple(legal),
        acute=node.acute,
        report=node.report,
        version=flow.version,
        review_by=flow.review_by,
        owner=flow.owner,
    )
