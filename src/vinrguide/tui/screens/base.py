"""What every full screen shares: the header with AKUT 112, the draft notice bar, the footer and Back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from vinrguide.tui.widgets.footer import GuideFooter
from vinrguide.tui.widgets.header import AppHeader, DraftBar

if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack
    from vinrguide.tui.app import GuideApp

BACK = Binding(
    "escape,b", "back", "Tillbaka", key_display="Esc", id="back", tooltip="Ett steg tillbaka (Esc eller b)"
)


class GuideScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = []
    HEADER_TITLE = ""

    @property
    def guide_app(self) -> GuideApp:
        return self.app  # type: ignore[return-value]

    @property
    def pack(self) -> ContentPack:
        pack = self.guide_app.pack
        assert pack is not None, "screens that need content open only after it has loaded"
        return pack

    def compose(self) -> ComposeResult:
        yield AppHeader(self.HEADER_TITLE, coach=self.guide_app.coach)
        yield DraftBar()
        yield from self.compose_body()
        yield GuideFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def set_title(self, title: str) -> None:
        self.query_one(AppHeader).set_title(title)

    def show_draft(self, draft: bool) -> None:
        pack = self.guide_app.pack
        self.query_one(DraftBar).show_notice(pack.draft_notice if draft and pack is not None else None)

    async def action_back(self) -> None:
        self.dismiss_or_pop()

    def dismiss_or_pop(self) -> None:
        if self.app.screen is self and len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def coach_changed(self, coach: bool) -> None:
        """Called on every screen in the stack when coach mode is switched on or off."""

    def _coach_changed(self, coach: bool) -> None:
        for header in self.query(AppHeader):
            header.set_coach(coach)
        self.coach_changed(coach)
