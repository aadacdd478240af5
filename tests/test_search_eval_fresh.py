"""The fresh evaluation (bench/eval/*_2026-12.toml, issue 14): a guard against regressions, not a target to tune on.

The sets were written before any tuning and are never edited; the figures and targets are reported by
`python -m bench.search_bench`. These floors sit a little under what the search reaches today (top-1 0.91, top-3 0.96,
off-topic 5 %, facts 0.96 / 0.98), so that a content or code change that loses ground is seen; the issue's targets
(top-1 0.92, top-3 0.98) are higher and are reported, not asserted.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from bench import search_bench

from vinrguide.search import SearchIndex

from .shipped import ROOT, shipped_pack

# the sets as committed in 9bd85d8 (bench/eval: written before any tuning); a changed file fails here
HASHES = {
    "queries_2026-12.toml": "b419c761dd7c5d2d9be2d61a690a0d048ec9160fd7842efa37220e831f8138b2",
    "offtopic_2026-12.toml": "ed94aca796cf113eed7bdadf5477ac86dff2ed0afa82c23b8a40fb6a4073f20b",
    "narratives_2026-12.toml": "1e2177726eefac3fbcaec990e70bfb1ac56f1f225d6298087b0003d432523309",
}


@lru_cache(maxsize=1)
def index() -> SearchIndex:
    return SearchIndex.build(shipped_pack())


def test_the_fresh_sets_are_unedited() -> None:
    for name, digest in HASHES.items():
        data = (ROOT / "bench" / "eval" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, (
            f"bench/eval/{name} was edited: add a new dated set"
        )


def test_fresh_queries_do_not_lose_ground() -> None:
    cases = search_bench.fresh_set()
    search, reset = search_bench.ours(index())
    quality = search_bench.evaluate(search, cases, dict(index().flow_of_ref), reset)
    misses = "\n".join(quality.misses)
    assert quality.top1 >= 0.88, f"top-1 {quality.top1:.3f}\n{misses}"
    assert quality.top3 >= 0.94, f"top-3 {quality.top3:.3f}\n{misses}"
    assert quality.answered_offtopic <= 0.07, f"off-topic answered {quality.answered_offtopic:.3f}"


def test_fresh_narratives_do_not_lose_ground() -> None:
    figures = search_bench.fresh_facts(shipped_pack())
    errors = "\n".join(figures.errors)
    assert figures.precision >= 0.95, f"precision {figures.precision:.3f}\n{errors}"
    assert figures.recall >= 0.90, f"recall {figures.recall:.3f}\n{errors}"
