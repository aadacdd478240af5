"""What every command shares: --content/--now/--json wherever they stand, loading the pack, usage errors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING

from vinrguide.content.locate import pack_dir

# The content model and the clock are imported where they are used: `vinrguide` alone must start fast.
if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack


class UsageError(Exception):
    """Wrong use of the command line: exit 2 with this message."""


NOW_YEARS = (1900, 2200)
"""--now must fall in these years (Stockholm time): outside them the calendar and the clock arithmetic of opening
hours overflow, and no real case is there."""


def parse_now_option(text: str) -> dt.datetime:
    """--now as a time in Stockholm, or ValueError in plain words (also for a date outside NOW_YEARS)."""
    from vinrguide.hours import parse_now

    try:
        moment = parse_now(text)
    except OverflowError:  # the offset takes it past year 1 or 9999
        moment = None
    first, last = NOW_YEARS
    if moment is None or not first <= moment.year <= last:
        raise ValueError(f"tidpunkten {text.strip()!r} ligger utanför åren {first}–{last}")
    return moment


def check_common_options(args: argparse.Namespace) -> None:
    """The options every command shares, checked before any command runs: a bad --now is a usage error (exit 2)
    for every command, also one that does not use it."""
    if getattr(args, "now", None) is not None:
        when(args)


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
    from vinrguide.hours import now_in_stockholm

    text = getattr(args, "now", None)
    if text is None:
        return now_in_stockholm()
    try:
        return parse_now_option(text)
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
