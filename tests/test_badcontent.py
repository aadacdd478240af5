"""The bad-content corpus: one small broken pack per kind of mistake an author makes (tests/badcontent/).

Each case directory holds only the files that differ from tests/badcontent/_base (a minimal, complete pack with no
findings at all) and an `expect.toml`:

    about  = "what the author did wrong"
    delete = ["routines/units.toml"]   # optional: files of _base that the case removes
    encode = { "flows/enkel.toml" = "cp1252" }  # optional: files the test saves in another encoding (they are
                                        # kept as UTF-8 in the repository, so that editors and linters can read them)
    today  = 2030-01-01                 # optional: the date review_by is compared with (default 2026-06-01)
    exit   = 0                          # optional: 0 for warning-only cases (default 1)
    cli    = true                       # optional: also run through the installed `vinrguide` in a subprocess
    also   = ["VG116"]                  # optional: other codes the case may produce besides the expected ones
    [[expect]]                          # one or more findings that must be there
    code = "VG102"
    file = "flows/enkel.toml"           # optional
    line = 14                           # optional

Every case must produce its expected findings and no other codes (so that a case stays one mistake), `check` must
exit 1 on errors and 0 on warnings only, print valid JSON and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from vinrguide.cli import main
from vinrguide.content.check import Finding, check_pack, has_errors
from vinrguide.content.diagnostics import REGISTRY
from vinrguide.content.pack import load_pack

CORPUS = Path(__file__).resolve().parent / "badcontent"
BASE = CORPUS / "_base"
DEFAULT_TODAY = dt.date(2026, 6, 1)
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def expectations(case: str) -> dict[str, Any]:
    return tomllib.loads((CORPUS / case / "expect.toml").read_text(encoding="utf-8"))


def build(case: str, into: Path) -> Path:
    """_base copied to `into`, the case's files laid over it and its `delete` list removed."""
    pack = into / case
    shutil.copytree(BASE, pack)
    source = CORPUS / case
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expect.toml":
            target = pack / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expect = expectations(case)
    for rel, encoding in expect.get("encode", {}).items():
        target = pack / rel
        target.write_bytes(target.read_text(encoding="utf-8").encode(encoding))
    for rel in expect.get("delete", []):
        target = pack / rel
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    return pack


def today_of(expect: dict[str, Any]) -> dt.date:
    value = expect.get("today", DEFAULT_TODAY)
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def assert_expected(case: str, expect: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    shown = "\n".join(f"  {f['code']} {f['file']}:{f['line']} {f['message']}" for f in findings)
    for wanted in expect["expect"]:
        matching = [
            f
            for f in findings
            if f["code"] == wanted["code"]
            and ("file" not in wanted or f["file"] == wanted["file"])
            and ("line" not in wanted or f["line"] == wanted["line"])
        ]
        assert matching, f"{case}: expected {wanted}, got:\n{shown}"
    allowed = {w["code"] for w in expect["expect"]} | set(expect.get("also", []))
    extra = {f["code"] for f in findings} - allowed
    assert not extra, f"{case}: unexpected codes {sorted(extra)}:\n{shown}"
    for finding in findings:
        assert finding["message"].strip(), f"{case}: a finding without a message: {finding}"
        assert finding["file"], f"{case}: a finding without a file: {finding}"


# ------------------------------------------------------------------ the corpus itself


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 24


def test_base_pack_has_no_findings() -> None:
    pack = load_pack(BASE)
    assert pack.errors == []
    assert check_pack(pack, DEFAULT_TODAY) == []


def test_every_registered_code_has_a_case() -> None:
    covered = {w["code"] for case in CASES for w in expectations(case)["expect"]}
    missing = sorted(set(REGISTRY) - covered)
    assert not missing, f"no bad-content case for {missing}"


# ------------------------------------------------------------------ every case, in-process


@pytest.mark.parametrize("case", CASES)
def test_case_in_process(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expect = expectations(case)
    assert expect.get("about"), f"{case}: expect.toml needs 'about'"
    pack_dir = build(case, tmp_path)
    today = today_of(expect)

    findings = check_pack(load_pack(pack_dir), today)
    assert all(isinstance(f, Finding) and str(f) for f in findings)
    as_dicts = [f.as_json() for f in findings]
    assert_expected(case, expect, as_dicts)
    assert has_errors(findings) == (expect.get("exit", 1) == 1)

    code = main(["check", "--content", str(pack_dir), "--json", "--today", today.isoformat()])
    out, err = capsys.readouterr()
    assert code == expect.get("exit", 1)
    assert json.loads(out) == {"findings": as_dicts}
    assert "Traceback" not in out + err

    code = main(["check", "--content", str(pack_dir), "--today", today.isoformat()])
    out, err = capsys.readouterr()
    assert code == expect.get("exit", 1)
    assert "Traceback" not in out + err
    for wanted in expect["expect"]:
        assert wanted["code"] in out


# ------------------------------------------------------------------ a few cases through the real command line

CLI_CASES = [case for case in CASES if expectations(case).get("cli")]


def vinrguide_exe() -> str:
    beside = Path(sys.executable).parent / "vinrguide"
    return str(beside) if beside.exists() else (shutil.which("vinrguide") or "vinrguide")


def test_some_cases_run_through_the_cli() -> None:
    assert len(CLI_CASES) >= 3
    assert any(expectations(case).get("exit", 1) == 0 for case in CLI_CASES)


@pytest.mark.parametrize("case", CLI_CASES)
def test_case_through_the_cli(case: str, tmp_path: Path) -> None:
    expect = expectations(case)
    pack_dir = build(case, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "VINRGUIDE_CONTENT"}
    result = subprocess.run(
        [
            vinrguide_exe(),
            "check",
            "--content",
            str(pack_dir),
            "--json",
            "--today",
            today_of(expect).isoformat(),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == expect.get("exit", 1), result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"findings"}
    for finding in data["findings"]:
        assert set(finding) == {"code", "severity", "file", "line", "path", "message"}
    assert_expected(case, expect, data["findings"])


def test_examples_in_code_are_not_links(tmp_path: Path) -> None:
    pack_dir = tmp_path / "pack"
    shutil.copytree(BASE, pack_dir)
    routine = pack_dir / "routines" / "rutin.md"
    example = "\n\nSå skriver du en länk: `[Nexus](unit:nexus)`.\n\n```\n[Gör inte](#finns-inte)\n```\n\n    [x](unit:nexus)\n"
    routine.write_text(
        routine.read_text(encoding="utf-8") + example + "\n[Trasig](#finns-inte)\n", encoding="utf-8"
    )
    findings = check_pack(load_pack(pack_dir), DEFAULT_TODAY)
    last_line = len(routine.read_text(encoding="utf-8").splitlines())
    assert [(f.code, f.line) for f in findings] == [("VG205", last_line)]
