"""Is a unit open now? Opening hours in Europe/Stockholm time, Swedish public holidays and eves.

open_now is True/False, or None when the hours are unknown or not verified: the app then says "öppettider okända"
instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from vinrguide.content.models import Unit
from vinrguide.content.timespec import DAYS, parse_days, parse_time_range

STOCKHOLM = ZoneInfo("Europe/Stockholm")
_SEARCH_DAYS = 14  # how far ahead next_opening looks (a long holiday is at most a few days)


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
    open_now: bool | None
    next_opening: dt.datetime | None  # when closed and hours are known
    fallback: str | None  # the after-hours unit id, when closed
    holiday: str | None  # today's holiday name, when it closes the unit

    @property
    def words(self) -> str:
        """In Swedish, for the app and plain text."""
        if self.open_now is None:
            return "Öppettider okända"
        if self.open_now:
            return "Öppet nu"
        return "Stängt nu" + (f" ({self.holiday})" if self.holiday else "")


def _intervals(unit: Unit, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    if holiday_name(day) and not unit.open_on_holidays:
        return []
    found = []
    for hours in unit.hours:
        if day.weekday() in parse_days(hours.days):
            found.append(parse_time_range(hours.time))
    return sorted(found)


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
