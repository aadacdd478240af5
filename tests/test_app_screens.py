"""The app's screens: acute help from everywhere, the reader's links, the directory, the palette, clearing the session,
idle clearing, the free-text box, broken content, themes, practice cases, and random key sequences."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Select

from vinrguide.content.anchors import anchor_of
from vinrguide.facts_from_text import FactGuess as ReadFact
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.coach import MapScreen, PracticeScreen
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import (
    AcuteScreen,
    ConfirmFactsScreen,
    HelpScreen,
    ProblemsScreen,
    UnitScreen,
)
from vinrguide.tui.screens.directory import DirectoryScreen
from vinrguide.tui.screens.export import ExportScreen
from vinrguide.tui.screens.reader import ReaderScreen
from vinrguide.tui.screens.start import StartScreen
from vinrguide.tui.widgets.outcome import CheckItem

from .shipped import ROOT, shipped_pack
from .test_app_support import (
    SATURDAY_NIGHT,
    content_shown,
    make_app,
    open_guide,
    press_all,
    run_async,
    screen_text,
    settle,
    type_text,
    wait_for,
)

SIZE = (100, 36)


# ------------------------------------------------------------------ acute help from every screen


async def _open(app: GuideApp, pilot: Any, where: str) -> None:
    """Bring the app to a screen (by keyboard where that is how a user gets there)."""
    if where == "start-typing":
        app.screen.query_one("#situation", Input).focus()
        await type_text(pilot, "hjälp")
    elif where == "question":
        await open_guide(pilot, "utlandsresa", "2")
    elif where == "outcome":
        await open_guide(pilot, "utlandsresa", "2", "1", "2")
    elif where == "reader":
        app.open_reader("agera-vid-misstanke#gor-inte")
    elif where == "directory-typing":
        await press_all(pilot, "k")
        await type_text(pilot, "nex")
    elif where == "unit":
        app.show_unit("nexus")
    elif where == "help":
        await press_all(pilot, "f1")
    elif where == "export":
        await open_guide(pilot, "utlandsresa", "2", "1", "2", "e")
    elif where == "palette":
        await press_all(pilot, "ctrl+p")
        await type_text(pilot, "nex")
    elif where == "map":
        await open_guide(pilot, "misstanke", "2", "m")
    elif where == "practice":
        await press_all(pilot, "o")
    elif where == "confirm-facts":
        app.push_screen(
            ConfirmFactsScreen(shipped_pack().flows["utlandsresa"], [ReadFact("alder", "barn", "15 år")])
        )
    await pilot.pause()
    await pilot.pause()


PLACES = [
    "start-typing",
    "question",
    "outcome",
    "reader",
    "directory-typing",
    "unit",
    "help",
    "export",
    "palette",
    "map",
    "practice",
    "confirm-facts",
]


@pytest.mark.parametrize("where", PLACES)
@run_async
async def test_f2_opens_acute_help_everywhere(where: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open(app, pilot, where)
        before = app.screen
        focused = app.focused
        text_before = focused.value if isinstance(focused, Input) else None
        await press_all(pilot, "f2")
        assert isinstance(app.screen, AcuteScreen)
        text = screen_text(app)
        assert "112" in text and "Kvinnofridslinjen" in text and "BRIS" in text and "ocialjour" in text
        await press_all(pilot, "f2")  # a second F2 does not stack another overlay
        assert len([s for s in app.screen_stack if isinstance(s, AcuteScreen)]) == 1
        await press_all(pilot, "escape")
        assert app.screen is before
        if text_before is not None:
            assert isinstance(focused, Input) and focused.value == text_before, (
                "F2 typed nothing into the box"
            )


@run_async
async def test_the_header_button_opens_acute_help() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await open_guide(pilot, "misstanke")
        await pilot.click("#acute-button")
        await pilot.pause()
        assert isinstance(app.screen, AcuteScreen)


@run_async
async def test_acute_help_works_without_content(tmp_path: Path) -> None:
    app = GuideApp(tmp_path / "finns-inte", now=SATURDAY_NIGHT)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        text = screen_text(app)
        assert "Inga guider kunde läsas" in text
        await press_all(pilot, "f2")
        text = screen_text(app)
        assert "112" in text and "020-50 50 50" in text and "116 111" in text
        await press_all(
            pilot, "escape", "1", "k", "enter", "tab", "f9", "ctrl+p", "escape"
        )  # nothing crashes


# ------------------------------------------------------------------ reader and links


@run_async
async def test_reader_opens_at_the_section_and_follows_links() -> None:
    pack = shipped_pack()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_reader("agera-vid-misstanke#gor-inte")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await settle(pilot)
        assert reader.viewer.scroll_y > 0
        assert "Gör inte" in screen_text(app).split("\n")[6], "the section's heading is at the top"
        assert "Källa: Agera vid misstanke eller upptäckt av våld – Gör inte" in screen_text(app).replace(
            "\n", " "
        )
        # an anchor in the same routine, then another routine, then Back twice
        await reader.follow("#vid-akut-fara")
        assert reader.routine_id == "agera-vid-misstanke" and reader.section_anchor == "vid-akut-fara"
        await reader.follow("routine:forhindra-utlandsresa#om-avresan-ar-nara")
        await settle(pilot)
        assert reader.routine_id == "forhindra-utlandsresa"
        assert "Förhindra att en ung person förs utomlands" in screen_text(app)
        await press_all(pilot, "escape")
        assert (reader.routine_id, reader.section_anchor) == ("agera-vid-misstanke", "vid-akut-fara")
        await press_all(pilot, "b")
        assert reader.section_anchor == "gor-inte"
        # a link to a unit opens its card; by keyboard through the link picker (l)
        await reader.follow("unit:valdsombud")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen) and app.screen.unit_id == "valdsombud"
        await press_all(pilot, "escape", "l")
        await type_text(pilot, "Vid akut fara")
        await press_all(pilot, "enter")
        await settle(pilot)
        assert app.screen is reader and reader.section_anchor == "vid-akut-fara"
        # every section of every routine can be found by its design.md anchor (å/ä/ö folded)
        for routine in pack.routines.values():
            await reader.show(routine.id)
            await pilot.pause()
            for section in routine.sections:
                assert anchor_of(section.heading) == section.anchor
                assert reader.goto_anchor(section.anchor), f"{routine.id}#{section.anchor}"
        await press_all(pilot, "escape", "escape", "escape", "escape")
        assert isinstance(app.screen, StartScreen)


@run_async
async def test_a_clicked_link_in_a_routine_is_routed_inside_the_app() -> None:
    from textual.widgets import Markdown

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_reader("agera-vid-misstanke")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        document = reader.viewer.document
        document.post_message(Markdown.LinkClicked(document, "routine:begrepp#vald"))
        await wait_for(pilot, lambda: reader.routine_id == "begrepp")
        assert reader.section_anchor == "vald"
        document.post_message(Markdown.LinkClicked(document, "unit:nexus"))
        await wait_for(pilot, lambda: isinstance(app.screen, UnitScreen))


@run_async
async def test_outcome_sources_open_the_reader_by_keyboard() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_guide(pilot, "utlandsresa", "2", "1", "2", "l")
        await press_all(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.routine_id == "forhindra-utlandsresa"
        await press_all(pilot, "escape")
        assert isinstance(app.screen, ConversationScreen) and app.screen.walk.done
        # the legal references are links too: their summary from legal.toml, in the app
        from vinrguide.tui.screens.dialogs import LegalScreen
        from vinrguide.tui.widgets.outcome import LegalLink

        link = app.screen.query(LegalLink).first()
        link.focus()
        await press_all(pilot, "enter")
        assert isinstance(app.screen, LegalScreen)
        legal = shipped_pack().legal[link.legal_id]
        assert legal.citation in screen_text(app)


# ------------------------------------------------------------------ directory, units, palette


@run_async
async def test_directory_filters_as_you_type_and_shows_open_now() -> None:
    pack = shipped_pack()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#guides").focus()  # the directory is an item below the guides
        await press_all(pilot, "end", "up", "up", "enter")
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        units = screen.query_one("#unit-list", OptionList)
        assert units.option_count == len(pack.units)
        await type_text(pilot, "nexus")
        assert units.get_option_at_index(0).id == "nexus"
        text = screen_text(app)
        assert "018-727 52 47" in text and "Öppet nu" in text
        await type_text(pilot, "xyzzyqq")
        assert units.option_count == 0 and "Ingen kontakt matchar" in screen_text(app)
        screen.query_one("#unit-filter", Input).value = "kvinofrid"  # a typo still finds it
        await pilot.pause()
        assert units.get_option_at_index(0).id == "kvinnofridslinjen"
        await press_all(pilot, "down", "enter")
        assert isinstance(app.screen, UnitScreen)
        assert "Källa:" in screen_text(app)


@run_async
async def test_closed_now_shows_the_after_hours_alternative() -> None:
    app = make_app(now=SATURDAY_NIGHT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.show_unit("nexus")
        await pilot.pause()
        text = screen_text(app)
        assert "Stängt nu" in text and "Utanför öppettid: Socialjouren" in text


@run_async
async def test_palette_jumps_to_units_sections_and_guides() -> None:
    from textual.command import CommandInput

    app = make_app()

    async def search(query: str) -> None:
        await press_all(pilot, "ctrl+p")
        app.screen.query_one(CommandInput).value = query
        await settle(pilot)
        await press_all(pilot, "enter")

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await search("Kontakt: Nexus")
        await wait_for(pilot, lambda: isinstance(app.screen, UnitScreen))
        assert app.screen.unit_id == "nexus"  # type: ignore[attr-defined]
        await press_all(pilot, "escape")
        await search("rutin agera gor inte")  # without å/ä/ö
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.screen.section_anchor.startswith("gor-inte")  # type: ignore[attr-defined]
        await press_all(pilot, "escape")
        await search("Guide: Oro för att en ung person")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.screen.walk.flow.id == "utlandsresa"  # type: ignore[attr-defined]


@run_async
async def test_light_and_dark_theme_from_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await press_all(pilot, "ctrl+p")
        from textual.command import CommandInput

        app.screen.query_one(CommandInput).value = "Ljust tema"
        await settle(pilot)
        await press_all(pilot, "enter")
        assert app.theme == "textual-light"
        await press_all(pilot, "f1")
        assert isinstance(app.screen, HelpScreen) and "Tangenter" in screen_text(app)
        await press_all(pilot, "f1")
        assert isinstance(app.screen, StartScreen)


# ------------------------------------------------------------------ clearing the session


async def _fill_session(app: GuideApp, pilot: Any) -> None:
    await press_all(pilot, "shift+tab", "enter", "down", "enter")  # a role
    assert app.role is not None
    await open_guide(pilot, "utlandsresa", "2", "1", "2")
    app.screen.query(CheckItem).first().focus()
    await press_all(pilot, "space")
    assert any(item.checked for item in app.screen.query(CheckItem))


@run_async
async def test_f9_clears_the_session_from_anywhere() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _fill_session(app, pilot)
        await press_all(pilot, "c", "e")  # copied, and the export dialog is open
        assert isinstance(app.screen, ExportScreen) and app.clipboard
        await press_all(pilot, "f9")
        assert isinstance(app.screen, StartScreen) and len(app.screen_stack) == 2
        assert app.role is None and not app.coach and app.clipboard == ""
        assert app.screen.query_one("#role", Select).value == Select.NULL
        assert app.screen.query_one("#situation", Input).value == ""
        assert any("Sessionen är rensad" in n.message for n in app._notifications)


@run_async
async def test_idle_clears_the_session_and_input_postpones_it() -> None:
    app = make_app(idle_seconds=60)
    clock = [1000.0]
    app.monotonic = lambda: clock[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app._last_input = clock[0]
        app.screen.query_one("#situation", Input).focus()
        await type_text(pilot, "eleven är rädd")
        clock[0] += 50
        await press_all(pilot, "space")  # input: the idle time starts again
        clock[0] += 50
        await app.idle_tick()
        await pilot.pause()
        assert app.screen.query_one("#situation", Input).value == "eleven är rädd "
        clock[0] += 61
        await app.idle_tick()
        await pilot.pause()
        assert app.screen.query_one("#situation", Input).value == ""
        assert any("utan aktivitet" in n.message for n in app._notifications)


@run_async
async def test_idle_timer_runs_by_itself() -> None:
    app = make_app(idle_seconds=0.4)  # the idle check then runs every 0.1 s
    clock = [0.0]
    app.monotonic = lambda: clock[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_guide(pilot, "misstanke")
        assert isinstance(app.screen, ConversationScreen)
        await pilot.pause(0.3)
        assert isinstance(app.screen, ConversationScreen), "no time has passed on the app's idle clock"
        clock[0] += 1
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen), timeout=5)


def test_idle_minutes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from vinrguide.tui.app import idle_seconds_from_env

    monkeypatch.setenv("VINRGUIDE_IDLE_MINUTES", "5")
    assert idle_seconds_from_env() == 300
    monkeypatch.setenv("VINRGUIDE_IDLE_MINUTES", "inte ett tal")
    assert idle_seconds_from_env() is None


# ------------------------------------------------------------------ the free-text box


@run_async
async def test_the_box_finds_guides_and_offers_advice_when_nothing_matches() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#situation", Input).focus()
        await type_text(pilot, "utlandsresa giftas bort")
        await press_all(pilot, "enter")
        results = app.screen.query_one("#results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert "flow:utlandsresa" in ids
        app.screen.query_one("#situation", Input).value = "qqqq zzzz"
        await pilot.pause()
        app.screen.update_results()  # type: ignore[attr-defined]
        await pilot.pause()
        text = screen_text(app)
        assert "Inget i guiden matchade" in text
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert "unit:nexus" in ids and "flow:misstanke" in ids
        await press_all(pilot, "escape")
        assert app.screen.query_one("#situation", Input).value == ""
        assert app.screen.query_one("#guides").display


@run_async
async def test_facts_read_from_text_are_confirmed_and_akut_is_still_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import vinrguide.facts_from_text as facts_from_text

    def read(pack: object, text: str, rules: object = None) -> list[ReadFact]:
        return [ReadFact("akut", "ja", "han slår henne nu"), ReadFact("alder", "barn", "15 år")]

    monkeypatch.setattr(facts_from_text, "read_facts", read)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#situation", Input).focus()
        await type_text(pilot, "utlandsresa 15 år")
        await press_all(pilot, "enter")
        results = app.screen.query_one("#results", OptionList)
        index = next(
            i for i in range(results.option_count) if results.get_option_at_index(i).id == "flow:utlandsresa"
        )
        results.highlighted = index
        await press_all(pilot, "enter")
        assert isinstance(app.screen, ConfirmFactsScreen)
        text = screen_text(app)
        assert "fara just nu" in text and "”15 år”" in text
        await press_all(pilot, "enter")  # Starta guiden
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.walk.question is not None and screen.walk.question.fact == "akut"
        assert "akut" not in screen.walk.facts and screen.walk.given.get("alder") == "barn"
        assert "din beskrivning tyder på detta" in screen_text(app)


# ------------------------------------------------------------------ broken content


def _broken_copy(tmp_path: Path) -> Path:
    for name in ("routines", "flows", "scenarios"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "flows" / "chef-medarbetare.toml").write_text(
        'id = "chef-medarbetare"\ntitle = "Trasig\n', "utf-8"
    )
    utland = tmp_path / "flows" / "utlandsresa.toml"
    utland.write_text(utland.read_text("utf-8").replace('next = "ut-anmal"', 'next = "finns-inte"'), "utf-8")
    return tmp_path


@run_async
async def test_broken_content_says_what_is_wrong_and_which_guides_work(tmp_path: Path) -> None:
    app = GuideApp(_broken_copy(tmp_path), now=SATURDAY_NIGHT)
    async with app.run_test(size=(100, 36)) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        assert "utlandsresa" in app.flow_problems and "chef-medarbetare" not in app.pack.flows  # type: ignore[union-attr]
        text = screen_text(app)
        assert "Innehållet har" in text and "Guider som fungerar" in text and "Agera vid misstanke" in text
        assert "Fungerar inte just nu" in text
        await open_guide(pilot, "utlandsresa")
        assert isinstance(app.screen, StartScreen), "a broken guide does not start"
        app.screen.query_one("#problems").focus()
        await press_all(pilot, "enter")
        assert isinstance(app.screen, ProblemsScreen)
        text = screen_text(app)
        assert "chef-medarbetare.toml" in text and "finns-inte" in text
        await press_all(pilot, "escape", "1")
        assert isinstance(app.screen, ConversationScreen)


# ------------------------------------------------------------------ practice cases


@run_async
async def test_practice_case_compares_the_path_with_the_recommended_outcome() -> None:
    pack = shipped_pack()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#guides").focus()  # the practice cases are the last item below the guides
        await press_all(pilot, "end", "enter")
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        assert "Enter: gå igenom fallet" in screen_text(app)
        await press_all(pilot, "enter")
        talk = app.screen
        assert isinstance(talk, ConversationScreen) and talk.practice is not None
        case = talk.practice
        from vinrguide.engine import Walk

        expected = Walk(pack, case.flow, case.facts)
        while talk.walk.question is not None:  # answer as the case says
            question = talk.walk.question
            value = case.facts[question.fact]
            await press_all(pilot, str([o.value for o in question.options].index(value) + 1))
        assert talk.walk.current == expected.current
        assert "rekommenderade utfallet" in screen_text(app)
        await press_all(pilot, "b", "escape")
        talk.walk.restart()


@run_async
async def test_map_marks_the_current_position() -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_guide(pilot, "misstanke", "2", "1", "m")
        assert isinstance(app.screen, MapScreen)
        text = screen_text(app)
        assert "✓ Nej, inte just nu" in text and "▶" in text


def test_start_up_imports_stay_light() -> None:
    """The app module and the start screen import neither pydantic nor rapidfuzz nor holidays (start-up speed)."""
    import subprocess
    import sys

    code = "import sys, vinrguide.tui.app; print(sorted(m for m in ('pydantic', 'rapidfuzz', 'holidays') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
