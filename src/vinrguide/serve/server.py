"""`vinrguide serve`: the app in a browser through textual-serve, with privacy defaults (design.md, principle 3).

textual-serve starts one app process per browser tab and relays the terminal over a websocket. What this module
changes in it, and why:

- The page is our own template (templates/index.html): textual-serve's stock page asks Google for a font. Fonts,
  stylesheets and scripts are served from this server only (our static/ and textual-serve's own static files), and a
  Content-Security-Policy tells the browser to load nothing from elsewhere.
- No access log, and log records are written as their message template only, never with their arguments or a
  traceback (both can hold what a user typed).
- The app's stderr goes to /dev/null: textual-serve copies it to the server's stdout, and a Python traceback from the
  app can quote what the user typed.
- The app runs as an argument list (sys.executable -m vinrguide --content DIR [--now T]), not through a shell.
- A cap on concurrent sessions: beyond it, the page says so politely (HTTP 503) and the websocket is refused.
- Downloads (the app's export through App.deliver_text) get a correct file name header and are never cached.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import os
import shlex
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from vinrguide.serve import DEFAULT_HOST, DEFAULT_MAX_SESSIONS, DEFAULT_PORT, TITLE

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"

STOP_TIMEOUT = 5.0
"""Seconds an app process gets to quit after its tab closes, before it is killed."""

log = logging.getLogger("vinrguide.serve")


def _font_type() -> None:
    """aiohttp guesses static files' types with its own table, which lacks fonts."""
    from aiohttp import web_fileresponse

    table = getattr(web_fileresponse, "CONTENT_TYPES", None)
    if table is not None:
        table.add_type("font/ttf", ".ttf")


_font_type()


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class ServeConfig:
    app_argv: tuple[str, ...]
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    public_url: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    title: str = TITLE


def app_command(content: Path, now: str | None = None) -> tuple[str, ...]:
    """The command for one session: this Python, this package, the same content pack (and clock)."""
    argv = [sys.executable, "-m", "vinrguide", "--content", str(content.resolve())]
    if now:
        argv += ["--now", now]
    return tuple(argv)


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name or "": it may be reachable from elsewhere


def no_login_warning(host: str) -> str:
    return (
        f"vinrguide serve: VARNING: servern lyssnar på {host}, inte bara på den här datorn, och har ingen egen "
        "inloggning. Vem som helst som når adressen kan använda guiden. Låt den lyssna på 127.0.0.1 och lägg den "
        "bakom kommunens inloggningsproxy (se README, avsnittet 'I webbläsaren')."
    )


def app_environment(width: int, height: int) -> dict[str, str]:
    """The app's environment: ours, without Textual's debug, log and screenshot switches (they write to disk)."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("TEXTUAL")}
    env.update(
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        TEXTUAL_FPS="60",
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TERM_PROGRAM_VERSION=version("textual-serve"),
        COLUMNS=str(width),
        ROWS=str(height),
    )
    return env


# ---------------------------------------------------------------- logging without user data


class TemplateOnlyHandler(logging.Handler):
    """Writes a record's message template (first line) and exception type: never its arguments or a traceback."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        template = (template.strip().splitlines() or [""])[0][:160]
        if record.exc_info and record.exc_info[0] is not None:
            template += f" ({record.exc_info[0].__name__})"
        stream = self.stream or sys.stderr
        try:
            stream.write(f"vinrguide serve: {record.levelname.lower()}: {record.name}: {template}\n")
            stream.flush()
        except Exception:
            pass


def quiet_logging(stream: TextIO | None = None) -> None:
    """Route every logger through TemplateOnlyHandler at WARNING; no access log."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(TemplateOnlyHandler(stream))
    root.setLevel(logging.WARNING)
    for name in ("textual-serve", "aiohttp", "asyncio", "vinrguide"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
        logger.setLevel(logging.WARNING)
    access = logging.getLogger("aiohttp.access")
    access.disabled = True
    access.propagate = False


# ---------------------------------------------------------------- one session: an app process


class SessionService(AppService):
    """textual-serve's AppService, but the app runs from an argument list and its stderr goes nowhere."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            shlex.join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=download_manager,
        )
        self.argv = tuple(argv)
        self.started = asyncio.Event()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,  # may hold what the user typed (a traceback); never relayed
            env=app_environment(width, height),
            start_new_session=True,  # Ctrl+C in the server's terminal reaches the server, which stops the apps
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the app's packets to the browser until the app ends (textual-serve's loop, without stderr)."""
        process = self._process
        assert process is not None and process.stdout is not None
        stdout = process.stdout
        try:
            ready = False
            for _ in range(10):
                line = await stdout.readline()
                if not line:
                    break
                if line == b"__GANGLION__\n":
                    ready = True
                    break
            if not ready:
                log.error("the app did not start (its error output is not shown: it may hold user input)")
                return
            self.started.set()
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            await self._reap()
            with contextlib.suppress(Exception):
                await self.remote_close()  # the app ended (or never started): tell the page

    async def _reap(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    async def stop(self) -> None:
        """Ask the app to quit; kill it when it does not within STOP_TIMEOUT."""
        task = self._task
        if task is None:
            return
        self._task = None
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if self._process is not None and self._process.returncode is None:
            await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_TIMEOUT + 1)
        except TimeoutError:
            if self._process is not None:
                with contextlib.suppress(ProcessLookupError):
                    self._process.kill()
            await task


# ---------------------------------------------------------------- the web server


class GuideServer:
    """The aiohttp application: page, websocket per session, downloads, static files."""

    def __init__(self, config: ServeConfig) -> None:
        if config.max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        self.config = config
        self.download_manager = DownloadManager()
        self.sessions: set[SessionService] = set()
        self.connecting = 0
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
        )

    # ------------------------------------------------------------ capacity

    @property
    def active(self) -> int:
        return len(self.sessions) + self.connecting

    @property
    def full(self) -> bool:
        return self.active >= self.config.max_sessions

    # ------------------------------------------------------------ application

    def make_app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/assets", STATIC, show_index=False, name="assets"),
                web.static("/textual", TEXTUAL_STATIC, show_index=False, name="textual"),
            ]
        )
        app.on_response_prepare.append(self.add_headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def base_urls(self, request: web.Request) -> tuple[str, str]:
        """(http base, websocket URL): from --public-url when given, else from the request's own host."""
        if self.config.public_url:
            base = self.config.public_url.rstrip("/")
        else:
            base = f"{request.scheme}://{request.host}"
        scheme, rest = base.split(":", 1)
        ws_scheme = "wss" if scheme == "https" else "ws"
        return base, f"{ws_scheme}:{rest}/ws"

    def content_security_policy(self, request: web.Request) -> str:
        _, ws_url = self.base_urls(request)
        parts = urlsplit(ws_url)
        ws_origin = f"{parts.scheme}://{parts.netloc}"
        return (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self'; "
            f"connect-src 'self' {ws_origin}; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )

    async def add_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", self.content_security_policy(request))
        headers.setdefault("Referrer-Policy", "no-referrer")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not request.path.startswith(("/assets/", "/textual/")):
            headers["Cache-Control"] = "no-store"

    # ------------------------------------------------------------ handlers

    async def handle_index(self, request: web.Request) -> web.Response:
        base, ws_url = self.base_urls(request)
        prefix = base if self.config.public_url else ""
        if self.full:
            html = self.templates.get_template("full.html").render(
                title=self.config.title,
                assets=f"{prefix}/assets",
                index=f"{prefix}/",
                max_sessions=self.config.max_sessions,
            )
            return web.Response(
                status=503,
                text=html,
                content_type="text/html",
                charset="utf-8",
                headers={"Retry-After": "30"},
            )
        try:
            font_size = max(8, min(48, int(request.query.get("fontsize", "16"))))
        except ValueError:
            font_size = 16
        html = self.templates.get_template("index.html").render(
            title=self.config.title,
            assets=f"{prefix}/assets",
            textual=f"{prefix}/textual",
            websocket_url=ws_url,
            font_size=font_size,
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    def same_origin(self, request: web.Request) -> bool:
        """A browser's websocket must come from our own page (another site open in the same browser could open one).
        Clients that send no Origin (not browsers) are let through."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        allowed = {request.host}
        if self.config.public_url:
            allowed.add(urlsplit(self.config.public_url).netloc)
        return urlsplit(origin).netloc in allowed

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.same_origin(request):
            raise web.HTTPForbidden(text="Fel ursprung.")
        websocket = web.WebSocketResponse(heartbeat=15)
        if self.full:
            await websocket.prepare(request)
            await websocket.close(code=1013, message=b"full")  # 1013: try again later
            return websocket
        self.connecting += 1
        service: SessionService | None = None
        try:
            width = _int(request.query.get("width"), 80)
            height = _int(request.query.get("height"), 24)
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            service = SessionService(
                self.config.app_argv,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
            self.sessions.add(service)
            self.connecting -= 1
            await service.start(width, height)
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await websocket.close()
        except Exception as error:  # the message could quote input: log the type only
            log.error("a session ended with an error (%s)", type(error).__name__)
        finally:
            if service is None:
                self.connecting -= 1
            else:
                with contextlib.suppress(Exception):
                    await service.stop()
                self.sessions.discard(service)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: SessionService) -> None:
        """Browser → app: keys and pasted text, terminal size, focus. Malformed messages are dropped unread."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(_int(data.get("width"), 80), _int(data.get("height"), 24))
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="Filen finns inte längre.") from None
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = _content_disposition(disposition, meta.file_name)
        response.headers["Cache-Control"] = "no-store"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(s.stop() for s in list(self.sessions)), return_exceptions=True)


def _int(value: Any, default: int) -> int:
    try:
        return max(1, min(1000, int(value)))
    except (TypeError, ValueError):
        return default


def _content_disposition(disposition: str, file_name: str) -> str:
    ascii_name = (
        "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in file_name) or "fil"
    )
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file_name, safe='')}"


# ---------------------------------------------------------------- running it


async def serve_until_stopped(
    config: ServeConfig,
    on_ready: Callable[[str], None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    server = GuideServer(config)
    runner = web.AppRunner(server.make_app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port, shutdown_timeout=2.0)
    await site.start()
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        if on_ready is not None:
            on_ready(listening_url(site, config))
        await stop.wait()
    finally:
        await runner.cleanup()


def listening_url(site: web.TCPSite, config: ServeConfig) -> str:
    """The address the server really listens on (with the real port when --port 0 asked for a free one)."""
    port = config.port
    server = getattr(site, "_server", None)
    sockets = getattr(server, "sockets", None) or []
    if sockets:
        port = sockets[0].getsockname()[1]
    host = config.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def serve(config: ServeConfig) -> int:
    """Run until Ctrl+C or SIGTERM. Prints the address on stdout; warnings on stderr."""
    quiet_logging()
    if not is_loopback(config.host):
        print(no_login_warning(config.host), file=sys.stderr, flush=True)

    def ready(url: str) -> None:
        print(
            f"vinrguide serve: {url} (högst {config.max_sessions} samtidiga sessioner). Avsluta med Ctrl+C.",
            flush=True,
        )
        if config.public_url:
            print(f"vinrguide serve: användarna når den på {config.public_url}", flush=True)

    try:
        asyncio.run(serve_until_stopped(config, ready))
    except OSError as exc:
        print(
            f"vinrguide serve: kan inte lyssna på {config.host}:{config.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0
