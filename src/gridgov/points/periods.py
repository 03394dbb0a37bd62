"""
Periods (周期) for caps, expiry, rankings and lists.

A period is calendar-aligned in China time: a month is the 1st to the last day,
a quarter starts in January, April, July or October, a half year in January or
July. `period_span` returns the half-open `DateSpan` holding a day:

>>> from datetime import date
>>> period_span(date(2026, 5, 17), Period.QUARTER)
DateSpan(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 7, 1))
>>> Period.HALF_YEAR.zh
'半年'
"""

from __future__ import annotations

import enum
from datetime import date, timedelta

from gridgov.domain.spans import DateSpan

__all__ = ["Period", "add_months", "period_span", "period_start"]


class Period(enum.StrEnum):
    """A calendar period (日, 周, 月, 季度, 半年, 年)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _ZH[self]

    @property
    def months(self) -> int:
        """Length in months (0 for day and week)."""
        return _MONTHS[self]


_ZH = {
    Period.DAY: "日",
    Period.WEEK: "周",
    Period.MONTH: "月",
    Period.QUARTER: "季度",
    Period.HALF_YEAR: "半年",
    Period.YEAR: "年",
}
_MONTHS = {
    Period.DAY: 0,
    Period.WEEK: 0,
    Period.MONTH: 1,
    Period.QUARTER: 3,
    Period.HALF_YEAR: 6,
    Period.YEAR: 12,
}


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) + months
    return date(total // 12, total % 12 + 1, 1)


def period_start(day: date, period: Period) -> date:
    """Return the first day of the *period* that holds *day* (weeks start Monday)."""
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    size = period.months
    month0 = (day.month - 1) // size * size
    return date(day.year, month0 + 1, 1)


def period_span(day: date, period: Period) -> DateSpan:
    """Return the half-open span ``[start, end)`` of the *period* holding *day*."""
    start = period_start(day, period)
    if period is Period.DAY:
        return DateSpan(start, start + timedelta(days=1))
    if period is Period.WEEK:
        return DateSpan(start, start + timedelta(days=7))
    return DateSpan(start, _add_months(start, period.months))


def add_months(day: date, months: int) -> date:
    """Return the first day of the month *months* after *day*'s month."""
    return _add_months(day, months)
