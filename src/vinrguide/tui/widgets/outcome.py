"""The outcome card: urgency as colour and words, the checklist, "Gör inte", contacts, sources and the content's status."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static

from vinrguide.tui.widgets.units import UnitCard, unit_content

if TYPE_CHECKING:
    from vinrguide.advice import OutcomeView
    from vinrguide.content.pack import ContentPack
    from vinrguide.tui.app import GuideApp

REPORT_ERRORS = (
    "Fel i innehållet? Meddela innehållets ägare ({owner}) och ange guide, version och utfall: {ref}. "
    "Skriv inga uppgifter om ärendet."
)


class CheckItem(Widget, can_focus=True):
    """An action the user can tick off (Space, Enter or a click). Ticks live only on screen: nothing is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space,enter",
            "tick",
            "Bocka av",
            show=False,
            id="tick",
            tooltip="Bocka av (mellanslag) – sparas inte",
        )
    ]
    checked: reactive[bool] = reactive(False)

    def __init__(self, index: int, text: str) -> None:
        super().__init__(classes="check-item")
        self.index = index
        self.text = text

    def render(self) -> Content:
        box = "☑ " if self.checked else "☐ "
        return Content.assemble(
            (box, "bold $text-success" if self.checked else "bold"),
            (self.text, "dim" if self.checked else ""),
        )

    def action_tick(self) -> None:
        self.checked = not self.checked

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_tick()


class SourceLink(Widget, can_focus=True):
    """A routine section behind the advice; Enter or a click opens it in the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Läs rutinen",
            show=False,
            id="open-source",
            tooltip="Öppna rutinavsnittet (Enter)",
        )
    ]

    class Opened(Message):
        def __init__(self, ref: str) -> None:
            super().__init__()
            self.ref = ref

    def __init__(self, ref: str, title: str) -> None:
        super().__init__(classes="source-link")
        self.ref = ref
        self.title = title
        self.tooltip = "Öppna rutinavsnittet (Enter)"

    def render(self) -> Content:
        return Content.assemble(("▸ ", "bold"), (self.title, "underline $text-accent"))

    def action_open(self) -> None:
        self.post_message(self.Opened(self.ref))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()


class LegalLink(Widget, can_focus=True):
    """A legal reference behind the advice; Enter or a click shows its summary (and web address)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "open", "Visa lagrummet", show=False, id="open-legal", tooltip="Visa lagrummet (Enter)"
        )
    ]

    def __init__(self, legal_id: str, text: str) -> None:
        super().__init__(classes="source-link legal-link")
        self.legal_id = legal_id
        self.text = text
        self.tooltip = "Visa lagrummet (Enter)"

    def render(self) -> Content:
        return Content.assemble(("§ ", "bold"), (self.text, "underline"))

    def action_open(self) -> None:
        cast("GuideApp", self.app).show_legal(self.legal_id)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()


def _plain(text: str) -> str:
    from vinrguide.content.plaintext import strip_markdown

    return strip_markdown(text)


class OutcomeCard(Vertical):
    def __init__(self, pack: ContentPack, view: OutcomeView, now: dt.datetime) -> None:
        super().__init__(id="outcome", classes=f"outcome urgency-{view.urgency}")
        self.pack = pack
        self.view = view
        self.now = now

    @property
    def ticked(self) -> set[int]:
        return {item.index for item in self.query(CheckItem) if item.checked}

    def compose(self) -> ComposeResult:
        view, pack = self.view, self.pack
        yield Static(
            Content(f" {view.urgency_words.upper()} "), classes=f"urgency-banner urgency-{view.urgency}"
        )
        yield Static(Content(view.title), classes="outcome-title")
        status = [view.draft_notice] if view.draft_notice else ["Fastställd av Uppsala kommun"]
        status.append(f"version {view.version}")
        if view.review_by:
            status.append(f"granskas senast {view.review_by.isoformat()}")
        if view.owner:
            status.append(f"ägare {view.owner}")
        yield Static(
            Content(" · ".join(status)), classes="status-line" + (" draft" if view.draft_notice else "")
        )
        if view.text:
            yield Markdown(view.text, classes="outcome-text", open_links=False)
        if view.actions:
            yield Static(
                Content("Gör så här  (bocka av med mellanslag – sparas inte)"), classes="section-heading"
            )
            for index, action in enumerate(view.actions):
                yield CheckItem(index, _plain(action))
        if view.dont:
            yield Static(Content("Gör inte"), classes="section-heading dont-heading")
            lines: list[str | tuple[str, str]] = []
            for item in view.dont:
                lines += [("✗ ", "bold $text-error"), _plain(item), "\n"]
            yield Static(Content.assemble(*lines).rstrip(), classes="dont-item")
        if view.referrals:
            yield Static(Content("Kontakter"), classes="section-heading")
            for referral in view.referrals:
                unit = pack.units.get(referral.unit)
                if unit is None:
                    yield Static(
                        Content(f"{referral.name} (saknas i katalogen)"), classes="unit-card missing"
                    )
                    continue
                yield UnitCard(unit.id, unit_content(pack, unit, self.now, note=referral.note))
        yield Static(Content("Källor"), classes="section-heading")
        for source in view.routines:
            yield SourceLink(source.ref, source.title)
        for legal in view.legal:
            ref = pack.legal.get(legal.ref)
            title = f" – {ref.title}" if ref and ref.title else ""
            unverified = "" if legal.verified else " (ej bekräftat)"
            if ref is None:
                yield Static(Content(f"§ {legal.title} (saknas i lagrumslistan)"), classes="legal-item")
            else:
                yield LegalLink(legal.ref, f"{legal.title}{title}{unverified}")
        if not view.routines and not view.legal:
            yield Static(Content("Inga källor angivna för det här utfallet."), classes="legal-item")
        where = f"{view.flow}/{view.node}, version {view.version}"
        yield Static(
            Content(REPORT_ERRORS.format(owner=view.owner or "kommunen", ref=where)), classes="report-line"
        )
        with Horizontal(classes="outcome-buttons"):
            yield Button("Exportera (e)", id="export", compact=True)
            yield Button("Kopiera (c)", id="copy", compact=True)
            yield Button("Börja om (s)", id="restart", compact=True)
