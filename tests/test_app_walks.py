"""Every guide walked through the app to each of its outcomes; Back, changing an answer, the role, known facts."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from vinrguide.content.models import text_for
from vinrguide.content.plaintext import strip_markdown
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.start import StartScreen
from vinrguide.tui.widgets.outcome import CheckItem, OutcomeCard
from vinrguide.tui.widgets.thread import AnswerBubble, ChoiceList

from .shipped import shipped_pack
from .test_app_support import make_app, open_guide, outcome_paths, press_all, run_async, screen_text

FLOWS = sorted(shipped_pack().flows)


@pytest.mark.parametrize("flow_id", FLOWS)
@run_async
async def test_every_outcome_through_the_app(flow_id: str) -> None:
    """From the start screen by keyboard: the guide's number, then the numbers of the options; `s` starts over."""
    pack = shipped_pack()
    flow = pack.flows[flow_id]
    paths = outcome_paths(flow)
    assert set(paths) == set(flow.outcomes()), "every outcome must be reachable"
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_guide(pilot, flow_id)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        for outcome, numbers in paths.items():
            assert screen.walk.question is not None and screen.walk.question.fact == "akut", (
                "akut is asked first"
            )
            await press_all(pilot, *[str(n) for n in numbers])
            assert screen.walk.current == outcome
            card = screen.query_one(OutcomeCard)
            assert card.view.node == outcome
            node = flow.outcomes()[outcome]
            assert card.view.title == text_for(node.title, None).strip()
            # urgency as colour and words, and the sources behind the advice
            assert card.has_class(f"urgency-{node.urgency}")
            assert card.view.urgency_words.upper() in screen_text(app) or card.view.acute
            # the first five actions to tick, the rest behind "Visa fler (n)"
            assert [item.text for item in card.query(CheckItem)] == [
                strip_markdown(a) for a in card.view.first_actions
            ]
            more = card.query("#more-actions")
            assert bool(more) == bool(card.view.more_actions)
            if card.view.more_actions:
                assert f"({len(card.view.more_actions)})" in str(more.first().label)  # type: ignore[attr-defined]
            await press_all(pilot, "s")
            assert screen.walk.path == [] and not screen.walk.done


@run_async
async def test_back_keeps_later_answers_and_an_answer_can_change() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_guide(pilot, "utlandsresa", "2", "1", "2")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.walk.current == "ut-anmal"
        await press_all(pilot, "escape")  # back to the trip question, the answer remembered
        assert screen.walk.current == "avresa-barn"
        choices = screen.query_one(ChoiceList)
        assert choices.highlighted == choices.values.index("planerad")
        assert "ditt svar" in screen_text(app)
        await press_all(pilot, "b", "2")  # back again (b), then change the age to adult
        assert screen.walk.current == "avresa-vuxen"
        assert screen.walk.remembered == "planerad", "the later answer is kept and offered again"
        await press_all(pilot, "enter")
        assert screen.walk.current == "ut-vuxen"
        # change an earlier answer from the thread: the reply bubble for the age question
        bubble = next(b for b in screen.query(AnswerBubble) if b.step.fact == "alder")
        bubble.focus()
        await press_all(pilot, "enter")
        assert screen.walk.current == "alder"
        await press_all(pilot, "1")
        assert screen.walk.current == "avresa-barn"
        await press_all(pilot, "enter")
        assert screen.walk.current == "ut-anmal"
        # Back from the first question leaves the guide
        await press_all(pilot, "s", "escape")
        assert isinstance(app.screen, StartScreen)


@run_async
async def test_why_and_coach_mode_and_map() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_guide(pilot, "misstanke")
        why = text_for(shipped_pack().flows["misstanke"].nodes["akut"].why, None)  # type: ignore[union-attr]
        assert "Varför frågar vi?" not in screen_text(app)
        await press_all(pilot, "question_mark")
        assert "Varför frågar vi?" in screen_text(app) and why[:30] in screen_text(app)
        await press_all(pilot, "question_mark", "2", "f4")
        assert app.coach
        text = screen_text(app)
        assert text.count("Varför frågar vi?") == 2, "coach mode: the rationale under every question"
        await press_all(pilot, "m")
        assert "Karta" in screen_text(app) and "▶" in screen_text(app) and "✓" in screen_text(app)
        await press_all(pilot, "escape", "f4")
        assert not app.coach and "Varför frågar vi?" not in screen_text(app)


@run_async
async def test_role_chosen_by_keyboard_changes_the_text() -> None:
    pack = shipped_pack()
    roles = [v.value for v in pack.facts["roll"].values]
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#role", Select)
        assert app.screen.query_one("#situation").has_focus, "the start screen begins in the text box"
        await press_all(pilot, "shift+tab")
        assert select.has_focus, "where I work is one step back"
        await press_all(pilot, "enter", *["down"] * (roles.index("skola") + 1), "enter")
        assert app.role == "skola"
        await open_guide(pilot, "misstanke", "2", "1", "1", "2")  # nej, barn, can go home, no honour
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        node = pack.flows["misstanke"].nodes["m-barn"]
        assert screen.query_one(OutcomeCard).view.text == text_for(node.text, "skola").strip()  # type: ignore[union-attr]


@run_async
async def test_known_facts_are_shown_as_such_and_akut_is_always_asked() -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.start_guide("utlandsresa", {"akut": "nej", "alder": "barn"})
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.walk.question is not None and screen.walk.question.fact == "akut"
        await press_all(pilot, "2")
        assert screen.walk.current == "avresa-barn", "the known age is not asked again"
        auto = [b for b in screen.query(AnswerBubble) if b.step.auto]
        assert [b.step.fact for b in auto] == ["alder"]
        assert "från din beskrivning" in screen_text(app)
        # a new walk starts without any akut answer
        await press_all(pilot, "escape", "escape", "escape")
        assert isinstance(app.screen, StartScreen)
        await open_guide(pilot, "misstanke")
        assert isinstance(app.screen, ConversationScreen)
        assert "akut" not in app.screen.walk.facts and app.screen.walk.remembered is None
