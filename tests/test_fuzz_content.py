"""Fuzzing the loader and `check`: whatever an author (or a broken editor) writes, the answer is findings, never a crash.

Every example starts from the small valid pack in tests/badcontent/_base and breaks one or more files: TOML with
random edits, wrong types and random references in otherwise well-formed files, very long or deeply nested text,
bytes that are not UTF-8, and Markdown with odd front matter. load_pack must collect ContentErrors and check_pack
must return Findings; both must finish.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vinrguide.content.check import Finding, check_pack
from vinrguide.content.errors import ContentError
from vinrguide.content.pack import ContentPack, load_pack

BASE = Path(__file__).resolve().parent / "badcontent" / "_base"
TODAY = dt.date(2026, 6, 1)
FLOW = "flows/enkel.toml"
ROUTINE = "routines/rutin.md"
TERMS = "routines/terms.toml"
TOML_FILES = (
    FLOW,
    "flows/facts.toml",
    "routines/units.toml",
    "routines/legal.toml",
    "scenarios/enkel.toml",
    TERMS,
)
# The base pack has no terms.toml (it is optional); the fuzzer starts from this one.
TERMS_TEXT = """\
[[term]]
id = "orosanmalan"
term = "orosanmälan"
synonyms = ["anmälan till socialtjänsten", "oro för barn"]
triggers = ["ska jag anmäla"]
ref = "routine:rutin#barn-anmal-genast"

[[term]]
id = "akut"
term = "akut fara"
ref = "unit:akut-112"
"""
ALL_FILES = (*TOML_FILES, ROUTINE)
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def pack_with(files: dict[str, str | bytes]) -> Iterator[Path]:
    """A copy of the base pack with some files replaced (text is written as UTF-8, bytes as they are)."""
    with tempfile.TemporaryDirectory(prefix="vinrguide-fuzz-") as tmp:
        root = Path(tmp) / "pack"
        shutil.copytree(BASE, root)
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        yield root


def load_and_check(files: dict[str, str | bytes]) -> tuple[ContentPack, list[Finding]]:
    """Load and check; asserts the contract: only ContentErrors and Findings, each with a file, a message and a
    plausible line."""
    with pack_with(files) as root:
        pack = load_pack(root)
        findings = check_pack(pack, TODAY)
    for error in pack.errors:
        assert isinstance(error, ContentError)
        assert error.file and error.message.strip() and str(error)
        assert error.code.startswith("VG")
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.file and finding.message.strip() and str(finding)
        assert re.fullmatch(r"VG\d{3}", finding.code)
        assert finding.line is None or finding.line >= 1
        json.dumps(finding.as_json(), ensure_ascii=False)
    # every loading error is a finding (its message perhaps followed by how many findings depend on it)
    for error in pack.errors:
        assert any(
            (f.code, f.file) == (error.code, error.file) and f.message.startswith(error.message)
            for f in findings
        )
    return pack, findings


def base_text(rel: str) -> str:
    return TERMS_TEXT if rel == TERMS else (BASE / rel).read_text(encoding="utf-8")


def test_the_base_pack_is_clean() -> None:
    pack, findings = load_and_check({TERMS: TERMS_TEXT})
    assert pack.errors == [] and findings == []
    assert len(pack.terms) == 2


# ------------------------------------------------------------------ broken TOML: random edits of the text

EDIT_CHARS = st.sampled_from([*"\"'[]{}=,.#\n \t\\", "+++", "[[", "]]", "nodes.", "å", "\u00a0", "\ufeff"])


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        match draw(st.sampled_from(["insert", "delete", "replace", "truncate"])):
            case "insert":
                text = text[:at] + draw(EDIT_CHARS | st.text(max_size=5)) + text[at:]
            case "delete":
                text = text[:at] + text[at + draw(st.integers(1, 20)) :]
            case "replace":
                text = text[:at] + draw(EDIT_CHARS) + text[at + 1 :]
            case "truncate":
                text = text[:at]
    return text


@FUZZ
@given(data=st.data(), rel=st.sampled_from(ALL_FILES))
def test_random_edits_never_crash(data: st.DataObject, rel: str) -> None:
    text = data.draw(edited(base_text(rel)))
    pack, _ = load_and_check({rel: text})
    try:
        tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError:
        if rel != ROUTINE:  # the text is not TOML: it must be reported, on that file, with a line
            reported = [e for e in pack.errors if e.file == rel]
            assert reported and reported[0].code in ("VG001", "VG002") and reported[0].line is not None, (
                reported
            )


# ------------------------------------------------------------------ wrong types and random references

IDS = [
    "akut",
    "alder",
    "heder",
    "roll",
    "skola",
    "ja",
    "nej",
    "barn",
    "vuxen",
    "ut-akut",
    "ut-barn",
    "ut-vuxen",
    "rutin",
    "rutin#gor-inte",
    "routine:rutin#barn-anmal-genast",
    "rutin#nope",
    "barn-och-unga",
    "socialjouren",
    "akut-112",
    "nexus",
    "sol-anmalan",
    "enkel",
    "question",
    "outcome",
    "akut",
    "genast",
    "snart",
    "info",
    "utkast",
    "fastställd",
    "",
    " ",
    "Ut-Barn",
    "ut barn",
    "x" * 200,
    "ä",
    "unit:nexus",
    "flow:enkel",
]
SCALARS = (
    st.sampled_from(IDS)
    | st.text(max_size=30)
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.dates()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(IDS) | st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_string(text: str) -> str:
    # JSON's escapes are TOML's, except that TOML also wants DEL escaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"


def dump_toml(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """Tables as [headers] (so that line look-ups follow headers), everything else inline."""
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines += [
                "",
                "[" + ".".join(toml_key(p) for p in (*prefix, key)) + "]",
                dump_toml(value, (*prefix, key)),
            ]
    return "\n".join(lines)


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths_of(value, (*prefix, i))


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """The document with a few values replaced, deleted or added at random places."""
    data = json.loads(json.dumps(data, default=str))  # a deep copy (dates become text, which is a change too)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in paths_of(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        match draw(st.sampled_from(["replace", "delete", "add"])):
            case "replace":
                parent[last] = draw(VALUES)
            case "delete":
                del parent[last]
            case "add":
                if isinstance(parent, dict):
                    parent[draw(st.sampled_from(IDS) | st.text(min_size=1, max_size=8))] = draw(VALUES)
                else:
                    parent.append(draw(VALUES))
    return data


@FUZZ
@given(data=st.data(), rel=st.sampled_from(TOML_FILES))
def test_wrong_types_and_random_references_never_crash(data: st.DataObject, rel: str) -> None:
    document = data.draw(mutated(tomllib.loads(base_text(rel))))
    text = dump_toml(document)
    tomllib.loads(text)  # the generator writes valid TOML: what is wrong is the content
    load_and_check({rel: text})


@FUZZ
@given(data=st.data())
def test_random_front_matter_values_never_crash(data: st.DataObject) -> None:
    text = base_text(ROUTINE)
    _, front, body = text.split("+++\n", 2)
    document = data.draw(mutated(tomllib.loads(front)))
    load_and_check({ROUTINE: f"+++\n{dump_toml(document)}\n+++\n{body}"})


# ------------------------------------------------------------------ very long, deeply nested, not UTF-8


@FUZZ
@given(
    depth=st.integers(1, 3000),
    kind=st.sampled_from(["array", "table", "string", "key", "markdown", "heading"]),
    rel=st.sampled_from(ALL_FILES),
)
def test_very_long_or_deeply_nested_text_never_crashes(depth: int, kind: str, rel: str) -> None:
    text = {
        "array": "a = " + "[" * depth + "]" * depth + "\n",
        "table": "a = " + "{ b = " * depth + "1" + " }" * depth + "\n",
        "string": 'id = "' + "å" * depth * 100 + '"\n',
        "key": "[" + ".".join(["n"] * depth) + "]\n",
        "markdown": "> " * depth + "- " * depth + "# x\n",
        "heading": "# " + "Gör inte " * depth + "\n",
    }[kind]
    if rel == ROUTINE:
        text = base_text(ROUTINE) + text if kind in ("markdown", "heading") else f"+++\n{text}+++\n"
    pack, _ = load_and_check({rel: text})
    if kind in ("array", "table"):
        assert any(e.file == rel for e in pack.errors)


def long_flow(length: int, branching: bool) -> dict[str, str]:
    """A flow of `length` questions in a row, each asking a fact of its own (declared in facts.toml); with
    `branching` both answers lead on (2 ** length paths), else the second one ends the flow."""
    facts = base_text("flows/facts.toml")
    facts += "".join(
        f'\n[[fact]]\nid = "f{i}"\nlabel = "F"\nvalues = [ {{ value = "ja", label = "Ja" }}, {{ value = "nej", label = "Nej" }} ]\n'
        for i in range(length)
    )
    lines = [
        'id = "enkel"',
        'title = "Lång"',
        'description = "Lång"',
        'start = "akut"',
        'status = "fastställd"',
        "",
    ]
    lines += ["[nodes.akut]", 'kind = "question"', 'fact = "akut"', 'text = "?"', 'why = "."']
    lines += ['options = [ { value = "ja", next = "ut-akut" }, { value = "nej", next = "alder" } ]', ""]
    lines += ["[nodes.alder]", 'kind = "question"', 'fact = "alder"', 'text = "?"', 'why = "."']
    # an adult goes to the adult outcome (the child report outcome does not speak of consent: VG406)
    lines += ['options = [ { value = "barn", next = "q0" }, { value = "vuxen", next = "ut-vuxen" } ]', ""]
    for i in range(length):
        after = f"q{i + 1}" if i + 1 < length else "ut-barn"
        second = after if branching and i + 1 < length else "ut-vuxen"
        lines += [f"[nodes.q{i}]", 'kind = "question"', f'fact = "f{i}"', 'text = "?"', 'why = "."']
        lines += [
            f'options = [ {{ value = "ja", next = "{after}" }}, {{ value = "nej", next = "{second}" }} ]',
            "",
        ]
    outcomes = tomllib.loads(base_text(FLOW))["nodes"]
    for node in ("ut-akut", "ut-barn", "ut-vuxen"):
        lines.append(f"[nodes.{node}]")
        lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in outcomes[node].items()]
        lines.append("")
    return {"flows/facts.toml": facts, FLOW: "\n".join(lines)}


@pytest.mark.parametrize("branching", [False, True])
@pytest.mark.parametrize("length", [1, 2, 30, 1200])
def test_long_flows_are_checked_without_crashing(length: int, branching: bool) -> None:
    """No recursion limit and no path explosion: a long chain, and 2 ** length paths, are checked in a moment."""
    _, findings = load_and_check(long_flow(length, branching))
    assert findings == [], findings[:3]


def test_a_report_outcome_behind_many_branches_is_still_checked() -> None:
    files = long_flow(40, branching=True)
    files[FLOW] = files[FLOW].replace('urgency = "genast"', 'urgency = "snart"')
    _, findings = load_and_check(files)
    assert [f.code for f in findings] == ["VG109"]


@FUZZ
@given(data=st.binary(min_size=1, max_size=300), rel=st.sampled_from(ALL_FILES))
def test_random_bytes_never_crash(data: bytes, rel: str) -> None:
    pack, _ = load_and_check({rel: data})
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        errors = [e for e in pack.errors if e.file == rel]
        assert errors and errors[0].code == "VG001" and errors[0].line is not None


@FUZZ
@given(
    prefix=st.binary(max_size=40),
    bad=st.sampled_from([b"\xff", b"\xc3", b"\xe5", b"\x80\x80", b"\xed\xa0\x80"]),
)
def test_not_utf8_is_reported_on_its_line(prefix: bytes, bad: bytes) -> None:
    text = base_text(FLOW).encode("utf-8")
    clean = prefix.decode("utf-8", "ignore").encode("utf-8")
    pack, _ = load_and_check({FLOW: clean + text[:50] + bad + text[50:]})
    (error,) = [e for e in pack.errors if e.file == FLOW]
    assert error.code == "VG001"
    assert error.line == (clean + text[:50]).count(b"\n") + 1


# ------------------------------------------------------------------ random Markdown with odd front matter

MD_LINES = st.sampled_from(
    [
        "+++",
        "++++",
        " +++",
        "+++ ",
        "---",
        "",
        "# Gör inte",
        "## Gör inte",
        "### Barn – anmäl genast",
        "#",
        "# ",
        "#Rubrik",
        "Rubrik\n======",
        "```",
        "~~~",
        "    # indented code",
        "> # quoted heading",
        "- # list heading",
        "[Gör inte](#gor-inte)",
        "[x](#saknas)",
        "[x](unit:nexus)",
        "[x](unit:barn-och-unga)",
        "[x](routine:rutin)",
        "[x](routine:annan#y)",
        "[x](fil.md)",
        "[x]()",
        "[x](<#gor-inte>)",
        "![bild](bild.png)",
        "<!-- # kommentar -->",
        "<div>",
        "| a | b |",
        "|---|---|",
        'id = "rutin"',
        'title = "T"',
        'status = "utkast"',
        'version = "1"',
        'owner = "KS"',
        "adopted = 2026-01-01",
        "review_by = 2020-01-01",
        "status = 3",
        "id = ",
        "[[x]]",
        "\t",
        "\ufeff",
        "\u2028",
        "\r",
        "*" * 10,
        "_" * 3,
    ]
)


@FUZZ
@given(lines=st.lists(MD_LINES | st.text(max_size=20), max_size=30), keep_front=st.booleans())
def test_random_markdown_never_crashes(lines: list[str], keep_front: bool) -> None:
    text = "\n".join(lines)
    if keep_front:
        head, _, _ = base_text(ROUTINE).partition("# En liten rutin")
        text = head + text
    pack, _ = load_and_check({ROUTINE: text})
    first_line = (text.removeprefix("\ufeff").splitlines() or [""])[0]
    if first_line.strip() != "+++":
        assert any(e.file == ROUTINE and e.code in ("VG004", "VG001") for e in pack.errors)
    for routine in pack.routines.values():
        for section in routine.sections:
            assert section.line >= routine.body_line
            assert re.fullmatch(r"[a-z0-9-]*", section.anchor)
