"""The header on every screen: the app's name, the screen's title and a clickable "AKUT 112"; the draft notice bar."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

APP_NAME = "Stöd vid våld"


class AcuteButton(Static):
    """Always visible; a click opens acute help (the same as F2). Not focusable: F2 is the key."""

    def __init__(self) -> None:
        # No tooltip: its label says what it does, and in the browser a tooltip stayed over the header after a click.
        super().__init__(Content(" AKUT 112 · F2 "), id="acute-button")

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action("acute")


class AppHeader(Horizontal):
    def __init__(self, title: str = "", coach: bool = False) -> None:
        super().__init__(id="app-header")
        self._title = title
        self._coach = coach

    def compose(self) -> ComposeResult:
        yield Static(Content(APP_NAME), id="app-name")
        yield Static(Content(self._title), id="screen-title")
        badge = Static(Content(" COACHLÄGE "), id="coach-badge")
        badge.display = self._coach
        yield badge
        yield AcuteButton()

    def set_coach(self, coach: bool) -> None:
        self._coach = coach
        for badge in self.query("#coach-badge"):
            badge.display = coach

    def set_title(self, title: str) -> None:
        self._title = title
        if self.is_mounted:
            self.query_one("#screen-title", Static).update(Content(title))


class DraftBar(Static):
    """The pack's draft notice ("Utkast – inte fastställd av …"), one quiet line on every screen with draft content."""

    def __init__(self) -> None:
        super().__init__("", id="draft-bar")
        self.display = False

    def show_notice(self, notice: str | None) -> None:
        self.update(Content(notice) if notice else "")
        self.display = bool(notice)
