"""What the page may send over its websocket, read defensively, and how much of it per second.

The page (textual.js) sends JSON arrays: ["stdin", text], ["resize", {"width": W, "height": H}], ["ping", stamp],
["focus"], ["blur"]. Anything else, or any of these with a value out of its range, is dropped unread: it never ends
the session and never reaches the app. The size and rate limits bound what one client can make its app process do
(every character typed without bracketed-paste markers is one key event for the app).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_MESSAGE = 64 * 1024
"""Bytes in one websocket message: a long pasted text fits; aiohttp closes the websocket (1009) beyond it."""
INPUT_BURST = 128 * 1024
"""Bytes a client may send at once (two of the largest messages)..."""
INPUT_RATE = 2 * 1024
"""... and per second after that: what the app keeps up with (measured: flat memory at 2 KiB/s of keys, growing at 4;
typing sends a few hundred bytes a second, moving the mouse up to about 2 KiB)."""
CLOSE_TOO_FAST = 1008
"""Websocket close code (policy violation) for a client that sends faster than INPUT_RATE."""

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


class InputBudget:
    """A token bucket over the bytes one client sends: INPUT_BURST at once, INPUT_RATE per second after that."""

    def __init__(
        self,
        burst: int = INPUT_BURST,
        rate: float = INPUT_RATE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = rate
        self.clock = clock
        self.tokens = float(burst)
        self.stamp = clock()

    def spend(self, size: int) -> bool:
        """Take `size` bytes from the budget; False when the client is over it (nothing is taken then)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if size > self.tokens:
            return False
        self.tokens -= size
        return True
