"""`vinrguide walk FLOW --fact K=V … [--now T] [--json]`.

--json prints one object (design.md). Without it, on a terminal, an interactive numbered-menu dialogue (plain mode,
for screen-reader users and plain terminals); with no terminal on stdin it never waits: it prints the outcome or
exits 2 naming the missing fact.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from vinrguide.advice import resolve_outcome
from vinrguide.commands.common import UsageError, add_command, load, wants_json, when
from vinrguide.content.models import text_for
from vinrguide.content.pack import ContentPack
from vinrguide.content.plaintext import strip_markdown
from vinrguide.engine import Walk, WalkError
from vinrguide.show import outcome_text

ACUTE_LINE = "Akut fara? Ring 112. Utanför kontorstid nås socialjouren via 112."
ACUTE_UNITS = ("akut-112", "socialjouren", "kvinnofridslinjen", "bris")  # as the app's acute help (F2)


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "walk", "gå igenom en guide (interaktivt, eller med --fact och --json)")
    parser.add_argument("flow", help="guidens id, t.ex. misstanke")
    parser.add_argument(
        "--fact", action="append", default=[], metavar="K=V", help="ett känt faktum, t.ex. alder=barn"
    )
    parser.set_defaults(handler=run)


def parse_facts(pack: ContentPack, pairs: list[str]) -> dict[str, str]:
    facts: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key or not value:
            raise UsageError(f"--fact {pair!r}: skriv faktum=värde, t.ex. --fact alder=barn")
        fact = pack.facts.get(key)
        if fact is None:
            raise UsageError(f"okänt faktum {key!r}; fakta: {', '.join(sorted(pack.facts))}")
        if value not in fact.value_ids():
            raise UsageError(f"{key}={value}: okänt värde; värden för {key}: {', '.join(fact.value_ids())}")
        if key in facts and facts[key] != value:
            raise UsageError(f"faktumet {key} anges två gånger med olika värden ({facts[key]} och {value})")
        facts[key] = value
    return facts


def walk_json(pack: ContentPack, walk: Walk, now: dt.datetime, given: dict[str, str]) -> dict[str, Any]:
    role = walk.role
    result: dict[str, Any] = {
        "flow": walk.flow.id,
        "status": "outcome" if walk.done else "needs_answer",
        "facts": dict(sorted({**given, **walk.facts}.items())),
        "path": [
            {"node": s.node, "fact": s.fact, "value": s.value, "label": s.label, "auto": s.auto}
            for s in walk.path
        ],
    }
    question = walk.question
    if question is not None:
        result["question"] = {
            "node": walk.current,
            "fact": question.fact,
            "text": strip_markdown(text_for(question.text, role)),
            "why": strip_markdown(text_for(question.why, role)),
            "options": [
                {"value": o.value, "label": walk.option_label(question, o.value)} for o in question.options
            ],
        }
        return result
    view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True)
    result["outcome"] = {
        "node": view.node,
        "urgency": view.urgency,
        "status": view.status,
        "title": view.title,
        "text": view.text,
        "actions": [{"text": a} for a in view.actions],
        "dont": [{"text": d} for d in view.dont],
        "referrals": [
            {
                "unit": r.unit,
                "name": r.name,
                "phone": r.phone,
                "open_now": r.open_now,
                "fallback": r.fallback,
                "verified": r.verified,
            }
            for r in view.referrals
        ],
        "routines": [{"ref": s.ref, "title": s.title} for s in view.routines],
        "legal": [{"id": s.ref, "citation": s.title, "verified": s.verified} for s in view.legal],
    }
    return result


def run(args: argparse.Namespace) -> int:
    pack = load(args)
    if pack is None:
        return 1
    if args.flow not in pack.flows:
        raise UsageError(f"okänd guide {args.flow!r}; guider: {', '.join(sorted(pack.flows))}")
    given = parse_facts(pack, args.fact)
    now = when(args)
    try:
        walk = Walk(pack, args.flow, given)
    except WalkError as exc:
        print(f"vinrguide: {exc}. Kör 'vinrguide check'.", file=sys.stderr)
        return 1
    if wants_json(args):
        print(json.dumps(walk_json(pack, walk, now, given), ensure_ascii=False, indent=2))
        return 0
    if sys.stdin.isatty():
        return interactive(pack, walk, now)
    question = walk.question
    if question is not None:
        values = "|".join(o.value for o in question.options)
        raise UsageError(
            f"svar saknas på frågan {walk.current} ({text_for(question.text, walk.role)}): ange --fact {question.fact}={values}"
        )
    print(
        outcome_text(resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True), pack, now),
        end="",
    )
    return 0


def acute_help(pack: ContentPack, now: dt.datetime) -> str:
    """Acute help in plain lines, at any question (the app's F2): 112, social services after hours, national lines."""
    from vinrguide.hours import open_status

    lines = ["AKUT HJÄLP", ACUTE_LINE]
    for unit_id in ACUTE_UNITS:
        unit = pack.units.get(unit_id)
        if unit is None:
            continue
        phone = unit.phones[0] if unit.phones else None
        number = f": {phone.number}" + (f" ({phone.label})" if phone.label else "") if phone else ""
        is_open = open_status(unit, now).open_now
        state = ", öppet nu" if is_open is True else ", stängt nu" if is_open is False else ""
        lines.append(f"- {unit.name}{number}{state}")
    return "\n".join(lines) + "\n"


def interactive(pack: ContentPack, walk: Walk, now: dt.datetime) -> int:
    """Numbered menus on plain lines: works with screen readers and any terminal."""
    print(
        f"{walk.flow.title}\n{ACUTE_LINE}\n"
        "Skriv siffran för ditt svar. ? = varför frågar vi, b = tillbaka, a = akut hjälp, q = avsluta.\n"
    )
    while not walk.done:
        question = walk.question
        assert question is not None
        print(strip_markdown(text_for(question.text, walk.role)))
        for number, option in enumerate(question.options, 1):
            marker = " (ditt tidigare svar)" if walk.remembered == option.value else ""
            print(f"  {number}. {walk.option_label(question, option.value)}{marker}")
        try:
            choice = input("> ").strip().lower()
        except EOFError:
            print()
            return 0
        if choice in ("q", "avsluta"):
            return 0
        if choice in ("a", "akut"):
            print(acute_help(pack, now))
        elif choice == "?":
            print(f"Varför frågar vi? {strip_markdown(text_for(question.why, walk.role))}\n")
        elif choice in ("b", "tillbaka"):
            if not walk.back():
                print("Du är redan vid första frågan.\n")
        elif choice.isdigit() and 1 <= int(choice) <= len(question.options):
            walk.answer(question.options[int(choice) - 1].value)
            print()
        else:
            print(f"Skriv en siffra från 1 till {len(question.options)}, ?, b, a eller q.\n")
    print(
        outcome_text(resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True), pack, now)
    )
    return 0
