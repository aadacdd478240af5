"""Coach mode for våldsombud: the whole guide as a tree with the current position, and practice cases."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from vinrguide.graph import short_text
from vinrguide.tui.screens.base import BACK, GuideScreen

if TYPE_CHECKING:
    from vinrguide.engine import Walk

URGENCY_STYLE = {"akut": "bold red", "genast": "bold dark_orange", "snart": "bold", "info": "bold"}


class MapScreen(GuideScreen):
    """Every question and outcome; ✓ marks the answers given, ▶ where the conversation is now."""

    BINDINGS: ClassVar[list[BindingType]] = [BACK]

    def __init__(self, walk: Walk) -> None:
        super().__init__()
        self.walk = walk

    def compose_body(self) -> ComposeResult:
        yield Static(
            Content("✓ dina svar · ▶ där du är nu · Esc tillbaka till samtalet"), classes="thread-hint"
        )
        yield Tree[str](Text(self.walk.flow.title, style="bold"), id="flow-map")

    def on_mount(self) -> None:
        from vinrguide.content.models import OutcomeNode, text_for

        walk = self.walk
        flow, role = walk.flow, walk.role
        self.set_title(f"Karta: {flow.title}")
        self.show_draft(flow.status == "utkast")
        answers = {step.node: step.value for step in walk.path}
        tree = self.query_one("#flow-map", Tree)
        tree.root.expand()
        current: list[TreeNode[str]] = []
        # Linear in nodes + edges, without recursion (a guide of 1,200 questions, branches that merge again):
        # each question is expanded once; a branch that meets it again refers to it. The user's own path is
        # always the expanded copy, so ✓ and ▶ stand where the conversation went.
        on_path = {step.node for step in walk.path} | ({walk.current} if walk.current else set())
        drawn: set[str] = set()
        stack: list[tuple[TreeNode[str], str, str, bool]] = [(tree.root, flow.start, "", True)]
        while stack:
            parent, node_id, via, chosen_path = stack.pop()
            node = flow.nodes.get(node_id)
            here = chosen_path and node_id == walk.current
            mark = "▶ " if here else ""
            prefix = f"{via} → " if via else ""
            if node is None:
                parent.add_leaf(Text(f"{prefix}(saknas: {node_id})"))
                continue
            if isinstance(node, OutcomeNode):
                title = Text.assemble(
                    mark,
                    prefix,
                    (f"[{node.urgency.upper()}] ", URGENCY_STYLE[node.urgency]),
                    text_for(node.title, role),
                )
                if here:
                    title.stylize("reverse")
                leaf = parent.add_leaf(title, data=node_id)
                if here:
                    current.append(leaf)
                continue
            if node_id in drawn or (node_id in on_path and not chosen_path):
                where = "ovan" if node_id in drawn else "nedan"
                parent.add_leaf(
                    Text(f"{prefix}se ”{short_text(text_for(node.text, role))}” {where}"), data=node_id
                )
                continue
            drawn.add(node_id)
            style = "bold reverse" if here else ("bold" if chosen_path else "")
            branch = parent.add(
                Text.assemble(mark, prefix, (text_for(node.text, role), style)), data=node_id, expand=True
            )
            if here:
                current.append(branch)
            for option in reversed(node.options):
                chosen = chosen_path and answers.get(node_id) == option.value
                answer = option.label or walk.pack.value_label(node.fact, option.value)
                stack.append((branch, option.next, ("✓ " if chosen else "") + answer, chosen))

        tree.focus()
        if current:
            self.call_after_refresh(self._select, current[0])

    def _select(self, node: TreeNode[str]) -> None:
        tree = self.query_one("#flow-map", Tree)
        tree.move_cursor(node)
        tree.scroll_to_node(node, animate=False)


class PracticeScreen(GuideScreen):
    """The scenario cases as practice: read the vignette, walk the case, then compare with the recommended outcome."""

    HEADER_TITLE = "Övningsfall"
    BINDINGS: ClassVar[list[BindingType]] = [BACK]

    def compose_body(self) -> ComposeResult:
        yield Static(
            Content(
                "Välj ett fall. Läs det, gå igenom guiden som om du mötte personen, och jämför sedan med facit."
            ),
            classes="thread-hint",
        )
        yield OptionList(id="cases")
        with VerticalScroll(id="case-pane"):
            yield Static("", id="vignette")

    def on_mount(self) -> None:
        from vinrguide.engine import ordered_flows

        pack = self.pack
        cases = self.query_one("#cases", OptionList)
        order = {flow.id: n for n, flow in enumerate(ordered_flows(pack))}
        usable = [
            (n, scenario)
            for n, (_file, scenario) in enumerate(pack.scenarios)
            if scenario.flow in pack.flows
            and scenario.flow not in self.guide_app.flow_problems
            and scenario.vignette
        ]
        usable.sort(key=lambda item: (order[item[1].flow], item[0]))
        for n, scenario in usable:
            flow = pack.flows[scenario.flow]
            cases.add_option(
                Option(Content.assemble((scenario.name, "bold"), "\n  ", (flow.title, "dim")), id=str(n))
            )
        if not cases.option_count:
            cases.add_option(Option(Content("Innehållet har inga övningsfall ännu."), disabled=True))
        else:
            cases.highlighted = 0
        cases.focus()
        self.show_draft(True)

    @on(OptionList.OptionHighlighted, "#cases")
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None:
            return
        _file, scenario = self.pack.scenarios[int(event.option.id)]
        text = scenario.vignette or "Fallet har ingen beskrivning; svaren finns i facit."
        self.query_one("#vignette", Static).update(
            Content.assemble(
                (scenario.name, "bold"), "\n\n", text, "\n\n", ("Enter: gå igenom fallet i guiden", "dim")
            )
        )

    @on(OptionList.OptionSelected, "#cases")
    def _start(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            _file, scenario = self.pack.scenarios[int(event.option.id)]
            self.guide_app.start_practice(scenario)
