"""A content pack for another municipality, made from the default (Uppsala) pack: `vinrguide init-pack DIR`.

What the new pack gets:
- routines/, flows/, scenarios/ copied; every routine and flow a draft (`status = "utkast"`, no `adopted` date), so
  that every screen says it is not adopted and `check` lists each one (VG303) until the municipality adopts it;
- routines/units.toml rewritten: national units (kind `nationell`, and national lines that are always open, such as
  BRIS) are kept as they are; every local unit keeps its id (the guides refer to it), name and referral role, but its
  numbers, address, web page and opening hours are cleared and it is `verified = false`, so that `check` lists it
  (VG304) until someone fills it in and confirms it. Its description starts with "FYLL I" and keeps Uppsala's text as a
  model;
- scenarios: expectations about the opening hours of the cleared units are dropped (they are unknown until filled in);
- a new pack.toml: the municipality's name, the content owner and the office hours to fill in (every screen takes the
  name from it, so the new pack never says "Uppsala").

The source pack must load without errors (`SourcePackError` lists them): a pack is only made from one that works.
Nothing is overwritten: the target must not exist or be an empty directory. The pack is built in a temporary directory
beside the target and moved into place at the end, so a failure leaves no half-made pack; it gets the user's umask
(others can read it when they can read the user's other files).
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
from vinrguide.content.models import PackInfo
from vinrguide.content.pack import ContentPack, load_pack

PACK_FILES: dict[str, tuple[str, ...]] = {
    "routines": ("*.md", "*.toml"),
    "flows": ("*.toml",),
    "scenarios": ("*.toml",),
}
UNITS = "routines/units.toml"
FILL_IN = "FYLL I"
UNIT_SOURCE_TODO = f"{FILL_IN}: var uppgifterna kommer från (webbplats, dokument, kontaktperson)"
PACK_TOML = "pack.toml"
MUNICIPALITY_TODO = f"{FILL_IN}: kommunens namn"

PACK_TOML_TEXT = f"""\
# Vem innehållspaketet tillhör. Varje skärm och export tar kommunens namn härifrån
# ("Utkast – inte fastställd av …"). Skapad med `vinrguide init-pack`: fyll i det som börjar med "{FILL_IN}".
municipality = "{MUNICIPALITY_TODO}"   # till exempel "Järfälla kommun"
content_owner = "{FILL_IN}: vem som ska kontaktas om fel i innehållet (enhet, funktionsbrevlåda)"
version = "0.1"

# Kontorstid: råd märkta when = "efter-kontorstid" visas först utanför de här tiderna, "kontorstid" inom dem.
# Källpaketets tider är borttagna (de gäller en annan kommun). Skriv in era och var uppgiften kommer från:
#   office_hours_source = "..."
#   [[office_hours]]
#   days = "mån-fre"
#   time = "08:00-16:30"
# Utan office_hours ordnas råden inte om efter tid på dygnet.
"""

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


class SourcePackError(Exception):
    """The source pack does not load: a new pack is only made from one that works."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        super().__init__(f"{source}: {len(problems)} fel")
        self.source = source
        self.problems = problems


@dataclass
class NewPack:
    root: Path
    source: Path
    local_units: list[str] = field(default_factory=list)
    national_units: list[str] = field(default_factory=list)
    routines: list[str] = field(default_factory=list)
    flows: list[str] = field(default_factory=list)
    scenario_expectations_dropped: int = 0
    municipality: str = ""
    """The name the source pack's texts use for its municipality ("" when its pack.toml does not say)."""
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
            model = f"I {municipality}" if municipality else "Förebild"
            value = f"{FILL_IN}: beskriv er motsvarighet. {model}: {value}" if value else FILL_IN
        elif key == "aliases" and municipality:
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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _source_municipality(source: ContentPack) -> str:
    """The name the source pack's texts use for its municipality ("Uppsala" for "Uppsala kommun"); "" if unknown."""
    name = source.info.municipality
    if name == PackInfo().municipality or name.startswith(FILL_IN):
        return ""  # a pack without pack.toml, or one made by init-pack and not filled in: no name to look for
    return name.removesuffix(" kommun").removesuffix(" stad").strip()


def init_pack(target: Path, source: Path | None = None, municipality: str | None = None) -> NewPack:
    """Make a new pack in `target` from `source` (default: the built-in pack). Refuses to overwrite anything, and to
    start from a source pack that does not load (SourcePackError)."""
    source = (source or default_pack_dir()).resolve()
    target = target.absolute()
    if target.exists() and not _is_empty_dir(target):
        raise PackExistsError(str(target))
    loaded = load_pack(source)
    if loaded.errors:
        raise SourcePackError(source, [str(e) for e in loaded.errors])
    municipality = municipality or _source_municipality(loaded)
    target.parent.mkdir(parents=True, exist_ok=True)
    result = NewPack(root=target, source=source, municipality=municipality)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        # mkdtemp makes it 0700: the pack gets the mode any new folder would get
        work.chmod(0o777 & ~_umask())
        for folder, patterns in PACK_FILES.items():
            (work / folder).mkdir()
            for pattern in patterns:
                for path in sorted((source / folder).glob(pattern)):
                    if path.is_file():
                        shutil.copyfile(path, work / folder / path.name)  # a new file: the user's umask
        (work / PACK_TOML).write_text(PACK_TOML_TEXT, encoding="utf-8")
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
                count = path.read_text(encoding="utf-8").count(municipality) if municipality else 0
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
