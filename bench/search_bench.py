"""Search and facts from text: quality and speed, on the fresh sets and the old one, against two baselines.

    .venv/bin/python -m bench.search_bench                 (also part of `make bench`; about a minute)
    .venv/bin/python -m bench.search_bench --sets 12,12b,12c,12d,12e,12f,12g,12h,old   (what to run while tuning)
    .venv/bin/python -m bench.search_bench --sets 12i,12j  (the unseen sets: for the lead, after tuning)
    .venv/bin/python -m bench.search_bench --quick -v      (no 100× pack; -v lists the misses of the sets run)

Sets (`--sets`, comma-separated keys; by default all whose files exist except 12i and 12j), reported separately:
- 12j (bench/eval/*_2026-12j.toml): a tenth blind set, committed before the seventh tuning round's changes and never
  run while tuning: only when named (`--sets 12j`), by the lead, after it;
- 12i (bench/eval/*_2026-12i.toml): a ninth blind set, committed before the seventh tuning round and never run while
  tuning; the lead saw 11 of its misses when measuring it before the round, so 12j is the round's clean measure;
- 12h (bench/eval/*_2026-12h.toml): an eighth blind set, committed before the sixth tuning round, measured blind
  after it, seen (tuned on) in the seventh round;
- 12g (bench/eval/*_2026-12g.toml): a seventh blind set, committed before the fifth tuning round, never run while
  tuning, measured blind after it; then seen (two vocabulary rules for the silences it showed);
- 12f (bench/eval/*_2026-12f.toml): a sixth blind set, committed before the fourth tuning round, measured blind
  after it, seen (tuned on) in the fifth round;
- 12e (bench/eval/*_2026-12e.toml): a fifth blind set, committed before the third tuning round, measured blind
  after it, seen (tuned on) in the fourth round;
- 12d (bench/eval/*_2026-12d.toml): a fourth blind set, committed before the second tuning round, measured blind
  after it, seen (tuned on) in the third round;
- 12c (bench/eval/*_2026-12c.toml): a third blind set, written by someone who saw no code or content, committed by
  the lead after the tuning on 12 and 12b; seen (tuned on) in the second round;
- 12b (bench/eval/*_2026-12b.toml, written blind by another author, never edited since; seen while tuning);
- 12 (bench/eval/*_2026-12.toml, written before any tuning, never edited since – see their headers; seen while
  tuning): queries with the acceptable best refs (a `flow:X` in a case also accepts a routine section that flow X
  cites), off-topic municipal queries that must give no hits, and narratives with the facts they state;
- old (tests/search_eval.toml, which the search was tuned on): queries and negatives; the scenario vignettes for facts.

Methods, in the same run over the same documents:
- ours: `SearchIndex.search`, the ranked list the API returns, best first (what every surface shows, issue 14 item 1);
  "grouped" is the same hits as the start screen showed them before issue 14 (guides, then sections, then contacts);
- WRatio: rapidfuzz WRatio of the query against every document's title (it always answers);
- BM25: plain Okapi BM25 (k1 1.2, b 0.75) over every document's text and the names terms.toml gives it, folded words
  without stems or synonyms (it answers whenever a word is shared).
Quality: top-1, top-3, the off-topic queries answered; facts: precision, recall, narratives fully right.
Speed: per-query latency p50/p95 (ms) with the per-word cache emptied before each query, on the shipped pack and a
pack 100× its size (there a synthetic copy of a right ref, "routine:X-7#a" for "routine:X#a", counts too); "×BM25" is
our p95 over BM25's in the same run (a busy machine inflates both).
Targets (issue 14): fresh top-1 ≥ 0.92, top-3 ≥ 0.98 (as shown); off-topic answered ≤ 5 %; facts precision ≥ 0.95,
recall ≥ 0.80; p95 ≤ 5 ms shipped, ≤ 50 ms on the 100× pack.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from bench.synthetic_pack import ROOT, synthetic_pack
from vinrguide.content import pack as content_pack
from vinrguide.content.pack import ContentPack, load_pack
from vinrguide.search import SearchIndex

EVAL_DIR = ROOT / "bench" / "eval"
FRESH = "2026-12"
BLIND = "2026-12b"  # a second fresh set, written blind by another author (see the files' headers)
# The dated sets by key (`--sets`): the files' stamp and how the report names them. 12c is reported only when its
# files exist; it was written after the tuning on 12 and 12b, by someone who saw no code or content.
DATED = {
    "12": (FRESH, "fresh"),
    "12b": (BLIND, "blind"),
    "12c": ("2026-12c", "blind"),
    "12d": ("2026-12d", "blind"),
    "12e": ("2026-12e", "blind"),
    "12f": ("2026-12f", "blind"),
    "12g": ("2026-12g", "blind"),
    "12h": ("2026-12h", "blind"),
    "12i": ("2026-12i", "blind"),
    "12j": ("2026-12j", "blind"),
}
# Sets run only when named (`--sets 12i,12j`): blind sets kept for a measure after tuning, never run by default
UNSEEN = frozenset(("12i", "12j"))
SET_KEYS = (*DATED, "old")
OLD_EVAL = ROOT / "tests" / "search_eval.toml"
LIMIT = 10  # what the app asks for
GROUP_ORDER = {"flow": 0, "routine": 1, "unit": 2}  # the start screen before issue 14
_COPY = re.compile(r"^(\w+:[a-z0-9-]+?)-\d+(#|$)")
_WORD = re.compile(r"[a-z0-9]+")

Searcher = Callable[[str], list[tuple[str, str]]]  # query → [(ref, kind)], best first


# ---------------------------------------------------------------------------------------------------------- sets


@dataclass(frozen=True)
class QuerySet:
    name: str
    queries: list[tuple[str, frozenset[str]]]  # query, acceptable refs
    offtopic: list[str]
    flow_sections: bool  # a flow:X in a case also accepts the routine sections X cites


def fresh_set(stamp: str = FRESH, label: str = "fresh") -> QuerySet:
    queries = tomllib.loads((EVAL_DIR / f"queries_{stamp}.toml").read_text(encoding="utf-8"))["query"]
    offtopic = tomllib.loads((EVAL_DIR / f"offtopic_{stamp}.toml").read_text(encoding="utf-8"))["queries"]
    return QuerySet(
        f"{label} {stamp}", [(c["q"], frozenset(c["expect"])) for c in queries], list(offtopic), True
    )


def blind_set() -> QuerySet:
    return fresh_set(BLIND, "blind")


def old_set() -> QuerySet:
    data = tomllib.loads(OLD_EVAL.read_text(encoding="utf-8"))
    return QuerySet(
        "old search_eval",
        [(c["q"], frozenset(c["refs"])) for c in data["query"]],
        [c["q"] for c in data.get("negative", [])],
        False,
    )


def dated_exists(key: str) -> bool:
    stamp = DATED[key][0]
    return all(
        (EVAL_DIR / f"{kind}_{stamp}.toml").is_file() for kind in ("queries", "offtopic", "narratives")
    )


def chosen_sets(spec: str | None) -> list[str]:
    """The set keys to run: those named in `spec` ("12,12b,old"), or every set whose files exist but the UNSEEN."""
    if spec is None:
        return [k for k in SET_KEYS if k == "old" or (k not in UNSEEN and dated_exists(k))]
    keys = [k.strip() for k in spec.split(",") if k.strip()]
    unknown = [k for k in keys if k not in SET_KEYS]
    if unknown or not keys:
        raise SystemExit(
            f"--sets: okänd mängd {', '.join(unknown) or '(tom)'}; välj bland {', '.join(SET_KEYS)}"
        )
    missing = [k for k in keys if k != "old" and not dated_exists(k)]
    if missing:
        raise SystemExit(f"--sets: filerna för {', '.join(missing)} finns inte i {EVAL_DIR}")
    return keys


def query_set(key: str) -> QuerySet:
    if key == "old":
        return old_set()
    stamp, label = DATED[key]
    return fresh_set(stamp, label)


def narratives(stamp: str = FRESH) -> list[dict[str, Any]]:
    data = tomllib.loads((EVAL_DIR / f"narratives_{stamp}.toml").read_text(encoding="utf-8"))
    return list(data["narrative"])


# ---------------------------------------------------------------------------------------------------------- scoring


def original(ref: str, shipped: set[str] | None) -> str:
    """The shipped ref a synthetic copy stands for ("routine:x-7#a" → "routine:x#a"; "unit:akut-112" stays)."""
    if shipped is None or ref in shipped:
        return ref
    return _COPY.sub(r"\1\2", ref)


def is_right(
    ref: str, right: frozenset[str], cited_by: dict[str, tuple[str, ...]], flow_sections: bool
) -> bool:
    if ref in right:
        return True
    return (
        flow_sections
        and ref.startswith("routine:")
        and any(f"flow:{f}" in right for f in cited_by.get(ref, ()))
    )


@dataclass
class Quality:
    top1: float
    top3: float
    grouped_top1: float  # as the start screen showed it before issue 14
    answered_offtopic: float
    p50: float
    p95: float
    cpu_p95: float  # process CPU time: what a busy machine inflates much less
    misses: list[str]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def evaluate(
    search: Searcher,
    cases: QuerySet,
    cited_by: dict[str, tuple[str, ...]],
    before: Callable[[], None] | None = None,
    shipped: set[str] | None = None,
) -> Quality:
    top1 = top3 = grouped = 0
    timings: list[float] = []
    cpu: list[float] = []
    misses = []

    def timed(query: str) -> list[tuple[str, str]]:
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        found = search(query)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        return [(original(ref, shipped), kind) for ref, kind in found]

    for query, right in cases.queries:
        found = timed(query)
        ok = [is_right(ref, right, cited_by, cases.flow_sections) for ref, _ in found]
        top1 += bool(ok) and ok[0]
        top3 += any(ok[:3])
        regrouped = sorted(range(len(found)), key=lambda i: GROUP_ORDER[found[i][1]])
        grouped += bool(regrouped) and ok[regrouped[0]]
        if not (ok and ok[0]):
            misses.append(f"{query!r} → {[ref for ref, _ in found[:3]]} (want {sorted(right)})")
    answered = sum(bool(timed(query)) for query in cases.offtopic)
    n = len(cases.queries)
    return Quality(
        top1 / n,
        top3 / n,
        grouped / n,
        answered / len(cases.offtopic) if cases.offtopic else 0.0,
        statistics.median(timings),
        _p95(timings),
        _p95(cpu),
        misses,
    )


# ---------------------------------------------------------------------------------------------------------- methods


def ours(index: SearchIndex) -> tuple[Searcher, Callable[[], None]]:
    def search(query: str) -> list[tuple[str, str]]:
        return [(h.ref, h.kind) for h in index.search(query, limit=LIMIT)]

    return search, index.clear_cache


def wratio(index: SearchIndex) -> Searcher:
    """Plain rapidfuzz WRatio over the documents' titles; no threshold (it always answers)."""
    titles = [doc.title for doc in index.docs]
    refs = [(doc.ref, doc.kind) for doc in index.docs]

    def search(query: str) -> list[tuple[str, str]]:
        found = process.extract(query, titles, scorer=fuzz.WRatio, limit=LIMIT)
        return [refs[i] for _, score, i in found if score > 0]

    return search


def _fold_words(text: str) -> list[str]:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(ascii_text)


def document_texts(pack: ContentPack) -> list[tuple[str, str, str]]:
    """(ref, kind, all the document's text) for every flow, routine section and unit, with its terms' names."""
    docs: dict[str, tuple[str, list[str]]] = {}
    for flow in pack.flows.values():
        docs[f"flow:{flow.id}"] = ("flow", [flow.title, flow.description, *flow.triggers])
    for routine in pack.routines.values():
        for section in routine.sections:
            docs[f"routine:{routine.id}#{section.anchor}"] = (
                "routine",
                [section.heading, section.body, routine.meta.title],
            )
    for unit in pack.units.values():
        docs[f"unit:{unit.id}"] = ("unit", [unit.name, *unit.aliases, unit.description])
    for term in pack.terms:
        if term.ref in docs:
            docs[term.ref][1].extend([term.term, *term.synonyms, *term.triggers, term.explanation or ""])
    return [(ref, kind, " ".join(texts)) for ref, (kind, texts) in docs.items()]


def bm25(pack: ContentPack, k1: float = 1.2, b: float = 0.75) -> Searcher:
    """Plain Okapi BM25 over folded words (no stems, no synonyms beyond the terms' names, no threshold)."""
    docs = document_texts(pack)
    counts = [Counter(_fold_words(text)) for _, _, text in docs]
    lengths = [sum(c.values()) for c in counts]
    average = sum(lengths) / len(lengths)
    postings: dict[str, list[tuple[int, int]]] = {}
    for i, counter in enumerate(counts):
        for word, tf in counter.items():
            postings.setdefault(word, []).append((i, tf))
    n = len(docs)

    def search(query: str) -> list[tuple[str, str]]:
        scores: dict[int, float] = {}
        for word in set(_fold_words(query)):
            row = postings.get(word, [])
            if not row:
                continue
            idf = math.log(1 + (n - len(row) + 0.5) / (len(row) + 0.5))
            for i, tf in row:
                norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / average))
                scores[i] = scores.get(i, 0.0) + idf * norm
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:LIMIT]
        return [(docs[i][0], docs[i][1]) for i, _ in best]

    return search


# ---------------------------------------------------------------------------------------------------------- facts


@dataclass
class FactFigures:
    precision: float
    recall: float
    fully_right: int
    cases: int
    errors: list[str]


def _accepted(value: Any) -> set[str]:
    return set(value) if isinstance(value, list) else {value}


def fresh_facts(pack: ContentPack, stamp: str = FRESH) -> FactFigures:
    from vinrguide.facts_from_text import read_facts

    right = read = expected_total = full = 0
    errors = []
    cases = narratives(stamp)
    for case in cases:
        expected = {k: _accepted(v) for k, v in case.get("facts", {}).items()}
        optional = {k: _accepted(v) for k, v in case.get("optional", {}).items()}
        expected_total += len(expected)
        got = {g.fact: g.value for g in read_facts(pack, case["text"])}
        counted = {
            f: v for f, v in got.items() if not (f in optional and f not in expected and v in optional[f])
        }
        good = {f for f, v in counted.items() if f in expected and v in expected[f]}
        right += len(good)
        read += len(counted)
        if good == set(counted) and good == set(expected):
            full += 1
        else:
            errors.append(f"{case['text'][:70]!r}: read {counted}, want {case.get('facts', {})}")
    return FactFigures(right / read if read else 1.0, right / expected_total, full, len(cases), errors)


def vignette_facts(pack: ContentPack) -> FactFigures:
    """The old measure: the scenario files' vignettes; a reading is right when it agrees with the scenario's facts
    (which hold more than the text states, so recall is the share of those facts read)."""
    from vinrguide.facts_from_text import read_facts

    cases = [s for _, s in pack.scenarios if s.vignette]
    right = read = stated = full = 0
    for scenario in cases:
        stated += len(scenario.facts)
        good = wrong = 0
        for guess in read_facts(pack, scenario.vignette or ""):
            expected = scenario.facts.get(guess.fact)
            if expected is not None:
                good += guess.value == expected
                wrong += guess.value != expected
        right += good
        read += good + wrong
        full += wrong == 0
    return FactFigures(right / read if read else 1.0, right / stated if stated else 0.0, full, len(cases), [])


def ambiguity(index: SearchIndex, cases: QuerySet, cited_by: dict[str, tuple[str, ...]]) -> str:
    """How often the search asks between two guides (issue 14 item 6), and whether that helps."""
    asked = rescued = neither = 0
    for query, right in cases.queries:
        hits = index.search(query, limit=LIMIT)
        pair = index.ambiguous(hits)
        if pair is None:
            continue
        asked += 1
        with_right = any(f"flow:{f}" in right for f in pair)
        first_right = bool(hits) and is_right(hits[0].ref, right, cited_by, cases.flow_sections)
        rescued += with_right and not first_right
        neither += not with_right
    return (
        f"ambiguity ({cases.name}): asked between two guides for {asked}/{len(cases.queries)} queries; "
        f"a right guide in the pair where the first hit was wrong: {rescued}; neither guide right: {neither}"
    )


# ---------------------------------------------------------------------------------------------------------- report


def rows_for(
    pack_name: str,
    pack: ContentPack,
    index: SearchIndex,
    sets: Iterable[QuerySet],
    cited_by: dict[str, tuple[str, ...]],
    shipped: set[str] | None = None,
) -> tuple[list[str], dict[str, Quality]]:
    search, reset = ours(index)
    methods: list[tuple[str, Searcher, Callable[[], None] | None]] = [
        ("ours", search, reset),
        ("WRatio", wratio(index), None),
        ("BM25", bm25(pack), None),
    ]
    rows = []
    kept: dict[str, Quality] = {}
    for cases in sets:
        figures = {label: evaluate(s, cases, cited_by, before, shipped) for label, s, before in methods}
        for label, q in figures.items():
            ratio = q.p95 / figures["BM25"].p95 if figures["BM25"].p95 else float("nan")
            grouped = f"{q.grouped_top1:.3f}" if label == "ours" else "–"
            rows.append(
                f"| {cases.name} | {pack_name} | {label} | {len(cases.queries)} | {q.top1:.3f} | {q.top3:.3f} | "
                f"{grouped} | {q.answered_offtopic:.3f} ({len(cases.offtopic)}) | {q.p50:.2f} | {q.p95:.2f} | "
                f"{q.cpu_p95:.2f} | {ratio:.1f} |"
            )
        kept[f"{cases.name}/{pack_name}"] = figures["ours"]
    return rows, kept


def build_ms(pack: ContentPack, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds to build the index (after a warm-up build when runs > 1)."""
    if runs > 1:
        SearchIndex.build(pack)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        SearchIndex.build(pack)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_bench", description=__doc__.splitlines()[0])
    parser.add_argument("-v", action="store_true", help="list the misses and the facts not fully right")
    parser.add_argument(
        "--sets", help=f"comma-separated, of {','.join(SET_KEYS)} (default: all that exist but 12i and 12j)"
    )
    parser.add_argument("--quick", action="store_true", help="the shipped pack only (no 100× pack)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    keys = chosen_sets(args.sets)
    shipped = load_pack(ROOT)
    index = SearchIndex.build(shipped)
    cited_by = dict(index.flow_of_ref)
    sets = [query_set(k) for k in keys]
    print(f"sets: {', '.join(keys)}")
    print("search: ranked as the API returns it (what every surface shows); latency per query in ms")
    print(
        "| set | pack | method | queries | top-1 | top-3 | top-1 grouped | off-topic answered | p50 | p95 "
        "| p95 CPU | ×BM25 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows, kept = rows_for("shipped", shipped, index, sets, cited_by)
    print("\n".join(rows), flush=True)
    builds = [("shipped", len(index.docs), *build_ms(shipped, 7))]
    big_kept: dict[str, Quality] = {}
    if not args.quick:
        with synthetic_pack(100) as root:
            # the 100× pack is larger than a real pack may be (its terms.toml, the whole pack): allowed here
            limits = content_pack.MAX_FILE_BYTES, content_pack.MAX_PACK_CHARS
            content_pack.MAX_FILE_BYTES, content_pack.MAX_PACK_CHARS = 50_000_000, 500_000_000
            try:
                big = load_pack(root)
            finally:
                content_pack.MAX_FILE_BYTES, content_pack.MAX_PACK_CHARS = limits
            if big.errors:
                print(f"synthetic pack failed to load: {big.errors[0]}", file=sys.stderr)
                return 1
            shipped_refs = {doc.ref for doc in index.docs}
            start, start_cpu = time.perf_counter(), time.process_time()
            big_index = SearchIndex.build(big)
            builds.append(
                (
                    "100×",
                    len(big_index.docs),
                    (time.perf_counter() - start) * 1000,
                    (time.process_time() - start_cpu) * 1000,
                )
            )
            rows, big_kept = rows_for("100×", big, big_index, sets, cited_by, shipped_refs)
            print("\n".join(rows), flush=True)
    for name, documents, wall, cpu in builds:
        print(f"index build, {name} pack ({documents} documents): {wall:.0f} ms wall, {cpu:.0f} ms CPU")
    print()
    print("facts from text: | set | cases | precision | recall | fully right |")
    fact_errors: dict[str, list[str]] = {}
    for key in keys:
        if key == "old":
            old = vignette_facts(shipped)
            print(
                f"| old: scenario vignettes (no wrong reading) | {old.cases} | {old.precision:.3f} | "
                f"{old.recall:.3f} | {old.fully_right} |"
            )
            continue
        stamp, label = DATED[key]
        figures = fresh_facts(shipped, stamp)
        fact_errors[f"{label} {stamp}"] = figures.errors
        print(
            f"| {label} {stamp} narratives | {figures.cases} | {figures.precision:.3f} | {figures.recall:.3f} | "
            f"{figures.fully_right} |"
        )
    print()
    for key, cases in zip(keys, sets, strict=True):
        if key != "old":
            print(ambiguity(index, cases, cited_by))
    if args.v:
        for name, quality in {**kept, **big_kept}.items():
            print(f"\nnot first ({name}):")
            print("\n".join(f"  {m}" for m in quality.misses))
        for name, errors in fact_errors.items():
            print(f"\nfacts not fully right ({name}):")
            print("\n".join(f"  {e}" for e in errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
