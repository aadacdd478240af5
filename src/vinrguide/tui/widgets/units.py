"""A contact card: name, phone, address, open now / closed now / hours unknown, the after-hours alternative, source."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from vinrguide.content.models import Unit
    from vinrguide.content.pack import ContentPack
    from vinrguide.hours import OpenStatus
    from vinrguide.tui.app import GuideApp

OPEN_STYLE = {True: "bold $text-success", False: "bold $text-error", None: "bold $text-warning"}
OPEN_MARK = {True: "●", False: "○", None: "?"}


def open_words(status: OpenStatus, now: dt.datetime) -> str:
    from vinrguide.hours import format_opening

    words = status.words
    if status.open_now is False and status.next_opening:
        words += f" – öppnar {format_opening(status.next_opening, now)}"
    return words


def open_badge(status: OpenStatus, now: dt.datetime) -> Content:
    return Content.assemble(
        (f"{OPEN_MARK[status.open_now]} {open_words(status, now)}", OPEN_STYLE[status.open_now])
    )


def unit_content(
    pack: ContentPack, unit: Unit, now: dt.datetime, note: str = "", full: bool = False
) -> Content:
    """The card as text. `full` adds the description, web address, hours and source (the directory, a link)."""
    from vinrguide.hours import describe_hours, open_status

    status = open_status(unit, now)
    parts: list[str | tuple[str, str] | Content] = [(unit.name, "bold"), "\n"]
    if unit.phones:
        for phone in unit.phones:
            parts += [("☎ ", "$text-accent"), (phone.number, "bold $text-accent")]
            if phone.label:
                parts.append(f"  {phone.label}")
            if not phone.verified:
                parts.append((" (ej bekräftat)", "$text-warning"))
            parts.append("\n")
    else:
        parts += [("Inget bekräftat telefonnummer", "italic"), "\n"]
    parts += [open_badge(status, now)]
    hours = describe_hours(unit)
    if (full or status.open_now is not True) and hours != status.words:
        parts += [("  " + hours, "dim")]
    parts.append("\n")
    if status.open_now is False and unit.after_hours and unit.after_hours in pack.units:
        fallback = pack.units[unit.after_hours]
        number = f", {fallback.primary_phone}" if fallback.primary_phone else ""
        parts += [("Utanför öppettid: ", "bold"), f"{fallback.name}{number}", "\n"]
    if unit.address:
        parts += [f"Adress: {unit.address}", "\n"]
    if note:
        parts += [(note, "italic"), "\n"]
    if full:
        if unit.description:
            parts += ["\n", unit.description, "\n"]
        if unit.web:
            parts += [f"Webb: {unit.web}", "\n"]
    if not unit.verified:
        parts += [
            ("Uppgifterna är inte bekräftade – kontrollera innan du förlitar dig på dem.", "$text-warning"),
            "\n",
        ]
    if full:
        parts += [("Källa: " + (unit.source or "saknas"), "dim"), "\n"]
    return Content.assemble(*parts).rstrip()


class UnitCard(Widget, can_focus=True):
    """A focusable card; Enter or a click opens the full card with description and source."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Visa kontakt",
            show=False,
            id="open-unit",
            tooltip="Visa hela kontaktkortet (Enter)",
        )
    ]

    def __init__(self, unit_id: str, content: Content, classes: str = "unit-card") -> None:
        super().__init__(classes=classes)
        self.unit_id = unit_id
        self._content = content

    def render(self) -> Content:
        return self._content

    def action_open(self) -> None:
        cast("GuideApp", self.app).show_unit(self.unit_id)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()
