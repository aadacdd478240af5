"""The start screen: where I work, the guides, the box "Beskriv situationen eller ställ en fråga", and AKUT 112.

It is shown before the content has loaded (start-up stays fast) and filled in when the app hands it the pack.
Focus starts in the text box, and a letter typed anywhere on this screen goes into the box: no one-letter
shortcut takes the first thing a user types (the directory, routines and practice cases are items in the list).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from vinrguide.tui.screens.base import GuideScreen
from vinrguide.tui.widgets.header import DraftBar

if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack
    from vinrguide.search import Hit
    from vinrguide.startlist import StartList

SEARCH_DELAY = 0.2
FIRST_FRAME = 0.01
"""Seconds after mounting by which Textual has written the first frame (measured with bench.startup_bench: the
guides then follow the first paint instead of delaying it)."""
HINT = "Tab: guiderna · 1–9 startar en guide · ctrl+p sök allt · F4 Coachläge"
HINT_COACH = (
    "Tab: guiderna · 1–9 startar en guide · ctrl+p sök allt · F4 Coachläge: PÅ (varför-texter, karta m)"
)
EXTRAS = (
    ("app:directory", "☎ ", "Kontakter", "alla enheter och linjer, öppet nu"),
    ("app:routines", "▤ ", "Rutiner", "läs en rutin"),
    ("app:practice", "✎ ", "Övningsfall", "gå igenom ett fall och jämför med facit"),
)
"""What the one-letter keys open on other screens, as items below the guides."""


def _hanging(number: str, text: Text) -> Table:
    """The guide's number in its own column, so a description that wraps keeps its indent."""
    grid = Table.grid(expand=True)
    grid.add_column(width=3, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(number, style="bold"), text)
    return grid


class StartScreen(GuideScreen):
    HEADER_TITLE = "Start"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Töm rutan", show=False, id="clear-text", tooltip="Töm textrutan (Esc)"),
        *[
            Binding(
                str(n),
                f"start_guide({n})",
                f"Guide {n}",
                show=False,
                id=f"guide-{n}",
                tooltip=f"Starta guide {n}",
            )
            for n in range(1, 10)
        ],
    ]

    def __init__(self) -> None:
        super().__init__(id="start")
        self._search_timer: Timer | None = None
        self._flow_ids: list[str] = []
        self.ready = False  # the content is shown and the screen can be used
        self._built = False
        self._body_mounted = asyncio.Event()
        self._shown: StartList | None = None  # what the guide list shows now
        self.focus_when_indexed = False

    def compose_body(self) -> ComposeResult:
        # The first frame is only the header (AKUT 112, F2), this line and the footer: the rest needs the content,
        # and leaving it out makes the first paint as quick as a bare Textual app's.
        with Vertical(id="start-body"):
            yield Static(Content("Läser in innehållet…"), id="loading")

    def _body(self) -> list[Widget]:
        situation = Input(
            placeholder="Skriv inga namn. Texten sparas inte.", id="situation", select_on_focus=False
        )
        situation.border_title = "Beskriv situationen eller ställ en fråga"
        problems = Button("", id="problems", classes="problems", compact=True)
        problems.display = False
        results = OptionList(id="results")
        results.display = False
        guides = OptionList(id="guides")
        guides.border_title = "Guider"
        role_row = Horizontal(
            Label("Var arbetar du?", id="role-label"),
            Select[str]([], prompt="Välj din verksamhet", id="role", compact=True),
            id="role-row",
        )
        hint = Static(Content(HINT_COACH if self.guide_app.coach else HINT), id="start-hint")
        return [problems, role_row, situation, results, guides, hint]

    async def on_mount(self) -> None:
        app = self.guide_app
        if app.pack is not None:
            await self.fill(app.pack)
        elif app.start_list is not None:
            # the guides as the build wrote them, just after the first frame (a call_after_refresh would still
            # come before it is written): the header and AKUT 112 paint as fast as a bare app's
            self.set_timer(FIRST_FRAME, partial(self.show_list, app.start_list))

    # ------------------------------------------------------------ filling in

    def content_ready(self, pack: ContentPack) -> None:
        """Called by the app when the content has loaded (from its loading thread)."""
        self.call_later(self.fill, pack)

    async def fill(self, pack: ContentPack) -> None:
        from vinrguide.startlist import of_pack

        listing = of_pack(pack, self.guide_app.flow_problems)
        if listing != self._shown:  # the same as the start list already shown: nothing to redraw
            await self.show_list(listing)
        self._show_problems(pack)

    async def show_list(self, listing: StartList) -> None:
        """The roles and the guides (with those that cannot be walked marked), the text box enabled."""
        app = self.guide_app
        if not self._built:
            self._built = True  # before the await: a second call must not mount the body again
            await self.query_one("#start-body").mount_all(self._body())
            self._body_mounted.set()
        await self._body_mounted.wait()
        # the screen was closed while its body mounted (the user quit during loading)
        if not self.query("#role"):
            return
        self._shown = listing
        self.query_one("#loading").display = False
        role = self.query_one("#role", Select)
        role.set_options(listing.roles or [])
        role.disabled = listing.roles is None
        if app.role and listing.roles and app.role in {value for _, value in listing.roles}:
            role.value = app.role
        self.query_one("#situation", Input).disabled = False
        guides = self.query_one("#guides", OptionList)
        guides.clear_options()
        self._flow_ids = []
        for n, guide in enumerate(listing.guides, 1):
            number = str(n) if n <= 9 else ""
            if guide.problem:
                below = Text(f"Fungerar inte just nu: {guide.problem}", style="red")
            else:
                below = Text(guide.description, style="dim")
            prompt = _hanging(number, Text.assemble((guide.title, "bold"), "\n", below))
            guides.add_option(Option(prompt, id=guide.id, disabled=bool(guide.problem)))
            self._flow_ids.append(guide.id)
        if not listing.guides:
            guides.add_option(
                Option(Content("Inga guider kunde läsas. Akut hjälp fungerar: F2."), disabled=True)
            )
        for ident, mark, title, words in EXTRAS:
            guides.add_option(
                Option(Content.assemble(mark, (title, "bold"), ("  " + words, "dim")), id=ident)
            )
        self.query_one(DraftBar).show_notice(listing.draft_notice)
        if not self.ready:
            self.query_one("#situation", Input).focus()
        self.ready = True
        self.call_after_refresh(app.settle_heap)

    def coach_changed(self, coach: bool) -> None:
        for hint in self.query("#start-hint").results(Static):
            hint.update(Content(HINT_COACH if coach else HINT))

    def _show_problems(self, pack: ContentPack) -> None:
        app = self.guide_app
        count = len(pack.errors) + len(app.flow_problems)
        button = self.query_one("#problems", Button)
        button.display = count > 0
        if count:
            working = [f.title for f in pack.flows.values() if f.id not in app.flow_problems]
            works = "Guider som fungerar: " + ", ".join(working) if working else "Ingen guide fungerar."
            button.label = Content(f"⚠ Innehållet har {count} fel. {works} Visa felen (Enter).")

    @on(Button.Pressed, "#problems")
    def _problems(self) -> None:
        from vinrguide.tui.screens.dialogs import ProblemsScreen

        self.app.push_screen(ProblemsScreen())

    # ------------------------------------------------------------ role

    @on(Select.Changed, "#role")
    def _role_changed(self, event: Select.Changed) -> None:
        value = event.value
        new = value if isinstance(value, str) else None
        changed = new != self.guide_app.role
        self.guide_app.role = new
        if changed and new is not None and self.is_mounted:
            self.query_one("#situation", Input).focus()

    # ------------------------------------------------------------ guides

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_guide":
            guides = self.query("#guides")
            return bool(guides) and bool(guides.first().display) and self.ready
        return True

    def action_start_guide(self, number: int) -> None:
        if 1 <= number <= len(self._flow_ids):
            flow_id = self._flow_ids[number - 1]
            if flow_id not in self.guide_app.flow_problems:
                self.guide_app.start_guide(flow_id)

    @on(OptionList.OptionSelected, "#guides")
    async def _guide_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ident = event.option.id or ""
        if ident.startswith("app:"):
            await self.app.run_action(ident.removeprefix("app:"))
        elif ident:
            self.guide_app.start_guide(ident)

    def on_key(self, event: events.Key) -> None:
        """A letter typed while the focus is elsewhere on this screen goes into the text box."""
        box = self.query("#situation").results(Input)
        situation = next(box, None)
        character = event.character
        if (
            situation is None
            or situation.disabled
            or not event.is_printable
            or not character
            or character.isdigit()
            or character == " "
            or isinstance(self.focused, Input)
        ):
            return
        role = self.query_one("#role", Select)
        if role.expanded:
            return
        event.stop()
        event.prevent_default()
        situation.focus()
        situation.insert_text_at_cursor(character)

    async def action_back(self) -> None:
        if not self.ready:
            return
        situation = self.query_one("#situation", Input)
        if situation.value:
            situation.value = ""
            situation.focus()

    # ------------------------------------------------------------ the free-text box

    @on(Input.Changed, "#situation")
    def _typed(self, event: Input.Changed) -> None:
        self.focus_when_indexed = False  # typing on after Enter: the focus stays in the box
        if self._search_timer is not None:
            self._search_timer.stop()
        if not event.value.strip():
            self._show_results(None)
            return
        self._search_timer = self.set_timer(SEARCH_DELAY, self.update_results)

    @on(Input.Submitted, "#situation")
    def _submitted(self) -> None:
        # Enter before the search index is built: the hits get the focus when it arrives (app.index_ready)
        self.focus_when_indexed = self.guide_app.search_index is None
        self.update_results(focus=True)

    def update_results(self, focus: bool = False) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if not self.ready:
            return
        self._search(self.query_one("#situation", Input).value, focus)

    @work(exclusive=True, group="search")
    async def _search(self, text: str, focus: bool = False) -> None:
        """One query at a time, the latest wins (as Textual's examples/dictionary.py); Enter moves to the hits."""
        index = self.guide_app.search_index
        if index is None or not text.strip():
            self._show_results(None)
            return
        hits = index.search(text)
        self._show_results(hits, index.ambiguous(hits))
        results = self.query_one("#results", OptionList)
        if focus and results.option_count:
            results.focus()

    def _show_results(self, hits: list[Hit] | None, ambiguous: tuple[str, str] | None = None) -> None:
        """The hits in the search's order, best first, each with its kind; a close call between two guides is
        asked first ("Gäller det … eller …?")."""
        results = self.query_one("#results", OptionList)
        guides = self.query_one("#guides", OptionList)
        results.display = hits is not None
        guides.display = hits is None
        if hits is None:
            results.clear_options()
            return
        pack = self.pack
        problems = self.guide_app.flow_problems
        options: list[Option] = []

        def heading(text: str) -> None:
            options.append(Option(Content.assemble((text, "bold $text-accent")), disabled=True))

        def guide(flow_id: str) -> Option:
            title = pack.flows[flow_id].title
            return Option(Content.assemble(("Guide  ", "dim"), "▶ ", (title, "bold")), id=f"flow:{flow_id}")

        if ambiguous is not None:
            first, second = (pack.flows[f].title for f in ambiguous)
            heading(f"Gäller det ”{first}” eller ”{second}”?")
            options += [guide(flow_id) for flow_id in ambiguous]
            heading("Fler träffar")
        for hit in hits:
            kind, _, ident = hit.ref.partition(":")
            if kind == "flow" and ident in pack.flows and ident not in problems:
                if ambiguous is None or ident not in ambiguous:
                    options.append(guide(ident))
            elif kind == "routine":
                options.append(Option(self._quote(hit), id=hit.ref))
            elif kind == "unit" and ident in pack.units:
                unit = pack.units[ident]
                phone = f"  {unit.primary_phone}" if unit.primary_phone else ""
                options.append(
                    Option(
                        Content.assemble(("Kontakt  ", "dim"), "☎ ", (unit.name, "bold"), phone), id=hit.ref
                    )
                )
        if ambiguous is not None and len(options) == 4:
            options.pop()  # "Fler träffar" with nothing after it
        if not options:
            # where staff can get advice: the units the directory marks `consultation = true`, in its order
            advisers = [unit for unit in pack.units.values() if unit.consultation]
            heading(
                "Inget i guiden matchade din text. Välj en guide" + (", eller rådgör:" if advisers else ":")
            )
            options += [guide(flow_id) for flow_id in self._flow_ids if flow_id not in problems]
            for adviser in advisers:
                phone = f"  {adviser.primary_phone}" if adviser.primary_phone else ""
                options.append(
                    Option(Content.assemble("☎ ", (adviser.name, "bold"), phone), id=f"unit:{adviser.id}")
                )
        results.clear_options()
        results.add_options(options)
        first_choice = next((i for i, option in enumerate(options) if not option.disabled), None)
        if first_choice is not None:
            results.highlighted = first_choice

    def _quote(self, hit: Hit) -> Content:
        found = self.pack.section(hit.ref.removeprefix("routine:"))
        source = hit.title
        if found is not None:
            routine, section = found
            source = routine.meta.title + (f" – {section.heading}" if section else "")
        snippet = " ".join(hit.snippet.split())
        if len(snippet) > 160:
            snippet = snippet[:157].rstrip() + "…"
        return Content.assemble(
            ("Rutin  ", "dim"),
            ("”", "bold"),
            (snippet, "italic"),
            ("”", "bold"),
            "\n   ",
            (f"Källa: {source}", "dim"),
        )

    @on(OptionList.OptionSelected, "#results")
    def _result_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = event.option.id or ""
        kind, _, ident = ref.partition(":")
        app = self.guide_app
        if kind == "flow":
            self._start_from_text(ident)
        elif kind == "routine":
            app.open_reader(ident)
        elif kind == "unit":
            app.show_unit(ident)

    def _start_from_text(self, flow_id: str) -> None:
        """Facts read from the text are offered for confirmation (never used silently); a role read from it too,
        when none is chosen. `akut` is never pre-filled: the guide always asks it."""
        from vinrguide.content.models import QuestionNode
        from vinrguide.facts_from_text import read_facts

        app = self.guide_app
        flow = self.pack.flows[flow_id]
        text = self.query_one("#situation", Input).value
        asked = {node.fact for node in flow.nodes.values() if isinstance(node, QuestionNode)}
        if app.role is None:
            asked.add("roll")
        guesses = [g for g in read_facts(self.pack, text) if g.fact in asked or g.fact == "akut"]
        if not guesses:
            app.start_guide(flow_id)
            return
        from vinrguide.tui.screens.dialogs import ConfirmFactsScreen

        def confirmed(facts: dict[str, str] | None) -> None:
            if facts is None:
                return
            suggest = {"akut": "ja"} if any(g.fact == "akut" for g in guesses) else {}
            app.start_guide(flow_id, facts, suggest)

        app.push_screen(ConfirmFactsScreen(flow, guesses), confirmed)
