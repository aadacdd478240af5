"""A guide as a conversation: questions and answers as a thread, ending in the outcome card.

Back returns one step and keeps later answers; any earlier answer can be changed from the thread; `akut` is always
asked (it is never among the facts given to a walk); questions answered from known facts are shown as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Markdown, OptionList, Static

from vinrguide.tui.layout_once import LayoutOnce
from vinrguide.tui.screens.base import BACK, GuideScreen
from vinrguide.tui.widgets.outcome import CheckItem, OutcomeCard, SourceLink
from vinrguide.tui.widgets.thread import AnswerBubble, ChoiceList, QuestionBubble, Thread

if TYPE_CHECKING:
    from vinrguide.advice import OutcomeView
    from vinrguide.content.models import Scenario
    from vinrguide.engine import Walk


class ConversationScreen(GuideScreen, LayoutOnce):  # GuideScreen first: CSS follows the first base
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK,
        *[
            Binding(
                str(n),
                f"answer({n})",
                f"Svar {n}",
                show=False,
                id=f"answer-{n}",
                tooltip=f"Svara med alternativ {n}",
            )
            for n in range(1, 10)
        ],
        Binding(
            "question_mark", "why", "Varför?", key_display="?", id="why", tooltip="Varför frågar vi? (?)"
        ),
        Binding("e", "export", "Exportera", id="export", tooltip="Sammanfattning utan personuppgifter (e)"),
        Binding("c", "copy", "Kopiera", show=False, id="copy", tooltip="Kopiera sammanfattningen (c)"),
        Binding("l", "sources", "Läs rutinen", id="sources", tooltip="Läs rutinavsnittet bakom råden (l)"),
        Binding("s", "restart", "Börja om", show=False, id="restart", tooltip="Börja om guiden (s)"),
        Binding("m", "map", "Karta", show=False, id="map", tooltip="Hela guiden som ett träd (m)"),
    ]

    def __init__(
        self,
        walk: Walk,
        suggest: dict[str, str] | None = None,
        practice: Scenario | None = None,
    ) -> None:
        super().__init__()
        self.walk = walk
        self.suggest = dict(suggest or {})
        self.practice = practice
        self.show_why = False
        self.view: OutcomeView | None = None
        self.ticked: set[str] = set()
        """The actions ticked off (their texts): kept while answers change, forgotten on restart."""
        self._building = False

    def compose_body(self) -> ComposeResult:
        yield Thread(id="thread")

    async def on_mount(self) -> None:
        title = self.walk.flow.title
        self.set_title(("Övningsfall: " if self.practice else "") + title)
        self.show_draft(self.walk.flow.status == "utkast")
        await self.rebuild()

    # ------------------------------------------------------------ building the thread

    def _source_of(self, fact: str) -> str:
        if fact == "roll":
            return "från ditt val av verksamhet"
        if self.practice:
            return "från övningsfallet"
        return "från din beskrivning"

    async def rebuild(self) -> None:
        from vinrguide.advice import render, resolve_outcome

        walk, app = self.walk, self.guide_app
        pack = app.pack_or_fail
        role = walk.role
        coach = app.coach
        widgets: list[Widget] = []
        keys: list[str | None] = []
        """What each widget shows, for the widgets that stay when the next answer comes (None: always new)."""
        if self.practice is not None and self.practice.vignette:
            widgets.append(
                Static(
                    Content.assemble(
                        ("Övningsfall: ", "bold"),
                        self.practice.name,
                        "\n",
                        (self.practice.vignette, "italic"),
                    ),
                    classes="practice-vignette",
                )
            )
            keys.append("vignette")
        for step in walk.path:
            node = walk.flow.nodes[step.node]
            text, why = (
                render(pack, getattr(node, "text", None), role),
                render(pack, getattr(node, "why", None), role),
            )
            widgets.append(QuestionBubble(text, why, show_why=coach))
            widgets.append(Horizontal(AnswerBubble(step, self._source_of(step.fact)), classes="reply-row"))
            keys += [f"question:{step.node}", f"answer:{step.node}:{step.value}:{step.auto}"]
        question = walk.question
        self.view = None
        if question is not None:
            widgets.append(
                QuestionBubble(
                    render(pack, question.text, role),
                    render(pack, question.why, role),
                    self.show_why or coach,
                    current=walk.current,
                )
            )
            remembered = walk.remembered
            marked, mark_text = None, ""
            if remembered is not None:
                marked, mark_text = remembered, "ditt svar"
            elif question.fact in self.suggest:
                marked, mark_text = self.suggest[question.fact], "din beskrivning tyder på detta – bekräfta"
            choices = [(o.value, walk.option_label(question, o.value)) for o in question.options]
            widgets.append(ChoiceList(choices, marked, mark_text))
            hint = f"Svara med 1–{min(len(choices), 9)} eller pilar och Enter · ? varför frågar vi · Esc tillbaka"
            if remembered is not None:
                hint = "Dina senare svar finns kvar. " + hint
            widgets.append(Static(Content(hint), classes="thread-hint"))
        else:
            self.view = resolve_outcome(app.pack_or_fail, walk.flow, walk.current, walk.facts, app.now())
            if self.practice is not None:
                widgets.append(Static(self._practice_result(), classes="practice-result"))
            widgets.append(OutcomeCard(app.pack_or_fail, self.view, self.ticked))
        thread = next(self.query("#thread").results(Thread), None)
        if (
            thread is None or not self.is_attached
        ):  # the session was cleared (F9) while this answer was handled
            return
        keys += [None] * (len(widgets) - len(keys))
        kept = 0  # the earlier questions and answers already shown stay: only what changed is mounted
        shown = list(thread.children)
        while kept < min(len(shown), len(keys)) and keys[kept] is not None:
            if getattr(shown[kept], "thread_key", None) != keys[kept]:
                break
            kept += 1
        for widget, key in zip(widgets, keys, strict=True):
            widget.thread_key = key  # type: ignore[attr-defined]
        async with thread.batch():
            answered = keys[kept] if kept < len(keys) else None
            if not await self._answered_in_place(thread, shown[kept:], widgets[kept:], answered):
                if kept < len(shown):
                    await thread.remove_children(shown[kept:])
                await thread.mount_all(widgets[kept:])
        if not self.is_attached:
            return
        app.collect_while_reading()
        self.refresh_bindings()
        if question is not None:
            self.query_one(ChoiceList).focus(scroll_visible=False)
            thread.scroll_on_layout("end")
        else:
            card = next(iter(self.query(OutcomeCard)), None)
            if card is None:  # removed while this answer was handled (the session was cleared)
                return
            first = next(iter(card.query(CheckItem)), None)
            (first or thread).focus(scroll_visible=False)  # Space ticks the first action at once
            anchor = self.query(".practice-result").first() if self.practice else card
            thread.scroll_on_layout(anchor)

    async def _answered_in_place(
        self, thread: Thread, shown: list[Widget], new: list[Widget], key: str | None
    ) -> bool:
        """The current question was answered: it stays as an earlier question, the choices and the hint show the
        next question's in place (or are hidden under the outcome card). Nothing is removed, so the answer is on
        screen in one frame (a removal lays the thread out again a frame later). False when this is not the case
        (Back, a changed earlier answer, a restart): then the thread is rebuilt from where it changed."""
        if len(shown) != 3 or key is None or not new or not isinstance(new[0], QuestionBubble):
            return False
        bubble, choices, hint = shown
        if not (
            isinstance(bubble, QuestionBubble)
            and bubble.has_class("current")
            and isinstance(choices, ChoiceList)
            and choices.display
            and isinstance(hint, Static)
            and hint.has_class("thread-hint")
            and key == f"question:{bubble.current}"
        ):
            return False
        bubble.thread_key = key  # type: ignore[attr-defined]
        bubble.answered(new[0].show_why)
        rest = new[1:]
        if (
            len(rest) >= 2
            and isinstance(rest[-1], Static)
            and rest[-1].has_class("thread-hint")
            and isinstance(rest[-2], ChoiceList)
        ):
            await thread.mount_all(rest[:-2], before=choices)
            choices.show_choices_of(rest[-2])
            hint.update(rest[-1].content)
        else:  # the outcome: the card goes above the (now hidden) choices; the next rebuild removes them
            await thread.mount_all(rest, before=choices)
            choices.display = False
            hint.display = False
        return True

    def _practice_result(self) -> Content:
        """The practice walk graded by `scenarios.grade_practice`; here it is only laid out."""
        from vinrguide.scenarios import grade_practice

        assert self.practice is not None
        grade = grade_practice(
            self.walk.pack, self.practice, self.walk, self.view.urgency if self.view else None
        )
        if grade.error:
            return Content(grade.error)
        parts: list[str | tuple[str, str]] = [("Jämför med övningsfallet\n", "bold")]
        if grade.wanted is None:
            parts.append("Övningsfallet har inget angivet utfall.")
            return Content.assemble(*parts)
        if grade.reached:
            parts.append(("✓ Du kom till det rekommenderade utfallet: ", "bold $text-success"))
        else:
            parts.append(("✗ Det rekommenderade utfallet är ett annat: ", "bold $text-error"))
        parts.append(grade.wanted_title)
        if grade.differences:
            parts.append(("\nSvar som skiljer sig från fallet:", "bold"))
            parts += [f"\n  • Du svarade ”{mine}”, fallet: ”{case}”" for mine, case in grade.differences]
        if grade.urgency:
            wanted, mine = grade.urgency
            parts.append(f"\n  • Brådska i facit: {wanted}, ditt utfall: {mine}")
        return Content.assemble(*parts)

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        done = self.walk.done
        if action == "answer":
            number = int(str(parameters[0])) if parameters else 0
            bubble = self._focused_answer()
            if bubble is not None:
                node = self.walk.flow.nodes.get(bubble.step.node)
                return number <= len(getattr(node, "options", ()))
            if done:
                return False
            return number <= len(self.walk.question.options) if self.walk.question else False
        if action == "why":
            return not done
        if action in ("export", "copy"):
            return done
        if action == "sources":
            return bool(self.view and self.view.routines)
        return True

    def _focused_answer(self) -> AnswerBubble | None:
        focused = self.focused
        return focused if isinstance(focused, AnswerBubble) else None

    async def action_answer(self, number: int) -> None:
        """A digit answers the current question, or changes the earlier answer that has the focus."""
        bubble = self._focused_answer()
        if bubble is not None:
            await self._change_answer(bubble.step.node, number)
            return
        question = self.walk.question
        if question is None or not 1 <= number <= len(question.options):
            return
        await self._answer(question.options[number - 1].value)

    async def _change_answer(self, node_id: str, number: int) -> None:
        """Change one earlier answer and go on from where the path now ends (later answers are kept)."""
        from vinrguide.content.models import QuestionNode

        node = self.walk.flow.nodes.get(node_id)
        if not isinstance(node, QuestionNode) or not 1 <= number <= len(node.options):
            return
        if not self.walk.go_to(node_id):
            return
        try:
            self.walk.answer(node.options[number - 1].value)
        except Exception as exc:  # a broken flow (check reports it): say so, never crash
            self.notify(f"Guiden kunde inte gå vidare: {exc}", severity="error")
            return
        self.walk.position = None  # back to the end of the (re-followed) path
        self.show_why = False
        await self.rebuild()

    @on(OptionList.OptionSelected, "#choices")
    async def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and self.walk.question is not None:
            await self._answer(event.option.id)

    async def _answer(self, value: str) -> None:
        try:
            self.walk.answer(value)
        except Exception as exc:  # a broken flow (check reports it): say so, never crash
            self.notify(f"Guiden kunde inte gå vidare: {exc}", severity="error")
            return
        self.show_why = False
        await self.rebuild()

    async def action_back(self) -> None:
        if self.walk.back():
            self.show_why = False
            await self.rebuild()
            return
        if (
            self.walk.answered and self.practice is None
        ):  # keep the answers for when the guide is opened again
            self.guide_app.parked[self.walk.flow.id] = self.walk
            self.notify(
                "Dina svar finns kvar: välj guiden igen för att fortsätta. F9 rensar dem.",
                title="Guiden lämnad",
            )
        self.dismiss_or_pop()

    @on(AnswerBubble.ChangeRequested)
    async def _change(self, event: AnswerBubble.ChangeRequested) -> None:
        event.stop()
        if self.walk.go_to(event.node):
            await self.rebuild()

    def action_why(self) -> None:
        self.show_why = not self.show_why
        for bubble in self.query(QuestionBubble).filter(".current"):
            bubble.set_why(self.show_why or self.guide_app.coach)

    async def action_restart(self) -> None:
        """Start the guide over; mid-way (answers given, no outcome yet) only after asking."""
        from vinrguide.tui.screens.dialogs import ConfirmScreen

        if self.walk.done or not self.walk.answered:
            await self.restart()
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.restart()

        self.app.push_screen(
            ConfirmScreen("Börja om guiden? Dina svar glöms.", yes="Börja om (j)", no="Fortsätt (n)"),
            answered,
        )

    async def restart(self) -> None:
        from vinrguide.engine import Walk

        given = {"roll": self.walk.given["roll"]} if "roll" in self.walk.given else {}
        self.walk = Walk(self.walk.pack, self.walk.flow.id, given)
        self.suggest = {}
        self.ticked.clear()
        self.show_why = False
        await self.rebuild()

    def action_sources(self) -> None:
        """The routine sections behind the advice: the only one opens at once, else pick one."""
        from textual.command import SimpleCommand

        if self.view is None or not self.view.routines:
            return
        sources = self.view.routines
        if len(sources) == 1:
            self.guide_app.open_reader(sources[0].ref)
            return
        app = self.guide_app
        commands = [SimpleCommand(s.title, lambda ref=s.ref: app.open_reader(ref), None) for s in sources]
        app.search_commands(commands, placeholder="Välj rutinavsnitt att läsa…")

    def action_map(self) -> None:
        from vinrguide.tui.screens.coach import MapScreen

        self.app.push_screen(MapScreen(self.walk))

    def summary(self) -> str | None:
        from vinrguide.summary import summary_markdown

        if self.view is None:
            return None
        card = self.query_one(OutcomeCard)
        return summary_markdown(self.walk.pack, self.walk, self.view, self.guide_app.now(), card.ticked)

    def action_export(self) -> None:
        from vinrguide.tui.screens.export import ExportScreen

        text = self.summary()
        if text is not None:
            self.app.push_screen(ExportScreen(text))

    def action_copy(self) -> None:
        text = self.summary()
        if text is not None:
            self.guide_app.copy_text(text)

    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#restart")
    async def _restart_pressed(self) -> None:
        await self.restart()

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        event.prevent_default()
        self.guide_app.open_link(event.href)

    @on(SourceLink.Opened)
    def _open_source(self, event: SourceLink.Opened) -> None:
        event.stop()
        self.guide_app.open_reader(event.ref)

    def coach_changed(self, coach: bool) -> None:
        for bubble in self.query(QuestionBubble):
            bubble.set_why(coach or (self.show_why and bubble.has_class("current")))
