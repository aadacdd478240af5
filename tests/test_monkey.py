"""The monkey: random key sequences, seeded, on every screen of the app. They never raise and never leave it broken.

Each run opens the app (headless, Pilot) on one screen and sends random keys that users really press: digits,
letters (also å, ä, ö), arrows, tab and shift+tab, enter, escape, space, backspace, page and home/end keys, F1, F2,
F4, ctrl+p, the clear-session key (read from the app's bindings), bursts of typed text, a paste, a pause long enough
for timers (the search box's delay) to fire, and now and then a resize of the terminal.

Keys are posted the way Textual's own `Pilot.press` posts them, but without its ≥ 40 ms idle wait after each one
(`pilot.pause(0)` instead: the screen and its widgets have handled everything queued): a fast typist, and a few
thousand keys fit in `make test`. After every key: the app runs, no handler raised, and the start screen is still at
the bottom of the stack. After the run: the clear-session key brings a clean start screen, F2 opens acute help, and a
guide can be started and answered — the app is not left broken.

`make test`: one run per screen, a few thousand keys in all. `make soak`: 200 runs × 300 keys, over all screens.
A failure names the seed, the screen and the last keys, so that it can be replayed:
`pytest tests/test_monkey.py -k 'SCREEN and SEED'`.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandList
from textual.keys import _character_to_key
from textual.pilot import Pilot

from vinrguide.facts_from_text import FactGuess as ReadFact
from vinrguide.tui.app import GuideApp
from vinrguide.tui.palette import SwedishCommandPalette
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import AcuteScreen, ConfirmFactsScreen
from vinrguide.tui.screens.start import StartScreen

from .shipped import ROOT, shipped_pack
from .test_app_support import NOW, guide_number, outcome_paths, run_async, settle, wait_for

TEST_KEYS = 190  # per screen in `make test` (16 screens: about 3,000 keys)
SOAK_RUNS, SOAK_KEYS = 200, 300

PHRASES = [
    "Amina Testsson 15 år",
    "hon ska resa till hemlandet i sommar",
    "hedersrelaterat våld",
    "ViNR HRV LVU",
    "kollega slagen av partner",
    "åäö ÅÄÖ é ü",
    "12345",
    "   ",
    "!?#%&/()=+-_.,:;*'\"<>|@$[]{}\\^~`",
]


def _clear_key() -> str:
    """The clear-session key, as the app binds it (design.md: one a browser does not take)."""
    for binding in GuideApp.BINDINGS:
        if getattr(binding, "id", None) == "clear":
            return str(getattr(binding, "key", "")).split(",")[0]
    raise AssertionError("the app has no binding with id 'clear'")


CLEAR = _clear_key()
NAMED = [
    "enter", "enter", "escape", "escape", "tab", "tab", "shift+tab", "up", "down", "down", "left", "right",
    "space", "backspace", "backspace", "delete", "pageup", "pagedown", "home", "end",
    "f1", "f2", "f4", "ctrl+p", CLEAR, "question_mark",
]  # fmt: skip
CHARACTERS = "1234567890123123abcdefghijklmnopqrstuvwxyzåäöbskrlmoecq?/"


def _event(key: str) -> events.Key:
    """A key event as Textual's Pilot builds it: printable characters carry themselves, named keys their name."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    character = {"space": " ", "enter": "\r", "tab": "\t", "question_mark": "?", "backspace": "\x7f"}.get(key)
    return events.Key(key, character)


class Monkey:
    """Sends random user input to a running app and checks it after every step."""

    def __init__(self, app: GuideApp, pilot: Pilot[Any], rng: random.Random, label: str) -> None:
        self.app, self.pilot, self.rng, self.label = app, pilot, rng, label
        self.history: list[str] = []

    def where(self) -> str:
        stack = " > ".join(type(s).__name__ for s in self.app.screen_stack)
        return f"{self.label}: after {len(self.history)} steps, last {self.history[-12:]}, screens {stack}"

    async def key(self, key: str) -> None:
        self.history.append(key)
        driver = self.app._driver
        assert driver is not None
        driver.send_message(_event(key))
        await self.pilot.pause(0)

    async def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.45:
            await self.key(self.rng.choice(CHARACTERS))
        elif roll < 0.90:
            await self.key(self.rng.choice(NAMED))
        elif roll < 0.96:
            for character in self.rng.choice(PHRASES):
                await self.key(character)
        elif roll < 0.98:
            self.history.append("(pause)")
            await self.pilot.pause(0.25)
        elif roll < 0.99:
            self.history.append("(paste)")
            self.app.post_message(events.Paste(self.rng.choice(PHRASES) * self.rng.randint(1, 40)))
            await self.pilot.pause(0)
        elif roll < 0.995:
            size = self.rng.choice([(80, 24), (120, 36), (60, 20), (100, 30)])
            self.history.append(f"(resize {size})")
            await self.pilot.resize_terminal(*size)
        else:
            await self.resize_storm()

    async def resize_storm(self) -> None:
        """A window dragged narrow and back: sizes down to 1×1 with no pause between them, then the usual size."""
        sizes = [(self.rng.randint(1, 12), self.rng.randint(1, 30)) for _ in range(6)] + [(1, 1), (100, 30)]
        self.history.append(f"(resize storm {sizes})")
        for size in sizes:
            await self.pilot.resize_terminal(*size)
            await self.pilot.pause(0)

    def _start_at_bottom(self) -> bool:
        stack = self.app.screen_stack
        return len(stack) >= 2 and isinstance(stack[1], StartScreen)

    async def check(self) -> None:
        app = self.app
        assert app._exception is None, f"a handler raised: {app._exception!r}\n{self.where()}"
        assert app.is_running, f"the app stopped\n{self.where()}"
        if not self._start_at_bottom():  # clearing the session replaces every screen: give it time to finish
            for _ in range(100):
                await self.pilot.pause(0.02)
                if self._start_at_bottom():
                    break
            assert self._start_at_bottom(), f"the start screen is gone\n{self.where()}"
            assert app._exception is None, f"a handler raised: {app._exception!r}\n{self.where()}"

    async def run(self, count: int) -> None:
        await self.check()
        while len(self.history) < count:
            await self.step()
            await self.check()

    async def still_works(self) -> None:
        """The clear-session key gives a clean start screen; F2 opens acute help; a guide starts and answers."""
        app, pilot = self.app, self.pilot
        await pilot.pause()
        await pilot.press(CLEAR)
        await wait_for(pilot, lambda: len(app.screen_stack) == 2 and isinstance(app.screen, StartScreen))
        start = app.screen
        assert app.role is None and not app.coach, self.where()
        assert start.query_one("#situation").value == "", self.where()
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, AcuteScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is start)
        flow_id = sorted(shipped_pack().flows)[0]
        app.start_guide(flow_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        talk = app.screen
        assert isinstance(talk, ConversationScreen)
        numbers = next(iter(outcome_paths(shipped_pack().flows[flow_id]).values()))
        for number in numbers:
            await pilot.press(str(number))
        await wait_for(pilot, lambda: talk.walk.done)
        await self.check()


# ------------------------------------------------------------------ where a run starts


async def _typed(app: GuideApp, pilot: Pilot[Any], text: str) -> None:
    for character in text:
        pilot.app._driver.send_message(_event(character))  # type: ignore[union-attr]
    await pilot.pause()


async def _answers(app: GuideApp, pilot: Pilot[Any], flow_id: str, outcome: bool) -> None:
    app.start_guide(flow_id)
    await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
    if outcome:
        for number in next(iter(outcome_paths(shipped_pack().flows[flow_id]).values())):
            await pilot.press(str(number))
    else:
        await pilot.press("2")  # akut: nej


async def _numbers(app: GuideApp, pilot: Pilot[Any], *keys: str) -> None:
    app.screen.query_one("#guides").focus()
    await pilot.press(*keys)


async def _open(app: GuideApp, pilot: Pilot[Any], where: str) -> None:
    pack = shipped_pack()
    first_routine = next(iter(pack.routines.values()))
    openers: dict[str, Callable[[], Awaitable[object] | object]] = {
        "start": lambda: None,
        "start-typing": lambda: _typed(app, pilot, "hedersrelaterat"),  # into the box, focused above
        "question": lambda: _answers(app, pilot, "utlandsresa", outcome=False),
        "outcome": lambda: _answers(app, pilot, "misstanke", outcome=True),
        "acute-outcome": lambda: _numbers(app, pilot, str(guide_number("utlandsresa")), "1"),
        "export": lambda: _answers(app, pilot, "chef-medarbetare", outcome=True),
        "reader": lambda: app.open_reader(f"{first_routine.id}#{first_routine.sections[0].anchor}"),
        "directory": app.action_directory,
        "unit": lambda: app.show_unit(next(iter(pack.units))),
        "help": app.action_help,
        "acute": app.action_acute,
        "palette": app.action_command_palette,
        "routines": app.action_routines,
        "practice": app.action_practice,
        "map": lambda: _answers(app, pilot, "systematiska-fragor", outcome=False),
        "confirm-facts": lambda: app.push_screen(
            ConfirmFactsScreen(pack.flows["utlandsresa"], [ReadFact("alder", "barn", "15 år")])
        ),
    }
    if where == "start-typing":
        app.screen.query_one("#situation").focus()
        await pilot.pause()
    result = openers[where]()
    if isinstance(result, Awaitable):
        await result
    await pilot.pause()
    if where == "export":
        await pilot.press("e")
    elif where == "map":
        await pilot.press("m")
    await pilot.pause()


SCREENS = [
    "start",
    "start-typing",
    "question",
    "outcome",
    "acute-outcome",
    "export",
    "reader",
    "directory",
    "unit",
    "help",
    "acute",
    "palette",
    "routines",
    "practice",
    "map",
    "confirm-facts",
]


async def _monkey(where: str, seed: int, count: int, export_dir: Path) -> None:
    opened: list[str] = []
    app = GuideApp(ROOT, now=NOW, pack=shipped_pack(), export_dir=export_dir)
    app.open_url = lambda url, **kwargs: opened.append(url)  # never a browser

    async def quit_requested() -> None:  # "Avsluta" in the palette: a user may choose it; the run goes on
        opened.append("(quit)")

    app.action_quit = quit_requested
    monkey: Monkey | None = None
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await _open(app, pilot, where)
            monkey = Monkey(app, pilot, random.Random(f"{where}/{seed}"), f"screen {where!r}, seed {seed}")
            await monkey.run(count)
            await monkey.still_works()
    except AssertionError:
        raise
    except Exception as exc:  # the app crashed: say where, so that the run can be replayed
        raise AssertionError(f"{type(exc).__name__}: {exc}\n{monkey.where() if monkey else where}") from exc


@pytest.mark.parametrize("where", SCREENS)
@run_async
async def test_random_keys_on_every_screen(where: str, tmp_path: Path) -> None:
    await _monkey(where, 0, TEST_KEYS, tmp_path)


@pytest.mark.soak
@pytest.mark.parametrize("seed", range(SOAK_RUNS))
@run_async
async def test_soak_random_keys(seed: int, tmp_path: Path) -> None:
    await _monkey(SCREENS[seed % len(SCREENS)], seed, SOAK_KEYS, tmp_path)


def test_the_monkey_presses_the_keys_users_press() -> None:
    """The alphabet holds what the brief names, and the clear-session key is the app's."""
    assert CLEAR and CLEAR in NAMED
    for key in ("enter", "escape", "tab", "up", "down", "left", "right", "f1", "f2", "ctrl+p", "backspace"):
        assert key in NAMED
    assert set("0123456789") <= set(CHARACTERS) and "å" in CHARACTERS


# ------------------------------------------------------------------ what the monkey found, replayed exactly


@pytest.mark.parametrize("key", ["pagedown", "pageup"])
@run_async
async def test_page_keys_right_after_opening_the_palette(key: str, tmp_path: Path) -> None:
    app = GuideApp(ROOT, now=NOW, pack=shipped_pack(), export_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkey = Monkey(app, pilot, random.Random(0), f"ctrl+p, {key}")
        await monkey.key("ctrl+p")
        await monkey.key(key)
        await pilot.pause(0.3)
        await monkey.check()


@pytest.mark.parametrize("screen", ["start", "question"])
@run_async
async def test_two_enters_at_once_in_the_palette_keep_the_screen_underneath(
    screen: str, tmp_path: Path
) -> None:
    """Issue 15, item 7: ctrl+p, then two Enters with no pause, replaced the screen underneath (the start screen left
    the stack and Escape could not go back). One choice closes the palette once and runs its command once."""
    app = GuideApp(ROOT, now=NOW, pack=shipped_pack(), export_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if screen == "question":
            await _answers(app, pilot, "utlandsresa", outcome=False)
        underneath = app.screen
        monkey = Monkey(app, pilot, random.Random(0), f"ctrl+p, enter, enter on {screen}")
        await monkey.key("ctrl+p")
        await wait_for(
            pilot, lambda: isinstance(app.screen, SwedishCommandPalette) and app.screen.query(CommandList)
        )
        await settle(pilot)
        await monkey.key("enter")
        await monkey.key("enter")
        await settle(pilot)
        await monkey.check()
        assert isinstance(app.screen, AcuteScreen), app.screen_stack  # the first command: acute help
        assert underneath in app.screen_stack and app.screen_stack.count(underneath) == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is underneath)
