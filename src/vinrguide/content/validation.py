"""Turning TOML and pydantic errors into ContentErrors with a line number and a message in plain Swedish."""

from __future__ import annotations

import re
import tomllib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from vinrguide.content.errors import ContentError

M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


def toml_error(exc: tomllib.TOMLDecodeError, file: str, line_offset: int = 0) -> ContentError:
    text = str(exc)
    match = _TOML_POSITION.search(text)
    line = int(match.group(1)) + line_offset if match else None
    reason = _TOML_POSITION.sub("", text).strip()
    return ContentError(file, f"TOML-filen går inte att läsa: {reason}. Kontrollera citattecken, klamrar och = på raden.", line, code="VG002")


def read_toml(text: str, file: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, file) from None


def validate(model: type[M], data: Any, file: str, source: str, line_offset: int = 0) -> M:
    """model.model_validate(data), with the first problem reported as a ContentError at its line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        loc = tuple(first["loc"])
        line = line_of(source, _toml_loc(loc))
        return_line = line + line_offset if line else None
        raise ContentError(file, explain(first), return_line, path=loc_text(loc), code="VG003") from None


def _toml_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic puts the chosen union member in the location ("question", "str", "RoleText"); TOML has no such key.
    return tuple(p for p in loc if p not in ("question", "outcome", "str", "RoleText", "Action"))


def loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in _toml_loc(loc):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def explain(error: Any) -> str:
    """A pydantic error in words an author understands."""
    kind = error["type"]
    field = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "värdet")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"fältet '{field}' saknas"
    if kind == "extra_forbidden":
        return f"okänt fält '{field}' (stavfel? se docs/authoring.md för de fält som finns)"
    if kind == "literal_error":
        return f"'{field}' måste vara ett av: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return f"'{field}' får bara innehålla små bokstäver a–z, siffror och bindestreck (t.ex. 'ut-anmal')"
    if kind in ("string_type", "str_type"):
        return f"'{field}' ska vara text inom citattecken"
    if kind in ("bool_type", "bool_parsing"):
        return f"'{field}' ska vara true eller false"
    if kind in ("tuple_type", "list_type"):
        return f"'{field}' ska vara en lista inom [ ]"
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"'{field}' ska vara ett datum som 2027-06-30 (utan citattecken)"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"'{field}' ska vara en tabell med fält"
    if kind == "too_short":
        return f"'{field}' får inte vara tom"
    if kind == "union_tag_invalid":
        return "'kind' måste vara \"question\" eller \"outcome\""
    if kind == "union_tag_not_found":
        return "noden saknar 'kind' (\"question\" eller \"outcome\")"
    if kind == "value_error":
        return f"'{field}': {ctx.get('error', error['msg'])}"
    return f"'{field}': {error['msg']}"


def line_of(source: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort 1-based line of a field path in TOML source: follows table headers and keys."""
    lines = source.splitlines()
    position, found, dotted = 0, None, ""
    for part in loc:
        if isinstance(part, int):
            headers = [i for i in range(position, len(lines)) if _header_name(lines[i]) == dotted and "[[" in lines[i]]
            if part < len(headers):
                position = found_line = headers[part]
                found = found_line
            continue
        dotted = f"{dotted}.{part}" if dotted else str(part)
        header = next((i for i in range(position, len(lines)) if _header_name(lines[i]) == dotted), None)
        if header is not None:
            position = found = header
            continue
        key = re.compile(rf'^\s*"?{re.escape(str(part))}"?\s*[.=]')
        for i in range(position, len(lines)):
            if i > position and _header_name(lines[i]) is not None:
                break
            if key.match(lines[i]):
                position = found = i
                break
    return found + 1 if found is not None else None


def _header_name(line: str) -> str | None:
    match = _HEADER.match(line)
    if not match or "=" in line.split("#")[0]:
        return None
    return ".".join(p.strip().strip('"') for p in match.group(1).split("."))
