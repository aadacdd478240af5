"""Is a unit open now? Opening hours in Europe/Stockholm time, Swedish public holidays and eves.

open_now is True/False, or None when the hours are unknown or not verified: the app then says "öppettider okända"
instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from vinrguide.content.models import Hours, Unit
from vinrguide.content.timespec import DAYS, parse_days, parse_time_range

if TYPE_CHECKING:
    from vinrguide.content.pack import ContentPack

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_SEARCH_DAYS = 14
"""How far ahead next_opening looks (a long holiday is at most a few days)."""


def now_in_stockholm() -> dt.datetime:
    return dt.datetime.now(STOCKHOLM)


def parse_now(text: str) -> dt.datetime:
    """ISO 8601; without an offset it is Stockholm wall-clock time. Raises ValueError in plain words."""
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"ogiltig tidpunkt {text!r}: skriv t.ex. 2026-05-20T10:00 eller 2026-05-20T10:00+02:00"
        ) from None
    if when.tzinfo is None:
        return when.replace(tzinfo=STOCKHOLM)
    return when.astimezone(STOCKHOLM)


@lru_cache(maxsize=16)
def _holidays(year: int) -> dict[dt.date, str]:
    import holidays  # imported here: it is slow to import and only needed when hours are asked for

    found = holidays.country_holidays("SE", categories=("public", "de_facto"), language="sv", years=year)
    return dict(found.items())


def holiday_name(day: dt.date) -> str | None:
    """The name of a Swedish public holiday or eve (midsommarafton, julafton, nyårsafton), else None."""
    return _holidays(day.year).get(day)


@dataclass(frozen=True)
class OpenStatus:
    """Open now or not; the words for it are in advice.py (ContactView), one set for every surface."""

    open_now: bool | None
    next_opening: dt.datetime | None
    """When closed and the hours are known."""
    fallback: str | None
    """The after-hours unit id, when closed."""
    holiday: str | None
    """Today's holiday name, when it closes the unit."""

    @property
    def words(self) -> str:
        """ "Öppet nu", "Stängt nu (julafton)", "Öppettider okända": advice.open_words (use ContactView instead)."""
        from vinrguide.advice import open_words

        return open_words(self)


def _day_intervals(hours: Sequence[Hours], day: dt.date, on_holidays: bool) -> list[tuple[dt.time, dt.time]]:
    if holiday_name(day) and not on_holidays:
        return []
    found = []
    for entry in hours:
        if day.weekday() in parse_days(entry.days):
            found.append(parse_time_range(entry.time))
    return sorted(found)


def _intervals(unit: Unit, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    return _day_intervals(unit.hours, day, unit.open_on_holidays)


def in_office_hours(pack: ContentPack, when: dt.datetime) -> bool | None:
    """Within the municipality's office hours (pack.toml); public holidays and eves are outside. None: none given."""
    office = pack.info.office_hours
    if not office:
        return None
    local = when.astimezone(STOCKHOLM)
    clock = local.time().replace(tzinfo=None)
    return any(start <= clock < end for start, end in _day_intervals(office, local.date(), False))


def hours_known(unit: Unit) -> bool:
    return unit.always_open or (bool(unit.hours) and unit.hours_verified)


def open_status(unit: Unit, when: dt.datetime) -> OpenStatus:
    if unit.always_open:
        return OpenStatus(True, None, None, None)
    if not hours_known(unit):
        return OpenStatus(None, None, None, None)
    local = when.astimezone(STOCKHOLM)
    clock = local.time().replace(tzinfo=None)
    is_open = any(start <= clock < end for start, end in _intervals(unit, local.date()))
    if is_open:
        return OpenStatus(True, None, None, None)
    holiday = holiday_name(local.date()) if not unit.open_on_holidays else None
    return OpenStatus(False, next_opening(unit, local), unit.after_hours, holiday)


def next_opening(unit: Unit, when: dt.datetime) -> dt.datetime | None:
    local = when.astimezone(STOCKHOLM)
    for offset in range(_SEARCH_DAYS + 1):
        day = local.date() + dt.timedelta(days=offset)
        for start, _end in _intervals(unit, day):
            opening = dt.datetime.combine(day, start, tzinfo=STOCKHOLM)
            if opening > local:
                return opening
    return None


def describe_hours(unit: Unit) -> str:
    """ "mån–fre 09:00–16:00" for display; with a note when not verified."""
    if unit.always_open:
        return "Dygnet runt, alla dagar"
    if not unit.hours:
        return unit.hours_note or "Öppettider okända"
    text = ", ".join(f"{h.days.replace('-', '–')} {h.time.replace('-', '–')}" for h in unit.hours)
    if not unit.open_on_holidays:
        text += " (stängt helgdagar och aftnar)"
    if not unit.hours_verified:
        text += " – ej bekräftat"
    if unit.hours_note:
        text += f". {unit.hours_note}"
    return text


def format_opening(when: dt.datetime, now: dt.datetime) -> str:
    """ "i dag 09:00", "i morgon 09:00", "mån 09:00" (Stockholm time)."""
    local, today = when.astimezone(STOCKHOLM), now.astimezone(STOCKHOLM).date()
    if local.date() == today:
        day = "i dag"
    elif local.date() == today + dt.timedelta(days=1):
        day = "i morgon"
    else:
        day = f"{DAYS[local.weekday()]} {local.day}/{local.month}"
    return f"{day} {local:%H:%M}"
