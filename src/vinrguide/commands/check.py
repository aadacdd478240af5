"""`vinrguide check [--json] [--today DATE] [--quiet] [--todo]`: validate the content pack like a compiler.

`--todo` prints instead what the municipality must confirm before adopting the draft (a Markdown checklist).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from vinrguide.commands.common import UsageError, add_command, load, wants_json
from vinrguide.content.check import check_pack, has_errors
from vinrguide.content.pack import ContentPack
from vinrguide.content.todo import todo_markdown


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "check", "kontrollera innehållspaketet (rutiner, guider, katalog)")
    parser.add_argument("--today", metavar="DATUM", help="dagens datum för granskningsdatum (ÅÅÅÅ-MM-DD)")
    parser.add_argument("--quiet", action="store_true", help="visa bara fel, inte varningar")
    parser.add_argument(
        "--todo",
        action="store_true",
        help="skriv en checklista (Markdown) över det kommunen ska bekräfta innan utkastet fastställs",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        today = dt.date.fromisoformat(args.today) if args.today else None
    except ValueError:
        raise UsageError(f"--today: ogiltigt datum {args.today!r}; skriv t.ex. 2026-11-24") from None
    if args.todo and wants_json(args):
        raise UsageError("--todo skriver en checklista i Markdown; använd inte --json samtidigt")
    pack = load(args, strict=False)
    assert pack is not None
    if args.todo:
        return _todo(pack)
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


def _todo(pack: ContentPack) -> int:
    """The checklist on stdout; exit 0 (it is a list of work, not a verdict). Files that failed to load: stderr."""
    print(todo_markdown(pack), end="")
    if pack.errors:
        print(
            f"vinrguide: {len(pack.errors)} fel i paketet – listan kan vara ofullständig; kör 'vinrguide check'",
            file=sys.stderr,
        )
    return 0
