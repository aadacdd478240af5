"""The start screen's search (issue 14, items 1, 5, 6; issue 10, item 3), on the fixture pack: hits in the search's
own order with the kind beside each, a close call between two guides asked, a role read from the text confirmed
and then used by the guide; when nothing matches, the units the directory marks for consultation."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from vinrguide.content.pack import load_pack
from vinrguide.facts_from_text import FactGuess
from vinrguide.search import SearchIndex
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import ConfirmFactsScreen

from .fixtures import copy_fixture_pack, load_fixture_pack
from .test_app_support import NOW, make_fixture_app, press_all, run_async, screen_text, settle, type_text


def _shown(results: OptionList) -> list[tuple[str | None, str]]:
    options = [results.get_option_at_index(i) for i in range(results.option_count)]
    return [(o.id, str(o.prompt)) for o in options if not o.disabled]


async def _query(pilot: object, text: str) -> OptionList:
    app = pilot.app  # type: ignore[attr-defined]
    await type_text(pilot, text)  # type: ignore[arg-type]  # the focus starts in the box
    await press_all(pilot, "enter")  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    return app.screen.query_one("#results", OptionList)


@run_async
async def test_hits_are_listed_in_the_searchs_order_with_their_kind() -> None:
    query = "orosanmälan barn"
    expected = [hit.ref for hit in SearchIndex.build(load_fixture_pack()).search(query)]
    assert expected[0].startswith("routine:") and any(r.startswith("flow:") for r in expected[1:])
    app = make_fixture_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        results = await _query(pilot, query)
        shown = _shown(results)
        assert [ref for ref, _ in shown] == expected, "best first, not guides first"
        assert results.highlighted == 0 and results.has_focus
        kinds = {"flow": "Guide", "routine": "Rutin", "unit": "Kontakt"}
        for ref, prompt in shown:
            assert prompt.startswith(kinds[str(ref).split(":")[0]]), prompt


@run_async
async def test_two_close_guides_are_asked_about(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SearchIndex, "ambiguous", lambda self, hits: ("enkel", "sammanfaller"))
    pack = load_fixture_pack()
    app = make_fixture_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        results = await _query(pilot, "guide")
        question = str(results.get_option_at_index(0).prompt)
        assert (
            question
            == f"Gäller det ”{pack.flows['enkel'].title}” eller ”{pack.flows['sammanfaller'].title}”?"
        )
        assert [ref for ref, _ in _shown(results)][:2] == ["flow:enkel", "flow:sammanfaller"]


@run_async
async def test_a_role_read_from_the_text_is_confirmed_and_then_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import vinrguide.facts_from_text as facts_from_text

    def read(pack: object, text: str, rules: object = None) -> list[FactGuess]:
        return [FactGuess("roll", "bostad", "på boendet"), FactGuess("alder", "barn", "barnet")]

    monkeypatch.setattr(facts_from_text, "read_facts", read)
    pack = load_fixture_pack()
    app = make_fixture_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        results = await _query(pilot, "liten guide")
        ids = [ref for ref, _ in _shown(results)]
        results.highlighted = ids.index("flow:enkel")
        await press_all(pilot, "enter")
        assert isinstance(app.screen, ConfirmFactsScreen)
        assert "”på boendet”" in screen_text(app)
        await press_all(pilot, "enter")  # Starta guiden
        talk = app.screen
        assert isinstance(talk, ConversationScreen)
        assert talk.walk.role == "bostad" and app.role == "bostad"
        await press_all(pilot, "2")  # not acute: the known age is not asked, and the role's text is shown
        assert talk.walk.current == "ut-barn"
        assert pack.flows["enkel"].nodes["ut-barn"].title.bostad in screen_text(app)  # type: ignore[union-attr]


def _offered(results: OptionList) -> list[str]:
    return [ref.removeprefix("unit:") for ref, _ in _shown(results) if ref and ref.startswith("unit:")]


@run_async
async def test_when_nothing_matches_the_units_the_directory_marks_for_consultation_are_offered() -> None:
    app = make_fixture_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        results = await _query(pilot, "qqqq zzzz")
        assert "Inget i guiden matchade din text. Välj en guide, eller rådgör:" in screen_text(app)
        assert _offered(results) == [
            "barn-och-unga",
            "radgivningen",
        ]  # `consultation = true`, in the file's order


@pytest.mark.parametrize(("marked", "offered"), [("stodlinjen", ["stodlinjen"]), (None, [])])
@run_async
async def test_the_units_offered_for_consultation_follow_the_content(
    tmp_path: Path, marked: str | None, offered: list[str]
) -> None:
    root = copy_fixture_pack(tmp_path)
    units = root / "routines" / "units.toml"
    text = units.read_text("utf-8").replace("consultation = true\n", "")
    if marked:
        text = text.replace(f'id = "{marked}"\n', f'id = "{marked}"\nconsultation = true\n')
    units.write_text(text, "utf-8")
    app = GuideApp(root, now=NOW, pack=load_pack(root))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        results = await _query(pilot, "qqqq zzzz")
        assert _offered(results) == offered
        shown = screen_text(app)
        assert "Inget i guiden matchade" in shown
        assert ("rådgör" in shown) == bool(offered)  # with no unit marked, the heading offers no advice
