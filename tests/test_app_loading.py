"""Start-up order (issue 12, item 14): the guides are listed and can be started as soon as the pack has loaded; the
search index is built after that, in the loading thread, and a text typed while it is being built is searched as
soon as it is ready – never lost, never an error. A guide that cannot be walked is marked before the guides are shown.

The app runs the way `vinrguide` starts it (the content loaded in a thread after the first paint), on the fixture
pack, with the index's build held back until the test lets it go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from textual.widgets import Input, OptionList

from vinrguide.content.pack import ContentPack
from vinrguide.search import SearchIndex
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.start import StartScreen

from .fixtures import FIXTURE_PACK, copy_fixture_pack, load_fixture_pack
from .test_app_support import (
    NOW,
    content_shown,
    fixture_guide_number,
    press_all,
    run_async,
    type_text,
    wait_for,
)

SIZE = (100, 36)


UNHELD_BUILD = SearchIndex.build


@pytest.fixture
def held_index(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """`SearchIndex.build` waits until the returned event is set (the test's stand-in for a slow build)."""
    release = threading.Event()
    building = UNHELD_BUILD

    def build(cls: type[SearchIndex], pack: ContentPack) -> SearchIndex:
        release.wait(20)
        return building(pack)

    monkeypatch.setattr(SearchIndex, "build", classmethod(build))
    yield release
    release.set()  # a failed test must not leave the loading thread waiting


def _start(app: GuideApp) -> StartScreen:
    screen = app.screen_stack[-1]
    assert isinstance(screen, StartScreen)
    return screen


def _shown_refs(results: OptionList) -> list[str]:
    options = [results.get_option_at_index(i) for i in range(results.option_count)]
    return [o.id for o in options if not o.disabled and o.id]


@run_async
async def test_guides_are_startable_before_the_search_index_is_built(held_index: threading.Event) -> None:
    app = GuideApp(FIXTURE_PACK, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        assert app.search_index is None, "the guides were shown only after the index was built"
        guides = _start(app).query_one("#guides", OptionList)
        assert guides.display and guides.option_count >= len(load_fixture_pack().flows)
        guides.focus()
        await press_all(pilot, str(fixture_guide_number("enkel")))
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.screen.walk.flow.id == "enkel"  # type: ignore[attr-defined]
        held_index.set()
        await wait_for(pilot, lambda: app.search_index is not None)


@run_async
async def test_a_query_typed_before_the_index_is_ready_is_answered_when_it_is(
    held_index: threading.Event,
) -> None:
    query = "orosanmälan barn"
    expected = [hit.ref for hit in UNHELD_BUILD(load_fixture_pack()).search(query)]
    assert expected
    app = GuideApp(FIXTURE_PACK, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        start = _start(app)
        await type_text(pilot, query)
        await press_all(pilot, "enter")
        await pilot.pause(0.3)  # past the search's typing delay: the index is still not there
        assert app.search_index is None
        assert start.query_one("#situation", Input).value == query, "what was typed is kept"
        assert not [n for n in app._notifications if n.severity == "error"]
        held_index.set()
        results = start.query_one("#results", OptionList)
        await wait_for(pilot, lambda: results.display and results.option_count > 0)
        assert _shown_refs(results) == expected
        # Enter was pressed: the hits get the focus, as when the index is there
        await wait_for(pilot, lambda: results.has_focus)


@run_async
async def test_a_guide_that_cannot_be_walked_is_marked_before_the_index_is_built(
    held_index: threading.Event, tmp_path: object
) -> None:
    from pathlib import Path

    root = copy_fixture_pack(Path(str(tmp_path)))
    flow_file = root / "flows" / "enkel.toml"
    text = flow_file.read_text("utf-8")
    first_next = text.index('next = "') + len('next = "')
    end = text.index('"', first_next)
    flow_file.write_text(text[:first_next] + "steget-som-inte-finns" + text[end:], "utf-8")
    app = GuideApp(root, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app))
        assert app.search_index is None
        assert "enkel" in app.flow_problems
        guides = _start(app).query_one("#guides", OptionList)
        option = guides.get_option("enkel")
        assert option.disabled, "a broken guide is listed but cannot be chosen"
        guides.focus()
        await press_all(pilot, str(fixture_guide_number("enkel")))
        assert isinstance(app.screen, StartScreen), "a broken guide did not start"
        held_index.set()
        await wait_for(pilot, lambda: app.search_index is not None)


SETTLED = """
import asyncio, sys
from vinrguide.tui.app import GuideApp

async def main():
    app = GuideApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(1000):
            await pilot.pause(0.02)
            if app.search_index is not None and all(w.is_finished for w in app.workers):
                break
        assert app.search_index is not None and app.search_index.search("orosanmälan barn")
        stemmers = sorted(m.rpartition(".")[2] for m in sys.modules if m.endswith("_stemmer"))
        print(stemmers, "holidays" in sys.modules)

asyncio.run(main())
"""


def test_loading_leaves_out_what_the_session_does_not_need_yet() -> None:
    """Memory (issue 12, item 15): once the guides and the search index are ready, only snowballstemmer's Swedish
    stemmer is loaded (not its 35 languages, about 6 MB), and holidays (10 MB) not until hours are shown."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", SETTLED, str(FIXTURE_PACK)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert out.split() == ["['swedish_stemmer']", "False"]
