"""Capacity of `vinrguide serve --terminal`: N browser sessions at once on loopback, against a bare Textual app served the same way.

For each kind (the baseline, then the app) one server is started (`--max-sessions N`), and one headless Chromium
(Debian's, as in the browser test) opens N tabs at the same moment, each in its own browser context. Measured:

- **time to first screen**: from asking for the page to the moment the session's screen shows the app's first
  screen (the guide list for the app; the header for the baseline), rebuilt from the bytes the page received;
- **memory per session**: resident set size (RSS) of each app process once every session has its first screen and the
  screens are still, and the proportional set size (PSS, shared pages divided between the processes that share them);
- **CPU per session**: user+system seconds of each app process from its start to the end of the run;
- for the app only: every session walks the guide `utlandsresa` to its outcome with the keyboard, all sessions
  pressing the same key at the same moment; **response time** is from the key press to the next screen, over all
  sessions and steps.

Bounded: at most MAX_SESSIONS sessions, and every wait has a deadline (--timeout, seconds per phase).

The browser runs on the same host as the server, so with many tabs the times are mostly the browser's own work
(drawing N terminals on 2 cores); the run reports how much CPU the browser used. `--clients websocket` measures the
server alone: N clients speak the page's websocket protocol directly (no browser), rebuild their screens the same way
and press the same keys. That is the figure for a real deployment, where the browsers run on the staff's computers.

    .venv/bin/python -m bench.load_bench [--sessions N] [--clients browser|websocket] [--timeout S] [--no-baseline]

`make bench` runs it with the defaults: 16 browser sessions, then 24 websocket clients (the default session cap).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser_support import (
    BrowserTerminal,
    RequestLog,
    Screen,
    ServerProcess,
    custom_app_server_argv,
    launch_chromium,
    memory_kib,
    serve_argv,
    walk_plan,
)

MAX_SESSIONS = 64
DEFAULT_SESSIONS = 16
DEFAULT_WEBSOCKET_SESSIONS = 24
DEFAULT_TIMEOUT = 120.0
APP_FIRST_SCREEN = "Oro för att en ung person förs utomlands"  # the guide list: content loaded, usable
APP_FIRST_PAINT = "AKUT 112"  # the header: painted before the content has loaded; F2 works
BASELINE_FIRST_SCREEN = "Baslinje"
BASELINE_APP = Path(__file__).with_name("serve_baseline_app.py")
CLK_TCK = 100


@dataclass
class LoadResult:
    kind: str
    sessions: int
    first_screen: list[float] = field(default_factory=list)  # seconds, one per session
    first_paint: list[float] = field(default_factory=list)  # seconds to the header with AKUT 112 (app only)
    rss_kib: list[int] = field(default_factory=list)  # one per app process
    pss_kib: list[int] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    cpu_per_key_ms: float = 0.0  # app CPU for one key press (the walk's CPU / its key presses), per session
    server_rss_kib: int = 0
    rss_after_walk_kib: list[int] = field(default_factory=list)
    pss_after_walk_kib: list[int] = field(default_factory=list)
    responses: list[float] = field(default_factory=list)  # seconds, every key press of every session
    outcomes: int = 0  # sessions that reached the outcome
    idle_cpu_percent: float = 0.0  # all app processes together, while every session sits on its outcome
    browser_cpu_s: float = 0.0  # Chromium's processes (on the same host) during the whole run
    outside_requests: list[str] = field(default_factory=list)
    wall_s: float = 0.0

    def summary(self) -> str:
        lines = [f"{self.kind}: {self.sessions} sessions at once ({self.wall_s:.1f} s)"]
        if self.first_paint:
            lines.append(
                f"  time to first paint (header, AKUT 112 works): median {statistics.median(self.first_paint):.2f} s, "
                f"max {max(self.first_paint):.2f} s"
            )
        if self.first_screen:
            lines.append(
                f"  time to first screen: median {statistics.median(self.first_screen):.2f} s, "
                f"max {max(self.first_screen):.2f} s"
            )
        if self.rss_kib:
            lines.append(
                f"  memory per session: RSS median {statistics.median(self.rss_kib) / 1024:.0f} MiB "
                f"(max {max(self.rss_kib) / 1024:.0f}), PSS median {statistics.median(self.pss_kib) / 1024:.0f} MiB; "
                f"all {len(self.rss_kib)} sessions: RSS {sum(self.rss_kib) / 1024:.0f} MiB, "
                f"PSS {sum(self.pss_kib) / 1024:.0f} MiB; server {self.server_rss_kib / 1024:.0f} MiB"
            )
        if self.rss_after_walk_kib:
            lines.append(
                f"  memory per session after the walk: RSS median {statistics.median(self.rss_after_walk_kib) / 1024:.0f} MiB"
                f" (max {max(self.rss_after_walk_kib) / 1024:.0f}), "
                f"PSS median {statistics.median(self.pss_after_walk_kib) / 1024:.0f} MiB"
            )
        if self.cpu_s:
            lines.append(
                f"  CPU per session: median {statistics.median(self.cpu_s):.2f} s, max {max(self.cpu_s):.2f} s"
            )
        if self.responses:
            ordered = sorted(self.responses)
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            lines.append(
                f"  response to a key, all sessions pressing at once: median {statistics.median(ordered):.2f} s, "
                f"p95 {p95:.2f} s, max {ordered[-1]:.2f} s; {self.outcomes}/{self.sessions} reached the outcome"
            )
        if self.cpu_per_key_ms:
            lines.append(f"  app CPU per key press (walk): {self.cpu_per_key_ms:.0f} ms")
        if self.idle_cpu_percent or self.responses:
            lines.append(f"  idle: all sessions together use {self.idle_cpu_percent:.1f} % of one core")
        if self.browser_cpu_s:
            lines.append(f"  the browser (same host) used {self.browser_cpu_s:.0f} CPU seconds in all")
        if not self.kind.endswith("(websocket clients)"):
            lines.append(f"  requests that left 127.0.0.1: {len(self.outside_requests)}")
        return "\n".join(lines)


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime


def chromium_cpu_seconds() -> float:
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                exe = (entry / "cmdline").read_bytes().split(b"\0", 1)[0]
            except OSError:
                continue
            if exe.endswith(b"/chromium") or b"/chromium/" in exe:
                total += cpu_seconds(int(entry.name))
    return total


IDLE_SECONDS = 5.0


def _measure_memory(pids: list[int], rss_out: list[int], pss_out: list[int]) -> None:
    for pid in pids:
        rss, pss = memory_kib(pid)
        rss_out.append(rss)
        pss_out.append(pss)


async def _websocket_sessions(
    server: ServerProcess,
    result: LoadResult,
    first_text: str,
    steps: tuple[tuple[str, str], ...],
    timeout: float,
) -> None:
    """The server alone: N websocket clients that behave like the page (no browser)."""
    import aiohttp

    url = "ws" + server.url.removeprefix("http") + "ws?width=150&height=50"
    screens = [Screen(cols=150, rows=50) for _ in range(result.sessions)]

    def shows(i: int, text: str) -> bool:
        return " ".join(text.split()) in " ".join(screens[i].text().split())

    # what each session waits for: (text, since); checked on every frame, so times are exact to the frame
    watching: dict[int, tuple[str, float]] = {}
    reached: dict[int, float] = {}

    def check(i: int) -> None:
        if i in watching and i not in reached and shows(i, watching[i][0]):
            reached[i] = time.monotonic() - watching[i][1]

    async def reader(i: int, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                screens[i].feed(message.data)
                check(i)

    async def wait_all(text: str, since: list[float]) -> dict[int, float]:
        reached.clear()
        for i in range(result.sessions):
            watching[i] = (text, since[i])
            check(i)
        deadline = time.monotonic() + timeout
        while len(reached) < result.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        watching.clear()
        return dict(reached)

    async with aiohttp.ClientSession() as http:
        asked = [time.monotonic() for _ in range(result.sessions)]
        sockets = await asyncio.gather(
            *(http.ws_connect(url, max_msg_size=0) for _ in range(result.sessions))
        )
        readers = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(sockets)]
        try:
            if first_text == APP_FIRST_SCREEN:
                painted = await wait_all(APP_FIRST_PAINT, asked)
                result.first_paint = [painted[i] for i in sorted(painted)]
            seen = await wait_all(first_text, asked)
            result.first_screen = [seen[i] for i in sorted(seen)]
            if len(seen) < result.sessions:
                raise TimeoutError(
                    f"{result.sessions - len(seen)} of {result.sessions} sessions had no first screen"
                )
            await asyncio.sleep(1.0)
            pids = server.app_pids()
            _measure_memory(pids, result.rss_kib, result.pss_kib)
            result.server_rss_kib = memory_kib(server.pid)[0]
            cpu_before_walk = sum(cpu_seconds(pid) for pid in pids)
            for key, expect in steps:
                pressed = [time.monotonic()] * result.sessions
                await asyncio.gather(*(ws.send_json(["stdin", key]) for ws in sockets))
                done = await wait_all(expect, pressed)
                result.responses.extend(done.values())
                if len(done) < result.sessions:
                    break
                await asyncio.sleep(0.3)
            if steps:
                walk_cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before_walk
                result.cpu_per_key_ms = 1000 * walk_cpu / (len(steps) * result.sessions)
                result.outcomes = sum(shows(i, steps[-1][1]) for i in range(result.sessions))
                _measure_memory(pids, result.rss_after_walk_kib, result.pss_after_walk_kib)
                before = sum(cpu_seconds(pid) for pid in pids)
                await asyncio.sleep(IDLE_SECONDS)
                result.idle_cpu_percent = (
                    100 * (sum(cpu_seconds(pid) for pid in pids) - before) / IDLE_SECONDS
                )
            result.cpu_s = [cpu_seconds(pid) for pid in pids]
        finally:
            await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
            for task in readers:
                task.cancel()


def run_load(
    kind: str = "app",
    sessions: int = DEFAULT_SESSIONS,
    timeout: float = DEFAULT_TIMEOUT,
    walk: bool = True,
    clients: str = "browser",
    playwright: Any = None,
) -> LoadResult:
    """N sessions at once against the app ("app") or a bare Textual app ("baseline"), from a browser or websockets.

    `playwright`: a running sync Playwright to use (a test's); else one is started here.
    """
    from playwright.sync_api import sync_playwright

    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"sessions must be 1…{MAX_SESSIONS}")
    if kind == "app":
        argv = serve_argv("--max-sessions", str(sessions))
        first_text = APP_FIRST_SCREEN
    else:
        argv = custom_app_server_argv((sys.executable, str(BASELINE_APP)), max_sessions=sessions)
        first_text = BASELINE_FIRST_SCREEN
    result = LoadResult(kind if clients == "browser" else f"{kind} (websocket clients)", sessions)
    started = time.monotonic()
    server = ServerProcess(argv).start()
    if clients == "websocket":
        try:
            steps = walk_plan().steps if kind == "app" and walk else ()
            asyncio.run(_websocket_sessions(server, result, first_text, steps, timeout))
        finally:
            server.stop()
            result.wall_s = time.monotonic() - started
        return result
    try:
        with contextlib.ExitStack() as stack:
            if playwright is None:
                playwright = stack.enter_context(sync_playwright())
            browser = launch_chromium(playwright)
            try:
                terms: list[BrowserTerminal] = []
                logs: list[RequestLog] = []
                for _ in range(sessions):
                    context = browser.new_context()
                    logs.append(RequestLog(context))
                    terms.append(BrowserTerminal(context, server.url, width=1200, height=800))
                asked: list[float] = []
                for term in terms:  # every tab asks at (almost) the same moment
                    asked.append(time.monotonic())
                    term.page.goto(server.url, wait_until="commit")
                seen: dict[int, float] = {}
                deadline = time.monotonic() + timeout
                while len(seen) < sessions and time.monotonic() < deadline:
                    terms[0].pump(25)
                    now = time.monotonic()
                    for i, term in enumerate(terms):
                        if i not in seen and term.has(first_text):
                            seen[i] = now - asked[i]
                result.first_screen = [seen[i] for i in sorted(seen)]
                if len(seen) < sessions:
                    raise TimeoutError(f"{sessions - len(seen)} of {sessions} sessions had no first screen")
                for term in terms:
                    term.settle(400, timeout=10)
                pids = server.app_pids()
                _measure_memory(pids, result.rss_kib, result.pss_kib)
                result.server_rss_kib = memory_kib(server.pid)[0]
                if kind == "app" and walk:
                    for term in terms:
                        term.focus()
                    steps = walk_plan().steps
                    for key, expect in steps:
                        pressed: list[float] = []
                        for term in terms:
                            pressed.append(time.monotonic())
                            term.page.keyboard.press(key)
                        done: dict[int, float] = {}
                        deadline = time.monotonic() + timeout
                        while len(done) < sessions and time.monotonic() < deadline:
                            terms[0].pump(25)
                            now = time.monotonic()
                            for i, term in enumerate(terms):
                                if i not in done and term.has(expect):
                                    done[i] = now - pressed[i]
                        result.responses.extend(done.values())
                        if len(done) < sessions:
                            break
                        for term in terms:
                            term.settle(200, timeout=10)
                    result.outcomes = sum(term.has(steps[-1][1]) for term in terms)
                    _measure_memory(pids, result.rss_after_walk_kib, result.pss_after_walk_kib)
                    before = sum(cpu_seconds(pid) for pid in pids)
                    terms[0].pump(int(IDLE_SECONDS * 1000))
                    used = sum(cpu_seconds(pid) for pid in pids) - before
                    result.idle_cpu_percent = 100 * used / IDLE_SECONDS
                result.cpu_s = [cpu_seconds(pid) for pid in pids]
                result.outside_requests = sorted({u for log in logs for u in log.outside()})
                result.browser_cpu_s = chromium_cpu_seconds()
            finally:
                browser.close()
    finally:
        server.stop()
        result.wall_s = time.monotonic() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=None, help=f"1…{MAX_SESSIONS}")
    parser.add_argument("--clients", choices=("browser", "websocket"), default=None)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per phase")
    parser.add_argument("--no-baseline", action="store_true", help="only the app")
    args = parser.parse_args(argv if argv is not None else [])
    if args.clients is None and args.sessions is None:  # make bench: both
        plan = [("browser", DEFAULT_SESSIONS), ("websocket", DEFAULT_WEBSOCKET_SESSIONS)]
    else:
        clients = args.clients or "browser"
        plan = [
            (
                clients,
                args.sessions or (DEFAULT_SESSIONS if clients == "browser" else DEFAULT_WEBSOCKET_SESSIONS),
            )
        ]
    ok = True
    for clients, sessions in plan:
        results = []
        if not args.no_baseline:
            results.append(run_load("baseline", sessions, args.timeout, clients=clients))
            print(results[-1].summary(), flush=True)
        results.append(run_load("app", sessions, args.timeout, clients=clients))
        print(results[-1].summary(), flush=True)
        if len(results) == 2:
            base, app = results
            print(
                f"app / baseline: memory per session (PSS median) "
                f"{statistics.median(app.pss_kib) / max(1, statistics.median(base.pss_kib)):.2f}×, "
                f"time to first screen (median) "
                f"{statistics.median(app.first_screen) / max(1e-9, statistics.median(base.first_screen)):.2f}×",
                flush=True,
            )
        app = results[-1]
        ok = (
            ok and len(app.first_screen) == sessions and app.outcomes == sessions and not app.outside_requests
        )
        print(flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
