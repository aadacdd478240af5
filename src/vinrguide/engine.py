"""Walking a flow: known facts, the path so far, the current node.

The path is always derived from the facts: start at the flow's start node and follow each question whose fact is
known. A cursor (`position`) lets the user step Back without forgetting later answers; answering at the cursor
moves it one step forward, so "Back, then the same answer" returns to the same place, and a changed answer is
re-followed with the remembered answers offered again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from vinrguide.content.flowgraph import graph_of
from vinrguide.content.models import Flow, OutcomeNode, QuestionNode
from vinrguide.content.pack import ContentPack

ACUTE_FACT = "akut"
ACUTE_YES = "ja"
ROLE_FACT = "roll"
"""The user's role: chosen on its own (before the guide), never read from text nor asked as a question."""


def may_be_given(fact: str) -> bool:
    """A fact a surface may fill in before the guide asks it (read from the user's text and confirmed): every fact
    but `akut`, which is always asked (design.md, principle 2), and `roll`, which is the role, given on its own.
    The one rule for the app, the web app (a form's `k.akut` is refused) and search's fact guesses."""
    return fact not in (ACUTE_FACT, ROLE_FACT)


class WalkError(Exception):
    """The flow cannot be walked (a dangling option, a loop, no acute outcome): `check` reports these first."""


@dataclass(frozen=True)
class Step:
    node: str
    fact: str
    value: str
    label: str
    auto: bool
    """Answered from a fact known before the question was reached (e.g. pre-filled), not by the user."""


def ordered_flows(pack: ContentPack) -> list[Flow]:
    """The guides as every surface lists them: by measure (2.3, 2.4, 2.5), then those without one; by title."""
    return sorted(pack.flows.values(), key=lambda f: (f.measure is None, f.measure or "", f.title.casefold()))


def start_walk(
    pack: ContentPack,
    flow_id: str,
    facts: Mapping[str, str] | None = None,
    role: str | None = None,
    answers: Mapping[str, str] | None = None,
) -> Walk:
    """A walk a person answers (the app, the web app, practice): `akut` is always asked, never given from outside.

    `facts` are those the user confirmed (read from text); those `may_be_given` refuses (`akut`, `roll`) are dropped,
    so the first question is always asked (design.md, principle 2). `role` is the user's role. `answers` are the
    user's own answers (fact → value, `akut` among them), replayed in the order the guide asks them: an answer
    replaces a confirmed fact of the same name (the user changed it), and answers off the path are not used (the
    caller keeps them, for when an earlier answer changes back). A stateless surface (the web app's form) rebuilds
    the walk from these on every request. Raises KeyError (no such guide), WalkError (the guide cannot be walked),
    ValueError (an answer that is not an option of its question). `vinrguide walk --fact akut=…` and scenarios use
    `Walk` directly.
    """
    answered = dict(answers or {})
    given = {k: v for k, v in (facts or {}).items() if may_be_given(k) and k not in answered}
    if role:
        given[ROLE_FACT] = role
    walk = Walk(pack, flow_id, given)
    while (question := walk.question) is not None and question.fact in answered:
        walk.answer(answered[question.fact])
    return walk


class Walk:
    def __init__(self, pack: ContentPack, flow_id: str, given: Mapping[str, str] | None = None) -> None:
        if flow_id not in pack.flows:
            raise KeyError(flow_id)
        self.pack = pack
        self.flow: Flow = pack.flows[flow_id]
        graph = graph_of(self.flow)
        if graph.problem:
            raise WalkError(f"{graph.problem} (guiden {flow_id})")
        self._acute: str = graph.acute or ""
        self.given: dict[str, str] = dict(given or {})
        self.restart()

    # ------------------------------------------------------------ state

    def restart(self) -> None:
        """Back to the first question; facts given from outside (e.g. the role) stay, the user's answers go."""
        self.facts: dict[str, str] = dict(self.given)
        self.answered: set[str] = set()
        """Facts the user has answered in this walk."""
        self.position: int | None = None
        """Index into steps while reviewing an earlier step; None at the end."""
        self._trace()

    def _trace(self, resume: bool = False) -> None:
        """Follow the known facts from start (or, with `resume`, on from the end of the path already traced).

        The flow was analysed in __init__: this ends, without a loop, at an outcome or an unanswered question.
        """
        steps: list[Step] = list(self.steps) if resume else []
        node_id = self.end if resume else self.flow.start
        while True:
            node = self.flow.nodes[node_id]
            if isinstance(node, OutcomeNode):
                break
            value = self.facts.get(node.fact)
            option = next((o for o in node.options if o.value == value), None)
            if option is None:
                if self.facts.get(ACUTE_FACT) == ACUTE_YES:  # known from elsewhere: no more questions
                    node_id = self._acute
                    continue
                break
            steps.append(
                Step(
                    node_id,
                    node.fact,
                    option.value,
                    self.option_label(node, option.value),
                    self._is_auto(node.fact),
                )
            )
            node_id = self._acute if self.facts.get(ACUTE_FACT) == ACUTE_YES else option.next
        self.steps: list[Step] = steps
        self.end: str = node_id

    def _is_auto(self, fact: str) -> bool:
        return fact in self.given and fact not in self.answered

    # ------------------------------------------------------------ what the user sees

    @property
    def current(self) -> str:
        """The node shown now: an earlier question while reviewing, else the end of the path."""
        return self.steps[self.position].node if self.position is not None else self.end

    @property
    def node(self) -> QuestionNode | OutcomeNode:
        return self.flow.nodes[self.current]

    @property
    def question(self) -> QuestionNode | None:
        node = self.node
        return node if isinstance(node, QuestionNode) else None

    @property
    def outcome(self) -> OutcomeNode | None:
        node = self.node
        return node if isinstance(node, OutcomeNode) else None

    @property
    def done(self) -> bool:
        return self.outcome is not None

    @property
    def path(self) -> list[Step]:
        """The answered questions before the current node."""
        return self.steps[: self.position] if self.position is not None else list(self.steps)

    @property
    def remembered(self) -> str | None:
        """The answer given earlier to the current question (while reviewing), to offer as the default."""
        question = self.question
        return self.facts.get(question.fact) if question else None

    @property
    def role(self) -> str | None:
        return self.facts.get(ROLE_FACT)

    def option_label(self, node: QuestionNode, value: str) -> str:
        for option in node.options:
            if option.value == value and option.label:
                return option.label
        return self.pack.value_label(node.fact, value)

    # ------------------------------------------------------------ moves

    def answer(self, value: str) -> None:
        question = self.question
        if question is None:
            raise ValueError("det finns ingen fråga att svara på här")
        if value not in {o.value for o in question.options}:
            allowed = ", ".join(o.value for o in question.options)
            raise ValueError(f"'{value}' är inget svar på frågan om {question.fact} (välj bland: {allowed})")
        # At the end of the path, a fact not known before changes nothing above: trace on from here (a long
        # flow is then walked in linear time). Anything else may change an earlier step: trace from start.
        resume = self.position is None and question.fact not in self.facts
        self.facts[question.fact] = value
        self.answered.add(question.fact)
        if self.position is not None:
            self.position += 1
        self._trace(resume)
        if self.position is not None and self.position >= len(self.steps):
            self.position = None

    def back(self) -> bool:
        """One step back, keeping every answer. False when already at the first question."""
        if self.position is None:
            if not self.steps:
                return False
            self.position = len(self.steps) - 1
            return True
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def go_to(self, node_id: str) -> bool:
        """Jump to an earlier question on the path (to change its answer)."""
        for index, step in enumerate(self.steps):
            if step.node == node_id:
                self.position = index
                return True
        return False
