"""The footer: the keys in order of importance (acute help, Back, help first), only as many as fit the width, and
updated in place when the bindings change.

Textual's footer recomposes itself after every focus change (and removing its keys lays the screen out once more, a
frame later); this one keeps its `FooterKey`s and changes their text, so an answer's new keys are drawn in the same
frame as the answer. At 60 columns and less the less important keys are left out rather than cut off, and the acute
help key is always the first.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("acute", "back", "help", "clear")
"""Binding ids shown first, in this order: acute help (F2), Back (Esc), help (F1), clearing the session (F9); then
the screen's own keys in their order; the command palette (docked right) last."""
PALETTE = "palette"


class Key(NamedTuple):
    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool

    @property
    def width(self) -> int:
        """Cells taken in the compact footer: "F2 AKUT 112" and its right margin (the palette key: its border)."""
        text = cell_len(self.display) + (1 + cell_len(self.description) if self.description else 0)
        return text + 1 + (1 if self.palette else 0)


class GuideFooter(Footer):
    _keys: tuple[Key, ...] = ()

    def _wanted(self, screen: Screen) -> tuple[Key, ...]:
        """The keys to show, most important first."""
        app = self.app
        found: list[tuple[tuple[int, int], Key]] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            palette = binding.key == app.COMMAND_PALETTE_BINDING
            if not (binding.show or (palette and self.show_command_palette and app.ENABLE_COMMAND_PALETTE)):
                continue
            if binding.action in seen:  # one key per action, as in Textual's footer
                continue
            seen.add(binding.action)
            index = len(found)
            rank = (0, FIRST.index(binding.id)) if binding.id in FIRST else (2 if palette else 1, index)
            key = Key(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                (binding.tooltip or binding.description) if palette else tooltip,
                palette,
            )
            found.append((rank, key))
        return tuple(key for _rank, key in sorted(found, key=lambda item: item[0]))

    def compose(self) -> ComposeResult:
        yield from ()  # the keys are mounted (and then updated in place) when the bindings are known

    def on_mount(self) -> None:
        super().on_mount()
        self.bindings_changed(self.screen)

    @staticmethod
    def _new_key(key: Key) -> FooterKey:
        return FooterKey(
            key.key,
            key.display,
            key.description,
            key.action,
            disabled=not key.enabled,
            tooltip=key.tooltip,
            classes="-command-palette" if key.palette else "",
        )

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not (self.is_attached and self.is_mounted):
            return
        try:
            if screen is not self.screen:
                return
            wanted = self._wanted(screen)
        except NoScreen:  # removed with its screen meanwhile
            return
        if wanted != self._keys:
            self._show(wanted, self._most_keys(screen))

    def _most_keys(self, screen: Screen) -> int:
        """How many keys the screen can show at most: the app's and the screen's shown bindings, and the palette."""
        classes = [*type(self.app).__mro__, *type(screen).__mro__]
        bindings = Binding.make_bindings(b for cls in classes for b in cls.__dict__.get("BINDINGS", ()))
        return len({binding.action for binding in bindings if binding.show}) + 1

    def _show(self, wanted: tuple[Key, ...], most: int = 0) -> None:
        """Change the shown keys in place: reuse the key widgets in order, mount only the missing ones."""
        self._keys = wanted
        widgets = list(self.query_children(FooterKey))
        for widget, key in zip(widgets, wanted, strict=False):
            changed = (widget.key, widget.key_display, widget.description, widget.tooltip) != (
                key.key,
                key.display,
                key.description,
                key.tooltip,
            )
            widget.key, widget.key_display, widget.description, widget.action = (
                key.key,
                key.display,
                key.description,
                key.action,
            )
            widget.tooltip = key.tooltip or None
            widget._disabled = not key.enabled
            widget.set_class(not key.enabled, "-disabled")
            widget.set_class(key.palette, "-command-palette")
            if changed:
                widget.refresh(layout=True)
        missing = [self._new_key(key) for key in wanted[len(widgets) :]]
        # hidden until a key needs them: a screen whose keys grow (an outcome adds Exportera, Läs rutinen) then
        # mounts none, as a mount lays the screen out once more a frame after the change
        missing += [FooterKey("", "", "", "") for _ in range(most - len(widgets) - len(missing))]
        if missing:
            self.mount_all(missing)
        self._fit(widgets + missing)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self, widgets: list[FooterKey] | None = None) -> None:
        """Show the keys, in order of importance, that fit the width; the first one (acute help) always."""
        if widgets is None:
            widgets = list(self.query_children(FooterKey))
        room = self.app.size.width
        for index, widget in enumerate(widgets):
            key = self._keys[index] if index < len(self._keys) else None
            shown = key is not None and (index == 0 or key.width <= room)
            if shown and key is not None:
                room -= key.width
            else:
                # strictly in order: a less important key never shows in place of a more important one
                room = -1
            if widget.display != shown:
                widget.display = shown
