"""Answer-to-rendered latency: every guide walked to each of its outcomes through Pilot (headless, 120×36).

An **answer** is a digit pressed in a conversation (the option's number). Its latency runs from just before
`pilot.press(digit)` until the first frame rendered after the app has handled the key (Pilot's wait for the screen
and its widgets to process their messages), with nothing left to render: the compositor has rendered the next
question or the outcome card (`App._display` is called with the rendered update; headless, only the write to a
terminal is skipped). Screen updates are paced by Textual (at most 60 frames a second), for both apps alike.

**Baseline**, in the same run: a bare Textual app (Header, a Static, Footer) whose Static shows the digit pressed,
measured the same way. Every walk is done `--rounds` times (default 3); the first answer of the first round is the
cold one (the conversation and outcome modules are imported then), and it is counted.

    .venv/bin/python -m bench.latency_bench [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

TARGET_P95_MS = 30.0
SIZE = (120, 36)


class FrameClock:
    """Times when the app's screen was last rendered; waits for the frame that follows a key."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.last = 0.0
        self.cpu: list[float] = []  # the process's CPU time for each key, up to the frame
        original = app._display

        def display(screen: Screen[Any], renderable: Any) -> None:
            if renderable is not None:
                self.last = time.perf_counter()
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    async def press(self, pilot: Pilot[Any], key: str) -> float:
        """Press `key`; seconds until the first frame after the app has handled it, with nothing left to render."""
        start, cpu = time.perf_counter(), time.process_time()
        await pilot.press(key)
        deadline = time.perf_counter() + 5.0
        while True:  # the key is handled; a widget it changed stays dirty until a frame has rendered it
            screen = self.app.screen
            idle = not screen._dirty_widgets and not screen._layout_required and not screen._repaint_required
            if self.last > start and idle:
                self.cpu.append(time.process_time() - cpu)
                return self.last - start
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no frame rendered after {key!r}")
            await asyncio.sleep(0.0005)


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="echo")
        yield Footer()

    def on_key(self, event: Any) -> None:
        self.query_one("#echo", Static).update(f"Svar {event.key}")


async def baseline(count: int) -> tuple[list[float], list[float]]:
    """Latencies (wall) and CPU times of `count` keys in the bare app."""
    app = Bare()
    found = []
    async with app.run_test(size=SIZE) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        for n in range(count):
            found.append(await clock.press(pilot, str(1 + n % 3)))
    return found, clock.cpu


async def walks(rounds: int) -> tuple[list[float], dict[str, list[float]], int, list[float]]:
    """Latencies of every answer, all together and by flow; how many outcomes were reached; CPU time per answer."""
    # the repository's test helpers: the same walks as the app's own tests
    from tests.shipped import ROOT, shipped_pack
    from tests.test_app_support import NOW, guide_number, outcome_paths

    from vinrguide.tui.app import GuideApp
    from vinrguide.tui.screens.conversation import ConversationScreen

    pack = shipped_pack()
    app = GuideApp(ROOT, now=NOW, pack=pack)
    every: list[float] = []
    by_flow: dict[str, list[float]] = {}
    outcomes = 0
    cpu: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        for _ in range(rounds):
            for flow_id in sorted(pack.flows):
                await pilot.press(str(guide_number(flow_id)))
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ConversationScreen), f"{flow_id}: no conversation"
                for outcome, numbers in outcome_paths(pack.flows[flow_id]).items():
                    for number in numbers:
                        latency = await clock.press(pilot, str(number))
                        every.append(latency)
                        by_flow.setdefault(flow_id, []).append(latency)
                    assert screen.walk.current == outcome, f"{flow_id}: reached {screen.walk.current}"
                    outcomes += 1
                    cpu += clock.cpu[-len(numbers) :]
                    await pilot.press("s")  # start over
                    await pilot.pause()
                await pilot.press("escape")  # back to the start screen
                await pilot.pause()
    return every, by_flow, outcomes, cpu


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:5.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.latency_bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rounds", type=int, default=3, help="times every walk is done (default 3)")
    args = parser.parse_args(argv)
    every, by_flow, outcomes, cpu = asyncio.run(walks(args.rounds))
    base, base_cpu = asyncio.run(baseline(len(every)))
    base_p95, p95 = _p95(base), _p95(every)
    verdict = "met" if p95 * 1000 <= TARGET_P95_MS else "MISSED"
    print(
        f"answer-to-rendered latency, Pilot headless {SIZE[0]}×{SIZE[1]}: {len(every)} answers "
        f"({args.rounds} rounds, {outcomes} outcomes reached, all four guides)"
    )
    print(f"  {'':<34}{'median':>9}{'p95':>10}{'max':>10}   p95 ratio")
    print(
        f"  {'bare Textual app (Static updated)':<34}{_ms(statistics.median(base)):>9}{_ms(base_p95):>10}"
        f"{_ms(max(base)):>10}   baseline"
    )
    print(
        f"  {'vinrguide, every answer':<34}{_ms(statistics.median(every)):>9}{_ms(p95):>10}{_ms(max(every)):>10}"
        f"   {p95 / base_p95:5.2f}×  (target p95 ≤ {TARGET_P95_MS:.0f} ms: {verdict})"
    )
    for flow_id, values in sorted(by_flow.items()):
        print(
            f"  {'  ' + flow_id:<34}{_ms(statistics.median(values)):>9}{_ms(_p95(values)):>10}"
            f"{_ms(max(values)):>10}   {_p95(values) / base_p95:5.2f}×"
        )
    print(f"  the first (cold) answer: {_ms(every[0])}")
    print(
        f"  CPU time per key (steadier on a busy machine): bare median {_ms(statistics.median(base_cpu))}, "
        f"p95 {_ms(_p95(base_cpu))}; vinrguide median {_ms(statistics.median(cpu))}, p95 {_ms(_p95(cpu))} "
        f"({_p95(cpu) / _p95(base_cpu):.1f}×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
