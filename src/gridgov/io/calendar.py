"""
Loading a township's own holiday notices (``calendar.toml``) into a calendar.

The State Council publishes each year's holiday notice in the autumn; the
``holidays`` package follows weeks later. In between, a township enters the
notice itself: per year, the rest days (放假) and the weekend days worked
(调休上班). `load_calendar` reads that file (or a parsed mapping) into a
`gridgov.calendar.ChinaCalendar` with those days as local extras and those
years as local notice years (so they count as published), and a policy for
the years beyond (``PROVISIONAL`` by default: estimated, never refused).

Every problem is reported in ONE `gridgov.errors.SpecError`, each located by
its path: first the shape (types, dates, unknown fields), then the meaning
(a day outside its year, a year entered twice, a weekday as 调休上班 …).

>>> cal = load_calendar(
...     {"years": [{"year": 2027, "rest_days": ["2027-01-01"], "working_days": []}]}
... )
>>> cal.is_published(2027), cal.is_provisional(2028)
(True, True)
>>> from gridgov.errors import SpecError
>>> try:
...     load_calendar(
...         {"years": [{"year": 2027, "rest_days": ["2026-12-31"], "workdays": []}]}
...     )
... except SpecError as err:
...     for problem in err.problems:
...         print(problem)
years[0].workdays: unknown field; did you mean 'working_days'?
>>> try:
...     load_calendar(
...         {"years": [{"year": 2027, "rest_days": ["2026-12-31", "2027-02-17"]}]}
...     )
... except SpecError as err:
...     for problem in err.problems:
...         print(problem)
years[0].rest_days[0]: 2026-12-31 is not in 2027
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import MAXYEAR, MINYEAR, date
from os import PathLike
from typing import Any

import attrs

from gridgov.calendar import (
    DEFAULT_OFFICE_HOURS,
    ChinaCalendar,
    OfficeHours,
    UnpublishedYearPolicy,
    calendar_version,
)
from gridgov.errors import SpecError, SpecProblem
from gridgov.io.documents import load_spec
from gridgov.logs import get_logger
from gridgov.types import WorkCalendar

__all__ = ["CalendarSpec", "NoticeYear", "load_calendar", "log_provisional_years"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_log = get_logger("gridgov.calendar")


@attrs.frozen(kw_only=True)
class NoticeYear:
    """
    One year's holiday notice, as a township entered it.

    Attributes:
        year: The year the notice is for.
        rest_days: Every weekday off (放假), e.g. the whole 春节 block; weekend
            days inside a block may be listed too.
        working_days: The Saturdays and Sundays worked (调休上班).
        notice: Where it comes from (the notice's title or number), for the
            record.
    """

    year: int
    rest_days: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()
    notice: str = ""


@attrs.frozen(kw_only=True)
class CalendarSpec:
    """
    The contents of ``calendar.toml``: notices the installed package lacks.

    Attributes:
        years: One entry per year, each entered in full.
    """

    years: tuple[NoticeYear, ...] = ()


def _year_problems(
    i: int, entry: NoticeYear, seen: dict[int, int]
) -> list[SpecProblem]:
    at = f"years[{i}]"
    if not MINYEAR <= entry.year <= MAXYEAR:
        return [
            SpecProblem.of(
                f"{at}.year", "expected_plain", expected="a year", value=entry.year
            )
        ]
    problems: list[SpecProblem] = []
    if entry.year in seen:
        problems.append(
            SpecProblem.of(
                f"{at}.year",
                "year_twice",
                year=entry.year,
                first=f"years[{seen[entry.year]}]",
            )
        )
    seen.setdefault(entry.year, i)
    if not entry.rest_days:
        problems.append(SpecProblem.of(f"{at}.rest_days", "no_rest_days"))
    rest = set(entry.rest_days)
    for name, days in (
        ("rest_days", entry.rest_days),
        ("working_days", entry.working_days),
    ):
        for j, day in enumerate(days):
            where = f"{at}.{name}[{j}]"
            if day.year != entry.year:
                problems.append(
                    SpecProblem.of(where, "day_outside_year", day=day, year=entry.year)
                )
            elif name == "working_days" and day in rest:
                problems.append(SpecProblem.of(where, "working_rest_day", day=day))
            elif name == "working_days" and day.weekday() < len(_WEEKDAYS):
                problems.append(
                    SpecProblem.of(
                        where,
                        "weekday_working_day",
                        day=day,
                        weekday=_WEEKDAYS[day.weekday()],
                        weekday_zh="一二三四五"[day.weekday()],
                    )
                )
    return problems


def load_calendar(
    source: str | PathLike[str] | Mapping[str, Any],
    *,
    unpublished: UnpublishedYearPolicy | str = UnpublishedYearPolicy.PROVISIONAL,
    office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
) -> ChinaCalendar:
    """
    Load ``calendar.toml`` (or ``.json``, or a mapping) into a `ChinaCalendar`.

    The years in the file count as published (their days replace what the
    package says, if it has the year too); the years after the package's
    last notice that are not in the file follow *unpublished*.

    Args:
        source: A ``.toml``/``.json`` path or an already-parsed mapping.
        unpublished: Policy for the years neither knows (default
            ``PROVISIONAL``).
        office_hours: The working periods of a day.

    Raises:
        SpecError: Every problem found, each with its path.
    """
    spec = load_spec(source, CalendarSpec)
    problems: list[SpecProblem] = []
    seen: dict[int, int] = {}
    for i, entry in enumerate(spec.years):
        problems += _year_problems(i, entry, seen)
    if problems:
        where = "" if isinstance(source, Mapping) else str(source)
        raise SpecError(problems, source=where)
    return ChinaCalendar(
        unpublished=unpublished,
        office_hours=office_hours,
        extra_rest_days=[d for e in spec.years for d in e.rest_days],
        extra_working_days=[d for e in spec.years for d in e.working_days],
        local_notice_years=[e.year for e in spec.years],
    )


_logged: set[int] = set()
_logged_lock = threading.Lock()


def log_provisional_years(
    years: Iterable[int], *, calendar: WorkCalendar
) -> tuple[int, ...]:
    """
    Warn on the ``gridgov.calendar`` logger, once per year per process.

    The calendar itself never logs (it sits below the logging layer, and a
    warning on every answer would drown the log); the shell calls this with
    the provisional years a computation touched — a clock's or a deadline's
    ``provisional_years`` — and each year is logged the first time only.

    Returns:
        The years logged by this call, in order.
    """
    with _logged_lock:
        new = tuple(sorted(set(years) - _logged))
        _logged.update(new)
    for year in new:
        _log.warning(
            "%s has no State Council holiday notice in %s: deadlines that reach "
            "it are provisional (暂定), estimated without 调休; revise them "
            "(gridgov.cases.revise_deadlines) once the notice is installed",
            year,
            calendar_version(calendar),
        )
    return new
