"""`vinrguide` with no command: the Textual app on the chosen content pack."""

from __future__ import annotations

import argparse

from vinrguide.commands.common import when
from vinrguide.content.locate import pack_dir


def run_app(args: argparse.Namespace) -> int:
    from vinrguide.tui.app import run  # imported only here: the CLI stays fast without Textual

    now = when(args) if getattr(args, "now", None) else None
    return run(pack_dir(getattr(args, "content", None)), now=now)
