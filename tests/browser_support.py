"""Driving `vinrguide serve` in a real browser: a server process, Debian's Chromium through Playwright, and a small
terminal emulator that rebuilds the app's screen from the bytes the page receives (xterm.js draws on a canvas, so the
page's DOM holds no text).

Used by tests/test_browser.py, tests/test_serve.py and bench/load_bench.py.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIXED_NOW = "2026-05-20T10:00"  # a Wednesday at ten: offices open (as in the scenario files)
LOOPBACK = "127.0.0.1"


class BrowserMissing(RuntimeError):
    pass


def require_chromium() -> str:
    """The browser's path; a missing browser is an error (the test fails, it does not skip)."""
    if not os.access(CHROMIUM, os.X_OK):
        raise BrowserMissing(
            f"{CHROMIUM} is missing: the browser test needs Debian's Chromium. "
            "Run `make browser` (or `make test`), which installs it with apt-get."
        )
    return CHROMIUM


# ---------------------------------------------------------------- the terminal screen


_CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")
_RUN = re.compile(r"[^\x00-\x1f\x7f\x1b]+")  # printable text up to the next control character or escape


class Screen:
    """Enough of a VT100/xterm emulator for Textual's output: cursor moves, erases, text; colours ignored."""

    def __init__(self, cols: int = 300, rows: int = 120) -> None:
        self.cols, self.rows = cols, rows
        self.cells = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.saved = (0, 0)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        self.bytes_seen = 0
        self.lock = threading.Lock()

    def feed(self, data: bytes | str) -> None:
        with self.lock:
            if isinstance(data, bytes):
                self.bytes_seen += len(data)
                data = self._decoder.decode(data)
            self._parse(self._pending + data)

    def _parse(self, text: str) -> None:
        self._pending = ""
        i, n = 0, len(text)
        while i < n:
            run = _RUN.match(text, i)
            if run is not None:
                self._put_run(run.group())
                i = run.end()
                continue
            ch = text[i]
            if ch == "\x1b":
                if i + 1 >= n:
                    self._pending = text[i:]
                    return
                nxt = text[i + 1]
                if nxt == "[":
                    match = _CSI.match(text, i)
                    if match is None:
                        if re.fullmatch(r"\x1b\[[0-?]*[ -/]*", text[i:]):
                            self._pending = text[i:]  # split across frames
                            return
                        i += 2
                        continue
                    self._csi(match.group(1), match.group(3))
                    i = match.end()
                elif nxt in "]P_^":  # OSC, DCS, APC, PM: up to BEL or ST
                    end_bel = text.find("\x07", i + 2)
                    end_st = text.find("\x1b\\", i + 2)
                    ends = [e for e in (end_bel, end_st) if e != -1]
                    if not ends:
                        self._pending = text[i:]
                        return
                    end = min(ends)
                    i = end + (1 if end == end_bel else 2)
                elif nxt in "()*+":
                    i += 3
                elif nxt == "7":
                    self.saved = (self.row, self.col)
                    i += 2
                elif nxt == "8":
                    self.row, self.col = self.saved
                    i += 2
                else:
                    i += 2
                continue
            if ch == "\r":
                self.col = 0
            elif ch == "\n":
                self._line_feed()
            elif ch == "\b":
                self.col = max(0, self.col - 1)
            elif ch == "\t":
                self.col = min(self.cols - 1, (self.col // 8 + 1) * 8)
            elif ord(ch) < 32 or ch == "\x7f":
                pass
            else:
                self._put(ch)
            i += 1

    def _line_feed(self) -> None:
        if self.row == self.rows - 1:
            self.cells.pop(0)
            self.cells.append([" "] * self.cols)
        else:
            self.row += 1

    def _put_run(self, run: str) -> None:
        if run.isascii():  # the common case: one cell per character
            end = min(self.cols, self.col + len(run))
            if end > self.col:
                self.cells[self.row][self.col : end] = run[: end - self.col]
            self.col = min(self.cols, self.col + len(run))
            return
        for ch in run:
            self._put(ch)

    def _put(self, ch: str) -> None:
        if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
            r, c = self.row, max(0, self.col - 1)
            self.cells[r][c] += ch
            return
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if self.col >= self.cols:
            return
        self.cells[self.row][self.col] = ch
        if width == 2 and self.col + 1 < self.cols:
            self.cells[self.row][self.col + 1] = ""
        self.col += width

    def _csi(self, params: str, final: str) -> None:
        private = params.startswith(("?", ">", "<", "="))
        if private:
            return  # modes (sync output, mouse, cursor visibility, …)
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []

        def arg(k: int, default: int) -> int:
            return nums[k] if len(nums) > k and nums[k] else default

        if final in "Hf":
            self.row = min(self.rows - 1, arg(0, 1) - 1)
            self.col = min(self.cols - 1, arg(1, 1) - 1)
        elif final == "A":
            self.row = max(0, self.row - arg(0, 1))
        elif final == "B":
            self.row = min(self.rows - 1, self.row + arg(0, 1))
        elif final == "C":
            self.col = min(self.cols - 1, self.col + arg(0, 1))
        elif final == "D":
            self.col = max(0, self.col - arg(0, 1))
        elif final == "G":
            self.col = min(self.cols - 1, arg(0, 1) - 1)
        elif final == "d":
            self.row = min(self.rows - 1, arg(0, 1) - 1)
        elif final == "J":
            mode = nums[0] if nums else 0
            if mode == 0:
                self._erase_line(self.row, self.col, self.cols)
                for r in range(self.row + 1, self.rows):
                    self._erase_line(r, 0, self.cols)
            elif mode == 1:
                for r in range(self.row):
                    self._erase_line(r, 0, self.cols)
                self._erase_line(self.row, 0, self.col + 1)
            else:
                for r in range(self.rows):
                    self._erase_line(r, 0, self.cols)
        elif final == "K":
            mode = nums[0] if nums else 0
            start, end = {0: (self.col, self.cols), 1: (0, self.col + 1)}.get(mode, (0, self.cols))
            self._erase_line(self.row, start, end)
        elif final == "X":
            self._erase_line(self.row, self.col, min(self.cols, self.col + arg(0, 1)))

    def _erase_line(self, row: int, start: int, end: int) -> None:
        line = self.cells[row]
        for c in range(start, end):
            line[c] = " "

    def lines(self) -> list[str]:
        with self.lock:
            out = ["".join(row).rstrip() for row in self.cells]
        while out and not out[-1]:
            out.pop()
        return out

    def text(self) -> str:
        return "\n".join(self.lines())

    def flat(self) -> str:
        """The screen as one line of single-spaced words (for phrases that wrap)."""
        return " ".join(self.text().split())


def _norm(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- the server


@dataclass
class ServerProcess:
    """`vinrguide serve` (or another argv) on loopback with a free port; all its output kept for privacy checks."""

    argv: Sequence[str]
    env: dict[str, str] | None = None
    url: str = ""
    process: subprocess.Popen[bytes] | None = None
    _out: bytearray = field(default_factory=bytearray)
    _err: bytearray = field(default_factory=bytearray)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self, timeout: float = 30.0) -> ServerProcess:
        self.process = subprocess.Popen(
            list(self.argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=self.env,
        )
        for stream, sink in ((self.process.stdout, self._out), (self.process.stderr, self._err)):
            thread = threading.Thread(target=_pump, args=(stream, sink), daemon=True)
            thread.start()
            self._threads.append(thread)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(rb"http://127\.0\.0\.1:\d+", bytes(self._out))
            if match:
                self.url = match.group(0).decode() + "/"
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the server did not start:\n{self.output}")

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def stdout(self) -> str:
        return bytes(self._out).decode("utf-8", "replace")

    @property
    def stderr(self) -> str:
        return bytes(self._err).decode("utf-8", "replace")

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def app_pids(self) -> list[int]:
        """The app processes: the server's direct children."""
        return children_of(self.pid)

    def stop(self, timeout: float = 15.0) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        return self.process.returncode


# ---------------------------------------------------------------- a websocket client standing in for the page


class Session:
    """A websocket client standing in for the page: the screen's bytes, the text messages, how it closed."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = bytearray()
        self.texts: list[list[object]] = []
        self.closed = False
        self.close_code: int | None = None

    async def read_until(self, predicate: object, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():  # type: ignore[operator]
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; received {bytes(self.screen[-500:])!r} {self.texts}")
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.extend(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))
            elif message.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.CLOSING,
            ):
                self.closed = True
                self.close_code = self.ws.close_code
                return

    async def type(self, text: str) -> None:
        for ch in text:
            await self.ws.send_json(["stdin", ch])


def ws_url(http_url: str) -> str:
    return "ws" + http_url.removeprefix("http") + "ws?width=100&height=30"


def _pump(stream: Any, sink: bytearray) -> None:
    for chunk in iter(lambda: stream.read1(65536), b""):
        sink.extend(chunk)


def serve_argv(*extra: str, now: str = FIXED_NOW) -> list[str]:
    """`vinrguide serve --terminal` (the terminal app through textual-serve) on a free loopback port."""
    return [sys.executable, "-m", "vinrguide", "serve", "--terminal", "--port", "0", "--now", now, *extra]


def custom_app_server_argv(app_argv: Sequence[str], max_sessions: int = 4, **config: object) -> list[str]:
    """The terminal server (`serve --terminal`'s) with any app command (for apps that misbehave on purpose)."""
    options = "".join(f", {name}={value!r}" for name, value in config.items())
    code = (
        "import sys\n"
        "from vinrguide.serve.server import ServeConfig, serve\n"
        f"sys.exit(serve(ServeConfig(app_argv={tuple(app_argv)!r}, port=0, max_sessions={max_sessions}{options})))\n"
    )
    return [sys.executable, "-c", code]


@contextmanager
def running_server(argv: Sequence[str], env: dict[str, str] | None = None) -> Iterator[ServerProcess]:
    server = ServerProcess(argv, env).start()
    try:
        yield server
    finally:
        server.stop()


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            kids.append(int(entry.name))
    return sorted(kids)


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; PSS shares the pages used by several processes out between them."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


# ---------------------------------------------------------------- the browser


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=require_chromium(), headless=True, args=CHROMIUM_ARGS)


class RequestLog:
    """Every request and websocket of a browser context; anything not to 127.0.0.1 is recorded and blocked."""

    def __init__(self, context: Any) -> None:
        self.urls: list[str] = []
        self.blocked: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda request: self.urls.append(request.url))
        context.on("page", lambda page: page.on("websocket", lambda ws: self.urls.append(ws.url)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host == LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def outside(self) -> list[str]:
        """Requests that went (or tried to go) anywhere but 127.0.0.1."""
        bad = [
            u for u in self.urls if not u.startswith(("data:", "blob:")) and urlsplit(u).hostname != LOOPBACK
        ]
        return sorted(set(bad + self.blocked))


class BrowserTerminal:
    """One browser tab on the served app, with the screen rebuilt from the websocket's frames."""

    def __init__(self, context: Any, url: str, width: int = 1400, height: int = 900) -> None:
        self.context = context
        self.url = url
        self.screen = Screen()
        self.messages: list[Any] = []
        self.websocket_closed = False
        self.size: tuple[int, int] = (0, 0)  # columns, rows: as the page last told the server
        self.page = context.new_page()
        self.page.set_viewport_size({"width": width, "height": height})
        self.page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws: Any) -> None:
        query = dict(parse_qsl(urlsplit(ws.url).query))
        with suppress(KeyError, ValueError):
            self.size = (int(query["width"]), int(query["height"]))
        ws.on("framesent", self._on_sent)
        ws.on("framereceived", self._on_frame)
        ws.on("close", lambda *_: setattr(self, "websocket_closed", True))

    def _on_frame(self, payload: Any) -> None:
        if isinstance(payload, bytes | bytearray):
            self.screen.feed(bytes(payload))
        else:
            with suppress(ValueError):
                self.messages.append(json.loads(payload))

    def _on_sent(self, payload: Any) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            with suppress(ValueError, KeyError, TypeError):
                data = json.loads(payload)[1]
                self.size = (int(data["width"]), int(data["height"]))

    def click_text(self, text: str) -> None:
        """Click the middle of `text` where the terminal shows it (cells to pixels from the terminal's size)."""
        self.settle(500)  # not while the app is still scrolling
        lines = self.screen.lines()
        row = next(i for i, line in enumerate(lines) if text in line)
        col = lines[row].index(text) + len(text) // 2
        box = self.page.locator(".xterm-screen").bounding_box()
        cols, rows = self.size
        assert box is not None and cols and rows, (box, self.size)
        x = box["x"] + (col + 0.5) * box["width"] / cols
        y = box["y"] + (row + 0.5) * box["height"] / rows
        self.page.mouse.click(x, y)
        self.page.mouse.move(0, 0)  # no tooltip left over the screen

    def open(self, first_text: str, timeout: float = 60.0, focus: bool = True) -> float:
        """Load the page; seconds until `first_text` is on the screen (the time to first screen). `focus=False`
        leaves the focus where the page put it (as a user who has not clicked yet)."""
        start = time.monotonic()
        self.page.goto(self.url, wait_until="domcontentloaded")
        self.wait_for(first_text, timeout)
        elapsed = time.monotonic() - start
        if focus:
            self.focus()
        return elapsed

    def focus(self) -> None:
        self.page.focus(".xterm-helper-textarea")

    def pump(self, ms: int = 50) -> None:
        """Let Playwright deliver events (frames) while we wait."""
        self.page.wait_for_timeout(ms)

    def wait_until(self, predicate: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while True:
            if predicate():
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out waiting for {what or predicate}; screen:\n{self.screen.text()}"
                )
            self.pump(50)

    def has(self, text: str) -> bool:
        return _norm(text) in _norm(self.screen.text())

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        self.wait_until(lambda: self.has(text), timeout, repr(text))

    def wait_for_gone(self, text: str, timeout: float = 20.0) -> None:
        self.wait_until(lambda: not self.has(text), timeout, f"{text!r} to go away")

    def settle(self, quiet_ms: int = 300, timeout: float = 10.0) -> None:
        """Wait until the screen has not changed for `quiet_ms` (the app has finished redrawing)."""
        deadline = time.monotonic() + timeout
        last, since = self.screen.bytes_seen, time.monotonic()
        while time.monotonic() < deadline:
            self.pump(50)
            if self.screen.bytes_seen != last:
                last, since = self.screen.bytes_seen, time.monotonic()
            elif (time.monotonic() - since) * 1000 >= quiet_ms:
                return

    def press(self, key: str, settle: bool = True) -> None:
        self.page.keyboard.press(key)
        if settle:
            # after Escape a little longer: a key that follows a lone ESC too closely reads as alt+key
            self.settle(350 if key == "Escape" else 200)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=10)
        self.settle(200)


# ---------------------------------------------------------------- the walk the browser test and the load bench take

WALK_FLOW = "utlandsresa"
WALK_ANSWERS = (("akut", "nej"), ("alder", "barn"), ("avresa", "planerad"))
"""A teacher worried about a pupil's summer trip: no danger now, a child, the trip planned for later."""


def _words(text: str, count: int = 5) -> str:
    from vinrguide.content.plaintext import strip_markdown

    return " ".join(strip_markdown(text).split()[:count])


@dataclass(frozen=True)
class WalkPlan:
    guide_key: str  # the number that opens the guide on the start screen, once the guide list has the focus
    steps: tuple[
        tuple[str, str], ...
    ]  # (key to press, text the next screen shows), the last one the outcome's
    outcome_node: str
    outcome_title: str
    urgency: str
    dont: tuple[str, ...]
    to_guides: str = "Tab"
    """The key that moves the focus from "Beskriv situationen…" (where it starts, and where a digit is text) to the
    guide list, where the digit opens the guide; press it once before `steps` on a fresh start screen."""
    to_guides_stdin: str = "\t"  # the same key as the bytes a websocket client sends


def walk_plan(role: str | None = None) -> WalkPlan:
    """The keys for WALK_ANSWERS and what each screen should show, worked out from the content (not hard-coded)."""
    from vinrguide.advice import resolve_outcome
    from vinrguide.content.models import text_for
    from vinrguide.content.pack import load_pack
    from vinrguide.engine import Walk, ordered_flows
    from vinrguide.hours import parse_now

    pack = load_pack(ROOT)
    flow = pack.flows[WALK_FLOW]
    guide_key = str([f.id for f in ordered_flows(pack)].index(WALK_FLOW) + 1)
    walk = Walk(pack, WALK_FLOW, {"roll": role} if role else {})
    question = walk.question
    assert question is not None and question.fact == "akut"  # akut is always asked
    steps = [(guide_key, _words(text_for(question.text, walk.role)))]
    for fact, value in WALK_ANSWERS:
        question = walk.question
        assert question is not None and question.fact == fact, (fact, walk.current)
        key = str([o.value for o in question.options].index(value) + 1)
        walk.answer(value)
        following = walk.question
        steps.append((key, _words(text_for(following.text, walk.role)) if following else ""))
    assert walk.done
    view = resolve_outcome(pack, flow, walk.current, walk.facts, parse_now(FIXED_NOW), plain=True)
    steps[-1] = (steps[-1][0], view.title)
    return WalkPlan(guide_key, tuple(steps), view.node, view.title, view.urgency, tuple(view.dont))
