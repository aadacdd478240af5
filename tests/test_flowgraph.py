"""content/flowgraph.py: one linear analysis of a flow, used by the engine, the app and `graph`/`show flow:`."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
from bench.synthetic_pack import CHAIN_LENGTH, DEEP_FLOWS, write_deep_flows

from vinrguide.content.check import check_pack, has_errors
from vinrguide.content.flowgraph import analyse, flow_problems
from vinrguide.content.models import Flow
from vinrguide.content.pack import load_pack
from vinrguide.engine import Walk, WalkError
from vinrguide.graph import mermaid, outline_text
from vinrguide.show import show_ref

from .fixtures import copy_fixture_pack

NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=dt.UTC)


def question(fact: str, *options: tuple[str, str]) -> dict[str, Any]:
    return {
        "kind": "question",
        "fact": fact,
        "text": f"{fact}?",
        "why": "för testet",
        "options": [{"value": v, "next": n} for v, n in options],
    }


def outcome(acute: bool = False) -> dict[str, Any]:
    return {"kind": "outcome", "title": "slut", "urgency": "akut" if acute else "info", "acute": acute}


def flow(**nodes: dict[str, Any]) -> Flow:
    return Flow.model_validate(
        {"id": "prov", "title": "Prov", "description": "", "start": "akut", "nodes": nodes}
    )


MERGING = flow(
    akut=question("akut", ("ja", "ut-akut"), ("nej", "alder")),
    alder=question("alder", ("barn", "heder"), ("vuxen", "heder")),
    heder=question("heder", ("ja", "ut-heder"), ("nej", "ut-ovrigt"), ("osaker", "ut-heder")),
    **{"ut-akut": outcome(acute=True), "ut-heder": outcome(), "ut-ovrigt": outcome()},
)


def test_branches_that_merge_are_analysed_once_and_carry_every_value_that_can_hold() -> None:
    graph = analyse(MERGING)
    assert graph.problem is None and graph.cycle is None and graph.unreachable == ()
    assert graph.order[0] == "akut" and graph.order.index("alder") < graph.order.index("heder")
    assert graph.acute == "ut-akut"
    assert graph.can_arrive_with("ut-heder", "alder", "barn") and graph.can_arrive_with(
        "ut-heder", "heder", "osaker"
    )
    assert not graph.can_arrive_with("ut-ovrigt", "heder", "osaker")
    assert graph.arrival("alder")["alder"] == frozenset({None})  # not asked yet when the question is reached
    assert graph.asked_twice() == ()


def test_a_loop_is_reported_as_the_nodes_along_it() -> None:
    looping = flow(
        akut=question("akut", ("ja", "ut-akut"), ("nej", "a")),
        a=question("alder", ("barn", "b"), ("vuxen", "ut-akut")),
        b=question("heder", ("ja", "a"), ("nej", "ut-akut")),
        **{"ut-akut": outcome(acute=True)},
    )
    graph = analyse(looping)
    assert graph.cycle == ("a", "b", "a")
    assert graph.problem == "guiden går i en slinga: a → b → a"


def test_a_dangling_answer_and_an_unreachable_node_are_found() -> None:
    dangling = flow(
        akut=question("akut", ("ja", "ut-akut"), ("nej", "finns-inte")),
        **{"ut-akut": outcome(acute=True), "ensam": outcome()},
    )
    graph = analyse(dangling)
    assert [(d.node, d.value, d.next) for d in graph.dangling] == [("akut", "nej", "finns-inte")]
    assert graph.unreachable == ("ensam",)
    assert "finns-inte" in (graph.problem or "")


def test_a_fact_asked_twice_on_one_path_is_found() -> None:
    twice = flow(
        akut=question("akut", ("ja", "ut-akut"), ("nej", "a")),
        a=question("alder", ("barn", "b"), ("vuxen", "ut-akut")),
        b=question("alder", ("barn", "ut-akut"), ("vuxen", "ut-akut")),
        **{"ut-akut": outcome(acute=True)},
    )
    assert analyse(twice).asked_twice() == ("b",)


def _broken_pack(tmp_path: Path, old: str, new: str) -> Path:
    root = copy_fixture_pack(tmp_path)
    path = root / "flows" / "enkel.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def test_the_engine_refuses_a_flow_with_a_loop(tmp_path: Path) -> None:
    pack = load_pack(
        _broken_pack(tmp_path, '{ value = "barn", next = "ut-barn" }', '{ value = "barn", next = "akut" }')
    )
    assert "slinga" in flow_problems(pack)["enkel"]
    with pytest.raises(WalkError, match="slinga"):
        Walk(pack, "enkel")


def test_the_engine_refuses_a_flow_with_a_dangling_answer(tmp_path: Path) -> None:
    pack = load_pack(_broken_pack(tmp_path, 'next = "ut-vuxen"', 'next = "finns-inte"'))
    assert "finns-inte" in flow_problems(pack)["enkel"]
    with pytest.raises(WalkError, match="finns-inte"):
        Walk(pack, "enkel")


def test_an_unknown_flow_is_a_key_error(fixture_pack: Any) -> None:
    with pytest.raises(KeyError):
        Walk(fixture_pack, "finns-inte")


def test_the_fixture_pack_has_no_flow_problems(fixture_pack: Any) -> None:
    assert flow_problems(fixture_pack) == {}


@pytest.fixture(scope="module")
def deep_pack(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = write_deep_flows(copy_fixture_pack(tmp_path_factory.mktemp("deep")))
    return load_pack(root)


def test_deep_flows_load_and_check_without_errors(deep_pack: Any) -> None:
    assert not deep_pack.errors
    start = time.process_time()
    findings = check_pack(deep_pack)
    assert time.process_time() - start < 1.0
    assert not has_errors(findings), [str(f) for f in findings if f.severity == "error"]
    assert flow_problems(deep_pack) == {}


@pytest.mark.parametrize("flow_id", DEEP_FLOWS)
def test_deep_flows_walk_draw_and_show_in_well_under_a_second(deep_pack: Any, flow_id: str) -> None:
    flow = deep_pack.flows[flow_id]
    start = time.process_time()
    walk = Walk(deep_pack, flow_id)
    walk.answer("nej")
    while not walk.done:
        walk.answer("ja")
    text = outline_text(deep_pack, flow)
    diagram = mermaid(deep_pack, flow)
    shown = show_ref(deep_pack, f"flow:{flow_id}", NOW)
    assert time.process_time() - start < 0.5
    # Every question is drawn once; a branch meeting one again refers back to it.
    assert text.count("Fråga 1 i") == 1 and diagram.startswith("flowchart TD")
    assert flow.title in shown
    if flow_id == "kedja":
        assert len(walk.path) == CHAIN_LENGTH + 1
    else:
        assert "ovan" in text


def test_the_outline_draws_a_merged_question_once_and_refers_back_to_it(fixture_pack: Any) -> None:
    text = outline_text(fixture_pack, fixture_pack.flows["sammanfaller"])
    assert text.count("Finns det tecken på heder?") == 2  # drawn once, referred back to once
    assert "18 år eller äldre → se ”Finns det tecken på heder?” ovan" in text
