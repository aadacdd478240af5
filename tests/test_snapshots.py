"""Snapshots of the app (pytest-textual-snapshot) at 80×24 and 120×36, on the fixture pack with a fixed clock, so a
snapshot changes only when the UI does (not when the shipped content's wording does).

Update them only when the UI really changed: `pytest -p no:xdist tests/test_snapshots.py --snapshot-update`, and
look at the SVGs (tests/__snapshots__/). The README's screenshots (docs/screenshots/) show the shipped content.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from vinrguide.tui.screens.reader import ReaderScreen

from .test_app_support import fixture_guide_number, make_fixture_app, settle, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
pytestmark = pytest.mark.xdist_group("snapshots")


def steady(
    then: Callable[[Pilot[Any]], Awaitable[None]] | None = None,
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Before the snapshot: no blinking cursor, the workers done, then `then`, then settled again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if then is not None:
            await then(pilot)
            await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    return run_before


def guide(*answers: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def open_guide(pilot: Pilot[Any]) -> None:
        pilot.app.screen.query_one("#guides").focus()
        await pilot.press(str(fixture_guide_number("enkel")), *answers)

    return open_guide


@pytest.mark.parametrize("size", SIZES)
def test_start(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_fixture_app(), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_fixture_app(), terminal_size=size, run_before=steady(guide("2")))


@pytest.mark.parametrize("size", SIZES)
def test_outcome(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_fixture_app(), terminal_size=size, run_before=steady(guide("2", "1")))


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare: Any, size: tuple[int, int]) -> None:
    async def open_section(pilot: Pilot[Any]) -> None:
        app = pilot.app
        app.open_reader("provrutin#barn-anmal-genast")  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready)

    assert snap_compare(make_fixture_app(), terminal_size=size, run_before=steady(open_section))


@pytest.mark.parametrize("size", SIZES)
def test_directory(snap_compare: Any, size: tuple[int, int]) -> None:
    async def filtered(pilot: Pilot[Any]) -> None:
        pilot.app.action_directory()  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press(*"barn")

    assert snap_compare(make_fixture_app(), terminal_size=size, run_before=steady(filtered))


@pytest.mark.parametrize("size", SIZES)
def test_acute_overlay(snap_compare: Any, size: tuple[int, int]) -> None:
    async def acute(pilot: Pilot[Any]) -> None:
        await guide()(pilot)
        await pilot.press("f2")

    assert snap_compare(make_fixture_app(), terminal_size=size, run_before=steady(acute))


def test_outcome_light_theme(snap_compare: Any) -> None:
    async def light(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await guide("2", "1")(pilot)

    assert snap_compare(make_fixture_app(), terminal_size=(80, 24), run_before=steady(light))
