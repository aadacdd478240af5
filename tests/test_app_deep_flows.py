"""Deep guides in the app (issue 10): flows whose branches merge again, that skip questions, and a chain of 1,200
questions load with the start screen ready and acute help working, as `vinrguide --content DIR` starts.

Before the one linear flow analysis (content/flowgraph.py) the app enumerated every path on the event loop: the
merging flow alone took over a minute, and F2 froze meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from bench.synthetic_pack import DEEP_FLOWS, write_deep_flows

from vinrguide.engine import ordered_flows
from vinrguide.tui.app import GuideApp
from vinrguide.tui.screens.dialogs import AcuteScreen
from vinrguide.tui.screens.start import StartScreen

from .fixtures import copy_fixture_pack
from .test_app_support import NOW, content_shown, press_all, run_async, screen_text, wait_for


@run_async
async def test_deep_guides_load_with_the_start_screen_ready_and_f2_working(tmp_path: Path) -> None:
    root = write_deep_flows(copy_fixture_pack(tmp_path))
    app = GuideApp(root, now=NOW)  # no pack given: it loads in the loader thread, after the first paint
    async with app.run_test(size=(110, 40)) as pilot:
        # acute help works at once, whether or not the content has arrived
        await press_all(pilot, "f2")
        assert isinstance(app.screen, AcuteScreen)
        await press_all(pilot, "escape")
        await wait_for(pilot, lambda: content_shown(app), timeout=10)
        assert isinstance(app.screen, StartScreen)
        assert app.flow_problems == {}, app.flow_problems
        text = screen_text(app)
        assert all(app.pack.flows[f].title in text for f in DEEP_FLOWS), text  # type: ignore[union-attr]
        await press_all(pilot, "f2")
        assert isinstance(app.screen, AcuteScreen) and "112" in screen_text(app)


@run_async
async def test_the_map_of_a_merging_guide_draws_each_question_once(tmp_path: Path) -> None:
    """The map (m) of a guide whose branches merge 16 times: at most nodes + edges rows, not one per path (2^16)."""
    from textual.widgets import Tree

    from vinrguide.content.pack import load_pack
    from vinrguide.tui.screens.coach import MapScreen

    pack = load_pack(write_deep_flows(copy_fixture_pack(tmp_path)))
    app = GuideApp(pack.root, now=NOW, pack=pack)
    flow = pack.flows["sammanflode"]
    async with app.run_test(size=(110, 40)) as pilot:
        number = [f.id for f in ordered_flows(pack)].index("sammanflode") + 1
        app.screen.query_one("#guides").focus()
        await press_all(pilot, str(number), "2", "1", "2")
        await press_all(pilot, "m")
        assert isinstance(app.screen, MapScreen)
        tree = app.screen.query_one("#flow-map", Tree)
        labels, stack = [], [tree.root]
        while stack:
            node = stack.pop()
            labels.append(str(node.label))
            stack.extend(node.children)
        rows = len(labels)
        edges = sum(len(getattr(n, "options", ())) for n in flow.nodes.values())
        assert rows <= len(flow.nodes) + edges + 1, rows
        drawn = "\n".join(labels)
        assert drawn.count("▶") == 1 and "✓" in drawn and " ovan" in drawn, drawn
