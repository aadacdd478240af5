"""The engine on the fixture pack: every path ends in an outcome, Back keeps answers, akut = ja always ends in the
acute outcome, the path is always the one the facts give. One smoke walk on the shipped content."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vinrguide.content.models import OutcomeNode
from vinrguide.engine import Walk, ordered_flows, start_walk

from .fixtures import load_fixture_pack
from .shipped import all_paths, shipped_pack

PACK = load_fixture_pack()
FLOWS = sorted(PACK.flows)
PROPERTY = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def answer_by_choices(walk: Walk, choices: list[int]) -> None:
    for choice in choices:
        if walk.done:
            break
        options = walk.question.options  # type: ignore[union-attr]
        walk.answer(options[choice % len(options)].value)


@pytest.mark.parametrize("flow_id", FLOWS)
def test_every_path_through_every_flow_ends_in_its_outcome(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    paths = list(all_paths(flow))
    assert len(paths) >= 3
    for path in paths:
        walk = Walk(PACK, flow_id)
        for node, _fact, value in path[:-1]:
            assert walk.current == node
            walk.answer(value)
        assert walk.done and walk.current == path[-1][0]
        assert isinstance(flow.nodes[walk.current], OutcomeNode)


def test_a_shipped_guide_walks_to_its_child_outcome() -> None:
    pack = shipped_pack()
    walk = Walk(pack, "misstanke", {"roll": "skola"})
    walk.answer("nej")
    walk.answer("barn")
    while not walk.done:
        walk.answer(walk.question.options[0].value)  # type: ignore[union-attr]
    assert walk.outcome is not None and walk.outcome.urgency in ("akut", "genast")


@PROPERTY
@given(
    flow_id=st.sampled_from(FLOWS),
    choices=st.lists(st.integers(min_value=0, max_value=8), min_size=1, max_size=12),
    backs=st.integers(min_value=1, max_value=6),
)
def test_back_then_the_same_answer_returns_to_the_same_place(
    flow_id: str, choices: list[int], backs: int
) -> None:
    walk = Walk(PACK, flow_id)
    answer_by_choices(walk, choices)
    place, path = walk.current, walk.path
    for _ in range(backs):
        if not walk.back():
            break
    # Re-give each remembered answer: the walk retraces its steps to the very same node.
    while walk.position is not None:
        assert walk.remembered is not None
        walk.answer(walk.remembered)
    assert walk.current == place
    assert walk.path == path


@PROPERTY
@given(
    flow_id=st.sampled_from(FLOWS),
    choices=st.lists(st.integers(min_value=0, max_value=8), max_size=12),
    back_and_change=st.lists(st.tuples(st.integers(1, 4), st.integers(0, 8)), max_size=3),
)
def test_the_path_is_always_the_one_the_facts_give(
    flow_id: str, choices: list[int], back_and_change: list[tuple[int, int]]
) -> None:
    """However the user got there (answers traced on from the end, Back, a changed answer), a fresh walk over the
    same facts gives the same path and the same place."""
    walk = Walk(PACK, flow_id)
    answer_by_choices(walk, choices)
    for backs, choice in back_and_change:
        for _ in range(backs):
            walk.back()
        if walk.question is not None:
            walk.answer(walk.question.options[choice % len(walk.question.options)].value)
    while walk.position is not None:
        walk.answer(walk.remembered)  # type: ignore[arg-type]
    fresh = Walk(PACK, flow_id, walk.facts)
    assert [(s.node, s.value) for s in fresh.path] == [(s.node, s.value) for s in walk.path]
    assert fresh.current == walk.current


def test_back_keeps_later_answers_and_a_changed_answer_is_refollowed() -> None:
    walk = Walk(PACK, "sammanfaller")
    walk.answer("nej")
    walk.answer("barn")
    walk.answer("nej")
    assert walk.current == "ut-stod"
    walk.back()
    walk.back()
    assert walk.current == "alder" and walk.remembered == "barn"
    walk.answer("vuxen")  # the branches merge again: the heder answer is remembered and offered
    assert walk.current == "heder" and walk.remembered == "nej"
    walk.answer("osaker")
    assert walk.current == "ut-heder"
    assert [s.value for s in walk.path] == ["nej", "vuxen", "osaker"]


def test_go_to_jumps_to_an_earlier_question_and_nowhere_else() -> None:
    walk = Walk(PACK, "sammanfaller")
    for value in ("nej", "barn", "ja"):
        walk.answer(value)
    assert walk.go_to("alder") is True
    assert walk.current == "alder" and walk.remembered == "barn"
    assert [s.node for s in walk.path] == ["akut"]
    assert walk.go_to("ut-heder") is False and walk.go_to("finns-inte") is False
    assert walk.current == "alder"


@pytest.mark.parametrize("flow_id", FLOWS)
def test_akut_ja_goes_straight_to_the_acute_outcome(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    walk = Walk(PACK, flow_id)
    walk.answer("ja")
    assert walk.current == flow.acute_outcome()
    given = Walk(PACK, flow_id, {"akut": "ja", "alder": "barn"})
    assert given.current == flow.acute_outcome()
    assert [s.node for s in given.path] == ["akut"]


def test_a_walk_a_person_answers_always_asks_about_acute_danger() -> None:
    walk = start_walk(PACK, "enkel", {"akut": "nej", "alder": "barn"}, role="skola")
    assert walk.current == "akut" and walk.path == []
    assert walk.facts == {"alder": "barn", "roll": "skola"}
    walk.answer("nej")
    assert walk.current == "ut-barn"  # the confirmed age answers the next question
    assert start_walk(PACK, "enkel", {"akut": "ja"}).current == "akut"


def test_known_facts_answer_questions_automatically_and_are_marked() -> None:
    walk = Walk(PACK, "enkel", {"akut": "nej", "alder": "barn"})
    assert [s.auto for s in walk.path] == [True, True]
    walk.back()
    walk.answer("barn")  # the user confirms it: no longer automatic
    assert [s.auto for s in walk.path] == [True, False]


def test_restart_forgets_answers_but_keeps_given_facts() -> None:
    walk = Walk(PACK, "enkel", {"roll": "skola"})
    walk.answer("nej")
    walk.answer("barn")
    walk.restart()
    assert walk.current == "akut"
    assert walk.facts == {"roll": "skola"}


def test_answer_rejects_a_value_the_question_does_not_offer() -> None:
    walk = Walk(PACK, "enkel")
    with pytest.raises(ValueError, match="inget svar"):
        walk.answer("kanske")
    walk.answer("ja")
    with pytest.raises(ValueError, match="ingen fråga"):
        walk.answer("ja")  # at the outcome there is nothing to answer


def test_back_at_the_first_question_says_so() -> None:
    walk = Walk(PACK, "enkel")
    assert walk.back() is False


def test_guides_are_listed_by_measure_then_title() -> None:
    assert [f.id for f in ordered_flows(PACK)] == ["enkel", "sammanfaller"]  # measures 9.1, 9.2


def test_start_walk_replays_the_users_answers_as_a_form_would_carry_them() -> None:
    # The web app keeps no session: role, confirmed facts and answers come back on every request.
    walk = start_walk(
        PACK, "sammanfaller", {"heder": "ja"}, role="skola", answers={"akut": "nej", "alder": "barn"}
    )
    assert walk.current == "ut-heder"
    assert [(s.fact, s.auto) for s in walk.path] == [("akut", False), ("alder", False), ("heder", True)]
    assert walk.role == "skola"
    # an answer replaces the confirmed fact it changes; an answer off the path waits unused
    changed = start_walk(
        PACK, "sammanfaller", {"heder": "ja"}, answers={"akut": "nej", "alder": "vuxen", "heder": "nej"}
    )
    assert changed.current == "ut-stod" and changed.facts["heder"] == "nej"
    acute = start_walk(PACK, "enkel", answers={"akut": "ja", "alder": "barn"})
    assert acute.current == "ut-akut" and [s.fact for s in acute.path] == ["akut"]
    with pytest.raises(ValueError):
        start_walk(PACK, "enkel", answers={"akut": "kanske"})


def test_only_akut_and_the_role_may_not_be_filled_in_before_the_guide_asks() -> None:
    from vinrguide.engine import may_be_given

    assert not may_be_given("akut") and not may_be_given("roll")
    assert may_be_given("alder") and may_be_given("heder")
    assert start_walk(PACK, "enkel", {"roll": "bostad"}, role="skola").role == "skola"
