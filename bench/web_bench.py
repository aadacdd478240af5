"""Speed and capacity of the web app (`vinrguide serve`), side by side with the terminal in a browser (`serve --terminal`).

Two parts:

1. **Render time per page type, in process**: each page rendered from its form state by `web.pages.Site` (the same
   function the server calls), REPEAT times after one warm-up; p50 and p95 in ms. Target: p95 ≤ 5 ms.
2. **Load on loopback**: `vinrguide serve --workers W --port 0` as a separate process, and STAFF simulated members of
   staff (asyncio + aiohttp, each with its own connection, as a browser has) walking guides at a realistic pace: the
   start page, sometimes a search, a guide chosen, each question read for THINK seconds (uniform in the range) and
   answered with a random option, the outcome read, sometimes the summary downloaded, then the next case. Staff start
   spread over the first THINK seconds. Bounded: at most MAX_STAFF staff and MAX_DURATION seconds. Reported:
   requests/s, p50/p95/max latency (client-side, from sending the request to the last byte), errors, and RSS/PSS of
   each worker at the end. The simulated staff run on the same 2 cores as the server, so the figures are pessimistic.

   The terminal side uses bench/load_bench.py's websocket clients unchanged (`run_load(clients="websocket")`): N
   sessions of the Textual app, every session pressing the same key at the same moment, the time to the next screen.

    .venv/bin/python -m bench.web_bench [--staff 500] [--workers 2] [--duration 60] [--think 3-12]
                                        [--terminal-sessions 24] [--no-terminal] [--render-only]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

MAX_STAFF = 2000
MAX_DURATION = 300.0
REPEAT = 200
FIXED_NOW = "2026-05-20T10:00"
SEARCHES = (
    "En 15-årig elev ska giftas bort i sommar",
    "kollega blir slagen av sin partner",
    "ska jag fråga om våld när jag träffar en ny klient",
    "eleven har blåmärken och vill inte gå hem",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


# ---------------------------------------------------------------- 1. render time in process


def render_times(repeat: int = REPEAT) -> dict[str, tuple[float, float, float]]:
    """Per page type: (p50, p95) of the CPU time of one render (this thread's, so not the time the 2 shared cores
    spent on other processes) and the p95 of the wall-clock time, in ms."""
    from tests.web_support import site

    from vinrguide.web.state import WalkState

    s = site()
    question = WalkState("utlandsresa", "skola", answers={"akut": "nej"})
    outcome = WalkState("misstanke", "skola", answers={"akut": "nej", "alder": "barn", "heder": "ja"})
    while outcome.walk(s.pack).question is not None:  # answer "nej" (or the first option) to whatever is left
        walk = outcome.walk(s.pack)
        assert walk.question is not None
        values = [o.value for o in walk.question.options]
        outcome = outcome.with_answer(walk.question.fact, "nej" if "nej" in values else values[0])
    routine = max(s.pack.routines.values(), key=lambda r: len(r.body)).id
    pages: dict[str, Any] = {
        "start": lambda: s.start(),
        "search (POST /)": lambda: s.start("skola", SEARCHES[0]),
        "question": lambda: s.step(question),
        "outcome": lambda: s.step(outcome),
        "routine (longest)": lambda: s.routine(routine),
        "directory": lambda: s.directory(),
        "acute": lambda: s.acute(),
        "coach map": lambda: s.flow_map("misstanke"),
        "practice case": lambda: s.practice_case(0),
        "error": lambda: s.error(404, "Sidan finns inte."),
    }
    results = {}
    for name, render in pages.items():
        render()  # warm-up: templates compiled, Markdown cached as in a running server
        cpu, wall = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.thread_time()
            render()
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        results[name] = (statistics.median(cpu), percentile(cpu, 0.95), percentile(wall, 0.95))
    return results


# ---------------------------------------------------------------- 2. load on loopback

_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
_RADIO = re.compile(r'<input type="radio" id="svar-\d+" name="svar" value="([^"]+)"')
_NODE = re.compile(r'<input type="hidden" name="nod" value="([^"]+)">')
_GUIDES = re.compile(r'name="starta" value="([^"]+)"')
_ROLES = re.compile(r'name="roll" value="([^"]+)"')


@dataclass
class LoadStats:
    latencies: list[float] = field(default_factory=list)  # seconds
    errors: int = 0
    walks: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.append(seconds)
        self.by_kind.setdefault(kind, []).append(seconds)


async def _staff(
    base: str, stats: LoadStats, stop_at: float, think: tuple[float, float], rng: random.Random
) -> None:
    import aiohttp

    async def pause() -> bool:
        delay = rng.uniform(*think)
        if time.monotonic() + delay >= stop_at:
            return False
        await asyncio.sleep(delay)
        return True

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as http:

        async def request(kind: str, method: str, path: str, data: Any = None) -> str:
            started = time.monotonic()
            async with http.request(method, base + path, data=data) as response:
                text = await response.text()
                if response.status != 200:
                    stats.errors += 1
            stats.add(kind, time.monotonic() - started)
            return text

        await asyncio.sleep(rng.uniform(0, think[1]))  # staff arrive spread out, not all in one second
        while time.monotonic() < stop_at:
            page = await request("start", "GET", "/")
            guides, roles = _GUIDES.findall(page), _ROLES.findall(page)
            role = rng.choice(roles)
            if rng.random() < 0.3:
                if not await pause():
                    return
                page = await request(
                    "search", "POST", "/", {"roll": role, "q": rng.choice(SEARCHES), "handling": "sok"}
                )
            if not await pause():
                return
            page = await request(
                "step", "POST", "/guide/starta", {"starta": rng.choice(guides), "roll": role}
            )
            while (node := _NODE.search(page)) is not None:
                if not await pause():
                    return
                form = page[page.index('class="question-form"') :]
                fields = _HIDDEN.findall(form.split("</form>", 1)[0])
                value = rng.choice(_RADIO.findall(form))
                data = [*fields, ("svar", value), ("handling", "svara")]
                del node
                page = await request("step", "POST", "/guide", data)
            stats.walks += 1
            if rng.random() < 0.2 and 'action="/guide/sammanfattning"' in page:
                form = page[page.index('action="/guide/sammanfattning"') :].split("</form>", 1)[0]
                await request("download", "POST", "/guide/sammanfattning", _HIDDEN.findall(form))
            if not await pause():  # reading the outcome
                return


async def _load(base: str, staff: int, duration: float, think: tuple[float, float], seed: int) -> LoadStats:
    stats = LoadStats()
    stop_at = time.monotonic() + duration
    rng = random.Random(seed)
    await asyncio.gather(
        *(_staff(base, stats, stop_at, think, random.Random(rng.random())) for _ in range(staff)),
        return_exceptions=False,
    )
    return stats


@dataclass
class WebLoadResult:
    staff: int
    workers: int
    duration: float
    think: tuple[float, float]
    stats: LoadStats
    worker_memory_kib: list[tuple[int, int]]
    server_cpu_s: float
    startup_s: float
    client_cpu_s: float = 0.0
    load_average: float = 0.0

    def summary(self) -> str:
        lat = [x * 1000 for x in self.stats.latencies]
        lines = [
            f"web app (serve --workers {self.workers}): {self.staff} staff walking guides for {self.duration:.0f} s, "
            f"a step every {self.think[0]:g}–{self.think[1]:g} s (start-up to first answer {self.startup_s:.2f} s)",
            f"  {len(lat)} requests, {len(lat) / self.duration:.0f} requests/s, {self.stats.walks} walks to an outcome, "
            f"{self.stats.errors} errors",
            f"  latency: p50 {percentile(lat, 0.5):.1f} ms, p95 {percentile(lat, 0.95):.1f} ms, "
            f"p99 {percentile(lat, 0.99):.1f} ms, max {max(lat, default=0):.1f} ms",
        ]
        for kind, values in sorted(self.stats.by_kind.items()):
            ms = [x * 1000 for x in values]
            lines.append(
                f"    {kind:9} {len(ms):6} requests, p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms"
            )
        for n, (rss, pss) in enumerate(self.worker_memory_kib, 1):
            lines.append(f"  worker {n}: RSS {rss / 1024:.0f} MiB, PSS {pss / 1024:.0f} MiB")
        lines.append(
            f"  CPU: server (all workers) {self.server_cpu_s:.1f} s, the simulated staff {self.client_cpu_s:.1f} s, "
            f"in {self.duration:.0f} s; load average at the end {self.load_average:.1f} ({os.cpu_count()} cores)"
        )
        return "\n".join(lines)


def run_web_load(
    staff: int, workers: int, duration: float, think: tuple[float, float], seed: int = 1
) -> WebLoadResult:
    import urllib.request

    from tests.browser_support import ServerProcess, memory_kib

    from bench.load_bench import cpu_seconds

    if not 1 <= staff <= MAX_STAFF:
        raise ValueError(f"staff must be 1…{MAX_STAFF}")
    if not 0 < duration <= MAX_DURATION:
        raise ValueError(f"duration must be at most {MAX_DURATION:.0f} s")
    argv = [
        sys.executable,
        "-m",
        "vinrguide",
        "serve",
        "--port",
        "0",
        "--workers",
        str(workers),
        "--now",
        FIXED_NOW,
    ]
    started = time.monotonic()
    server = ServerProcess(argv).start()
    try:
        with urllib.request.urlopen(server.url, timeout=10) as response:
            response.read()
        startup = time.monotonic() - started
        pids = server.app_pids() if workers > 1 else [server.pid]
        cpu_before, client_before = sum(cpu_seconds(pid) for pid in pids), time.process_time()
        stats = asyncio.run(_load(server.url.rstrip("/"), staff, duration, think, seed))
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
        client_cpu = time.process_time() - client_before
        load = os.getloadavg()[0]
        memory = [memory_kib(pid) for pid in pids]
        assert "Zlatan" not in server.output
    finally:
        server.stop()
    return WebLoadResult(staff, workers, duration, think, stats, memory, cpu, startup, client_cpu, load)


# ---------------------------------------------------------------- the command


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    pair = (float(low), float(high or low))
    if not 0 <= pair[0] <= pair[1]:
        raise argparse.ArgumentTypeError("--think: LOW-HIGH seconds, e.g. 3-12")
    return pair


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=500, help=f"simulated staff at once (1…{MAX_STAFF})")
    parser.add_argument("--workers", type=int, default=2, help="serve --workers (default 2: one per core)")
    parser.add_argument(
        "--duration", type=float, default=60.0, help=f"seconds of load (≤ {MAX_DURATION:.0f})"
    )
    parser.add_argument("--think", type=_think, default=(3.0, 12.0), help="seconds per step, LOW-HIGH (3-12)")
    parser.add_argument("--terminal-sessions", type=int, default=24, help="serve --terminal sessions (24)")
    parser.add_argument("--no-terminal", action="store_true", help="skip the serve --terminal side")
    parser.add_argument("--render-only", action="store_true", help="only the in-process render times")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="renders per page type")
    args = parser.parse_args(argv if argv is not None else [])

    import gc

    from tests.shipped import shipped_pack

    shipped_pack()
    gc.collect()
    gc.freeze()  # as the server does after loading the content
    print(
        f"Render time per page type (in process, ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):"
    )
    worst = 0.0
    for name, (p50, p95, wall95) in render_times(args.repeat).items():
        worst = max(worst, p95)
        print(f"  {name:20} CPU p50 {p50:6.2f}  p95 {p95:6.2f}   wall-clock p95 {wall95:6.2f}")
    print(f"  slowest CPU p95: {worst:.2f} ms (target ≤ 5 ms)")
    if args.render_only:
        return 0
    print(flush=True)
    web_result = run_web_load(args.staff, args.workers, args.duration, args.think)
    print(web_result.summary(), flush=True)
    if not args.no_terminal:
        from bench.load_bench import run_load

        print(flush=True)
        terminal = run_load("app", sessions=args.terminal_sessions, clients="websocket", timeout=120.0)
        print("serve --terminal, the same run:")
        print(terminal.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
