"""Nothing lost by accident (issue 12, items 1, 2, 4–7; issue 15, item 13): in a stressful moment a stray key must
not end the session, start over, swallow typed text or leave the user unwarned; an export always lands somewhere
and says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import Input, OptionList

from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import AcuteScreen, ConfirmScreen
from vinrguide.tui.screens.export import ExportScreen
from vinrguide.tui.screens.start import StartScreen
from vinrguide.tui.widgets.thread import AnswerBubble

from .test_app_support import (
    guide_number,
    keys_at_once,
    make_app,
    open_guide,
    press_all,
    run_async,
    settle,
    wait_for,
)

SIZE = (100, 36)


# ------------------------------------------------------------------ item 1: the palette and quitting


@run_async
async def test_ctrl_p_enter_opens_acute_help_and_never_quits() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_all(pilot, "ctrl+p")
        await wait_for(
            pilot, lambda: app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count
        )
        commands = app.screen.query_one(CommandList)
        first = commands.get_option_at_index(commands.highlighted or 0)
        assert "Akut hjälp" in str(first.prompt)
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert not any("Avsluta" in text for text in shown), (
            "quitting is not offered before anything is typed"
        )
        await press_all(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AcuteScreen))
        assert app.is_running


@run_async
async def test_typing_a_for_avsluta_does_not_put_quit_first() -> None:
    from textual.command import CommandInput

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_all(pilot, "ctrl+p")
        app.screen.query_one(CommandInput).value = "a"
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        assert commands.option_count > 1
        assert "Avsluta" not in str(commands.get_option_at_index(0).prompt)


@run_async
async def test_quitting_with_answers_given_asks_first() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guide(pilot, "utlandsresa", "2")
        talk = app.screen
        assert isinstance(talk, ConversationScreen) and talk.walk.path
        await press_all(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await press_all(pilot, "enter")  # the focus is on "Fortsätt"
        assert app.screen is talk and app.is_running and talk.walk.path
        await press_all(pilot, "ctrl+q", "j")
        await wait_for(pilot, lambda: not app.is_running or app._exit_renderables is not None)
        assert app._exit  # type: ignore[attr-defined]


@run_async
async def test_quitting_with_nothing_to_lose_does_not_ask() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_all(pilot, "ctrl+q")
        assert not isinstance(app.screen, ConfirmScreen)
        assert app._exit  # type: ignore[attr-defined]


# ------------------------------------------------------------------ item 2: the start screen keeps what is typed


@run_async
async def test_the_start_screen_starts_in_the_box_and_letters_go_there() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#situation", Input)
        assert box.has_focus, "focus starts in 'Beskriv situationen…'"
        await press_all(pilot, "tab")
        assert app.screen.query_one("#guides", OptionList).has_focus
        await keys_at_once(pilot, *"kompis")  # k was the directory, r the routines, o the practice cases
        assert isinstance(app.screen, StartScreen) and box.value == "kompis" and box.has_focus
        await press_all(pilot, "shift+tab", "shift+tab")  # to the role
        await keys_at_once(pilot, "r", "o", "r")
        assert isinstance(app.screen, StartScreen) and box.value == "kompisror"


@pytest.mark.parametrize("selector", ["#situation", "#guides"])
@run_async
async def test_focus_is_drawn_as_a_clear_border(selector: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        widget = app.screen.query_one(selector)
        widget.focus()
        await pilot.pause()
        focused = widget.styles.border_top
        app.screen.query_one("#role").focus()
        await pilot.pause()
        blurred = widget.styles.border_top
        assert focused[0] == "thick" and focused != blurred, (focused, blurred)


# ------------------------------------------------------------------ items 4 and 5: answers are changed, never lost


@run_async
async def test_a_digit_changes_the_earlier_answer_that_has_the_focus() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guide(pilot, "utlandsresa", "2", "1", "2")
        talk = app.screen
        assert isinstance(talk, ConversationScreen) and talk.walk.current == "ut-anmal"
        next(b for b in talk.query(AnswerBubble) if b.step.fact == "alder").focus()
        await press_all(pilot, "2")  # the age question: 2 is "vuxen"
        assert talk.walk.facts["alder"] == "vuxen" and talk.walk.facts["akut"] == "nej"
        assert talk.walk.current == "ut-vuxen", "the later answer (a planned trip) is kept"


@run_async
async def test_s_mid_guide_asks_before_starting_over() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guide(pilot, "utlandsresa", "2", "1")
        talk = app.screen
        assert isinstance(talk, ConversationScreen)
        await press_all(pilot, "s")
        assert isinstance(app.screen, ConfirmScreen)
        await press_all(pilot, "n")
        assert app.screen is talk and len(talk.walk.path) == 2
        await press_all(pilot, "s", "j")
        await settle(pilot)
        assert app.screen is talk and talk.walk.path == []


@run_async
async def test_escape_on_the_first_question_keeps_the_answers_for_re_entry() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        number = str(guide_number("utlandsresa"))
        await open_guide(pilot, "utlandsresa", "2", "1", "escape", "escape", "escape")
        assert isinstance(app.screen, StartScreen)
        assert any("finns kvar" in n.message for n in app._notifications)
        await press_all(pilot, number)  # the focus is back on the list of guides
        talk = app.screen
        assert isinstance(talk, ConversationScreen)
        assert talk.walk.current == "akut" and talk.walk.remembered == "nej"
        await press_all(pilot, "enter")
        assert talk.walk.remembered == "barn", "the later answer is offered again"
        # F9 forgets them
        await press_all(pilot, "f9")
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen) and len(app.screen_stack) == 2)
        assert not app.parked


# ------------------------------------------------------------------ item 6: the idle clear warns first


@run_async
async def test_the_idle_clear_warns_a_minute_before() -> None:
    app = make_app(idle_seconds=15 * 60)
    clock = [1000.0]
    app.monotonic = lambda: clock[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_guide(pilot, "misstanke", "2")
        app._last_input = clock[0]
        clock[0] += 13 * 60
        await app.idle_tick()
        assert not any("tryck en tangent" in n.message for n in app._notifications)
        clock[0] += 61
        await app.idle_tick()
        await pilot.pause()
        warnings = [n for n in app._notifications if "tryck en tangent för att fortsätta" in n.message]
        assert warnings and "en minut" in warnings[0].message
        await press_all(pilot, "question_mark")  # any key: the session goes on
        clock[0] += 100
        await app.idle_tick()
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen) and app.screen.walk.path


# ------------------------------------------------------------------ item 7: the export lands somewhere, and says where


async def _export(pilot: object, app: object) -> None:
    await open_guide(pilot, "misstanke", "1", "e")  # type: ignore[arg-type]
    assert isinstance(app.screen, ExportScreen)  # type: ignore[attr-defined]


@run_async
async def test_export_without_a_downloads_folder_goes_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "Downloads")
    here = tmp_path / "här"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, app)
        assert app.screen.query_one("#export-dir", Input).value == str(here)
        await press_all(pilot, "s")
        await wait_for(pilot, lambda: list(here.iterdir()))
        saved = next(here.iterdir())
        await wait_for(pilot, lambda: any("sparad" in n.message for n in app._notifications))
        assert any(str(saved) in n.message for n in app._notifications), (
            "the message says where the file went"
        )


@run_async
async def test_export_to_a_chosen_folder_and_a_missing_one_is_said(tmp_path: Path) -> None:
    chosen = tmp_path / "vald"
    chosen.mkdir()
    app = make_app(export_dir=tmp_path / "finns-inte")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _export(pilot, app)
        await press_all(pilot, "s")
        failed = [n for n in app._notifications if n.severity == "error"]
        assert failed and "finns-inte" in failed[0].message and "finns inte" in failed[0].message
        app.screen.query_one("#export-dir", Input).value = str(chosen)
        app.screen.query_one("#save").focus()
        await press_all(pilot, "enter")
        await wait_for(pilot, lambda: list(chosen.iterdir()))
        assert app.is_running and isinstance(app.screen, ExportScreen)
