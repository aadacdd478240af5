"""One analysis of a flow as a graph: what can be reached, whether it loops or dangles, and what holds where.

Every question about a flow's shape is answered here, once, in time linear in its nodes + edges (each node and
each option is visited a bounded number of times, without recursion, so a chain of thousands of questions or
branches that merge again cost no more than their size):

    graph = analyse(flow)
    graph.reachable          # node ids reachable from start (existing nodes only)
    graph.dangling           # (node, option index, value, next) for every option pointing at no node
    graph.cycle              # the first loop reachable from start, e.g. ("a", "b", "a"), or None
    graph.order              # reachable nodes, each after every node leading to it (empty when it loops)
    graph.acute              # the flow's one acute outcome, or None (none, or more than one)
    graph.arrival("alder")   # node -> the values alder can hold on arriving there (None: not asked on some path)
    graph.can_arrive_with(node, "alder", "barn")
    graph.asked_twice()      # questions whose fact some path has asked before
    graph.problem            # why the flow cannot be walked, in Swedish, or None

`flow_problems(pack)` gives every guide that cannot be walked, with why (the app disables those guides). The
engine refuses to walk such a flow (WalkError); `check` reports the same findings with their codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vinrguide.content.models import Flow, OutcomeNode, QuestionNode

if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack


@dataclass(frozen=True)
class Dangling:
    node: str
    index: int
    value: str
    next: str


@dataclass(frozen=True, eq=False)
class FlowGraph:
    flow: Flow = field(repr=False)
    start_exists: bool
    reachable: frozenset[str]
    unreachable: tuple[str, ...]
    """Nodes no path from start leads to, in file order."""
    dangling: tuple[Dangling, ...]
    """Options pointing at a node that does not exist, in file order (reachable or not)."""
    cycle: tuple[str, ...] | None
    """The first loop found from start, as the nodes along it with the first repeated at the end."""
    order: tuple[str, ...]
    """Reachable nodes in topological order; empty when the flow loops."""
    acute: str | None
    acute_count: int
    _arrival: dict[str, dict[str, frozenset[str | None]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def arrival(self, fact: str) -> Mapping[str, frozenset[str | None]]:
        """Per reachable node: the values `fact` can hold on arriving there (None: not asked on some path).

        One pass along the topological order per fact asked for (remembered), so linear in nodes + edges; empty
        when the flow loops.
        """
        found = self._arrival.get(fact)
        if found is None:
            found = self._arrival[fact] = _arrival(self.flow, self.order, fact)
        return found

    def can_arrive_with(self, node: str, fact: str, value: str) -> bool:
        """Some path reaches `node` with `fact` answered `value` (the last answer, when asked more than once)."""
        return value in self.arrival(fact).get(node, frozenset())

    def asked_before(self, node: str, fact: str) -> bool:
        """Some path asks `fact` before reaching `node`."""
        return any(v is not None for v in self.arrival(fact).get(node, frozenset()))

    def asked_twice(self) -> tuple[str, ...]:
        """Questions whose fact some path has asked already (the engine re-uses that answer), in order.

        One pass along the topological order: each node carries the facts asked before it as the bits of one
        integer (only facts asked at two or more nodes get a bit), so each edge costs one OR.
        """
        nodes = self.flow.nodes
        askers: dict[str, int] = {}
        for node_id in self.order:
            node = nodes[node_id]
            if isinstance(node, QuestionNode):
                askers[node.fact] = askers.get(node.fact, 0) + 1
        bit = {fact: 1 << i for i, fact in enumerate(f for f, count in askers.items() if count > 1)}
        if not bit:
            return ()
        before = dict.fromkeys(self.order, 0)
        twice = []
        for node_id in self.order:
            node = nodes[node_id]
            if not isinstance(node, QuestionNode):
                continue
            mine = bit.get(node.fact, 0)
            if before[node_id] & mine:
                twice.append(node_id)
            after = before[node_id] | mine
            for option in node.options:
                if option.next in before:
                    before[option.next] |= after
        return tuple(twice)

    @property
    def reachable_dangling(self) -> tuple[Dangling, ...]:
        return tuple(d for d in self.dangling if d.node in self.reachable)

    @property
    def problem(self) -> str | None:
        """Why the flow cannot be walked, in plain Swedish, or None when every path ends in an outcome."""
        if not self.start_exists:
            return "guiden börjar i ett steg som inte finns"
        if self.acute is None:
            return "guiden har inget (eller mer än ett) akut utfall"
        if self.reachable_dangling:
            missing = self.reachable_dangling[0]
            return f"guiden pekar på steget '{missing.next}', som inte finns"
        if self.cycle:
            return "guiden går i en slinga: " + " → ".join(self.cycle)
        return None


def next_nodes(flow: Flow, node_id: str) -> Iterator[str]:
    """The existing nodes an answer at `node_id` leads to, in option order."""
    node = flow.nodes.get(node_id)
    if isinstance(node, QuestionNode):
        for option in node.options:
            if option.next in flow.nodes:
                yield option.next


def analyse(flow: Flow) -> FlowGraph:
    nodes = flow.nodes
    start_exists = flow.start in nodes
    dangling = tuple(
        Dangling(node_id, i, option.value, option.next)
        for node_id, node in nodes.items()
        if isinstance(node, QuestionNode)
        for i, option in enumerate(node.options)
        if option.next not in nodes
    )
    acute = [node_id for node_id, node in nodes.items() if isinstance(node, OutcomeNode) and node.acute]
    cycle, postorder = _depth_first(flow) if start_exists else (None, [])
    reachable = frozenset(postorder)
    order = () if cycle else tuple(reversed(postorder))
    return FlowGraph(
        flow=flow,
        start_exists=start_exists,
        reachable=reachable,
        unreachable=tuple(n for n in nodes if n not in reachable),
        dangling=dangling,
        cycle=cycle,
        order=order,
        acute=acute[0] if len(acute) == 1 else None,
        acute_count=len(acute),
    )


def _depth_first(flow: Flow) -> tuple[tuple[str, ...] | None, list[str]]:
    """One iterative depth-first search from start: the first loop met, and the reachable nodes in post-order."""
    state: dict[str, bool] = {flow.start: True}  # True: on the current trail; False: finished
    trail = [flow.start]
    stack = [next_nodes(flow, flow.start)]
    postorder: list[str] = []
    cycle: tuple[str, ...] | None = None
    while stack:
        for next_id in stack[-1]:
            on_trail = state.get(next_id)
            if on_trail is None:
                state[next_id] = True
                trail.append(next_id)
                stack.append(next_nodes(flow, next_id))
                break
            if on_trail and cycle is None:
                cycle = (*trail[trail.index(next_id) :], next_id)
        else:
            done = trail.pop()
            state[done] = False
            postorder.append(done)
            stack.pop()
    return cycle, postorder


def _arrival(flow: Flow, order: tuple[str, ...], fact: str) -> dict[str, frozenset[str | None]]:
    """What `fact` can hold on arrival at each node: one pass along the topological order, each edge once."""
    if not order:
        return {}
    sets: dict[str, set[str | None]] = {node_id: set() for node_id in order}
    sets[order[0]].add(None)
    for node_id in order:
        node = flow.nodes[node_id]
        if not isinstance(node, QuestionNode):
            continue
        for option in node.options:
            target = sets.get(option.next)
            if target is not None:
                target |= {option.value} if node.fact == fact else sets[node_id]
    return {node_id: frozenset(values) for node_id, values in sets.items()}


def flow_problems(pack: ContentPack) -> dict[str, str]:
    """Every guide that cannot be walked (no start, a dangling answer, a loop, no single acute outcome), with why."""
    problems: dict[str, str] = {}
    for flow_id, flow in pack.flows.items():
        problem = graph_of(flow).problem
        if problem:
            problems[flow_id] = problem
    return problems


_GRAPHS: dict[int, tuple[Flow, FlowGraph]] = {}
_GRAPHS_KEPT = 64


def graph_of(flow: Flow) -> FlowGraph:
    """`analyse(flow)`, remembered for the few flows in use (a Walk is made on every start of a guide)."""
    found = _GRAPHS.get(id(flow))
    if found is not None and found[0] is flow:
        return found[1]
    graph = analyse(flow)
    if len(_GRAPHS) >= _GRAPHS_KEPT:
        _GRAPHS.pop(next(iter(_GRAPHS)))
    _GRAPHS[id(flow)] = (flow, graph)
    return graph
