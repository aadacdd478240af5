"""The command line: `vinrguide` opens the app; subcommands for authors, tests and other tools (design.md).

Exit codes: 0 success; 1 the content pack failed to load (or check/scenarios found errors); 2 a usage error.
stdout holds only the requested output; warnings and errors go to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from vinrguide import __version__
from vinrguide.commands import COMMAND_MODULES
from vinrguide.commands.common import UsageError, add_common_options, check_common_options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vinrguide",
        description="Beslutsstöd vid våld i nära relationer och hedersrelaterat våld och förtryck. "
        "Utan kommando öppnas appen.",
    )
    parser.add_argument("--version", action="version", version=f"vinrguide {__version__}")
    add_common_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"vinrguide.commands.{name}")
        module.add_parser(sub)
    return parser


def _app_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options when the arguments only open the app (no command, no --help): parsed without importing the
    commands, which bring the content model with them, so that the app paints its first screen fast."""
    quick = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    add_common_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except argparse.ArgumentError:
        return None  # the full parser says what is wrong
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _app_only(argv) or build_parser().parse_args(argv)
    try:
        check_common_options(args)
        if args.command is None:
            from vinrguide.commands.app import run_app

            return run_app(args)
        code: int = args.handler(args)
        return code
    except UsageError as exc:
        print(f"vinrguide: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
