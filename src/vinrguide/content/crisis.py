"""Short enough to read in a crisis (VG501–VG503): what the first five items of an outcome must give.

Every surface shows the first five actions and the first five don'ts and folds the rest under "Visa fler"
(FIRST_ITEMS below, re-exported by advice.py). Read as each role reads them, in office hours and outside them
(items with `when` move first), the first five actions must name someone to contact and contain at least one
instruction that starts with what to do; on an honour or travel path the first five don'ts must say something about the family or the
person who uses violence. Outcomes without any actions are not warned about (nothing is folded away).
"""

from __future__ import annotations

import re

from vinrguide.content import diagnostics as d
from vinrguide.content.models import OutcomeNode, When
from vinrguide.content.outcome_text import PERIODS, OutcomeWords, clauses, fold
from vinrguide.content.safety import FAMILY, SafetyRules

FIRST_ITEMS = 5
"""Actions and don'ts shown first; the rest are folded under "Visa fler" (the JSON keeps them all, marked). Defined
here, in the content layer, so that this check and every surface (through advice.FIRST_ITEMS) count the same."""

_CONTACT = re.compile(
    r"\b(?:ring\w*|kontakta\w*|ta\w* kontakt|anmal\w*|orosanmal\w*|radgor\w*|radfraga\w*|vand dig till"
    r"|hor av dig|mejla\w*|larma\w*|soka\w* upp|lamna\w* (?:en |in )?(?:oros)?anmalan|112)\b|\{tel:"
)
IMPERATIVES = frozenset(
    [
        "agera",
        "anmal",
        "anvand",
        "avbryt",
        "be",
        "beratta",
        "bestam",
        "boka",
        "dokumentera",
        "erbjud",
        "folj",
        "forklara",
        "fraga",
        "ge",
        "gor",
        "hall",
        "halla",
        "hamta",
        "hjalp",
        "informera",
        "ingrip",
        "kolla",
        "kom",
        "kontakta",
        "kontrollera",
        "lat",
        "larma",
        "las",
        "lyssna",
        "lamna",
        "mejla",
        "meddela",
        "motivera",
        "notera",
        "ordna",
        "planera",
        "prata",
        "radgor",
        "ring",
        "saga",
        "sag",
        "samla",
        "se",
        "skicka",
        "skriv",
        "spara",
        "stanna",
        "stod",
        "sok",
        "ta",
        "tala",
        "tank",
        "uppmana",
        "var",
        "vand",
        "visa",
        "oka",
    ]
)
"""Folded Swedish imperatives an instruction starts with ("Ring 112", "Gör en orosanmälan", "Skriv ner …")."""
_FAMILY_OR_ABUSER = re.compile(
    rf"\b{FAMILY}|\b(?:den som utovar|forovaren|den misstankt\w*|den du misstanker|konfrontera)"
)


def is_contact_step(text: str) -> bool:
    return bool(_CONTACT.search(fold(text)))


def is_instruction(text: str) -> bool:
    """Some clause (or part of one after a comma: "Brådskar det, ring först") starts with an imperative."""
    for _written, clause in clauses(text):
        for part in clause.split(","):
            words = part.split()
            if words and words[0] in IMPERATIVES:
                return True
    return False


_PERIOD_WORDS = {None: "", "kontorstid": "på kontorstid", "efter-kontorstid": "utanför kontorstid"}


def _context(role: str | None, period: When | None) -> str:
    """ " för bostad, utanför kontorstid": whose view, and when, shows the problem ("" for everyone, always)."""
    parts = [f"för {role}" if role else "", _PERIOD_WORDS[period]]
    said = ", ".join(p for p in parts if p)
    return f" {said}" if said else ""


def _seen(texts: list[str]) -> str:
    return "; ".join(t[:40].rstrip() + ("…" if len(t) > 40 else "") for t in texts[:FIRST_ITEMS])


def check_crisis(rules: SafetyRules) -> None:
    periods: tuple[When | None, ...] = PERIODS if rules.pack.info.office_hours else (None,)
    for node_id, node in rules.outcomes():
        _first_actions(rules, node_id, node, periods)
        if rules.honour_path(node_id):
            _first_donts(rules, node_id, periods)


def _first_actions(
    rules: SafetyRules, node_id: str, node: OutcomeNode, periods: tuple[When | None, ...]
) -> None:
    if not node.actions:
        return
    warned: set[str] = set()
    for role in rules.roles:
        words: OutcomeWords = rules.words(node_id, role)
        for period in periods:
            first = words.action_texts(period)[:FIRST_ITEMS]
            if not first:
                continue
            for diagnostic, enough in (
                (d.FIRST_WITHOUT_CONTACT, is_contact_step),
                (d.FIRST_WITHOUT_ACTION, is_instruction),
            ):
                if diagnostic.code not in warned and not any(enough(t) for t in first):
                    warned.add(
                        diagnostic.code
                    )  # each warning once per outcome, for the first role/time it holds
                    rules.add(
                        diagnostic,
                        "nodes",
                        node_id,
                        "actions",
                        seen=_seen(first),
                        context=_context(role, period),
                    )


def _first_donts(rules: SafetyRules, node_id: str, periods: tuple[When | None, ...]) -> None:
    for role in rules.roles:
        for period in periods:
            donts = rules.words(node_id, role).dont_texts(period)
            if len(donts) <= FIRST_ITEMS:
                continue  # all shown; VG404 asks for the family don't itself
            first = donts[:FIRST_ITEMS]
            if not any(_FAMILY_OR_ABUSER.search(fold(t)) for t in first):
                rules.add(
                    d.FIRST_DONTS_WITHOUT_FAMILY,
                    "nodes",
                    node_id,
                    "dont",
                    seen=_seen(first),
                    context=_context(role, period),
                )
                return
