"""The conversation as a messaging thread: the guide's questions, the user's answers as replies, numbered choices."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from vinrguide.engine import Step


class QuestionBubble(Static):
    """One of the guide's questions; with its "Varför frågar vi?" below when asked for (or in coach mode)."""

    def __init__(self, text: str, why: str, show_why: bool, current: bool = False) -> None:
        classes = "bubble question" + (" current" if current else "")
        super().__init__(classes=classes)
        self._text, self._why = text, why
        self.show_why = show_why

    def on_mount(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        parts: list[str | tuple[str, str]] = [(self._text, "bold" if self.has_class("current") else "")]
        if self.show_why and self._why:
            parts += ["\n", ("Varför frågar vi? ", "bold italic $text-accent"), (self._why, "italic")]
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
        options = []
        for n, (value, label) in enumerate(choices, 1):
            prompt: list[str | tuple[str, str]] = [(f"{n}  " if n <= 9 else "   ", "bold"), label]
            if value == marked:
                prompt.append((f"  ← {mark_text}", "italic $text-accent"))
            options.append(Option(Content.assemble(*prompt), id=value))
        super().__init__(*options, id="choices", classes="choices")
        self.values = [value for value, _ in choices]
        self._marked = marked

    def on_mount(self) -> None:
        if self._marked in self.values:
            self.highlighted = self.values.index(self._marked)
        elif self.values:
            self.highlighted = 0
