"""`vinrguide serve --terminal`: the terminal app in a browser through textual-serve, with privacy defaults (design.md,
principle 3). This module is the HTTP server; one session's app process is serve/session.py, the server's output
vinrguide/serverlog.py (shared with the web app), what the page may send serve/messages.py, the host names it answers to serve/hosts.py.

What it changes in textual-serve's server, and why:

- The page is our own template (templates/index.html): textual-serve's stock page asks Google for a font. Fonts,
  stylesheets and scripts are served from this server only (our static/ and textual-serve's own static files), and a
  Content-Security-Policy tells the browser to load nothing from elsewhere.
- No access log; log records are written as their template only, each kind at most once a minute (logs.py).
- Only the configured host names are answered (421 otherwise), and only our own pages may open the websocket (403):
  DNS rebinding cannot reach it (hosts.py).
- A websocket message is at most MAX_MESSAGE bytes (1009 beyond), a client's input is forwarded at most INPUT_RATE
  key events a second after a burst (slowed down to it; 1008 when far over), and what the page would not send is
  dropped unread (messages.py).
- A paste never ends the session: one longer than MAX_PASTE is cut to it and the page says so; our page cuts it
  before sending, so its message stays under MAX_MESSAGE (static/js/page.js).
- A cap on concurrent sessions: beyond it, the page says so politely (HTTP 503) and the websocket is refused (1013).
- A plain GET of the websocket address gets 400, not a dropped connection.
- Downloads (the app's export through App.deliver_text) get a correct file name header and are never cached.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.download_manager import DownloadManager

from vinrguide.serve import DEFAULT_HOST, DEFAULT_MAX_SESSIONS, DEFAULT_PORT, TITLE
from vinrguide.serve.hosts import WILDCARDS, AllowedHosts, allowed_hosts, normal_host
from vinrguide.serve.messages import (
    CLOSE_TOO_FAST,
    MAX_MESSAGE,
    MAX_PASTE,
    NOTICE_PASTE_CUT,
    Focus,
    InputBudget,
    Ping,
    Resize,
    Stdin,
    cap_pastes,
    events,
    parse_message,
    terminal_size,
)
from vinrguide.serve.session import DEFAULT_MEMORY_MIB, SessionService
from vinrguide.serverlog import is_loopback, no_login_warning, quiet_logging

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
WEBSOCKET_PATH = "/ws"

log = logging.getLogger("vinrguide.serve")


def _font_type() -> None:
    """aiohttp guesses static files' types with its own table, which lacks fonts."""
    from aiohttp import web_fileresponse

    table = getattr(web_fileresponse, "CONTENT_TYPES", None)
    if table is not None:
        table.add_type("font/ttf", ".ttf")


_font_type()


@dataclass(frozen=True)
class ServeConfig:
    app_argv: tuple[str, ...]
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    public_url: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    title: str = TITLE
    memory_mib: int = DEFAULT_MEMORY_MIB


ONLY_LOOPBACK_NAMES_NOTE = (
    "vinrguide serve: servern svarar bara på adresserna 127.0.0.1, localhost och [::1] (skydd mot DNS-rebinding); "
    "ange --public-url med adressen användarna når den på."
)


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
        self.hosts: AllowedHosts = allowed_hosts(config.host, config.port, config.public_url)
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

    def listening_on(self, port: int) -> None:
        """The port the server really listens on (--port 0 asks for a free one): the host names carry it."""
        self.hosts = allowed_hosts(self.config.host, port, self.config.public_url)

    # ------------------------------------------------------------ application

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get(WEBSOCKET_PATH, self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/assets", STATIC, show_index=False, name="assets"),
                web.static("/textual", TEXTUAL_STATIC, show_index=False, name="textual"),
            ]
        )
        app.on_response_prepare.append(self.add_headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def check_host(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Only the configured host names get an answer (DNS rebinding: see hosts.py)."""
        if not self.hosts.host_ok(request.headers.get("Host")):
            if request.path == WEBSOCKET_PATH:
                raise web.HTTPForbidden(text="Okänd värd.")
            raise web.HTTPMisdirectedRequest(text="Okänd värd: öppna guiden på dess egen adress.")
        return await handler(request)

    def base_urls(self, request: web.Request) -> tuple[str, str]:
        """(http base, websocket URL): from --public-url when given, else from the request's host once checked."""
        if self.config.public_url:
            base = self.config.public_url.rstrip("/")
        else:
            host = request.headers.get("Host")
            if host is None or not self.hosts.host_ok(host):
                raise web.HTTPMisdirectedRequest(text="Okänd värd.")
            base = f"{request.scheme}://{normal_host(host)}"
        scheme, rest = base.split(":", 1)
        ws_scheme = "wss" if scheme == "https" else "ws"
        return base, f"{ws_scheme}:{rest}{WEBSOCKET_PATH}"

    def content_security_policy(self, request: web.Request) -> str:
        ws_origin = ""
        if self.config.public_url or self.hosts.host_ok(request.headers.get("Host")):
            parts = urlsplit(self.base_urls(request)[1])
            ws_origin = f" {parts.scheme}://{parts.netloc}"
        return (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self'; "
            f"connect-src 'self'{ws_origin}; worker-src 'self' blob:; "
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
            max_message=MAX_MESSAGE,
            max_paste=MAX_PASTE,
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        # A browser's websocket must come from our own page (another site open in the same browser could open one).
        if not self.hosts.origin_ok(request.headers.get("Origin")):
            raise web.HTTPForbidden(text="Fel ursprung.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        if not websocket.can_prepare(request).ok:
            raise web.HTTPBadRequest(
                text="Den här adressen är guidens websocket: öppna guidens sida i stället."
            )
        if self.full:
            await websocket.prepare(request)
            await websocket.close(code=1013, message=b"full")  # 1013: try again later
            return websocket
        self.connecting += 1
        service: SessionService | None = None
        try:
            width, height = terminal_size(request.query.get("width"), request.query.get("height")) or (80, 24)
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            service = SessionService(
                self.config.app_argv,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                memory_mib=self.config.memory_mib,
            )
            self.sessions.add(service)
            self.connecting -= 1
            await service.start(width, height)
            await self._relay(websocket, service)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await websocket.close()
        except Exception:  # the handler writes the template and the error's type, never its message
            log.error("a session ended with an error", exc_info=True)
        finally:
            if service is None:
                self.connecting -= 1
            else:
                with contextlib.suppress(Exception):
                    await service.stop()
                self.sessions.discard(service)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: SessionService) -> None:
        """Browser → app: keys and pasted text, terminal size, focus. Malformed messages are dropped unread; a
        client over its input budget is slowed down to it, and closed with CLOSE_TOO_FAST when far over."""
        budget = InputBudget()
        async for message in websocket:
            if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                continue
            parsed = parse_message(message.data) if message.type == WSMsgType.TEXT else None
            wait = budget.wait_for(events(parsed, len(message.data)))
            if wait is None:
                await websocket.close(code=CLOSE_TOO_FAST, message=b"input too fast")
                return
            if wait:
                await asyncio.sleep(wait)  # nothing else is read meanwhile: the client's sending stalls
            match parsed:
                case Stdin(data):
                    data, cut = cap_pastes(data)
                    await service.send_bytes(data)
                    if cut:
                        await websocket.send_json(NOTICE_PASTE_CUT)
                case Resize(width, height):
                    await service.set_terminal_size(width, height)
                case Ping(data):
                    await websocket.send_json(["pong", data])
                case Focus(True):
                    await service.focus()
                case Focus(False):
                    await service.blur()

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
    server.listening_on(listening_port(site, config))
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


def listening_port(site: web.TCPSite, config: ServeConfig) -> int:
    """The port the server really listens on (the free one when --port 0 asked for one)."""
    server = getattr(site, "_server", None)
    sockets = getattr(server, "sockets", None) or []
    return int(sockets[0].getsockname()[1]) if sockets else config.port


def listening_url(site: web.TCPSite, config: ServeConfig) -> str:
    """The address the server really listens on (with the real port when --port 0 asked for a free one)."""
    port = listening_port(site, config)
    host = config.host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def serve(config: ServeConfig) -> int:
    """Run until Ctrl+C or SIGTERM. Prints the address on stdout; warnings on stderr."""
    quiet_logging()
    if not is_loopback(config.host):
        print(no_login_warning(config.host), file=sys.stderr, flush=True)
    if config.host.strip().lower() in WILDCARDS and not config.public_url:
        print(ONLY_LOOPBACK_NAMES_NOTE, file=sys.stderr, flush=True)

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
