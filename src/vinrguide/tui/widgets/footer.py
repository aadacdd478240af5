"""The footer, recomposed only when the keys it shows change (Textual's recomposes on every focus change)."""

from __future__ import annotations

from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Footer


class GuideFooter(Footer):
    _shown: tuple[tuple[str, str, bool], ...] | None = None
    _pending = False

    def _signature(self) -> tuple[tuple[str, str, bool], ...]:
        return tuple(
            (binding.key, binding.description, enabled)
            for (_node, binding, enabled, _tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not (self.is_attached and screen is self.screen) or self._pending:
            return
        self._pending = True
        self.call_after_refresh(self._maybe_recompose)

    async def _maybe_recompose(self) -> None:
        self._pending = False
        if not self.is_attached or not self.is_mounted:
            return
        try:
            signature = self._signature()
        except NoScreen:  # removed with its screen meanwhile
            return
        if signature != self._shown:
            self._shown = signature
            await self.recompose()
