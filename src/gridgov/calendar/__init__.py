"""
Working-day calendars (工作日历) for deadlines.

`ChinaCalendar` follows the State Council holiday notices, including 调休
(weekend days worked to lengthen a holiday); `WeekendCalendar` is Monday to
Friday. Both implement `gridgov.types.WorkCalendar`: working days, working
days between two dates, and working hours inside `OfficeHours`. Years whose
notice is not yet published follow an explicit `UnpublishedYearPolicy`;
under ``PROVISIONAL`` they are estimated from the statutory holidays, and
`track_provisional` (or the ``provisional_years`` of a deadline) tells which
answers rest on such an estimate. `calendar_version` names the data an answer
came from. `Limit` and `compute_deadlines` turn a time limit (时限) into
deadlines. See docs/calendar.md.
"""

from gridgov.calendar._base import TableCalendar, WeekendCalendar, calendar_version
from gridgov.calendar._china import (
    FIRST_PUBLISHED_YEAR,
    LAST_PUBLISHED_YEAR,
    PROVISIONAL_LAST_YEAR,
    ChinaCalendar,
    UnpublishedYearPolicy,
    UnpublishedYearWarning,
)
from gridgov.calendar._limits import Deadlines, Limit, LimitUnit, compute_deadlines
from gridgov.calendar._office_hours import DEFAULT_OFFICE_HOURS, OfficeHours
from gridgov.calendar._provisional import track_provisional

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "FIRST_PUBLISHED_YEAR",
    "LAST_PUBLISHED_YEAR",
    "PROVISIONAL_LAST_YEAR",
    "ChinaCalendar",
    "Deadlines",
    "Limit",
    "LimitUnit",
    "OfficeHours",
    "TableCalendar",
    "UnpublishedYearPolicy",
    "UnpublishedYearWarning",
    "WeekendCalendar",
    "calendar_version",
    "compute_deadlines",
    "track_provisional",
]
