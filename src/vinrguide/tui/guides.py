"""The content as the app offers it: guides in order, which guides work, search with a fallback, facts read from text.

Search (`vinrguide.search`) and reading facts from text (`vinrguide.facts_from_text`) come from their own issue; they
are imported lazily, and until they exist guides are matched by title, description and trigger phrases here.
Nothing here keeps or logs the user's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vinrguide.content.models import Flow
    from vinrguide.content.pack import ContentPack

# Where staff can get advice when nothing matched (those present in the directory are offered).
ADVICE_UNITS = ("nexus", "barn-och-unga", "resurscentrum-heder", "nch", "valdsombud")
FALLBACK_THRESHOLD = 62


@dataclass(frozen=True)
class FoundHit:
    """The shape of search.Hit, for the fallback matcher."""

    ref: str
    kind: str
    title: str
    score: float
    snippet: str


@dataclass(frozen=True)
class ReadFact:
    """The shape of facts_from_text.FactGuess."""

    fact: str
    value: str
    phrase: str


def ordered_flows(pack: ContentPack) -> list[Flow]:
    """By measure (2.3, 2.4, 2.5), then the guides without one, each group by title."""
    return sorted(pack.flows.values(), key=lambda f: (f.measure is None, f.measure or "", f.title.casefold()))


def flow_problems(pack: ContentPack) -> dict[str, str]:
    """Guides that cannot be walked (a dangling option, a loop, no acute outcome), with why in plain words."""
    from vinrguide.content.models import QuestionNode

    problems: dict[str, str] = {}
    for flow in pack.flows.values():
        acute = [k for k, n in flow.outcomes().items() if n.acute]
        if len(acute) != 1:
            problems[flow.id] = "guiden har inget (eller mer än ett) akut utfall"
            continue
        stack: list[tuple[str, frozenset[str]]] = [(flow.start, frozenset())]
        seen: set[tuple[str, frozenset[str]]] = set()
        while stack and flow.id not in problems:
            node_id, trail = stack.pop()
            node = flow.nodes.get(node_id)
            if node is None:
                problems[flow.id] = f"guiden pekar på steget '{node_id}', som inte finns"
            elif node_id in trail:
                problems[flow.id] = f"guiden går i en slinga vid steget '{node_id}'"
            elif isinstance(node, QuestionNode) and (node_id, trail) not in seen:
                seen.add((node_id, trail))
                stack += [(o.next, trail | {node_id}) for o in node.options]
    return problems


class Finder:
    """One per app: the search index (built on first use) or the fallback matcher."""

    def __init__(self, pack: ContentPack) -> None:
        self.pack = pack
        self._index: Any = None
        self._tried = False

    def _search_index(self) -> Any:
        if not self._tried:
            self._tried = True
            try:
                from vinrguide.search import SearchIndex  # type: ignore[import-not-found,unused-ignore]

                self._index = SearchIndex.build(self.pack)
            except Exception:  # not written yet, or broken: fall back (never crash the start screen)
                self._index = None
        return self._index

    def forget(self) -> None:
        """Drop what the search remembers of earlier queries (part of clearing the session)."""
        if self._index is not None and hasattr(self._index, "clear_cache"):
            self._index.clear_cache()

    def search(self, text: str, limit: int = 10) -> list[FoundHit]:
        text = text.strip()
        if not text:
            return []
        index = self._search_index()
        if index is not None:
            try:
                return [
                    FoundHit(h.ref, h.kind, h.title, h.score, h.snippet)
                    for h in index.search(text, limit=limit)
                ]
            except Exception:
                pass
        return self._fallback(text, limit)

    def _fallback(self, text: str, limit: int) -> list[FoundHit]:
        from rapidfuzz import fuzz, utils

        hits = []
        for flow in self.pack.flows.values():
            candidates = [flow.title, flow.description, *flow.triggers]
            score = max(fuzz.WRatio(text, c, processor=utils.default_process) for c in candidates)
            if score >= FALLBACK_THRESHOLD:
                hits.append(FoundHit(f"flow:{flow.id}", "flow", flow.title, score, flow.description))
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def read_facts(self, text: str) -> list[ReadFact]:
        try:
            from vinrguide.facts_from_text import read_facts  # type: ignore[import-not-found,unused-ignore]
        except Exception:
            return []
        try:
            guesses = read_facts(self.pack, text)
        except Exception:
            return []
        found = []
        for guess in guesses:
            if guess.fact == "akut" and guess.value != "ja":  # akut is never pre-filled to nej
                continue
            found.append(ReadFact(guess.fact, guess.value, guess.phrase))
        return found


def flow_facts(flow: Flow) -> list[str]:
    """The facts a guide asks about, in the order of its nodes."""
    from vinrguide.content.models import QuestionNode

    seen: list[str] = []
    for node in flow.nodes.values():
        if isinstance(node, QuestionNode) and node.fact not in seen:
            seen.append(node.fact)
    return seen
