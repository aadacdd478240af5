"""Plain mode (`vinrguide walk FLOW` on a terminal): acute help at any question, and the same outcome text as the
non-interactive walk. (The numbered dialogue itself: tests/test_cli.py.)"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .shipped import ROOT

NOW = "2026-05-20T10:00"


def plain(flow: str, answers: str) -> str:
    done = subprocess.run(
        ["script", "-qec", f"{sys.executable} -m vinrguide walk {flow} --now {NOW}", "/dev/null"],
        input=answers,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    return done.stdout.replace("\r\n", "\n")


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux script for a pseudo-terminal")
def test_acute_help_at_any_question_and_the_same_outcome_as_without_a_terminal() -> None:
    out = plain("utlandsresa", "2\na\n1\n2\n")
    assert "a = akut hjälp" in out.split("\n\n", 1)[0]
    acute = out.split("AKUT HJÄLP", 1)[1]
    assert "112 – larmnumret: 112" in acute and "Kvinnofridslinjen: 020-50 50 50" in acute
    assert acute.index("Kvinnofridslinjen") < acute.index("Hur gammal")  # then the same question again
    facts = ["--fact", "akut=nej", "--fact", "alder=barn", "--fact", "avresa=planerad"]
    quiet = subprocess.run(
        [sys.executable, "-m", "vinrguide", "walk", "utlandsresa", *facts, "--now", NOW],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.strip() and quiet.stdout.strip() in out
