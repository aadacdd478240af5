"""The app: staff open it in the middle of a hard situation, pick a guide, and end with what to do and whom to call.

Only the App is here; screens are in `screens/`, widgets in `widgets/`, all styles in `app.tcss`.
Start-up stays fast: this module imports only Textual and the start screen; the content is loaded in a thread after
the first paint, and every other screen is imported when it is first opened.

Privacy: nothing typed or answered is written to disk, logged or sent. A summary leaves the app only when the user
exports or copies it. F9 (and 15 minutes without input) clears the session: staff share computers.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.worker import get_current_worker

from vinrguide.tui.screens.base import GuideScreen
from vinrguide.tui.screens.start import StartScreen

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.command import CommandListItem, Provider
    from textual.timer import Timer
    from textual.widget import AwaitMount
    from textual.worker import Worker

    from vinrguide.content.models import Scenario
    from vinrguide.content.pack import ContentPack
    from vinrguide.engine import Walk
    from vinrguide.search import SearchIndex
    from vinrguide.startlist import StartList

IDLE_MINUTES = 15
IDLE_ENV = "VINRGUIDE_IDLE_MINUTES"
IDLE_WARNING_SECONDS = 60.0
"""The warning before the idle clear comes this long before it (a quarter of the idle time when that is shorter)."""
IDLE_WARNING = "Sessionen rensas om {when} utan aktivitet – tryck en tangent för att fortsätta."
LIGHT, DARK = "textual-light", "textual-dark"
GC_THRESHOLD = 50_000
"""Allocations between two young-generation collections once the heap is frozen (Python's default is 700)."""
YOUNG_ROOM = 25_000
"""Allocations an answer may make (an outcome about 21,000 on the shipped pack, a question 3,000): when fewer are
left before `GC_THRESHOLD`, the garbage is collected just after the answer's frame, so that no collection starts
while the next answer is rendered even when answers come faster than `collect_while_reading` waits."""
GUIDES_PAINT_WAIT = 2.0
"""Seconds the loading thread waits for the guides to be painted before it builds the search index anyway."""


def _content_commands() -> type[Provider]:
    from vinrguide.tui.palette import ContentCommands

    return ContentCommands


class GuideApp(App[int]):
    TITLE = "Stöd vid våld"
    CSS_PATH = "app.tcss"
    COMMAND_PALETTE_DISPLAY = "^p"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_content_commands}
    """One provider, so the palette's order is ours: acute help first, quitting never first (palette.py)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f2",
            "acute",
            "AKUT 112",
            key_display="F2",
            priority=True,
            id="acute",
            tooltip="Akut hjälp: 112, socialjouren, Kvinnofridslinjen, BRIS (F2, fungerar överallt)",
        ),
        Binding(
            "f1",
            "help",
            "Hjälp",
            key_display="F1",
            priority=True,
            id="help",
            tooltip="Hjälp och tangenter (F1)",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Sök",
            show=False,
            priority=True,
            id="palette",
            tooltip="Hoppa till en guide, ett rutinavsnitt eller en kontakt (ctrl+p)",
        ),
        Binding(
            "f9",
            "clear_session",
            "Rensa",
            key_display="F9",
            priority=True,
            id="clear",
            tooltip="Rensa sessionen: roll, svar och text glöms (F9)",
        ),
        Binding(
            "f4",
            "toggle_coach",
            "Coachläge",
            key_display="F4",
            show=False,
            priority=True,
            id="coach",
            tooltip="Coachläge (F4)",
        ),
        Binding("k", "directory", "Kontakter", show=False, id="directory", tooltip="Katalogen (k)"),
        Binding("r", "routines", "Rutiner", show=False, id="routines", tooltip="Läs en rutin (r)"),
    ]

    coach: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        content_dir: Path | str,
        now: dt.datetime | None = None,
        *,
        pack: ContentPack | None = None,
        idle_seconds: float | None = None,
        export_dir: Path | str | None = None,
    ) -> None:
        super().__init__()
        self.content_dir = Path(content_dir)
        self.fixed_now = now
        self.pack: ContentPack | None = None
        self._given_pack = pack
        self.flow_problems: dict[str, str] = {}
        self.role: str | None = None
        self.idle_seconds = float(idle_seconds if idle_seconds is not None else IDLE_MINUTES * 60)
        self.export_dir = Path(export_dir) if export_dir is not None else None
        self.monotonic: Callable[[], float] = time.monotonic
        self._last_input = self.monotonic()
        self._copied = False
        self.start_list: StartList | None = None
        """The guides as the build wrote them (`startlist.py`): shown before the pack has loaded; None without it."""
        self._pending_start: tuple[str, dict[str, str] | None, dict[str, str] | None] | None = None
        """A guide chosen from the start list before the pack had loaded: started when it has."""
        self.search_index: SearchIndex | None = None
        """Built in the loading thread once the guides are painted (never on the event loop); None until then."""
        self._guides_painted = threading.Event()
        self._clearing = False
        self._idle_warned = False
        self._heap_frozen = False
        self._collect_timer: Timer | None = None
        self.parked: dict[str, Walk] = {}
        """Walks left by Back from their first question, kept for re-entry (cleared with the session)."""
        self.theme = DARK

    # ------------------------------------------------------------ clock and content

    def now(self) -> dt.datetime:
        """The app's clock: frozen when a time was given (tests, snapshots, --now), else now in Stockholm."""
        if self.fixed_now is not None:
            return self.fixed_now
        from vinrguide.hours import now_in_stockholm

        return now_in_stockholm()

    @property
    def pack_or_fail(self) -> ContentPack:
        assert self.pack is not None, "content not loaded yet"
        return self.pack

    def on_mount(self) -> None:
        if self._given_pack is None:
            from vinrguide.startlist import read

            # ~1 ms; the start screen lists the guides from it at once
            self.start_list = read(self.content_dir)
        self.push_screen(StartScreen())
        self.set_interval(max(0.05, min(30.0, self.idle_seconds / 4)), self.idle_tick, name="idle")
        if self._given_pack is not None:  # tests and benchmarks hand the pack in: ready at once
            self.content_ready(self._given_pack, self._problems(self._given_pack))
            self.index_ready(self._build_index(self._given_pack))
        else:
            self.call_after_refresh(self._load_in_thread)

    @staticmethod
    def _problems(pack: ContentPack) -> dict[str, str]:
        """Which guides cannot be walked: needed to list the guides (a broken one is shown and not startable), and
        cheap (a few ms), so it is known before the guides are shown."""
        from vinrguide.content.flowgraph import flow_problems

        return flow_problems(pack)

    @staticmethod
    def _build_index(pack: ContentPack) -> SearchIndex:
        from vinrguide.search import SearchIndex

        return SearchIndex.build(pack)

    @work(thread=True, exclusive=True, group="content", exit_on_error=False)
    def _load_in_thread(self) -> None:
        """The pack, then (once the guides are painted) the search index: the guides do not wait for the index,
        which costs more than loading the pack, and the index does not compete with painting them."""
        import gc

        gc.freeze()  # what the first paint made lives as long as the app: loading need not collect over it (-10 ms)
        worker = get_current_worker()
        if self.start_list is not None and not self._wait_for_guides(worker):
            return  # the guides come from the start list: loading waits for their paint rather than slowing it
        from vinrguide.content.errors import ContentError
        from vinrguide.content.pack import ContentPack, load_pack

        try:
            pack = load_pack(self.content_dir)
        except Exception as exc:  # never crash on content: say what is wrong
            pack = ContentPack(root=self.content_dir)
            pack.errors.append(
                ContentError(str(self.content_dir), f"innehållet kunde inte läsas ({type(exc).__name__})")
            )
        self.call_from_thread(self.content_ready, pack, self._problems(pack))
        if not self._wait_for_guides(worker):
            return
        self.call_from_thread(self.index_ready, self._build_index(pack))
        import vinrguide.advice  # noqa: F401  (what the first answer needs, imported while the user reads)

    def _wait_for_guides(self, worker: Worker[None]) -> bool:
        """In the loading thread: wait until the guides are painted (at most GUIDES_PAINT_WAIT: a start screen closed
        while loading never says so); False when the app is quitting, which must not wait for this thread."""
        waited = 0.0
        while not self._guides_painted.wait(0.05) and waited < GUIDES_PAINT_WAIT:
            waited += 0.05
            if worker.is_cancelled:
                return False
        return not worker.is_cancelled

    def content_ready(self, pack: ContentPack, problems: dict[str, str]) -> None:
        """The pack has loaded: the start screen lists the guides (the search index follows: `index_ready`)."""
        self.pack = pack
        self.flow_problems = problems
        for screen in self.screen_stack:
            if isinstance(screen, StartScreen) and screen.is_mounted:
                screen.content_ready(pack)
        pending, self._pending_start = self._pending_start, None
        if pending is not None:  # chosen from the start list: the pack decides now whether it can start
            self.call_later(self.start_guide, *pending)

    def index_ready(self, index: SearchIndex) -> None:
        """The search index is built: a text typed while it was being built is searched now (never lost)."""
        from textual.widgets import Input

        self.search_index = index
        if self._heap_frozen:
            import gc

            gc.freeze()  # the index lives as long as the app, as the rest of the frozen heap
        for screen in self.screen_stack:
            if not (isinstance(screen, StartScreen) and screen.is_mounted and screen.ready):
                continue
            if screen.query_one("#situation", Input).value.strip():
                screen.update_results(focus=screen.focus_when_indexed)
            screen.focus_when_indexed = False

    def settle_heap(self) -> None:
        """Once the guides are painted: the content, the modules and the start screen live as long as the app, so
        collect once and freeze them (`gc.freeze`): the cyclic collector then no longer walks them on every answer
        (about 30 % of an answer's CPU before)."""
        import gc

        self._guides_painted.set()  # the loading thread may build the search index now
        if not self._heap_frozen:
            self._heap_frozen = True
            gc.collect()
            gc.freeze()
            # an outcome makes ~21,000 objects (YOUNG_ROOM): with the default threshold (700) collections run in the middle of
            # rendering it and set the p95; collect_while_reading does it after the answer is on screen instead
            gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])

    def collect_while_reading(self) -> None:
        """After an answer is on screen: collect the garbage it left while the user reads, not on the next key."""
        import gc

        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.set_timer(0.4, gc.collect, name="collect")
        self.call_after_refresh(self._collect_if_nearly_full)

    def _collect_if_nearly_full(self) -> None:
        """Just after an answer's frame: collect when the next answer could fill the young generation, the
        generations Python itself would (a full collection only while reading)."""
        import gc

        if not self._heap_frozen:
            return
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] + YOUNG_ROOM < thresholds[0]:
            return
        gc.collect(1 if counts[1] >= thresholds[1] else 0)

    def _need_content(self) -> bool:
        if self.pack is None:
            self.notify("Innehållet läses in – försök igen om ett ögonblick.")
            return False
        return True

    # ------------------------------------------------------------ idle and clearing the session

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp | events.Paste,
        ):
            self._last_input = self.monotonic()
            if self._idle_warned:
                self._idle_warned = False
                self.clear_notifications()
        await super().on_event(event)

    @property
    def idle_warning_seconds(self) -> float:
        return min(IDLE_WARNING_SECONDS, self.idle_seconds / 4)

    async def idle_tick(self) -> None:
        idle = self.monotonic() - self._last_input
        if idle >= self.idle_seconds:
            self._last_input = self.monotonic()
            self._idle_warned = False
            if self._has_session():
                minutes = round(self.idle_seconds / 60)
                await self.clear_session(f"Sessionen rensades efter {minutes} minuter utan aktivitet.")
        elif (
            idle >= self.idle_seconds - self.idle_warning_seconds
            and not self._idle_warned
            and self._has_session()
        ):
            self._idle_warned = True
            left = self.idle_seconds - idle
            when = "en minut" if left > 45 else f"{max(1, round(left))} sekunder"
            self.notify(IDLE_WARNING.format(when=when), title="Ingen aktivitet", timeout=left + 1)

    def _has_session(self) -> bool:
        if self.role or self.coach or len(self.screen_stack) > 2:
            return True
        start = self.screen_stack[-1] if self.screen_stack else None
        if isinstance(start, StartScreen) and start.is_mounted and start.ready:
            from textual.widgets import Input

            return bool(start.query_one("#situation", Input).value)
        return False

    async def action_clear_session(self) -> None:
        await self.clear_session("Sessionen är rensad: roll, svar och text är borta.")

    async def clear_session(self, message: str) -> None:
        """Forget everything the user chose or typed: every screen goes, a fresh start screen comes."""
        if (
            self._clearing
        ):  # a second F9 while the first is still popping screens would push two start screens
            return
        self._clearing = True
        try:
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            self.role = None
            self.coach = False
            self.parked.clear()
            self._pending_start = None
            if self._copied:
                self.copy_to_clipboard("")
                self._copied = False
            if self.search_index is not None:
                self.search_index.clear_cache()  # what it remembers of earlier queries
            self.clear_notifications()
            await self.push_screen(StartScreen())
            self.notify(message, title="Rensat")
        finally:
            self._clearing = False

    # ------------------------------------------------------------ screens

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("directory", "routines", "practice"):
            return isinstance(self.screen, GuideScreen)  # not on top of a dialog or the palette
        return True

    def has_answers(self) -> bool:
        """Answers the user would lose by quitting: an open guide with at least one answer, or a parked one."""
        from vinrguide.tui.screens.conversation import ConversationScreen

        open_walks = [s.walk for s in self.screen_stack if isinstance(s, ConversationScreen)]
        return any(walk.answered for walk in [*open_walks, *self.parked.values()])

    async def action_quit(self) -> None:
        """Quit at once when nothing would be lost, else ask first."""
        from vinrguide.tui.screens.dialogs import ConfirmScreen

        if not self.has_answers():
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmScreen("Avsluta? Dina svar i guiden glöms.", yes="Avsluta (j)", no="Fortsätt (n)"),
            answered,
        )

    def action_acute(self) -> None:
        from vinrguide.tui.screens.dialogs import AcuteScreen

        if not isinstance(self.screen, AcuteScreen):
            self.push_screen(AcuteScreen())

    def action_help(self) -> None:
        from vinrguide.tui.screens.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
        else:
            self.push_screen(HelpScreen())

    def action_directory(self) -> None:
        from vinrguide.tui.screens.directory import DirectoryScreen

        if self._need_content() and not isinstance(self.screen, DirectoryScreen):
            self.push_screen(DirectoryScreen())

    def action_practice(self) -> None:
        from vinrguide.tui.screens.coach import PracticeScreen

        if self._need_content() and not isinstance(self.screen, PracticeScreen):
            self.push_screen(PracticeScreen())

    def action_toggle_coach(self) -> None:
        self.coach = not self.coach
        self.notify("Coachläge på: varför-texter och karta (m) visas." if self.coach else "Coachläge av.")

    def watch_coach(self, coach: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, GuideScreen) and screen.is_mounted:
                screen._coach_changed(coach)

    def action_routines(self) -> None:
        from textual.command import SimpleCommand

        if not self._need_content():
            return
        commands = [
            SimpleCommand(r.meta.title, lambda rid=r.id: self.open_reader(rid), r.meta.summary or None)
            for r in self.pack_or_fail.routines.values()
        ]
        self.search_commands(commands, placeholder="Välj en rutin att läsa…")

    def start_guide(
        self,
        flow_id: str,
        facts: dict[str, str] | None = None,
        suggest: dict[str, str] | None = None,
    ) -> None:
        """A new walk: the role and any facts the user confirmed are given; `akut` never is (it is always asked)."""
        if self.pack is None and self.start_list is not None:
            # the pack is a moment away: start the guide when it is here
            self._pending_start = (flow_id, facts, suggest)
            return
        from vinrguide.engine import Walk, WalkError
        from vinrguide.tui.screens.conversation import ConversationScreen

        if not self._need_content():
            return
        pack = self.pack_or_fail
        if flow_id not in pack.flows or flow_id in self.flow_problems:
            self.notify("Guiden kan inte användas just nu (fel i innehållet).", severity="error")
            return
        given = dict(facts or {})
        given.pop("akut", None)  # akut is always asked
        if self.role:
            given["roll"] = self.role
        elif given.get(
            "roll"
        ):  # a role read from the text and confirmed: the rest of the session uses it too
            self.role = given["roll"]
        parked = self.parked.pop(flow_id, None)
        if parked is not None and not facts and parked.given == given:
            self.push_screen(ConversationScreen(parked))
            return
        try:
            walk = Walk(pack, flow_id, given)
        except (WalkError, KeyError, ValueError) as exc:
            self.notify(f"Guiden kan inte användas just nu: {exc}", severity="error")
            return
        self.push_screen(ConversationScreen(walk, suggest=suggest))

    def start_practice(self, scenario: Scenario) -> None:
        from vinrguide.engine import Walk, WalkError
        from vinrguide.tui.screens.conversation import ConversationScreen

        given = {"roll": scenario.facts["roll"]} if "roll" in scenario.facts else {}
        try:
            walk = Walk(self.pack_or_fail, scenario.flow, given)
        except (WalkError, KeyError) as exc:
            self.notify(f"Övningsfallet kan inte användas: {exc}", severity="error")
            return
        self.push_screen(ConversationScreen(walk, practice=scenario))

    def open_reader(self, ref: str) -> None:
        from vinrguide.tui.screens.reader import ReaderScreen

        if not self._need_content():
            return
        if self.pack_or_fail.section(ref) is None:
            self.notify(f"Rutinavsnittet '{ref}' finns inte i innehållet.", severity="warning")
            return
        self.push_screen(ReaderScreen(ref))

    def show_unit(self, unit_id: str) -> None:
        from vinrguide.tui.screens.dialogs import UnitScreen

        if self._need_content() and unit_id in self.pack_or_fail.units:
            self.push_screen(UnitScreen(unit_id))
        elif self.pack is not None:
            self.notify(f"Kontakten '{unit_id}' finns inte i katalogen.", severity="warning")

    def show_legal(self, legal_id: str) -> None:
        from vinrguide.tui.screens.dialogs import LegalScreen

        if self._need_content() and legal_id in self.pack_or_fail.legal:
            self.push_screen(LegalScreen(legal_id))

    def open_link(self, href: str) -> None:
        """A link from content: routine:, unit:, flow: open in the app; web addresses in the browser."""
        kind, _, ident = href.partition(":")
        if kind == "routine":
            self.open_reader(ident)
        elif kind == "unit":
            self.show_unit(ident)
        elif kind == "flow":
            self.start_guide(ident)
        elif kind in ("http", "https", "mailto"):
            self.open_url(href)
            self.notify("Länken öppnas i webbläsaren.")
        else:
            self.notify(f"Länken '{href}' kan inte öppnas här.", severity="warning")

    # ------------------------------------------------------------ export and clipboard

    def copy_text(self, text: str, what: str = "Sammanfattningen") -> None:
        self.copy_to_clipboard(text)
        self._copied = True
        self.notify(f"{what} är kopierad (om terminalen eller webbläsaren tillåter det).")

    def export_directory(self) -> Path:
        """Where a summary is saved in the terminal: the given folder, else Downloads if it exists, else the
        current folder (Textual's own default fails when ~/Downloads is missing)."""
        if self.export_dir is not None:
            return self.export_dir
        from platformdirs import user_downloads_path

        downloads = user_downloads_path()
        return downloads if downloads.is_dir() else Path.cwd()

    def export_text(self, text: str, directory: Path | None = None) -> None:
        """Save the summary: a download in the browser, a file in `directory` (or `export_directory()`) in the
        terminal. The notification says where it went."""
        import io

        from vinrguide.summary import summary_filename

        target = None if self.is_web else (directory or self.export_directory())
        if target is not None and not target.is_dir():
            what = "är ingen mapp" if target.exists() else "finns inte"
            self.notify(
                f"Sammanfattningen kunde inte sparas: {target} {what}. Ange en annan mapp, eller Kopiera den (c).",
                title="Exporten misslyckades",
                severity="error",
                timeout=12,
            )
            return
        try:
            key = self.deliver_text(
                io.StringIO(text),
                save_directory=target,
                save_filename=summary_filename(self.now()),
                mime_type="text/markdown",
                name="summary",
            )
        except Exception as exc:
            self._export_failed(exc)
            return
        if key is None:
            self.notify(
                "Sammanfattningen kunde inte sparas här. Kopiera den i stället (c).", severity="error"
            )

    @on(events.DeliveryComplete)
    def _delivered(self, event: events.DeliveryComplete) -> None:
        if event.name == "summary":
            where = f" som {event.path}" if event.path else ""
            self.notify(f"Sammanfattningen är sparad{where}.", title="Exporterad", timeout=8)

    @on(events.DeliveryFailed)
    def _delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == "summary":
            self._export_failed(event.exception)

    def _export_failed(self, exc: BaseException) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        self.notify(
            f"Sammanfattningen kunde inte sparas ({reason}). Kopiera den i stället (c), eller försök igen.",
            title="Exporten misslyckades",
            severity="error",
            timeout=12,
        )

    # ------------------------------------------------------------ palette and themes, in Swedish

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from vinrguide.tui.palette import SwedishCommandPalette

        if self.use_command_palette and not any(isinstance(s, CommandPalette) for s in self.screen_stack):
            self.push_screen(
                SwedishCommandPalette(
                    placeholder="Sök guide, rutinavsnitt, kontakt …", id="--command-palette"
                )
            )

    def search_commands(self, commands: Sequence[CommandListItem], placeholder: str = "Sök …") -> AwaitMount:
        from textual.command import SimpleProvider

        from vinrguide.tui.palette import SwedishCommandPalette

        provider = SimpleProvider(self.screen, list(commands))
        return self.push_screen(
            SwedishCommandPalette(providers=[provider], placeholder=placeholder)  # type: ignore[list-item]
        )

    def action_help_quit(self) -> None:
        self.notify("Tryck ctrl+q för att avsluta. Tryck F9 först om datorn delas.", title="Vill du avsluta?")

    # ------------------------------------------------------------ privacy of crashes

    def _fatal_error(self) -> None:
        """Like Textual's, but the traceback shows no local variables: they may hold what the user typed."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(Segments(self.console.render(traceback, self.console.options)))
        self._close_messages_no_wait()


def idle_seconds_from_env() -> float | None:
    value = os.environ.get(IDLE_ENV)
    if not value:
        return None
    try:
        minutes = float(value.replace(",", "."))
    except ValueError:
        return None
    return minutes * 60 if minutes > 0 else None


def run(content_dir: Path, now: dt.datetime | None = None) -> int:
    """`vinrguide` with no command. `now` freezes the app's clock (tests, demonstrations)."""
    app = GuideApp(content_dir, now=now, idle_seconds=idle_seconds_from_env())
    app.run()
    return app.return_code or 0
