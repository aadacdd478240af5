"""The wheel carries the default content pack: installed outside the repository, check and walk work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .shipped import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


def sh(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_wheel_installs_and_runs_outside_the_repository(tmp_path: Path) -> None:
    # One environment for every step, build and install included: without the repository's pack or source on a path
    # (VINRGUIDE_CONTENT, PYTHONPATH), and with its own temporary folder (pip builds there).
    (tmp_path / "tmp").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("VINRGUIDE_CONTENT", "PYTHONPATH", "PYTHONHOME")}
    env["TMPDIR"] = str(tmp_path / "tmp")
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, ROOT, cwd=tmp_path, env=env)
    wheel = next(dist.glob("vinrguide-*.whl"))
    venv = tmp_path / "venv"
    sh(sys.executable, "-m", "venv", venv, cwd=tmp_path, env=env)
    pip = venv / "bin" / "pip"
    sh(
        pip,
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        ROOT / "constraints.txt",
        wheel,
        cwd=tmp_path,
        env=env,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    exe = venv / "bin" / "vinrguide"
    located = sh(
        venv / "bin" / "python",
        "-c",
        "from vinrguide.content.locate import default_pack_dir; print(default_pack_dir())",
        cwd=elsewhere,
        env=env,
    )
    assert str(venv) in located.stdout  # the bundled pack, not the repository's
    sh(exe, "check", "--quiet", cwd=elsewhere, env=env)
    walked = sh(
        exe,
        "walk",
        "misstanke",
        "--fact",
        "akut=nej",
        "--fact",
        "alder=barn",
        "--fact",
        "heder=ja",
        "--fact",
        "roll=skola",
        "--fact",
        "hem-sakert=ja",
        "--json",
        cwd=elsewhere,
        env=env,
    )
    outcome = json.loads(walked.stdout)["outcome"]
    assert "barn-och-unga" in {r["unit"] for r in outcome["referrals"]}
    sh(exe, "scenarios", cwd=elsewhere, env=env)
