"""Helpers for the app's tests (no tests here): a fixed clock, the shipped pack, paths through a flow, waiting."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot

from vinrguide.content.models import Flow
from vinrguide.engine import Walk, ordered_flows
from vinrguide.hours import parse_now
from vinrguide.tui.app import GuideApp

from .shipped import ROOT, shipped_pack

NOW = parse_now("2026-03-18T10:00")  # a Wednesday, 10:00: offices open
SATURDAY_NIGHT = parse_now("2026-03-21T22:00")


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio (the project has no async pytest plugin)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def make_app(now: dt.datetime = NOW, **kwargs: Any) -> GuideApp:
    kwargs.setdefault("pack", shipped_pack())
    return GuideApp(ROOT, now=now, **kwargs)


def guide_number(flow_id: str) -> int:
    """The number a flow has on the start screen (1–9)."""
    return [f.id for f in ordered_flows(shipped_pack())].index(flow_id) + 1


def outcome_paths(flow: Flow) -> dict[str, list[int]]:
    """For every outcome the engine can reach: the shortest list of option numbers (1-based) that leads there.

    Derived by walking the flow with the engine, so it follows the content as it changes (and a fact asked twice on
    one path is answered once, as in the app).
    """
    pack = shipped_pack()
    found: dict[str, list[int]] = {}
    queue: list[list[int]] = [[]]
    while queue:
        numbers = queue.pop(0)
        walk = Walk(pack, flow.id)
        for n in numbers:
            question = walk.question
            assert question is not None
            walk.answer(question.options[n - 1].value)
        if walk.done:
            found.setdefault(walk.current, numbers)
            continue
        question = walk.question
        assert question is not None
        queue += [[*numbers, n] for n in range(1, len(question.options) + 1)]
    return found


async def wait_for(pilot: Pilot[Any], predicate: Callable[[], object], timeout: float = 5.0) -> None:
    waited = 0.0
    while not predicate():
        if waited >= timeout:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


def content_shown(app: GuideApp) -> bool:
    """The content has loaded and the start screen shows it (the app sets `pack` a frame before the screen fills)."""
    from vinrguide.tui.screens.start import StartScreen

    return any(isinstance(s, StartScreen) and s.ready for s in app.screen_stack)


def screen_text(app: GuideApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def press_all(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])
    await pilot.pause()


async def keys_at_once(pilot: Pilot[Any], *keys: str) -> None:
    """Keys as a fast typist sends them: queued together, with no pause between them, then handled."""
    from textual import events
    from textual.keys import _character_to_key

    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1:
            event = events.Key(key if key.isalnum() else _character_to_key(key), key)
        else:
            character = {"space": " ", "enter": "\r", "tab": "\t", "escape": "\x1b"}.get(key)
            event = events.Key(key, character)
        driver.send_message(event)
    await pilot.pause()
    await settle(pilot)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the app's workers are done and what they scheduled has been drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def open_guide(pilot: Pilot[Any], flow_id: str, *answers: str) -> None:
    """From the start screen: the focus to the list of guides, the guide's number, then the answers' numbers."""
    pilot.app.screen.query_one("#guides").focus()
    await press_all(pilot, str(guide_number(flow_id)), *answers)


def make_fixture_app(now: dt.datetime = NOW, **kwargs: Any) -> GuideApp:
    """The app on the fixture pack (tests/fixturepack: "Provkommun"), so a test fails only when the code changes."""
    from .fixtures import FIXTURE_PACK, load_fixture_pack

    kwargs.setdefault("pack", load_fixture_pack())
    return GuideApp(FIXTURE_PACK, now=now, **kwargs)


def fixture_guide_number(flow_id: str) -> int:
    from .fixtures import load_fixture_pack

    return [f.id for f in ordered_flows(load_fixture_pack())].index(flow_id) + 1


async def open_fixture_guide(pilot: Pilot[Any], flow_id: str, *answers: str) -> None:
    pilot.app.screen.query_one("#guides").focus()
    await press_all(pilot, str(fixture_guide_number(flow_id)), *answers)
