"""Turning TOML and pydantic errors into ContentErrors with a line number and a message in plain Swedish."""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from vinrguide.content import diagnostics as d
from vinrguide.content.errors import ContentError

M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_AT_END = "(at end of document)"
_LOOKS_LIKE_A_DATE = re.compile(r"=\s*\d{4}-\d")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


# tomllib's reasons (English) in plain Swedish; "@1" stands for the pattern's first group. Others are shown as they are.
_TOML_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), swedish)
    for pattern, swedish in (
        (r"^Illegal character '\\n'", "en text tar slut utan avslutande citattecken"),
        (r"^Unterminated string", "en text tar slut utan avslutande citattecken"),
        (r"^Illegal character (.+)", "otillåtet tecken @1 i en text"),
        (r"^Unclosed array", "en lista [ … ] stängs aldrig med ]"),
        (r"^Unclosed inline table", "en tabell { … } stängs inte med } på samma rad"),
        (r"^Cannot declare .+ twice", "rubriken finns redan längre upp i filen (samma [rubrik] två gånger)"),
        (
            r"^Cannot (overwrite|mutate|redefine)",
            "fältet har redan ett värde längre upp (samma fält två gånger?)",
        ),
        (r"^Duplicate inline table key '?([^']*)'?", "fältet '@1' står två gånger inom samma { … }"),
        (r"^Expected '=' after a key", "= saknas efter fältnamnet"),
        (r"^Expected '\]\]'", "rubriken saknar avslutande ]]"),
        (r"^Expected '\]'", "rubriken saknar avslutande ]"),
        (r"^Expected newline or end of document", "efter värdet får inget mer stå på raden"),
        (r"^Invalid date or datetime", "ogiltigt datum; skriv till exempel 2027-06-30"),
        (
            r"^Invalid value",
            "värdet går inte att läsa (text ska stå inom citattecken; sant och falskt skrivs true och false)",
        ),
        (r"^Invalid initial character for a key part", "ett fältnamn börjar med ett otillåtet tecken"),
        (r"^Invalid statement", "raden är varken ett fält (namn = värde) eller en [rubrik]"),
        (r"^Unescaped '\\' in a string", "ett bakstreck (\\) i en text måste skrivas dubbelt"),
    )
)


def _toml_reason(reason: str) -> str:
    for pattern, swedish in _TOML_REASONS:
        match = pattern.search(reason)
        if match:
            return swedish.replace("@1", match.group(1)) if "@1" in swedish else swedish
    return reason


def toml_error(
    exc: tomllib.TOMLDecodeError, file: str, line_offset: int = 0, source: str | None = None
) -> ContentError:
    text = str(exc)
    match = _TOML_POSITION.search(text)
    line = int(match.group(1)) if match else None
    reason = _toml_reason(_TOML_POSITION.sub("", text).replace(_AT_END, "").strip())
    lines = source.splitlines() if source is not None else []
    if line is None and _AT_END in text and lines:
        line = len(lines)  # tomllib gives no line at the end of the text
    if line and lines and text.startswith(("Unclosed", "Unterminated")):
        # tomllib notices only where the next thing starts; the unclosed line is the last one with text before it.
        while line > 1 and (
            line > len(lines) or not lines[line - 1].strip() or _header_name(lines[line - 1])
        ):
            line -= 1
    # tomllib reads "2027-6-30" as the number 2027 followed by junk
    junk_after_date = text.startswith(("Expected newline", "Invalid date"))
    if junk_after_date and line and line <= len(lines) and _LOOKS_LIKE_A_DATE.search(lines[line - 1]):
        reason = (
            "ogiltigt datum; skriv år-månad-dag med två siffror för månad och dag, till exempel 2027-06-30"
        )
    return d.TOML_SYNTAX.error(
        file,
        line + line_offset if line else None,
        reason=f"TOML-filen går inte att läsa: {reason}. Kontrollera citattecken, klamrar och = på raden.",
    )


def read_toml(text: str, file: str, line_offset: int = 0) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, file, line_offset, source=text) from None
    except RecursionError:  # tomllib recurses into nested [ ] and { }
        message = "TOML-filen går inte att läsa: för många [ ] eller { } inuti varandra"
        raise d.TOML_SYNTAX.error(file, None, reason=message) from None


def validate(model: type[M], data: Any, file: str, source: str, line_offset: int = 0) -> M:
    """model.model_validate(data), with the first problem reported as a ContentError at its line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        # A wrong or missing 'kind' is reported on the node; its 'kind' line is where the author looks.
        where = (*_toml_loc(loc), "kind") if first["type"].startswith("union_tag") else _toml_loc(loc)
        line = line_of(source, where)
        return_line = line + line_offset if line else None
        raise d.INVALID_FIELD.error(file, return_line, loc_text(loc), reason=explain(first)) from None


def _toml_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic puts the chosen union member in the location ("question", "str", "RoleText") and "[key]" after a bad
    # key; TOML has no such key.
    return tuple(p for p in loc if p not in ("question", "outcome", "str", "RoleText", "Action", "[key]"))


def loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in _toml_loc(loc):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def explain(error: Any) -> str:
    """A pydantic error in words an author understands."""
    kind = error["type"]
    loc = tuple(error["loc"])
    field = next((p for p in reversed(loc) if isinstance(p, str) and p != "[key]"), "värdet")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"fältet '{field}' saknas"
    if kind == "extra_forbidden":
        return f"okänt fält '{field}' (stavfel? se docs/authoring.md för de fält som finns)"
    if kind == "literal_error":
        return f"'{field}' måste vara ett av: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        what = f"id:t '{field}'" if loc and loc[-1] == "[key]" else f"'{field}'"
        return f"{what} får bara innehålla små bokstäver a–z, siffror och bindestreck (t.ex. 'ut-anmal')"
    if kind in ("string_too_long", "too_long"):
        return f"'{field}' är för långt (högst {ctx.get('max_length', '?')} tecken)"
    if kind in ("string_type", "str_type"):
        return f"'{field}' ska vara text inom citattecken"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' ska vara true eller false"
    if kind in ("tuple_type", "list_type"):
        return f"'{field}' ska vara en lista inom [ ]"
    if kind in ("date_type", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_parsing"):
        return f"'{field}' ska vara ett datum som 2027-06-30 (utan citattecken och utan klockslag)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field}' ska vara en tabell med fält"
    if kind == "too_short":
        return f"'{field}' får inte vara tom"
    if kind == "union_tag_invalid":
        return '\'kind\' måste vara "question" eller "outcome"'
    if kind == "union_tag_not_found":
        return 'noden saknar \'kind\' ("question" eller "outcome")'
    if kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
        return f"'{field}': {reason}" if loc and isinstance(loc[-1], str) else reason
    return f"'{field}': {error['msg']}"


@dataclass(frozen=True)
class _SourceIndex:
    """A TOML source's lines and table headers, computed once: `check` asks for many lines in the same file."""

    lines: list[str]
    headers: dict[str, list[int]]  # dotted header name → the lines where it stands, in order
    arrays: dict[str, list[int]]  # the same for [[array]] headers only
    header_lines: list[int]  # every header line, sorted


@lru_cache(maxsize=64)
def _index(source: str) -> _SourceIndex:
    lines = source.splitlines()
    headers: dict[str, list[int]] = {}
    arrays: dict[str, list[int]] = {}
    header_lines = []
    for i, line in enumerate(lines):
        name = _header_name(line)
        if name is None:
            continue
        header_lines.append(i)
        headers.setdefault(name, []).append(i)
        if "[[" in line:
            arrays.setdefault(name, []).append(i)
    return _SourceIndex(lines, headers, arrays, header_lines)


def line_of(source: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort 1-based line of a field path in TOML source: follows table headers, keys (also dotted keys such as
    `text.skola = …`) and the elements of a multi-line array written one element per line."""
    index = _index(source)
    lines = index.lines
    position, found, dotted = 0, None, ""
    keys: list[str] = []  # keys matched since the last header, the prefix of a dotted key
    for part in loc:
        if isinstance(part, int):
            headers = [i for i in index.arrays.get(dotted, []) if i >= position]
            if part < len(headers):
                position = found = headers[part]
                keys = []
            elif keys and found is not None:
                element = _array_element(lines, found, part)
                if element is not None:
                    position = found = element
            continue
        dotted = f"{dotted}.{part}" if dotted else str(part)
        header = next((i for i in index.headers.get(dotted, []) if i >= position), None)
        if header is not None:
            position = found = header
            keys = []
            continue
        prefix = "".join(rf'"?{re.escape(k)}"?\s*\.\s*' for k in keys)
        key = re.compile(rf'^\s*{prefix}"?{re.escape(str(part))}"?\s*[.=]')
        next_header = bisect.bisect_right(index.header_lines, position)
        block_end = index.header_lines[next_header] if next_header < len(index.header_lines) else len(lines)
        for i in range(position, block_end):
            if key.match(lines[i]):
                position = found = i
                keys.append(str(part))
                break
    return found + 1 if found is not None else None


_ARRAY_OPENS = re.compile(r"=\s*\[\s*(#.*)?$")


def _array_element(lines: list[str], start: int, index: int) -> int | None:
    """The 0-based line of element `index` of an array opened at the end of line `start` and written one element
    per line (`options = [` … `]`); None when the array is not written that way."""
    if not _ARRAY_OPENS.search(lines[start]):
        return None
    elements = []
    for i in range(start + 1, len(lines)):
        text = lines[i].strip()
        if text.startswith("]"):
            break
        if not text or text.startswith("#"):
            continue
        if "}, {" in text or "},{" in text:
            return None  # several elements on one line: no reliable line
        elements.append(i)
    return elements[index] if index < len(elements) else None


def _header_name(line: str) -> str | None:
    match = _HEADER.match(line)
    if not match or "=" in line.split("#")[0]:
        return None
    return ".".join(p.strip().strip('"') for p in match.group(1).split("."))


# ------------------------------------------------------------------ invisible characters that change what text shows

# Bidirectional controls (U+202A–U+202E, U+2066–U+2069, the marks U+200E, U+200F, U+061C) reorder what follows them,
# so "018-727 52 47" can display as another number; zero-width characters (U+200B–U+200D, U+2060, U+FEFF inside the
# text) are invisible and make two ids that look the same differ.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
MAX_INVISIBLE_WARNINGS = 20
"""Per file: one broken copy-paste must not give thousands of warnings."""

# Fields whose value names something (an id, a number, an address): what the user sees must be what it is.
EXACT_FIELDS = frozenset(
    {
        "id", "number", "address", "web", "url", "unit", "next", "start", "fact", "value", "flow", "after_hours",
        "ref", "routines", "legal", "roll", "referrals", "not_referrals", "fallbacks", "facts", "kind", "urgency",
        "status", "days", "time", "when", "outcome",
    }
)  # fmt: skip
EXACT_MAPS = frozenset({"facts", "fallbacks", "open"})
"""Tables whose every value names something (scenario facts, expected fallbacks)."""


def _describe(char: str) -> str:
    import unicodedata

    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def invisible_characters(
    data: Any, file: str, source: str, line_offset: int = 0
) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings) for the invisible characters in parsed TOML: in a key or an exact field an error, in
    other text a warning; each at its line."""
    errors: list[ContentError] = []
    warnings: list[ContentError] = []

    def report(loc: tuple[Any, ...], char: str, exact: bool) -> None:
        found = line_of(source, loc)
        line, where = (found + line_offset if found else None), loc_text(loc)
        if exact:
            reason = (
                f"'{where}' innehåller ett osynligt tecken ({_describe(char)}) som kan få det att visas som något "
                "annat; ta bort det (skriv om värdet för hand)"
            )
            errors.append(d.INVISIBLE_IN_ID.error(file, line, where, reason=reason))
        elif len(warnings) < MAX_INVISIBLE_WARNINGS:
            reason = (
                f"texten innehåller ett osynligt tecken ({_describe(char)}); ta bort det om det inte behövs"
            )
            warnings.append(d.INVISIBLE_IN_TEXT.error(file, line, where, reason=reason))

    def visit(value: Any, loc: tuple[Any, ...], exact: bool) -> None:
        if isinstance(value, dict):
            is_map = bool(loc) and loc[-1] in EXACT_MAPS  # facts = { alder = "barn" }: every value is an id
            for key, item in value.items():
                found = INVISIBLE.search(key)
                if found:
                    report((*loc, key), found.group(), True)
                visit(item, (*loc, key), is_map or key in EXACT_FIELDS)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                visit(item, (*loc, i), exact)
        elif isinstance(value, str):
            found = INVISIBLE.search(value)
            if found:
                report(loc, found.group(), exact)

    if INVISIBLE.search(source):  # the common case, a clean file, costs one scan
        visit(data, (), False)
    return errors, warnings


def invisible_in_lines(text: str, file: str, first_line: int) -> list[ContentError]:
    """Warnings for invisible characters in Markdown text, one per line (at most MAX_INVISIBLE_WARNINGS)."""
    found: list[ContentError] = []
    if not INVISIBLE.search(text):
        return found
    for offset, line in enumerate(text.splitlines()):
        match = INVISIBLE.search(line)
        if match and len(found) < MAX_INVISIBLE_WARNINGS:
            message = f"texten innehåller ett osynligt tecken ({_describe(match.group())}); ta bort det om det inte behövs"
            found.append(d.INVISIBLE_IN_TEXT.error(file, first_line + offset, reason=message))
    return found
