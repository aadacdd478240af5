"""A narrow terminal never ends the session (issue 15, item 5): at 8 columns or fewer, down to 1×1, every screen
keeps running, and it works again when the window is widened.

Textual 8.2.8 raises `ValueError: range() arg 3 must not be zero` (Rich's `chop_cells` via `Content.get_height`)
when an OptionList's text gets two columns or fewer; the app's stylesheet keeps every widget wider than that.
"""

from __future__ import annotations

import pytest

from vinrguide.tui.screens.dialogs import AcuteScreen

from .test_app_support import make_app, open_guide, press_all, run_async, settle, wait_for

NARROW = [(8, 24), (6, 10), (4, 4), (3, 30), (2, 2), (1, 1), (1, 40), (120, 1)]


async def _go(pilot: object, where: str) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    if where == "question":
        await open_guide(pilot, "utlandsresa", "2")  # type: ignore[arg-type]
    elif where == "outcome":
        await open_guide(pilot, "utlandsresa", "2", "1", "2")  # type: ignore[arg-type]
    elif where == "palette":
        await press_all(pilot, "ctrl+p")  # type: ignore[arg-type]
    elif where == "directory":
        app.action_directory()
    elif where == "acute":
        await press_all(pilot, "f2")  # type: ignore[arg-type]
    elif where == "reader":
        app.open_reader("forhindra-utlandsresa#anmal-genast")
    await settle(pilot)  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["start", "question", "outcome", "palette", "directory", "acute", "reader"])
@run_async
async def test_every_screen_survives_a_terminal_narrowed_to_one_column(where: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _go(pilot, where)
        for size in NARROW:
            await pilot.resize_terminal(*size)
            await pilot.pause(0.05)
            await pilot.pause()
            assert app._exception is None and app.is_running, f"{where} at {size}: {app._exception!r}"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app._exception is None and app.is_running
        if where != "acute":
            await press_all(pilot, "f2")
        await wait_for(pilot, lambda: isinstance(app.screen, AcuteScreen))
