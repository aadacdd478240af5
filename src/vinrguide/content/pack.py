"""ContentPack: every file of a content directory loaded, with the problems found while loading.

Loading is tolerant: a broken file becomes a ContentError in `errors` and the rest still loads, so that `check` can
report everything at once and the app can offer the guides that still work.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vinrguide.content import diagnostics as d
from vinrguide.content.anchors import split_ref
from vinrguide.content.errors import ContentError
from vinrguide.content.freetext import FREE_TEXT_FILE, FreeTextFile, fitting_rules
from vinrguide.content.models import (
    Fact,
    FactsFile,
    Flow,
    LegalFile,
    LegalRef,
    PackInfo,
    Routine,
    Scenario,
    ScenarioFile,
    Section,
    Term,
    TermsFile,
    Unit,
    UnitsFile,
)
from vinrguide.content.routine_file import parse_routine
from vinrguide.content.validation import (
    INVISIBLE,
    invisible_characters,
    invisible_in_lines,
    line_of,
    read_toml,
    validate,
)

FACTS_FILE = "flows/facts.toml"
UNITS_FILE = "routines/units.toml"
LEGAL_FILE = "routines/legal.toml"
TERMS_FILE = "routines/terms.toml"
PACK_FILE = "pack.toml"
# Limits (docs/authoring.md, "Limits"): far above any real content (the shipped pack is 0.3 MB, its longest line
# under 600 characters), low enough that a broken or hostile file is a finding, not minutes of parsing or gigabytes.
MAX_FILE_BYTES = 2_000_000
"""One file."""
MAX_LINE_CHARS = 20_000
"""One line of a file (a paragraph in a routine is one line in many editors)."""
MAX_PACK_CHARS = 20_000_000
"""All the files of a pack together; past it the remaining files are not read."""


@dataclass
class ContentPack:
    root: Path
    info: PackInfo = field(default_factory=PackInfo)
    facts: dict[str, Fact] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    legal: dict[str, LegalRef] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    free_text: FreeTextFile = field(default_factory=FreeTextFile)
    """routines/fritext.toml: the rules that fit the pack (the others are in `errors`); empty without the file."""
    scenarios: list[tuple[str, Scenario]] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    """Problems found while loading that do not stop anything (check shows them as warnings)."""
    files: dict[str, str] = field(default_factory=dict)  # relative path → text, for line look-ups
    flow_files: dict[str, str] = field(default_factory=dict)
    indexes: dict[tuple[str, str], int] = field(
        default_factory=dict
    )  # ("unit", id) → its place in the file's array
    suppressed: Counter[str] = field(default_factory=Counter)
    """A broken file or folder → how many problems were left unreported because they follow from it."""
    chars_read: int = 0
    """The characters of all the files read so far (MAX_PACK_CHARS)."""
    _broken: set[str] = field(default_factory=set, init=False, repr=False)
    _broken_seen: int = field(default=0, init=False, repr=False)

    # ------------------------------------------------------------ look-ups

    def section(self, ref: str) -> tuple[Routine, Section | None] | None:
        """The routine and section of "routine-id#anchor" (section None when the ref has no anchor)."""
        routine_id, anchor = split_ref(ref)
        routine = self.routines.get(routine_id)
        if routine is None:
            return None
        if not anchor:
            return routine, None
        found = routine.section(anchor)
        return (routine, found) if found else None

    def value_label(self, fact: str, value: str) -> str:
        known = self.facts.get(fact)
        return known.label_of(value) if known else value

    def line_in(self, file: str, *loc: Any) -> int | None:
        source = self.files.get(file)
        return line_of(source, loc) if source is not None else None

    def broken(self, rel: str) -> bool:
        """The file (or folder, "flows/") could not be loaded: references into it are not reported again."""
        if self._broken_seen != len(self.errors):  # errors only grow: the set is rebuilt when one was added
            self._broken = {e.file for e in self.errors}
            self._broken_seen = len(self.errors)
        return rel in self._broken

    def cause_of(self, kind: str, ident: str) -> str | None:
        """The broken file or folder that would have defined the `kind` ("unit", "legal", "fact", "routine", "flow")
        named `ident`, or None when nothing that could define it is broken (then it is simply missing)."""
        candidates = {
            "unit": ("routines/", UNITS_FILE),
            "legal": ("routines/", LEGAL_FILE),
            "fact": ("flows/", FACTS_FILE),
            "routine": ("routines/", f"routines/{ident}.md"),
            "flow": ("flows/", f"flows/{ident}.toml"),
        }.get(kind, ())
        return next((rel for rel in candidates if self.broken(rel)), None)

    def follows_from_broken(self, kind: str, ident: str) -> bool:
        """True, and counted in `suppressed`, when a missing `kind` `ident` follows from a file that failed to load:
        `check` reports the cause once ("n fel beror på det här") instead of every reference into it."""
        cause = self.cause_of(kind, ident)
        if cause is not None:
            self.suppressed[cause] += 1
        return cause is not None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def draft_notice(self) -> str:
        """Shown on every screen and export that shows draft content."""
        return f"Utkast – inte fastställd av {self.info.municipality}"

    @property
    def adopted_notice(self) -> str:
        return f"Fastställd av {self.info.municipality}"


def load_pack(root: str | Path) -> ContentPack:
    root = Path(root)
    pack = ContentPack(root=root)
    if not root.is_dir():
        pack.errors.append(d.FILE_UNREADABLE.error(str(root), reason="innehållsmappen finns inte"))
        return pack
    try:
        os.scandir(root).close()
    except OSError as exc:
        pack.errors.append(_os_problem(str(root), exc))
        return pack
    _load_info(pack)
    _load_facts(pack)
    _load_flows(pack)
    _load_routines(pack)
    _load_free_text(pack)
    _load_units(pack)
    _load_legal(pack)
    _load_terms(pack)
    _load_scenarios(pack)
    return pack


_OS_REASONS = {
    errno.EACCES: "åtkomst nekad",
    errno.EPERM: "åtkomst nekad",
    errno.ENOTDIR: "en del av sökvägen är inte en mapp",
    errno.ELOOP: "en genväg (symbolisk länk) pekar på sig själv",
    errno.EIO: "läsfel på disken",
}


def _os_problem(rel: str, exc: OSError) -> ContentError:
    reason = _OS_REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return d.FILE_UNREADABLE.error(rel, reason=f"kan inte läsa {rel}: {reason}")


def _present(pack: ContentPack, rel: str) -> bool:
    """Whether something stands at `rel` (an optional file); a folder that cannot be searched is recorded."""
    try:
        (pack.root / rel).lstat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        folder = rel.rsplit("/", 1)[0] + "/"
        if not pack.broken(folder):
            pack.errors.append(_os_problem(folder, exc))
        return False
    return True


def _listing_works(pack: ContentPack, folder: str) -> bool:
    """The folder can be listed (else its error is recorded)."""
    _listing(pack, folder, "\0")
    return not pack.broken(f"{folder}/")


def _listing(pack: ContentPack, folder: str, suffix: str) -> list[str]:
    """The files `folder/*suffix`, sorted, as paths relative to the pack; a folder that cannot be read is recorded
    once ("kan inte läsa routines/: åtkomst nekad"), never silently taken for an empty one."""
    if pack.broken(f"{folder}/"):
        return []
    try:
        with os.scandir(pack.root / folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(suffix) and not e.name.startswith("."))
    except OSError as exc:
        pack.errors.append(_os_problem(f"{folder}/", exc))
        return []
    return [f"{folder}/{name}" for name in names]


def read_checked(path: Path, rel: str) -> str:
    """The text of a content file, read as every content file is: only a regular file (a folder, a pipe or a device
    such as /dev/zero is refused, never waited for or read without end), at most MAX_FILE_BYTES, UTF-8, no NUL.
    Raises ContentError (named `rel`) saying why not; OSError when the file cannot be opened."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a folder, or a pipe that would never end
        raise d.FILE_UNREADABLE.error(rel, reason="det här är en mapp eller något annat än en textfil")
    if info.st_size > MAX_FILE_BYTES:
        raise d.FILE_UNREADABLE.error(rel, reason=f"filen är större än {MAX_FILE_BYTES // 1_000_000} MB")
    with path.open("rb") as file:
        raw = file.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows while it is read
    if len(raw) > MAX_FILE_BYTES:
        raise d.FILE_UNREADABLE.error(rel, reason=f"filen är större än {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "filen är inte sparad som UTF-8; spara om den som UTF-8 i din textredigerare"
        raise d.FILE_UNREADABLE.error(rel, line, reason=message) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        message = "filen innehåller tecken som inte är text (NUL); skriv om raden"
        raise d.FILE_UNREADABLE.error(rel, line, reason=message)
    _check_line_lengths(text, rel)
    return text.removeprefix("\ufeff")


def _check_line_lengths(text: str, rel: str) -> None:
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE_CHARS:
            limit = f"{MAX_LINE_CHARS:_}".replace("_", " ")
            message = f"raden är längre än {limit} tecken; dela upp den"
            raise d.FILE_UNREADABLE.error(rel, number, reason=message)


def read_file(path: Path, rel: str) -> str:
    """read_checked, with a file that cannot be opened as a ContentError too ("kan inte läsa …: åtkomst nekad")."""
    try:
        return read_checked(path, rel)
    except FileNotFoundError:
        raise d.FILE_UNREADABLE.error(rel, reason="filen saknas") from None
    except OSError as exc:
        raise _os_problem(rel, exc) from None


def read_text(pack: ContentPack, rel: str) -> str | None:
    """The file's text, or None after recording why it could not be read."""
    try:
        text = read_checked(pack.root / rel, rel)
    except ContentError as err:
        pack.errors.append(err)
        return None
    except FileNotFoundError:
        pack.errors.append(d.FILE_UNREADABLE.error(rel, reason="filen saknas"))
        return None
    except OSError as exc:
        folder = rel.rsplit("/", 1)[0]
        if pack.broken(f"{folder}/") or not _listing_works(pack, folder):
            pack.suppressed[f"{folder}/"] += 1  # the folder's own error says it, not once more per file in it
        else:
            pack.errors.append(_os_problem(rel, exc))
        return None
    pack.chars_read += len(text)
    if pack.chars_read > MAX_PACK_CHARS:
        limit = f"{MAX_PACK_CHARS // 1_000_000} miljoner tecken"
        pack.errors.append(
            d.FILE_UNREADABLE.error(rel, reason=f"innehållspaketet är större än {limit}; filen läses inte")
        )
        return None
    pack.files[rel] = text
    return text


def _load_model(pack: ContentPack, rel: str, model: Any, optional: bool = False) -> Any:
    if optional and not _present(pack, rel):
        return None
    text = read_text(pack, rel)
    if text is None:
        return None
    try:
        data = read_toml(text, rel)
    except ContentError as err:
        pack.errors.append(err)
        return None
    exact = _invisible(pack, data, rel, text)
    try:
        return validate(model, data, rel, text)
    except ContentError as err:
        if err.path not in exact:  # an id with an invisible character is that finding, not "only a–z" as well
            pack.errors.append(err)
        return None


def _invisible(pack: ContentPack, data: Any, rel: str, source: str, line_offset: int = 0) -> set[str]:
    """Record the invisible characters in a file's parsed TOML; the field paths where they are errors."""
    errors, warnings = invisible_characters(data, rel, source, line_offset)
    pack.errors += errors
    pack.warnings += warnings
    return {e.path for e in errors}


def _duplicate(pack: ContentPack, rel: str, kind: str, ident: str, line: int | None) -> None:
    pack.errors.append(d.DUPLICATE_ID.error(rel, line, kind=kind, ident=ident))


def _load_info(pack: ContentPack) -> None:
    """pack.toml is optional: without it the pack speaks of "kommunen"."""
    info = _load_model(pack, PACK_FILE, PackInfo, optional=True)
    if info is not None:
        pack.info = info


def _load_facts(pack: ContentPack) -> None:
    loaded = _load_model(pack, FACTS_FILE, FactsFile)
    for i, fact in enumerate(loaded.fact if loaded else ()):
        if fact.id in pack.facts:
            _duplicate(pack, FACTS_FILE, "faktumet", fact.id, pack.line_in(FACTS_FILE, "fact", i))
        pack.facts.setdefault(fact.id, fact)
        values = fact.value_ids()
        for n, value in enumerate(values):
            if value in values[:n]:
                _duplicate(
                    pack,
                    FACTS_FILE,
                    f"värdet '{value}' i faktumet",
                    fact.id,
                    pack.line_in(FACTS_FILE, "fact", i, "values", n),
                )


def _toml_files(pack: ContentPack, folder: str) -> Iterator[str]:
    if _is_dir(pack, folder):
        yield from _listing(pack, folder, ".toml")


def _is_dir(pack: ContentPack, folder: str) -> bool:
    try:
        return stat.S_ISDIR((pack.root / folder).stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        if not pack.broken(f"{folder}/"):
            pack.errors.append(_os_problem(f"{folder}/", exc))
        return False


def _load_flows(pack: ContentPack) -> None:
    if not _is_dir(pack, "flows"):
        if not pack.broken("flows/"):
            pack.errors.append(d.FILE_UNREADABLE.error("flows/", reason="mappen flows/ saknas"))
        return
    for rel in _toml_files(pack, "flows"):
        if rel == FACTS_FILE:
            continue
        flow = _load_model(pack, rel, Flow)
        if flow is None:
            continue
        if flow.id in pack.flows:
            _duplicate(pack, rel, "guiden", flow.id, pack.line_in(rel, "id"))
            continue
        pack.flows[flow.id] = flow
        pack.flow_files[flow.id] = rel


def _load_routines(pack: ContentPack) -> None:
    if not _is_dir(pack, "routines"):
        if not pack.broken("routines/"):
            pack.errors.append(d.FILE_UNREADABLE.error("routines/", reason="mappen routines/ saknas"))
        return
    for rel in _listing(pack, "routines", ".md"):
        text = read_text(pack, rel)
        if text is None:
            continue
        exact = _invisible_in_routine(pack, rel, text)
        try:
            routine = parse_routine(text, rel)
        except ContentError as err:
            if err.path not in exact:
                pack.errors.append(err)
            continue
        pack.warnings += invisible_in_lines(routine.body, rel, routine.body_line)
        if routine.id in pack.routines:
            _duplicate(pack, rel, "rutinen", routine.id, pack.line_in(rel, "id") or 1)
            continue
        pack.routines[routine.id] = routine


def _invisible_in_routine(pack: ContentPack, rel: str, text: str) -> set[str]:
    """Invisible characters in a routine's front matter (see _invisible); nothing when it cannot be parsed (then
    parse_routine says why)."""
    if not INVISIBLE.search(text):
        return set()
    lines = text.splitlines()
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "+++"), None)
    if not lines or lines[0].strip() != "+++" or end is None:
        return set()
    front = "\n".join(lines[1:end])
    try:
        data = read_toml(front, rel, line_offset=1)
    except ContentError:
        return set()
    return _invisible(pack, data, rel, front, line_offset=1)


def _load_free_text(pack: ContentPack) -> None:
    loaded = _load_model(pack, FREE_TEXT_FILE, FreeTextFile, optional=True)
    if loaded is not None:
        pack.free_text = fitting_rules(pack, loaded)


def _load_entries(
    pack: ContentPack, rel: str, model: Any, table: str, kind: str, into: dict[str, Any]
) -> None:
    """The `[[table]]` entries of one file into `into` by id; a repeated id is reported, the first one kept."""
    loaded = _load_model(pack, rel, model)
    for i, entry in enumerate(getattr(loaded, table) if loaded else ()):
        if entry.id in into:
            _duplicate(pack, rel, kind, entry.id, pack.line_in(rel, table, i))
            continue
        into[entry.id] = entry
        pack.indexes[table, entry.id] = i


def _load_units(pack: ContentPack) -> None:
    _load_entries(pack, UNITS_FILE, UnitsFile, "unit", "enheten", pack.units)


def _load_legal(pack: ContentPack) -> None:
    _load_entries(pack, LEGAL_FILE, LegalFile, "legal", "lagrummet", pack.legal)


def _load_terms(pack: ContentPack) -> None:
    loaded = _load_model(pack, TERMS_FILE, TermsFile, optional=True)
    seen: set[str] = set()
    for i, term in enumerate(loaded.term if loaded else ()):
        if term.id in seen:
            _duplicate(pack, TERMS_FILE, "termen", term.id, pack.line_in(TERMS_FILE, "term", i))
            continue
        seen.add(term.id)
        pack.terms.append(term)


def _load_scenarios(pack: ContentPack) -> None:
    for rel in _toml_files(pack, "scenarios"):
        loaded = _load_model(pack, rel, ScenarioFile)
        for scenario in loaded.scenario if loaded else ():
            pack.scenarios.append((rel, scenario))


def load_free_text(root: str | Path) -> FreeTextFile:
    """The free-text rules of the pack at `root`, checked against it; its first problem as a ContentError."""
    pack = load_pack(root)
    problems = [e for e in pack.errors if e.file == FREE_TEXT_FILE]
    if problems:
        raise problems[0]
    return pack.free_text
