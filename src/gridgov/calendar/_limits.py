"""
Time limits (时限) and the deadlines they give on a calendar.

A `Limit` is an amount of a `LimitUnit`. `compute_deadlines` turns a limit,
a start instant, approved extensions and paused intervals into a `Deadlines`
triple (original deadline, current deadline, warning instant). The rules:

* Working and natural *days*: the start day does not count; the deadline is
  the end (24:00) of the N-th (working) day after it.
* Working *hours*: only office hours of working days count; natural hours
  count every hour.
* Extensions (延期) add working days to the deadline (same time of day for
  hour limits, the end of the day for day limits).
* A pause (挂起) gives back what it covered: the working (or natural) time for
  hour limits; for day limits, each (working) day whose end fell inside the
  pause. A pause that starts after the deadline gives nothing back.
* The warning instant is when *warn_at_percent* of the limit is used: for
  hour limits that share of the time, for day limits the start of the day on
  which that share of the days (rounded up) is reached.

The result also lists the provisional years (暂定年份, see
`gridgov.calendar.track_provisional`) the calendar answered from while
computing it: a deadline that needed one may move once that year's notice is
known.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TypeGuard

import attrs

from gridgov.calendar._base import CHINA_TZ, TableCalendar, check_instant
from gridgov.calendar._provisional import begin_tracking, end_tracking
from gridgov.errors import InvalidValueError
from gridgov.types import WorkCalendar

__all__ = ["Deadlines", "Limit", "LimitUnit", "compute_deadlines"]

_ONE_DAY = timedelta(days=1)
_HOUR = timedelta(hours=1)


class LimitUnit(enum.Enum):
    """The unit of a time limit."""

    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"
    NATURAL_HOURS = "natural_hours"
    NATURAL_DAYS = "natural_days"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _UNIT_ZH[self]


_UNIT_ZH = {
    LimitUnit.WORKING_HOURS: "工作小时",
    LimitUnit.WORKING_DAYS: "工作日",
    LimitUnit.NATURAL_HOURS: "小时",
    LimitUnit.NATURAL_DAYS: "自然日",
}


def is_positive_int(value: object) -> TypeGuard[int]:
    """Whether *value* is an int >= 1 (bool excluded)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _positive(_inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not is_positive_int(value):
        raise InvalidValueError(attribute.name, "an integer >= 1", value)


def _unit(_inst: object, attribute: attrs.Attribute[LimitUnit], value: object) -> None:
    if not isinstance(value, LimitUnit):
        choices = ", ".join(u.value for u in LimitUnit)
        raise InvalidValueError(attribute.name, f"one of {choices}", value)


@attrs.frozen
class Limit:
    """
    A time limit: an amount of a `LimitUnit`.

    >>> Limit(3, LimitUnit.WORKING_DAYS).zh
    '3个工作日'
    """

    amount: int = attrs.field(validator=_positive)
    unit: LimitUnit = attrs.field(validator=_unit)

    @property
    def zh(self) -> str:
        """Chinese rendering, e.g. ``'24个工作小时'``."""
        return f"{self.amount}个{self.unit.zh}"

    @property
    def in_days(self) -> bool:
        """Whether the limit counts whole days (deadline at the end of a day)."""
        return self.unit in {LimitUnit.WORKING_DAYS, LimitUnit.NATURAL_DAYS}


@attrs.frozen
class Deadlines:
    """
    What a limit gives: the original and current deadline and the warning instant.

    Attributes:
        original: The deadline before extensions and pauses (原定时限).
        current: The deadline after them.
        warn_at: When the share of the limit that turns a clock yellow is used.
        provisional_years: The years without a notice the calendar estimated
            while computing them, in order; empty when all rest on notices.
    """

    original: datetime
    current: datetime
    warn_at: datetime
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """Whether they rest on a provisional year (暂定)."""
        return bool(self.provisional_years)


def end_of(day: date) -> datetime:
    """24:00 China time at the end of *day*."""
    return start_of(day) + _ONE_DAY


def start_of(day: date) -> datetime:
    """00:00 China time at the start of *day*."""
    return datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ)


class _Arithmetic:
    """The calendar operations a limit needs, exact when the calendar allows."""

    def __init__(self, calendar: WorkCalendar, unit: LimitUnit) -> None:
        self.cal = calendar
        self.unit = unit

    def add_work(self, at: datetime, amount: timedelta) -> datetime:
        if isinstance(self.cal, TableCalendar):
            return self.cal.add_working_time(at, amount)
        return self.cal.add_working_hours(at, amount / _HOUR).astimezone(CHINA_TZ)

    def work_between(self, a: datetime, b: datetime) -> timedelta:
        if isinstance(self.cal, TableCalendar):
            return self.cal.working_time_between(a, b)
        return timedelta(hours=self.cal.working_hours_between(a, b))

    def add_days(self, day: date, n: int) -> date:
        if self.unit is LimitUnit.WORKING_DAYS:
            return self.cal.add_working_days(day, n)
        return day + timedelta(days=n)

    def count_days(self, a: date, b: date) -> int:
        """(Working) days in [a, b)."""
        if self.unit is LimitUnit.WORKING_DAYS:
            return self.cal.working_days_between(a, b)
        return max(0, (b - a).days)

    def give_back(
        self, when: datetime, pause: tuple[datetime, datetime], *, end_of_day: bool
    ) -> datetime:
        """Move *when* later by what *pause* covered, in the unit's terms."""
        p, q = pause
        if self.unit is LimitUnit.NATURAL_HOURS:
            return when + (q - p)
        if self.unit is LimitUnit.WORKING_HOURS:
            return self.add_work(when, self.work_between(p, q))
        days = self.count_days(
            p.astimezone(CHINA_TZ).date(), q.astimezone(CHINA_TZ).date()
        )
        anchor = when.astimezone(CHINA_TZ).date() - (_ONE_DAY if end_of_day else _ZERO)
        moved = self.add_days(anchor, days) if days else anchor
        return end_of(moved) if end_of_day else start_of(moved)


_ZERO = timedelta(0)


def compute_deadlines(
    limit: Limit,
    *,
    started_at: datetime,
    calendar: WorkCalendar,
    extension_days: int = 0,
    pauses: Iterable[tuple[datetime, datetime]] = (),
    warn_at_percent: int = 80,
) -> Deadlines:
    """
    Compute the deadlines of *limit* started at *started_at* (China time).

    The years whose answers were provisional are in the result's
    ``provisional_years`` (calendars of this package report them; another
    `gridgov.types.WorkCalendar` reports none).

    Args:
        limit: The time limit.
        started_at: When the clock started (timezone-aware).
        calendar: Working days and hours.
        extension_days: Approved extensions, in working days, all together.
        pauses: Closed paused intervals ``(start, end)``, in order.
        warn_at_percent: Share of the limit at which the warning instant falls.

    >>> from gridgov.calendar import ChinaCalendar
    >>> d = compute_deadlines(
    ...     Limit(5, LimitUnit.WORKING_DAYS),
    ...     started_at=datetime(2026, 2, 12, 9, 0, tzinfo=CHINA_TZ),
    ...     calendar=ChinaCalendar(),
    ... )
    >>> print(d.original)  # 02-13, 02-14 (调休 Saturday), then 春节 until 02-23
    2026-02-27 00:00:00+08:00
    """
    if not isinstance(limit, Limit):
        raise InvalidValueError("limit", "a Limit", limit)
    years, token = begin_tracking()
    try:
        original, current, warn = _compute(
            limit,
            started_at=started_at,
            calendar=calendar,
            extension_days=extension_days,
            pauses=pauses,
            warn_at_percent=warn_at_percent,
        )
    finally:
        end_tracking(token)
    return Deadlines(original, current, warn, tuple(sorted(years)))


def _compute(
    limit: Limit,
    *,
    started_at: datetime,
    calendar: WorkCalendar,
    extension_days: int,
    pauses: Iterable[tuple[datetime, datetime]],
    warn_at_percent: int,
) -> tuple[datetime, datetime, datetime]:
    """Original deadline, current deadline and warning instant."""
    ar, unit, pct = _Arithmetic(calendar, limit.unit), limit.unit, warn_at_percent
    start_at = check_instant("started_at", started_at)
    start_day = start_at.date()
    if limit.in_days:
        due = ar.add_days(start_day, limit.amount)
        original = end_of(due)
        due = calendar.add_working_days(due, extension_days)
        deadline = end_of(due)
        total = ar.count_days(start_day + _ONE_DAY, due + _ONE_DAY)
        warn = start_of(ar.add_days(start_day, max(1, math.ceil(total * pct / 100))))
    else:
        if unit is LimitUnit.WORKING_HOURS:
            original = ar.add_work(start_at, limit.amount * _HOUR)
        else:
            original = start_at + limit.amount * _HOUR
        deadline = original
        if extension_days:
            day = calendar.add_working_days(original.date(), extension_days)
            deadline = start_of(day) + (original - start_of(original.date()))
        if unit is LimitUnit.WORKING_HOURS:
            budget = ar.work_between(start_at, deadline)
            warn = ar.add_work(start_at, budget * pct // 100)
        else:
            warn = start_at + (deadline - start_at) * pct // 100
    for span in pauses:
        if span[0] < warn:
            warn = ar.give_back(warn, span, end_of_day=False)
        if span[0] <= deadline:
            deadline = ar.give_back(deadline, span, end_of_day=True)
    return original, deadline, warn
