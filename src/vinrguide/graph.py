"""A flow as a diagram: Mermaid for documentation and review, an indented outline for the terminal."""

from __future__ import annotations

from vinrguide.content.models import Flow, OutcomeNode, QuestionNode, text_for
from vinrguide.content.pack import ContentPack

URGENCY_CLASS = {"akut": "akut", "genast": "genast", "snart": "snart", "info": "info"}


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def mermaid(pack: ContentPack, flow: Flow) -> str:
    lines = ["flowchart TD"]
    for node_id, node in flow.nodes.items():
        if isinstance(node, QuestionNode):
            lines.append(f'    {node_id}{{"{_mermaid_text(text_for(node.text, None))}"}}')
        else:
            title = _mermaid_text(text_for(node.title, None))
            lines.append(f'    {node_id}["{node.urgency.upper()}: {title}"]:::{URGENCY_CLASS[node.urgency]}')
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


def outline(pack: ContentPack, flow: Flow, role: str | None = None) -> list[tuple[int, str, str]]:
    """(depth, node id, text) for every node in the tree, depth-first; a node reached again is listed once more."""
    rows: list[tuple[int, str, str]] = []

    def visit(node_id: str, depth: int, via: str, trail: frozenset[str]) -> None:
        node = flow.nodes.get(node_id)
        prefix = f"{via} → " if via else ""
        if node is None or node_id in trail:
            rows.append((depth, node_id, f"{prefix}(saknas: {node_id})"))
            return
        if isinstance(node, OutcomeNode):
            rows.append((depth, node_id, f"{prefix}[{node.urgency.upper()}] {text_for(node.title, role)}"))
            return
        rows.append((depth, node_id, f"{prefix}{text_for(node.text, role)}"))
        for option in node.options:
            label = option.label or pack.value_label(node.fact, option.value)
            visit(option.next, depth + 1, label, trail | {node_id})

    visit(flow.start, 0, "", frozenset())
    return rows


def outline_text(pack: ContentPack, flow: Flow) -> str:
    return "\n".join("  " * depth + text for depth, _node, text in outline(pack, flow)) + "\n"
