"""Snapshots of the app (pytest-textual-snapshot) at 80×24 and 120×36, on the shipped content with a fixed clock.

Update them only when the content or the UI really changed: `pytest tests/test_snapshots.py --snapshot-update`,
look at the SVGs (tests/__snapshots__/), and copy the ones in docs/screenshots/ again (see README, "Skärmbilder").
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from vinrguide.tui.screens.reader import ReaderScreen

from .test_app_support import guide_number, make_app, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
pytestmark = pytest.mark.xdist_group("snapshots")


def _no_blink(pilot: Pilot[Any]) -> None:
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False


@pytest.mark.parametrize("size", SIZES)
def test_start(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), press=["tab", str(guide_number("utlandsresa")), "2"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_outcome(snap_compare: Any, size: tuple[int, int]) -> None:
    press = ["tab", str(guide_number("utlandsresa")), "2", "1", "2"]
    assert snap_compare(make_app(), press=press, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare: Any, size: tuple[int, int]) -> None:
    async def open_section(pilot: Pilot[Any]) -> None:
        app = pilot.app
        app.open_reader("forhindra-utlandsresa#anmal-genast")  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_section)


@pytest.mark.parametrize("size", SIZES)
def test_directory(snap_compare: Any, size: tuple[int, int]) -> None:
    async def no_blink(pilot: Pilot[Any]) -> None:
        pilot.app.action_directory()  # type: ignore[attr-defined]
        await pilot.pause()
        _no_blink(pilot)

    assert snap_compare(make_app(), press=list("nexus"), terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES)
def test_acute_overlay(snap_compare: Any, size: tuple[int, int]) -> None:
    press = ["tab", str(guide_number("misstanke")), "f2"]
    assert snap_compare(make_app(), press=press, terminal_size=size)


def test_outcome_light_theme(snap_compare: Any) -> None:
    async def light(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"

    press = ["tab", str(guide_number("misstanke")), "2", "1", "1"]
    assert snap_compare(make_app(), press=press, terminal_size=(80, 24), run_before=light)
