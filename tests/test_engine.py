"""The engine: every path ends in an outcome, Back keeps answers, akut = ja always ends in the acute outcome."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vinrguide.content.models import OutcomeNode
from vinrguide.engine import Walk

from .shipped import all_paths, shipped_pack

PACK = shipped_pack()
FLOWS = sorted(PACK.flows)
PROPERTY = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def test_the_shipped_pack_has_the_four_guides() -> None:
    assert set(FLOWS) >= {"misstanke"}, FLOWS
    assert not [e for e in PACK.errors if not e.file.startswith("scenarios/")]


@pytest.mark.parametrize("flow_id", FLOWS)
def test_every_path_through_every_flow_ends_in_an_outcome(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    paths = list(all_paths(flow))
    assert paths
    for path in paths:
        walk = Walk(PACK, flow_id)
        for node, _fact, value in path[:-1]:
            assert walk.current == node
            walk.answer(value)
        assert walk.done and walk.current == path[-1][0]
        assert isinstance(flow.nodes[walk.current], OutcomeNode)


@PROPERTY
@given(flow_id=st.sampled_from(FLOWS), choices=st.lists(st.integers(min_value=0, max_value=8), max_size=20))
def test_random_answers_always_reach_an_outcome(flow_id: str, choices: list[int]) -> None:
    walk = Walk(PACK, flow_id)
    for choice in choices:
        if walk.done:
            break
        options = walk.question.options  # type: ignore[union-attr]
        walk.answer(options[choice % len(options)].value)
    while not walk.done:
        walk.answer(walk.question.options[-1].value)  # type: ignore[union-attr]
    assert walk.outcome is not None


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
    for choice in choices:
        if walk.done:
            break
        options = walk.question.options  # type: ignore[union-attr]
        walk.answer(options[choice % len(options)].value)
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


def test_back_keeps_later_answers_and_a_changed_answer_is_refollowed() -> None:
    flow_id = "misstanke"
    walk = Walk(PACK, flow_id)
    walk.answer("nej")
    walk.answer("vuxen")
    first = walk.current
    walk.answer(walk.question.options[0].value)  # type: ignore[union-attr]
    walk.back()
    walk.back()
    assert walk.current == "alder"
    assert walk.remembered == "vuxen"
    assert walk.facts.get(PACK.flows[flow_id].nodes[first].fact) is not None  # type: ignore[union-attr]
    walk.answer("barn")
    assert walk.current != first  # the child track, not the adult one
    assert [s.value for s in walk.path][:2] == ["nej", "barn"]


@pytest.mark.parametrize("flow_id", FLOWS)
def test_akut_ja_goes_straight_to_the_acute_outcome(flow_id: str) -> None:
    flow = PACK.flows[flow_id]
    walk = Walk(PACK, flow_id)
    walk.answer("ja")
    assert walk.current == flow.acute_outcome()
    given = Walk(PACK, flow_id, {"akut": "ja", "alder": "barn"})
    assert given.current == flow.acute_outcome()


def test_known_facts_answer_questions_automatically_and_are_marked() -> None:
    walk = Walk(PACK, "misstanke", {"akut": "nej", "alder": "barn"})
    assert [s.auto for s in walk.path] == [True, True]
    walk.back()
    walk.answer("barn")  # the user confirms it: no longer automatic
    assert [s.auto for s in walk.path] == [True, False]


def test_restart_forgets_answers_but_keeps_given_facts() -> None:
    walk = Walk(PACK, "misstanke", {"roll": "skola"})
    walk.answer("nej")
    walk.answer("barn")
    walk.restart()
    assert walk.current == PACK.flows["misstanke"].start
    assert walk.facts == {"roll": "skola"}


def test_answer_rejects_a_value_the_question_does_not_offer() -> None:
    walk = Walk(PACK, "misstanke")
    with pytest.raises(ValueError, match="inget svar"):
        walk.answer("kanske")


def test_back_at_the_first_question_says_so() -> None:
    walk = Walk(PACK, "misstanke")
    assert walk.back() is False


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Gör inte", "gor-inte"),
        ("Barn – anmäl genast", "barn-anmal-genast"),
        ("Åtgärderna 2.3–2.6", "atgarderna-2-3-2-6"),
        ("Om avresan är nära", "om-avresan-ar-nara"),
    ],
)
def test_section_anchors_are_ascii_and_dashes_separate_words(heading: str, anchor: str) -> None:
    from vinrguide.content.anchors import anchor_of

    assert anchor_of(heading) == anchor
