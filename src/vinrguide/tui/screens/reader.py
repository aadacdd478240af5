"""The routine reader: a MarkdownViewer with a table of contents; links between routines and sections open here.

Section anchors follow design.md (heading folded to ASCII: "Gör inte" → gor-inte). Textual's own slugs keep å/ä/ö
percent-encoded, so the reader finds a section by folding each heading of the rendered table of contents itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Markdown, MarkdownViewer, Static

from vinrguide.tui.markdown_text import flatten_lists
from vinrguide.tui.screens.base import BACK, GuideScreen

if TYPE_CHECKING:
    from textual.command import CommandListItem

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
WIDE = 100  # the table of contents is shown from this width


class RoutineViewer(MarkdownViewer):
    """Links are not followed as files: they go to the reader screen, which routes them."""

    async def _on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        message.prevent_default()  # the base viewer would try to load the link as a file


class ReaderScreen(GuideScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK,
        Binding("l", "links", "Länkar", id="links", tooltip="Välj en länk i rutinen (l)"),
        Binding(
            "t", "toggle_toc", "Innehåll", id="toc", tooltip="Visa eller dölj innehållsförteckningen (t)"
        ),
        Binding("r", "app.routines", "Rutiner", show=False, id="routines", tooltip="Läs en annan rutin (r)"),
    ]

    def __init__(self, ref: str) -> None:
        super().__init__()
        from vinrguide.content.anchors import split_ref

        self.routine_id, self.section_anchor = split_ref(ref)
        self.history: list[tuple[str, str]] = []
        self.ready = False  # the routine is shown (and scrolled to its section)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="source-line")
        yield RoutineViewer(show_table_of_contents=False, open_links=False, id="viewer")

    async def on_mount(self) -> None:
        self.query_one(RoutineViewer).show_table_of_contents = self.app.size.width >= WIDE
        await self.show(self.routine_id, self.section_anchor)

    @property
    def viewer(self) -> RoutineViewer:
        return self.query_one(RoutineViewer)

    async def show(self, routine_id: str, anchor: str = "") -> bool:
        routine = self.pack.routines.get(routine_id)
        if routine is None:
            self.notify(f"Rutinen '{routine_id}' finns inte i innehållet.", severity="warning")
            return False
        loaded = getattr(self, "_loaded", None)
        if loaded != routine_id:
            await self.viewer.document.update(flatten_lists(routine.body))
            self._loaded = routine_id
        self.routine_id, self.section_anchor = routine_id, anchor
        self.set_title(routine.meta.title)
        self.show_draft(routine.meta.status == "utkast")
        self._source_line()
        self.ready = False
        if anchor:
            self.call_after_refresh(self._goto_and_ready, anchor)
        else:
            self.viewer.scroll_home(animate=False)
            self.ready = True
        self.viewer.document.focus()
        return True

    def _goto_and_ready(self, anchor: str) -> None:
        self.goto_anchor(anchor)
        self.ready = True

    def _source_line(self) -> None:
        routine = self.pack.routines[self.routine_id]
        meta = routine.meta
        section = routine.section(self.section_anchor) if self.section_anchor else None
        where = f"{meta.title} – {section.heading}" if section else meta.title
        parts = [f"Källa: {where}", f"version {meta.version}", f"ägare {meta.owner}"]
        if meta.measure:
            parts.append(f"åtgärd {meta.measure}")
        parts.append("utkast" if meta.status == "utkast" else f"fastställd {meta.adopted or ''}".strip())
        if meta.review_by:
            parts.append(f"granskas senast {meta.review_by.isoformat()}")
        self.query_one("#source-line", Static).update(Content(" · ".join(parts)))

    def goto_anchor(self, anchor: str) -> bool:
        """Scroll to the section with this design.md anchor; False (with a message) when there is none."""
        from vinrguide.content.anchors import anchor_of

        document = self.viewer.document
        for _level, label, block_id in document.table_of_contents:
            if anchor_of(str(label)) == anchor:
                block = document.query_one(f"#{block_id}")
                self.viewer.scroll_to_widget(block, top=True, animate=False)
                return True
        self.notify(f"Avsnittet '{anchor}' finns inte i rutinen.", severity="warning")
        return False

    # ------------------------------------------------------------ links

    async def follow(self, href: str) -> None:
        """#anchor and routine:ID#anchor open here (Back returns); unit:, flow: and web links go to the app."""
        from vinrguide.content.anchors import split_ref

        if href.startswith("#") or href.startswith("routine:"):
            routine_id, anchor = split_ref(href) if not href.startswith("#") else (self.routine_id, href[1:])
            before = (self.routine_id, self.section_anchor)
            if await self.show(routine_id, anchor):
                self.history.append(before)
        else:
            self.guide_app.open_link(href)

    @on(Markdown.LinkClicked)
    async def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        await self.follow(event.href)

    def links(self) -> list[tuple[str, str]]:
        routine = self.pack.routines[self.routine_id]
        return [(m.group(1), m.group(2)) for m in LINK.finditer(routine.body)]

    def action_links(self) -> None:
        from textual.command import SimpleCommand

        commands: list[CommandListItem] = []
        for text, href in self.links():
            label = text.replace("*", "")

            async def go(href: str = href) -> None:
                await self.follow(href)

            commands.append(SimpleCommand(label, go, self._describe(href)))
        if not commands:
            self.notify("Rutinen har inga länkar.")
            return
        self.app.search_commands(commands, placeholder="Välj en länk i rutinen…")

    def _describe(self, href: str) -> str:
        pack = self.pack
        if href.startswith("#"):
            section = pack.routines[self.routine_id].section(href[1:])
            return f"Avsnitt: {section.heading}" if section else href
        if href.startswith("routine:"):
            found = pack.section(href)
            if found:
                routine, section = found
                return f"Rutin: {routine.meta.title}" + (f" – {section.heading}" if section else "")
        if href.startswith("unit:") and href[5:] in pack.units:
            return f"Kontakt: {pack.units[href[5:]].name}"
        if href.startswith("flow:") and href[5:] in pack.flows:
            return f"Guide: {pack.flows[href[5:]].title}"
        return href

    # ------------------------------------------------------------ keys

    async def action_back(self) -> None:
        if self.history:
            routine_id, anchor = self.history.pop()
            await self.show(routine_id, anchor)
        else:
            self.dismiss_or_pop()

    def action_toggle_toc(self) -> None:
        self.viewer.show_table_of_contents = not self.viewer.show_table_of_contents
