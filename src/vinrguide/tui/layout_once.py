"""One layout per change: a screen that does not lay itself out again for what its last layout already placed.

Textual lays a screen out on its next frame after a widget asks for it, but each widget sends that request (and
its repaint) only when it is next idle, often just after the screen has laid itself out; and the layout itself
makes every widget it gave a new size ask for another one (setting `virtual_size` does). So every answer that
mounted widgets was laid out and drawn twice, a frame apart, the second time changing nothing on screen.
`LayoutOnce` makes the first layout the only one: the requests not yet sent are taken into it, the messages sent
before it began are dropped when they come, and the requests its widgets make while it runs are dropped, except
where a scrollbar appeared or went and so changed the room its content has (that needs the layout again). A
repaint asked for meanwhile is drawn in the same frame. Requests made after a layout (a later change, a mount,
a resize event handled) are kept as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import _time, messages
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.geometry import Size


def _room(widget: Widget) -> tuple[bool, bool]:
    """What the widget's scrollbars take from its content: a stable gutter takes the same, shown or not."""
    stable = widget.styles.scrollbar_gutter == "stable"
    return widget.show_horizontal_scrollbar, widget.show_vertical_scrollbar or stable


class LayoutOnce(Screen[None]):
    """Mix in after the screen's own base class: Textual's CSS type selectors follow only the first base."""

    _reflowed_at = 0.0
    """When the last full layout began: a layout asked for before then is in it."""
    _repainted_at = 0.0
    """When the last repaint of the whole screen began: a widget's repaint asked for before then is in it."""

    def _widgets_and_scrollbars(self) -> list[Widget]:
        found: list[Widget] = []
        for widget in self.walk_children(Widget, with_self=False):
            found.append(widget)
            found += [
                bar for bar in (widget._vertical_scrollbar, widget._horizontal_scrollbar) if bar is not None
            ]
        return found

    def _take_pending(self, widgets: list[Widget]) -> None:
        """The layouts and repaints asked for since the last frame whose messages have not come yet (each widget
        sends its own when it is next idle, often just after the screen has laid itself out) are taken into
        this layout, as the messages would have done: the arrangements they change are forgotten, the widgets
        are drawn."""
        for widget in widgets:
            if widget._layout_required:
                widget._layout_required = False
                self._layout_widgets.setdefault(widget.parent or self, set()).add(widget)
                for ancestor in widget.ancestors:
                    if not isinstance(ancestor, Widget):
                        break
                    ancestor._clear_arrangement_cache()
                    ancestor._layout_updates += 1
                    if not ancestor.styles.auto_dimensions:
                        break
            if widget._repaint_required:
                widget._repaint_required = False
                if widget.display:
                    self._dirty_widgets.add(widget)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        if not self.is_current:  # laid out behind another screen (a resize): drawn when it is shown again
            super()._refresh_layout(size, scroll)
            return
        widgets = self._widgets_and_scrollbars()
        self._take_pending(widgets)  # every request made so far is in this layout: none is pending now
        # a full layout, not only the widgets a scroll exposed
        full = not scroll or bool(self._layout_widgets)
        if full:
            self._reflowed_at = _time.get_time()
        placed = self._compositor._full_map  # the layout replaces it: where each widget was before
        room = {widget: _room(widget) for widget in widgets}
        super()._refresh_layout(size, scroll)
        now_placed = self._compositor._full_map
        redraw: set[Widget] = set()
        for widget, had_room in room.items():  # what was asked for during the layout
            if widget._layout_required and _room(widget) == had_room:
                widget._layout_required = False
            if widget._repaint_required and not widget._layout_required:
                widget._repaint_required = False
                # a widget placed anew (moved, resized, shown) was drawn whole by this layout
                if not (full and widget in now_placed and placed.get(widget) != now_placed[widget]):
                    redraw.add(widget)
        if redraw:
            self._compositor.update_widgets(redraw)
            if self.app._batch_count:
                self.call_later(self._compositor_refresh)
            else:
                self._compositor_refresh()

    def _on_timer_update(self) -> None:
        began, whole = _time.get_time(), self._repaint_required
        super()._on_timer_update()
        if whole and not self._repaint_required:  # the whole screen was drawn
            self._repainted_at = began

    async def _on_update(self, message: messages.Update) -> None:
        # sent before the whole screen was last drawn, which drew the widget
        if message.time < self._repainted_at:
            message.stop()
            message.prevent_default()
            return
        await super()._on_update(message)

    async def _on_layout(self, message: messages.Layout) -> None:
        if message.time < self._reflowed_at:  # sent before the last layout began, which placed the widget
            message.stop()
            message.prevent_default()
            return
        await super()._on_layout(message)
