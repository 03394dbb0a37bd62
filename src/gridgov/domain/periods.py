"""
Calendar periods (周期): day, week, month, quarter, half year, year.

Caps and expiry in the points engine, visit frequencies, rankings, red and black
lists, metrics and reports all speak of "this month" or "the second quarter".
They share this one definition. A period is calendar-aligned in China time and
half-open: a month runs from its 1st up to (not including) the next month's 1st;
weeks start on Monday (ISO 8601); quarters start in January, April, July and
October; half years in January and July.

>>> from datetime import date
>>> period_span(date(2026, 5, 17), Period.QUARTER)
DateSpan(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 7, 1))
>>> [
...     str(s.start)
...     for s in period_spans(date(2026, 2, 10), date(2026, 8, 1), Period.QUARTER)
... ]
['2026-01-01', '2026-04-01', '2026-07-01']
>>> kind, week = parse_period("2026-W48")
>>> kind.zh, str(week.start), str(week.end)
('周', '2026-11-23', '2026-11-30')
"""

from __future__ import annotations

import enum
import re
from datetime import date, timedelta

from gridgov.domain.spans import DateSpan
from gridgov.errors import InvalidValueError

__all__ = ["Period", "parse_period", "period_label", "period_span", "period_spans"]


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
        """Length in calendar months (0 for day and week)."""
        return _MONTHS[self]

    @property
    def nominal_days(self) -> int:
        """Typical length in days, for comparing how strict two frequencies are."""
        if self is Period.DAY:
            return 1
        if self is Period.WEEK:
            return 7
        return round(self.months * 365 / 12)


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
    """First-of-month arithmetic: *day* must be the 1st."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _start(day: date, period: Period) -> date:
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    span = period.months
    month0 = (day.month - 1) // span * span
    return date(day.year, month0 + 1, 1)


def _next(start: date, period: Period) -> date:
    if period is Period.DAY:
        return start + timedelta(days=1)
    if period is Period.WEEK:
        return start + timedelta(days=7)
    return _add_months(start, period.months)


def period_span(day: date, period: Period) -> DateSpan:
    """Return the half-open span of the *period* that contains *day*."""
    start = _start(day, period)
    return DateSpan(start, _next(start, period))


def period_spans(start: date, end: date, period: Period) -> list[DateSpan]:
    """
    Return every period overlapping ``[start, end)``, in order, whole (not clipped).

    Raises:
        InvalidValueError: If *end* is before *start*.
    """
    if end < start:
        raise InvalidValueError("end", f"a date on or after {start}", end)
    spans: list[DateSpan] = []
    current = _start(start, period)
    while current < end:
        following = _next(current, period)
        spans.append(DateSpan(current, following))
        current = following
    return spans


_PATTERNS: tuple[tuple[re.Pattern[str], Period], ...] = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), Period.DAY),
    (re.compile(r"^(\d{4})-W(\d{2})$"), Period.WEEK),
    (re.compile(r"^(\d{4})-(\d{2})$"), Period.MONTH),
    (re.compile(r"^(\d{4})-Q([1-4])$"), Period.QUARTER),
    (re.compile(r"^(\d{4})-H([12])$"), Period.HALF_YEAR),
    (re.compile(r"^(\d{4})$"), Period.YEAR),
)
_EXPECTED = "a period like 2026-11-23, 2026-W48, 2026-11, 2026-Q4, 2026-H2 or 2026"


def parse_period(text: str) -> tuple[Period, DateSpan]:
    """
    Parse a period label (as the CLI and reports write them) into its span.

    Raises:
        InvalidValueError: If *text* is not one of the documented shapes.
    """
    for pattern, period in _PATTERNS:
        match = pattern.match(text.strip())
        if match is None:
            continue
        nums = [int(g) for g in match.groups()]
        try:
            first = _first_day(period, nums)
        except ValueError:
            break
        return period, period_span(first, period)
    raise InvalidValueError("period", _EXPECTED, text)


def _first_day(period: Period, nums: list[int]) -> date:
    year = nums[0]
    if period is Period.DAY:
        return date(year, nums[1], nums[2])
    if period is Period.WEEK:
        return date.fromisocalendar(year, nums[1], 1)
    if period is Period.MONTH:
        return date(year, nums[1], 1)
    if period is Period.QUARTER:
        return date(year, (nums[1] - 1) * 3 + 1, 1)
    if period is Period.HALF_YEAR:
        return date(year, (nums[1] - 1) * 6 + 1, 1)
    return date(year, 1, 1)


def period_label(day: date, period: Period) -> str:
    """
    Return the label of the period containing *day* (inverse of `parse_period`).

    >>> period_label(date(2026, 11, 23), Period.HALF_YEAR)
    '2026-H2'
    """
    start = _start(day, period)
    if period is Period.DAY:
        return start.isoformat()
    if period is Period.WEEK:
        iso = start.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if period is Period.MONTH:
        return f"{start.year}-{start.month:02d}"
    if period is Period.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if period is Period.HALF_YEAR:
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    return str(start.year)
