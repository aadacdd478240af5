"""Plain mode (`vinrguide walk` on a terminal, for screen-reader users), on the fixture pack: the draft notice
first, a numbered menu of guides, the role first, no internal ids, acute help at any question, and after the outcome
"b ändra svar · s spara · q avsluta"."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .fixtures import FIXTURE_PACK

NOW = "2026-05-20T10:00"
pytestmark = pytest.mark.skipif(
    shutil.which("script") is None, reason="needs util-linux script for a terminal"
)


def plain(args: str, answers: str, cwd: Path) -> str:
    """The dialogue's output on a real terminal (`script`), answering line by line."""
    command = f"{sys.executable} -m vinrguide walk {args} --content {FIXTURE_PACK} --now {NOW}"
    done = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        input=answers,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )
    return done.stdout.replace("\r\n", "\n")


def test_without_a_guide_the_guides_are_a_menu_and_the_role_is_asked_first(tmp_path: Path) -> None:
    # 1 = En liten guide, 1 = Skola, 2 = nej, 1 = barn, then quit.
    out = plain("", "1\n1\n2\n1\nq\n", tmp_path)
    assert out.index("[Utkast – inte fastställd av Provkommun]") < out.index("1. En liten guide")
    assert "2. Guide där grenarna möts" in out
    assert out.index("Var arbetar du?") < out.index("Är någon i fara just nu?")
    assert "GENAST – I DAG: Gör en orosanmälan genast" in out
    assert "3. Berätta för rektor." in out  # the role chosen first decides the role-tagged actions
    assert "b ändra svar · s spara · q avsluta" in out
    for internal in ("ut-barn", "enkel", "alder", "provrutin", "routine:", "barn-och-unga"):
        assert internal not in out, internal
    assert "Uppsala" not in out


def test_after_the_outcome_b_changes_an_answer_and_s_saves_the_summary(tmp_path: Path) -> None:
    # Skola, nej, barn → outcome; b → the age question again, 2 = vuxen → another outcome; s saves; q quits.
    out = plain("enkel", "1\n2\n1\nb\n2\ns\nq\n", tmp_path)
    assert "1. Under 18 år (ditt tidigare svar)" in out
    assert "SNART – INOM NÅGRA DAGAR: Erbjud stöd" in out
    saved = list(tmp_path.glob("vinrguide-sammanfattning-*.md"))
    assert len(saved) == 1 and f"Sparat: {saved[0]}" in out
    text = saved[0].read_text(encoding="utf-8")
    assert "**Erbjud stöd**" in text and "Provkommun" in text


def test_more_than_five_actions_are_folded_until_m(tmp_path: Path) -> None:
    out = plain("enkel", "1\n2\n1\nm\nq\n", tmp_path)
    folded, unfolded = out.split("m visa fler (4)", 1)
    assert "(Visa fler: 3 till – skriv m)" in folded and "6. " not in folded.split("Gör så här:")[1]
    assert "Visa fler:\n  6. " in unfolded


def test_acute_help_at_any_question_and_the_same_outcome_as_without_a_terminal(tmp_path: Path) -> None:
    out = plain("enkel --fact roll=skola", "2\na\n1\nm\nq\n", tmp_path)
    acute = out.split("AKUT HJÄLP", 1)[1]
    # The units marked acute_help, in the directory's order, then the same question again.
    assert (
        acute.index("- 112: 112 (Akut)")
        < acute.index("- Socialjouren:")
        < acute.index("- Stödlinjen: 020-12 34 56")
    )
    assert acute.index("Stödlinjen") < acute.index("Hur gammal")
    facts = ["--fact", "akut=nej", "--fact", "alder=barn", "--fact", "roll=skola"]
    quiet = subprocess.run(
        [
            sys.executable,
            "-m",
            "vinrguide",
            "walk",
            "enkel",
            *facts,
            "--content",
            str(FIXTURE_PACK),
            "--now",
            NOW,
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.strip() and quiet.stdout.strip() in out
