"""The footer at narrow widths (issue 12, item 11: "the footer is cut at 60 columns"), and an answer settling in one
or two frames (item 13: the footer is updated in place, the thread scrolls in the layout that places the answer).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from vinrguide.tui.app import GuideApp
from vinrguide.tui.widgets.outcome import OutcomeCard

from .test_app_support import make_fixture_app, open_fixture_guide, run_async, screen_text, settle, wait_for


def shown_keys(app: GuideApp) -> list[tuple[str, int, int]]:
    """The footer's keys on screen, left to right: (key, first column, last column + 1)."""
    keys = [key for key in app.screen.query(FooterKey) if key.display]
    return sorted(((key.key_display, key.region.x, key.region.right) for key in keys), key=lambda k: k[1])


async def go(pilot: Pilot[Any], where: str) -> None:
    if where == "question":
        await open_fixture_guide(pilot, "enkel")
    elif where == "outcome":
        await open_fixture_guide(pilot, "enkel", "2", "1")
    await settle(pilot)


@pytest.mark.parametrize("where", ["start", "question", "outcome"])
@run_async
async def test_at_60_columns_the_footer_shows_acute_help_back_and_help_whole_and_cuts_no_key(
    where: str,
) -> None:
    app = make_fixture_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        await go(pilot, where)
        keys = shown_keys(app)
        names = [name for name, _x, _right in keys]
        wanted = ["F2", "F1"] if where == "start" else ["F2", "Esc", "F1"]
        assert names[: len(wanted)] == wanted, names  # the most important first, in this order
        for (name, x, right), following in zip(keys, [*keys[1:], None], strict=True):
            assert x >= 0 and right <= 60, f"{name} is cut at 60 columns: {keys}"
            if following is not None:
                assert right <= following[1], f"{name} is covered by {following[0]}: {keys}"


@pytest.mark.parametrize("width", [40, 44, 50, 60, 80, 120])
@pytest.mark.parametrize("where", ["start", "question", "outcome"])
@run_async
async def test_the_acute_help_key_is_first_in_the_footer_at_every_width_from_40(
    where: str, width: int
) -> None:
    app = make_fixture_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await go(pilot, where)
        name, x, right = shown_keys(app)[0]
        assert (name, x) == ("F2", 0) and right <= width


@run_async
async def test_the_footer_follows_a_resize_from_120_to_60_columns_and_back() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await go(pilot, "outcome")
        wide = [name for name, _x, _r in shown_keys(app)]
        assert "l" in wide and "^p" in wide
        await pilot.resize_terminal(60, 24)
        await settle(pilot)
        assert all(right <= 60 for _n, _x, right in shown_keys(app))
        assert "^p" not in [name for name, _x, _r in shown_keys(app)]
        await pilot.resize_terminal(120, 36)
        await settle(pilot)
        assert [name for name, _x, _r in shown_keys(app)] == wide


class Frames:
    """Counts the screen updates that drew something after a key (one update may write twice: the layout, then the
    widgets, with no pause between them)."""

    def __init__(self, app: GuideApp) -> None:
        self.drawn, self._same_update = 0, False
        display = app._display

        def counted_display(screen: Screen[Any], renderable: Any) -> None:
            if renderable is not None and not self._same_update:
                self.drawn += 1
                self._same_update = True
                asyncio.get_running_loop().call_soon(self._next_update)
            display(screen, renderable)

        app._display = counted_display  # type: ignore[method-assign]

    def _next_update(self) -> None:
        self._same_update = False

    async def press(self, pilot: Pilot[Any], key: str) -> int:
        self.drawn = 0
        await pilot.press(key)
        await pilot.pause(0.3)  # long enough for any frame scheduled after a refresh to have drawn
        return self.drawn


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_an_answer_settles_in_at_most_two_frames_question_and_outcome(size: tuple[int, int]) -> None:
    """Before, an outcome took three or four frames: the card, then the removed question and choices laid out again
    with the recomposed footer, then `scroll_to_widget` after that refresh."""
    app = make_fixture_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_fixture_guide(pilot, "enkel", "2", "1")  # the first outcome mounts the footer's extra keys
        await wait_for(pilot, lambda: bool(app.screen.query(OutcomeCard)))
        await pilot.press("s")
        await settle(pilot)
        frames = Frames(app)
        question = await frames.press(pilot, "2")
        outcome = await frames.press(pilot, "1")
        assert app.screen.query(OutcomeCard)
        assert 1 <= question <= 2, f"the next question took {question} frames"
        assert 1 <= outcome <= 2, f"the outcome took {outcome} frames"
        card = app.screen.query_one(OutcomeCard)
        thread = app.screen.query_one("#thread")
        assert card.region.y <= thread.region.y + 1  # scrolled so the card starts at the top, in those frames


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_an_answer_is_on_screen_in_one_frame_the_first_outcome_and_the_next_question_too(
    size: tuple[int, int],
) -> None:
    """Each widget a layout gave a new size asked for another layout of the whole screen, the footer's new key was
    mounted a frame later, and the choices drew themselves again after their resize: every answer took two frames,
    the second drawing nothing new. Now the layout that places an answer is its only one."""
    app = make_fixture_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_fixture_guide(pilot, "enkel")
        await settle(pilot)
        frames = Frames(app)
        question = await frames.press(pilot, "2")
        before = screen_text(app)
        outcome = await frames.press(
            pilot, "1"
        )  # the first outcome on this screen: the footer gets more keys
        assert app.screen.query(OutcomeCard)
        assert (question, outcome) == (1, 1), f"the question took {question} frames, the outcome {outcome}"
        text = screen_text(app)
        assert text != before and "Ring först:" in text and "Anmäl i dag." in text


class Terminal:
    """What a terminal fed with screen updates shows: cells of (character, style)."""

    def __init__(self, width: int, height: int) -> None:
        from rich.console import Console

        self.cells = [[(" ", "")] * width for _ in range(height)]
        self.console = Console(width=width, height=height, force_terminal=True, color_system="truecolor")

    def attach(self, app: GuideApp) -> Terminal:
        """Fed with every update the app displays from now on."""
        display = app._display

        def fed_display(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.feed(renderable)

        app._display = fed_display  # type: ignore[method-assign]
        return self

    def feed(self, update: Any) -> None:
        from rich.cells import cell_len
        from rich.segment import ControlType

        x = y = 0
        for segment in update.__rich_console__(self.console, self.console.options):
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = control[1], control[2]
            elif segment.text == "\n":
                x, y = 0, y + 1
            else:
                for character in segment.text:
                    if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[y]):
                        self.cells[y][x] = (character, str(segment.style or ""))
                    x += max(1, cell_len(character))


def whole_screen(app: GuideApp) -> list[list[tuple[str, str]]]:
    """The screen as the compositor renders it whole now, as a terminal would show it."""
    compositor = app.screen._compositor
    dirty = set(compositor._dirty_regions)
    update = compositor.render_full_update()
    compositor._dirty_regions.update(dirty)  # rendering it whole here must not keep the app from drawing them
    terminal = Terminal(*app.size)
    terminal.feed(update)
    return terminal.cells


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_after_an_answers_one_frame_the_terminal_shows_all_of_it_and_a_full_layout_changes_nothing(
    size: tuple[int, int],
) -> None:
    """The one frame of an answer leaves out nothing a second layout or repaint (as Textual did) would add: what
    the terminal was sent equals the whole screen rendered anew, and laying every widget out and drawing it again
    changes nothing. Questions, outcomes, Back and a changed answer, in both guides of the fixture pack."""
    app = make_fixture_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        terminal = Terminal(*size).attach(app)
        for guide, keys in [
            ("enkel", ["2", "1", "escape", "2", "s", "1"]),
            ("sammanfaller", ["2", "2", "1"]),
        ]:
            await open_fixture_guide(pilot, guide)
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await pilot.pause(0.1)
                shown = [row[:] for row in terminal.cells]
                assert shown == whole_screen(app), (
                    f"{guide}: the terminal lacks part of the answer to {key!r}"
                )
                for widget in app.screen.walk_children():
                    widget.refresh(layout=True)
                await pilot.pause(0.1)
                assert terminal.cells == shown, f"{guide}: a full layout after {key!r} changed the screen"
            await pilot.press("escape", "escape", "escape")
            await settle(pilot)
