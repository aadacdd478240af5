"""Every page of the web app as a pure function: the pack, the form state and the clock in, HTML out.

No aiohttp here (the routes in app.py parse requests and call these), so a page can be rendered and timed on its
own (bench/web_bench.py). Nothing here keeps, logs or prints what the user typed: free text is searched, shown back
on the one page that answers the POST, and forgotten (the search's word cache is cleared after every query).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from vinrguide.advice import URGENCY_WORDS, OutcomeView, acute_contacts, contact, resolve_outcome
from vinrguide.content.anchors import fold_ascii
from vinrguide.content.flowgraph import flow_problems
from vinrguide.content.models import Flow, OutcomeNode, QuestionNode, text_for
from vinrguide.content.pack import ContentPack
from vinrguide.engine import ACUTE_FACT, Walk, may_be_given, ordered_flows
from vinrguide.web.markup import markdown_block, markdown_inline, routine_href, tel_href, unit_anchor
from vinrguide.web.state import WalkState

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
MAX_QUERY = 4000
"""Longest free text read (characters); longer is read up to here, as in the app."""
KIND_WORDS = {"flow": "Guide", "routine": "Rutin", "unit": "Kontakt"}


@dataclass(frozen=True)
class Page:
    html: str
    status: int = 200


# ---------------------------------------------------------------- contact cards


def open_class(open_now: bool | None) -> str:
    """The CSS class of an open/closed/unknown status (its words come from advice.ContactView)."""
    return {True: "open", False: "closed", None: "unknown"}[open_now]


def safe_web(url: str | None) -> str:
    """A unit's web page as a link only when it is http(s)."""
    return url if url and url.startswith(("https://", "http://")) else ""


# ---------------------------------------------------------------- the site


@dataclass
class Site:
    """One per worker process: the pack, its search index, the templates. Rendering is read-only and thread-safe."""

    pack: ContentPack
    clock: Callable[[], dt.datetime]
    env: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            auto_reload=False,
        )
        units = self.pack.units
        self.env.filters["md"] = lambda text, shift=0: markdown_block(str(text), units, shift)
        self.env.filters["mdi"] = lambda text: markdown_inline(str(text), units)
        self.env.globals["routine_href"] = routine_href
        self.env.globals["tel_href"] = tel_href
        self.env.globals["unit_anchor"] = unit_anchor
        self.env.globals["open_class"] = open_class
        self.env.globals["safe_web"] = safe_web

    # ------------------------------------------------------------ shared

    @cached_property
    def index(self) -> Any:
        from vinrguide.search import SearchIndex

        return SearchIndex.build(self.pack)

    @cached_property
    def draft(self) -> bool:
        statuses = [f.status for f in self.pack.flows.values()]
        statuses += [r.meta.status for r in self.pack.routines.values()]
        return "utkast" in statuses

    @cached_property
    def flows(self) -> list[Flow]:
        problems = flow_problems(self.pack)
        return [f for f in ordered_flows(self.pack) if f.id not in problems]

    @cached_property
    def roles(self) -> list[tuple[str, str]]:
        fact = self.pack.facts.get("roll")
        return [(v.value, v.label) for v in fact.values] if fact else []

    def render(self, template: str, status: int = 200, **context: Any) -> Page:
        info = self.pack.info
        base = {
            "municipality": info.municipality,
            "notice": self.pack.draft_notice if self.draft else self.pack.adopted_notice,
            "draft": self.draft,
            "content_owner": info.content_owner,
        }
        return Page(self.env.get_template(template).render(**base, **context), status)

    def error(self, status: int, message: str) -> Page:
        titles = {
            400: "Sidan kunde inte visas",
            404: "Sidan finns inte",
            405: "Sidan kunde inte visas",
            413: "Formuläret är för stort",
            421: "Fel adress",
            500: "Något gick fel",
        }
        return self.render(
            "error.html",
            status=status,
            title=titles.get(status, "Sidan kunde inte visas"),
            message=message,
            code=status,
        )

    # ------------------------------------------------------------ start and search

    def start(
        self, role: str | None = None, query: str | None = None, search_error: str | None = None
    ) -> Page:
        context: dict[str, Any] = {
            "title": "Start",
            "roles": self.roles,
            "role": role,
            "query": query or "",
            "guides": self.flows,
            "search_error": search_error,
            "hits": None,
            "read": [],
            "acute_read": False,
            "ambiguous": [],
        }
        if query and query.strip():
            context.update(self._search(query[:MAX_QUERY]))
            context["title"] = "Sökresultat"
            context["focus_heading"] = True  # the script moves focus to the results
        return self.render("start.html", **context)

    def _search(self, query: str) -> dict[str, Any]:
        from vinrguide.facts_from_text import read_facts

        index = self.index
        try:
            raw_hits = index.search(query, limit=10)
            guesses = read_facts(self.pack, query)
        finally:
            index.clear_cache()  # the words of a case do not stay in the server's memory
        hits = []
        for hit in raw_hits:
            kind, _, ident = hit.ref.partition(":")
            item: dict[str, Any] = {"kind": hit.kind, "kind_words": KIND_WORDS.get(hit.kind, hit.kind)}
            if kind == "flow" and ident in {f.id for f in self.flows}:
                item.update(flow=self.pack.flows[ident])
            elif kind == "routine":
                found = self.pack.section(ident)
                if found is None:
                    continue
                routine, section = found
                item.update(
                    href=routine_href(ident),
                    title=routine.meta.title + (f" – {section.heading}" if section else ""),
                    snippet=" ".join(hit.snippet.split()),
                )
            elif kind == "unit" and ident in self.pack.units:
                item.update(card=contact(self.pack, ident, self.clock()))
            else:
                continue
            hits.append(item)
        read = []
        for guess in guesses:
            fact = self.pack.facts.get(guess.fact)
            if fact is None or not may_be_given(guess.fact):
                continue
            read.append({"fact": fact, "value": guess.value, "phrase": guess.phrase})
        pair = index.ambiguous(raw_hits)
        guides = {f.id: f for f in self.flows}
        ambiguous = [guides[f] for f in pair if f in guides] if pair else []
        # nothing matched: the units the directory marks for advice (`consultation = true`), as on the terminal
        advisers = (
            [contact(self.pack, u.id, self.clock()) for u in self.pack.units.values() if u.consultation]
            if not hits
            else []
        )
        return {
            "hits": hits,
            "advisers": advisers,
            "read": read,
            "acute_read": any(g.fact == ACUTE_FACT and g.value == "ja" for g in guesses),
            "ambiguous": ambiguous if len(ambiguous) == 2 else [],
        }

    # ------------------------------------------------------------ the guide

    def step(self, state: WalkState, error: str | None = None, moved: bool = True) -> Page:
        """The page for a walk state: the question under review or at the end of the path, or the outcome."""
        walk = state.walk(self.pack)
        if walk.question is not None:
            return self._question(state, walk, error, moved)
        return self._outcome(state, walk)

    def _summary(self, state: WalkState, walk: Walk) -> list[dict[str, Any]]:
        rows = []
        for step in walk.steps:
            node = walk.flow.nodes[step.node]
            rows.append(
                {
                    "node": step.node,
                    "question": text_for(getattr(node, "text", ""), walk.role),
                    "label": step.label,
                    "auto": step.auto,
                    "current": step.node == walk.current,
                }
            )
        return rows

    def _question(self, state: WalkState, walk: Walk, error: str | None, moved: bool) -> Page:
        from vinrguide.advice import question_view

        # the role's text with {tel:…} filled in: the question as plain text, "Varför frågar vi?" with its Markdown
        view = question_view(self.pack, walk, plain=True)
        rich = question_view(self.pack, walk, plain=False)
        assert view is not None and rich is not None
        options = [
            {"value": value, "label": label, "checked": value == view.remembered}
            for value, label in view.options
        ]
        position = walk.position if walk.position is not None else len(walk.steps)
        return self.render(
            "question.html",
            status=422 if error else 200,
            title=("Fel: " if error else "") + view.text,
            flow=walk.flow,
            node=view.node,
            question=view.text,
            why=rich.why,
            options=options,
            fields=state.hidden_fields(),
            summary=self._summary(state, walk),
            number=position + 1,
            error=error,
            focus_heading=moved and not error,
            reviewing=walk.position is not None,
        )

    def outcome_view(self, walk: Walk) -> OutcomeView:
        return resolve_outcome(self.pack, walk.flow, walk.current, walk.facts, self.clock())

    def _outcome(self, state: WalkState, walk: Walk) -> Page:
        view = self.outcome_view(walk)
        legal = []
        for source in view.legal:
            ref = self.pack.legal.get(source.ref)
            legal.append(
                {
                    "citation": source.title,
                    "title": ref.title if ref else "",
                    "summary": ref.summary if ref else "",
                    "url": ref.url if ref and ref.url.startswith("https://") else "",
                    "verified": source.verified,
                }
            )
        actions = list(enumerate(view.actions))
        first = len(view.first_actions)
        return self.render(
            "outcome.html",
            title=view.title,
            flow=walk.flow,
            view=view,
            urgency_words=view.urgency_words,
            primary=view.primary,
            others=view.referrals[1:],
            first_actions=actions[:first],
            more_actions=actions[first:],
            first_dont=view.first_dont,
            more_dont=view.more_dont,
            legal=legal,
            fields=state.hidden_fields(),
            summary=self._summary(state, walk),
            practice=self._practice_result(state, walk, view),
            report_ref=f"{view.flow}/{view.node}, version {view.version}",
            shown=self.clock().isoformat(timespec="seconds"),
        )

    def summary_text(self, state: WalkState, ticked: set[int], shown: str = "") -> tuple[str, str]:
        """The export of the app (summary.summary_markdown) for a walk at its outcome: (file name, Markdown).

        `shown` is when the outcome page was drawn (ISO 8601, from the page's form): the actions are ordered by the
        time of day, so the ticked numbers mean the actions the user saw only at that time. Within a day of now it
        is used; otherwise now."""
        from vinrguide.summary import summary_filename, summary_markdown

        walk = state.walk(self.pack)
        if walk.outcome is None:
            from vinrguide.web.state import FormError

            raise FormError(400, "Sammanfattningen finns först när guiden har kommit till ett utfall.")
        now = self.clock()
        try:
            when = dt.datetime.fromisoformat(shown) if shown else now
        except ValueError:
            when = now
        if when.tzinfo is None or abs((when - now).total_seconds()) > 86_400:
            when = now
        now = when
        view = resolve_outcome(self.pack, walk.flow, walk.current, walk.facts, now)
        valid = {i for i in ticked if 0 <= i < len(view.actions)}
        return summary_filename(now), summary_markdown(self.pack, walk, view, now, valid)

    def _practice_result(self, state: WalkState, walk: Walk, view: OutcomeView) -> dict[str, Any] | None:
        """The comparison with the practice case (scenarios.grade_practice, as the app shows it)."""
        from vinrguide.scenarios import grade_practice

        if state.practice is None:
            return None
        _file, case = self.pack.scenarios[state.practice]
        if case.flow != walk.flow.id:
            return None
        grade = grade_practice(self.pack, case, walk, view.urgency)
        return {
            "name": case.name,
            "error": grade.error,
            "same": grade.reached,
            "wanted": grade.wanted_title if grade.wanted else None,
            "differences": [{"mine": mine, "case": theirs} for mine, theirs in grade.differences],
            "urgency": URGENCY_WORDS.get(grade.urgency[0]) if grade.urgency else None,
        }

    # ------------------------------------------------------------ reading

    def routines(self) -> Page:
        routines = sorted(
            self.pack.routines.values(),
            key=lambda r: (r.meta.measure is None, r.meta.measure or "", r.meta.title),
        )
        return self.render("routines.html", title="Rutiner", routines=routines)

    def routine(self, routine_id: str) -> Page:
        routine = self.pack.routines.get(routine_id)
        if routine is None:
            return self.error(404, "Rutinen finns inte.")
        body = routine.body.lstrip("\n")
        first = body.split("\n", 1)
        if first[0].startswith("# "):  # the routine's own title: the page's h1 says it already
            body = first[1] if len(first) > 1 else ""
        shift = 1 if any(s.level == 1 for s in routine.sections[1:]) else 0
        toc = [s for s in routine.sections if s.level in (2, 3) or (shift and s.level == 1)]
        return self.render(
            "routine.html",
            title=routine.meta.title,
            routine=routine,
            body=body,
            shift=shift,
            toc=[s for s in toc if s.heading != routine.meta.title or s.level > 1],
        )

    def directory(self, text: str = "") -> Page:
        text = text.strip()[:100]
        wanted = fold_ascii(text.casefold())
        now = self.clock()
        cards = []
        for unit in self.pack.units.values():
            names = [unit.name, *unit.aliases]
            if not wanted or any(wanted in fold_ascii(n.casefold()) for n in names):
                cards.append((contact(self.pack, unit.id, now), " | ".join(names)))
        return self.render(
            "directory.html", title="Kontakter", cards=cards, filter=text, total=len(self.pack.units)
        )

    def acute(self) -> Page:
        return self.render("acute.html", title="Akut hjälp", cards=acute_contacts(self.pack, self.clock()))

    # ------------------------------------------------------------ coach mode

    def coach(self) -> Page:
        order = {flow.id: n for n, flow in enumerate(self.flows)}
        cases = [
            (n, case, self.pack.flows[case.flow])
            for n, (_file, case) in enumerate(self.pack.scenarios)
            if case.flow in order and case.vignette
        ]
        cases.sort(key=lambda item: (order[item[1].flow], item[0]))
        return self.render("coach.html", title="Coachläge", guides=self.flows, cases=cases)

    def flow_map(self, flow_id: str) -> Page:
        flow = self.pack.flows.get(flow_id)
        if flow is None or flow not in self.flows:
            return self.error(404, "Guiden finns inte.")
        return self.render(
            "map.html", title=f"Karta: {flow.title}", flow=flow, tree=_map_tree(self.pack, flow)
        )

    def practice_case(self, number: int) -> Page:
        if not 0 <= number < len(self.pack.scenarios):
            return self.error(404, "Övningsfallet finns inte.")
        _file, case = self.pack.scenarios[number]
        flow = self.pack.flows.get(case.flow)
        if flow is None or flow not in self.flows or not case.vignette:
            return self.error(404, "Övningsfallet finns inte.")
        state = WalkState(guide=flow.id, role=case.facts.get("roll"), practice=number)
        return self.render(
            "practice.html",
            title=f"Övningsfall: {case.name}",
            case=case,
            flow=flow,
            fields=state.hidden_fields(),
        )


def _map_tree(pack: ContentPack, flow: Flow) -> dict[str, Any]:
    """The flow as nested nodes: a question with its options, each leading to a node; an outcome as a leaf."""

    def visit(node_id: str, trail: frozenset[str]) -> dict[str, Any]:
        node = flow.nodes.get(node_id)
        if node is None or node_id in trail:
            return {"kind": "missing", "id": node_id}
        if isinstance(node, OutcomeNode):
            return {
                "kind": "outcome",
                "id": node_id,
                "title": text_for(node.title, None),
                "urgency": node.urgency,
                "urgency_words": URGENCY_WORDS[node.urgency],
            }
        options = [
            {
                "label": o.label or pack.value_label(node.fact, o.value),
                "next": visit(o.next, trail | {node_id}),
            }
            for o in node.options
        ]
        return {
            "kind": "question",
            "id": node_id,
            "text": text_for(node.text, None),
            "why": text_for(node.why, None),
            "fact": pack.facts[node.fact].label if node.fact in pack.facts else node.fact,
            "options": options,
        }

    return visit(flow.start, frozenset())


def ticked_items(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit() and len(v) < 4}


def flow_facts(flow: Flow) -> set[str]:
    return {n.fact for n in flow.nodes.values() if isinstance(n, QuestionNode)}


def confirmed_facts(pack: ContentPack, flow: Flow, form: Mapping[str, list[str]]) -> dict[str, str]:
    """The facts read from text and confirmed on the start page (k.FACT), those the guide asks about; "" = ask me."""
    from vinrguide.web.state import GIVEN_PREFIX, FormError, _check_fact, check_may_be_given

    asked = flow_facts(flow)
    facts = {}
    for name, values in form.items():
        if not name.startswith(GIVEN_PREFIX):
            continue
        fact = name.removeprefix(GIVEN_PREFIX)
        if len(values) != 1:
            raise FormError(400, "Formuläret innehåller samma uppgift två gånger.")
        if values[0] == "":
            continue
        _check_fact(pack, fact, values[0])
        check_may_be_given(fact)
        if fact in asked:
            facts[fact] = values[0]
    return facts
