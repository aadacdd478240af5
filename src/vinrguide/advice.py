"""Advice made ready to show: role variants chosen, `{tel:…}` numbers filled in, units looked up, open now.

Every surface (the app, the web app, `walk --json`, plain mode, `show`, the export, scenarios) shows advice and
contacts through this module and only formats what it returns, so they cannot disagree. The API:

    resolve_outcome(pack, flow, node_id, facts, now, plain=False) -> OutcomeView
        .actions / .dont            every item, ordered for `now` (office hours), role-tagged items for this role
        .first_actions, .more_actions, .first_dont, .more_dont
                                    the first FIRST_ITEMS (5) and the rest, shown under "Visa fler"
        .referrals                  ContactView per referral, with the referral's note
        .legal                      the legal references for this role: one marked `duty_only` (OSL 10 kap. 28 §)
                                    only for a role with the duty to report (`duty = true` on the `roll` value),
                                    and when no role is chosen (legal_applies)
        .primary                    the first referral: the number to call first, with .after_hours when it is
                                    closed, or when its hours are unknown and it is outside office hours
        .draft_notice / .notice     "Utkast – inte fastställd av …" (None when adopted) / that or "Fastställd av …"
    contact(pack, unit_id, now, note="") -> ContactView      a unit card (the directory, a link to a unit)
    acute_contacts(pack, now) -> tuple[ContactView, ...]     acute help: units with acute_help = true, file order
    kind_words(pack, kind) -> str                            "Provkommun" (the pack's municipality), "Nationell", …
    question_view(pack, walk, plain=True) -> QuestionView    the current question, its why and its options
    render(pack, text, role, plain) -> str                   one text: variant, numbers, Markdown kept or stripped

ContactView holds the words too (one set for every surface): `status` ("Öppet nu", "Öppet dygnet runt", "Stängt
nu (julafton)", "Öppettider okända", "Öppettider okända – utanför kontorstid"), `opens` ("öppnar i morgon 09:00"),
`after_hours` (the alternative, a ContactView), `after_hours_label` ("Utanför öppettid" when closed, "Efter
kontorstid" when the hours are unknown and it is outside the pack's office hours), `after_hours_number` ("via 112",
"020-12 34 56") and `after_hours_line` (all three: "Efter kontorstid: Socialjouren, via 112"), `hours` (described),
`unconfirmed` ("ej bekräftat" or ""), `status_line` (status and opening), `hours_line` (unconfirmed hours to show
beside the status, or None). A surface shows the after-hours line right
under the contact's own number. `fallback` (walk --json) stays the closed unit's after-hours id only, as design.md
says: it is null whenever `open_now` is not false, even when `after_hours` is given for unknown hours.
`plain=True` strips Markdown (JSON, plain mode, `show`); the app and the export keep it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vinrguide.content.crisis import FIRST_ITEMS as FIRST_ITEMS  # defined once, with the check that uses it
from vinrguide.content.models import (
    Action,
    ActionItem,
    Flow,
    LegalRef,
    OutcomeNode,
    Phone,
    Text,
    as_action,
    text_for,
)
from vinrguide.content.pack import ContentPack
from vinrguide.content.plaintext import strip_markdown
from vinrguide.content.unitrefs import render_unit_refs
from vinrguide.hours import OpenStatus, describe_hours, format_opening, in_office_hours, open_status

if TYPE_CHECKING:
    from vinrguide.engine import Walk

URGENCY_WORDS = {
    "akut": "Akut – ring 112 nu",
    "genast": "Genast – i dag",
    "snart": "Snart – inom några dagar",
    "info": "För kännedom",
}

OPEN_NOW = "Öppet nu"
ALWAYS_OPEN = "Öppet dygnet runt"
CLOSED_NOW = "Stängt nu"
HOURS_UNKNOWN = "Öppettider okända"
AFTER_HOURS = "Utanför öppettid"
"""Before the alternative of a unit that is closed now."""
AFTER_OFFICE_HOURS = "Efter kontorstid"
"""Before the alternative of a unit whose hours are unknown, outside the pack's office hours."""
OUTSIDE_OFFICE_HOURS = "utanför kontorstid"
UNCONFIRMED = "ej bekräftat"
UNIT_UNCONFIRMED = "Uppgifterna är inte bekräftade – kontrollera innan du förlitar dig på dem."
NO_NUMBER = "Inget telefonnummer i katalogen"
SHOW_MORE = "Visa fler"
KIND_WORDS = {"nationell": "Nationell", "ideell": "Ideell", "intern": "Intern", "region": "Regional"}
"""A unit's kind in words; "kommun" is the pack's municipality (pack.toml), never a name written in code."""


def kind_words(pack: ContentPack, kind: str) -> str:
    """ "Provkommun" for a municipal unit, "Nationell", "Ideell", "Intern", "Regional" for the others."""
    return pack.info.municipality if kind == "kommun" else KIND_WORDS.get(kind, kind)


def open_words(status: OpenStatus, always_open: bool = False) -> str:
    """ "Öppet nu", "Öppet dygnet runt", "Stängt nu (julafton)" or "Öppettider okända"."""
    if status.open_now is None:
        return HOURS_UNKNOWN
    if status.open_now:
        return ALWAYS_OPEN if always_open else OPEN_NOW
    return CLOSED_NOW + (f" ({status.holiday})" if status.holiday else "")


# ---------------------------------------------------------------- contacts


@dataclass(frozen=True)
class ContactView:
    unit: str
    name: str
    known: bool
    """The unit exists in the directory (a referral to a missing unit shows its id as the name)."""
    phone: str | None
    """The primary number, or None."""
    phone_label: str
    """What the primary number is for ("Mottagningen", "via 112")."""
    phones: tuple[Phone, ...]
    """Every number, for the full card."""
    web: str | None
    address: str
    description: str
    source: str
    note: str
    """The referral's note in this outcome ("" in the directory)."""
    verified: bool
    """The unit and its primary number are confirmed."""
    open_now: bool | None
    """None when the hours are unknown or not confirmed."""
    status: str
    """ "Öppet nu", "Öppet dygnet runt", "Stängt nu (julafton)", "Öppettider okända"."""
    opens: str | None
    """ "öppnar i morgon 09:00", when closed and the hours are known."""
    hours: str
    """The opening hours described ("mån–fre 09:00–16:00 (stängt helgdagar och aftnar)")."""
    fallback: str | None
    """The after-hours unit id when closed now (as in `walk --json`), else None (also when the hours are unknown)."""
    after_hours: ContactView | None
    """The after-hours alternative, when it is in the directory and the unit is closed now, or its hours are unknown
    and it is outside the pack's office hours (a Saturday night: the unit is most likely closed)."""
    after_hours_label: str
    """ "Utanför öppettid" (closed now) or "Efter kontorstid" (hours unknown, outside office hours); "" without one."""
    acute_help: bool
    kind: str
    """The unit's kind in words (kind_words): the municipality's name, "Nationell", "Ideell", "Intern", "Regional"."""

    @property
    def unconfirmed(self) -> str:
        """ "ej bekräftat" when the unit or its number is not confirmed, else ""."""
        return "" if self.verified else UNCONFIRMED

    @property
    def status_line(self) -> str:
        """ "Stängt nu, öppnar i morgon 09:00" (or just the status)."""
        return self.status + (f", {self.opens}" if self.opens else "")

    @property
    def hours_line(self) -> str | None:
        """The hours beside the status when they add to it: what is known of unconfirmed hours ("mån–fre 09:00–16:00
        … – ej bekräftat", or the unit's note). None when open or closed now (status_line says when it opens) or
        when nothing is known (the status says "Öppettider okända" already)."""
        if self.open_now is not None or self.hours == HOURS_UNKNOWN:
            return None
        return self.hours

    @property
    def after_hours_number(self) -> str | None:
        """The alternative's number as said: "via 112" when its label says it is reached via the number (socialjouren),
        else the number ("020-12 34 56")."""
        other = self.after_hours
        if other is None or not other.phone:
            return None
        via = f"via {other.phone}"
        return via if re.search(rf"\b{re.escape(via)}\b", other.phone_label) else other.phone

    @property
    def after_hours_line(self) -> str | None:
        """ "Utanför öppettid: Socialjouren, via 112", "Efter kontorstid: Stödlinjen, 020-12 34 56", or None."""
        other = self.after_hours
        if other is None:
            return None
        number = self.after_hours_number
        return f"{self.after_hours_label}: {other.name}" + (f", {number}" if number else "")

    @property
    def phone_line(self) -> str:
        """ "0123-45 67 89 (Mottagningen) – ej bekräftat", or the words for no number."""
        if not self.phone:
            return NO_NUMBER
        label = f" ({self.phone_label})" if self.phone_label else ""
        return self.phone + label + (f" – {self.unconfirmed}" if self.unconfirmed else "")


def contact(
    pack: ContentPack, unit_id: str, now: dt.datetime, note: str = "", with_after_hours: bool = True
) -> ContactView:
    """The unit as every surface shows it, at `now`; a unit missing from the directory keeps its id as name."""
    unit = pack.units.get(unit_id)
    if unit is None:
        unknown = OpenStatus(None, None, None, None)
        return ContactView(
            unit=unit_id,
            name=unit_id,
            known=False,
            phone=None,
            phone_label="",
            phones=(),
            web=None,
            address="",
            description="",
            source="",
            note=note,
            verified=False,
            open_now=None,
            status=open_words(unknown),
            opens=None,
            hours=HOURS_UNKNOWN,
            fallback=None,
            after_hours=None,
            after_hours_label="",
            acute_help=False,
            kind="",
        )
    status = open_status(unit, now)
    closed = status.open_now is False
    # unknown hours outside office hours (holidays and eves included): most likely closed, so say so and give the
    # alternative too; the cautious reading, as a child's case on a Saturday night must reach someone
    after_office = status.open_now is None and in_office_hours(pack, now) is False
    primary = unit.phones[0] if unit.phones else None
    alternative = None
    if (
        (closed or after_office)
        and with_after_hours
        and unit.after_hours in pack.units
        and unit.after_hours != unit.id
    ):
        alternative = contact(pack, unit.after_hours, now, with_after_hours=False)
    words = open_words(status, unit.always_open)
    if after_office:
        words += f" – {OUTSIDE_OFFICE_HOURS}"
    return ContactView(
        unit=unit.id,
        name=unit.name,
        known=True,
        phone=primary.number if primary else None,
        phone_label=primary.label if primary else "",
        phones=unit.phones,
        web=unit.web or None,
        address=unit.address,
        description=unit.description,
        source=unit.source,
        note=note,
        verified=unit.verified and (primary is None or primary.verified),
        open_now=status.open_now,
        status=words,
        opens=f"öppnar {format_opening(status.next_opening, now)}"
        if closed and status.next_opening
        else None,
        hours=describe_hours(unit),
        fallback=status.fallback if closed else None,
        after_hours=alternative,
        after_hours_label=(AFTER_HOURS if closed else AFTER_OFFICE_HOURS) if alternative else "",
        acute_help=unit.acute_help,
        kind=kind_words(pack, unit.kind),
    )


def acute_contacts(pack: ContentPack, now: dt.datetime) -> tuple[ContactView, ...]:
    """Acute help (F2, the AKUT page, plain mode's `a`): the units marked acute_help = true, in units.toml order."""
    return tuple(contact(pack, unit.id, now) for unit in pack.units.values() if unit.acute_help)


# ---------------------------------------------------------------- texts


def render(pack: ContentPack, text: Text | None, role: str | None, plain: bool = False) -> str:
    """The role's variant with `{tel:…}` replaced by the unit's number; Markdown stripped when `plain`."""
    chosen = render_unit_refs(text_for(text, role), pack.units)
    return strip_markdown(chosen) if plain else chosen.strip()


@dataclass(frozen=True)
class QuestionView:
    node: str
    fact: str
    text: str
    why: str
    options: tuple[tuple[str, str], ...]
    """(value, label) in the flow's order: yes, no, unsure."""
    remembered: str | None
    """The answer given earlier (while reviewing), to offer as the default."""


def question_view(pack: ContentPack, walk: Walk, plain: bool = True) -> QuestionView | None:
    """The walk's current question ready to show, or None at an outcome."""
    question = walk.question
    if question is None:
        return None
    role = walk.role
    return QuestionView(
        node=walk.current,
        fact=question.fact,
        text=render(pack, question.text, role, plain),
        why=render(pack, question.why, role, plain),
        options=tuple((o.value, walk.option_label(question, o.value)) for o in question.options),
        remembered=walk.remembered,
    )


# ---------------------------------------------------------------- outcomes


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
    """Every action for this role, ordered for the time of day; the first FIRST_ITEMS are shown first."""
    dont: tuple[str, ...]
    referrals: tuple[ContactView, ...]
    routines: tuple[SourceView, ...]
    legal: tuple[SourceView, ...]
    acute: bool
    report: bool
    version: str
    review_by: dt.date | None
    owner: str
    draft_notice: str | None
    """ "Utkast – inte fastställd av <kommun>" while the outcome or a routine it cites is a draft, else None."""
    notice: str
    """The draft notice, or "Fastställd av <kommun>"."""

    @property
    def urgency_words(self) -> str:
        return URGENCY_WORDS[self.urgency]

    @property
    def primary(self) -> ContactView | None:
        """The contact to call first: the first referral (its `after_hours` is the alternative to call after hours)."""
        return self.referrals[0] if self.referrals else None

    @property
    def first_actions(self) -> tuple[str, ...]:
        return self.actions[:FIRST_ITEMS]

    @property
    def more_actions(self) -> tuple[str, ...]:
        return self.actions[FIRST_ITEMS:]

    @property
    def first_dont(self) -> tuple[str, ...]:
        return self.dont[:FIRST_ITEMS]

    @property
    def more_dont(self) -> tuple[str, ...]:
        return self.dont[FIRST_ITEMS:]

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


def _applies(action: Action, role: str | None) -> bool:
    """An item tagged with roles is shown only to those roles (and not when no role is chosen)."""
    return not action.roll or role in action.roll


def legal_applies(pack: ContentPack, ref: LegalRef | None, role: str | None) -> bool:
    """A `duty_only` reference (OSL 10 kap. 28 §: secrecy gives way only where a duty to report exists) is shown only
    to a role whose `roll` value has `duty = true`; to a role without the duty it would say that secrecy is broken
    where it is not (issue 11, finding 15). With no role chosen it is shown: the role is unknown and may be one with
    the duty, and the outcome's own text says what to do (unlike a role-tagged action, which is advice meant for
    those roles only). A pack that marks no role with the duty shows it to no chosen role.
    """
    if ref is None or not ref.duty_only or role is None:
        return True
    roles = pack.facts.get("roll")
    return roles is not None and role in roles.duty_values()


def order_for_time(items: list[Action], in_office: bool | None) -> list[Action]:
    """Within office hours items marked "kontorstid" come first; outside them, "efter-kontorstid" (stable)."""
    if in_office is None:
        return items
    first = "kontorstid" if in_office else "efter-kontorstid"
    return sorted(items, key=lambda a: a.when != first)


def resolve_outcome(
    pack: ContentPack, flow: Flow, node_id: str, facts: dict[str, str], now: dt.datetime, plain: bool = False
) -> OutcomeView:
    node = flow.nodes[node_id]
    assert isinstance(node, OutcomeNode), node_id
    role = facts.get("roll")
    in_office = in_office_hours(pack, now)

    def items(values: tuple[ActionItem, ...]) -> tuple[str, ...]:
        actions = [as_action(v) for v in values]
        shown = order_for_time([a for a in actions if _applies(a, role)], in_office)
        return tuple(render(pack, a.text, role, plain) for a in shown)

    referrals = tuple(
        contact(pack, r.unit, now, note=render(pack, r.note, role, plain) if r.note else "")
        for r in node.referrals
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
        if not legal_applies(pack, found_ref, role):
            continue
        legal.append(
            SourceView(
                ref=legal_id,
                title=found_ref.citation if found_ref else legal_id,
                verified=bool(found_ref and found_ref.verified),
            )
        )
    status = outcome_status(pack, flow, node)
    draft = pack.draft_notice if status == "utkast" else None
    return OutcomeView(
        node=node_id,
        flow=flow.id,
        urgency=node.urgency,
        status=status,
        title=render(pack, node.title, role, plain),
        text=render(pack, node.text, role, plain),
        actions=items(node.actions),
        dont=items(node.dont),
        referrals=referrals,
        routines=tuple(routines),
        legal=tuple(legal),
        acute=node.acute,
        report=node.report,
        version=flow.version,
        review_by=flow.review_by,
        owner=flow.owner,
        draft_notice=draft,
        notice=draft or pack.adopted_notice,
    )
