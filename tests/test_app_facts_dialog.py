"""The dialog that confirms facts read from the text (issue 12 item 11), on the fixture pack: an open dropdown stays
inside the dialog at 80×24 and 120×36 — the dialog grows or scrolls to make room — and a value chosen in it is used."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Select
from textual.widgets._select import SelectOverlay

from vinrguide.facts_from_text import FactGuess
from vinrguide.tui.screens.dialogs import ConfirmFactsScreen

from .fixtures import load_fixture_pack
from .test_app_support import make_fixture_app, press_all, run_async, settle, type_text, wait_for

# A role (7 values: the longest list), then two more, so the last dropdown opens near the dialog's bottom edge.
GUESSES = [
    FactGuess("roll", "bostad", "på boendet"),
    FactGuess("alder", "barn", "barnet"),
    FactGuess("heder", "ja", "hedern"),
]


async def _open_dialog(pilot: object, monkeypatch: pytest.MonkeyPatch, guesses: list[FactGuess]) -> None:
    """As a user gets there: type, search, choose the guide among the hits; the text's facts are then shown."""
    import vinrguide.facts_from_text as facts_from_text

    monkeypatch.setattr(facts_from_text, "read_facts", lambda pack, text, rules=None: list(guesses))
    app = pilot.app  # type: ignore[attr-defined]
    await type_text(pilot, "grenarna möts")  # type: ignore[arg-type]  # the focus starts in the box
    await press_all(pilot, "enter")  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    results = app.screen.query_one("#results", OptionList)
    ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
    results.highlighted = ids.index("flow:sammanfaller")
    await press_all(pilot, "enter")  # type: ignore[arg-type]
    assert isinstance(app.screen, ConfirmFactsScreen)


async def _expand(pilot: object, select: Select[str]) -> None:
    """Open a fact's dropdown from the keyboard, as a user does."""
    select.focus()
    await press_all(pilot, "enter")  # type: ignore[arg-type]
    await wait_for(pilot, lambda: select.expanded)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@pytest.mark.parametrize(("guesses", "fact"), [(GUESSES, "roll"), (GUESSES, "heder"), (GUESSES[:1], "roll")])
@run_async
async def test_an_open_dropdown_stays_inside_the_facts_dialog(
    monkeypatch: pytest.MonkeyPatch, size: tuple[int, int], guesses: list[FactGuess], fact: str
) -> None:
    app = make_fixture_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await _open_dialog(pilot, monkeypatch, guesses)
        select = app.screen.query_one(f"#fact-{fact}", Select)
        await _expand(pilot, select)
        await settle(pilot)
        overlay = select.query_one(SelectOverlay)
        box = app.screen.query_one("#facts-box")
        inside = box.scrollable_content_region  # within the border, the padding and any scrollbar
        assert overlay.region.height >= 3  # the list is open: its options are shown, not squeezed away
        assert inside.contains_region(overlay.region), (overlay.region, inside)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
@run_async
async def test_in_a_dialog_taller_than_the_screen_every_open_dropdown_is_scrolled_into_view(
    size: tuple[int, int],
) -> None:
    pack = load_fixture_pack()
    every_fact = [FactGuess(f.id, f.values[0].value, "…") for f in pack.facts.values() if f.id != "akut"]
    app = make_fixture_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmFactsScreen(pack.flows["sammanfaller"], every_fact))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmFactsScreen))
        box = app.screen.query_one("#facts-box")
        selects = list(app.screen.query(Select))
        assert len(selects) == len(every_fact) >= 8
        for select in selects:
            select.focus()
            await press_all(pilot, "enter")
            await wait_for(pilot, lambda s=select: s.expanded)  # type: ignore[misc]
            await settle(pilot)
            overlay = select.query_one(SelectOverlay)
            assert box.scrollable_content_region.contains_region(overlay.region), (select.id, overlay.region)
            await press_all(pilot, "escape")
            assert not select.expanded


@run_async
async def test_a_value_chosen_in_the_open_dropdown_is_the_one_the_guide_gets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_fixture_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_dialog(pilot, monkeypatch, GUESSES)
        screen = app.screen
        assert isinstance(screen, ConfirmFactsScreen)
        select = screen.query_one("#fact-heder", Select)
        await _expand(pilot, select)
        await press_all(pilot, "down", "enter")  # from "Ja" to "Nej"
        assert not select.expanded and app.screen is screen
        assert screen.chosen() == {"roll": "bostad", "alder": "barn", "heder": "nej"}
        await _expand(pilot, select)
        await press_all(pilot, "escape")  # Esc closes the list, not the dialog
        assert not select.expanded and app.screen is screen


@run_async
async def test_the_choice_that_leaves_a_fact_to_the_guide_reads_unlike_the_facts_own_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # alder has its own "Vet inte" (the child track): the blank choice beside it must not read like it
    app = make_fixture_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _open_dialog(pilot, monkeypatch, GUESSES)
        select = app.screen.query_one("#fact-alder", Select)
        await _expand(pilot, select)
        listed = select.query_one(SelectOverlay)
        labels = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert "Låt guiden fråga" in labels
        for a in labels:
            assert not [b for b in labels if b != a and b.startswith(a)], f"two choices read alike: {labels}"
