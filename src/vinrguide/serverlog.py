"""What both servers (`serve`, the web app, and `serve --terminal`) write and warn: log records as their message
template only, each kind of line at most once a minute, and the warning when listening beyond this computer.

A log record's arguments and a traceback can both hold what a user typed, so neither is ever written: the first
line of the template, and the exception's type name when there is one. A client that repeats a failing request a
thousand times must not write a thousand lines either: a template seen again within REPEAT_WINDOW is counted, and
the next time it is written the line says how many were left out.
"""

from __future__ import annotations

import ipaddress
import logging
import sys
import time
from collections.abc import Callable
from typing import TextIO

REPEAT_WINDOW = 60.0
"""Seconds during which a line already written is counted instead of written again."""
MAX_KINDS = 256
"""Distinct lines remembered; the memory of past lines is cleared beyond it (templates come from code, so few)."""
MAX_TEMPLATE = 160


class TemplateOnlyHandler(logging.Handler):
    """Writes a record's message template (first line) and exception type: never its arguments or a traceback."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        window: float = REPEAT_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.window = window
        self.clock = clock
        self._last_written: dict[str, float] = {}
        self._left_out: dict[str, int] = {}

    @staticmethod
    def line(record: logging.LogRecord) -> str:
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        template = (template.strip().splitlines() or [""])[0][:MAX_TEMPLATE]
        if record.exc_info and record.exc_info[0] is not None:
            template += f" ({record.exc_info[0].__name__})"
        return f"vinrguide serve: {record.levelname.lower()}: {record.name}: {template}"

    def emit(self, record: logging.LogRecord) -> None:
        line = self.line(record)
        now = self.clock()
        last = self._last_written.get(line)
        if last is not None and now - last < self.window:
            self._left_out[line] = self._left_out.get(line, 0) + 1
            return
        if len(self._last_written) >= MAX_KINDS:
            self._last_written.clear()
            self._left_out.clear()
        self._last_written[line] = now
        left_out = self._left_out.pop(line, 0)
        if left_out:
            line += f" [och {left_out} likadana de senaste {self.window:.0f} s]"
        stream = self.stream or sys.stderr
        try:
            stream.write(line + "\n")
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
