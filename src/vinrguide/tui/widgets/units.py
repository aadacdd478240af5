"""A contact card, formatted from the core's presentation model (`advice.ContactView`): the app only lays it out.

Name, phone, open now / closed now and when it opens, the after-hours alternative, address, the outcome's note;
the full card adds the description, every number, the web address, the hours and the source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget

if TYPE_CHECKING:
    from vinrguide.advice import ContactView
    from vinrguide.tui.app import GuideApp

OPEN_STYLE = {True: "bold $text-success", False: "bold $text-error", None: "bold $text-warning"}
OPEN_MARK = {True: "●", False: "○", None: "?"}


def open_badge(view: ContactView) -> Content:
    """ "● Öppet nu" / "○ Stängt nu, öppnar i morgon 09:00" / "? Öppettider okända", in colour and words."""
    return Content.assemble((f"{OPEN_MARK[view.open_now]} {view.status_line}", OPEN_STYLE[view.open_now]))


def phone_parts(view: ContactView) -> list[str | tuple[str, str]]:
    if not view.phone:
        return [(view.phone_line, "italic")]
    parts: list[str | tuple[str, str]] = [("☎ ", "$text-accent"), (view.phone, "bold $text-accent")]
    if view.phone_label:
        parts.append(f"  {view.phone_label}")
    if view.unconfirmed:
        parts.append((f" ({view.unconfirmed})", "$text-warning"))
    return parts


def contact_content(view: ContactView, full: bool = False, kind: bool = False) -> Content:
    """The card as text. `full` adds the description, every number, web address, hours and source."""
    from vinrguide.advice import UNIT_UNCONFIRMED

    parts: list[str | tuple[str, str] | Content] = []
    if kind and view.kind:
        parts += [(view.kind, "dim"), "\n"]
    parts += [(view.name, "bold"), "\n"]
    if full and view.phones:
        for phone in view.phones:
            parts += [("☎ ", "$text-accent"), (phone.number, "bold $text-accent")]
            if phone.label:
                parts.append(f"  {phone.label}")
            if not phone.verified:
                parts.append((" (ej bekräftat)", "$text-warning"))
            parts.append("\n")
    else:
        parts += [*phone_parts(view), "\n"]
    parts.append(open_badge(view))
    if (full or view.open_now is not True) and view.hours and view.hours != view.status:
        parts.append(("  " + view.hours, "dim"))
    parts.append("\n")
    after = view.after_hours_line
    if after:
        parts += [(after, "bold"), "\n"]
    if view.address:
        parts += [f"Adress: {view.address}", "\n"]
    if view.note:
        parts += [(view.note, "italic"), "\n"]
    if full:
        if view.description:
            parts += ["\n", view.description, "\n"]
        if view.web:
            parts += [f"Webb: {view.web}", "\n"]
    if view.known and not view.verified and (full or not view.unconfirmed):
        parts += [(UNIT_UNCONFIRMED, "$text-warning"), "\n"]
    if full:
        parts += [("Källa: " + (view.source or "saknas"), "dim"), "\n"]
    if not view.known:
        parts += [("Saknas i katalogen.", "$text-warning"), "\n"]
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
