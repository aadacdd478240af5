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


@run_async
async def test_answers_in_quick_succession_collect_only_after_their_frame() -> None:
    """Answered without a pause to read (the collection while reading never comes), the young generation filled up
    and a collection started in the middle of every second or third outcome; now it is collected just after the
    frame of the answer that left too little room for the next one."""
    app = make_fixture_app()
    before_frame: list[int] = []
    after_frame: list[int] = []
    drawn = [False]

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            (after_frame if drawn[0] else before_frame).append(info["generation"])

    threshold = gc.get_threshold()
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await open_fixture_guide(pilot, "enkel", "2", "1")
            await wait_for(pilot, lambda: bool(app.screen.query(OutcomeCard)))
            await pilot.pause(0.6)
            display = app._display

            def counted_display(screen: object, renderable: object) -> None:
                drawn[0] = drawn[0] or renderable is not None
                display(screen, renderable)  # type: ignore[arg-type]

            app._display = counted_display  # type: ignore[method-assign]
            gc.callbacks.append(seen)
            try:
                for key in ["s", "2", "1"] * 8:  # eight outcomes, no pause between the answers
                    drawn[0] = False
                    await pilot.press(key)
                    await pilot.pause(0.05)
            finally:
                gc.callbacks.remove(seen)
        assert before_frame == [], f"collections before an answer's frame: generations {before_frame}"
        assert after_frame, "the garbage of eight outcomes is collected (after their frames)"
    finally:
        gc.set_threshold(*threshold)
