"""Issue 12, item 13: once the guides are painted, the cyclic garbage collector does not run in the middle of an
answer (it set the p95 of the answer latency: an outcome makes tens of thousands of objects); the garbage is
collected while the user reads instead (`GuideApp.collect_while_reading`)."""

from __future__ import annotations

import gc

from vinrguide.tui.widgets.outcome import OutcomeCard

from .test_app_support import make_fixture_app, open_fixture_guide, run_async, settle, wait_for


@run_async
async def test_no_automatic_collection_runs_while_an_answer_is_rendered() -> None:
    app = make_fixture_app()
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    read: list[int] = []

    def collected_while_reading(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:  # gc.collect(): the app's own, after an answer
            read.append(2)

    threshold = gc.get_threshold()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await open_fixture_guide(pilot, "enkel", "2", "1")  # to an outcome
            await wait_for(pilot, lambda: bool(app.screen.query(OutcomeCard)))
            for _ in range(3):  # three outcomes again: each makes more objects than the default threshold
                await pilot.press("s")  # start the guide again
                await settle(pilot)
                read.clear()
                gc.callbacks.append(collected_while_reading)
                try:
                    await pilot.press("2")
                    await settle(pilot)
                    # the user reads: the app's own collection after the answer runs now (waited for, not timed:
                    # on a loaded machine its timer fires late)
                    await wait_for(pilot, lambda: read)
                finally:
                    gc.callbacks.remove(collected_while_reading)
                gc.callbacks.append(seen)
                try:
                    await pilot.press("1")
                    await wait_for(pilot, lambda: bool(app.screen.query(OutcomeCard)))
                finally:
                    gc.callbacks.remove(seen)
        assert collections == [], f"automatic collections during the answers: generations {collections}"
    finally:
        gc.set_threshold(*threshold)  # the test process's other tests keep Python's default
