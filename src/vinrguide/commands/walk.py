"""`vinrguide walk [FLOW] --fact K=V … [--now T] [--json]`.

--json prints one object (design.md). Without it, on a terminal, an interactive numbered-menu dialogue (plain mode,
for screen-reader users and plain terminals): the draft notice first, the role, then the questions, and after the
outcome "b ändra svar · s spara · q avsluta"; with no guide named it lists the guides as a numbered menu. With no
terminal on stdin it never waits: it prints the outcome or exits 2 naming the missing fact.
Everything shown comes from advice.py; this module only formats it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from vinrguide.advice import FIRST_ITEMS, OutcomeView, acute_contacts, question_view, resolve_outcome
from vinrguide.commands.common import UsageError, add_command, load, wants_json, when
from vinrguide.content.pack import ContentPack
from vinrguide.engine import Walk, WalkError, ordered_flows
from vinrguide.show import outcome_text

ACUTE_LINE = "Akut fara? Ring 112."
ROLE_FACT = "roll"
HELP_LINE = "Skriv siffran för ditt svar. ? = varför frågar vi, b = tillbaka, a = akut hjälp, q = avsluta."
AFTER_OUTCOME = "b ändra svar · s spara · q avsluta"


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "walk", "gå igenom en guide (interaktivt, eller med --fact och --json)")
    parser.add_argument("flow", nargs="?", help="guidens id, t.ex. misstanke (utan: välj i en lista)")
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
    result: dict[str, Any] = {
        "flow": walk.flow.id,
        "status": "outcome" if walk.done else "needs_answer",
        "facts": dict(sorted({**given, **walk.facts}.items())),
        "path": [
            {"node": s.node, "fact": s.fact, "value": s.value, "label": s.label, "auto": s.auto}
            for s in walk.path
        ],
    }
    question = question_view(pack, walk)
    if question is not None:
        result["question"] = {
            "node": question.node,
            "fact": question.fact,
            "text": question.text,
            "why": question.why,
            "options": [{"value": value, "label": label} for value, label in question.options],
        }
        return result
    view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True)
    result["outcome"] = {
        "node": view.node,
        "urgency": view.urgency,
        "status": view.status,
        "title": view.title,
        "text": view.text,
        "actions": [{"text": a, "more": i >= FIRST_ITEMS} for i, a in enumerate(view.actions)],
        "dont": [{"text": d, "more": i >= FIRST_ITEMS} for i, d in enumerate(view.dont)],
        "referrals": [
            {
                "unit": r.unit,
                "name": r.name,
                "phone": r.phone,
                "web": r.web,
                "note": r.note or None,
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
    interactive = not wants_json(args) and sys.stdin.isatty()
    given = parse_facts(pack, args.fact)
    now = when(args)
    flow_id = args.flow
    if flow_id is None:
        if not interactive:
            raise UsageError(f"ange en guide; guider: {', '.join(sorted(pack.flows))}")
        flow_id = choose_flow(pack, now)
        if flow_id is None:
            return 0
    if flow_id not in pack.flows:
        raise UsageError(f"okänd guide {flow_id!r}; guider: {', '.join(sorted(pack.flows))}")
    try:
        walk = Walk(pack, flow_id, given)
    except WalkError as exc:
        print(f"vinrguide: {exc}. Kör 'vinrguide check'.", file=sys.stderr)
        return 1
    if wants_json(args):
        print(json.dumps(walk_json(pack, walk, now, given), ensure_ascii=False, indent=2))
        return 0
    if interactive:
        return dialogue(pack, walk, now, notice_shown=args.flow is None)
    question = question_view(pack, walk)
    if question is not None:
        values = "|".join(value for value, _label in question.options)
        raise UsageError(
            f"svar saknas på frågan {question.node} ({question.text}): ange --fact {question.fact}={values}"
        )
    print(outcome_text(resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True)), end="")
    return 0


# ---------------------------------------------------------------- plain mode


def _ask() -> str | None:
    """One line from the user, lower case; None at end of input."""
    try:
        return input("> ").strip().lower()
    except EOFError:
        print()
        return None


def _menu(options: list[str], marked: str | None = None) -> None:
    for number, label in enumerate(options, 1):
        print(f"  {number}. {label}" + (" (ditt tidigare svar)" if label == marked else ""))


def _choice(answer: str, count: int) -> int | None:
    """The 0-based option a typed number stands for, or None."""
    return int(answer) - 1 if answer.isdigit() and 1 <= int(answer) <= count else None


def acute_help(pack: ContentPack, now: dt.datetime) -> str:
    """Acute help in plain lines, at any question (the app's F2): 112 and the units marked acute_help."""
    lines = ["AKUT HJÄLP", ACUTE_LINE]
    for view in acute_contacts(pack, now):
        number = (
            f": {view.phone}" + (f" ({view.phone_label})" if view.phone_label else "") if view.phone else ""
        )
        lines.append(f"- {view.name}{number}, {view.status_line.lower()}")
    return "\n".join(lines) + "\n"


def choose_flow(pack: ContentPack, now: dt.datetime) -> str | None:
    """The guides as a numbered menu (by measure, then title); None when the user quits."""
    flows = ordered_flows(pack)
    if any(f.status == "utkast" for f in flows):
        print(f"[{pack.draft_notice}]")
    print(f"{ACUTE_LINE}\nVälj guide (skriv siffran, q = avsluta):")
    _menu([f.title for f in flows])
    while True:
        answer = _ask()
        if answer is None or answer in ("q", "avsluta"):
            return None
        if answer in ("a", "akut"):
            print(acute_help(pack, now))
            continue
        index = _choice(answer, len(flows))
        if index is not None:
            print()
            return flows[index].id
        print(f"Skriv en siffra från 1 till {len(flows)}, a eller q.")


def _ask_role(pack: ContentPack, walk: Walk, now: dt.datetime) -> bool:
    """Ask where the user works, first (it decides whether the duty to report applies). False: the user quit."""
    fact = pack.facts.get(ROLE_FACT)
    if fact is None or ROLE_FACT in walk.facts:
        return True
    print(f"Var arbetar du? ({fact.label.lower()})")
    _menu([v.label for v in fact.values])
    while True:
        answer = _ask()
        if answer is None or answer in ("q", "avsluta"):
            return False
        if answer in ("a", "akut"):
            print(acute_help(pack, now))
            continue
        index = _choice(answer, len(fact.values))
        if index is not None:
            walk.given[ROLE_FACT] = fact.values[index].value
            walk.restart()
            print()
            return True
        print(f"Skriv en siffra från 1 till {len(fact.values)}, a eller q.")


def dialogue(pack: ContentPack, walk: Walk, now: dt.datetime, notice_shown: bool = False) -> int:
    """Numbered menus on plain lines: works with screen readers and any terminal."""
    if walk.flow.status == "utkast" and not notice_shown:
        print(f"[{pack.draft_notice}]")
    print(f"{walk.flow.title}\n{ACUTE_LINE}\n{HELP_LINE}\n")
    if not _ask_role(pack, walk, now):
        return 0
    while True:
        if not _questions(pack, walk, now):
            return 0
        view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True)
        print(outcome_text(view, folded=True))
        while True:
            more = (
                f"m visa fler ({len(view.more_actions) + len(view.more_dont)}) · " if _has_more(view) else ""
            )
            print(f"{more}{AFTER_OUTCOME} · a akut hjälp")
            answer = _ask()
            if answer is None or answer in ("q", "avsluta"):
                return 0
            if answer == "m":
                print(outcome_text(view))
            elif answer in ("a", "akut"):
                print(acute_help(pack, now))
            elif answer == "s":
                print(f"Sparat: {save_summary(pack, walk, now)}\n")
            elif answer in ("b", "tillbaka"):
                walk.back()
                print()
                break
            else:
                print("Skriv b, s, q" + (", m" if more else "") + " eller a.")


def _has_more(view: OutcomeView) -> bool:
    return bool(view.more_actions or view.more_dont)


def _questions(pack: ContentPack, walk: Walk, now: dt.datetime) -> bool:
    """Ask until the walk reaches its outcome; False when the user quits."""
    while not walk.done:
        question = question_view(pack, walk)
        assert question is not None
        print(question.text)
        remembered = dict(question.options).get(question.remembered or "")
        _menu([label for _value, label in question.options], remembered)
        answer = _ask()
        if answer is None or answer in ("q", "avsluta"):
            return False
        index = _choice(answer, len(question.options))
        if answer in ("a", "akut"):
            print(acute_help(pack, now))
        elif answer == "?":
            print(f"Varför frågar vi? {question.why}\n")
        elif answer in ("b", "tillbaka"):
            if not walk.back():
                print("Du är redan vid första frågan.\n")
        elif index is not None:
            walk.answer(question.options[index][0])
            print()
        else:
            print(f"Skriv en siffra från 1 till {len(question.options)}, ?, b, a eller q.\n")
    return True


def save_summary(pack: ContentPack, walk: Walk, now: dt.datetime) -> Path:
    """The export (no personal data: only the path and the advice) in the current folder, never overwriting."""
    from vinrguide.summary import summary_filename, summary_markdown

    view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, now)
    target = Path.cwd() / summary_filename(now)
    number = 2
    while target.exists():
        target = target.with_name(f"{summary_filename(now).removesuffix('.md')}-{number}.md")
        number += 1
    target.write_text(summary_markdown(pack, walk, view, now), encoding="utf-8")
    return target
