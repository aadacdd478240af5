"""What the page may send over its websocket, read defensively, and how much of it per second.

The page (textual.js) sends JSON arrays: ["stdin", text], ["resize", {"width": W, "height": H}], ["ping", stamp],
["focus"], ["blur"]. Anything else, or any of these with a value out of its range, is dropped unread: it never ends
the session and never reaches the app.

What one client can make its app process do is bounded in the app's own unit, events: every character typed outside
bracketed-paste markers is one key event, and a queued key event costs the app about 3 KB (measured: 64 KiB of keys in
one message took an app from 55 to 209 MiB), while a paste is one event however long. So the input budget counts
key events (a paste as one, plus its length / PASTE_BYTES_PER_EVENT) and resizes (a full layout each), not bytes.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_MESSAGE = 64 * 1024
"""Bytes in one websocket message: aiohttp closes the websocket (1009) beyond it. The page never sends more: it
cuts a longer paste before sending it (static/js/page.js, told this number and MAX_PASTE by the page's template)."""
MAX_PASTE = 16 * 1024
"""Bytes (UTF-8) of one pasted text the app gets: pages of a description. A longer paste is cut to it, here and in
the page, and the page tells the user; the session goes on."""
NOTICE_PASTE_CUT = ["notice", "paste-too-long"]
"""The text message that tells the page a paste was cut (textual.js ignores message types it does not know)."""
INPUT_BURST = 4096
"""Events a client may send at once (a fast typist makes 10 a second, a moving mouse up to 60)..."""
INPUT_RATE = 1000
"""... and per second after that: what an app process keeps up with on a busy host (measured: flat memory at 2,000
keys a second, growing at 4,000)."""
MAX_WAIT = 5.0
"""Seconds a message may be held back to keep a client to INPUT_RATE; a client further over it is closed."""
CLOSE_TOO_FAST = 1008
"""Websocket close code (policy violation) for a client that sends far faster than INPUT_RATE."""
PASTE_BYTES_PER_EVENT = 64
RESIZE_EVENTS = 10
"""A resize makes the app lay out every widget again: it costs as much as ten keys."""
_PASTE = re.compile(rb"\x1b\[200~(.*?)\x1b\[201~", re.DOTALL)

MIN_COLUMNS, MIN_ROWS = 20, 5
"""The smallest terminal forwarded to the app; a narrower window gets the app drawn at this size (and wrapped).
A second line of defence: at 10 columns or fewer the app crashed in Rich's chop_cells (issue 15, point 5)."""
MAX_COLUMNS, MAX_ROWS = 1000, 1000
MAX_PING = 64


@dataclass(frozen=True)
class Stdin:
    data: bytes


@dataclass(frozen=True)
class Resize:
    width: int
    height: int


@dataclass(frozen=True)
class Ping:
    data: str


@dataclass(frozen=True)
class Focus:
    focused: bool


Message = Stdin | Resize | Ping | Focus


def dimension(value: object, smallest: int, largest: int) -> int | None:
    """A terminal width or height: a positive whole number (clamped into the range), else None (drop it)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return None
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            return None
        value = int(value)
    if not isinstance(value, int) or value < 1:
        return None
    return max(smallest, min(largest, value))


def terminal_size(width: object, height: object) -> tuple[int, int] | None:
    columns = dimension(width, MIN_COLUMNS, MAX_COLUMNS)
    rows = dimension(height, MIN_ROWS, MAX_ROWS)
    if columns is None or rows is None:
        return None
    return columns, rows


def parse_message(text: str) -> Message | None:
    """One websocket text message from the page, or None when it is anything the page would not send."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind = envelope[0]
    data = envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and isinstance(data, str):
        try:
            return Stdin(data.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: not text any keyboard makes
            return None
    if kind == "resize" and isinstance(data, dict):
        size = terminal_size(data.get("width"), data.get("height"))
        return Resize(*size) if size is not None else None
    if kind == "ping" and isinstance(data, str) and len(data) <= MAX_PING:  # the page's clock, as text
        return Ping(data)
    if kind in ("focus", "blur"):
        return Focus(kind == "focus")
    return None


def cap_pastes(data: bytes, limit: int = MAX_PASTE) -> tuple[bytes, bool]:
    """`data` with every bracketed paste longer than `limit` bytes cut to it, at a character's boundary, markers
    kept (so the app still sees one paste); and whether any was cut."""
    cut = False

    def shorten(paste: re.Match[bytes]) -> bytes:
        nonlocal cut
        body = paste.group(1)
        if len(body) <= limit:
            return paste.group(0)
        cut = True
        kept = (
            body[:limit].decode("utf-8", "ignore").encode("utf-8")
        )  # "ignore": a character split at the end
        return b"\x1b[200~" + kept + b"\x1b[201~"

    return _PASTE.sub(shorten, data), cut


def events(message: Message | None, size: int) -> int:
    """What a message costs the app, in key events (see the module's docstring); `size` is its length as sent."""
    if isinstance(message, Stdin):
        pastes = _PASTE.findall(message.data)
        pasted = sum(len(paste) + 12 for paste in pastes)  # 12: the two markers
        keys = len(message.data) - pasted
        return max(1, keys + sum(1 + len(paste) // PASTE_BYTES_PER_EVENT for paste in pastes))
    if isinstance(message, Resize):
        return RESIZE_EVENTS
    return 1 + size // PASTE_BYTES_PER_EVENT  # pings, focus, and what is dropped unread


class InputBudget:
    """A token bucket over the events one client sends: INPUT_BURST at once, INPUT_RATE per second after that.

    A client over the budget is slowed down, not dropped: the server waits before it forwards the message (and reads
    nothing else meanwhile, so the client's own sending stalls). Only a client that would have to wait longer than
    MAX_WAIT for one message is closed (CLOSE_TOO_FAST)."""

    def __init__(
        self,
        burst: int = INPUT_BURST,
        rate: float = INPUT_RATE,
        max_wait: float = MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = rate
        self.max_wait = max_wait
        self.clock = clock
        self.tokens = float(burst)
        self.stamp = clock()

    def wait_for(self, size: int) -> float | None:
        """Seconds to wait before forwarding `size` events (0.0: at once); None: the client is too far over."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        wait = max(0.0, (size - self.tokens) / self.rate)
        if wait > self.max_wait:
            return None
        self.tokens -= size  # below zero while the server waits; the wait refills it
        return wait
