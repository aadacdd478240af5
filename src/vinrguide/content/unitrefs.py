"""Phone numbers in text come from the directory: `{tel:nexus}` stands for the unit's current primary number.

Authors write `{tel:UNIT-ID}` wherever a routine, a flow text, an action or a note would give a number; every
surface renders it with `render_unit_refs`, so a number changed in units.toml changes everywhere at once.
A unit without a number renders as its name with "(nummer saknas)"; an unknown id renders as written, and
`check` reports both. `phone_like` finds numbers typed into text instead of a reference (check flags them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Protocol

UNIT_REF = re.compile(r"\{tel:([a-z0-9][a-z0-9-]*)\}")
"""`{tel:nexus}`: the unit's primary phone number."""

# A Swedish phone number as people write it: 114 14, 116 111, 020-50 50 50, 018-727 52 47, 08-405 50 05,
# 010-223 57 60. Years (2025), law numbers (2025:400, 1982:316), sections (31 a §) and dates are not numbers.
# 112 is the emergency number everywhere in the EU and never changes: text may say "ring 112" as it is.
PHONE_LIKE = re.compile(
    r"(?<![\w:/.-])(?:0\d{1,3}-\d{2,3}(?:[ ]\d{2,3}){1,3}|11[46][ ]\d{2,3}(?:[ ]\d{2,3})?)(?![\w:])"
)


class _UnitLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def primary_phone(self) -> str | None: ...


def unit_ids(text: str) -> Iterator[str]:
    """The unit ids referred to in the text, in order."""
    for match in UNIT_REF.finditer(text):
        yield match.group(1)


def render_unit_refs(text: str, units: Mapping[str, _UnitLike]) -> str:
    """Text with every `{tel:ID}` replaced by the unit's current primary number."""
    if "{tel:" not in text:
        return text

    def number(match: re.Match[str]) -> str:
        unit = units.get(match.group(1))
        if unit is None:
            return match.group(0)
        return unit.primary_phone or f"{unit.name} (nummer saknas)"

    return UNIT_REF.sub(number, text)


def phone_like(text: str) -> list[str]:
    """Phone-number-shaped strings written into text instead of a `{tel:…}` reference."""
    return [m.group(0) for m in PHONE_LIKE.finditer(UNIT_REF.sub("", text))]
