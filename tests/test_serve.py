"""`vinrguide serve` without a browser: the page and its assets, privacy of the server's output, the session cap,
downloads, the warning off loopback and the command line. The real-browser walk is in test_browser.py."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from vinrguide.cli import main
from vinrguide.serve import server as serve_module
from vinrguide.serve.server import ServeConfig, _content_disposition
from vinrguide.serve.session import app_command, app_environment
from vinrguide.serverlog import TemplateOnlyHandler, is_loopback

from .browser_support import (
    ServerProcess,
    Session,
    custom_app_server_argv,
    running_server,
    serve_argv,
    ws_url,
)

ECHO_APP = (sys.executable, str(Path(__file__).with_name("serve_echo_app.py")))
FAKE_NAME = "Zlatana Provnamnsdotter"


@pytest.fixture(scope="module")
def guide_server() -> Iterator[ServerProcess]:
    with running_server(serve_argv()) as server:
        yield server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------- the page


def test_the_page_and_its_assets_come_from_this_server_only(guide_server: ServerProcess) -> None:
    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            async with http.get(guide_server.url) as response:
                assert response.status == 200
                html = await response.text()
                csp = response.headers["Content-Security-Policy"]
                assert response.headers["Cache-Control"] == "no-store"
                assert response.headers["Referrer-Policy"] == "no-referrer"
            assert "default-src 'self'" in csp and "font-src 'self'" in csp and "script-src 'self'" in csp
            assert "googleapis" not in html and "<script>" not in html  # no inline script: the CSP forbids it
            refs = re.findall(r'(?:src|href)="([^"]+)"', html)
            assert refs, html
            pending = [urljoin(guide_server.url, r) for r in refs if not r.startswith("data:")]
            seen: set[str] = set()
            while pending:
                url = pending.pop()
                if url in seen:
                    continue
                seen.add(url)
                assert urlsplit(url).hostname == "127.0.0.1", url
                async with http.get(url) as response:
                    assert response.status == 200, url
                    if url.endswith(".css"):
                        css = await response.text()
                        assert "@import" not in css
                        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
                            if not ref.startswith("data:"):
                                pending.append(urljoin(url, ref))
                    if url.endswith(".ttf"):
                        assert response.headers["Content-Type"] == "font/ttf"
            assert any(u.endswith("RobotoMono-VariableFont_wght.ttf") for u in seen), seen
            assert any(u.endswith("textual.js") for u in seen), seen
            for listing in ("assets/", "textual/", "assets/fonts/"):
                async with http.get(guide_server.url + listing) as response:
                    assert response.status in (403, 404), listing

    asyncio.run(go())
    assert "GET" not in guide_server.output  # no access log
    assert "/assets/" not in guide_server.output


def test_the_page_uses_the_public_url_behind_a_proxy() -> None:
    argv = serve_argv("--public-url", "https://vinrguide.example.se/")
    with running_server(argv) as server:

        async def go() -> str:
            async with aiohttp.ClientSession() as http, http.get(server.url) as response:
                return await response.text()

        html = asyncio.run(go())
    assert 'data-session-websocket-url="wss://vinrguide.example.se/ws"' in html
    assert 'src="https://vinrguide.example.se/textual/js/textual.js"' in html
    assert "användarna når den på https://vinrguide.example.se/" in server.stdout


# ---------------------------------------------------------------- privacy of the server's output


async def _type_then_crash(url: str) -> Session:
    async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(url)) as ws:
        session = Session(ws)
        await session.read_until(lambda: b"ECHO-APP READY" in session.screen)
        await session.type(FAKE_NAME)
        await session.read_until(lambda: f"READY {len(FAKE_NAME)}".encode() in session.screen)
        await session.type("\r")  # the app crashes with the name in its exception
        await session.read_until(lambda: session.closed, timeout=30)
        return session


def test_what_the_app_writes_to_stderr_never_reaches_the_server_output() -> None:
    with running_server(custom_app_server_argv(ECHO_APP)) as server:
        session = asyncio.run(_type_then_crash(server.url))
        assert session.closed  # the page learns that the session ended
        deadline = time.monotonic() + 10
        while server.app_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.app_pids() == []
    output = server.output
    assert FAKE_NAME not in output and "Provnamn" not in output
    assert "Traceback" not in output and "RuntimeError" not in output


def test_stock_textual_serve_would_have_leaked_it() -> None:
    """The control for the test above: textual-serve's own server prints the app's stderr, typed name included."""
    port = free_port()
    code = (
        "from textual_serve.server import Server\n"
        f"Server({' '.join(ECHO_APP)!r}, host='127.0.0.1', port={port}).serve()\n"
    )
    env = {**os.environ, "COLUMNS": "300"}  # rich would wrap the address line at 80 columns
    with running_server([sys.executable, "-c", code], env=env) as server:
        asyncio.run(_type_then_crash(server.url))
        deadline = time.monotonic() + 10
        while "Provnamn" not in server.output and time.monotonic() < deadline:
            time.sleep(0.05)
    assert FAKE_NAME in server.output


def test_log_records_show_their_template_not_their_arguments() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("vinrguide.test.template-only")
    logger.propagate = False
    logger.addHandler(TemplateOnlyHandler(stream))
    try:
        logger.warning("a message about %s", FAKE_NAME)
        try:
            raise ValueError(FAKE_NAME)
        except ValueError as exc:
            logger.exception(exc)
        logger.error(f"preformatted first line\n{FAKE_NAME}")
    finally:
        logger.handlers.clear()
    written = stream.getvalue()
    assert FAKE_NAME not in written
    assert (
        "a message about %s" in written and "(ValueError)" in written and "preformatted first line" in written
    )


def test_app_processes_get_no_textual_debug_or_log_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_LOG", "/tmp/would-log-keys.txt")
    monkeypatch.setenv("TEXTUAL", "debug,devtools")
    monkeypatch.setenv("TEXTUAL_SCREENSHOT", "1")
    env = app_environment(90, 30)
    assert "TEXTUAL_LOG" not in env and "TEXTUAL" not in env and "TEXTUAL_SCREENSHOT" not in env
    assert env["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    assert (env["COLUMNS"], env["ROWS"]) == ("90", "30")


def test_a_websocket_from_another_site_is_refused() -> None:
    with running_server(custom_app_server_argv(ECHO_APP)) as server:

        async def go() -> None:
            async with aiohttp.ClientSession() as http:
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await http.ws_connect(ws_url(server.url), origin="https://elak.example.com")
                assert refused.value.status == 403
                own = server.url.rstrip("/")
                async with http.ws_connect(ws_url(server.url), origin=own) as ws:
                    session = Session(ws)
                    await session.read_until(lambda: b"ECHO-APP READY" in session.screen)

        asyncio.run(go())


# ---------------------------------------------------------------- capacity


def test_sessions_beyond_the_cap_are_refused_politely() -> None:
    with running_server(custom_app_server_argv(ECHO_APP, max_sessions=1)) as server:

        async def go() -> None:
            async with aiohttp.ClientSession() as http:
                async with http.ws_connect(ws_url(server.url)) as first:
                    one = Session(first)
                    await one.read_until(lambda: b"ECHO-APP READY" in one.screen)
                    async with http.get(server.url) as response:
                        assert response.status == 503
                        assert response.headers["Retry-After"] == "30"
                        page = await response.text()
                        assert "Alla platser är upptagna just nu" in page and "112" in page
                    async with http.ws_connect(ws_url(server.url)) as second:
                        two = Session(second)
                        await two.read_until(lambda: two.closed, timeout=10)
                        assert two.close_code == 1013 and not two.screen
                # the first tab closed: its place is free again
                deadline = time.monotonic() + 15
                while True:
                    async with http.get(server.url) as response:
                        if response.status == 200:
                            break
                    assert time.monotonic() < deadline, "the place was not freed"
                    await asyncio.sleep(0.1)

        asyncio.run(go())
        deadline = time.monotonic() + 10
        while server.app_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.app_pids() == []  # the app process ended with its tab


# ---------------------------------------------------------------- downloads


def test_a_delivered_file_downloads_with_its_name_and_is_not_cached() -> None:
    with running_server(custom_app_server_argv(ECHO_APP)) as server:

        async def go() -> tuple[int, dict[str, str], bytes]:
            async with aiohttp.ClientSession() as http, http.ws_connect(ws_url(server.url)) as ws:
                session = Session(ws)
                await session.read_until(lambda: b"ECHO-APP READY" in session.screen)
                await ws.send_json(["stdin", "\x05"])  # ctrl+e
                await session.read_until(lambda: any(t[0] == "deliver_file_start" for t in session.texts))
                key = next(t[1] for t in session.texts if t[0] == "deliver_file_start")
                async with http.get(f"{server.url}download/{key}") as response:
                    return response.status, dict(response.headers), await response.read()

        status, headers, body = asyncio.run(go())
    assert status == 200
    assert body.decode("utf-8") == "export åäö\n"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Content-Disposition"].startswith("attachment; ")
    assert (
        "filename*=UTF-8''sammanfattning%20%E2%80%93%20%C3%A5%C3%A4%C3%B6.md"
        in headers["Content-Disposition"]
    )


def test_content_disposition_has_an_ascii_fallback() -> None:
    header = _content_disposition("attachment", 'a"b\r\nc åä.md')
    assert "\r" not in header and "\n" not in header
    assert 'filename="a_b__c___.md"' in header


# ---------------------------------------------------------------- command line


def test_the_app_command_is_this_python_with_the_same_pack_and_clock(tmp_path: Path) -> None:
    argv = app_command(tmp_path / "pack", "2026-05-20T10:00")
    assert argv[0] == sys.executable
    assert argv[1:3] == ("-m", "vinrguide")
    assert argv[3:5] == ("--content", str((tmp_path / "pack").resolve()))
    assert argv[5:] == ("--now", "2026-05-20T10:00")
    assert "--now" not in app_command(tmp_path)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("10.1.2.3", False),
        ("vinrguide.uppsala.se", False),
    ],
)
def test_what_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_off_loopback_it_warns_that_there_is_no_login(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[ServeConfig] = []

    async def fake(config: ServeConfig, on_ready: object = None, stop: object = None) -> None:
        started.append(config)

    monkeypatch.setattr(serve_module, "serve_until_stopped", fake)
    monkeypatch.setattr(serve_module, "quiet_logging", lambda stream=None: None)
    assert main(["serve", "--terminal", "--host", "0.0.0.0", "--port", "0", "--max-sessions", "3"]) == 0
    err = capsys.readouterr().err
    assert "VARNING" in err and "ingen egen inloggning" in err and "inloggningsproxy" in err
    assert "svarar bara på adresserna 127.0.0.1, localhost och [::1]" in err and "--public-url" in err
    assert started and started[0].max_sessions == 3 and started[0].host == "0.0.0.0"
    assert main(["serve", "--terminal", "--port", "0"]) == 0
    assert "VARNING" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["--max-sessions", "0"],
        ["--port", "70000"],
        ["--now", "i går"],
        ["--public-url", "vinrguide.uppsala.se"],
        ["--public-url", "https://"],
        ["--public-url", "https://vinrguide.uppsala.se:port/"],
    ],
)
def test_serve_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--terminal", *args]) == 2
    assert capsys.readouterr().err.startswith("vinrguide: ")


def test_a_repeated_log_line_is_written_once_a_minute_with_a_count() -> None:
    stream = io.StringIO()
    clock = [0.0]
    logger = logging.getLogger("vinrguide.test.repeats")
    logger.propagate = False
    logger.addHandler(TemplateOnlyHandler(stream, window=60, clock=lambda: clock[0]))
    try:
        for _ in range(1000):
            try:
                raise ValueError(FAKE_NAME)
            except ValueError:
                logger.error("a session ended with an error", exc_info=True)
        logger.warning("another kind of line")
        clock[0] = 61.0
        try:
            raise ValueError(FAKE_NAME)
        except ValueError:
            logger.error("a session ended with an error", exc_info=True)
    finally:
        logger.handlers.clear()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "vinrguide serve: error: vinrguide.test.repeats: a session ended with an error (ValueError)",
        "vinrguide serve: warning: vinrguide.test.repeats: another kind of line",
        "vinrguide serve: error: vinrguide.test.repeats: a session ended with an error (ValueError)"
        " [och 999 likadana de senaste 60 s]",
    ]
