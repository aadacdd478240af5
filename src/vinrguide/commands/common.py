"""What every command shares: --content/--now/--json wherever they stand, loading the pack, usage errors."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from vinrguide.content.locate import pack_dir

# The content model and the clock are imported where they are used: `vinrguide` alone must start fast.
if TYPE_CHECKING:
    import datetime as dt

    from vinrguide.content.pack import ContentPack


class UsageError(Exception):
    """Wrong use of the command line: exit 2 with this message."""


def add_common_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS lets an option stand before or after the subcommand without one overwriting the other.
    parser.add_argument(
        "--content",
        metavar="MAPP",
        default=argparse.SUPPRESS,
        help="innehållspaket (annars $VINRGUIDE_CONTENT eller det inbyggda)",
    )
    parser.add_argument(
        "--now",
        metavar="TID",
        default=argparse.SUPPRESS,
        help="tidpunkt i ISO 8601 (utan offset: svensk tid)",
    )
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="maskinläsbar utdata")


def add_command(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    add_common_options(parser)
    return parser


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def when(args: argparse.Namespace) -> dt.datetime:
    from vinrguide.hours import now_in_stockholm, parse_now

    text = getattr(args, "now", None)
    if text is None:
        return now_in_stockholm()
    try:
        return parse_now(text)
    except ValueError as exc:
        raise UsageError(f"--now: {exc}") from None


def load(args: argparse.Namespace, strict: bool = True) -> ContentPack | None:
    """The pack; with strict, None after printing why when anything but scenario files failed to load."""
    from vinrguide.content.pack import load_pack

    pack = load_pack(pack_dir(getattr(args, "content", None)))
    fatal = [e for e in pack.errors if not e.file.startswith("scenarios/")]
    if strict and fatal:
        print(f"vinrguide: innehållspaketet i {pack.root} kunde inte läsas:", file=sys.stderr)
        for error in fatal:
            print(f"  {error}", file=sys.stderr)
        print("Kör 'vinrguide check' för hela listan.", file=sys.stderr)
        return None
    return pack
