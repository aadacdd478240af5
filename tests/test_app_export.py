"""The export: a Markdown summary with no personal data, saved through deliver_text or copied; a failed save is said."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from vinrguide.advice import resolve_outcome
from vinrguide.content.models import DRAFT_NOTICE
from vinrguide.engine import Walk
from vinrguide.summary import summary_filename, summary_markdown
from vinrguide.tui.screens.conversation import ConversationScreen
from vinrguide.tui.screens.export import ExportScreen
from vinrguide.tui.widgets.outcome import CheckItem

from .shipped import shipped_pack
from .test_app_support import NOW, make_app, press_all, run_async, type_text, wait_for

FAKE_NAME = "Zelda Fiktiva"
FAKE_NUMBER = "150505-1234"


def test_summary_holds_the_walk_and_the_advice_and_nothing_else() -> None:
    pack = shipped_pack()
    walk = Walk(pack, "utlandsresa", {"roll": "skola"})
    for value in ("nej", "barn", "planerad"):
        walk.answer(value)
    view = resolve_outcome(pack, walk.flow, walk.current, walk.facts, NOW)
    text = summary_markdown(pack, walk, view, NOW, ticked={0})
    assert text.startswith(f"# Sammanfattning: {walk.flow.title}")
    assert DRAFT_NOTICE in text
    assert "2026-03-18 10:00" in text and f"version: {view.version}" in text and "status: utkast" in text
    assert "Skola, förskola eller fritidshem" in text  # the role the user picked (not personal data)
    for step in walk.path:
        assert step.label in text
    assert view.urgency_words in text and view.title in text
    assert f"- [x] {view.actions[0].splitlines()[0]}" in text
    assert all(f"- [ ] {a.splitlines()[0]}" in text for a in view.actions[1:])
    assert "## Gör inte" in text and "## Kontakter" in text and "## Källor" in text
    for referral in view.referrals:
        assert referral.name in text
    for source in view.routines:
        assert source.ref in text
    assert summary_filename(NOW) == "vinrguide-sammanfattning-2026-03-18-1000.md"


@run_async
async def test_export_from_the_app_has_no_typed_text(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#situation", Input)
        box.focus()
        await type_text(pilot, f"{FAKE_NAME} {FAKE_NUMBER} ska resa utomlands och giftas bort")
        await press_all(pilot, "enter")
        results = app.screen.query_one("#results", OptionList)
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        results.highlighted = ids.index("flow:utlandsresa")
        await press_all(pilot, "enter")
        if not isinstance(app.screen, ConversationScreen):  # facts read from the text: confirm them
            await press_all(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        while screen.walk.question is not None:
            fact = screen.walk.question.fact
            answer = {"akut": "nej", "alder": "barn", "avresa": "planerad"}.get(fact)
            values = [o.value for o in screen.walk.question.options]
            await press_all(pilot, str(values.index(answer) + 1 if answer in values else 1))
        screen.query(CheckItem).first().focus()
        await press_all(pilot, "space", "e")
        assert isinstance(app.screen, ExportScreen)
        await press_all(pilot, "s")
        await wait_for(pilot, lambda: list(tmp_path.iterdir()))
        files = list(tmp_path.iterdir())
        assert [f.name for f in files] == [summary_filename(NOW)]
        saved = files[0].read_text("utf-8")
        assert (
            FAKE_NAME.split()[0] not in saved
            and FAKE_NAME.split()[1] not in saved
            and FAKE_NUMBER not in saved
        )
        assert "resa utomlands och giftas" not in saved
        assert screen.walk.flow.title in saved and DRAFT_NOTICE in saved and "- [x]" in saved
        await wait_for(pilot, lambda: any("sparad" in n.message for n in app._notifications))
        await press_all(pilot, "c")
        assert app.clipboard == saved and FAKE_NAME.split()[0] not in app.clipboard


@run_async
async def test_a_failed_export_is_said_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "inte-en-mapp"
    blocker.write_text("", "utf-8")
    app = make_app(export_dir=blocker)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        app.start_guide("misstanke")
        await pilot.pause()
        await press_all(pilot, "1", "e", "s")
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        failed = [n for n in app._notifications if n.severity == "error"]
        assert "kunde inte sparas" in failed[0].message and "Kopiera" in failed[0].message
        assert app.is_running and isinstance(app.screen, ExportScreen)


@run_async
async def test_done_when_a_new_user_does_it_all_by_keyboard(tmp_path: Path) -> None:
    """Issue 4, "done when": pick a role, walk utlandsresa to its outcome, read the routine section behind it, find
    Nexus' number and export a summary — by keyboard alone, in a few dozen keys."""
    from vinrguide.tui.screens.directory import DirectoryScreen
    from vinrguide.tui.screens.reader import ReaderScreen

    from .test_app_support import guide_number, screen_text

    keys: list[str] = []

    async def press(*some: str) -> None:
        keys.extend(some)
        await press_all(pilot, *some)

    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press("shift+tab", "enter", "down", "enter")  # where I work: the first role
        assert app.role is not None
        await press(
            "tab", str(guide_number("utlandsresa")), "2", "1", "2"
        )  # not acute, a child, a planned trip
        talk = app.screen
        assert isinstance(talk, ConversationScreen) and talk.walk.done
        await press("l", "enter")  # the routine section behind the advice
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.ready)
        assert "Källa: Förhindra att en ung person förs utomlands" in screen_text(app)
        await press("k", "n", "e", "x", "u", "s")  # the directory, filtered
        assert isinstance(app.screen, DirectoryScreen) and "018-727 52 47" in screen_text(app)
        await press("escape", "escape")
        assert app.screen is talk
        await press("e", "s")
        await wait_for(pilot, lambda: list(tmp_path.iterdir()))
        assert talk.walk.flow.title in next(tmp_path.iterdir()).read_text("utf-8")
    assert len(keys) < 25
