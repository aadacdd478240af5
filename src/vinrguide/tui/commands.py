"""The command palette (ctrl+p): jump to any guide, routine section or contact, or run one of the app's actions.

Matching ignores å/ä/ö ("gor inte" finds "Gör inte").
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from vinrguide.tui.app import GuideApp

_FOLD = str.maketrans("åäöÅÄÖéÉüÜ", "aaoAAOeEuU")


def fold(text: str) -> str:
    return text.translate(_FOLD)


class SwedishCommandPalette(CommandPalette):
    """The palette, with Swedish words where Textual's are English."""

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
        if not self._has_list():
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


class ContentCommands(Provider):
    """Guides, routine sections, contacts and the app's own actions."""

    @property
    def guide_app(self) -> GuideApp:
        return self.app  # type: ignore[return-value]

    def commands(self) -> list[tuple[str, str, Callable[[], object], bool]]:
        """(title, help, callback, shown before typing)."""
        app = self.guide_app
        found: list[tuple[str, str, Callable[[], object], bool]] = [
            ("Akut hjälp – 112", "F2: 112, socialjouren, Kvinnofridslinjen, BRIS", app.action_acute, True),
            ("Kontakter – katalogen", "Alla enheter och linjer, öppet nu (k)", app.action_directory, True),
            ("Hjälp", "Tangenter och hur guiden fungerar (F1)", app.action_help, True),
            ("Rensa sessionen", "Glöm roll, svar och text (F9)", app.action_clear_session, True),
            ("Coachläge på/av", "Visar varför varje fråga ställs (F4)", app.action_toggle_coach, False),
            ("Övningsfall", "Gå igenom ett fall och jämför med facit (o)", app.action_practice, False),
        ]
        pack = app.pack
        if pack is None:
            return found
        from vinrguide.tui.guides import ordered_flows

        for flow in ordered_flows(pack):
            if flow.id not in app.flow_problems:
                found.append(
                    (f"Guide: {flow.title}", flow.description, partial(app.start_guide, flow.id), True)
                )
        for routine in pack.routines.values():
            found.append(
                (
                    f"Rutin: {routine.meta.title}",
                    routine.meta.summary,
                    partial(app.open_reader, routine.id),
                    False,
                )
            )
            for section in routine.sections:
                if section.level > 1:
                    ref = f"{routine.id}#{section.anchor}"
                    found.append(
                        (
                            f"Rutin: {routine.meta.title} – {section.heading}",
                            "",
                            partial(app.open_reader, ref),
                            False,
                        )
                    )
        for unit in pack.units.values():
            phone = unit.primary_phone or "inget bekräftat nummer"
            aliases = f" ({', '.join(unit.aliases[:2])})" if unit.aliases else ""
            found.append(
                (f"Kontakt: {unit.name}", f"{phone}{aliases}", partial(app.show_unit, unit.id), False)
            )
        return found

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        folded = self.matcher(fold(query))
        for title, help_text, callback, _shown in self.commands():
            score = matcher.match(title)
            display = matcher.highlight(title) if score > 0 else title
            if score <= 0:
                score = folded.match(fold(title)) * 0.95
            if score > 0:
                yield Hit(score, display, callback, help=help_text or None)

    async def discover(self) -> Hits:
        for title, help_text, callback, shown in self.commands():
            if shown:
                yield DiscoveryHit(title, callback, help=help_text or None)
