"""
The China working-day calendar (中国法定节假日与调休), from the ``holidays`` package.

Each year the General Office of the State Council publishes a notice
(国务院办公厅关于某年部分节假日安排的通知) that sets the public holidays and the
adjusted working days (调休上班): Saturdays or Sundays worked to make a holiday
longer. The ``holidays`` package encodes those notices for 2001 onwards; a year
the package has no notice for is *unpublished*, and `UnpublishedYearPolicy`
decides what happens there: refuse, count weekends only, or estimate from the
statutory holidays (``PROVISIONAL``, see `ChinaCalendar.is_provisional`).
"""

from __future__ import annotations

import enum
import functools
import warnings
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from importlib.metadata import version
from types import MappingProxyType

from holidays.countries.china import China, ChinaStaticHolidays

from gridgov.calendar._base import TableCalendar, check_day, weekdays_of
from gridgov.calendar._office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from gridgov.calendar._provisional import note_provisional
from gridgov.errors import CalendarError, InvalidValueError

__all__ = [
    "FIRST_PUBLISHED_YEAR",
    "LAST_PUBLISHED_YEAR",
    "PROVISIONAL_LAST_YEAR",
    "ChinaCalendar",
    "UnpublishedYearPolicy",
    "UnpublishedYearWarning",
]

FIRST_PUBLISHED_YEAR = 2001
"""The first year the ``holidays`` package checked against a State Council notice."""

LAST_PUBLISHED_YEAR: int = max(ChinaStaticHolidays.special_public_holidays)
"""The last year whose notice (with its 调休 days) the installed package encodes."""

HOLIDAYS_VERSION: str = version("holidays")

PROVISIONAL_LAST_YEAR = 2099
"""The last year ``PROVISIONAL`` estimates: ``holidays`` computes 清明 reliably
up to 2099, and its lunar tables end in 2100."""

_STATUTORY = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
"""The seven holidays of 《全国年节及纪念日放假办法》 for all citizens."""


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
    ``PROVISIONAL`` answers with the statutory holidays of
    《全国年节及纪念日放假办法》 (as in force from 2025, with its 补假 for a
    holiday on a weekend) plus weekends and no 调休, for the years after the
    last notice up to `PROVISIONAL_LAST_YEAR`; it does not warn: ask
    `ChinaCalendar.is_provisional`, or read the provisional years recorded
    with a deadline. Under both lenient policies the answers are provisional.
    """

    RAISE = "raise"
    WEEKENDS_ONLY = "weekends_only"
    PROVISIONAL = "provisional"

    @property
    def zh(self) -> str:
        """Chinese label."""
        return _POLICY_ZH[self]


_POLICY_ZH = {
    UnpublishedYearPolicy.RAISE: "未公布年份报错",
    UnpublishedYearPolicy.WEEKENDS_ONLY: "未公布年份仅按周末",
    UnpublishedYearPolicy.PROVISIONAL: "未公布年份按法定节假日暂定",
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


@functools.cache
def _statutory(year: int) -> tuple[tuple[int, ...], Mapping[int, str]]:
    """
    Working days and rest-day names of *year* by the statutory rules alone.

    ``holidays`` computes the statutory days of a year (lunar dates and 清明
    from its own tables) and moves a holiday that falls on a Saturday or
    Sunday to the next working day (补假, article 6 of the 办法); turning off
    its special holidays leaves out every State Council notice (bridging
    days, 调休), even for a year the installed release already has a notice
    for.
    """
    cn = China(language="zh_CN")  # type: ignore[no-untyped-call]
    cn.has_special_holidays = False
    cn.get(date(year, 1, 1))  # a look-up populates *year*
    rest = {d.toordinal(): name for d, name in cn.items() if d.year == year}
    names = {part.split("（")[0] for name in rest.values() for part in name.split("; ")}
    if missing := [n for n in _STATUTORY if n not in names]:
        raise CalendarError(
            f"holidays {HOLIDAYS_VERSION} gives no date for {', '.join(missing)} "
            f"in {year}: its working days cannot be estimated"
        )
    work = tuple(o for o in weekdays_of(year) if o not in rest)
    return work, MappingProxyType(rest)


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

    __slots__ = ("_local_years", "_policy", "_version")

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
        self._version: tuple[int, str] | None = None

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

    def is_provisional(self, day_or_year: date | int) -> bool:
        """
        Return whether answers for a day's year (or a year) are provisional.

        True for a year without a notice that the policy answers anyway:
        ``PROVISIONAL`` (years up to `PROVISIONAL_LAST_YEAR`) or
        ``WEEKENDS_ONLY``; False for a published year and under ``RAISE``.

        >>> cal = ChinaCalendar(unpublished="provisional")
        >>> cal.is_provisional(2026), cal.is_provisional(date(2027, 3, 1))
        (False, True)
        """
        year = _year_of(day_or_year)
        if self.is_published(year):
            return False
        if self._policy is UnpublishedYearPolicy.PROVISIONAL:
            return LAST_PUBLISHED_YEAR < year <= PROVISIONAL_LAST_YEAR
        return self._policy is UnpublishedYearPolicy.WEEKENDS_ONLY

    def _admit(self, year: int) -> None:
        if self.is_published(year):
            return
        if self.is_provisional(year):
            note_provisional(year)
            if self._policy is UnpublishedYearPolicy.WEEKENDS_ONLY:
                warnings.warn(
                    f"{year} has no holiday notice (holidays {HOLIDAYS_VERSION} "
                    f"knows {_known()}); counting Saturdays and Sundays as the "
                    "only rest days",
                    UnpublishedYearWarning,
                    stacklevel=4,
                )
            return
        if self._policy is UnpublishedYearPolicy.PROVISIONAL:
            raise CalendarError(
                f"no State Council holiday notice for {year}, and "
                f"unpublished=provisional estimates only the years after the "
                f"last notice up to {PROVISIONAL_LAST_YEAR} (holidays "
                f"{HOLIDAYS_VERSION} knows {_known()})"
            )
        raise CalendarError(
            f"no State Council holiday notice for {year} in holidays "
            f"{HOLIDAYS_VERSION} (it knows {_known()}): working days in {year} "
            "cannot be computed honestly. Upgrade the holidays package once "
            "the notice is out, enter the notice with extra_rest_days, "
            "extra_working_days and local_notice_years (gridgov.io."
            "load_calendar), or choose unpublished=UnpublishedYearPolicy."
            "PROVISIONAL or WEEKENDS_ONLY"
        )

    def _base_table(self, year: int) -> Iterable[int]:
        if FIRST_PUBLISHED_YEAR <= year <= LAST_PUBLISHED_YEAR:
            return _notice(year)[0]
        if self._estimates(year):
            return _statutory(year)[0]
        return weekdays_of(year)

    def _estimates(self, year: int) -> bool:
        """Whether *year* is answered from the statutory holidays."""
        return (
            self._policy is UnpublishedYearPolicy.PROVISIONAL
            and self.is_provisional(year)
        )

    def explain(self, day: date) -> str:
        """
        Say why *day* is or is not a working day, in Chinese.

        Returns the holiday's name (``'春节'``, ``'春节（补假）'`` in a
        provisional year), ``'调休上班'`` for an adjusted working weekend day,
        ``'本地休息日'`` / ``'本地工作日'`` for local extras, ``'周末'`` or
        ``'工作日'``.

        >>> ChinaCalendar().explain(date(2026, 9, 20))
        '调休上班'
        >>> ChinaCalendar(unpublished="provisional").explain(date(2027, 2, 9))
        '春节（补假）'
        """
        day = check_day("day", day)
        self._admit(day.year)
        if day in self._extra_rest:
            return "本地休息日"
        if day in self._extra_work:
            return "本地工作日"
        o = day.toordinal()
        if FIRST_PUBLISHED_YEAR <= day.year <= LAST_PUBLISHED_YEAR:
            _, rest, adjusted = _notice(day.year)
            if o in rest:
                return rest[o]
            if o in adjusted:
                return "调休上班"
        elif self._estimates(day.year) and o in (rest := _statutory(day.year)[1]):
            return rest[o]
        return "周末" if day.weekday() >= 5 else "工作日"  # noqa: PLR2004

    @property
    def version(self) -> str:
        """
        A short, stable name of the data answers come from, to record with deadlines.

        ``china/holidays-<release>/<first>-<last published year>``, then
        ``+<year>`` per local notice year, ``/<policy>``, and ``/local-<hash>``
        when local days or office hours differ from the defaults. Two
        calendars with the same version give the same answers.

        >>> ChinaCalendar(unpublished="provisional").version  # doctest: +ELLIPSIS
        'china/holidays-.../2001-2026/provisional'
        >>> ChinaCalendar(
        ...     extra_rest_days=[date(2027, 2, 11)], local_notice_years=[2027]
        ... ).version  # doctest: +ELLIPSIS
        'china/holidays-.../2001-2026+2027/raise/local-...'
        """
        cached = self._version
        if cached is not None and cached[0] == LAST_PUBLISHED_YEAR:
            return cached[1]
        local = "".join(f"+{y}" for y in sorted(self._local_years))
        text = (
            f"china/holidays-{HOLIDAYS_VERSION}/{FIRST_PUBLISHED_YEAR}-"
            f"{LAST_PUBLISHED_YEAR}{local}/{self._policy.value}{self._local_key}"
        )
        self._version = (LAST_PUBLISHED_YEAR, text)
        return text

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


def _known() -> str:
    return f"{FIRST_PUBLISHED_YEAR}–{LAST_PUBLISHED_YEAR}"


def _year_of(day_or_year: object) -> int:
    if isinstance(day_or_year, date) and not isinstance(day_or_year, datetime):
        return day_or_year.year
    if isinstance(day_or_year, int) and not isinstance(day_or_year, bool):
        return day_or_year
    raise InvalidValueError("day_or_year", "a datetime.date or a year", day_or_year)
