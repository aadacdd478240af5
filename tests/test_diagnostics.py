"""The diagnostics registry (content/diagnostics.py) is the one table of codes, and docs/check-codes.md says the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vinrguide.content import diagnostics
from vinrguide.content.diagnostics import REGISTRY, from_error, lookup
from vinrguide.content.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "vinrguide"
_ROW = re.compile(r"^\| (VG\d{3}) \| (error|warning) \| (.+?) \| (.+?) \|$", re.M)


def documented() -> dict[str, tuple[str, str]]:
    text = (ROOT / "docs" / "check-codes.md").read_text(encoding="utf-8")
    rows: dict[str, tuple[str, str]] = {}
    for code, severity, summary, _fix in _ROW.findall(text):
        assert code not in rows, f"docs/check-codes.md lists {code} twice"
        rows[code] = (severity, summary)
    return rows


def test_the_docs_table_lists_every_code_with_its_severity_and_summary() -> None:
    docs = documented()
    assert sorted(docs) == sorted(REGISTRY), (
        f"only in the registry: {sorted(set(REGISTRY) - set(docs))}; "
        f"only in docs/check-codes.md: {sorted(set(docs) - set(REGISTRY))}"
    )
    for code, diagnostic in REGISTRY.items():
        assert docs[code] == (diagnostic.severity, diagnostic.summary), (
            f"{code}: docs/check-codes.md says {docs[code]}, the registry {(diagnostic.severity, diagnostic.summary)}"
        )


def test_a_code_means_one_thing() -> None:
    summaries = [d.summary for d in REGISTRY.values()]
    assert len(summaries) == len(set(summaries))
    duplicate_ids = lookup("VG101").summary
    assert "anchor" not in duplicate_ids and "anchor" in lookup("VG309").summary


def test_every_code_written_in_the_source_is_registered() -> None:
    """A loader or checker that names a code the registry does not know would crash `check` (lookup fails)."""
    used: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        for code in re.findall(r"[\"'](VG\d{3})[\"']", path.read_text(encoding="utf-8")):
            used.setdefault(code, str(path.relative_to(ROOT)))
    unknown = {code: where for code, where in used.items() if code not in REGISTRY}
    assert not unknown, f"codes not in content/diagnostics.py: {unknown}"


CALL_SITES = sorted(
    str(p.relative_to(SRC))
    for p in [*SRC.glob("content/*.py"), *SRC.glob("commands/*.py")]
    if p.name not in ("diagnostics.py", "errors.py")
)


@pytest.mark.parametrize("module", CALL_SITES)
def test_no_code_is_written_at_a_call_site(module: str) -> None:
    """The checks and the loader name a Diagnostic; only the registry writes a code."""
    text = (SRC / module).read_text(encoding="utf-8")
    assert not re.findall(r"[\"']VG\d{3}[\"']", text)


@pytest.mark.parametrize("module", ["content/check.py", "commands/check.py"])
def test_no_severity_is_written_at_a_call_site(module: str) -> None:
    text = (SRC / module).read_text(encoding="utf-8")
    assert not re.findall(r"[\"'](error|warning)[\"']", text)


def test_a_loading_error_takes_its_severity_from_the_registry() -> None:
    error = diagnostics.DUPLICATE_ID.error("flows/a.toml", 3, "id", kind="guiden", ident="a")
    assert isinstance(error, ContentError) and error.code == "VG101"
    finding = from_error(error)
    assert (finding.code, finding.severity, finding.file, finding.line) == (
        "VG101",
        "error",
        "flows/a.toml",
        3,
    )
    assert finding.message == "guiden 'a' finns redan; varje id måste vara unikt"


def test_an_unregistered_code_is_refused() -> None:
    with pytest.raises(KeyError, match="VG999"):
        from_error(ContentError("x.toml", "något", code="VG999"))
