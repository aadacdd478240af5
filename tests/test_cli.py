"""The command line's contract (design.md): JSON shapes, exit codes, stdout only for output (on the fixture pack)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from vinrguide.cli import main

from .fixtures import FIXTURE_PACK
from .shipped import ROOT

PACK = ["--content", str(FIXTURE_PACK)]
CHILD = ["--fact", "akut=nej", "--fact", "alder=barn", "--fact", "roll=skola"]
WEEKDAY = ["--now", "2026-05-20T10:00"]
SATURDAY_NIGHT = ["--now", "2026-05-23T21:00"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*PACK, *args])
    out, err = capsys.readouterr()
    return code, out, err


def walk_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, "walk", *args, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_walk_json_outcome_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = walk_json(capsys, "enkel", *CHILD, *WEEKDAY)
    assert set(data) == {"flow", "status", "facts", "path", "outcome"}
    assert data["status"] == "outcome"
    assert [(s["node"], s["value"], s["auto"]) for s in data["path"]] == [
        ("akut", "nej", True),
        ("alder", "barn", True),
    ]
    assert data["path"][1]["label"] == "Under 18 år"
    outcome = data["outcome"]
    assert set(outcome) == {
        "node",
        "urgency",
        "status",
        "title",
        "text",
        "actions",
        "dont",
        "referrals",
        "routines",
        "legal",
    }
    assert (outcome["node"], outcome["urgency"], outcome["status"]) == ("ut-barn", "genast", "utkast")
    assert outcome["routines"] == [
        {"ref": "routine:provrutin#barn-anmal-genast", "title": "Provrutin – Barn – anmäl genast"}
    ]
    assert outcome["legal"] == [
        {"id": "sol-anmalan", "citation": "Socialtjänstlagen (2025:400)", "verified": True}
    ]


def test_referrals_carry_web_note_number_and_open_now(capsys: pytest.CaptureFixture[str]) -> None:
    referrals = walk_json(capsys, "enkel", *CHILD, *WEEKDAY)["outcome"]["referrals"]
    assert referrals[0] == {
        "unit": "barn-och-unga",
        "name": "Barn och unga",
        "phone": "0123-45 67 89",
        "web": "https://provkommun.example/anmal",
        "note": "Anmälan tas emot här.",
        "open_now": True,
        "fallback": None,
        "verified": False,
    }
    assert referrals[1]["web"] is None and referrals[1]["note"] is None and referrals[1]["open_now"] is True


def test_after_hours_a_referral_names_its_fallback(capsys: pytest.CaptureFixture[str]) -> None:
    first = walk_json(capsys, "enkel", *CHILD, *SATURDAY_NIGHT)["outcome"]["referrals"][0]
    assert (first["open_now"], first["fallback"]) == (False, "socialjouren")


def test_the_first_five_actions_are_marked_and_the_rest_are_more(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = walk_json(capsys, "enkel", *CHILD, *WEEKDAY)["outcome"]
    assert [a["more"] for a in outcome["actions"]] == [False] * 5 + [True] * 3
    assert [d["more"] for d in outcome["dont"]] == [False] * 5 + [True]


def test_office_hours_order_the_actions(capsys: pytest.CaptureFixture[str]) -> None:
    weekday = [a["text"] for a in walk_json(capsys, "enkel", *CHILD, *WEEKDAY)["outcome"]["actions"]]
    night = [a["text"] for a in walk_json(capsys, "enkel", *CHILD, *SATURDAY_NIGHT)["outcome"]["actions"]]
    assert weekday[0] == "Ring Barn och unga på 0123-45 67 89."  # the {tel:} reference, rendered
    assert night[0] == "Ring socialjouren via 112 om det inte kan vänta."
    assert sorted(weekday) == sorted(night)
    # Midsummer eve, a Friday at 10:00, is outside office hours.
    eve = walk_json(capsys, "enkel", *CHILD, "--now", "2026-06-19T10:00")["outcome"]["actions"]
    assert eve[0]["text"] == night[0]


def test_role_variants_and_role_tagged_actions(capsys: pytest.CaptureFixture[str]) -> None:
    facts = ["--fact", "akut=nej", "--fact", "alder=barn"]
    housing = walk_json(capsys, "enkel", *facts, "--fact", "roll=bostad", *WEEKDAY)["outcome"]
    school = walk_json(capsys, "enkel", *facts, "--fact", "roll=skola", *WEEKDAY)["outcome"]
    nobody = walk_json(capsys, "enkel", *facts, *WEEKDAY)["outcome"]
    assert housing["title"] == "Anmäl din oro i dag" and school["title"] == "Gör en orosanmälan genast"
    assert "Berätta för rektor." in [a["text"] for a in school["actions"]]
    assert "Berätta för rektor." not in [a["text"] for a in housing["actions"] + nobody["actions"]]


def test_walk_json_needs_answer_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = walk_json(capsys, "enkel", "--fact", "akut=nej", "--fact", "roll=bostad")
    assert data["status"] == "needs_answer"
    assert data["question"] == {
        "node": "alder",
        "fact": "alder",
        "text": "Hur gammal är personen?",
        "why": "Ett barn ska få hjälp även om du inte är skyldig att anmäla.",
        "options": [
            {"value": "barn", "label": "Under 18 år"},
            {"value": "vuxen", "label": "18 år eller äldre"},
        ],
    }


def test_akut_given_from_outside_ends_in_the_acute_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    data = walk_json(capsys, "enkel", "--fact", "akut=ja", "--fact", "alder=barn")
    assert data["outcome"]["node"] == "ut-akut"
    assert [s["node"] for s in data["path"]] == ["akut"]


def test_declared_facts_the_flow_does_not_use_are_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    data = walk_json(capsys, "enkel", *CHILD, "--fact", "avresa=planerad")
    assert data["facts"]["avresa"] == "planerad"


def test_options_may_stand_before_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", "--now", "2026-03-21T19:00", "walk", "enkel", *CHILD)
    assert code == 0
    assert json.loads(out)["outcome"]["referrals"][0]["open_now"] is False  # Saturday evening


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["walk", "finns-inte", "--json"], "okänd guide"),
        (["walk", "--json"], "ange en guide"),
        (["walk", "enkel", "--fact", "farg=bla", "--json"], "okänt faktum"),
        (["walk", "enkel", "--fact", "alder=gammal", "--json"], "okänt värde"),
        (["walk", "enkel", "--fact", "alder", "--json"], "faktum=värde"),
        (["walk", "enkel", "--fact", "alder=barn", "--fact", "alder=vuxen", "--json"], "två gånger"),
        (["walk", "enkel", "--now", "igår", "--json"], "ogiltig tidpunkt"),
        (["show", "unit:finns-inte"], "hittar inget"),
        (["graph", "finns-inte"], "okänd guide"),
        (["check", "--today", "31/12"], "ogiltigt datum"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_pack_that_fails_to_load_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--content", str(tmp_path), "walk", "enkel", "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "filen saknas" in err


def test_check_on_the_fixture_pack_has_no_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--json")
    assert code == 0
    assert all(f["severity"] == "warning" for f in json.loads(out)["findings"])


def test_show_a_unit_uses_the_words_of_every_surface(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "unit:barn-och-unga", *SATURDAY_NIGHT)
    assert code == 0
    assert "Telefon: 0123-45 67 89 (Mottagningen) – ej bekräftat" in out
    assert "Stängt nu, öppnar mån 25/5 08:00. Utanför öppettid: Socialjouren, via 112" in out
    assert "Webb: https://provkommun.example/anmal" in out


def test_show_a_routine_fills_in_numbers_and_says_draft_with_the_pack_municipality(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "routine:provrutin")
    assert code == 0
    assert out.startswith("[Utkast – inte fastställd av Provkommun]")
    assert "{tel:" not in out and "0123-45 67 89" in out
    assert "Uppsala" not in out


def test_show_a_flow_draws_merging_branches_once(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "flow:sammanfaller")
    assert code == 0
    assert "3 frågor, 3 utfall" in out and "[AKUT] Ring 112 nu" in out
    assert out.count("Finns det tecken på heder?") == 2  # once drawn, once referred back to


def test_graph_mermaid_has_every_edge(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "graph", "sammanfaller", "--format", "mermaid")
    assert code == 0
    assert out.startswith("flowchart TD")
    assert out.count(" -->|") == 7
    assert 'ut-akut["AKUT: Ring 112 nu"]:::akut' in out


def test_scenarios_pass_on_the_fixture_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios")
    assert code == 0, out
    assert out.strip().splitlines()[-1] == "3 passed, 0 failed"


def test_scenarios_pass_on_the_shipped_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--content", str(ROOT), "scenarios"])
    out, _ = capsys.readouterr()
    assert code == 0, out
    assert out.strip().splitlines()[-1].endswith(" 0 failed")


def test_a_failing_scenario_fails_and_says_why(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "fel.toml"
    case.write_text(
        """
[[scenario]]
name = "Fel väntat utfall"
flow = "enkel"
facts = { akut = "nej", alder = "barn", roll = "skola" }
[scenario.expect]
urgency = "snart"
referrals = ["radgivningen"]
mentions = ["ordet-som-inte-finns"]
not_mentions = ["anmäl i dag"]

[[scenario]]
name = "Stannar vid en fråga"
flow = "enkel"
facts = { akut = "nej" }
[scenario.expect]
urgency = "genast"
""",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "scenarios", str(case))
    assert code == 1
    assert "brådska genast, väntat snart" in out
    assert "ingen hänvisning till radgivningen" in out
    assert "nämner inte 'ordet-som-inte-finns'" in out
    assert "nämner 'anmäl i dag'" in out
    assert "stannade vid frågan alder (faktum alder)" in out
    assert out.strip().splitlines()[-1] == "0 passed, 2 failed"


def test_walk_without_a_terminal_never_waits() -> None:
    exe = [sys.executable, "-m", "vinrguide", *PACK]
    done = subprocess.run(
        [*exe, "walk", "enkel", *CHILD, *WEEKDAY],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "[Utkast – inte fastställd av Provkommun]\nGENAST – I DAG: Gör en orosanmälan genast"
    )
    assert "Visa fler:\n  6. " in done.stdout  # every action is listed, the folded ones marked
    missing = subprocess.run(
        [*exe, "walk", "enkel", "--fact", "akut=nej"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2
    assert "--fact alder=barn|vuxen" in missing.stderr
    assert missing.stdout == ""


def test_unknown_hours_after_office_hours_text_shows_the_alternative_json_keeps_fallback_null(
    capsys: pytest.CaptureFixture[str],
) -> None:
    adult = ["--fact", "akut=nej", "--fact", "alder=vuxen"]
    data = walk_json(capsys, "enkel", *adult, *SATURDAY_NIGHT)
    first = data["outcome"]["referrals"][0]
    assert (first["unit"], first["open_now"], first["fallback"]) == ("radgivningen", None, None)
    code, out, _ = run(capsys, "walk", "enkel", *adult, *SATURDAY_NIGHT)
    assert code == 0
    assert "Öppettider okända – utanför kontorstid\n    Efter kontorstid: Stödlinjen, 020-12 34 56\n" in out
    code, out, _ = run(capsys, "show", "unit:radgivningen", *SATURDAY_NIGHT)
    assert "Öppettider okända – utanför kontorstid. Efter kontorstid: Stödlinjen, 020-12 34 56" in out
