"""Running scenario cases: facts in, the expected outcome out. A failure says why in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vinrguide.advice import resolve_outcome
from vinrguide.content.models import OutcomeNode, QuestionNode, Scenario, text_for
from vinrguide.content.pack import ContentPack
from vinrguide.engine import Walk, WalkError
from vinrguide.hours import parse_now

# When a scenario names no time: a fixed ordinary weekday at 10:00 (Wednesday 18 March 2026), never the wall clock.
DEFAULT_NOW = "2026-03-18T10:00"


@dataclass(frozen=True)
class ScenarioResult:
    file: str
    scenario: Scenario
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def scenario_time(scenario: Scenario) -> dt.datetime:
    return parse_now(scenario.now or DEFAULT_NOW)


def run_scenario(pack: ContentPack, scenario: Scenario) -> list[str]:
    if scenario.flow not in pack.flows:
        return [f"guiden '{scenario.flow}' finns inte"]
    try:
        now = scenario_time(scenario)
        walk = Walk(pack, scenario.flow, scenario.facts)
    except (ValueError, WalkError) as exc:
        return [str(exc)]
    question = walk.question
    if question is not None:
        return [
            f"stannade vid frågan {walk.current} (faktum {question.fact}): lägg till {question.fact} i facts"
        ]
    expect = scenario.expect
    view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, now, plain=True)
    problems = []
    if expect.outcome and view.node != expect.outcome:
        problems.append(f"kom till utfallet {view.node}, väntat {expect.outcome}")
    if expect.urgency and view.urgency != expect.urgency:
        problems.append(f"brådska {view.urgency}, väntat {expect.urgency}")
    referred = {r.unit: r for r in view.referrals}
    problems += [f"ingen hänvisning till {unit}" for unit in expect.referrals if unit not in referred]
    problems += [
        f"hänvisar till {unit}, som inte ska vara med" for unit in expect.not_referrals if unit in referred
    ]
    everything = view.searchable_text().casefold()
    problems += [f"nämner inte '{word}'" for word in expect.mentions if word.casefold() not in everything]
    said = "\n".join([view.title, view.text, *view.actions]).casefold()
    problems += [
        f"nämner '{word}', vilket inte får stå där" for word in expect.not_mentions if word.casefold() in said
    ]
    for unit, expected_open in expect.open.items():
        if unit not in referred:
            problems.append(f"öppet-kontroll: ingen hänvisning till {unit}")
        elif referred[unit].open_now != expected_open:
            problems.append(
                f"{unit} öppet nu = {_word(referred[unit].open_now)}, väntat {_word(expected_open)}"
            )
    for unit, expected_fallback in expect.fallbacks.items():
        if unit not in referred:
            problems.append(f"reserv-kontroll: ingen hänvisning till {unit}")
        elif referred[unit].fallback != expected_fallback:
            problems.append(f"{unit} har reserven {referred[unit].fallback}, väntat {expected_fallback}")
    return problems


def _word(value: bool | None) -> str:
    return {True: "ja", False: "nej", None: "okänt"}[value]


def run_all(pack: ContentPack, scenarios: list[tuple[str, Scenario]]) -> list[ScenarioResult]:
    return [ScenarioResult(file, s, tuple(run_scenario(pack, s))) for file, s in scenarios]


@dataclass(frozen=True)
class PracticeGrade:
    """A practice walk compared with its case (coach mode): every surface formats this, none grades itself."""

    wanted: str | None
    """The case's outcome node (its `expect.outcome`, else where its facts lead), or None when it has none."""
    wanted_title: str
    reached: bool
    """The user reached the case's outcome."""
    differences: tuple[tuple[str, str], ...]
    """(the user's answer, the case's answer) for each question answered differently, as labels."""
    urgency: tuple[str, str] | None
    """(the case's urgency, the user's) when they differ."""
    error: str | None = None
    """Why the case could not be graded (its facts do not fit the flow)."""


def grade_practice(pack: ContentPack, scenario: Scenario, walk: Walk, urgency: str | None) -> PracticeGrade:
    """Compare the user's walk (at its outcome, of `urgency`) with the practice case `scenario`."""
    try:
        expected = Walk(pack, scenario.flow, scenario.facts)
    except (KeyError, ValueError, WalkError):
        return PracticeGrade(None, "", False, (), None, "Övningsfallets facit kunde inte räknas fram.")
    wanted = scenario.expect.outcome or (expected.current if expected.done else None)
    if wanted is None:
        return PracticeGrade(None, "", False, (), None)
    node = walk.flow.nodes.get(wanted)
    title = text_for(node.title, walk.role) if isinstance(node, OutcomeNode) else wanted
    differences = []
    for step in walk.path:
        case_value = scenario.facts.get(step.fact)
        question = walk.flow.nodes[step.node]
        if case_value is not None and case_value != step.value and isinstance(question, QuestionNode):
            differences.append((step.label, walk.option_label(question, case_value)))
    want_urgency = scenario.expect.urgency
    return PracticeGrade(
        wanted=wanted,
        wanted_title=title,
        reached=wanted == walk.current,
        differences=tuple(differences),
        urgency=(want_urgency, urgency) if want_urgency and urgency and want_urgency != urgency else None,
    )
