"""The outcome card, ordered for a stressed reader: the urgency, the title, whom to call first (number, open now or
the after-hours alternative), the first actions, what not to do, then the explanation, the other contacts and the
sources; the draft notice is one quiet line. Only the first five actions and don'ts show until "Visa fler".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Markdown, Static

from vinrguide.tui.widgets.units import UnitCard, contact_content, open_badge, phone_parts

if TYPE_CHECKING:
    from vinrguide.advice import OutcomeView
    from vinrguide.content.pack import ContentPack
    from vinrguide.tui.app import GuideApp

REPORT_ERRORS = (
    "Fel i innehållet? Meddela innehållets ägare ({owner}) och ange guide, version och utfall: {ref}. "
    "Skriv inga uppgifter om ärendet."
)


class CardButton(Button):
    """A compact button styled once: Button styles itself again for each class it gives itself (compact, its
    variant's style), twice before it is even mounted; here those classes are given at once (a third of the CSS
    work of an outcome's card went to its five buttons)."""

    def __init__(self, label: str, button_id: str) -> None:
        self._reactive_compact = True  # set, not toggled: Button's own `compact = True` then changes nothing
        super().__init__(
            Content(label), id=button_id, compact=True, classes="-style-default -textual-compact"
        )


class CheckItem(Widget, can_focus=True):
    """An action the user can tick off (Space, Enter or a click). Ticks live only on screen: nothing is saved.

    `ticked` is the screen's set of ticked action texts, so a tick survives when an earlier answer changes and
    the same action is still shown."""

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

    def __init__(self, index: int, text: str, ticked: set[str], classes: str = "") -> None:
        super().__init__(classes=f"check-item {classes}".strip())
        self.index = index
        self.text = text
        self._ticked = ticked
        self.set_reactive(CheckItem.checked, text in ticked)

    def render(self) -> Content:
        box = "☑ " if self.checked else "☐ "
        return Content.assemble(
            (box, "bold $text-success" if self.checked else "bold"),
            (self.text, "dim" if self.checked else ""),
        )

    def watch_checked(self, checked: bool) -> None:
        if checked:
            self._ticked.add(self.text)
        else:
            self._ticked.discard(self.text)

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


def plain_paragraphs(text: str) -> Content | None:
    """The text as it reads when it is only plain paragraphs (no emphasis, link, list or heading): the lines of a
    paragraph joined, paragraphs apart by a blank line, as Markdown shows them. None when it needs Markdown."""
    from markdown_it import MarkdownIt

    paragraphs: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline" or any(c.type not in ("text", "softbreak") for c in token.children or ()):
            return None
        paragraphs.append(" ".join(c.content for c in token.children or () if c.type == "text"))
    return Content("\n\n".join(paragraphs))


def _plain(text: str) -> str:
    from vinrguide.content.plaintext import strip_markdown

    return strip_markdown(text)


class OutcomeCard(Vertical):
    def __init__(self, pack: ContentPack, view: OutcomeView, ticked: set[str] | None = None) -> None:
        super().__init__(id="outcome", classes=f"outcome urgency-{view.urgency}")
        self.pack = pack
        self.view = view
        self.ticked_texts: set[str] = ticked if ticked is not None else set()

    @property
    def ticked(self) -> set[int]:
        """The indexes of the ticked actions (those under "Visa fler" too, when ticked before an answer changed)."""
        return {
            index for index, action in enumerate(self.view.actions) if _plain(action) in self.ticked_texts
        }

    def _check_items(self, first: int, actions: tuple[str, ...]) -> list[CheckItem]:
        more = "more-action" if first else ""
        return [
            CheckItem(first + n, _plain(action), self.ticked_texts, more) for n, action in enumerate(actions)
        ]

    def compose(self) -> ComposeResult:
        view = self.view
        yield Static(
            Content(f" {view.urgency_words.upper()} "), classes=f"urgency-banner urgency-{view.urgency}"
        )
        yield Static(Content(view.title), classes="outcome-title")
        primary = view.primary
        if primary is not None:
            yield UnitCard(primary.unit, self._primary_content(), classes="unit-card primary-contact")
        if view.actions:
            yield Static(
                Content("Gör så här  (bocka av med mellanslag – sparas inte)"), classes="section-heading"
            )
            # the rest are mounted when asked for: fewer widgets to lay out when the card opens
            yield from self._check_items(0, view.first_actions)
            if view.more_actions:
                yield CardButton(f"Visa fler ({len(view.more_actions)})", "more-actions")
        if view.dont:
            yield Static(Content("Gör inte"), classes="section-heading dont-heading")
            yield Static(self._donts(view.first_dont), classes="dont-item")
            if view.more_dont:
                extra = Static(self._donts(view.more_dont), classes="dont-item more-dont")
                extra.display = False
                yield extra
                yield CardButton(f"Visa fler ({len(view.more_dont)})", "more-dont")
        if view.text:
            plain = plain_paragraphs(view.text)
            if plain is not None:  # plain paragraphs: one Static, not a Markdown document of widgets
                yield Static(plain, classes="outcome-text")
            else:
                yield Markdown(view.text, classes="outcome-text", open_links=False)
        others = view.referrals[1:]
        if others:
            yield Static(Content("Fler kontakter"), classes="section-heading")
            for referral in others:
                yield UnitCard(referral.unit, contact_content(referral))
        yield Static(Content("Källor"), classes="section-heading")
        for source in view.routines:
            yield SourceLink(source.ref, source.title)
        for legal in view.legal:
            ref = self.pack.legal.get(legal.ref)
            title = f" – {ref.title}" if ref and ref.title else ""
            unverified = "" if legal.verified else " (ej bekräftat)"
            if ref is None:
                yield Static(Content(f"§ {legal.title} (saknas i lagrumslistan)"), classes="legal-item")
            else:
                yield LegalLink(legal.ref, f"{legal.title}{title}{unverified}")
        if not view.routines and not view.legal:
            yield Static(Content("Inga källor angivna för det här utfallet."), classes="legal-item")
        where = f"{view.flow}/{view.node}, version {view.version}"
        status = [view.notice, f"version {view.version}"]
        if view.review_by:
            status.append(f"granskas senast {view.review_by.isoformat()}")
        if view.owner:
            status.append(f"ägare {view.owner}")
        yield Static(Content(" · ".join(status)), classes="status-line")
        yield Static(
            Content(REPORT_ERRORS.format(owner=view.owner or self.pack.info.municipality, ref=where)),
            classes="report-line",
        )
        with Horizontal(classes="outcome-buttons"):
            yield CardButton("Exportera (e)", "export")
            yield CardButton("Kopiera (c)", "copy")
            yield CardButton("Börja om (s)", "restart")

    def _primary_content(self) -> Content:
        """Whom to call first, in three lines: name, number, open now (or the after-hours alternative)."""
        primary = self.view.primary
        assert primary is not None
        parts: list[str | tuple[str, str] | Content] = [
            ("Ring först: ", "bold"),
            (primary.name, "bold"),
            "\n",
        ]
        parts += [*phone_parts(primary), "\n", open_badge(primary)]
        after = primary.after_hours
        if after is not None:
            parts += ["\n", ("Nu i stället: ", "bold"), (after.name, "bold")]
            if after.phone:
                parts += ["  ", ("☎ ", "$text-accent"), (after.phone, "bold $text-accent")]
        if primary.note:
            parts += ["\n", (primary.note, "italic")]
        return Content.assemble(*parts)

    @staticmethod
    def _donts(items: tuple[str, ...]) -> Content:
        lines: list[str | tuple[str, str]] = []
        for item in items:
            lines += [("✗ ", "bold $text-error"), _plain(item), "\n"]
        return Content.assemble(*lines).rstrip()

    @on(Button.Pressed, "#more-actions")
    async def _more_actions(self, event: Button.Pressed) -> None:
        event.stop()
        items = self._check_items(len(self.view.first_actions), self.view.more_actions)
        await self.mount_all(items, before=event.button)
        await event.button.remove()
        if items:
            items[0].focus()

    @on(Button.Pressed, "#more-dont")
    def _more_dont(self, event: Button.Pressed) -> None:
        event.stop()
        for extra in self.query(".more-dont"):
            extra.display = True
        event.button.remove()
