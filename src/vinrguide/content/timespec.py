"""Parsing of the opening-hours notation authors write in units.toml ("mån-fre", "09:00-16:00")."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

DAYS: tuple[str, ...] = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
# Authors (and the OCR'd seed) may drop the diacritics.
_DAY_ALIASES = {"man": "mån", "lor": "lör", "son": "sön"}


def _day_index(name: str) -> int:
    key = name.strip().lower()
    key = _DAY_ALIASES.get(key, key)
    if key not in DAYS:
        raise ValueError(f"okänd veckodag {name!r}: skriv mån, tis, ons, tor, fre, lör eller sön")
    return DAYS.index(key)


@lru_cache(maxsize=256)  # hours are read on every render of a contact card; the specs are few
def parse_days(spec: str) -> frozenset[int]:
    """ "mån-fre" → {0..4}; "lör,sön" → {5, 6}; "alla" → every day. Monday is 0."""
    if spec.strip().lower() == "alla":
        return frozenset(range(7))
    days: set[int] = set()
    for part in spec.split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            a, b = _day_index(first), _day_index(last)
            if b < a:
                raise ValueError(f"dagintervallet {part.strip()!r} går baklänges")
            days.update(range(a, b + 1))
        else:
            days.add(_day_index(part))
    return frozenset(days)


def _clock(text: str) -> dt.time:
    text = text.strip()
    if text == "24:00":
        return dt.time.max
    try:
        hour, minute = [*text.split(":"), "0"][:2]
        return dt.time(int(hour), int(minute))
    except ValueError:
        raise ValueError(f"ogiltig tid {text!r}: skriv t.ex. 09:00") from None


@lru_cache(maxsize=256)
def parse_time_range(spec: str) -> tuple[dt.time, dt.time]:
    """ "09:00-16:00" → (09:00, 16:00). The end must come after the start (no ranges past midnight)."""
    if "-" not in spec:
        raise ValueError(f"ogiltigt tidsintervall {spec!r}: skriv t.ex. 09:00-16:00")
    start_text, end_text = spec.split("-", 1)
    start, end = _clock(start_text), _clock(end_text)
    if end <= start:
        raise ValueError(f"tidsintervallet {spec!r} slutar innan det börjar")
    return start, end
