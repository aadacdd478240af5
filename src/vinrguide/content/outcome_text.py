"""An outcome's words as one role sees them, and the folding the content rules match them in.

The safety rules of `check` (safety.py, crisis.py) read an outcome the way a user of each role reads it: role
variants chosen, actions and don'ts limited by `roll`, items tied to office hours put first as the advice layer
does. Matching is on folded text (lower case, å/ä/ö → a/a/o, runs of space as one), so "Kontakta INTE
Vårdnadshavarna" and "kontakta inte vardnadshavarna" read the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vinrguide.content.anchors import fold_ascii
from vinrguide.content.models import Action, OutcomeNode, When, as_action, text_for

Role = str | None
"""A value of `roll`, or None: no role chosen (every item shown)."""

PERIODS: tuple[When | None, ...] = (None, "kontorstid", "efter-kontorstid")
"""None: the file's order (a pack without office hours); else the order the advice layer gives in that period."""

_CLAUSE_END = re.compile(r"[.!?;:\n–—]+|\s-\s")
_SENTENCE_END = re.compile(r"(?<!\bkap)(?<!\bt\.ex)[.!?;\n]+(?=\s|$)")


def fold(text: str) -> str:
    """Lower case, without diacritics, one space between words: what the rules match against."""
    return " ".join(fold_ascii(text.casefold()).split())


def clauses(text: str) -> list[tuple[str, str]]:
    """The clauses of a text (split at . ! ? ; : and dashes), each as written and folded."""
    return [(part.strip(), folded) for part in _CLAUSE_END.split(text) if (folded := fold(part))]


def sentences(text: str) -> list[tuple[str, str]]:
    """The sentences of a text ("10 kap." and "t.ex." do not end one), each as written and folded."""
    return [(part.strip(), folded) for part in _SENTENCE_END.split(text) if (folded := fold(part))]


@dataclass(frozen=True)
class OutcomeWords:
    """An outcome as one role reads it."""

    role: Role
    title: str
    text: str
    actions: tuple[Action, ...]
    dont: tuple[Action, ...]
    notes: tuple[str, ...]

    def action_texts(self, period: When | None = None) -> list[str]:
        return [text_for(a.text, self.role) for a in in_order(self.actions, period)]

    def dont_texts(self, period: When | None = None) -> list[str]:
        return [text_for(a.text, self.role) for a in in_order(self.dont, period)]

    def advice(self) -> list[str]:
        """Everything the outcome tells the user to do: all but the don'ts."""
        return [self.title, self.text, *self.action_texts(), *self.notes]

    def everything(self) -> list[str]:
        return [*self.advice(), *self.dont_texts()]


def words_for(node: OutcomeNode, role: Role) -> OutcomeWords:
    def applying(items: tuple[object, ...]) -> tuple[Action, ...]:
        actions = (as_action(item) for item in items)  # type: ignore[arg-type]
        return tuple(a for a in actions if a.applies_to(role))

    return OutcomeWords(
        role=role,
        title=text_for(node.title, role),
        text=text_for(node.text, role),
        actions=applying(node.actions),
        dont=applying(node.dont),
        notes=tuple(text_for(r.note, role) for r in node.referrals if r.note is not None),
    )


def in_order(items: tuple[Action, ...], period: When | None) -> list[Action]:
    """The items in the order shown in `period`: those tied to it first, the rest in the file's order."""
    if period is None:
        return list(items)
    return [a for a in items if a.when == period] + [a for a in items if a.when != period]
