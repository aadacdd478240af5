"""The loaders on good and broken files: what is loaded, and where (file and line) a problem is reported."""

from __future__ import annotations

import errno
import os
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from vinrguide.content.anchors import anchor_of, split_ref
from vinrguide.content.errors import ContentError
from vinrguide.content.freetext import FreeTextFile
from vinrguide.content.models import (
    Action,
    Flow,
    OutcomeNode,
    QuestionNode,
    RoleText,
    RoutineMeta,
    all_texts,
    as_action,
    text_for,
)
from vinrguide.content.pack import MAX_FILE_BYTES, MAX_LINE_CHARS, load_pack
from vinrguide.content.routine_file import MAX_SECTIONS, parse_routine
from vinrguide.content.validation import line_of, read_toml, validate

BASE = Path(__file__).resolve().parent / "badcontent" / "_base"
DESIGN_FACTS = {
    "akut": ["ja", "nej"],
    "alder": ["barn", "vuxen"],
    "heder": ["ja", "nej", "osaker"],
    "barn-i-hemmet": ["ja", "nej", "vet-ej"],
    "avresa": ["nara", "planerad", "utomlands", "oklar"],
    "svar": ["ja", "nej", "vill-inte-svara"],
    "medarbetare": ["utsatt", "utovar"],
    "hot-arbetsplats": ["ja", "nej", "vet-ej"],
    "roll": ["skola", "socialtjanst", "vard-omsorg", "fritid", "bostad", "annan"],
}


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(BASE, root)
    return root


def base_text(rel: str) -> str:
    return (BASE / rel).read_text("utf-8")


def line_with(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def the_error(source: str, file: str = "flows/x.toml") -> ContentError:
    with pytest.raises(ContentError) as caught:
        read_toml(source, file)
    return caught.value


# ------------------------------------------------------------------ a good pack


def test_the_base_pack_loads_everything() -> None:
    pack = load_pack(BASE)
    assert pack.errors == [] and pack.ok
    assert {fact: list(f.value_ids()) for fact, f in pack.facts.items()} == DESIGN_FACTS
    assert pack.value_label("alder", "barn") == "Under 18 år"
    assert pack.value_label("alder", "okand") == "okand"
    assert list(pack.flows) == ["enkel"] and pack.flow_files == {"enkel": "flows/enkel.toml"}
    flow = pack.flows["enkel"]
    assert isinstance(flow.nodes["akut"], QuestionNode) and isinstance(flow.nodes["ut-akut"], OutcomeNode)
    assert flow.acute_outcome() == "ut-akut"
    assert set(flow.questions()) == {"akut", "alder"} and set(flow.outcomes()) == {
        "ut-akut",
        "ut-barn",
        "ut-vuxen",
    }
    assert list(pack.routines) == ["rutin"]
    assert set(pack.units) == {"akut-112", "barn-och-unga", "socialjouren"}
    assert pack.units["barn-och-unga"].after_hours == "socialjouren"
    assert pack.units["akut-112"].primary_phone == "112"
    assert list(pack.legal) == ["sol-anmalan"]
    assert [(file, s.name) for file, s in pack.scenarios] == [("scenarios/enkel.toml", "Barn, inte akut")]
    assert pack.terms == []  # terms.toml is optional


def test_a_missing_content_directory_is_one_error(tmp_path: Path) -> None:
    pack = load_pack(tmp_path / "finns-inte")
    assert [(e.code, e.message) for e in pack.errors] == [("VG001", "innehållsmappen finns inte")]


def test_a_byte_order_mark_is_accepted(pack_dir: Path) -> None:
    path = pack_dir / "routines" / "legal.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_pack(pack_dir).errors == []


def test_windows_line_endings_give_the_same_lines(pack_dir: Path) -> None:
    flow, routine = pack_dir / "flows" / "enkel.toml", pack_dir / "routines" / "rutin.md"
    flow.write_bytes(
        flow.read_bytes().replace(b'urgency = "snart"', b'urgency = "sen"').replace(b"\n", b"\r\n")
    )
    routine.write_bytes(routine.read_bytes().replace(b"\n", b"\r\n"))
    pack = load_pack(pack_dir)
    (error,) = pack.errors
    assert (error.file, error.line) == (
        "flows/enkel.toml",
        line_with(base_text("flows/enkel.toml"), '"snart"'),
    )
    expected = load_pack(BASE).routines["rutin"].sections
    assert [(s.anchor, s.line, s.body) for s in pack.routines["rutin"].sections] == [
        (s.anchor, s.line, s.body) for s in expected
    ]


# ------------------------------------------------------------------ files that cannot be read


def test_a_missing_file_is_named(pack_dir: Path) -> None:
    (pack_dir / "routines" / "legal.toml").unlink()
    pack = load_pack(pack_dir)
    assert [(e.code, e.file, e.message) for e in pack.errors] == [
        ("VG001", "routines/legal.toml", "filen saknas")
    ]


def test_a_file_that_is_not_utf8_is_reported_on_the_line_of_the_first_bad_byte(pack_dir: Path) -> None:
    text = base_text("flows/enkel.toml")
    (pack_dir / "flows" / "enkel.toml").write_bytes(text.encode("cp1252"))
    (error,) = load_pack(pack_dir).errors
    first_non_ascii = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert (error.code, error.file, error.line) == ("VG001", "flows/enkel.toml", first_non_ascii)
    assert "UTF-8" in error.message


def test_a_nul_byte_is_reported_on_its_line(pack_dir: Path) -> None:
    path = pack_dir / "routines" / "units.toml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines[6] = lines[6].replace("=", "=\x00")
    path.write_text("".join(lines), "utf-8")
    (error,) = load_pack(pack_dir).errors
    assert (error.code, error.file, error.line) == ("VG001", "routines/units.toml", 7)


def test_a_file_that_is_too_large_is_not_read(pack_dir: Path) -> None:
    path = pack_dir / "routines" / "legal.toml"
    path.write_bytes(path.read_bytes() + b"#" * MAX_FILE_BYTES)
    (error,) = load_pack(pack_dir).errors
    assert (error.code, error.file) == ("VG001", "routines/legal.toml") and "MB" in error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_where_a_file_should_be_is_reported_not_waited_for(pack_dir: Path) -> None:
    os.mkfifo(pack_dir / "scenarios" / "ror.toml")
    (error,) = load_pack(pack_dir).errors
    assert (error.code, error.file) == ("VG001", "scenarios/ror.toml")


def test_a_folder_where_a_file_should_be_is_reported(pack_dir: Path) -> None:
    (pack_dir / "routines" / "legal.toml").unlink()
    (pack_dir / "routines" / "legal.toml").mkdir()
    (error,) = load_pack(pack_dir).errors
    assert (error.code, error.file) == ("VG001", "routines/legal.toml")


# ------------------------------------------------------------------ TOML syntax errors: the line


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ('id = "a"\ntitle = "utan slut\nstart = "akut"\n', 2, "citattecken"),
        ('id = "a"\ntitle = Text utan citattecken\n', 2, "citattecken"),
        ('id = "a"\n\n[nodes.akut\nkind = "question"\n', 3, "]"),
        ('id = "a"\nstatus "utkast"\n', 2, "="),
        ('[nodes.a]\nkind = "q"\n\n[nodes.a]\nkind = "q"\n', 4, "två gånger"),
        ('id = "a"\nid = "b"\n', 2, "två gånger"),
        (
            'options = [\n  { value = "ja", next = "b" },\n  { value = "nej", next = "c" }\n\n[nodes.b]\n',
            3,
            "]",
        ),
        ('refs = [ { unit = "a", unit = "b" } ]\n', 1, "'unit'"),
        ("review_by = 2027-13-45\n", 1, "datum"),
        ('id = "a"\ntitle = "sista raden utan slut', 2, "citattecken"),
        ('id = "a" title = "b"\n', 1, "raden"),
    ],
)
def test_toml_syntax_errors_name_the_line_in_swedish(source: str, line: int, words: str) -> None:
    error = the_error(source)
    assert (error.code, error.file, error.line) == ("VG002", "flows/x.toml", line), error
    assert words in error.message
    assert error.message.startswith("TOML-filen går inte att läsa")


def test_toml_nested_too_deeply_is_a_finding_not_a_crash() -> None:
    error = the_error("a = " + "[" * 5000 + "]" * 5000)
    assert error.code == "VG002" and "inuti varandra" in error.message


def test_a_syntax_error_in_front_matter_is_counted_from_the_top_of_the_file() -> None:
    text = '+++\nid = "r"\ntitle = "Rutin\nstatus = "utkast"\n+++\n# R\n'
    with pytest.raises(ContentError) as caught:
        parse_routine(text, "routines/r.md")
    assert (caught.value.code, caught.value.line) == ("VG002", 3)


# ------------------------------------------------------------------ a wrong field: the line (validation.line_of)

FLOW_SOURCE = """\
id = "f"
title = "T"

[nodes.akut]
kind = "question"
fact = "akut"
text.default = "Fara?"
text.skola = "Fara i skolan?"
options = [
  { value = "ja", next = "ut" },
  { value = "nej", next = "ut" },
]

[nodes."ut"]
kind = "outcome"
title = "Ring"
actions = ["a", "b"]

[nodes.ut.extra]
x = 1
"""

UNITS_SOURCE = """\
# katalogen
[[unit]]
id = "a"
name = "A"

[[unit]]
id = "b"
name = "B"
hours = [ { days = "mån", time = "9-16" } ]

[[unit]]
id = "c"
"""


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        (("id",), 1),
        (("title",), 2),
        (("nodes", "akut"), 4),
        (("nodes", "akut", "fact"), 6),
        (("nodes", "akut", "text"), 7),
        (("nodes", "akut", "text", "default"), 7),
        (("nodes", "akut", "text", "skola"), 8),
        (("nodes", "akut", "options"), 9),
        (("nodes", "akut", "options", 0), 10),
        (("nodes", "akut", "options", 1, "next"), 11),
        (("nodes", "akut", "options", 7), 9),  # no such element: the array's line
        (("nodes", "ut"), 14),  # a quoted table name
        (("nodes", "ut", "title"), 16),
        (("nodes", "ut", "actions", 1), 17),  # an array on one line: its line
        (("nodes", "ut", "extra"), 19),
        (("nodes", "ut", "extra", "x"), 20),
        (("nodes", "saknas"), None),
        (("saknas",), None),
    ],
)
def test_line_of_follows_headers_keys_and_arrays(loc: tuple[object, ...], line: int | None) -> None:
    assert line_of(FLOW_SOURCE, loc) == line


@pytest.mark.parametrize(
    ("loc", "line"),
    [
        (("unit", 0), 2),
        (("unit", 1), 6),
        (("unit", 1, "name"), 8),
        (("unit", 1, "hours"), 9),
        (("unit", 2, "id"), 12),
    ],
)
def test_line_of_counts_arrays_of_tables(loc: tuple[object, ...], line: int) -> None:
    assert line_of(UNITS_SOURCE, loc) == line


def test_a_wrong_field_is_reported_on_its_line_with_its_path() -> None:
    source = base_text("flows/enkel.toml").replace('next = "ut-vuxen" }', 'next = "Ut-vuxen" }')
    with pytest.raises(ContentError) as caught:
        validate(Flow, tomllib.loads(source), "flows/enkel.toml", source)
    error = caught.value
    assert (error.code, error.path) == ("VG003", "nodes.alder.options[1].next")
    assert error.line == line_with(source, "Ut-vuxen")
    assert "små bokstäver" in error.message


def test_a_misspelt_field_is_named(pack_dir: Path) -> None:
    path = pack_dir / "routines" / "units.toml"
    path.write_text(
        path.read_text("utf-8").replace('after_hours = "socialjouren"', 'afterhours = "socialjouren"'),
        "utf-8",
    )
    (error,) = load_pack(pack_dir).errors
    line = line_with(path.read_text("utf-8"), "afterhours")
    assert (error.code, error.file, error.line, error.path) == (
        "VG003",
        "routines/units.toml",
        line,
        "unit[1].afterhours",
    )
    assert "okänt fält 'afterhours'" in error.message


def test_bad_opening_hours_are_explained(pack_dir: Path) -> None:
    path = pack_dir / "routines" / "units.toml"
    path.write_text(path.read_text("utf-8").replace('time = "08:00-16:00"', 'time = "16:00-08:00"'), "utf-8")
    (error,) = load_pack(pack_dir).errors
    assert (error.line, error.path) == (
        line_with(path.read_text("utf-8"), "16:00-08:00"),
        "unit[1].hours[0].time",
    )
    assert "slutar innan det börjar" in error.message


def test_wrong_front_matter_is_reported_on_its_line() -> None:
    text = '+++\nid = "r"\ntitle = "R"\nstatus = "antagen"\nversion = "1"\nowner = "KS"\n+++\n# R\n'
    with pytest.raises(ContentError) as caught:
        parse_routine(text, "routines/r.md")
    assert (caught.value.code, caught.value.line, caught.value.path) == ("VG003", 4, "status")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+++\n", "avslutas aldrig"),
        ("# Rutin\n", "måste börja med framsidan"),
        ("", "måste börja med framsidan"),
        ("---\nid: r\n---\n", "måste börja med framsidan"),
    ],
)
def test_missing_front_matter_is_vg004(text: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_routine(text, "routines/r.md")
    assert (caught.value.code, caught.value.line) == ("VG004", 1) and message in caught.value.message


# ------------------------------------------------------------------ routine sections and anchors


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Gör inte", "gor-inte"),
        ("Barn – anmäl genast", "barn-anmal-genast"),
        ("Om avresan är nära", "om-avresan-ar-nara"),
        ("Åtgärd 2.3–2.6", "atgard-2-3-2-6"),
        ("  Vad gör jag?  ", "vad-gor-jag"),
        ("LVU & SoL", "lvu-sol"),
    ],
)
def test_anchors_fold_headings_to_ascii(heading: str, anchor: str) -> None:
    assert anchor_of(heading) == anchor


def test_split_ref() -> None:
    assert split_ref("routine:rutin#gor-inte") == ("rutin", "gor-inte")
    assert split_ref("rutin#gor-inte") == ("rutin", "gor-inte")
    assert split_ref("rutin") == ("rutin", "")


ROUTINE_TEXT = """\
+++
id = "r"
title = "Rutin"
status = "utkast"
version = "1"
owner = "KS"
+++

# Rutin

Inledning.

## Gör inte

- Förhör inte barnet.

```markdown
# Inte en rubrik
## Inte heller
```

~~~
# Inte heller i tildeblock
~~~

    # inte i indragen kod

## Barn – anmäl genast

Anmäl.

Setext-rubrik
-------------

Sista.
"""


def test_routine_sections_headings_lines_and_bodies() -> None:
    routine = parse_routine(ROUTINE_TEXT, "routines/r.md")
    assert isinstance(routine.meta, RoutineMeta) and routine.id == "r"
    assert routine.body_line == 8
    sections = [(s.anchor, s.heading, s.level, s.line) for s in routine.sections]
    assert sections == [
        ("rutin", "Rutin", 1, 9),
        ("gor-inte", "Gör inte", 2, 13),
        ("barn-anmal-genast", "Barn – anmäl genast", 2, 28),
        ("setext-rubrik", "Setext-rubrik", 2, 32),
    ]
    gor_inte = routine.section("gor-inte")
    assert gor_inte is not None
    assert gor_inte.body.startswith("- Förhör inte barnet.") and "# Inte en rubrik" in gor_inte.body
    assert routine.section("inte-en-rubrik") is None
    assert routine.section("barn-anmal-genast") is not None
    assert ROUTINE_TEXT.splitlines()[gor_inte.line - 1] == "## Gör inte"


def test_the_pack_finds_sections_by_ref() -> None:
    pack = load_pack(BASE)
    found = pack.section("routine:rutin#barn-anmal-genast")
    assert found is not None and found[1] is not None and found[1].heading == "Barn – anmäl genast"
    whole = pack.section("rutin")
    assert whole is not None and whole[1] is None
    assert pack.section("rutin#saknas") is None and pack.section("saknas#gor-inte") is None


# ------------------------------------------------------------------ role variants


def test_role_variant_text() -> None:
    node = load_pack(BASE).flows["enkel"].nodes["ut-barn"]
    assert isinstance(node, OutcomeNode) and isinstance(node.text, RoleText)
    assert node.text.default == "Anmäl genast."
    assert node.text.variants() == {"bostad": "Kommunen rekommenderar att du anmäler."}
    assert text_for(node.text, "bostad") == "Kommunen rekommenderar att du anmäler."
    assert text_for(node.text, "skola") == text_for(node.text, None) == "Anmäl genast."
    assert all_texts(node.text) == ["Anmäl genast.", "Kommunen rekommenderar att du anmäler."]
    assert text_for(node.title, "skola") == "Gör en orosanmälan genast" and text_for(None, "skola") == ""
    plain, for_school = (as_action(a) for a in node.actions)
    assert plain.applies_to("bostad") and plain.applies_to(None)
    assert isinstance(for_school, Action) and for_school.roll == ("skola",)
    assert (
        for_school.applies_to("skola") and not for_school.applies_to("bostad") and for_school.applies_to(None)
    )


@pytest.mark.parametrize(
    ("text_lines", "path", "words"),
    [
        ('text.skola = "Bara skolan."', "nodes.ut-barn.text.default", "'default' saknas"),
        ('text.default = "A."\ntext.skola = 3', "nodes.ut-barn.text.skola", "text inom citattecken"),
        ("text = 3", "nodes.ut-barn.text", "text inom citattecken"),
        ('text = ["A."]', "nodes.ut-barn.text", "text inom citattecken"),
    ],
)
def test_broken_role_variants_are_reported(pack_dir: Path, text_lines: str, path: str, words: str) -> None:
    flow = pack_dir / "flows" / "enkel.toml"
    source = flow.read_text("utf-8")
    source = source.replace(
        'text.default = "Anmäl genast."\ntext.bostad = "Kommunen rekommenderar att du anmäler."', text_lines
    )
    flow.write_text(source, "utf-8")
    (error,) = load_pack(pack_dir).errors
    assert (error.code, error.path) == ("VG003", path), error
    assert words in error.message
    assert error.line == source.splitlines().index(text_lines.splitlines()[-1]) + 1


# ------------------------------------------------------------------ one broken file does not stop the rest


def test_a_broken_flow_does_not_stop_the_other_flows(pack_dir: Path) -> None:
    good = (pack_dir / "flows" / "enkel.toml").read_text("utf-8")
    (pack_dir / "flows" / "andra.toml").write_text(good.replace('id = "enkel"', 'id = "andra"'), "utf-8")
    (pack_dir / "flows" / "trasig.toml").write_text('id = "trasig"\ntitle = "utan slut\n', "utf-8")
    (pack_dir / "flows" / "fel-typ.toml").write_text(
        good.replace('id = "enkel"', 'id = "fel-typ"').replace("acute = true", 'acute = "ja"'), "utf-8"
    )
    (pack_dir / "flows" / "inte-utf8.toml").write_bytes(
        good.replace('id = "enkel"', 'id = "inte-utf8"').encode("cp1252")
    )
    pack = load_pack(pack_dir)
    assert sorted(pack.flows) == ["andra", "enkel"]
    assert [(e.file, e.code) for e in pack.errors] == [
        ("flows/fel-typ.toml", "VG003"),
        ("flows/inte-utf8.toml", "VG001"),
        ("flows/trasig.toml", "VG002"),
    ]
    assert pack.broken("flows/trasig.toml") and not pack.broken("flows/andra.toml")
    assert pack.routines and pack.units and pack.legal and pack.facts  # the rest of the pack loaded too


def test_a_broken_routine_does_not_stop_the_other_routines(pack_dir: Path) -> None:
    (pack_dir / "routines" / "trasig.md").write_text("# Ingen framsida\n", "utf-8")
    pack = load_pack(pack_dir)
    assert list(pack.routines) == ["rutin"]
    assert [(e.file, e.code) for e in pack.errors] == [("routines/trasig.md", "VG004")]


def test_a_broken_scenario_file_does_not_stop_the_others(pack_dir: Path) -> None:
    (pack_dir / "scenarios" / "trasig.toml").write_text("[[scenario]]\nname = 1\n", "utf-8")
    pack = load_pack(pack_dir)
    assert [file for file, _ in pack.scenarios] == ["scenarios/enkel.toml"]
    assert [(e.file, e.code, e.line) for e in pack.errors] == [("scenarios/trasig.toml", "VG003", 2)]


def test_duplicates_keep_the_first_and_name_the_line_of_the_second(pack_dir: Path) -> None:
    units = pack_dir / "routines" / "units.toml"
    text = units.read_text("utf-8")
    units.write_text(text + "\n" + text.split("\n\n")[0] + "\n", "utf-8")
    pack = load_pack(pack_dir)
    (error,) = pack.errors
    assert (error.code, error.line) == ("VG101", text.count("\n") + 2) and "akut-112" in error.message
    assert pack.units["akut-112"].name == "112" and len(pack.units) == 3
    assert pack.indexes["unit", "socialjouren"] == 2


# ------------------------------------------------------------------ folders that cannot be read


def deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` as a folder without read permission looks to its owner (the tests may run as root, whom chmod does
    not stop): it cannot be listed, and nothing inside it can be looked at or read."""
    denied = PermissionError(errno.EACCES, "Permission denied")
    scandir, stat, lstat, open_file = os.scandir, Path.stat, Path.lstat, Path.open

    def inside(path: object) -> bool:
        return Path(os.fspath(path)).is_relative_to(folder) and Path(os.fspath(path)) != folder  # type: ignore[arg-type]

    def guarded_scandir(path: object = ".") -> object:
        if Path(os.fspath(path)) == folder:  # type: ignore[arg-type]
            raise denied
        return scandir(path)  # type: ignore[call-overload]

    def guard(original: Any) -> Any:
        def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
            if inside(self):
                raise denied
            return original(self, *args, **kwargs)

        return guarded

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    monkeypatch.setattr(Path, "stat", guard(stat))
    monkeypatch.setattr(Path, "lstat", guard(lstat))
    monkeypatch.setattr(Path, "open", guard(open_file))


@pytest.mark.parametrize("folder", ["routines", "flows", "scenarios"])
def test_a_folder_that_cannot_be_read_is_one_finding_not_an_empty_folder(
    pack_dir: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    deny(monkeypatch, pack_dir / folder)
    pack = load_pack(pack_dir)
    assert [(e.code, e.file, e.message) for e in pack.errors] == [
        ("VG001", f"{folder}/", f"kan inte läsa {folder}/: åtkomst nekad")
    ]
    assert pack.broken(f"{folder}/")


def refuse_reading(monkeypatch: pytest.MonkeyPatch, file: Path) -> None:
    """`file` without read permission (also when the tests run as root, whom chmod does not stop)."""
    open_file = Path.open

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == file:
            raise PermissionError(errno.EACCES, "Permission denied")
        return open_file(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)


def test_a_file_that_cannot_be_read_says_so(pack_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_reading(monkeypatch, pack_dir / "routines" / "units.toml")
    assert [(e.file, e.message) for e in load_pack(pack_dir).errors] == [
        ("routines/units.toml", "kan inte läsa routines/units.toml: åtkomst nekad")
    ]


def test_a_pack_folder_that_cannot_be_read_is_one_finding(
    pack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deny(monkeypatch, pack_dir)
    (error,) = load_pack(pack_dir).errors
    assert error.code == "VG001" and error.message.endswith("åtkomst nekad")


# ------------------------------------------------------------------ routines/fritext.toml, loaded with the pack

FRITEXT = "routines/fritext.toml"
RULES = """\
negations = ["inte"]

[[pattern]]
fact = "akut"
value = "ja"
phrases = ["i fara just nu"]

[[pattern]]
fact = "alder"
value = "barn"
phrases = ["elev"]

[[guide]]
flow = "enkel"
phrases = ["enkelt fall"]
"""


def test_the_free_text_rules_load_with_the_pack(pack_dir: Path) -> None:
    assert load_pack(pack_dir).free_text == FreeTextFile()  # optional: no file, no rules, no error
    (pack_dir / FRITEXT).write_text(RULES, "utf-8")
    pack = load_pack(pack_dir)
    assert pack.errors == []
    assert [(p.fact, p.value) for p in pack.free_text.pattern] == [("akut", "ja"), ("alder", "barn")]
    assert [g.flow for g in pack.free_text.guide] == ["enkel"] and pack.free_text.negations == ("inte",)
    assert FRITEXT in pack.files  # read through the pack's reader, so check finds its lines


@pytest.mark.parametrize(
    ("edit", "code", "line", "words"),
    [
        (lambda t: t.replace('"elev"]', '"elev]'), "VG002", 11, "citattecken"),
        (lambda t: t.replace('phrases = ["elev"]', 'fraser = ["elev"]'), "VG003", 8, "phrases"),
        (lambda t: t.replace('value = "barn"', 'value = "tonaring"'), "VG005", 10, "inget värde för alder"),
        (lambda t: t.replace('fact = "alder"', 'fact = "hedersvald"'), "VG005", 9, "'hedersvald' finns inte"),
        (lambda t: t.replace('flow = "enkel"', 'flow = "nix"'), "VG005", 14, "guiden 'nix' finns inte"),
        (
            lambda t: t + '\n[[pattern]]\nfact = "akut"\nvalue = "nej"\nphrases = ["lugnt"]\n',
            "VG006",
            19,
            "akut",
        ),
    ],
)
def test_a_broken_free_text_file_is_an_error_on_its_line(
    pack_dir: Path, edit: Any, code: str, line: int, words: str
) -> None:
    (pack_dir / FRITEXT).write_text(edit(RULES), "utf-8")
    pack = load_pack(pack_dir)
    (error,) = pack.errors
    assert (error.code, error.file, error.line) == (code, FRITEXT, line)
    assert words in error.message


def test_a_rule_that_does_not_fit_is_left_out_and_the_others_still_read_danger(pack_dir: Path) -> None:
    from vinrguide.facts_from_text import read_facts

    broken = RULES + '\n[[pattern]]\nfact = "akut"\nvalue = "nej"\nphrases = ["lugnt"]\n'
    (pack_dir / FRITEXT).write_text(broken.replace('value = "barn"', 'value = "tonaring"'), "utf-8")
    pack = load_pack(pack_dir)
    assert [e.code for e in pack.errors] == ["VG005", "VG006"]
    assert [(p.fact, p.value) for p in pack.free_text.pattern] == [("akut", "ja")]
    assert [(g.fact, g.value) for g in read_facts(pack, "Hon är i fara just nu, det är lugnt")] == [
        ("akut", "ja")
    ]


@pytest.mark.parametrize("how", ["latin-1", "folder", "unreadable"])
def test_a_free_text_file_that_cannot_be_read_is_named(
    pack_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    path = pack_dir / FRITEXT
    if how == "latin-1":
        path.write_bytes(RULES.replace("elev", "förskolebarn").encode("latin-1"))
    elif how == "folder":
        path.mkdir()
    else:
        path.write_text(RULES, "utf-8")
        refuse_reading(monkeypatch, path)
    pack = load_pack(pack_dir)
    (error,) = pack.errors
    assert (error.code, error.file) == ("VG001", FRITEXT)
    assert pack.free_text == FreeTextFile()


# ------------------------------------------------------------------ limits (docs/authoring.md, "Limits")


def test_a_line_past_the_limit_is_refused_on_its_line(pack_dir: Path) -> None:
    routine = pack_dir / "routines" / "rutin.md"
    text = routine.read_text("utf-8")
    routine.write_text(text + "\n" + "[" * (MAX_LINE_CHARS + 1) + "\n", "utf-8")
    (error,) = [e for e in load_pack(pack_dir).errors]
    assert (error.code, error.file, error.line) == ("VG001", "routines/rutin.md", text.count("\n") + 2)
    assert "20 000 tecken" in error.message


def test_a_routine_with_too_many_headings_is_refused(pack_dir: Path) -> None:
    routine = pack_dir / "routines" / "rutin.md"
    routine.write_text(routine.read_text("utf-8") + "\n## Samma\n" * MAX_SECTIONS, "utf-8")
    pack = load_pack(pack_dir)
    (error,) = pack.errors
    assert (error.code, error.file) == ("VG001", "routines/rutin.md") and "rubriker" in error.message
    assert "rutin" not in pack.routines


def test_past_the_pack_limit_the_remaining_files_are_not_read(
    pack_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vinrguide.content import pack as pack_module

    sizes = sorted(len(p.read_text("utf-8")) for p in pack_dir.rglob("*") if p.is_file())
    monkeypatch.setattr(pack_module, "MAX_PACK_CHARS", sum(sizes) - sizes[0])
    errors = load_pack(pack_dir).errors
    assert len(errors) == 1 and "innehållspaketet är större än" in errors[0].message


# ------------------------------------------------------------------ one broken file: the cause first


def test_a_broken_units_file_is_the_first_finding_and_what_follows_from_it_is_counted(pack_dir: Path) -> None:
    from vinrguide.content.check import check_pack

    units = pack_dir / "routines" / "units.toml"
    units.write_text(units.read_text("utf-8") + "\nx = [\n", "utf-8")
    link = pack_dir / "routines" / "rutin.md"
    link.write_text(link.read_text("utf-8") + "\nRing [polisen](unit:polisen).\n", "utf-8")
    pack = load_pack(pack_dir)
    assert pack.cause_of("unit", "barn-och-unga") == "routines/units.toml"
    assert pack.cause_of("legal", "sol-anmalan") is None  # legal.toml loaded: a missing one is simply missing
    findings = check_pack(pack)
    errors = [f for f in findings if f.is_error]
    assert [(f.code, f.file) for f in errors] == [("VG002", "routines/units.toml")]
    # 3 referrals in the flow, 2 links in the routine, 1 unit in a scenario's expectations
    assert errors[0].message.endswith("(6 fel beror på det här)")
    assert findings[0] is errors[0]
    assert check_pack(pack)[0].message == errors[0].message  # counted afresh on every run
