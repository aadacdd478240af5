"""Finding the default content pack: inside the installed wheel, else the repository root (editable install)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "VINRGUIDE_CONTENT"


def default_pack_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    bundled = package / "pack"
    if (bundled / "flows").is_dir():
        return bundled
    return package.parent.parent  # src/vinrguide → repository root


def pack_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--content DIR, else $VINRGUIDE_CONTENT, else the default pack."""
    chosen = explicit or os.environ.get(ENV_VAR)
    return Path(chosen) if chosen else default_pack_dir()
