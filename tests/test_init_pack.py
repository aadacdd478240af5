"""`vinrguide init-pack DIR`: a pack for another municipality from the default one."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vinrguide import init_pack as packs
from vinrguide.cli import main
from vinrguide.content.check import check_pack
from vinrguide.content.pack import load_pack
from vinrguide.init_pack import (
    FILL_IN,
    MUNICIPALITY_TODO,
    PACK_TOML,
    as_draft_flow,
    as_draft_front_matter,
    drop_local_hours_expectations,
    init_pack,
    is_national,
    units_toml,
)

from .shipped import ROOT, shipped_pack


@pytest.fixture(scope="module")
def new_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("packs") / "jarfalla"
    assert main(["init-pack", str(target)]) == 0
    return target


def test_the_new_pack_has_every_file_of_the_default_and_no_errors(new_pack: Path) -> None:
    for folder in ("routines", "flows", "scenarios"):
        shipped = sorted(p.name for p in (ROOT / folder).iterdir() if p.suffix in (".md", ".toml"))
        assert sorted(p.name for p in (new_pack / folder).iterdir()) == shipped
    pack = load_pack(new_pack)
    assert pack.errors == []
    findings = check_pack(pack)
    assert [f for f in findings if f.severity == "error"] == []
    assert set(pack.flows) == set(shipped_pack().flows)


def test_local_units_are_left_to_fill_in_and_check_lists_them(new_pack: Path) -> None:
    source = tomllib.loads((ROOT / "routines/units.toml").read_text(encoding="utf-8"))["unit"]
    made = {u["id"]: u for u in tomllib.loads((new_pack / "routines/units.toml").read_text("utf-8"))["unit"]}
    assert [u["id"] for u in source] == list(made)  # every id kept, in order: the guides refer to them
    listed = {f.path for f in check_pack(load_pack(new_pack)) if f.code == "VG304"}
    local = [u for u in source if not is_national(u)]
    assert {"nexus", "barn-och-unga", "socialjouren", "kvinnojouren", "hr"} <= {u["id"] for u in local}
    for unit in local:
        new = made[unit["id"]]
        assert new["phones"] == [] and new["verified"] is False and new["hours_verified"] is False
        assert "hours" not in new and "address" not in new and "web" not in new and not new.get("always_open")
        assert new["description"].startswith(FILL_IN)
        assert new["source"].startswith(FILL_IN)
        assert (new["name"], new["kind"]) == (unit["name"], unit["kind"])
        assert new.get("after_hours") == unit.get("after_hours")
        assert f"unit.{unit['id']}" in listed
    national = [u for u in source if is_national(u)]
    assert {"akut-112", "polisen", "kvinnofridslinjen", "bris"} <= {u["id"] for u in national}
    for unit in national:
        assert made[unit["id"]] == unit


def test_routines_and_flows_are_drafts_to_review(new_pack: Path) -> None:
    pack = load_pack(new_pack)
    assert all(r.meta.status == "utkast" and r.meta.adopted is None for r in pack.routines.values())
    assert all(f.status == "utkast" for f in pack.flows.values())
    drafts = {(f.file, f.code) for f in check_pack(pack) if f.code == "VG303"}
    assert {f"routines/{rid}.md" for rid in pack.routines} <= {file for file, _ in drafts}
    assert {f"flows/{fid}.toml" for fid in pack.flows} <= {file for file, _ in drafts}
    # the routine text is kept, word for word
    for path in (ROOT / "routines").glob("*.md"):
        body = path.read_text(encoding="utf-8").split("+++", 2)[2]
        assert (new_pack / "routines" / path.name).read_text(encoding="utf-8").split("+++", 2)[2] == body


def test_the_scenarios_still_pass_on_the_new_pack(new_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "--content", str(new_pack)]) == 0, capsys.readouterr().out
    text = "".join(p.read_text(encoding="utf-8") for p in (new_pack / "scenarios").glob("*.toml"))
    assert "nexus = " not in text  # its opening hours are unknown until filled in
    assert "kvinnofridslinjen = true" in text  # national lines keep theirs


def test_the_guides_work_on_the_new_pack_and_show_no_uppsala_numbers(
    new_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    facts = ["--fact", "akut=nej", "--fact", "alder=vuxen", "--fact", "heder=nej", "--fact", "roll=skola"]
    facts += ["--fact", "barn-i-hemmet=nej", "--fact", "beroende=nej"]
    args = ["walk", "misstanke", *facts, "--now", "2026-05-20T10:00", "--json"]
    assert main([*args, "--content", str(new_pack)]) == 0
    data = json.loads(capsys.readouterr().out)
    nexus = next(r for r in data["outcome"]["referrals"] if r["unit"] == "nexus")
    assert nexus["phone"] is None and nexus["verified"] is False and nexus["open_now"] is None
    assert "018-727 52 47" not in json.dumps(data, ensure_ascii=False)


def test_init_pack_tells_what_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init-pack", str(tmp_path / "ny")]) == 0
    out = capsys.readouterr().out
    assert "lokala enheter" in out and "nexus" in out
    assert "rutiner, alla utkast" in out and "guider, alla utkast" in out
    assert "Texter som nämner Uppsala" in out
    assert f"vinrguide check --content {tmp_path / 'ny'}" in out
    assert "0 fel" in out


def test_it_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "befintlig"
    target.mkdir()
    (target / "anteckningar.txt").write_text("mitt", encoding="utf-8")
    assert main(["init-pack", str(target)]) == 2
    assert "finns redan och är inte tom" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["anteckningar.txt"]
    a_file = tmp_path / "fil"
    a_file.write_text("x", encoding="utf-8")
    assert main(["init-pack", str(a_file)]) == 2
    assert a_file.read_text(encoding="utf-8") == "x"


def test_an_empty_directory_is_fine(tmp_path: Path) -> None:
    target = tmp_path / "tom"
    target.mkdir()
    made = init_pack(target)
    assert made.root == target.absolute() and (target / "flows" / "utlandsresa.toml").is_file()


def test_a_failure_leaves_no_half_made_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(packs, "_rewrite_units", broken)
    with pytest.raises(OSError):
        init_pack(tmp_path / "ny")
    assert list(tmp_path.iterdir()) == []


def test_init_pack_takes_another_pack_with_content(tmp_path: Path) -> None:
    source = tmp_path / "kalla"
    for folder in ("routines", "flows", "scenarios"):
        shutil.copytree(ROOT / folder, source / folder)
    routine = source / "routines" / "begrepp.md"
    text = routine.read_text(encoding="utf-8").replace('status = "utkast"', 'status = "fastställd"', 1)
    routine.write_text(text.replace("+++\n", "+++\nadopted = 2026-01-15\n", 1), encoding="utf-8")
    assert load_pack(source).routines["begrepp"].meta.status == "fastställd"
    assert main(["init-pack", str(tmp_path / "ny"), "--content", str(source)]) == 0
    meta = load_pack(tmp_path / "ny").routines["begrepp"].meta
    assert meta.status == "utkast" and meta.adopted is None


def test_front_matter_and_flow_status_rewrites() -> None:
    routine = (
        '+++\nid = "x"\nstatus = "fastställd"\nadopted = 2026-01-01\n+++\n\nstatus = "fastställd" i texten\n'
    )
    assert (
        as_draft_front_matter(routine)
        == '+++\nid = "x"\nstatus = "utkast"\n+++\n\nstatus = "fastställd" i texten\n'
    )
    assert as_draft_front_matter("ingen front matter\n") == "ingen front matter\n"
    flow = 'id = "f"\nstatus = "fastställd"\n\n[nodes.a]\nstatus = "kvar"\n'
    assert as_draft_flow(flow) == 'id = "f"\nstatus = "utkast"\n\n[nodes.a]\nstatus = "kvar"\n'
    assert as_draft_flow('id = "f"\n\n[nodes.a]\n').startswith('id = "f"\nstatus = "utkast"\n')


def test_scenario_hours_expectations_for_local_units_are_dropped() -> None:
    text = (
        "[scenario.expect]\n"
        "open = { nexus = false, kvinnofridslinjen = true }\n"
        'fallbacks = { nexus = "socialjouren" }\n'
        'urgency = "genast"\n'
    )
    out, dropped = drop_local_hours_expectations(text, {"nexus"})
    assert dropped == 2
    assert out == '[scenario.expect]\nopen = { kvinnofridslinjen = true }\nurgency = "genast"\n'


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "id": st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
                "name": TEXT,
                "verified": st.booleans(),
                "aliases": st.lists(TEXT, max_size=3),
                "phones": st.lists(
                    st.fixed_dictionaries({"number": TEXT, "verified": st.booleans()}), max_size=2
                ),
            }
        ),
        max_size=4,
    )
)
def test_the_units_writer_round_trips(units: list[dict[str, object]]) -> None:
    assert tomllib.loads(units_toml(units)).get("unit", []) == units


# ------------------------------------------------------------------ pack.toml: the municipality is the new pack's own

FIXTURE = Path(__file__).resolve().parent / "badcontent" / "_base"


def test_the_new_pack_has_a_pack_toml_to_fill_in(new_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    info = load_pack(new_pack).info
    assert info.municipality == MUNICIPALITY_TODO and info.municipality.startswith(FILL_IN)
    assert info.content_owner.startswith(FILL_IN)
    assert info.office_hours == ()  # Uppsala's office hours are not another municipality's
    assert "Uppsala" not in (new_pack / PACK_TOML).read_text(encoding="utf-8")
    assert load_pack(new_pack).draft_notice == f"Utkast – inte fastställd av {MUNICIPALITY_TODO}"
    assert main(["init-pack", str(new_pack.parent / "till")]) == 0
    assert "Fyll i – pack.toml: kommunens namn" in capsys.readouterr().out


WALK = ["walk", "enkel", "--fact", "akut=nej", "--fact", "alder=barn", "--now", "2026-05-20T10:00"]


def test_a_pack_from_init_pack_never_says_uppsala_in_walk_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ny"
    assert main(["init-pack", str(target), "--content", str(FIXTURE)]) == 0
    capsys.readouterr()
    assert main([*WALK, "--json", "--content", str(target)]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["outcome"]["status"] == "utkast" and "Uppsala" not in out


def test_a_pack_from_init_pack_never_says_uppsala_in_walk_or_show(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "ny"
    assert main(["init-pack", str(target), "--content", str(FIXTURE)]) == 0
    capsys.readouterr()
    shows = [
        ["show", ref, "--now", "2026-05-20T10:00"]
        for ref in ("flow:enkel", "routine:rutin", "unit:socialjouren")
    ]
    for args in (WALK, *shows):
        assert main([*args, "--content", str(target)]) == 0
        out = capsys.readouterr().out
        assert out and "Uppsala" not in out, (args, out)
        if "unit:" not in args[1]:
            assert f"fastställd av {MUNICIPALITY_TODO}" in out, (args, out)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_the_new_pack_gets_the_users_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        made = init_pack(tmp_path / "ny", FIXTURE)
    finally:
        os.umask(old)
    for path in [made.root, *made.root.rglob("*")]:
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


@pytest.mark.parametrize(
    ("rel", "damage"),
    [
        ("routines/units.toml", b'[[unit]]\nid = "x\n'),
        ("routines/units.toml", b"[[unit]]\nname = 1\n"),
        ("routines/rutin.md", '+++\nid = "rutin"\ntitle = "Å"\n+++\n'.encode("cp1252")),
        ("flows/facts.toml", b"\x00"),
        ("scenarios/enkel.toml", b"[[scenario]]\n"),
    ],
)
def test_a_broken_source_pack_is_refused_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rel: str, damage: bytes
) -> None:
    source = tmp_path / "kalla"
    shutil.copytree(FIXTURE, source)
    (source / rel).write_bytes(damage)
    target = tmp_path / "ny"
    assert main(["init-pack", str(target), "--content", str(source)]) == 1
    out, err = capsys.readouterr()
    assert "källpaketet" in err and rel in err and "Traceback" not in out + err
    assert not target.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["kalla"]
