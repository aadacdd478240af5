"""`vinrguide check --todo`: the checklist the municipality works through before it adopts the draft."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vinrguide.cli import main

from .test_badcontent import BASE


def todo(pack_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["check", "--todo", "--content", str(pack_dir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in out + err
    return out


def items(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("- [ ] ")]


def test_a_confirmed_adopted_pack_has_nothing_to_confirm(capsys: pytest.CaptureFixture[str]) -> None:
    out = todo(BASE, capsys)
    assert out.startswith("# Att bekräfta innan kommunen fastställer innehållet")
    assert items(out) == []
    assert out.count("Inget att bekräfta.") == 5


def test_every_unconfirmed_item_is_listed_with_where_it_is_used_and_whom_to_ask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = Path(shutil.copytree(BASE, tmp_path / "pack"))
    (pack / "pack.toml").write_text(
        'municipality = "FYLL I: kommunens namn"\n'
        'content_owner = "Socialförvaltningen"\n'
        'office_hours = [ { days = "mån-fre", time = "08:00-16:00" } ]\n',
        encoding="utf-8",
    )
    units = pack / "routines" / "units.toml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            'hours_verified = true\nafter_hours = "socialjouren"',
            'phones = [ { number = "018-727 52 30", label = "Mottagningen", verified = false } ]\n'
            'hours_verified = false\nafter_hours = "socialjouren"',
        ),
        encoding="utf-8",
    )
    legal = pack / "routines" / "legal.toml"
    legal.write_text(legal.read_text(encoding="utf-8") + "verified = false\n", encoding="utf-8")
    flow = pack / "flows" / "enkel.toml"
    flow.write_text(
        flow.read_text(encoding="utf-8")
        .replace('status = "fastställd"', 'status = "utkast"')
        .replace('actions = ["Anmäl i dag."', 'actions = ["Anmäl i dag, ring {tel:barn-och-unga}."'),
        encoding="utf-8",
    )

    out = todo(pack, capsys)
    listed = items(out)
    assert out.startswith("# Att bekräfta innan kommunen fastställer innehållet")  # not "FYLL I: …"

    def item(*words: str) -> str:
        found = [line for line in listed if all(w in line for w in words)]
        assert len(found) == 1, f"{words} in:\n" + "\n".join(listed)
        return found[0]

    item("pack.toml: municipality")
    item("Kontorstid mån-fre 08:00-16:00", "Socialförvaltningen")
    unit = item("**Barn och unga** (`barn-och-unga`)")
    assert "nummer 018-727 52 30 (Mottagningen)" in unit and "öppettider (mån-fre 08:00-16:00)" in unit
    assert "för orosanmälningar om barn" in unit
    assert "Fråga: enheten själv" in unit and "https://www.uppsala.se/anmal" in unit
    assert "flows/enkel.toml (ut-barn, ut-vuxen)" in unit and "flows/enkel.toml:42 (ut-barn)" in unit
    in_text = item("**{tel:barn-och-unga}** visar 018-727 52 30, som inte är bekräftat")
    assert "flows/enkel.toml:42 (ut-barn)" in in_text
    reference = item("`sol-anmalan`")
    assert "kommunens jurist" in reference and "flows/enkel.toml (ut-barn)" in reference
    item("Guiden ”En liten guide”", "utkast")
    assert not [line for line in listed if "Rutinen" in line]  # the routine is adopted


def test_todo_is_markdown_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--todo", "--json", "--content", str(BASE)]) == 2
    assert "--todo" in capsys.readouterr().err


def test_the_shipped_pack_lists_the_childrens_unit(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11: the municipality confirms the number and hours of the unit that receives reports about children."""
    from .shipped import ROOT

    out = todo(ROOT, capsys)
    assert any("`barn-och-unga`" in line and "öppettider" in line for line in items(out))
