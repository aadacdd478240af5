"""Opening hours in Stockholm time with Swedish public holidays, eves and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vinrguide.content.models import Hours, Unit
from vinrguide.content.pack import ContentPack, load_pack
from vinrguide.hours import STOCKHOLM, describe_hours, holiday_name, in_office_hours, open_status, parse_now

from .fixtures import copy_fixture_pack

OFFICE = Unit(
    id="kontor",
    name="Kontor",
    kind="kommun",
    hours=(Hours(days="mån-fre", time="09:00-16:00"),),
    hours_verified=True,
    after_hours="jour",
    source="test",
)


def at(text: str) -> dt.datetime:
    return parse_now(text)


@pytest.mark.parametrize(
    ("when", "is_open"),
    [
        ("2026-03-18T10:00", True),  # an ordinary Wednesday
        ("2026-03-18T08:59", False),  # before opening
        ("2026-03-18T16:00", False),  # closing time is not open
        ("2026-03-18T19:30", False),  # evening
        ("2026-03-21T19:00", False),  # Saturday evening
        ("2026-03-22T11:00", False),  # Sunday
        ("2026-12-25T10:00", False),  # juldagen (a Friday)
        ("2026-12-24T10:00", False),  # julafton (an eve, de facto closed)
        ("2026-06-19T10:00", False),  # midsommarafton
        ("2026-12-31T10:00", False),  # nyårsafton
        ("2026-03-30T10:00", True),  # the Monday after the spring change
    ],
)
def test_open_now(when: str, is_open: bool) -> None:
    status = open_status(OFFICE, at(when))
    assert status.open_now is is_open
    assert status.fallback == (None if is_open else "jour")


def test_holiday_names_are_swedish() -> None:
    assert holiday_name(dt.date(2026, 12, 25)) == "Juldagen"
    assert holiday_name(dt.date(2026, 6, 19)) == "Midsommarafton"
    assert holiday_name(dt.date(2026, 3, 18)) is None


def test_closed_on_a_holiday_says_which_and_when_it_opens() -> None:
    status = open_status(OFFICE, at("2026-12-24T10:00"))
    assert status.holiday == "Julafton"
    assert status.words == "Stängt nu (Julafton)"
    # Julafton, juldagen and annandag jul, then the weekend: next opening Monday 28 December 09:00.
    assert status.next_opening == dt.datetime(2026, 12, 28, 9, 0, tzinfo=STOCKHOLM)


def test_next_opening_after_saturday_evening_is_monday_morning() -> None:
    assert open_status(OFFICE, at("2026-03-21T19:00")).next_opening == dt.datetime(
        2026, 3, 23, 9, tzinfo=STOCKHOLM
    )


@pytest.mark.parametrize(
    ("utc", "is_open"),
    [
        # Spring: 29 March 2026 clocks go 02:00 → 03:00. Monday 30 March 09:30 local is 07:30 UTC (CEST, +2).
        ("2026-03-30T07:30+00:00", True),
        ("2026-03-30T06:30+00:00", False),  # 08:30 local
        # Autumn: 25 October 2026 clocks go 03:00 → 02:00. Monday 26 October 09:30 local is 08:30 UTC (CET, +1).
        ("2026-10-26T08:30+00:00", True),
        ("2026-10-26T07:30+00:00", False),  # 08:30 local
    ],
)
def test_daylight_saving_changes(utc: str, is_open: bool) -> None:
    assert open_status(OFFICE, at(utc)).open_now is is_open


def test_the_dst_sundays_themselves_are_closed_and_parse() -> None:
    assert open_status(OFFICE, at("2026-03-29T02:30")).open_now is False  # a wall time that does not exist
    assert open_status(OFFICE, at("2026-10-25T02:30")).open_now is False  # a wall time that occurs twice


def test_unknown_or_unverified_hours_are_unknown_not_guessed() -> None:
    unverified = OFFICE.model_copy(update={"hours_verified": False})
    assert open_status(unverified, at("2026-03-18T10:00")).open_now is None
    no_hours = OFFICE.model_copy(update={"hours": ()})
    assert open_status(no_hours, at("2026-03-18T10:00")).words == "Öppettider okända"
    assert "ej bekräftat" in describe_hours(unverified)


def test_always_open_is_open_on_juldagen_at_night() -> None:
    line = Unit(id="linje", name="Linje", kind="nationell", always_open=True, source="test")
    assert open_status(line, at("2026-12-25T03:00")).open_now is True


def test_now_without_offset_is_stockholm_time() -> None:
    assert at("2026-07-01T12:00").utcoffset() == dt.timedelta(hours=2)
    assert at("2026-01-01T12:00").utcoffset() == dt.timedelta(hours=1)
    with pytest.raises(ValueError, match="ogiltig tidpunkt"):
        at("igår")


def test_bad_hours_are_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match="okänd veckodag"):
        Hours(days="mån-fredag", time="09:00-16:00")
    with pytest.raises(ValueError, match="slutar innan"):
        Hours(days="mån", time="16:00-09:00")


@pytest.mark.parametrize(
    ("when", "inside"),
    [
        ("2026-05-20T08:00", True),  # the fixture pack's office hours are mån–fre 08:00–17:00
        ("2026-05-20T16:59", True),
        ("2026-05-20T17:00", False),
        ("2026-05-20T07:59", False),
        ("2026-05-23T10:00", False),  # Saturday
        ("2026-06-19T10:00", False),  # midsommarafton, a Friday: eves are outside office hours
        ("2026-12-24T10:00", False),  # julafton
        ("2026-05-14T10:00", False),  # Kristi himmelfärdsdag, a Thursday
    ],
)
def test_office_hours_come_from_the_pack_and_exclude_holidays_and_eves(
    fixture_pack: ContentPack, when: str, inside: bool
) -> None:
    assert in_office_hours(fixture_pack, at(when)) is inside


def test_a_pack_without_office_hours_has_no_office_hours_to_order_by(tmp_path: Path) -> None:
    root = copy_fixture_pack(tmp_path)
    (root / "pack.toml").write_text('municipality = "Provkommun"\n', encoding="utf-8")
    assert in_office_hours(load_pack(root), at("2026-05-20T10:00")) is None
