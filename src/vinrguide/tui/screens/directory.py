"""The directory: every unit and line, filtered as you type, with open now by the app's clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from vinrguide.tui.screens.base import BACK, GuideScreen

if TYPE_CHECKING:
    from vinrguide.content.models import Unit


def fold(text: str) -> str:
    from vinrguide.content.anchors import fold_ascii

    return fold_ascii(text).casefold()


class DirectoryScreen(GuideScreen):
    HEADER_TITLE = "Kontakter"
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK,
        Binding(
            "down",
            "to_list",
            "Till listan",
            show=False,
            id="to-list",
            tooltip="Från rutan till listan (pil ned)",
        ),
        Binding(
            "slash",
            "to_filter",
            "Filtrera",
            key_display="/",
            id="filter",
            tooltip="Skriv för att filtrera (/)",
        ),
        Binding(
            "c", "copy", "Kopiera numret", id="copy-number", show=False, tooltip="Kopiera telefonnumret (c)"
        ),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._query = query
        self._shown: list[str] = []

    def compose_body(self) -> ComposeResult:
        box = Input(value=self._query, placeholder="t.ex. nexus, heder, jour, barn", id="unit-filter")
        box.border_title = "Filtrera"
        yield box
        with Horizontal(id="directory-body"):
            yield OptionList(id="unit-list")
            with VerticalScroll(id="unit-pane"):
                yield Static("", id="unit-detail")

    def on_mount(self) -> None:
        self._haystacks = {unit.id: self._haystack(unit) for unit in self.pack.units.values()}
        self.refilter()
        self.query_one("#unit-filter", Input).focus()

    @staticmethod
    def _haystack(unit: Unit) -> str:
        words = [
            unit.id,
            unit.name,
            unit.description,
            *unit.aliases,
            *(p.number for p in unit.phones),
            unit.address,
        ]
        return fold(" ".join(words))

    def matches(self, query: str) -> list[str]:
        words = fold(query).split()
        units = list(self.pack.units.values())
        if not words:
            return [u.id for u in units]
        exact = [u.id for u in units if all(w in self._haystacks[u.id] for w in words)]
        if exact:
            return exact
        from rapidfuzz import fuzz

        folded = fold(query)
        scored = []
        for unit in units:
            names = fold(" ".join([unit.name, *unit.aliases]))
            score = max(
                fuzz.partial_ratio(folded, names) + 5, fuzz.partial_ratio(folded, self._haystacks[unit.id])
            )
            scored.append((score, unit.id))
        return [uid for score, uid in sorted(scored, key=lambda s: -s[0]) if score >= 80]

    def refilter(self) -> None:
        from vinrguide.advice import contact
        from vinrguide.tui.widgets.units import OPEN_MARK, OPEN_STYLE

        query = self.query_one("#unit-filter", Input).value
        pack, now = self.pack, self.guide_app.now()
        self._shown = self.matches(query)
        options = []
        for unit_id in self._shown:
            view = contact(pack, unit_id, now, with_after_hours=False)
            options.append(
                Option(
                    Content.assemble((OPEN_MARK[view.open_now] + " ", OPEN_STYLE[view.open_now]), view.name),
                    id=unit_id,
                )
            )
        units = self.query_one("#unit-list", OptionList)
        units.clear_options()
        units.add_options(options)
        if options:
            units.highlighted = 0
        else:
            self.query_one("#unit-detail", Static).update(
                Content("Ingen kontakt matchar. Töm rutan för att se alla.")
            )
        units.border_title = f"{len(options)} av {len(pack.units)}"

    @on(Input.Changed, "#unit-filter")
    def _filter(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#unit-filter")
    def _submitted(self) -> None:
        self.action_to_list()

    @on(OptionList.OptionHighlighted, "#unit-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        from vinrguide.advice import contact
        from vinrguide.tui.widgets.units import contact_content

        unit_id = event.option.id
        if unit_id and unit_id in self.pack.units:
            view = contact(self.pack, unit_id, self.guide_app.now())
            self.query_one("#unit-detail", Static).update(contact_content(view, full=True, kind=True))
            self.query_one("#unit-pane", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#unit-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.guide_app.show_unit(event.option.id)

    def action_to_list(self) -> None:
        units = self.query_one("#unit-list", OptionList)
        if units.option_count:
            units.focus()

    def action_to_filter(self) -> None:
        self.query_one("#unit-filter", Input).focus()

    def selected_unit(self) -> str | None:
        units = self.query_one("#unit-list", OptionList)
        if units.highlighted is None or not self._shown:
            return None
        option = units.get_option_at_index(units.highlighted)
        return option.id

    def action_copy(self) -> None:
        unit_id = self.selected_unit()
        if unit_id:
            phone = self.pack.units[unit_id].primary_phone
            if phone:
                self.guide_app.copy_text(phone, what="Numret")
