"""Content Markdown as safe HTML for the web pages: headings with the routine anchors, links routed, numbers as tel:.

- Raw HTML in the content is shown as text (markdown-it with html off), never passed through.
- Headings get the anchors of design.md (`anchor_of`, the same as `Section.anchor`), so `routine:ID#anchor` works.
- Links: `routine:ID#anchor` → /rutiner/ID#anchor, `unit:ID` → /kontakter#enhet-ID, `#anchor` stays on the page,
  http(s) opens as a normal link (no referrer); anything else is dropped to its text.
- `{tel:UNIT}` becomes the unit's current number as a `tel:` link (content/unitrefs.py's rule, as a link).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from vinrguide.content.anchors import anchor_of, split_ref
from vinrguide.content.models import Unit
from vinrguide.content.unitrefs import render_unit_refs

_DIAL = re.compile(r"[^0-9+]")


def tel_href(number: str) -> str:
    """ "018-727 52 47" → "tel:0187275247"; "112" → "tel:112"."""
    return "tel:" + _DIAL.sub("", number)


def unit_anchor(unit_id: str) -> str:
    return f"enhet-{unit_id}"


def routine_href(ref: str) -> str:
    routine_id, anchor = split_ref(ref)
    return f"/rutiner/{routine_id}" + (f"#{anchor}" if anchor else "")


def _route(href: str) -> str | None:
    if href.startswith("routine:"):
        return routine_href(href)
    if href.startswith("unit:"):
        return f"/kontakter#{unit_anchor(href.removeprefix('unit:'))}"
    if href.startswith(("#", "http://", "https://", "tel:")):
        return href
    return None


_NUMBER_PATTERNS: dict[int, tuple[Mapping[str, Unit], re.Pattern[str] | None]] = {}


def _numbers(units: Mapping[str, Unit]) -> re.Pattern[str] | None:
    """One pattern for every number in the directory, longest first, standing alone (not inside a longer number)."""
    cached = _NUMBER_PATTERNS.get(id(units))
    if cached is not None and cached[0] is units:
        return cached[1]
    numbers = sorted({p.number for u in units.values() for p in u.phones if p.number}, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<![\w:/.\[-])(" + "|".join(re.escape(n) for n in numbers) + r")(?![\w:\]-])")
        if numbers
        else None
    )
    _NUMBER_PATTERNS[id(units)] = (units, pattern)
    return pattern


def _with_tel_links(text: str, units: Mapping[str, Unit]) -> str:
    """`{tel:ID}` becomes the unit's number (content/unitrefs.py), and every number of the directory in the text a
    Markdown link to it, so that one tap calls it (the advice layer may have filled the numbers in already)."""
    text = render_unit_refs(text, units)
    pattern = _numbers(units)
    if pattern is None:
        return text
    return pattern.sub(lambda m: f"[{m.group(1)}]({tel_href(m.group(1))})", text)


class _Renderer:
    def __init__(self) -> None:
        self.md = MarkdownIt("commonmark", {"html": False, "linkify": False})
        self.md.add_render_rule("heading_open", self._heading_open)
        self.md.add_render_rule("heading_close", self._heading_close)
        self.md.add_render_rule("link_open", self._link_open)
        self.md.add_render_rule("link_close", self._link_close)

    @staticmethod
    def _heading_open(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        inline = tokens[idx + 1]
        level = int(token.tag[1:]) + env.get("shift", 0)
        tag = f"h{min(level, 6)}"
        anchor = anchor_of(inline.content.strip())
        return f'<{tag} id="{escape(anchor)}">'

    @staticmethod
    def _heading_close(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        level = int(tokens[idx].tag[1:]) + env.get("shift", 0)
        return f"</h{min(level, 6)}>\n"

    @staticmethod
    def _link_open(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        href = _route(str(token.attrGet("href") or ""))
        env.setdefault("links", []).append(href is not None)
        if href is None:
            return ""
        extra = ' rel="noreferrer noopener"' if href.startswith("http") else ""
        return f'<a href="{escape(href)}"{extra}>'

    @staticmethod
    def _link_close(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        links = env.get("links", [])
        return "</a>" if (links.pop() if links else True) else ""


_RENDERER = _Renderer()


@lru_cache(maxsize=4096)
def _block(source: str, shift: int) -> str:
    return _RENDERER.md.render(source, {"shift": shift})


def markdown_block(text: str, units: Mapping[str, Unit], shift: int = 0) -> Markup:
    """Block Markdown (paragraphs, lists; headings shifted down by `shift` levels) as HTML."""
    return Markup(_block(_with_tel_links(text, units), shift))


@lru_cache(maxsize=8192)
def _inline(source: str) -> str:
    return _RENDERER.md.renderInline(source, {})


def markdown_inline(text: str, units: Mapping[str, Unit]) -> Markup:
    """One item of Markdown (an action, a note) as inline HTML."""
    return Markup(_inline(_with_tel_links(text.strip(), units)))
