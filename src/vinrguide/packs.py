"""A content pack for another municipality, made from the default (Uppsala) pack: `vinrguide init-pack DIR`.

What the new pack gets:
- routines/, flows/, scenarios/ copied; every routine and flow a draft (`status = "utkast"`, no `adopted` date), so
  that every screen says it is not adopted and `check` lists each one (VG303) until the municipality adopts it;
- routines/units.toml rewritten: national units (kind `nationell`, and national lines that are always open, such as
  BRIS) are kept as they are; every local unit keeps its id (the guides refer to it), name and referral role, but its
  numbers, address, web page and opening hours are cleared and it is `verified = false`, so that `check` lists it
  (VG304) until someone fills it in and confirms it. Its description starts with "FYLL I" and keeps Uppsala's text as a
  model;
- scenarios: expectations about the opening hours of the cleared units are dropped (they are unknown until filled in).

Nothing is overwritten: the target must not exist or be an empty directory. The pack is built in a temporary directory
beside the target and moved into place at the end, so a failure leaves no half-made pack.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vinrguide.content.locate import default_pack_dir

PACK_FILES: dict[str, tuple[str, ...]] = {
    "routines": ("*.md", "*.toml"),
    "flows": ("*.toml",),
    "scenarios": ("*.toml",),
}
UNITS = "routines/units.toml"
FILL_IN = "FYLL I"
UNIT_SOURCE_TODO = f"{FILL_IN}: var uppgifterna kommer från (webbplats, dokument, kontaktperson)"

UNITS_HEADER = """\
# Katalogen: enheter, linjer och telefonnummer som guiden hänvisar till.
#
# Skapad med `vinrguide init-pack` från Uppsala kommuns paket. Nationella enheter (112, polisen, nationella
# stödlinjer) står kvar som de var. Lokala enheter har kvar sitt id (guiderna hänvisar till det), namn och roll,
# men nummer, adress, webbsida och öppettider är tömda och verified = false.
#
# För varje enhet som börjar med "FYLL I":
#   1. Skriv er egen enhets namn och beskrivning (Uppsalas text står kvar som förebild).
#   2. Lägg in telefonnummer: phones = [ { number = "...", label = "..." } ]
#      Öppettider: hours = [ { days = "mån-fre", time = "08:00-16:30" } ] och hours_verified = true,
#      eller always_open = true för en linje som alltid är öppen.
#   3. Skriv var uppgifterna kommer från i source, och sätt verified = true när någon har kontrollerat dem.
# Hitta aldrig på nummer: ett okänt nummer är phones = [] och verified = false.
# `vinrguide check --content <mappen>` listar det som återstår (VG304).
"""


class PackExistsError(Exception):
    """The target is a file or a directory that is not empty."""


@dataclass
class NewPack:
    root: Path
    source: Path
    local_units: list[str] = field(default_factory=list)
    national_units: list[str] = field(default_factory=list)
    routines: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    scenario_expectations_dropped: int = 0
    # file → how many times it names the municipality the source pack was written for
    mentions: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- which units stay


def is_national(unit: dict[str, Any]) -> bool:
    """The same for every municipality in Sweden: kind `nationell`, or a national line open around the clock."""
    kind = unit.get("kind")
    return kind == "nationell" or (kind == "ideell" and bool(unit.get("always_open")))


def localize_unit(unit: dict[str, Any], municipality: str = "Uppsala") -> dict[str, Any]:
    """A local unit with its contact details cleared and marked unconfirmed; id, name, kind and role kept."""
    cleared = {"phones", "address", "web", "hours", "hours_note", "always_open", "open_on_holidays", "source"}
    out: dict[str, Any] = {}
    for key, value in unit.items():
        if key in cleared:
            continue
        if key == "description":
            value = f"{FILL_IN}: beskriv er motsvarighet. I {municipality}: {value}" if value else FILL_IN
        elif key == "aliases":
            value = [a for a in value if municipality.lower() not in a.lower()]
        elif key in ("verified", "hours_verified"):
            value = False
        out[key] = value
    out.setdefault("description", FILL_IN)
    out["phones"] = []
    out["hours_verified"] = False
    out["source"] = UNIT_SOURCE_TODO
    out["verified"] = False
    return out


# ---------------------------------------------------------------- a small TOML writer (units only)


def _toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007F")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]" if value else "[]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def units_toml(units: Iterable[dict[str, Any]]) -> str:
    blocks = []
    for unit in units:
        lines = ["[[unit]]"] + [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in unit.items()]
        blocks.append("\n".join(lines))
    return UNITS_HEADER + "\n" + "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------- drafts


def as_draft_front_matter(text: str) -> str:
    """A routine file with `status = "utkast"` and no `adopted` date in its front matter (the rest untouched)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        return text
    out = [lines[0]]
    end = None
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "+++":
            end = i
            break
        if re.match(r"\s*adopted\s*=", line):
            continue
        out.append(re.sub(r'^(\s*status\s*=\s*)"[^"]*"', r'\1"utkast"', line))
    if end is None:
        return text
    return "".join(out + lines[end:])


def as_draft_flow(text: str) -> str:
    """A flow file whose top-level `status` is "utkast" (added after `id` when missing)."""
    table = re.search(r"(?m)^\s*\[", text)  # the first table header ends the top level
    split = table.start() if table else len(text)
    top, rest = text[:split], text[split:]
    if re.search(r"(?m)^status\s*=", top):
        top = re.sub(r'(?m)^(status\s*=\s*)"[^"]*"', r'\1"utkast"', top)
    else:
        top = re.sub(r"(?m)^(id\s*=.*\n)", r'\1status = "utkast"\n', top, count=1)
    return top + rest


# ---------------------------------------------------------------- scenarios


_EXPECT_LINE = re.compile(
    r"^(?P<indent>\s*)(?P<key>open|fallbacks)\s*=\s*(?P<table>\{.*\})\s*(?P<comment>#.*)?$"
)


def drop_local_hours_expectations(text: str, local: set[str]) -> tuple[str, int]:
    """Remove `open`/`fallbacks` entries about cleared units from scenario expectations (their hours are unknown)."""
    dropped = 0
    out = []
    for line in text.splitlines(keepends=True):
        match = _EXPECT_LINE.match(line.rstrip("\n"))
        if match is None:
            out.append(line)
            continue
        try:
            table = tomllib.loads(f"x = {match['table']}")["x"]
        except tomllib.TOMLDecodeError:
            out.append(line)
            continue
        kept = {k: v for k, v in table.items() if k not in local}
        if len(kept) == len(table):
            out.append(line)
            continue
        dropped += len(table) - len(kept)
        if kept:
            newline = "\n" if line.endswith("\n") else ""
            out.append(f"{match['indent']}{match['key']} = {_toml_value(kept)}{newline}")
    return "".join(out), dropped


# ---------------------------------------------------------------- the whole pack


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def init_pack(target: Path, source: Path | None = None, municipality: str = "Uppsala") -> NewPack:
    """Make a new pack in `target` from `source` (default: the built-in pack). Refuses to overwrite anything."""
    source = (source or default_pack_dir()).resolve()
    target = target.absolute()
    if target.exists() and not _is_empty_dir(target):
        raise PackExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    result = NewPack(root=target, source=source)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for folder, patterns in PACK_FILES.items():
            (work / folder).mkdir()
            for pattern in patterns:
                for path in sorted((source / folder).glob(pattern)):
                    if path.is_file():
                        shutil.copy2(path, work / folder / path.name)
        _rewrite_units(work, result, municipality)
        for path in sorted((work / "routines").glob("*.md")):
            path.write_text(as_draft_front_matter(path.read_text(encoding="utf-8")), encoding="utf-8")
            result.routines.append(path.stem)
        for path in sorted((work / "flows").glob("*.toml")):
            if path.name == "facts.toml":
                continue
            path.write_text(as_draft_flow(path.read_text(encoding="utf-8")), encoding="utf-8")
            result.flows.append(path.stem)
        local = set(result.local_units)
        for path in sorted((work / "scenarios").glob("*.toml")):
            text, dropped = drop_local_hours_expectations(path.read_text(encoding="utf-8"), local)
            path.write_text(text, encoding="utf-8")
            result.scenario_expectations_dropped += dropped
        for folder in ("routines", "flows"):
            for path in sorted((work / folder).iterdir()):
                if path.name == "units.toml":
                    continue
                count = path.read_text(encoding="utf-8").count(municipality)
                if count:
                    result.mentions[f"{folder}/{path.name}"] = count
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return result


def _rewrite_units(work: Path, result: NewPack, municipality: str) -> None:
    path = work / UNITS
    if not path.is_file():
        return
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    units = []
    for unit in data.get("unit", []):
        if is_national(unit):
            units.append(unit)
            result.national_units.append(unit["id"])
        else:
            units.append(localize_unit(unit, municipality))
            result.local_units.append(unit["id"])
    path.write_text(units_toml(units), encoding="utf-8")
