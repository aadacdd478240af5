"""Hostile clients against `vinrguide serve --terminal` on loopback (issue 15, points 1–5): each attack as a client
would send it, bounded in time, asserting a clean HTTP status or close code, bounded memory, no traceback and no
typed text in the server's output, and that the server goes on serving."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from vinrguide.serve.messages import CLOSE_TOO_FAST, MAX_MESSAGE, MAX_PASTE, NOTICE_PASTE_CUT
from vinrguide.serve.session import DEFAULT_MEMORY_MIB

from .browser_support import (
    ServerProcess,
    Session,
    custom_app_server_argv,
    running_server,
    serve_argv,
    ws_url,
)

ECHO_APP = (sys.executable, str(Path(__file__).with_name("serve_echo_app.py")))
MARKER = "Zlatana Provnamnsdotter"
GUIDE_LIST = "utomlands"  # on the real app's start screen once the content has loaded
CASE_TIMEOUT = 90.0
EVIL = "rebind.evil.example"
SERVER_MIB = 200
"""The server process after every attack (about 60 MiB at rest)."""


def run(body: Callable[[], Awaitable[None]]) -> None:
    """One attack, bounded in time."""

    async def bounded() -> None:
        await asyncio.wait_for(body(), CASE_TIMEOUT)

    asyncio.run(bounded())


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def assert_clean(server: ServerProcess) -> None:
    output = server.output
    assert "Traceback" not in output, output
    assert MARKER not in output and "Provnamn" not in output
    assert "(%s)" not in output, output


def port_of(server: ServerProcess) -> int:
    return int(server.url.rstrip("/").rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def guide() -> Iterator[ServerProcess]:
    with running_server(serve_argv("--max-sessions", "4")) as server:
        yield server
        assert rss_mib(server.pid) < SERVER_MIB, "the server itself grew"
    assert_clean(server)


@pytest.fixture(scope="module")
def echo() -> Iterator[ServerProcess]:
    with running_server(custom_app_server_argv(ECHO_APP)) as server:
        yield server
        assert rss_mib(server.pid) < SERVER_MIB, "the server itself grew"
    assert_clean(server)


async def wait_for_apps_gone(server: ServerProcess, before: set[int], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while set(server.app_pids()) - before and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert not set(server.app_pids()) - before, "the app process outlived its session"


async def still_serves(server: ServerProcess, ready: bytes) -> None:
    """A fresh session works after the attack."""
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(server.url)) as ws:
        session = Session(ws)
        await session.read_until(lambda: ready in session.screen, timeout=60)


# ---------------------------------------------------------------- 1. one client, one app process, bounded


def test_one_huge_message_is_refused_with_1009_and_the_app_stays_small(guide: ServerProcess) -> None:
    async def attack() -> None:
        before = set(guide.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(guide.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: GUIDE_LIST.encode() in session.screen, timeout=60)
            (app,) = set(guide.app_pids()) - before
            keys = (MARKER + " ") * (1024 * 1024 // (len(MARKER) + 1))  # 1 MB of keys, no paste markers
            await ws.send_json(["stdin", keys])
            peak = 0.0
            deadline = time.monotonic() + 20
            while not session.closed and time.monotonic() < deadline:
                peak = max(peak, rss_mib(app))
                await session.read_until(lambda: session.closed or time.monotonic() > deadline, timeout=25)
            peak = max(peak, rss_mib(app))
            assert session.closed, f"the session took 1 MB of keys; app at {peak:.0f} MiB"
            assert session.close_code == 1009  # message too big
            assert peak < DEFAULT_MEMORY_MIB
        await wait_for_apps_gone(guide, before)
        await still_serves(guide, GUIDE_LIST.encode())

    run(attack)
    assert_clean(guide)


def test_a_paste_too_long_is_cut_the_page_is_told_and_the_session_goes_on(guide: ServerProcess) -> None:
    """A paste is one message however long (textual.js): one longer than the app takes is cut, not the session."""

    async def attack() -> None:
        before = set(guide.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(guide.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: GUIDE_LIST.encode() in session.screen, timeout=60)
            (app,) = set(guide.app_pids()) - before
            pasted = "pappa slår " + "å" * ((MAX_MESSAGE - 1024) // 2)  # just under one message, 3× MAX_PASTE
            assert MAX_PASTE < len(pasted.encode()) < MAX_MESSAGE
            message = json.dumps(["stdin", f"\x1b[200~{pasted}\x1b[201~"], ensure_ascii=False)  # as a page
            assert len(message.encode()) < MAX_MESSAGE
            await ws.send_str(message)
            await session.read_until(lambda: session.closed or NOTICE_PASTE_CUT in session.texts, timeout=30)
            assert not session.closed and NOTICE_PASTE_CUT in session.texts
            seen = len(session.screen)
            await ws.send_json(["stdin", "\x1bOQ"])  # F2: the app still answers
            await session.read_until(
                lambda: session.closed or b"AKUT HJ" in session.screen[seen:], timeout=30
            )
            assert not session.closed and set(guide.app_pids()) - before == {app}
            assert rss_mib(app) < DEFAULT_MEMORY_MIB
        await wait_for_apps_gone(guide, before)

    run(attack)
    assert_clean(guide)


def test_a_flood_of_keys_is_closed_with_1008_before_the_app_grows(guide: ServerProcess) -> None:
    async def attack() -> None:
        before = set(guide.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(guide.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: GUIDE_LIST.encode() in session.screen, timeout=60)
            (app,) = set(guide.app_pids()) - before
            chunk = (MARKER + " ") * (
                MAX_MESSAGE // 2 // (len(MARKER) + 1)
            )  # each message well under the limit
            for _ in range(64):  # 2 MB in all, as fast as the socket takes it
                if ws.closed:
                    break
                try:
                    await ws.send_json(["stdin", chunk])
                except ConnectionError:
                    break
            await session.read_until(lambda: session.closed, timeout=20)
            assert session.close_code == CLOSE_TOO_FAST
            assert rss_mib(app) < DEFAULT_MEMORY_MIB
        await wait_for_apps_gone(guide, before)

    run(attack)
    assert_clean(guide)


def test_a_steady_flood_of_keys_is_slowed_to_what_the_app_keeps_up_with(guide: ServerProcess) -> None:
    async def attack() -> None:
        before = set(guide.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(guide.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: GUIDE_LIST.encode() in session.screen, timeout=60)
            (app,) = set(guide.app_pids()) - before
            start = rss_mib(app)
            deadline = time.monotonic() + 12
            while time.monotonic() < deadline:  # about 7 KiB of keys a second, each message small
                await ws.send_json(["stdin", "x" * 900])
                await asyncio.sleep(0.125)
            grown = rss_mib(app) - start
            assert grown < 60, f"the app grew {grown:.0f} MiB"  # before the budget: +83 to +99 MiB
            assert not ws.closed and app in guide.app_pids()  # slowed down, not dropped
        await wait_for_apps_gone(guide, before)

    run(attack)
    assert_clean(guide)


def test_an_app_process_cannot_take_more_memory_than_its_cap(echo: ServerProcess) -> None:
    async def attack() -> None:
        before = set(echo.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(echo.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: b"ECHO-APP READY" in session.screen)
            (app,) = set(echo.app_pids()) - before
            limits = Path(f"/proc/{app}/limits").read_text()
            data_line = next(line for line in limits.splitlines() if line.startswith("Max data size"))
            assert str(DEFAULT_MEMORY_MIB * 1024 * 1024) in data_line, data_line
            await ws.send_json(["stdin", "\x02"])  # ctrl+b: the app asks for 1 GiB
            await session.read_until(lambda: session.closed or b"HOARDED" in session.screen, timeout=30)
            assert b"HOARDED" not in session.screen and session.closed  # it died of MemoryError, alone
        await wait_for_apps_gone(echo, before)
        await still_serves(echo, b"ECHO-APP READY")

    run(attack)
    assert_clean(echo)


# ---------------------------------------------------------------- 2. DNS rebinding


def test_a_rebound_host_name_gets_421_and_its_websocket_403(guide: ServerProcess) -> None:
    port = port_of(guide)

    async def attack() -> None:
        async with aiohttp.ClientSession() as http:
            for path in ("", "assets/css/guide.css", "textual/js/textual.js", "download/x"):
                async with http.get(guide.url + path, headers={"Host": f"{EVIL}:{port}"}) as response:
                    assert response.status == 421, path
                    assert EVIL not in await response.text()
            for host, origin in (
                (f"{EVIL}:{port}", f"http://{EVIL}:{port}"),  # both rebound, as the attack sends them
                (f"127.0.0.1:{port}", f"http://{EVIL}:{port}"),
                (f"{EVIL}:{port}", None),
            ):
                headers = {"Host": host} | ({"Origin": origin} if origin else {})
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(ws_url(guide.url), headers=headers)
                assert refused.value.status == 403, (host, origin)
            # the names of this computer still work, and the page's websocket is built from the name asked for
            for name in ("127.0.0.1", "localhost", "LOCALHOST.", "[::1]"):
                async with http.get(guide.url, headers={"Host": f"{name}:{port}"}) as response:
                    assert response.status == 200, name
                    html = await response.text()
                    expected = name.lower().rstrip(".")
                    assert f'data-session-websocket-url="ws://{expected}:{port}/ws"' in html, name

    run(attack)
    assert_clean(guide)


def test_behind_a_proxy_the_public_host_name_is_answered() -> None:
    public = "https://vinrguide.example.se"
    with running_server(custom_app_server_argv(ECHO_APP, public_url=public)) as server:

        async def go() -> None:
            async with aiohttp.ClientSession() as http:
                for host in (
                    "vinrguide.example.se",
                    "vinrguide.example.se:443",
                    f"127.0.0.1:{port_of(server)}",
                ):
                    async with http.get(server.url, headers={"Host": host}) as response:
                        assert response.status == 200, host
                        assert (
                            'data-session-websocket-url="wss://vinrguide.example.se/ws"'
                            in await response.text()
                        )
                async with http.get(server.url, headers={"Host": "vinrguide.example.com"}) as response:
                    assert response.status == 421
                headers = {"Host": "vinrguide.example.se", "Origin": public}
                async with http.ws_connect(ws_url(server.url), headers=headers) as ws:
                    session = Session(ws)
                    await session.read_until(lambda: b"ECHO-APP READY" in session.screen)
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(ws_url(server.url), headers={**headers, "Origin": f"http://{EVIL}"})
                assert refused.value.status == 403

        run(go)
    assert_clean(server)


# ---------------------------------------------------------------- 3. malformed messages are dropped

MALFORMED = [
    '["resize",{"width":1e309,"height":24}]',
    '["resize",{"width":Infinity,"height":24}]',
    '["resize",{"width":-Infinity,"height":-Infinity}]',
    '["resize",{"width":NaN,"height":NaN}]',
    '["resize",{"width":-80,"height":24}]',
    '["resize",{"width":0,"height":0}]',
    '["resize",{"width":1e300,"height":1e300}]',
    '["resize",{"width":100000000000000000000000000000,"height":24}]',
    '["resize",{"width":80.5,"height":24}]',
    '["resize",{"width":"wide","height":null}]',
    '["resize",{"width":true,"height":false}]',
    '["resize",[1,2]]',
    '["resize"]',
    '["stdin","\\ud800"]',
    '["stdin","x\\udfff y"]',
    '["stdin",42]',
    '["stdin",["a"]]',
    '["stdin"]',
    "[" * 10_000 + "]" * 10_000,
    '["stdin",' + "[" * 10_000 + "]" * 10_000 + "]",
    '{"stdin":"x"}',
    "[]",
    "[1,2]",
    '"stdin"',
    "null",
    "not json",
    '["ping",{"a":1}]',
    '["ping","' + "p" * 1000 + '"]',
    '["ping",NaN]',
    '["quit"]',
]


def test_malformed_messages_are_dropped_and_the_session_goes_on(echo: ServerProcess) -> None:
    async def attack() -> None:
        before = set(echo.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(echo.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: b"ECHO-APP READY" in session.screen)
            (app,) = set(echo.app_pids()) - before
            for text in MALFORMED:
                await ws.send_str(text)
            await ws.send_bytes(b"\x00\xff binary")
            await ws.send_json(["ping", "1234"])
            await session.read_until(lambda: ["pong", "1234"] in session.texts)
            await session.type("abc")
            await session.read_until(lambda: b"ECHO-APP READY 3" in session.screen)
            assert not session.closed and set(echo.app_pids()) - before == {app}
            assert all(t[0] != "pong" or t[1] == "1234" for t in session.texts)  # odd pings not echoed

    run(attack)
    assert "error" not in echo.output
    assert_clean(echo)


# ---------------------------------------------------------------- 4. a plain GET of the websocket address


def test_a_plain_get_of_the_websocket_address_gets_400_and_no_log_flood(echo: ServerProcess) -> None:
    lines_before = echo.stderr.count("\n")

    async def attack() -> None:
        async with aiohttp.ClientSession() as http:
            statuses = set()
            for _ in range(1000):
                async with http.get(echo.url + "ws") as response:
                    statuses.add(response.status)
                    await response.read()
            assert statuses == {400}

    run(attack)
    assert echo.stderr.count("\n") - lines_before <= 1, echo.stderr
    assert_clean(echo)


# ---------------------------------------------------------------- 5. resize storms


def test_a_resize_storm_down_to_one_cell_does_not_end_the_session(guide: ServerProcess) -> None:
    async def attack() -> None:
        before = set(guide.app_pids())
        async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(guide.url)) as ws:
            session = Session(ws)
            await session.read_until(lambda: GUIDE_LIST.encode() in session.screen, timeout=60)
            (app,) = set(guide.app_pids()) - before
            sizes = [(80, 24), (40, 12), (20, 8), (10, 5), (9, 4), (8, 3), (5, 2), (3, 2), (2, 1), (1, 1)]

            async def storm() -> None:
                for _ in range(3):
                    for width, height in sizes + sizes[::-1]:
                        await ws.send_json(["resize", {"width": width, "height": height}])
                        await asyncio.sleep(0.02)
                for width in range(1, 12):  # every narrow width, held long enough to be drawn
                    await ws.send_json(["resize", {"width": width, "height": 24}])
                    await asyncio.sleep(0.25)
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                await asyncio.sleep(0.5)

            # the start screen, a guide's first question, acute help on top of it
            for key, shows in (("", b""), ("1", b"1"), ("\x1bOQ", b"AKUT")):
                seen = len(session.screen)
                if key:
                    await ws.send_json(["stdin", key])
                    await session.read_until(
                        lambda s=seen, t=shows: session.closed or t in session.screen[s:], timeout=30
                    )
                await storm()
            seen = len(session.screen)
            await ws.send_json(["stdin", "\x1b"])  # Escape: acute help closes, the question is drawn again
            await session.read_until(lambda: session.closed or len(session.screen) > seen + 500, timeout=30)
            assert not session.closed, "the app ended during the resize storm"
            assert set(guide.app_pids()) - before == {app}

    run(attack)
    assert_clean(guide)
