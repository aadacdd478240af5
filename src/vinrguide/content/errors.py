"""The one error type a broken content file produces: where (file, line or field path) and what, in plain words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError(Exception):
    file: str
    message: str
    line: int | None = None
    path: str = ""  # field path, e.g. "nodes.akut.options[1].next"
    code: str = "VG003"

    def __str__(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        where = f" ({self.path})" if self.path else ""
        return f"{place}: {self.message}{where}"
