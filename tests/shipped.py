"""The shipped content pack, loaded once per test process, and helpers to enumerate a flow's paths."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from vinrguide.content.models import Flow, OutcomeNode, QuestionNode
from vinrguide.content.pack import ContentPack, load_pack

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def shipped_pack() -> ContentPack:
    return load_pack(ROOT)


def all_paths(flow: Flow) -> Iterator[list[tuple[str, str, str]]]:
    """Every path from start as [(node, fact, value), …], ending at an outcome (the last tuple's node)."""

    def visit(node_id: str, trail: list[tuple[str, str, str]]) -> Iterator[list[tuple[str, str, str]]]:
        node = flow.nodes[node_id]
        if isinstance(node, OutcomeNode):
            yield [*trail, (node_id, "", "")]
            return
        assert isinstance(node, QuestionNode)
        for option in node.options:
            yield from visit(option.next, [*trail, (node_id, node.fact, option.value)])

    yield from visit(flow.start, [])
