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
