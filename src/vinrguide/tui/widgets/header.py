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
        super().__init__(Content(" AKUT 112 · F2 "), id="acute-button")
        self.tooltip = "Akut hjälp: 112, socialjouren, Kvinnofridslinjen, BRIS (F2)"

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action("acute")


class AppHeader(Horizontal):
    def __init__(self, title: str = "") -> None:
        super().__init__(id="app-header")
        self._title = title

    def compose(self) -> ComposeResult:
        yield Static(Content(APP_NAME), id="app-name")
        yield Static(Content(self._title), id="screen-title")
        yield AcuteButton()

    def set_title(self, title: str) -> None:
        self._title = title
        if self.is_mounted:
            self.query_one("#screen-title", Static).update(Content(title))


class DraftBar(Static):
    """ "Utkast – inte fastställd av Uppsala kommun" on every screen that shows draft content."""

    def __init__(self) -> None:
        super().__init__("", id="draft-bar")
        self.display = False

    def show_notice(self, notice: str | None) -> None:
        self.update(Content(f"⚠ {notice}") if notice else "")
        self.display = bool(notice)
