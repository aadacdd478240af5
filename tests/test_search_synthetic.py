"""bench/synthetic_pack.py: a pack many times the shipped one, valid for `check`, and searchable like the original."""

from __future__ import annotations

from pathlib import Path

from bench.synthetic_pack import write_synthetic_pack

from vinrguide.content.check import check_pack, has_errors
from vinrguide.content.pack import load_pack
from vinrguide.search import SearchIndex

from .shipped import shipped_pack


def test_a_synthetic_pack_is_valid_and_larger(tmp_path: Path) -> None:
    pack = load_pack(write_synthetic_pack(tmp_path / "pack", factor=3))
    assert pack.errors == []
    findings = check_pack(pack)
    assert not has_errors(findings), [str(f) for f in findings if f.severity == "error"][:5]
    shipped = shipped_pack()
    assert len(pack.flows) == 3 * len(shipped.flows)
    assert len(pack.routines) == 3 * len(shipped.routines)
    assert len(pack.units) == 3 * len(shipped.units)
    assert len(pack.terms) == 3 * len(shipped.terms)
    hits = SearchIndex.build(pack).search("utreseförbud", limit=5)
    assert hits and all(h.ref.split("#")[-1] in ("utreseforbud",) or h.kind == "flow" for h in hits[:3])
