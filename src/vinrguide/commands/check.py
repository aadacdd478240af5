"""`vinrguide check [--json] [--today DATE] [--quiet]`: validate the content pack like a compiler."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from vinrguide.commands.common import UsageError, add_command, load, wants_json
from vinrguide.content.check import check_pack, has_errors


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "check", "kontrollera innehållspaketet (rutiner, guider, katalog)")
    parser.add_argument("--today", metavar="DATUM", help="dagens datum för granskningsdatum (ÅÅÅÅ-MM-DD)")
    parser.add_argument("--quiet", action="store_true", help="visa bara fel, inte varningar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise UsageError(f"--today: ogiltigt datum {args.today!r}; skriv t.ex. 2026-11-24") from None
    pack = load(args, strict=False)
    assert pack is not None
    findings = check_pack(pack, today)
    if wants_json(args):
        print(json.dumps({"findings": [f.as_json() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        shown = [f for f in findings if f.is_error] if args.quiet else findings
        for finding in shown:
            print(finding)
        errors = sum(f.is_error for f in findings)
        warnings = len(findings) - errors
        print(
            f"{pack.root}: {errors} fel, {warnings} varningar"
            + (" (varningar dolda)" if args.quiet and warnings else "")
        )
    return 1 if has_errors(findings) else 0
