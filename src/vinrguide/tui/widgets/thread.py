"""The conversation as a messaging thread: the guide's questions, the user's answers as replies, numbered choices."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual._arrange import DockArrangeResult
    from textual.css.styles import RulesMap
    from textual.geometry import Region, Size
    from textual.strip import Strip

    from vinrguide.engine import Step


class Thread(VerticalScroll):
    """The scrolling thread; it scrolls to the end (a new question) or to a widget's top (the outcome) in the same
    layout pass that places the new widgets, so an answer is on screen, scrolled, in one frame (`scroll_end` or
    `scroll_to_widget` after a refresh would need a layout first and then another frame)."""

    _scroll_on_layout: Widget | Literal["end"] | None = None

    def scroll_on_layout(self, target: Widget | Literal["end"]) -> None:
        """Scroll to `target` when the thread is next laid out (once)."""
        self._scroll_on_layout = target
        self.refresh(layout=True)

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        result = super().arrange(size, optimal)
        if optimal:
            return result
        bottom = max(0, result.total_region.bottom - size.height)
        # The gutter is kept for the scrollbar (`scrollbar-gutter: stable`), so whether it shows changes no width:
        # set it here, or the first answer that makes the thread overflow would need one more layout, a frame later.
        if self.styles.scrollbar_gutter == "stable" and self.styles.overflow_y == "auto":
            self.set_reactive(VerticalScroll.show_vertical_scrollbar, bottom > 0)
        target = self._scroll_on_layout
        if target is None:
            return result
        if target == "end":
            y = bottom
        else:
            place = next((p for p in result.placements if p.widget is target), None)
            if place is None:  # not arranged yet (still mounting): on the next layout
                return result
            y = min(bottom, max(0, place.region.y - place.margin.top))
        self._scroll_on_layout = None
        # as Textual's own anchoring does (Compositor._arrange_root): the scroll is set before the placements
        # are offset by it, so this very layout shows the thread scrolled
        self.set_reactive(VerticalScroll.scroll_y, y)
        self.set_reactive(VerticalScroll.scroll_target_y, y)
        self.vertical_scrollbar.set_reactive(ScrollBar.position, y)
        return result


class QuestionBubble(Static):
    """One of the guide's questions; with its "Varför frågar vi?" below when asked for (or in coach mode)."""

    def __init__(self, text: str, why: str, show_why: bool, current: str | None = None) -> None:
        """`current`: the id of the question when it is the one to answer now."""
        classes = "bubble question" + (" current" if current else "")
        super().__init__(classes=classes)
        self.question_text, self.why_text = text, why
        self.show_why = show_why
        self.current = current

    def on_mount(self) -> None:
        self._refresh()

    def answered(self, show_why: bool) -> None:
        """The current question, answered: it stays in the thread as an earlier question."""
        self.current = None
        self.remove_class("current")
        self.set_why(show_why)

    def _refresh(self) -> None:
        parts: list[str | tuple[str, str]] = [(self.question_text, "bold" if self.current else "")]
        if self.show_why and self.why_text:
            parts += ["\n", ("Varför frågar vi? ", "bold italic $text-accent"), (self.why_text, "italic")]
        self.update(Content.assemble(*parts))

    def set_why(self, show: bool) -> None:
        self.show_why = show
        self._refresh()


class AnswerBubble(Widget, can_focus=True):
    """The user's reply; Enter or a click goes back to that question to change the answer (later answers are kept)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "change", "Ändra svaret", show=False, id="change-answer", tooltip="Ändra svaret (Enter)"
        )
    ]

    class ChangeRequested(Message):
        def __init__(self, node: str) -> None:
            super().__init__()
            self.node = node

    def __init__(self, step: Step, source: str) -> None:
        super().__init__(classes="bubble answer" + (" auto" if step.auto else ""))
        self.step = step
        self._source = source
        self.tooltip = "Ändra svaret (Enter eller klick)"

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = [(self.step.label, "bold")]
        if self.step.auto:
            parts.append((f"  · {self._source}", "italic"))
        parts.append(("  ✎ ändra", "dim"))
        return Content.assemble(*parts)

    def action_change(self) -> None:
        self.post_message(self.ChangeRequested(self.step.node))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_change()


class ChoiceList(OptionList):
    """The current question's options, numbered 1–9; the earlier (or suggested) answer is marked."""

    def __init__(self, choices: list[tuple[str, str]], marked: str | None, mark_text: str) -> None:
        self.options_shown = self._options_for(choices, marked, mark_text)
        super().__init__(*self.options_shown, id="choices", classes="choices")
        self.values = [value for value, _ in choices]
        self._marked = marked

    @staticmethod
    def _options_for(choices: list[tuple[str, str]], marked: str | None, mark_text: str) -> list[Option]:
        options = []
        for n, (value, label) in enumerate(choices, 1):
            prompt: list[str | tuple[str, str]] = [(f"{n}  " if n <= 9 else "   ", "bold"), label]
            if value == marked:
                prompt.append((f"  ← {mark_text}", "italic $text-accent"))
            options.append(Option(Content.assemble(*prompt), id=value))
        return options

    def show_choices_of(self, other: ChoiceList) -> None:
        """Show `other`'s options (the next question's) here: the list is updated in place, not remounted."""
        self.options_shown = other.options_shown
        self.values, self._marked = other.values, other._marked
        # The new options are counted against the list's old height, so a longer list would turn its scrollbar on
        # (or a shorter one off) a frame after the layout that placed it, and the list be laid out again: whether
        # the options fit in the list's height is known here, so the scrollbar is set before that layout.
        padding = self.get_component_styles("option-list--option").padding.width
        width = self.content_region.width - padding  # no scrollbar: options that do not fit so never do
        limit = self.styles.max_height
        rules = cast("RulesMap", self.styles)
        lines = sum(cast(Content, option.prompt).get_height(rules, width) for option in other.options_shown)
        fits = limit is not None and limit.is_cells and lines <= limit.value - self.styles.gutter.height
        self.styles.overflow_y = "hidden" if fits else "auto"
        self.set_reactive(OptionList.show_vertical_scrollbar, not fits)
        self.set_options(other.options_shown)
        self._highlight()

    def on_mount(self) -> None:
        self._highlight()

    _rendered_width: int | None = None
    """The width the rendered options were made for."""

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width != self._rendered_width:  # what was rendered at another width is not used again
            if self._rendered_width is not None:
                self._option_render_cache.clear()
                self._line_cache.clear()
            self._rendered_width = width
        return super().render_lines(crop)

    def _on_resize(self, event: events.Resize | None = None) -> None:
        # OptionList forgets its rendered options on every resize and draws them again a frame after the layout
        # that drew them: a list only taller or shorter (the next question's choices) keeps them, and one frame
        if event is not None and self.scrollable_content_region.width == self._rendered_width:
            event.prevent_default()  # OptionList's own handler is not called

    def _highlight(self) -> None:
        if self._marked in self.values:
            self.highlighted = self.values.index(self._marked)
        elif self.values:
            self.highlighted = 0
