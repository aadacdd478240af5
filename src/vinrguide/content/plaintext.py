"""Markdown to plain text (for JSON, plain mode and search), via markdown-it so links and emphasis lose their markup."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _inline_text(children: list[Token]) -> str:
    out = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


@lru_cache(maxsize=4096)
def strip_markdown(text: str) -> str:
    """Plain text; paragraphs and list items on lines of their own."""
    if not any(c in text for c in "*_[`#<>|\\"):
        return text.strip()
    lines = []
    for token in _parser().parse(text):
        if token.type == "inline":
            lines.append(_inline_text(token.children or []))
        elif token.type in ("code_block", "fence"):
            lines.append(token.content.rstrip())
    return "\n".join(line for line in lines if line.strip())
