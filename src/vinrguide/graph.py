"""A flow as a diagram: Mermaid for documentation and review, an indented outline for the terminal.

Both are linear in the flow's nodes + edges and built without recursion: the outline draws each node once, and a
branch that meets a question already drawn (branches that merge again, or a loop) refers back to it
("→ se … ovan"); an outcome, one row, is drawn again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vinrguide.content.models import Flow, OutcomeNode, QuestionNode, text_for
from vinrguide.content.pack import ContentPack

MAX_INDENT = 24
"""Levels of indentation drawn; deeper rows stay at this level and say their depth (a chain of 1,200 questions)."""
SHORT_TEXT = 60
"""Characters of a node's text in a reference back to it."""


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def mermaid(pack: ContentPack, flow: Flow) -> str:
    lines = ["flowchart TD"]
    for node_id, node in flow.nodes.items():
        if isinstance(node, QuestionNode):
            lines.append(f'    {node_id}{{"{_mermaid_text(text_for(node.text, None))}"}}')
        else:
            title = _mermaid_text(text_for(node.title, None))
            lines.append(f'    {node_id}["{node.urgency.upper()}: {title}"]:::{node.urgency}')
    for node_id, node in flow.nodes.items():
        if isinstance(node, QuestionNode):
            for option in node.options:
                label = _mermaid_text(option.label or pack.value_label(node.fact, option.value))
                lines.append(f'    {node_id} -->|"{label}"| {option.next}')
    lines += [
        "    classDef akut fill:#b00020,color:#fff",
        "    classDef genast fill:#e65100,color:#fff",
        "    classDef snart fill:#f9a825,color:#000",
        "    classDef info fill:#1565c0,color:#fff",
    ]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Row:
    depth: int
    node: str
    text: str
    seen: bool = False
    """A reference back to a node drawn higher up (or a node that does not exist): not expanded here."""


def node_text(pack: ContentPack, flow: Flow, node_id: str, role: str | None = None) -> str:
    """A question's text, or an outcome's "[URGENCY] title"; "(saknas: id)" for a node that does not exist."""
    node = flow.nodes.get(node_id)
    if node is None:
        return f"(saknas: {node_id})"
    if isinstance(node, OutcomeNode):
        return f"[{node.urgency.upper()}] {text_for(node.title, role)}"
    return text_for(node.text, role)


def short_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def outline_rows(pack: ContentPack, flow: Flow, role: str | None = None) -> Iterator[Row]:
    """Depth-first from start in option order; a question met again is a row that refers back to it.

    Each question is expanded once, so there are at most nodes + edges rows however often branches merge.
    """
    drawn: set[str] = set()
    stack: list[tuple[int, str, str]] = [(0, flow.start, "")]
    while stack:
        depth, node_id, via = stack.pop()
        prefix = f"{via} → " if via else ""
        node = flow.nodes.get(node_id)
        if node is None:
            yield Row(depth, node_id, f"{prefix}(saknas: {node_id})", seen=True)
            continue
        if node_id in drawn and isinstance(node, QuestionNode):  # an outcome is one row: drawn again
            yield Row(
                depth, node_id, f"{prefix}se ”{short_text(node_text(pack, flow, node_id, role))}” ovan", True
            )
            continue
        drawn.add(node_id)
        yield Row(depth, node_id, prefix + node_text(pack, flow, node_id, role))
        if isinstance(node, QuestionNode):
            for option in reversed(node.options):
                label = option.label or pack.value_label(node.fact, option.value)
                stack.append((depth + 1, option.next, label))


def outline(pack: ContentPack, flow: Flow, role: str | None = None) -> list[tuple[int, str, str]]:
    """(depth, node id, text) per row of the outline."""
    return [(row.depth, row.node, row.text) for row in outline_rows(pack, flow, role)]


def outline_text(pack: ContentPack, flow: Flow, role: str | None = None) -> str:
    lines = []
    for row in outline_rows(pack, flow, role):
        if row.depth <= MAX_INDENT:
            lines.append("  " * row.depth + row.text)
        else:
            lines.append("  " * MAX_INDENT + f"(nivå {row.depth}) {row.text}")
    return "\n".join(lines) + "\n"
