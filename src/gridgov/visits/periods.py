"""
Periods (周期) and recurrence: where visit windows start and end.

Visit rules say "at least N visits per week / month / quarter / half year /
year". This module turns a `gridgov.domain.periods.Period` into exact,
half-open windows ``[start, end)`` of calendar days, computed once for a
whole horizon so that deriving obligations for 100,000 households is a dict
lookup, not a per-day scan.

Recurrence wraps dateutil's `rrule` and fixes its two classic traps:

* windows are **inclusive** of both ends (``rrule.between`` is exclusive unless
  told otherwise), and
* **month-end clamping**: a monthly date on the 31st falls on the last day of
  a shorter month (RFC 5545 would silently drop February).

>>> from datetime import date
>>> monthly_on(31, date(2026, 1, 1), date(2026, 4, 30))
[datetime.date(2026, 1, 31), datetime.date(2026, 2, 28),
 datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)]
>>> quarters = windows(Period.QUARTER, date(2026, 2, 10), date(2026, 8, 1))
>>> [str(w.start) for w in quarters]
['2026-01-01', '2026-04-01', '2026-07-01']
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from itertools import pairwise

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MO, MONTHLY, WEEKLY, rrule

from gridgov.domain.periods import Period
from gridgov.errors import InvalidValueError

__all__ = [
    "Window",
    "monthly_on",
    "period_containing",
    "period_step",
    "windows",
]

_MAX_MONTH_DAY = 31


def period_step(period: Period) -> relativedelta:
    """
    Return the length of one *period* as a `relativedelta` (month-end safe).

    >>> date(2026, 1, 31) + period_step(Period.MONTH)
    datetime.date(2026, 2, 28)
    """
    if period is Period.DAY:
        return relativedelta(days=1)
    if period is Period.WEEK:
        return relativedelta(weeks=1)
    return relativedelta(months=period.months)


@attrs.frozen(order=True)
class Window:
    """
    A half-open window of days ``[start, end)``.

    >>> w = Window(date(2026, 2, 1), date(2026, 3, 1))
    >>> w.last_day, w.days, w.contains(date(2026, 3, 1))
    (datetime.date(2026, 2, 28), 28, False)
    """

    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValueError("end", f"a date after start {self.start}", self.end)

    @property
    def last_day(self) -> date:
        """The last day inside the window (inclusive end)."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        """Number of days in the window."""
        return (self.end - self.start).days

    def contains(self, day: date) -> bool:
        """Return whether *day* is inside the window."""
        return self.start <= day < self.end


def _as_dt(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)  # noqa: DTZ001 - rrule works on naive days


def monthly_on(day_of_month: int, start: date, until: date) -> list[date]:
    """
    Return the monthly dates on *day_of_month* in ``[start, until]``, clamped.

    Both ends are inclusive. A day past a month's end clamps to its last day
    (RFC 5545 ``BYMONTHDAY=31,-1`` with ``BYSETPOS=1``).

    Raises:
        InvalidValueError: If *day_of_month* is not in 1..31.
    """
    if not 1 <= day_of_month <= _MAX_MONTH_DAY:
        raise InvalidValueError("day_of_month", "an integer in 1..31", day_of_month)
    rule = rrule(
        MONTHLY,
        dtstart=_as_dt(start.replace(day=1)),
        bymonthday=(day_of_month, -1),
        bysetpos=1,
    )
    return [d.date() for d in rule.between(_as_dt(start), _as_dt(until), inc=True)]


def _starts(kind: Period, first: date, until: date, start_day: int) -> list[date]:
    """Period start days from the one containing *first* up to *until* inclusive."""
    if kind is Period.DAY:
        rule = rrule(DAILY, dtstart=_as_dt(first))
        return [d.date() for d in rule.between(_as_dt(first), _as_dt(until), inc=True)]
    if kind is Period.WEEK:
        monday = first - timedelta(days=first.weekday())
        rule = rrule(WEEKLY, dtstart=_as_dt(monday), byweekday=MO)
        return [d.date() for d in rule.between(_as_dt(monday), _as_dt(until), inc=True)]
    # Month-based periods start on start_day (clamped) of January + k*months.
    anchor_year = first.year - 1
    months = kind.months
    candidates = monthly_on(start_day, date(anchor_year, 1, 1), until)
    aligned = [d for d in candidates if (d.month - 1) % months == 0]
    keep = bisect_right(aligned, first) - 1
    return aligned[max(keep, 0) :]


def windows(
    kind: Period, first: date, until: date, *, start_day: int = 1
) -> list[Window]:
    """
    Return the consecutive windows of *kind* covering ``[first, until)``.

    The first window is the one containing *first* (it may start earlier); the
    last one contains the day before *until*. Month-based periods may start on
    another day than the 1st (a 统计月 from the 26th is common): *start_day* is
    clamped to short months.

    >>> [
    ...     str(w.start)
    ...     for w in windows(
    ...         Period.MONTH, date(2026, 2, 10), date(2026, 4, 1), start_day=31
    ...     )
    ... ]
    ['2026-01-31', '2026-02-28', '2026-03-31']

    Raises:
        InvalidValueError: If *until* is not after *first* or *start_day* is
            outside 1..31.
    """
    if until <= first:
        raise InvalidValueError("until", f"a date after {first}", until)
    if not 1 <= start_day <= _MAX_MONTH_DAY:
        raise InvalidValueError("start_day", "an integer in 1..31", start_day)
    # One period of slack so the last window's end is known.
    starts = _starts(
        kind, first, until + period_step(kind) + timedelta(days=7), start_day
    )
    out: list[Window] = []
    for lo, hi in pairwise(starts):
        if lo >= until:
            break
        out.append(Window(lo, hi))
    return out


def period_containing(kind: Period, day: date, *, start_day: int = 1) -> Window:
    """
    Return the window of *kind* that contains *day*.

    >>> period_containing(Period.WEEK, date(2026, 3, 4))
    Window(start=datetime.date(2026, 3, 2), end=datetime.date(2026, 3, 9))
    """
    return windows(kind, day, day + timedelta(days=1), start_day=start_day)[0]
