"""Start with broken content: the app says what is wrong and which guides still work, instead of not starting.

Each case copies the shipped pack, breaks one guide the way an author might (a TOML syntax error, a wrong type, bytes
that are not UTF-8, an option leading to a step that does not exist) and starts the app on it the way
`vinrguide --content DIR` does (the content loads after the first paint). Then: the start screen says the content
has errors and names the guides that work; the list of problems names the broken file; every other guide opens and
can be walked to an outcome; the broken one does not start; acute help (F2) works. And when nothing can be read at all
(no such folder, or the fact vocabulary broken), the app still starts and acute help still works.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button

from vinrguide.engine import ordered_flows
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.dialogs import AcuteScreen, ProblemsScreen
from vinrguide.tui.screens.start import StartScreen

from .shipped import ROOT, shipped_pack
from .test_app_support import NOW, content_shown, outcome_paths, press_all, run_async, screen_text, wait_for

SIZE = (110, 40)


def _toml_syntax(path: Path) -> None:
    path.write_text(path.read_text("utf-8").replace('title = "', 'title = "Trasig\n', 1), "utf-8")


def _wrong_type(path: Path) -> None:
    text = path.read_text("utf-8")
    start = text.index("options = [")
    path.write_text(text[:start] + 'options = "ja eller nej"\n' + text[start:].split("\n", 1)[1], "utf-8")


def _not_utf8(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace("å".encode(), "å".encode("cp1252"), 1))


def _dangling_next(path: Path) -> None:
    text = path.read_text("utf-8")
    first_next = text.index('next = "') + len('next = "')
    end = text.index('"', first_next)
    path.write_text(text[:first_next] + "steget-som-inte-finns" + text[end:], "utf-8")


BREAKS: dict[str, tuple[str, Callable[[Path], None], bool]] = {
    # case: (the guide broken, how, whether the guide still loads but cannot be walked)
    "toml-syntax": ("chef-medarbetare", _toml_syntax, False),
    "wrong-type": ("systematiska-fragor", _wrong_type, False),
    "not-utf8": ("misstanke", _not_utf8, False),
    "dangling-next": ("utlandsresa", _dangling_next, True),
}


def _copy(tmp_path: Path) -> Path:
    for name in ("routines", "flows", "scenarios"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


async def _acute_help_works(app: GuideApp, pilot: Any) -> None:
    await press_all(pilot, "f2")
    assert isinstance(app.screen, AcuteScreen)
    assert "112" in screen_text(app)
    await press_all(pilot, "escape")


@pytest.mark.parametrize("case", sorted(BREAKS))
@run_async
async def test_one_broken_guide_the_others_still_work(case: str, tmp_path: Path) -> None:
    broken, breaker, still_loads = BREAKS[case]
    root = _copy(tmp_path)
    breaker(root / "flows" / f"{broken}.toml")
    app = GuideApp(root, now=NOW)  # no pack given: it loads as in `vinrguide --content DIR`
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app), timeout=30)
        pack = app.pack
        assert pack is not None
        start = app.screen
        assert isinstance(start, StartScreen), "the app starts on its start screen"
        others = [f for f in sorted(shipped_pack().flows) if f != broken]
        titles = {f: shipped_pack().flows[f].title for f in others}

        # the start screen: errors, and which guides work
        text = screen_text(app)
        assert "Innehållet har" in text and "fel" in text, text
        button = start.query_one("#problems", Button)
        label = str(button.label)
        assert "Guider som fungerar" in label and all(titles[f] in label for f in others), label
        if still_loads:
            assert broken in app.flow_problems and "Fungerar inte just nu" in text
        else:
            assert broken not in pack.flows

        # the problems name the file
        button.focus()
        await press_all(pilot, "enter")
        assert isinstance(app.screen, ProblemsScreen)
        problems = screen_text(app)
        assert f"flows/{broken}.toml" in problems, f"the problems do not name the file ({case}):\n{problems}"
        await press_all(pilot, "escape")
        assert app.screen is start

        # every other guide opens by its number and walks to an outcome; the broken one does not start
        numbers = {f.id: n for n, f in enumerate(ordered_flows(pack), 1)}
        for flow_id in others:
            await press_all(pilot, str(numbers[flow_id]))
            talk = app.screen
            assert isinstance(talk, ConversationScreen), f"{flow_id} does not open ({case})"
            assert talk.walk.question is not None and talk.walk.question.fact == "akut"
            path = next(iter(outcome_paths(shipped_pack().flows[flow_id]).values()))
            await press_all(pilot, *[str(n) for n in path])
            assert talk.walk.done, f"{flow_id} cannot be walked ({case})"
            await press_all(pilot, "s", "escape")
            assert app.screen is start
        if broken in numbers:
            await press_all(pilot, str(numbers[broken]))
            assert app.screen is start, "a broken guide does not start"
        await _acute_help_works(app, pilot)


@pytest.mark.parametrize("case", ["no-folder", "facts-broken"])
@run_async
async def test_nothing_readable_the_app_still_starts(case: str, tmp_path: Path) -> None:
    if case == "no-folder":
        root = tmp_path / "finns-inte"
    else:
        root = _copy(tmp_path)
        (root / "flows" / "facts.toml").write_text("[fact.akut\nlabel = ", "utf-8")
    app = GuideApp(root, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: content_shown(app), timeout=30)
        assert isinstance(app.screen, StartScreen)
        assert app.pack is not None and app.pack.errors, "the problem is reported"
        text = screen_text(app)
        assert "fel" in text, text
        await _acute_help_works(app, pilot)
