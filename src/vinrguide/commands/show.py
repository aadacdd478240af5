"""`vinrguide show REF`: a routine section, a unit or a flow overview as readable text."""

from __future__ import annotations

import argparse

from vinrguide.commands.common import UsageError, add_command, load, when
from vinrguide.show import UnknownRef, show_ref


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "show", "visa ett rutinavsnitt, en enhet eller en guide som text")
    parser.add_argument("ref", help="routine:ID#ankare, unit:ID eller flow:ID")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    pack = load(args)
    if pack is None:
        return 1
    try:
        print(show_ref(pack, args.ref, when(args)), end="")
    except UnknownRef:
        raise UsageError(
            f"hittar inget som heter {args.ref!r}; skriv t.ex. unit:nexus, flow:misstanke eller routine:agera-vid-misstanke#gor-inte"
        ) from None
    return 0
