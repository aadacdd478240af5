"""Testing the web app: the app on a fixed clock, a small HTML form reader that submits forms as a browser would,
and a live server in a background thread for the browser tests.

Used by tests/test_web*.py and bench/web_bench.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser

from aiohttp import web

from tests.shipped import shipped_pack
from vinrguide.content.pack import ContentPack
from vinrguide.hours import STOCKHOLM
from vinrguide.web.app import WebConfig, make_app
from vinrguide.web.pages import Site

FIXED_NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=STOCKHOLM)  # a Wednesday at ten: offices open
EVENING = dt.datetime(2026, 5, 20, 20, 0, tzinfo=STOCKHOLM)  # offices closed


def site(pack: ContentPack | None = None, now: dt.datetime = FIXED_NOW) -> Site:
    return Site(pack or shipped_pack(), lambda: now)


def app(
    pack: ContentPack | None = None, now: dt.datetime = FIXED_NOW, hosts: frozenset[str] | None = None
) -> web.Application:
    config = WebConfig(hosts=hosts) if hosts is not None else WebConfig()
    return make_app(pack or shipped_pack(), config=config, site=site(pack, now))


# ---------------------------------------------------------------- reading forms


@dataclass
class Control:
    tag: str
    type: str
    name: str
    value: str
    checked: bool = False
    formaction: str | None = None
    text: str = ""


@dataclass
class Form:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)

    def buttons(self) -> list[Control]:
        return [c for c in self.controls if c.tag == "button" and c.type == "submit"]

    def button(self, text: str) -> Control:
        for control in self.buttons():
            if text in control.text:
                return control
        raise AssertionError(f"no button {text!r} in {[b.text for b in self.buttons()]}")

    def has_button(self, text: str) -> bool:
        return any(text in b.text for b in self.buttons())

    def data(
        self,
        button: Control | None = None,
        choose: dict[str, str] | None = None,
        text: dict[str, str] | None = None,
    ) -> tuple[str, list[tuple[str, str]]]:
        """(action, fields) as a browser sends them: hidden and text fields, checked boxes, the pressed button."""
        choose = choose or {}
        pairs: list[tuple[str, str]] = []
        for c in self.controls:
            if c.tag == "button" or not c.name:
                continue
            if c.type in ("radio", "checkbox"):
                wanted = choose.get(c.name)
                if (
                    (wanted is None and c.checked)
                    or wanted == c.value
                    or (c.type == "checkbox" and wanted is not None and c.value in wanted.split(","))
                ):
                    pairs.append((c.name, c.value))
            else:
                pairs.append((c.name, (text or {}).get(c.name, c.value)))
        action = self.action
        if button is not None:
            if button.name:
                pairs.append((button.name, button.value))
            action = button.formaction or action
        return action, pairs


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._button: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag == "input":
            self._form.controls.append(
                Control("input", a.get("type", "text"), a.get("name", ""), a.get("value", ""), "checked" in a)
            )
        elif self._form is not None and tag == "textarea":
            self._textarea = Control("textarea", "textarea", a.get("name", ""), "")
            self._form.controls.append(self._textarea)
        elif self._form is not None and tag == "button":
            self._button = Control(
                "button",
                a.get("type", "submit"),
                a.get("name", ""),
                a.get("value", ""),
                formaction=a.get("formaction"),
            )
            self._form.controls.append(self._button)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "button":
            if self._button is not None:
                self._button.text = " ".join(self._button.text.split())
            self._button = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.text += data
        if self._textarea is not None:
            self._textarea.value += data


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_with(html: str, button_text: str) -> Form:
    for form in forms(html):
        if form.has_button(button_text):
            return form
    raise AssertionError(f"no form with a button {button_text!r}")


def h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, "no h1"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def text_of(html: str) -> str:
    """The page's text, tags removed, whitespace collapsed (for `in` checks)."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


# ---------------------------------------------------------------- a live server (for the browser)


@contextmanager
def live_server(application: web.Application | None = None) -> Iterator[str]:
    """The app on 127.0.0.1 (a free port) in a background thread; yields its base URL."""
    application = application or app()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, object] = {}

    async def start() -> None:
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        tcp = web.TCPSite(runner, "127.0.0.1", 0)
        await tcp.start()
        holder["runner"] = runner
        holder["port"] = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)
    try:
        yield f"http://127.0.0.1:{holder['port']}"
    finally:
        runner = holder["runner"]
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)  # type: ignore[attr-defined]
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


# ---------------------------------------------------------------- a synchronous test client


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str
    body: bytes


class Client:
    """aiohttp's test client driven from synchronous tests: `get`, `post`, and `submit` a form from a page."""

    def __init__(self, application: web.Application | None = None) -> None:
        from aiohttp.test_utils import TestClient, TestServer

        self.loop = asyncio.new_event_loop()
        server = TestServer(application or app())
        # as served: no access log (the filter of the directory is in its address)
        self.loop.run_until_complete(server.start_server(loop=self.loop, access_log=None))
        self.client = TestClient(server, loop=self.loop)
        self.loop.run_until_complete(self.client.start_server())

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.close()

    def _reply(self, method: str, path: str, **kwargs: object) -> Reply:
        async def go() -> Reply:
            async with self.client.request(method, path, allow_redirects=False, **kwargs) as response:
                body = await response.read()
                return Reply(response.status, dict(response.headers), body.decode("utf-8", "replace"), body)

        return self.loop.run_until_complete(go())

    def get(self, path: str, **kwargs: object) -> Reply:
        return self._reply("GET", path, **kwargs)

    def post(self, path: str, data: object = None, **kwargs: object) -> Reply:
        return self._reply("POST", path, data=data, **kwargs)

    def submit(
        self,
        html: str,
        button_text: str,
        choose: dict[str, str] | None = None,
        text: dict[str, str] | None = None,
    ) -> Reply:
        form = form_with(html, button_text)
        action, pairs = form.data(form.button(button_text), choose, text)
        if form.method == "get":
            return self.get(action, params=pairs)
        return self.post(action, data=pairs)
