"""BM25F over a document's fields with Swedish Snowball stems: search's second lexical signal (issue 14).

Each document has four fields (names: title, aliases, terms and trigger phrases; description; body; context) with a
weight and a length normalisation of their own (Robertson & Zaragoza's BM25F: the fields' normalised term frequencies
are summed before the one saturation). Words are folded (vinrguide.text.fold) and stemmed with the Snowball Swedish
stemmer, so "föräldrarna" and "foraldrar" meet as "foraldr".

`match(stems)` gives each document a confidence in 0–1: the BM25F score over the most a document could score for
those words (every word saturated). It is absolute, not relative to the best document, so that a query whose words
the content hardly has scores low everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

K1 = 1.2


@dataclass(frozen=True)
class Field:
    weight: float
    b: float  # length normalisation: 0 none, 1 full


FIELDS: dict[str, Field] = {
    "names": Field(3.0, 0.3),
    "description": Field(1.5, 0.6),
    "body": Field(1.0, 0.75),
    "context": Field(0.4, 0.5),
}


_SWEDISH_ONLY = "vinrguide._snowball"
"""The name the Swedish stemmer's module is loaded under, without the package's `__init__`."""


@lru_cache(maxsize=1)
def _swedish() -> Any:
    """The stemmer, imported on first use (when the index is built, after the app's first paint).

    Only the Swedish module and the two it imports are loaded: `import snowballstemmer` imports all 35 languages
    (about 9 ms and 6 MB of memory for the rest of the session). They are loaded as a private package whose path is
    snowballstemmer's folder, so the module and its relative imports are snowballstemmer's own, and `snowballstemmer`
    itself stays untouched for anyone who imports it."""
    import importlib
    import importlib.util
    import sys
    import types

    if _SWEDISH_ONLY not in sys.modules:
        spec = importlib.util.find_spec("snowballstemmer")  # finds the package without running its __init__
        if spec is None or not spec.submodule_search_locations:
            from snowballstemmer.swedish_stemmer import SwedishStemmer  # type: ignore[import-untyped,unused-ignore]

            return SwedishStemmer()
        package = types.ModuleType(_SWEDISH_ONLY)
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules[_SWEDISH_ONLY] = package
    module = importlib.import_module(f"{_SWEDISH_ONLY}.swedish_stemmer")
    return module.SwedishStemmer()


@lru_cache(maxsize=100_000)
def snowball(word: str) -> str:
    """The Snowball Swedish stem of a folded word ("barnen" → "barn", "medarbetaren" → "medarbet")."""
    return str(_swedish().stemWord(word)) if word.isalpha() and len(word) > 3 else word


@dataclass
class BM25F:
    # stem → doc → field → term frequency
    postings: dict[str, dict[int, dict[str, int]]] = field(default_factory=dict)
    lengths: dict[tuple[int, str], int] = field(default_factory=dict)
    _average: dict[str, float] = field(default_factory=dict)
    _idf: dict[str, float] = field(default_factory=dict)
    _saturated: dict[str, dict[int, float]] = field(default_factory=dict)
    documents: int = 0

    def add(self, doc: int, field_name: str, folded_words: list[str]) -> None:
        self.documents = max(self.documents, doc + 1)
        for word in folded_words:
            row = self.postings.setdefault(snowball(word), {}).setdefault(doc, {})
            row[field_name] = row.get(field_name, 0) + 1
        self.lengths[(doc, field_name)] = self.lengths.get((doc, field_name), 0) + len(folded_words)

    def finish(self) -> None:
        """Fix the averages and idf, and each (stem, document)'s saturated weight tf'/(K1 + tf'), once; then the
        raw counts are dropped (a query needs only the idf and the saturated weights: 1.6 MB less for the shipped
        pack), so nothing can be added after it."""
        for name in FIELDS:
            sizes = [n for (_, f), n in self.lengths.items() if f == name and n]
            self._average[name] = sum(sizes) / len(sizes) if sizes else 1.0
        n = self.documents
        self._idf = {s: math.log(1.0 + (n - len(d) + 0.5) / (len(d) + 0.5)) for s, d in self.postings.items()}
        for stem, docs in self.postings.items():
            row = self._saturated[stem] = {}
            for doc, counts in docs.items():
                tf = 0.0
                for name, count in counts.items():
                    spec = FIELDS[name]
                    norm = 1.0 - spec.b + spec.b * self.lengths.get((doc, name), 0) / self._average[name]
                    tf += spec.weight * count / norm
                row[doc] = tf / (K1 + tf)
        self.postings = {}
        self.lengths = {}

    def knows(self, stem: str) -> bool:
        return stem in self._idf

    def idf(self, stem: str) -> float:
        return self._idf.get(stem, 0.0)

    def match(
        self, stems: list[str], weights: list[float], only: Collection[int] | None = None
    ) -> dict[int, float]:
        """Per document: Σ weight·idf·tf'/(K1 + tf') over Σ weight·idf (0–1), for the query's stems; `only`: score
        just these documents (the candidates another signal found)."""
        total = sum(w * self.idf(s) for s, w in zip(stems, weights, strict=True))
        if total <= 0:
            return {}
        scores: dict[int, float] = {}
        for stem, weight in zip(stems, weights, strict=True):
            factor = weight * self.idf(stem) / total
            row = self._saturated.get(stem)
            if not factor or not row:
                continue
            pairs: Iterable[tuple[int, float]] = row.items()
            if only is not None and len(only) < len(row):
                pairs = [(doc, row[doc]) for doc in only if doc in row]
            for doc, saturated in pairs:
                scores[doc] = scores.get(doc, 0.0) + factor * saturated
        return scores
