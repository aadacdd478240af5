"""Reading a routine: TOML front matter between +++ lines, then Markdown whose headings make the sections."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from vinrguide.content import diagnostics as d
from vinrguide.content.anchors import anchor_of
from vinrguide.content.models import Routine, RoutineMeta, Section
from vinrguide.content.validation import read_toml, validate

_FENCE = "+++"
MAX_SECTIONS = 1_000
"""Headings in one routine (docs/authoring.md, "Limits"): a real routine has tens."""


def parse_routine(text: str, file: str) -> Routine:
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FENCE:
        raise d.NO_FRONT_MATTER.error(
            file, 1, reason="rutinen måste börja med framsidan (front matter) mellan två rader med +++"
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise d.NO_FRONT_MATTER.error(
            file, 1, reason="framsidan (front matter) avslutas aldrig: raden +++ saknas efter den"
        ) from None
    front = "\n".join(lines[1:end])
    data = read_toml(front, file, line_offset=1)
    meta = validate(RoutineMeta, data, file, front, line_offset=1)
    body_line = end + 2  # 1-based line of the first body line
    body = "\n".join(lines[end + 1 :])
    return Routine(
        meta=meta, body=body, sections=_sections(body, body_line, file), file=file, body_line=body_line
    )


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """CommonMark's block parser only: headings, code blocks and their lines are block-level, and the inline pass
    (links, emphasis) is most of a full parse's time. An inline token keeps its raw text as `content`."""
    return MarkdownIt("commonmark").disable("inline")


def heading_lines(body: str) -> list[tuple[int, int, str]]:
    """(0-based line in body, level, heading text) of every heading, via markdown-it so code blocks don't count."""
    tokens = _block_parser().parse(body)
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            inline = tokens[i + 1]
            found.append((token.map[0], int(token.tag[1:]), inline.content.strip()))
    return found


def code_lines(body: str) -> set[int]:
    """The 0-based lines of the body that are inside code blocks (fenced or indented)."""
    lines: set[int] = set()
    for token in _block_parser().parse(body):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return lines


def _sections(body: str, body_line: int, file: str) -> tuple[Section, ...]:
    body_lines = body.splitlines()
    heads = heading_lines(body)
    if len(heads) > MAX_SECTIONS:
        message = f"rutinen har {len(heads)} rubriker, fler än {MAX_SECTIONS}; dela upp den i flera rutiner"
        raise d.FILE_UNREADABLE.error(file, body_line + heads[MAX_SECTIONS][0], reason=message)
    sections = []
    for n, (start, level, heading) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(body_lines)
        sections.append(
            Section(
                anchor=anchor_of(heading),
                heading=heading,
                level=level,
                line=body_line + start,
                body="\n".join(body_lines[start + 1 : stop]).strip(),
            )
        )
    return tuple(sections)
