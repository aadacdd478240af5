"""The command palette (ctrl+p): jump to any guide, routine section or contact, or run one of the app's actions.

Matching ignores å/ä/ö ("gor inte" finds "Gör inte"). Before anything is typed the palette lists acute help first;
quitting is never offered first (a quick ctrl+p, Enter must not end the session). A second Enter that arrives
before the palette has closed is ignored: one choice closes the palette once and runs its command once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from vinrguide.tui.app import GuideApp

_FOLD = str.maketrans("åäöÅÄÖéÉüÜ", "aaoAAOeEuU")

QUIT_PENALTY = 0.5
"""Quitting ranks below anything else that matches as well: typing "a" must not put "Avsluta" first."""


def fold(text: str) -> str:
    return text.translate(_FOLD)


class SwedishCommandPalette(CommandPalette):
    """The palette, with Swedish words where Textual's are English, and closed at most once."""

    _choice_made = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close once. Textual's `dismiss` pops whatever screen is on top, so a second Enter that arrives before
        the palette has gone (two Enters with no pause) would pop the screen underneath it."""
        if self._choice_made or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._choice_made = True
        return super().dismiss(result)

    def _select_or_command(self, event: Any = None) -> None:
        if self._choice_made:
            if event is not None:
                event.stop()
            return
        super()._select_or_command(event)

    def _has_list(self) -> bool:
        """False while the palette is closing: its widgets are gone but its search worker may still report."""
        from textual.command import CommandList

        return bool(self.is_attached and self.query(CommandList))

    def _watch__list_visible(self) -> None:
        # Textual's own watcher raises NoMatches when results arrive after a quick Escape (found by the monkey test).
        if self._has_list():
            super()._watch__list_visible()

    def _action_command_list(self, action: str) -> None:
        # Textual 8.2.8 raises KeyError from OptionList._move_page when page up/down comes before the list is laid
        # out (found by the monkey test); the key then simply does nothing.
        if not self._has_list() or self._choice_made:
            return
        with contextlib.suppress(KeyError):
            super()._action_command_list(action)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if not self._has_list():
                return
            if search_value:
                from textual.command import CommandList

                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text("Inget hittades", style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


@dataclass(frozen=True)
class Entry:
    """One thing the palette can do."""

    title: str
    help: str
    run: Callable[[], object]
    shown: bool = False
    """Listed before anything is typed."""
    quit: bool = False


class ContentCommands(Provider):
    """Acute help first, then the app's actions, guides, routine sections, contacts, themes; quitting last."""

    @property
    def guide_app(self) -> GuideApp:
        return self.app  # type: ignore[return-value]

    def entries(self) -> list[Entry]:
        app = self.guide_app
        found = [
            Entry(
                "Akut hjälp – 112", "F2: 112, socialjouren, Kvinnofridslinjen, BRIS", app.action_acute, True
            ),
            Entry(
                "Kontakter – katalogen", "Alla enheter och linjer, öppet nu (k)", app.action_directory, True
            ),
            Entry("Hjälp", "Tangenter och hur guiden fungerar (F1)", app.action_help, True),
            Entry("Rensa sessionen", "Glöm roll, svar och text (F9)", app.action_clear_session, True),
            Entry("Coachläge på/av", "Visar varför varje fråga ställs (F4)", app.action_toggle_coach),
            Entry("Övningsfall", "Gå igenom ett fall och jämför med facit", app.action_practice),
            Entry("Läs en rutin", "Välj en rutin att läsa (r)", app.action_routines),
        ]
        found += self._content_entries()
        from vinrguide.tui.app import DARK, LIGHT

        if app.theme != LIGHT:
            found.append(
                Entry("Ljust tema", "Mörk text på ljus bakgrund", partial(setattr, app, "theme", LIGHT))
            )
        if app.theme != DARK:
            found.append(
                Entry("Mörkt tema", "Ljus text på mörk bakgrund", partial(setattr, app, "theme", DARK))
            )
        found.append(Entry("Avsluta", "Stäng appen (ctrl+q)", app.action_quit, quit=True))
        return found

    def _content_entries(self) -> list[Entry]:
        app = self.guide_app
        pack = app.pack
        if pack is None:
            return []
        from vinrguide.engine import ordered_flows

        found = [
            Entry(f"Guide: {flow.title}", flow.description, partial(app.start_guide, flow.id), True)
            for flow in ordered_flows(pack)
            if flow.id not in app.flow_problems
        ]
        for routine in pack.routines.values():
            found.append(
                Entry(
                    f"Rutin: {routine.meta.title}", routine.meta.summary, partial(app.open_reader, routine.id)
                )
            )
            for section in routine.sections:
                if section.level > 1:
                    ref = f"{routine.id}#{section.anchor}"
                    title = f"Rutin: {routine.meta.title} – {section.heading}"
                    found.append(Entry(title, "", partial(app.open_reader, ref)))
        for unit in pack.units.values():
            phone = unit.primary_phone or "inget bekräftat nummer"
            aliases = f" ({', '.join(unit.aliases[:2])})" if unit.aliases else ""
            found.append(Entry(f"Kontakt: {unit.name}", f"{phone}{aliases}", partial(app.show_unit, unit.id)))
        return found

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        folded = self.matcher(fold(query))
        for entry in self.entries():
            score = matcher.match(entry.title)
            display = matcher.highlight(entry.title) if score > 0 else entry.title
            if score <= 0:
                score = folded.match(fold(entry.title)) * 0.95
            if entry.quit:
                score *= QUIT_PENALTY
            if score > 0:
                yield Hit(score, display, entry.run, help=entry.help or None)

    async def discover(self) -> Hits:
        for entry in self.entries():
            if entry.shown:
                yield DiscoveryHit(entry.title, entry.run, help=entry.help or None)
