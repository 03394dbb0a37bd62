"""
The China working-day calendar (中国法定节假日与调休), from the ``holidays`` package.

Each year the General Office of the State Council publishes a notice
(国务院办公厅关于某年部分节假日安排的通知) that sets the public holidays and the
adjusted working days (调休上班): Saturdays or Sundays worked to make a holiday
longer. The ``holidays`` package encodes those notices for 2001 onwards; a year
the package has no notice for is *unpublished*, and `UnpublishedYearPolicy`
decides what happens there.
"""

from __future__ import annotations

import enum
import functools
import warnings
from collections.abc import Iterable, Mapping
from datetime import date
from importlib.metadata import version
from types import MappingProxyType

from holidays.countries.china import China, ChinaStaticHolidays

from gridgov.calendar._base import TableCalendar, check_day, weekdays_of
from gridgov.calendar._office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from gridgov.errors import CalendarError, InvalidValueError

__all__ = [
    "FIRST_PUBLISHED_YEAR",
    "LAST_PUBLISHED_YEAR",
    "ChinaCalendar",
    "UnpublishedYearPolicy",
    "UnpublishedYearWarning",
]

FIRST_PUBLISHED_YEAR = 2001
"""The first year the ``holidays`` package checked against a State Council notice."""

LAST_PUBLISHED_YEAR: int = max(ChinaStaticHolidays.special_public_holidays)
"""The last year whose notice (with its 调休 days) the installed package encodes."""

HOLIDAYS_VERSION: str = version("holidays")


class UnpublishedYearWarning(UserWarning):
    """A working-day answer was given for a year without a holiday notice."""


class UnpublishedYearPolicy(enum.Enum):
    """
    What `ChinaCalendar` does for a year whose holiday notice is not known.

    ``RAISE`` (the default) refuses with `gridgov.errors.CalendarError`: a
    deadline computed without the notice may be days off, and silently wrong
    deadlines are worse than an error the clerk can act on. ``WEEKENDS_ONLY``
    answers as if only Saturdays and Sundays were rest days, and warns with
    `UnpublishedYearWarning` on every answer that touched such a year.
    """

    RAISE = "raise"
    WEEKENDS_ONLY = "weekends_only"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _POLICY_ZH[self]


_POLICY_ZH = {
    UnpublishedYearPolicy.RAISE: "未公布年份报错",
    UnpublishedYearPolicy.WEEKENDS_ONLY: "未公布年份仅按周末",
}


@functools.cache
def _notice(
    year: int,
) -> tuple[tuple[int, ...], Mapping[int, str], frozenset[int]]:
    """
    Working days, holiday names and 调休 working days of a published *year*.

    The next year is loaded too when published, because a notice may make a
    late-December weekend of the previous year a working day (as in 2001).
    """
    years = [year, year + 1] if year < LAST_PUBLISHED_YEAR else [year]
    cn = China(years=years, language="zh_CN")  # type: ignore[no-untyped-call]
    rest = MappingProxyType(
        {d.toordinal(): name for d, name in cn.items() if d.year == year}
    )
    adjusted = frozenset(d.toordinal() for d in cn.weekend_workdays if d.year == year)
    work = {o for o in weekdays_of(year) if o not in rest} | adjusted
    return tuple(sorted(work)), rest, adjusted


class ChinaCalendar(TableCalendar):
    """
    Working days in mainland China: weekends, public holidays and 调休.

    Args:
        unpublished: Policy for years without a notice (see
            `UnpublishedYearPolicy`, or its value as a string); default
            ``RAISE``.
        office_hours: Working periods of a day, default 08:30–12:00 and
            14:00–17:30.
        extra_rest_days: Local rest days, e.g. 广西 三月三 or a county's own
            day off; they override the national calendar.
        extra_working_days: Local working days (overrides, too).
        local_notice_years: Years whose notice you entered yourself through
            the two extras (because the installed package predates it); they
            count as published, on a Mon–Fri base.

    >>> cal = ChinaCalendar()
    >>> cal.is_working_day(date(2026, 2, 14))  # a Saturday worked for 春节
    True
    >>> cal.add_working_days(date(2026, 2, 13), 1)
    datetime.date(2026, 2, 14)
    >>> cal.add_working_days(date(2026, 2, 14), 1)  # across 春节 2026-02-15..23
    datetime.date(2026, 2, 24)
    >>> cal.explain(date(2026, 10, 1))
    '国庆节'
    """

    __slots__ = ("_local_years", "_policy")

    def __init__(
        self,
        *,
        unpublished: UnpublishedYearPolicy | str = UnpublishedYearPolicy.RAISE,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        extra_rest_days: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        local_notice_years: Iterable[int] = (),
    ) -> None:
        if not isinstance(unpublished, UnpublishedYearPolicy):
            try:
                unpublished = UnpublishedYearPolicy(unpublished)
            except ValueError:
                choices = ", ".join(p.value for p in UnpublishedYearPolicy)
                raise InvalidValueError(
                    "unpublished", f"one of {choices}", unpublished
                ) from None
        super().__init__(
            office_hours=office_hours,
            extra_rest_days=extra_rest_days,
            extra_working_days=extra_working_days,
        )
        years = frozenset(local_notice_years)
        if bad := [y for y in years if isinstance(y, bool) or not isinstance(y, int)]:
            raise InvalidValueError("local_notice_years", "years as integers", bad)
        self._policy = unpublished
        self._local_years = years

    @property
    def policy(self) -> UnpublishedYearPolicy:
        """The policy for years without a notice."""
        return self._policy

    def is_published(self, year: int) -> bool:
        """Return whether *year*'s holiday notice is known to this calendar."""
        return (
            FIRST_PUBLISHED_YEAR <= year <= LAST_PUBLISHED_YEAR
            or year in self._local_years
        )

    def _admit(self, year: int) -> None:
        if self.is_published(year):
            return
        known = f"{FIRST_PUBLISHED_YEAR}–{LAST_PUBLISHED_YEAR}"
        if self._policy is UnpublishedYearPolicy.RAISE:
            raise CalendarError(
                f"no State Council holiday notice for {year} in holidays "
                f"{HOLIDAYS_VERSION} (it knows {known}): working days in {year} "
                "cannot be computed honestly. Upgrade the holidays package once "
                "the notice is out, enter the notice with extra_rest_days, "
                "extra_working_days and local_notice_years, or choose "
                "unpublished=UnpublishedYearPolicy.WEEKENDS_ONLY"
            )
        warnings.warn(
            f"{year} has no holiday notice (holidays {HOLIDAYS_VERSION} knows "
            f"{known}); counting Saturdays and Sundays as the only rest days",
            UnpublishedYearWarning,
            stacklevel=4,
        )

    def _base_table(self, year: int) -> Iterable[int]:
        if FIRST_PUBLISHED_YEAR <= year <= LAST_PUBLISHED_YEAR:
            return _notice(year)[0]
        return weekdays_of(year)

    def explain(self, day: date) -> str:
        """
        Say why *day* is or is not a working day, in Chinese.

        Returns the holiday's name (``'春节'``), ``'调休上班'`` for an adjusted
        working weekend day, ``'本地休息日'`` / ``'本地工作日'`` for local extras,
        ``'周末'`` or ``'工作日'``.

        >>> ChinaCalendar().explain(date(2026, 9, 20))
        '调休上班'
        """
        day = check_day("day", day)
        self._admit(day.year)
        if day in self._extra_rest:
            return "本地休息日"
        if day in self._extra_work:
            return "本地工作日"
        if FIRST_PUBLISHED_YEAR <= day.year <= LAST_PUBLISHED_YEAR:
            _, rest, adjusted = _notice(day.year)
            if (o := day.toordinal()) in rest:
                return rest[o]
            if o in adjusted:
                return "调休上班"
        return "周末" if day.weekday() >= 5 else "工作日"  # noqa: PLR2004

    def describe(self) -> str:
        """
        Return provenance for deadlines: calendar, data version, policy.

        >>> print(ChinaCalendar().describe())  # doctest: +ELLIPSIS
        ChinaCalendar: State Council notices 2001–... from holidays ...;
        unpublished years: raise; office hours 08:30–12:00, 14:00–17:30;
        local rest days 0, local working days 0
        """
        local = (
            f" + local notices {', '.join(map(str, sorted(self._local_years)))}"
            if self._local_years
            else ""
        )
        return (
            f"ChinaCalendar: State Council notices {FIRST_PUBLISHED_YEAR}–"
            f"{LAST_PUBLISHED_YEAR} from holidays {HOLIDAYS_VERSION}{local}; "
            f"unpublished years: {self._policy.value}{self._describe_local()}"
        )

    def __repr__(self) -> str:
        return (
            f"ChinaCalendar(unpublished={self._policy.value!r}, "
            f"office_hours={str(self.office_hours)!r})"
        )
