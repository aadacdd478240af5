"""The state of one walk as it travels in a form: the guide, the role, facts confirmed from text, the answers.

There is no session: every step is a POST carrying these fields (hidden inputs), and the page is a pure function of
them. The fields, all optional except `guide`:

    guide        the flow id
    roll         the user's role (given: the guide never asks it)
    k.FACT       a fact read from the user's text and confirmed by the user (given; shown as "ur din text")
    s.FACT       an answer the user gave; answers off the current path are kept (Back and Ändra keep later answers)
    vid          the question being reviewed (after Back or Ändra); absent = the end of the path
    ovning       the practice case being walked (an index into the pack's scenarios)

Every name and value is checked against the pack: an unknown flow, fact or value, a field twice, an unknown field, or
`k.akut` (akut is always asked) is a FormError with the HTTP status to answer with. Nothing here logs anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from vinrguide.content.pack import ContentPack
from vinrguide.engine import ROLE_FACT, Walk, WalkError, may_be_given, start_walk

MAX_FIELDS = 80
MAX_VALUE = 100
"""Longest value of any state field (ids are at most 80 characters)."""

STATE_FIELDS = ("guide", "roll", "vid", "ovning")
GIVEN_PREFIX = "k."
ANSWER_PREFIX = "s."


class FormError(Exception):
    """The form cannot be used: `status` is the HTTP status, the message is plain Swedish for the error page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class WalkState:
    guide: str
    role: str | None = None
    given: Mapping[str, str] = field(default_factory=dict)
    answers: Mapping[str, str] = field(default_factory=dict)
    review: str | None = None
    practice: int | None = None

    def hidden_fields(self) -> list[tuple[str, str]]:
        """The state as (name, value) pairs for hidden inputs, in a stable order."""
        pairs = [("guide", self.guide)]
        if self.role:
            pairs.append(("roll", self.role))
        pairs += [(GIVEN_PREFIX + k, v) for k, v in sorted(self.given.items())]
        pairs += [(ANSWER_PREFIX + k, v) for k, v in sorted(self.answers.items())]
        if self.review:
            pairs.append(("vid", self.review))
        if self.practice is not None:
            pairs.append(("ovning", str(self.practice)))
        return pairs

    def with_answer(self, fact: str, value: str) -> WalkState:
        return replace(self, answers={**self.answers, fact: value})

    def at(self, node: str | None) -> WalkState:
        return replace(self, review=node)

    def restarted(self) -> WalkState:
        """The same guide and role, nothing answered (facts from text go too: Börja om means from the start)."""
        return WalkState(guide=self.guide, role=self.role, practice=self.practice)

    def walk(self, pack: ContentPack) -> Walk:
        """The engine's walk for this state, at the reviewed question or at the end of the path."""
        try:
            # the answers on the path, in the order the guide asks them; answers off the path wait in the state
            walk = start_walk(pack, self.guide, self.given, self.role, self.answers)
        except KeyError:
            raise FormError(404, "Guiden finns inte.") from None
        except ValueError:
            raise FormError(400, "Ett svar i formuläret passar inte frågan.") from None
        except WalkError:
            raise FormError(500, "Guiden kan inte användas just nu (fel i innehållet).") from None
        if self.review is not None and not walk.go_to(self.review):
            raise FormError(400, "Frågan du ville gå tillbaka till finns inte på vägen genom guiden.")
        return walk


def _one(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise FormError(400, "Formuläret innehåller samma uppgift två gånger.")
    return values[0]


def _check_fact(pack: ContentPack, fact: str, value: str) -> None:
    known = pack.facts.get(fact)
    if known is None:
        raise FormError(400, "Formuläret innehåller en uppgift som guiden inte känner till.")
    if value not in known.value_ids():
        raise FormError(400, f"Formuläret innehåller ett okänt svar om {known.label.lower()}.")


def group(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields by name, in order (a name may occur more than once: the caller decides whether it may)."""
    grouped: dict[str, list[str]] = {}
    for count, (name, value) in enumerate(pairs, 1):
        if count > MAX_FIELDS:
            raise FormError(413, "Formuläret är för stort.")
        grouped.setdefault(name, []).append(value)
    return grouped


ROLE_NOT_GIVEN = (
    "Formuläret skickar din verksamhet som en uppgift ur texten. Verksamheten väljs för sig under "
    "”Var arbetar du?” på startsidan."
)
UNKNOWN_ROLE = (
    "Verksamheten i formuläret finns inte bland valen under ”Var arbetar du?”. Välj den på startsidan."
)
ACUTE_NOT_GIVEN = "Akut fara frågas alltid i guiden; den kan inte fyllas i i förväg."


def check_may_be_given(fact: str) -> None:
    """A fact a form may not carry as given (`k.FACT`) is refused with what is wrong with it: akut is always asked,
    the role is its own field."""
    if fact == ROLE_FACT:
        raise FormError(400, ROLE_NOT_GIVEN)
    if not may_be_given(fact):
        raise FormError(400, ACUTE_NOT_GIVEN)


def parse_role(pack: ContentPack, form: Mapping[str, list[str]]) -> str | None:
    role = _one(form, ROLE_FACT) or None
    known = pack.facts.get(ROLE_FACT)
    if role is not None and (known is None or role not in known.value_ids()):
        raise FormError(400, UNKNOWN_ROLE)
    return role


def parse_state(pack: ContentPack, form: Mapping[str, list[str]], allowed: Iterable[str] = ()) -> WalkState:
    """The walk state from a form; fields named in `allowed` (the page's own controls) may be present too."""
    extra = set(allowed)
    for name, values in form.items():
        if any(len(v) > MAX_VALUE for v in values) and name not in extra:
            raise FormError(413, "Formuläret är för stort.")
        if name in STATE_FIELDS or name in extra:
            continue
        if not name.startswith((GIVEN_PREFIX, ANSWER_PREFIX)):
            raise FormError(400, "Formuläret innehåller en okänd uppgift.")
    guide = _one(form, "guide")
    if not guide:
        raise FormError(400, "Formuläret säger inte vilken guide det gäller.")
    if guide not in pack.flows:
        raise FormError(404, "Guiden finns inte.")
    role = parse_role(pack, form)
    given: dict[str, str] = {}
    answers: dict[str, str] = {}
    for name in form:
        for prefix, into in ((GIVEN_PREFIX, given), (ANSWER_PREFIX, answers)):
            if name.startswith(prefix):
                fact = name.removeprefix(prefix)
                value = _one(form, name) or ""
                if prefix == GIVEN_PREFIX:
                    check_may_be_given(fact)
                _check_fact(pack, fact, value)
                into[fact] = value
    if ROLE_FACT in answers:
        raise FormError(400, "Formuläret innehåller en okänd uppgift.")
    practice_text = _one(form, "ovning")
    practice: int | None = None
    if practice_text is not None:
        if not practice_text.isdigit() or int(practice_text) >= len(pack.scenarios):
            raise FormError(404, "Övningsfallet finns inte.")
        practice = int(practice_text)
    review = _one(form, "vid") or None
    if review is not None and review not in pack.flows[guide].nodes:
        raise FormError(400, "Frågan du ville gå tillbaka till finns inte i guiden.")
    return WalkState(guide, role, given, answers, review, practice)
