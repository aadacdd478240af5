"""The start list (issue 12, item 14): the guides are on the start screen before the pack has loaded, from a list
the build wrote; the pack, once loaded, decides what can be started; a list that does not match the content is
never used. On copies of the fixture pack."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from vinrguide import startlist
from vinrguide.content import pack as content_pack
from vinrguide.content.pack import ContentPack
from vinrguide.startlist import StartGuide, StartList
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.start import StartScreen

from .fixtures import copy_fixture_pack, load_fixture_pack
from .test_app_support import (
    NOW,
    content_shown,
    fixture_guide_number,
    press_all,
    run_async,
    screen_text,
    wait_for,
)

SIZE = (100, 36)
UNHELD_LOAD = content_pack.load_pack


@pytest.fixture
def pack_root(tmp_path: Path) -> Path:
    root = copy_fixture_pack(tmp_path)
    assert "guider" in startlist.write(root)
    return root


@pytest.fixture
def held_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """`load_pack` waits until the returned event is set (the test's stand-in for a slow load)."""
    release = threading.Event()

    def load(root: str | Path) -> ContentPack:
        release.wait(20)
        return UNHELD_LOAD(root)

    monkeypatch.setattr(content_pack, "load_pack", load)
    yield release
    release.set()


def _guide_ids(app: GuideApp) -> list[str]:
    screen = app.screen_stack[-1]
    assert isinstance(screen, StartScreen)
    guides = screen.query_one("#guides", OptionList)
    options = [guides.get_option_at_index(i) for i in range(guides.option_count)]
    return [o.id for o in options if o.id and not o.id.startswith("app:")]


def test_the_list_holds_what_the_start_screen_shows_and_is_read_back(pack_root: Path) -> None:
    pack = load_fixture_pack()
    read = startlist.read(pack_root)
    assert read == startlist.of_pack(pack, {}), "the guides in order, the roles and the draft notice"
    assert [g.title for g in read.guides] and read.roles and read.draft_notice


def test_reading_the_list_needs_no_pydantic(pack_root: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from vinrguide.startlist import read; "
        f"assert read(Path({str(pack_root)!r})) is not None; print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("change", ["a flow", "a routine", "the list itself", "an unreadable list"])
def test_a_list_that_does_not_match_the_content_is_not_used(pack_root: Path, change: str) -> None:
    listing = pack_root / startlist.FILE_NAME
    if change == "a flow":
        flow = pack_root / "flows" / "enkel.toml"
        flow.write_text(
            flow.read_text(encoding="utf-8").replace("title = ", "title = 'Ny' #", 1), encoding="utf-8"
        )
    elif change == "a routine":
        routine = next((pack_root / "routines").glob("*.md"))
        routine.write_text(routine.read_text(encoding="utf-8") + "\nEn ny rad.\n", encoding="utf-8")
    elif change == "the list itself":
        data = json.loads(listing.read_text(encoding="utf-8"))
        data["key"] = "0" * 64
        listing.write_text(json.dumps(data), encoding="utf-8")
    else:
        listing.write_text("{inte json", encoding="utf-8")
    assert startlist.read(pack_root) is None


def test_no_list_is_written_for_content_with_errors(pack_root: Path) -> None:
    flow = pack_root / "flows" / "enkel.toml"
    flow.write_text(flow.read_text(encoding="utf-8") + "\n[nodes.trasig\n", encoding="utf-8")
    said = startlist.write(pack_root)
    assert "inte skriven" in said
    assert not (pack_root / startlist.FILE_NAME).exists(), "the list written before is removed"


@run_async
async def test_the_guides_are_listed_before_the_pack_has_loaded_and_a_chosen_one_starts_when_it_has(
    pack_root: Path, held_load: threading.Event
) -> None:
    app = GuideApp(pack_root, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        assert app.pack is None, "the guides waited for the pack"
        assert _guide_ids(app) == [f.id for f in startlist.of_pack(load_fixture_pack(), {}).guides]
        assert "Utkast" in screen_text(app), "the draft notice is shown from the list too"
        app.screen.query_one("#guides", OptionList).focus()
        await press_all(pilot, str(fixture_guide_number("enkel")))
        assert not isinstance(app.screen, ConversationScreen)
        held_load.set()
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.screen.walk.flow.id == "enkel"  # type: ignore[attr-defined]


@run_async
async def test_the_pack_not_the_list_decides_what_starts(
    pack_root: Path, held_load: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a list ever to name a guide the content no longer has, choosing it starts nothing, and the list on
    screen becomes the pack's as soon as it has loaded."""
    real = startlist.read(pack_root)
    assert real is not None
    ghost = StartGuide("borttagen", "En guide som inte finns längre", "Finns inte i innehållet.")
    stale = StartList((ghost, *real.guides), real.roles, real.draft_notice)
    monkeypatch.setattr(startlist, "read", lambda root: stale)
    app = GuideApp(pack_root, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        assert _guide_ids(app)[0] == "borttagen"
        app.screen.query_one("#guides", OptionList).focus()
        await press_all(pilot, "1")
        held_load.set()
        await wait_for(pilot, lambda: app.pack is not None)
        await wait_for(pilot, lambda: "borttagen" not in _guide_ids(app))
        await pilot.pause(0.1)
        assert isinstance(app.screen, StartScreen), "a guide the content lacks does not start"
        assert _guide_ids(app) == [g.id for g in real.guides]
