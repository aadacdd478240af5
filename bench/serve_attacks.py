"""The attacks of issue 15 (points 1–5) against `vinrguide serve --terminal` on loopback, as figures: one line per
attack with what the server did. tests/test_serve_hostile.py asserts the same attacks; this prints them, so that a
tree before the fixes can be measured the same way.

    .venv/bin/python -m bench.serve_attacks

Before the fixes (the tree at commit 7d58aa5, with this tree's serve/messages.py and serve/session.py copied in for
the constants the test module imports):

    git archive 7d58aa5 src | tar -x -C /tmp/old
    cp src/vinrguide/serve/messages.py src/vinrguide/serve/session.py /tmp/old/src/vinrguide/serve/
    VINRGUIDE_CONTENT=$PWD PYTHONPATH=/tmp/old/src .venv/bin/python -m bench.serve_attacks

Bounded: every attack has a deadline; only 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from tests.browser_support import (
    ServerProcess,
    Session,
    custom_app_server_argv,
    running_server,
    serve_argv,
    ws_url,
)
from tests.test_serve_hostile import ECHO_APP, EVIL, GUIDE_LIST, MALFORMED, MARKER, port_of, rss_mib

GUIDE_READY = GUIDE_LIST.encode()
ECHO_READY = b"ECHO-APP READY"


async def _session(
    server: ServerProcess, body: Callable[[Session, int], Awaitable[str]], ready: bytes
) -> str:
    before = set(server.app_pids())
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(server.url)) as ws:
        session = Session(ws)
        await session.read_until(lambda: ready in session.screen, timeout=60)
        (app,) = set(server.app_pids()) - before
        return await body(session, app)


async def _watch(session: Session, app: int, seconds: float) -> float:
    """The app's peak RSS until the session closes or `seconds` pass."""
    peak = rss_mib(app)
    deadline = time.monotonic() + seconds
    while not session.closed and time.monotonic() < deadline:
        with contextlib.suppress(AssertionError):
            await session.read_until(lambda: session.closed, timeout=1)
        peak = max(peak, rss_mib(app))
    return peak


def _ended(session: Session) -> str:
    return f"closed {session.close_code}" if session.closed else "still open"


async def huge_message(session: Session, app: int) -> str:
    start = rss_mib(app)
    keys = (MARKER + " ") * (1024 * 1024 // (len(MARKER) + 1))
    await session.ws.send_json(["stdin", keys])
    peak = await _watch(session, app, 20)
    return f"1 MB of keys in one message: {_ended(session)}; app {start:.0f} → peak {peak:.0f} MiB in 20 s"


async def burst_flood(session: Session, app: int) -> str:
    start = rss_mib(app)
    chunk = "x" * 32 * 1024
    for _ in range(64):
        try:
            await session.ws.send_json(["stdin", chunk])
        except ConnectionError:
            break
    peak = await _watch(session, app, 15)
    return f"64 × 32 KiB of keys at once: {_ended(session)}; app {start:.0f} → peak {peak:.0f} MiB in 15 s"


async def steady_flood(session: Session, app: int) -> str:
    start = rss_mib(app)
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline and not session.ws.closed:
        with contextlib.suppress(ConnectionError):
            await session.ws.send_json(["stdin", "x" * 900])
        await asyncio.sleep(0.125)
    return f"7 KiB/s of keys for 12 s: {_ended(session)}; app {start:.0f} → {rss_mib(app):.0f} MiB"


async def hoard(session: Session, app: int) -> str:
    limits = Path(f"/proc/{app}/limits").read_text().splitlines()
    data = next(line for line in limits if line.startswith("Max data size")).split()[3]
    await session.ws.send_json(["stdin", "\x02"])
    with contextlib.suppress(AssertionError):
        await session.read_until(lambda: session.closed or b"HOARDED" in session.screen, timeout=30)
    got = "the app got 1 GiB" if b"HOARDED" in session.screen else "the app could not get 1 GiB"
    return f"RLIMIT_DATA {data}; ctrl+b asks for 1 GiB: {got}, session {_ended(session)}"


async def malformed(server: ServerProcess) -> str:
    ended = 0
    for text in MALFORMED:

        async def send(session: Session, app: int, text: str = text) -> str:
            await session.ws.send_str(text)
            await session.ws.send_json(["stdin", "a"])
            with contextlib.suppress(AssertionError):
                await session.read_until(lambda: session.closed or b"READY 1" in session.screen, timeout=10)
            return "ended" if session.closed or b"READY 1" not in session.screen else "went on"

        ended += await _session(server, send, ECHO_READY) == "ended"
    return f"{ended} of {len(MALFORMED)} malformed messages ended their session"


async def plain_get(server: ServerProcess) -> str:
    lines = server.stderr.count("\n")
    answers: dict[str, int] = {}
    start = time.monotonic()
    async with aiohttp.ClientSession() as http:
        for _ in range(1000):
            try:
                async with http.get(server.url + "ws") as response:
                    await response.read()
                    key = str(response.status)
            except aiohttp.ClientError as error:
                key = type(error).__name__
            answers[key] = answers.get(key, 0) + 1
    await asyncio.sleep(0.5)
    written = server.stderr.count("\n") - lines
    return f"1,000 × GET /ws: {answers} in {time.monotonic() - start:.1f} s; {written} lines on stderr"


async def rebinding(server: ServerProcess) -> str:
    port = port_of(server)
    async with aiohttp.ClientSession() as http:
        async with http.get(server.url, headers={"Host": f"{EVIL}:{port}"}) as response:
            page = f"GET / with Host {EVIL}: {response.status}"
            if f"ws://{EVIL}" in await response.text():
                page += " (its websocket points there)"
        headers = {"Host": f"{EVIL}:{port}", "Origin": f"http://{EVIL}:{port}"}
        try:
            ws = await http.ws_connect(ws_url(server.url), headers=headers)
            socket = "websocket with Host and Origin rebound: accepted (101)"
            await ws.close()
        except aiohttp.WSServerHandshakeError as error:
            socket = f"websocket with Host and Origin rebound: {error.status}"
    return f"{page}; {socket}"


async def resize_storm(session: Session, app: int) -> str:
    ws = session.ws
    await ws.send_json(["stdin", "1"])  # a guide's first question: the screen that crashed at 9 columns
    await asyncio.sleep(1.5)
    steps = 0
    for width in range(12, 0, -1):
        for height in (24, 3, 1):
            if session.closed:
                break
            with contextlib.suppress(ConnectionError):
                await ws.send_json(["resize", {"width": width, "height": height}])
            steps += 1
            with contextlib.suppress(AssertionError):
                await session.read_until(lambda: session.closed, timeout=0.4)
    if session.closed:
        return f"resize 12→1 columns on a question: {_ended(session)} after {steps} sizes"
    return f"resize 12→1 columns on a question: the session went on ({steps} sizes)"


def main() -> None:
    rows: list[tuple[str, str]] = []
    with running_server(serve_argv("--max-sessions", "4")) as guide:
        for name, attack in (
            ("huge message", huge_message),
            ("burst flood", burst_flood),
            ("steady flood", steady_flood),
            ("resize storm", resize_storm),
        ):
            rows.append((name, asyncio.run(asyncio.wait_for(_session(guide, attack, GUIDE_READY), 120))))
        rows.append(("DNS rebinding", asyncio.run(asyncio.wait_for(rebinding(guide), 60))))
    with running_server(custom_app_server_argv(ECHO_APP)) as echo:
        rows.append(("memory cap", asyncio.run(asyncio.wait_for(_session(echo, hoard, ECHO_READY), 60))))
        rows.append(("malformed", asyncio.run(asyncio.wait_for(malformed(echo), 300))))
        rows.append(("plain GET /ws", asyncio.run(asyncio.wait_for(plain_get(echo), 120))))
    output = guide.output + echo.output
    rows.append(
        ("server output", f"{output.count('Traceback')} tracebacks, {output.count('(%s)')} literal (%s)")
    )
    rows.append(
        ("privacy", "typed marker in the server output" if MARKER in output else "typed marker in no output")
    )
    for name, result in rows:
        print(f"{name:>14} | {result}", flush=True)


if __name__ == "__main__":
    main()
