"""Working hours inside office hours: lunch, nights, weekends and holidays skipped."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from gridgov.calendar import ChinaCalendar, OfficeHours, WeekendCalendar
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def cal() -> ChinaCalendar:
    return ChinaCalendar()


def test_default_office_hours_are_seven_hours(cal: ChinaCalendar) -> None:
    """The default office day is 08:30–12:00 and 14:00–17:30: seven hours."""
    assert str(cal.office_hours) == "08:30–12:00, 14:00–17:30"
    assert cal.office_hours.hours_per_day == 7.0


@pytest.mark.parametrize(
    ("start", "hours", "end"),
    [
        (at(2026, 3, 2, 9, 0), 2, at(2026, 3, 2, 11, 0)),  # inside the morning
        (at(2026, 3, 2, 11, 0), 2, at(2026, 3, 2, 15, 0)),  # across lunch
        (at(2026, 3, 2, 12, 30), 1, at(2026, 3, 2, 15, 0)),  # starting in lunch
        (at(2026, 3, 2, 8, 30), 3.5, at(2026, 3, 2, 12, 0)),  # ends by 12:00
        (at(2026, 3, 2, 16, 30), 2, at(2026, 3, 3, 9, 30)),  # across the night
        (at(2026, 3, 2, 20, 0), 1, at(2026, 3, 3, 9, 30)),  # starting at night
        (at(2026, 3, 2, 6, 0), 7, at(2026, 3, 2, 17, 30)),  # before work, whole day
        (at(2026, 3, 6, 16, 0), 4, at(2026, 3, 9, 11, 0)),  # Friday to Monday
        (at(2026, 3, 2, 9, 0), 14, at(2026, 3, 4, 9, 0)),  # exactly two days
        (at(2026, 3, 2, 17, 30), 7, at(2026, 3, 3, 17, 30)),  # from closing time
        (at(2026, 2, 13, 16, 30), 9, at(2026, 2, 24, 9, 30)),  # 调休 Saturday, 春节
        (at(2026, 9, 30, 16, 0), 3, at(2026, 10, 8, 10, 0)),  # across 国庆
        (at(2026, 9, 18, 17, 0), 1, at(2026, 9, 20, 9, 0)),  # to 调休 Sunday
    ],
)
def test_add_working_hours(
    cal: ChinaCalendar, start: datetime, hours: float, end: datetime
) -> None:
    """add_working_hours lands on the hand-computed instant; the count agrees."""
    assert cal.add_working_hours(start, hours) == end
    assert cal.working_hours_between(start, end) == pytest.approx(hours)


def test_zero_hours_and_reversed_interval(cal: ChinaCalendar) -> None:
    """Zero hours returns the start; a reversed interval counts zero hours."""
    start = at(2026, 3, 2, 13, 0)
    assert cal.add_working_hours(start, 0) == start
    assert cal.working_hours_between(at(2026, 3, 3), at(2026, 3, 2)) == 0.0


def test_results_are_in_china_time_whatever_the_input_zone(cal: ChinaCalendar) -> None:
    """A UTC start gives the same instant, expressed in China time."""
    start_utc = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
    got = cal.add_working_hours(start_utc, 2)
    assert got == at(2026, 3, 2, 11, 0)
    assert got.utcoffset() == timedelta(hours=8)


def test_working_time_is_exact_to_the_microsecond(cal: ChinaCalendar) -> None:
    """add_working_time and working_time_between use exact timedeltas."""
    start = at(2026, 3, 2, 9, 0) + timedelta(microseconds=1)
    amount = timedelta(hours=30, seconds=7, microseconds=3)
    end = cal.add_working_time(start, amount)
    assert cal.working_time_between(start, end) == amount


def test_summer_office_hours() -> None:
    """Custom office hours (e.g. summer 14:30–18:00) change where hours land."""
    summer = OfficeHours.parse("08:30-12:00, 14:30-18:00")
    cal = WeekendCalendar(office_hours=summer)
    assert cal.add_working_hours(at(2026, 7, 1, 11, 0), 2) == at(2026, 7, 1, 15, 30)
    assert "14:30–18:00" in cal.describe()


def test_single_period_office_hours() -> None:
    """One period without lunch break works (e.g. a 24-hour duty desk is not needed)."""
    cal = WeekendCalendar(office_hours=OfficeHours(((time(9), time(17)),)))
    assert cal.add_working_hours(at(2026, 3, 6, 16, 0), 2) == at(2026, 3, 9, 10, 0)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("8:30-12:00; 14:00-17:30", "office_hours[0]"),
        ("25:00-26:00", "office_hours[0]"),
        ("12:00-08:30", "office_hours.periods[0]"),
        ("08:30-12:00, 11:00-17:30", "office_hours.periods[1]"),
        ("", "office_hours[0]"),
    ],
)
def test_bad_office_hours_are_refused(text: str, where: str) -> None:
    """Malformed, reversed or overlapping periods raise InvalidValueError, located."""
    with pytest.raises(InvalidValueError, match="^" + re.escape(where)):
        OfficeHours.parse(text)


def test_office_hours_refuse_aware_times_and_empty() -> None:
    """Office hours are naive China wall-clock times and cannot be empty."""
    with pytest.raises(InvalidValueError):
        OfficeHours(((time(9, tzinfo=UTC), time(12)),))
    with pytest.raises(InvalidValueError, match="at least one"):
        OfficeHours(())
    with pytest.raises(InvalidValueError):
        OfficeHours(((time(9),),))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.add_working_hours(datetime(2026, 3, 2, 9), 1),  # noqa: DTZ001
        lambda c: c.add_working_hours(at(2026, 3, 2), -1),
        lambda c: c.add_working_hours(at(2026, 3, 2), float("nan")),
        lambda c: c.add_working_hours(at(2026, 3, 2), "2"),
        lambda c: c.add_working_time(at(2026, 3, 2), 2),
        lambda c: c.working_hours_between(at(2026, 3, 2), date(2026, 3, 3)),
    ],
)
def test_bad_working_hour_arguments(cal: ChinaCalendar, call) -> None:
    """Naive datetimes, negative or non-numeric hours raise InvalidValueError."""
    with pytest.raises(InvalidValueError):
        call(cal)


def test_hours_into_2027_follow_the_policy() -> None:
    """Working hours that run into 2027 raise by default."""
    from gridgov.errors import CalendarError

    with pytest.raises(CalendarError):
        ChinaCalendar().add_working_hours(at(2026, 12, 31, 16, 0), 4)
