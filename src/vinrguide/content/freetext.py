"""routines/fritext.toml: the phrases from which facts are read in a free-text description (models and cross-checks).

The file is loaded by ContentPack like every other file (`pack.free_text`); matching the phrases against a user's
text is `vinrguide.facts_from_text`'s job. A rule that names an undeclared fact, value or guide, or that would set
`akut` to anything but "ja", is reported with its line and left out; the other rules still work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints, model_validator

from vinrguide.content import diagnostics as d
from vinrguide.content.diagnostics import Diagnostic
from vinrguide.content.errors import ContentError
from vinrguide.content.models import Id, Model

if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack

FREE_TEXT_FILE = "routines/fritext.toml"
AGE = "{ålder}"
CLASS_REF = re.compile(r"\{([^{}\s]+)\}")  # "{partner}" in a phrase: one word of the class [words].partner


def class_name(name: str) -> str:
    """A class name as phrases refer to it: "{Partner}" is "partner" (written as in [words])."""
    return name.strip("{}").strip().lower()


Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class FactPattern(Model):
    fact: Id
    value: Id
    phrases: tuple[Phrase, ...] = Field(min_length=1)
    when: tuple[Phrase, ...] = ()
    """The value holds only if one of these is in the text too."""
    unless: tuple[Phrase, ...] = ()
    """The value does not hold if one of these is in the text, negated or not ("åka hem" is no trip abroad)."""
    ages: tuple[int, int] | None = None
    """For phrases with {ålder}: the lowest and highest age that give the value."""

    @model_validator(mode="after")
    def _ages(self) -> FactPattern:
        with_age = [p for p in self.phrases if AGE in p]
        if with_age and self.ages is None:
            raise ValueError(f"fraser med {AGE} behöver ages = [lägsta, högsta]")
        if self.ages is not None and (self.ages[0] > self.ages[1] or self.ages[0] < 0):
            raise ValueError("ages ska vara [lägsta, högsta] med lägsta ≤ högsta")
        return self


class GuideHint(Model):
    flow: Id
    phrases: tuple[Phrase, ...] = Field(min_length=1)


class FreeTextFile(Model):
    negations: tuple[Phrase, ...] = ()
    words: dict[str, tuple[Phrase, ...]] = Field(default_factory=dict)
    """Classes of words by name: a phrase's "{namn}" stands for any one of them ("slår sin {partner}")."""
    pattern: tuple[FactPattern, ...] = ()
    guide: tuple[GuideHint, ...] = ()


def rule_problems(pack: ContentPack, rules: FreeTextFile) -> Iterator[tuple[str, int, ContentError]]:
    """("pattern" or "guide", index, the problem) for every rule that does not fit the pack."""

    def error(kind: Diagnostic, message: str, *loc: str | int) -> ContentError:
        path = f"{loc[0]}[{loc[1]}]" + "".join(f".{p}" for p in loc[2:])
        return kind.error(FREE_TEXT_FILE, pack.line_in(FREE_TEXT_FILE, *loc), path, reason=message)

    for i, pattern in enumerate(rules.pattern):
        fact = pack.facts.get(pattern.fact)
        if pattern.fact == "akut" and pattern.value != "ja":
            message = f'fritext får bara sätta akut = "ja", aldrig "{pattern.value}": om någon är i fara frågar guiden alltid själv'
            yield "pattern", i, error(d.FREE_TEXT_AKUT, message, "pattern", i, "value")
        elif fact is None:
            if not pack.follows_from_broken("fact", pattern.fact):
                message = f"faktumet '{pattern.fact}' finns inte i flows/facts.toml"
                yield "pattern", i, error(d.FREE_TEXT_UNDECLARED, message, "pattern", i, "fact")
        elif pattern.value not in fact.value_ids():
            values = ", ".join(fact.value_ids())
            message = f"'{pattern.value}' är inget värde för {pattern.fact}; värden: {values}"
            yield "pattern", i, error(d.FREE_TEXT_UNDECLARED, message, "pattern", i, "value")
    known = {class_name(name) for name in rules.words} | {class_name(AGE)}
    for i, pattern in enumerate(rules.pattern):
        tables = [("phrases", p) for p in pattern.phrases] + [("when", p) for p in pattern.when]
        for table, phrase in tables + [("unless", p) for p in pattern.unless]:
            for name in CLASS_REF.findall(phrase):
                if class_name(name) not in known:
                    message = f"ordklassen {{{name}}} finns inte under [words] i fritext.toml"
                    yield "pattern", i, error(d.FREE_TEXT_UNDECLARED, message, "pattern", i, table)
                    break
    for i, hint in enumerate(rules.guide):
        if hint.flow not in pack.flows and not pack.follows_from_broken("flow", hint.flow):
            message = f"guiden '{hint.flow}' finns inte i flows/"
            yield "guide", i, error(d.FREE_TEXT_UNDECLARED, message, "guide", i, "flow")


def fitting_rules(pack: ContentPack, rules: FreeTextFile) -> FreeTextFile:
    """The rules, with every one that does not fit the pack reported in pack.errors and left out."""
    bad: dict[str, set[int]] = {"pattern": set(), "guide": set()}
    for table, index, problem in rule_problems(pack, rules):
        pack.errors.append(problem)
        bad[table].add(index)
    if not bad["pattern"] and not bad["guide"]:
        return rules
    return rules.model_copy(
        update={
            "pattern": tuple(p for i, p in enumerate(rules.pattern) if i not in bad["pattern"]),
            "guide": tuple(g for i, g in enumerate(rules.guide) if i not in bad["guide"]),
        }
    )
