"""Modal dialogs: acute help, help, a contact card, the content's problems, and confirming facts read from text."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Markdown, Select, Static

if TYPE_CHECKING:
    from vinrguide.advice import ContactView
    from vinrguide.content.models import Flow
    from vinrguide.facts_from_text import FactGuess
    from vinrguide.tui.app import GuideApp

CLOSE = Binding("escape", "close", "Stäng", key_display="Esc", id="close", tooltip="Stäng (Esc)")

# Acute help must work even when the content could not be read (or marks no unit as acute help): these national
# numbers are the fallback. Otherwise the units come from the directory (`acute_help = true`, in its order).
ACUTE_FALLBACK = (
    ("112 – larmnumret", "112", "Vid fara just nu"),
    ("Socialjouren – socialtjänsten utanför kontorstid", "112", "Nås via 112 utanför kontorstid"),
    ("Kvinnofridslinjen", "020-50 50 50", "Dygnet runt"),
    ("BRIS – för barn och unga", "116 111", "Barnens hjälptelefon"),
)


class Dialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [CLOSE]

    @property
    def guide_app(self) -> GuideApp:
        return self.app  # type: ignore[return-value]

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question before something that loses the user's answers. The safe choice has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,n", "answer(False)", "Nej", key_display="Esc", id="confirm-no", tooltip="Nej (n, Esc)"
        ),
        Binding("j,y", "answer(True)", "Ja", key_display="j", id="confirm-yes", tooltip="Ja (j)"),
    ]

    def __init__(self, question: str, yes: str = "Ja (j)", no: str = "Nej (n)") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="confirm-box", classes="dialog"):
            yield Static(Content(self.question), classes="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no, id="no", variant="primary", compact=True)
                yield Button(self.yes, id="yes", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


class AcuteScreen(Dialog):
    """112, social services after hours, Kvinnofridslinjen, BRIS: from the directory, open now by the app's clock."""

    BINDINGS: ClassVar[list[BindingType]] = [
        CLOSE,
        Binding("b", "close", show=False, id="close-b", tooltip="Stäng (b)"),
    ]

    def compose(self) -> ComposeResult:
        from vinrguide.tui.widgets.units import open_badge, phone_parts

        app = self.guide_app
        pack = app.pack
        contacts: tuple[ContactView, ...] = ()
        if pack is not None:
            from vinrguide.advice import acute_contacts

            contacts = acute_contacts(pack, app.now())
        with VerticalScroll(id="acute-box", classes="dialog"):
            yield Static(Content(" AKUT HJÄLP "), id="acute-title", classes="urgency-banner urgency-akut")
            yield Static(
                Content("Är någon i fara just nu, eller sker en avresa i dag? Ring 112."),
                classes="acute-lead",
            )
            for view in contacts:
                parts = [(view.name, "bold"), "\n", *phone_parts(view), "\n", open_badge(view)]
                yield Static(Content.assemble(*parts), classes="acute-unit")
            if not contacts:
                for name, number, words in ACUTE_FALLBACK:
                    yield Static(
                        Content.assemble(
                            (name, "bold"), "\n", ("☎ " + number, "bold $text-accent"), f"  {words}"
                        ),
                        classes="acute-unit",
                    )
            yield Static(
                Content("Esc stänger. Akut hjälp öppnas med F2 var du än är."), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#acute-box").focus()


class HelpScreen(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        CLOSE,
        Binding("f1", "close", show=False, id="close-help", tooltip="Stäng hjälpen (F1)"),
    ]

    def compose(self) -> ComposeResult:
        text = resources.files("vinrguide.tui").joinpath("help.md").read_text(encoding="utf-8")
        with VerticalScroll(id="help-box", classes="dialog wide"):
            yield Markdown(text, open_links=False)
            yield Static(Content("Esc stänger."), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()


class UnitScreen(Dialog):
    """A contact card in full: description, phones, address, hours, open now, after hours, source."""

    BINDINGS: ClassVar[list[BindingType]] = [
        CLOSE,
        Binding("b", "close", show=False, id="close-b", tooltip="Stäng (b)"),
        Binding("c", "copy", "Kopiera numret", id="copy-number", tooltip="Kopiera telefonnumret (c)"),
    ]

    def __init__(self, unit_id: str) -> None:
        super().__init__()
        self.unit_id = unit_id

    def compose(self) -> ComposeResult:
        from vinrguide.advice import contact
        from vinrguide.tui.widgets.units import contact_content

        app = self.guide_app
        view = contact(app.pack_or_fail, self.unit_id, app.now())
        with VerticalScroll(id="unit-box", classes="dialog wide"):
            yield Static(contact_content(view, full=True, kind=True), id="unit-detail")
            yield Static(Content("c kopierar numret · Esc stänger"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#unit-box").focus()

    def action_copy(self) -> None:
        unit = self.guide_app.pack_or_fail.units[self.unit_id]
        if unit.primary_phone:
            self.guide_app.copy_text(unit.primary_phone, what="Numret")


class LegalScreen(Dialog):
    """A legal reference: citation, title, the content's own short summary, whether it is confirmed, web address."""

    BINDINGS: ClassVar[list[BindingType]] = [
        CLOSE,
        Binding("b", "close", show=False, id="close-b", tooltip="Stäng (b)"),
        Binding(
            "o", "open_web", "Öppna i webbläsaren", id="open-web", tooltip="Öppna lagrummets webbsida (o)"
        ),
    ]

    def __init__(self, legal_id: str) -> None:
        super().__init__()
        self.legal_id = legal_id

    def compose(self) -> ComposeResult:
        ref = self.guide_app.pack_or_fail.legal[self.legal_id]
        parts: list[str | tuple[str, str]] = [(ref.citation, "bold")]
        if ref.title:
            parts += ["\n", ref.title]
        if ref.summary:
            parts += ["\n\n", ref.summary]
        if not ref.verified:
            parts += [
                "\n\n",
                (
                    "Uppgiften är inte bekräftad – kontrollera den innan du förlitar dig på den.",
                    "$text-warning",
                ),
            ]
        if ref.url:
            parts += ["\n\n", ("Källa: " + ref.url, "dim")]
        with VerticalScroll(id="legal-box", classes="dialog wide"):
            yield Static(Content.assemble(*parts))
            hint = "o öppnar webbsidan · Esc stänger" if ref.url else "Esc stänger"
            yield Static(Content(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#legal-box").focus()

    def action_open_web(self) -> None:
        ref = self.guide_app.pack_or_fail.legal[self.legal_id]
        if ref.url:
            self.guide_app.open_link(ref.url)


class ProblemsScreen(Dialog):
    """What is wrong with the content, in the authors' words (file, line, what to do), and which guides still work."""

    def compose(self) -> ComposeResult:
        app = self.guide_app
        pack = app.pack_or_fail
        lines: list[str | tuple[str, str]] = [("Fel i innehållet\n", "bold")]
        lines.append(
            "Guiderna nedan fungerar inte förrän felen är rättade. Kör `vinrguide check` för detaljer.\n\n"
        )
        for flow_id, problem in sorted(app.flow_problems.items()):
            file = pack.flow_files.get(flow_id, f"flows/{flow_id}.toml")
            lines.append(f"• {file}: guiden {pack.flows[flow_id].title} – {problem}\n")
        for error in pack.errors:
            lines.append(f"• {error}\n")
        working = [f.title for f in pack.flows.values() if f.id not in app.flow_problems]
        lines.append(("\nFungerar: ", "bold"))
        lines.append(", ".join(working) if working else "ingen guide")
        with VerticalScroll(id="problems-box", classes="dialog wide"):
            yield Static(Content.assemble(*lines))
            yield Static(
                Content("Esc stänger. Akut hjälp (F2) och katalogen fungerar alltid."), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self.query_one("#problems-box").focus()


class ConfirmFactsScreen(ModalScreen[dict[str, str] | None]):
    """What the guide read from the user's text, to confirm or change — never used silently. `akut` is never
    pre-filled: if the text suggests danger the user is told, and the guide still asks."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Avbryt", key_display="Esc", id="cancel", tooltip="Avbryt (Esc)"),
        Binding(
            "ctrl+s",
            "start",
            "Starta guiden",
            id="start-guide",
            show=False,
            tooltip="Starta guiden med de valda uppgifterna",
        ),
    ]

    def __init__(self, flow: Flow, guesses: list[FactGuess]) -> None:
        super().__init__()
        self.flow = flow
        self.guesses = guesses

    def compose(self) -> ComposeResult:
        pack = self.app.pack_or_fail  # type: ignore[attr-defined]
        with VerticalScroll(id="facts-box", classes="dialog wide"):
            yield Static(
                Content.assemble(
                    ("Stämmer det här?\n", "bold"),
                    f"Guide: {self.flow.title}. "
                    "Det här läste guiden ut ur din text. Ändra det som inte stämmer; välj ”Vet inte” så frågar guiden.",
                )
            )
            if any(g.fact == "akut" for g in self.guesses):
                yield Static(
                    Content(
                        "Din text tyder på att någon kan vara i fara just nu. Ring 112 (F2). "
                        "Guiden frågar först om akut fara."
                    ),
                    classes="urgency-banner urgency-akut acute-warning",
                )
            for guess in self.guesses:
                if guess.fact == "akut":
                    continue
                fact = pack.facts.get(guess.fact)
                if fact is None:
                    continue
                with Horizontal(classes="fact-row"):
                    yield Label(
                        Content.assemble((fact.label, "bold"), "\n", (f"”{guess.phrase}”", "italic dim"))
                    )
                    yield Select[str](
                        [(v.label, v.value) for v in fact.values],
                        value=guess.value if guess.value in fact.value_ids() else Select.NULL,
                        prompt="Låt guiden fråga",
                        id=f"fact-{guess.fact}",
                        compact=True,
                    )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Starta guiden", id="start", variant="primary", compact=True)
                yield Button("Avbryt", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()
        for select in self.query(Select):
            self.watch(select, "expanded", self._shows_list(select), init=False)

    def _shows_list(self, select: Select[str]) -> Callable[[bool], None]:
        """An opened list takes room in the dialog (app.tcss): once it is laid out, the dialog scrolls to show it
        whole (focusing it scrolled before the list had its height)."""

        def expanded(open_now: bool) -> None:
            if open_now:
                box = self.query_one("#facts-box", VerticalScroll)
                self.call_after_refresh(box.scroll_to_widget, select, animate=False)

        return expanded

    def chosen(self) -> dict[str, str]:
        facts = {}
        for select in self.query(Select):
            if select.id and isinstance(select.value, str):
                facts[select.id.removeprefix("fact-")] = select.value
        facts.pop("akut", None)
        return facts

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
