"""Answer-to-rendered latency: every guide walked to each of its outcomes through Pilot (headless, 120×36).

An **answer** is a digit pressed in a conversation (the option's number). Its latency runs from just before
`pilot.press(digit)` until the last frame rendered after the app has handled the key (Pilot's wait for the screen
and its widgets to process their messages), once nothing is left to render and no frame has followed for 50 ms: the
compositor has rendered the next question or the outcome card, scrolled, with its footer (`App._display` is called
with the rendered update; headless, only the write to a terminal is skipped). Screen updates are paced by Textual
(at most 60 frames a second), for both apps alike. The frames each answer took to settle are counted, and the
answers are reported by kind: those that show the next question, and those that show an outcome.

**Baselines**, in the same run, measured the same way and interleaved with the walks (each guide is walked in an
app of its own, then each baseline gets as many keys as that guide had answers, so a change in the machine's load
weighs on both alike): a bare Textual app (Header, a Static, Footer) whose Static shows the digit pressed (a
one-line update), and the **layout-change floor**: a bare app that replaces one 60-line `Static` in a
`VerticalScroll` (Textual lays a change out on its next frame, and this one, as Textual handles it, on the frame
after that too: two frames). The targets (issue 12, item 13) are ratios to the floor: median ≤ 1.1×,
p95 ≤ 1.3×. Every walk is done `--rounds` times (default 3); the first answer of the first round is the
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
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

TARGET_MEDIAN_RATIO = 1.1
TARGET_P95_RATIO = 1.3
SIZE = (120, 36)


WARM_UP = 5
"""Keys pressed in each new baseline app before its keys are counted."""

QUIET = 0.05
"""A key's screen has settled when no frame follows its last one for this long (three frames at 60 a second): a
change scheduled after a refresh (a scroll, a footer update) counts, up to its own frame."""


class FrameClock:
    """Times when the app's screen was last rendered; waits for the frames that follow a key until it settles."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.last = 0.0
        self.frames = 0  # screen updates that drew (one update may write twice: the layout, then widgets)
        self._same_update = False
        self.cpu: list[float] = []  # the process's CPU time for each key, up to its last frame
        self.frame_counts: list[int] = []  # frames each key took to settle
        original = app._display

        def display(screen: Screen[Any], renderable: Any) -> None:
            if renderable is not None:
                self.last = time.perf_counter()
                if not self._same_update:  # the writes of one screen update run without a pause between them
                    self.frames += 1
                    self._same_update = True
                    asyncio.get_running_loop().call_soon(self._next_update)
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    def _next_update(self) -> None:
        self._same_update = False

    async def press(self, pilot: Pilot[Any], key: str) -> float:
        """Press `key`; seconds until the last frame after it, once nothing is left to render and no frame has
        followed for `QUIET` seconds."""
        start, cpu = time.perf_counter(), time.process_time()
        self.frames = 0
        await pilot.press(key)
        deadline = time.perf_counter() + 5.0
        while True:  # the key is handled; a widget it changed stays dirty until a frame has rendered it
            screen = self.app.screen
            idle = not screen._dirty_widgets and not screen._layout_required and not screen._repaint_required
            now = time.perf_counter()
            if self.last > start and idle and now - self.last >= QUIET and not screen._callbacks:
                self.cpu.append(time.process_time() - cpu)
                self.frame_counts.append(self.frames)
                return self.last - start
            if now > deadline:
                raise RuntimeError(f"no frame rendered after {key!r}")
            await asyncio.sleep(0.0005)


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="echo")
        yield Footer()

    def on_key(self, event: Any) -> None:
        self.query_one("#echo", Static).update(f"Svar {event.key}")


class Floor(App[None]):
    """The layout-change floor: each key replaces one 60-line Static in a VerticalScroll."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="thread"):
            yield Static(self._lines("-"))
        yield Footer()

    @staticmethod
    def _lines(key: str) -> str:
        return "\n".join(f"Rad {n}: svar {key} – en rad text som ett utfall kan ha" for n in range(60))

    async def on_key(self, event: Any) -> None:
        thread = self.query_one("#thread", VerticalScroll)
        async with thread.batch():
            await thread.remove_children()
            await thread.mount(Static(self._lines(event.key)))


async def baseline(count: int, bare: type[App[None]] = Bare) -> tuple[list[float], list[float], list[int]]:
    """Latencies (wall), CPU times and frames of `count` keys in a bare app."""
    app = bare()
    found = []
    async with app.run_test(size=SIZE) as pilot:
        clock = FrameClock(app)
        await pilot.pause()
        for n in range(WARM_UP):  # the first keys of a new app are slower: not what the floor is
            await clock.press(pilot, str(1 + n % 3))
        clock.cpu.clear()
        clock.frame_counts.clear()
        for n in range(count):
            found.append(await clock.press(pilot, str(1 + n % 3)))
    return found, clock.cpu, clock.frame_counts


class Walked:
    """The answers of the walks: latency, CPU time and frames, with the kind (next question or outcome)."""

    def __init__(self) -> None:
        self.every: list[float] = []
        self.by_flow: dict[str, list[float]] = {}
        self.by_kind: dict[str, list[float]] = {"question": [], "outcome": []}
        self.cpu_by_kind: dict[str, list[float]] = {"question": [], "outcome": []}
        self.frames_by_kind: dict[str, list[int]] = {"question": [], "outcome": []}
        self.cpu: list[float] = []
        self.outcomes = 0


class Baselines:
    """The baselines' latencies (wall), CPU times and frames, measured between the walks."""

    def __init__(self) -> None:
        self.bare: list[float] = []
        self.bare_cpu: list[float] = []
        self.floor: list[float] = []
        self.floor_cpu: list[float] = []
        self.floor_frames: list[int] = []

    async def measure(self, count: int) -> None:
        bare, bare_cpu, _ = await baseline(count)
        floor, floor_cpu, floor_frames = await baseline(count, Floor)
        self.bare += bare
        self.bare_cpu += bare_cpu
        self.floor += floor
        self.floor_cpu += floor_cpu
        self.floor_frames += floor_frames


async def walks(rounds: int) -> tuple[Walked, Baselines]:
    """Every answer of every walk, all together, by flow and by kind; how many outcomes were reached. The
    baselines are measured **interleaved** with them: after each guide's walks, as many keys in each bare app as
    that guide had answers, so a change in the machine's load weighs on both alike. Each app but the first walks
    its guide's first outcome once before its answers are counted, as each baseline app presses `WARM_UP` keys:
    the run counts one cold start, as when one app walked every guide."""
    # the repository's test helpers: the same walks as the app's own tests
    from tests.shipped import ROOT, shipped_pack
    from tests.test_app_support import NOW, guide_number, outcome_paths

    from vinrguide.tui.app import GuideApp
    from vinrguide.tui.screens.conversation import ConversationScreen

    pack = shipped_pack()
    found = Walked()
    baselines = Baselines()
    for _ in range(rounds):
        for flow_id in sorted(pack.flows):
            answered = len(found.every)
            app = GuideApp(ROOT, now=NOW, pack=pack)
            async with app.run_test(size=SIZE) as pilot:
                clock = FrameClock(app)
                await pilot.pause()
                app.screen.query_one("#guides").focus()  # digits typed in the text box are text
                await pilot.press(str(guide_number(flow_id)))
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ConversationScreen), f"{flow_id}: no conversation"
                paths = outcome_paths(pack.flows[flow_id])
                if found.every:  # a new app, not the first: its first walk is not counted (one cold start is)
                    await pilot.press(*map(str, next(iter(paths.values()))), "s")
                    await pilot.pause()
                for outcome, numbers in paths.items():
                    for index, number in enumerate(numbers):
                        latency = await clock.press(pilot, str(number))
                        kind = "outcome" if index == len(numbers) - 1 else "question"
                        found.every.append(latency)
                        found.by_flow.setdefault(flow_id, []).append(latency)
                        found.by_kind[kind].append(latency)
                        found.cpu_by_kind[kind].append(clock.cpu[-1])
                        found.frames_by_kind[kind].append(clock.frame_counts[-1])
                    assert screen.walk.current == outcome, f"{flow_id}: reached {screen.walk.current}"
                    found.outcomes += 1
                    found.cpu += clock.cpu[-len(numbers) :]
                    await pilot.press("s")  # start over
                    await pilot.pause()
            await baselines.measure(len(found.every) - answered)
    return found, baselines


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
    walked, baselines = asyncio.run(walks(args.rounds))
    every, by_flow, outcomes, cpu = walked.every, walked.by_flow, walked.outcomes, walked.cpu
    base, base_cpu = baselines.bare, baselines.bare_cpu
    floor, floor_cpu, floor_frames = baselines.floor, baselines.floor_cpu, baselines.floor_frames
    floor_median, floor_p95 = statistics.median(floor), _p95(floor)
    median, p95 = statistics.median(every), _p95(every)
    print(
        f"answer-to-rendered latency, Pilot headless {SIZE[0]}×{SIZE[1]}: {len(every)} answers "
        f"({args.rounds} rounds, {outcomes} outcomes reached, every guide; the baselines between the guides)"
    )
    print(f"  {'':<38}{'median':>9}{'p95':>10}{'max':>10}   median, p95 as ratios to the floor")
    rows = [
        ("bare app, one-line Static updated", base),
        ("bare app, 60-line Static replaced (floor)", floor),
        ("vinrguide, every answer", every),
        *[
            (f"  {kind}s" if kind == "outcome" else "  next questions", walked.by_kind[kind])
            for kind in walked.by_kind
        ],
        *[(f"  {flow_id}", values) for flow_id, values in sorted(by_flow.items())],
    ]
    for label, values in rows:
        print(
            f"  {label:<38}{_ms(statistics.median(values)):>9}{_ms(_p95(values)):>10}{_ms(max(values)):>10}"
            f"   {statistics.median(values) / floor_median:5.2f}×  {_p95(values) / floor_p95:5.2f}×"
        )
    met = median / floor_median <= TARGET_MEDIAN_RATIO and p95 / floor_p95 <= TARGET_P95_RATIO
    print(
        f"  target: median ≤ {TARGET_MEDIAN_RATIO}×, p95 ≤ {TARGET_P95_RATIO}× the floor: "
        f"{'met' if met else 'MISSED'} ({median / floor_median:.2f}×, {p95 / floor_p95:.2f}×)"
    )
    print(f"  the first (cold) answer: {_ms(every[0])}")
    frames = ", ".join(
        f"{kind} median {statistics.median(counts):g}, max {max(counts)}"
        for kind, counts in walked.frames_by_kind.items()
    )
    print(f"  frames to settle: floor median {statistics.median(floor_frames):g}; {frames}")
    print(
        "  CPU time per kind: "
        + "; ".join(
            f"{kind} median {_ms(statistics.median(values))}, p95 {_ms(_p95(values))}"
            for kind, values in walked.cpu_by_kind.items()
        )
    )
    print(
        f"  CPU time per key (steadier on a busy machine): floor median {_ms(statistics.median(floor_cpu))}, "
        f"p95 {_ms(_p95(floor_cpu))}; vinrguide median {_ms(statistics.median(cpu))}, p95 {_ms(_p95(cpu))} "
        f"({statistics.median(cpu) / statistics.median(floor_cpu):.2f}×, {_p95(cpu) / _p95(floor_cpu):.2f}×); "
        f"one-line bare median {_ms(statistics.median(base_cpu))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
