"""Practice grading (coach mode) lives in scenarios.py: the user's walk compared with the case."""

from __future__ import annotations

from vinrguide.content.models import Expect, Scenario
from vinrguide.content.pack import ContentPack
from vinrguide.engine import Walk
from vinrguide.scenarios import grade_practice


def case(pack: ContentPack) -> Scenario:
    return next(s for _file, s in pack.scenarios if s.vignette and s.flow == "enkel")


def test_the_case_outcome_reached_is_graded_as_reached(fixture_pack: ContentPack) -> None:
    scenario = case(fixture_pack)
    walk = Walk(fixture_pack, "enkel", {"roll": "skola"})
    walk.answer("nej")
    walk.answer("barn")
    grade = grade_practice(fixture_pack, scenario, walk, "genast")
    assert (grade.wanted, grade.reached, grade.differences, grade.urgency) == ("ut-barn", True, (), None)
    assert grade.wanted_title == "Gör en orosanmälan genast"


def test_a_different_answer_is_named_with_both_labels(fixture_pack: ContentPack) -> None:
    scenario = case(fixture_pack)
    walk = Walk(fixture_pack, "enkel", {"roll": "skola"})
    walk.answer("nej")
    walk.answer("vuxen")
    grade = grade_practice(fixture_pack, scenario, walk, "snart")
    assert not grade.reached
    assert grade.differences == (("18 år eller äldre", "Under 18 år"),)
    assert grade.urgency == ("genast", "snart")


def test_a_case_whose_facts_do_not_fit_says_so(fixture_pack: ContentPack) -> None:
    broken = Scenario(name="x", flow="finns-inte", facts={}, expect=Expect())
    walk = Walk(fixture_pack, "enkel")
    assert grade_practice(fixture_pack, broken, walk, None).error
