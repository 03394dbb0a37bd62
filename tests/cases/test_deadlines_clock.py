"""DeadlineClock across the 2026 calendar: holidays, 调休, extensions, pauses, 2027."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gridgov.calendar import (
    ChinaCalendar,
    UnpublishedYearPolicy,
    UnpublishedYearWarning,
    WeekendCalendar,
)
from gridgov.cases.deadlines import (
    ClockKind,
    DeadlineClock,
    DeadlineClockError,
    DeadlineStatus,
    Limit,
    LimitUnit,
    Outcome,
    extend,
    outcome,
    pause,
    resume,
    start,
    status,
    stop,
)
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import CalendarError, InvalidValueError
from gridgov.io import structure, unstructure

CAL = ChinaCalendar()
GREEN, YELLOW, RED = DeadlineStatus.GREEN, DeadlineStatus.YELLOW, DeadlineStatus.RED


def at(m: int, d: int, hh: int = 0, mm: int = 0, y: int = 2026) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=CHINA_TZ)


def clock(n: int, unit: LimitUnit, started: datetime, cal=CAL) -> DeadlineClock:
    return start(ClockKind.RESOLUTION, Limit(n, unit), at=started, calendar=cal)


def test_working_days_across_spring_festival() -> None:
    """5 working days from 02-12 are 02-13, 02-14 (调休), 02-24, 02-25, 02-26."""
    c = clock(5, LimitUnit.WORKING_DAYS, at(2, 12, 10))

    assert c.original_deadline == c.current_deadline == at(2, 27)
    assert c.warn_at == at(2, 25)  # 4 of 5 days = 80 %
    assert status(c, at(2, 24, 17)) is GREEN
    assert status(c, at(2, 25, 9)) is YELLOW
    assert status(c, at(2, 27)) is YELLOW  # the deadline instant itself
    assert status(c, at(2, 27) + timedelta(microseconds=1)) is RED


def test_response_hours_across_national_day() -> None:
    """2 working hours from 09-30 16:00: 1.5 h that day, then 10-08 from 08:30."""
    c = start(
        ClockKind.RESPONSE,
        Limit(2, LimitUnit.WORKING_HOURS),
        at=at(9, 30, 16),
        calendar=CAL,
    )

    assert c.current_deadline == at(10, 8, 9, 0)
    assert c.warn_at == at(10, 8, 8, 36)  # 1.6 h
    assert status(c, at(10, 5, 12)) is GREEN  # the holiday does not count
    assert status(c, at(10, 8, 8, 40)) is YELLOW
    assert status(c, at(10, 8, 9, 1)) is RED


def test_hours_across_lunch_and_night() -> None:
    """8 working hours from Monday 11:00: 1 + 3.5 h Monday, 3.5 h Tuesday, by 12:00."""
    c = clock(8, LimitUnit.WORKING_HOURS, at(3, 2, 11))

    assert c.current_deadline == at(3, 3, 12, 0)


def test_natural_days_ignore_holidays() -> None:
    """30 natural days (调解 one month) from 01-05 end at the end of 02-04."""
    c = clock(30, LimitUnit.NATURAL_DAYS, at(1, 5, 10))

    assert c.current_deadline == at(2, 5)
    assert c.warn_at == at(1, 29)  # day 24 of 30


def test_natural_hours_run_through_holidays() -> None:
    """24 natural hours from National Day 10:00 end the next day at 10:00."""
    c = clock(24, LimitUnit.NATURAL_HOURS, at(10, 1, 10))

    assert c.current_deadline == at(10, 2, 10)
    assert c.warn_at == at(10, 2, 5, 12)


def test_extension_adds_working_days_and_keeps_the_original() -> None:
    """Extending by 2 working days from due 02-26 lands on Saturday 02-28 (调休)."""
    c = clock(5, LimitUnit.WORKING_DAYS, at(2, 12, 10))
    e = extend(
        c, 2, at=at(2, 25, 9), calendar=CAL, approved_by="镇网格中心", reason="待鉴定"
    )

    assert e.original_deadline == at(2, 27)
    assert e.current_deadline == at(3, 1)
    assert e.extensions[0].approved_by == "镇网格中心"
    assert status(e, at(2, 27, 12)) is YELLOW


def test_extension_of_an_hour_limit_keeps_the_time_of_day() -> None:
    """An hour deadline moved by 1 working day keeps its time, skipping holidays."""
    c = clock(2, LimitUnit.WORKING_HOURS, at(9, 30, 9))

    assert c.current_deadline == at(9, 30, 11)
    assert extend(c, 1, at=at(9, 30, 10), calendar=CAL).current_deadline == at(
        10, 8, 11
    )


def test_pause_gives_back_working_days() -> None:
    """A pause over the ends of Tuesday and Wednesday gives back 2 working days."""
    c = clock(3, LimitUnit.WORKING_DAYS, at(3, 2, 9))
    assert c.current_deadline == at(3, 6)

    paused = pause(c, at=at(3, 3, 10), reason="等待当事人")
    assert paused.paused_since == at(3, 3, 10)
    assert status(paused, at(3, 20)) is GREEN  # frozen at the pause
    resumed = resume(paused, at=at(3, 5, 11), calendar=CAL)

    assert resumed.current_deadline == at(3, 10)  # due Monday 03-09
    assert resumed.original_deadline == at(3, 6)


def test_pause_gives_back_working_hours() -> None:
    """Pausing 10:00–14:30 gives back 2.5 working hours: 15:00 becomes 17:30."""
    c = clock(4, LimitUnit.WORKING_HOURS, at(3, 2, 9))
    assert c.current_deadline == at(3, 2, 15)

    r = resume(pause(c, at=at(3, 2, 10)), at=at(3, 2, 14, 30), calendar=CAL)

    assert r.current_deadline == at(3, 2, 17, 30)
    assert r.pauses[0].end == at(3, 2, 14, 30)


def test_pause_after_the_deadline_gives_nothing_back() -> None:
    """Being late is not undone by pausing afterwards."""
    c = clock(1, LimitUnit.WORKING_DAYS, at(3, 2, 9))
    r = resume(pause(c, at=at(3, 5, 9)), at=at(3, 9, 9), calendar=CAL)

    assert r.current_deadline == c.current_deadline
    assert outcome(stop(r, at=at(3, 9, 10))) is Outcome.LATE


def test_stop_freezes_the_outcome() -> None:
    """On time if stopped by the deadline, else late; later as_of changes nothing."""
    c = clock(5, LimitUnit.WORKING_DAYS, at(2, 12, 10))

    on_time = stop(c, at=at(2, 27))
    late = stop(c, at=at(2, 27, 0, 1))
    assert outcome(c) is None
    assert outcome(on_time) is Outcome.ON_TIME
    assert outcome(late) is Outcome.LATE
    assert status(on_time, at(12, 31)) is YELLOW
    assert status(late, at(12, 31)) is RED
    assert Outcome.LATE.zh == "超期"


def test_stopped_clock_cannot_change() -> None:
    """Extend, pause, resume or stop on a stopped clock raise DeadlineClockError."""
    s = stop(clock(5, LimitUnit.WORKING_DAYS, at(2, 12, 10)), at=at(2, 20))
    for op in (
        lambda: extend(s, 1, at=at(2, 21), calendar=CAL),
        lambda: pause(s, at=at(2, 21)),
        lambda: resume(s, at=at(2, 21), calendar=CAL),
        lambda: stop(s, at=at(2, 21)),
    ):
        with pytest.raises(DeadlineClockError, match="stopped"):
            op()


def test_pause_and_resume_must_alternate() -> None:
    """Pausing a paused clock or resuming a running one is refused."""
    c = clock(5, LimitUnit.WORKING_DAYS, at(3, 2, 9))
    with pytest.raises(DeadlineClockError, match="not paused"):
        resume(c, at=at(3, 3), calendar=CAL)
    p = pause(c, at=at(3, 3))
    with pytest.raises(DeadlineClockError, match="already paused"):
        pause(p, at=at(3, 4))


def test_time_may_not_go_backwards() -> None:
    """An operation dated before the clock's last change raises InvalidValueError."""
    c = pause(clock(5, LimitUnit.WORKING_DAYS, at(3, 2, 9)), at=at(3, 4))
    with pytest.raises(
        InvalidValueError, match=r"^at: expected an instant on or after"
    ):
        resume(c, at=at(3, 3), calendar=CAL)
    with pytest.raises(InvalidValueError, match=r"^at: expected a timezone-aware"):
        stop(c, at=datetime(2026, 3, 5))  # noqa: DTZ001


@pytest.mark.parametrize(
    "call",
    [
        lambda: start(
            "resolution", Limit(1, LimitUnit.WORKING_DAYS), at=at(3, 2), calendar=CAL
        ),
        lambda: start(ClockKind.RESOLUTION, 3, at=at(3, 2), calendar=CAL),
        lambda: start(
            ClockKind.RESOLUTION,
            Limit(1, LimitUnit.WORKING_DAYS),
            at=at(3, 2),
            calendar=CAL,
            warn_at_percent=100,
        ),
        lambda: extend(
            clock(1, LimitUnit.WORKING_DAYS, at(3, 2)), 0, at=at(3, 2), calendar=CAL
        ),
        lambda: Limit(-1, LimitUnit.WORKING_DAYS),
        lambda: Limit(1, "weeks"),
        lambda: status(clock(1, LimitUnit.WORKING_DAYS, at(3, 2)), "2026-03-03"),
    ],
)
def test_bad_arguments_raise_invalid_value(call) -> None:
    """Wrong kinds, limits, shares, extensions or instants raise InvalidValueError."""
    with pytest.raises(InvalidValueError):
        call()


def test_into_2027_raises_by_default() -> None:
    """A deadline that runs into 2027 raises CalendarError under the default policy."""
    with pytest.raises(CalendarError, match="2027"):
        clock(10, LimitUnit.WORKING_DAYS, at(12, 24, 10))


def test_extension_into_2027_raises_and_leaves_the_clock() -> None:
    """An extension that would need 2027 raises; the old clock value is untouched."""
    c = clock(3, LimitUnit.WORKING_DAYS, at(12, 24, 10))
    assert c.current_deadline == at(12, 30)
    with pytest.raises(CalendarError):
        extend(c, 5, at=at(12, 28), calendar=CAL)
    assert c.extensions == ()


def test_into_2027_weekends_only_warns_and_records_the_policy() -> None:
    """WEEKENDS_ONLY computes the deadline with a warning; the clock records it."""
    cal = ChinaCalendar(unpublished=UnpublishedYearPolicy.WEEKENDS_ONLY)
    with pytest.warns(UnpublishedYearWarning, match="2027"):
        c = clock(10, LimitUnit.WORKING_DAYS, at(12, 24, 10), cal=cal)
    # 12-25, 28, 29, 30, 31, then 2027-01-01 (no notice: counted), 04, 05, 06, 07.
    assert c.current_deadline == at(1, 8, y=2027)
    assert "unpublished years: weekends_only" in c.calendar
    assert "holidays 0." in c.calendar


def test_clock_records_the_calendar() -> None:
    """Each clock carries describe() of the calendar that computed it."""
    c = clock(1, LimitUnit.WORKING_DAYS, at(3, 2), cal=WeekendCalendar())
    assert c.calendar.startswith("WeekendCalendar: Mon–Fri")
    assert clock(1, LimitUnit.WORKING_DAYS, at(3, 2)).calendar == CAL.describe()


def test_instants_are_stored_in_china_time() -> None:
    """A UTC start is stored as the same instant in China time."""
    c = clock(2, LimitUnit.WORKING_HOURS, datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    assert c.started_at == at(3, 2, 9)
    assert c.current_deadline.utcoffset() == timedelta(hours=8)


class ProtocolOnly:
    """A WorkCalendar that only has the protocol's float-hour methods."""

    def __init__(self) -> None:
        self._cal = WeekendCalendar()

    def is_working_day(self, day):
        return self._cal.is_working_day(day)

    def add_working_days(self, day, n):
        return self._cal.add_working_days(day, n)

    def working_days_between(self, start, end):
        return self._cal.working_days_between(start, end)

    def add_working_hours(self, start, hours):
        return self._cal.add_working_hours(start, hours)

    def working_hours_between(self, start, end):
        return self._cal.working_hours_between(start, end)

    def describe(self):
        return "protocol only"


def test_any_work_calendar_can_drive_a_clock() -> None:
    """A calendar with only the protocol methods gives the same deadlines."""
    c = clock(4, LimitUnit.WORKING_HOURS, at(3, 2, 9), cal=ProtocolOnly())
    r = resume(pause(c, at=at(3, 2, 10)), at=at(3, 2, 14, 30), calendar=ProtocolOnly())
    assert r.current_deadline == at(3, 2, 17, 30)
    assert r.calendar == "protocol only"


def test_round_trip_through_the_converter() -> None:
    """A clock with extensions and pauses survives unstructure → structure."""
    c = clock(5, LimitUnit.WORKING_DAYS, at(2, 12, 10))
    c = extend(c, 2, at=at(2, 13), calendar=CAL, reason="复杂")
    c = resume(pause(c, at=at(2, 14, 9)), at=at(2, 24, 9), calendar=CAL)
    c = pause(c, at=at(2, 25, 9))
    assert structure(unstructure(c), DeadlineClock) == c
