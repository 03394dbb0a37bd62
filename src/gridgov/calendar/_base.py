"""
Working-day arithmetic over cached per-year tables, shared by every calendar.

A calendar is a sorted list of working-day ordinals per year. Adding and
counting working days are two bisections per year touched, so a 20-working-day
deadline costs the same as a 1-day one. Working hours are positions inside the
office hours of working days.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta, timezone

from gridgov.calendar._office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from gridgov.errors import CalendarError, InvalidValueError
from gridgov.types import WorkCalendar

__all__ = ["TableCalendar", "WeekendCalendar", "calendar_version"]


CHINA_TZ = timezone(timedelta(hours=8), "CST")
"""China Standard Time, the zone of every answer; equal to
`gridgov.domain.spans.CHINA_TZ` (the layer contract keeps calendar and domain
independent, so the one-line constant is repeated rather than imported)."""
_ONE_DAY = timedelta(days=1)
# Built once: constructing a timedelta costs more than the arithmetic around it.
_ZERO = timedelta(0)
_ONE_US = timedelta(microseconds=1)
_ONE_HOUR = timedelta(hours=1)


def check_day(name: str, value: object) -> date:
    """Return *value* if it is a date (and not a datetime), else raise."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidValueError(name, "a datetime.date", value)
    return value


def check_instant(name: str, value: object) -> datetime:
    """Return *value* in China time if it is a timezone-aware datetime."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise InvalidValueError(name, "a timezone-aware datetime", value)
    return value.astimezone(CHINA_TZ)


def check_count(name: str, value: object) -> int:
    """Return *value* if it is an int >= 0 (bool excluded), else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(name, "an integer >= 0", value)
    return value


def weekdays_of(year: int) -> list[int]:
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    # date.fromordinal(o).weekday() == (o + 6) % 7, so Mon-Fri are 0..4.
    return [o for o in range(first, last + 1) if (o + 6) % 7 < 5]  # noqa: PLR2004


class TableCalendar:
    """
    The `gridgov.types.WorkCalendar` algorithms; subclasses supply the days.

    Subclasses implement `_base_table` (the working-day ordinals of a year)
    and may override `_admit` (refuse or warn about a year) and `describe`.
    Local extra rest days (e.g. a provincial festival such as 广西 三月三) and
    extra working days override the base calendar.

    Args:
        office_hours: The periods of a working day that working hours count.
        extra_rest_days: Days that are not working days whatever the base says.
        extra_working_days: Days that are working days whatever the base says.

    Raises:
        InvalidValueError: a day is both an extra rest day and an extra working day.
    """

    __slots__ = ("_extra_rest", "_extra_work", "_local_key", "_office_hours", "_tables")

    def __init__(
        self,
        *,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        extra_rest_days: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        if not isinstance(office_hours, OfficeHours):
            raise InvalidValueError("office_hours", "an OfficeHours", office_hours)
        rest = frozenset(check_day("extra_rest_days[]", d) for d in extra_rest_days)
        work = frozenset(
            check_day("extra_working_days[]", d) for d in extra_working_days
        )
        if both := sorted(rest & work):
            raise InvalidValueError(
                "extra_working_days", "days that are not also extra rest days", both
            )
        self._office_hours = office_hours
        self._extra_rest = rest
        self._extra_work = work
        self._local_key = _local_key(office_hours, rest, work)
        self._tables: dict[int, list[int]] = {}

    # -- what subclasses provide ------------------------------------------

    def _base_table(self, year: int) -> Iterable[int]:
        """Working-day ordinals of *year* before local extras (Mon–Fri here)."""
        return weekdays_of(year)

    def _admit(self, year: int) -> None:
        """Raise or warn if *year* cannot be answered honestly (default: fine)."""

    def describe(self) -> str:
        """Return provenance for deadlines: calendar name, data version, policy."""
        return f"{type(self).__name__}: Mon–Fri{self._describe_local()}"

    @property
    def version(self) -> str:
        """
        A short, stable name of the data answers come from, to record with deadlines.

        ``mon-fri`` here, with ``/local-<hash>`` when local days or office
        hours differ from the defaults (`ChinaCalendar` says more).

        >>> WeekendCalendar().version
        'mon-fri'
        """
        return f"mon-fri{self._local_key}"

    # -- shared machinery -------------------------------------------------

    @property
    def office_hours(self) -> OfficeHours:
        """The office hours that working-hour arithmetic counts."""
        return self._office_hours

    @property
    def extra_rest_days(self) -> frozenset[date]:
        """Local rest days added on top of the base calendar."""
        return self._extra_rest

    @property
    def extra_working_days(self) -> frozenset[date]:
        """Local working days added on top of the base calendar."""
        return self._extra_work

    def _describe_local(self) -> str:
        return (
            f"; office hours {self._office_hours}"
            f"; local rest days {len(self._extra_rest)}"
            f", local working days {len(self._extra_work)}"
        )

    def _table(self, year: int) -> list[int]:
        if not MINYEAR <= year <= MAXYEAR:
            raise CalendarError(f"year {year} is outside the representable dates")
        self._admit(year)
        table = self._tables.get(year)
        if table is None:
            days = set(self._base_table(year))
            days.difference_update(d.toordinal() for d in self._extra_rest)
            days.update(d.toordinal() for d in self._extra_work if d.year == year)
            table = self._tables[year] = sorted(days)
        return table

    def is_working_day(self, day: date) -> bool:
        """
        Return whether *day* is a working day (工作日).

        >>> cal = WeekendCalendar()
        >>> (
        ...     cal.is_working_day(date(2026, 11, 23)),
        ...     cal.is_working_day(date(2026, 11, 22)),
        ... )
        (True, False)
        """
        day = check_day("day", day)
        table = self._table(day.year)
        i = bisect_left(table, o := day.toordinal())
        return i < len(table) and table[i] == o

    def add_working_days(self, day: date, n: int) -> date:
        """
        Return the *n*-th working day after *day*; *day* itself is not counted.

        This is the rule for 期限 in working days: the day of receipt does not
        count, so a 3-working-day limit from Friday ends on Wednesday. ``n=0``
        returns *day* unchanged.

        >>> WeekendCalendar().add_working_days(date(2026, 11, 20), 3)
        datetime.date(2026, 11, 25)
        """
        day, n = check_day("day", day), check_count("n", n)
        if n == 0:
            return day
        year = day.year
        table = self._table(year)
        i = bisect_right(table, day.toordinal())
        while i + n > len(table):
            n -= len(table) - i
            year += 1
            table, i = self._table(year), 0
        return date.fromordinal(table[i + n - 1])

    def working_days_between(self, start: date, end: date) -> int:
        """
        Count working days in the half-open interval [*start*, *end*).

        Returns 0 when *end* <= *start*. For a working day *d*,
        ``working_days_between(d, add_working_days(d, n)) == n``.

        >>> WeekendCalendar().working_days_between(
        ...     date(2026, 11, 20), date(2026, 11, 25)
        ... )
        3
        """
        start, end = check_day("start", start), check_day("end", end)
        if end <= start:
            return 0
        lo, hi = start.toordinal(), end.toordinal()
        last_year = (end - _ONE_DAY).year  # [start, end) never needs end's year
        count = 0
        for year in range(start.year, last_year + 1):
            table = self._table(year)
            a = bisect_left(table, lo) if year == start.year else 0
            b = bisect_left(table, hi) if year == end.year else len(table)
            count += b - a
        return count

    def _offset(self, day: date, tod_us: int) -> int:
        """Working µs of *day* before time-of-day *tod_us* (0 on rest days)."""
        if not self.is_working_day(day):
            return 0
        return self._office_hours.worked_before(tod_us)

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """
        Return the instant *amount* of working time after *start* (China time).

        Only office hours of working days count: lunch breaks, nights, weekends
        and holidays are skipped. A deadline that uses up a period exactly ends
        at that period's end (12:00, 17:30).

        >>> friday_4pm = datetime(2026, 11, 20, 16, 0, tzinfo=CHINA_TZ)
        >>> print(WeekendCalendar().add_working_time(friday_4pm, timedelta(hours=4)))
        2026-11-23 11:00:00+08:00
        """
        local = check_instant("start", start)
        if not _is_duration(amount):
            raise InvalidValueError("amount", "a timedelta >= 0", amount)
        need = amount // _ONE_US
        if need == 0:
            return local
        per_day = self._office_hours.us_per_day
        day = local.date()
        if self.is_working_day(day):
            done = self._office_hours.worked_before(_tod_us(local))
            if need <= per_day - done:
                return _at(day, self._office_hours.time_at(done + need))
            need -= per_day - done
        whole, rest = divmod(need, per_day)
        if rest == 0:
            end_day = self.add_working_days(day, whole)
            return _at(end_day, self._office_hours.time_at(per_day))
        return _at(
            self.add_working_days(day, whole + 1), self._office_hours.time_at(rest)
        )

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """
        Return the working time between two instants (zero if *end* <= *start*).

        >>> a = datetime(2026, 11, 20, 16, 0, tzinfo=CHINA_TZ)
        >>> b = datetime(2026, 11, 23, 11, 0, tzinfo=CHINA_TZ)
        >>> WeekendCalendar().working_time_between(a, b)
        datetime.timedelta(seconds=14400)
        """
        a, b = check_instant("start", start), check_instant("end", end)
        if b <= a:
            return _ZERO
        da, db = a.date(), b.date()
        wa, wb = self._offset(da, _tod_us(a)), self._offset(db, _tod_us(b))
        if da == db:
            return _ONE_US * (wb - wa)
        per_day = self._office_hours.us_per_day
        first = per_day - wa if self.is_working_day(da) else 0
        middle = self.working_days_between(da + _ONE_DAY, db) * per_day
        return _ONE_US * (first + middle + wb)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """
        Return the instant *hours* working hours after *start* (China time).

        Hours are rounded to the microsecond; see `add_working_time`.
        """
        if not _is_hours(hours):
            raise InvalidValueError("hours", "a finite number >= 0", hours)
        return self.add_working_time(start, _ONE_HOUR * hours)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Count working hours between two instants (0 if *end* <= *start*)."""
        spent = self.working_time_between(start, end)
        return spent / _ONE_HOUR


def calendar_version(calendar: WorkCalendar) -> str:
    """
    Return *calendar*'s ``version``, or its ``describe()`` if it has none.

    Every calendar of this package has a short ``version``; another
    `gridgov.types.WorkCalendar` is named by its description.

    >>> calendar_version(WeekendCalendar(extra_rest_days=[date(2026, 4, 20)]))
    'mon-fri/local-...'
    """
    found = getattr(calendar, "version", None)
    return found if isinstance(found, str) else calendar.describe()


def _local_key(
    office_hours: OfficeHours, rest: frozenset[date], work: frozenset[date]
) -> str:
    """``/local-<8 hex>`` naming local days and office hours; "" for the defaults."""
    if not rest and not work and office_hours == DEFAULT_OFFICE_HOURS:
        return ""
    text = "|".join(
        [
            str(office_hours),
            ",".join(d.isoformat() for d in sorted(rest)),
            ",".join(d.isoformat() for d in sorted(work)),
        ]
    )
    return f"/local-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def _is_duration(value: object) -> bool:
    return isinstance(value, timedelta) and value >= _ZERO


def _is_hours(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and value >= 0


def _tod_us(local: datetime) -> int:
    return (
        (local.hour * 60 + local.minute) * 60 + local.second
    ) * 1_000_000 + local.microsecond


def _at(day: date, tod_us: int) -> datetime:
    seconds, micro = divmod(tod_us, 1_000_000)
    minutes, sec = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime(day.year, day.month, day.day, hour, minute, sec, micro, CHINA_TZ)


class WeekendCalendar(TableCalendar):
    """
    Monday to Friday, no holidays: for tests and for places without a notice.

    Accepts the same office hours and local extra days as `ChinaCalendar`.

    >>> print(WeekendCalendar().describe())
    WeekendCalendar: Mon–Fri; office hours 08:30–12:00, 14:00–17:30;
    local rest days 0, local working days 0
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"WeekendCalendar(office_hours={str(self.office_hours)!r})"
