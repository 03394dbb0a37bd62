"""
Effective dating.

Everything in the roster that changes over time (where a household lives, which
care tags apply, who is responsible for whom) carries a `DateSpan`: a half-open
interval ``[start, end)`` of calendar days. Half-open spans make moves exact: a
household that moves on the 15th is in its old grid up to the 14th and in its new
grid from the 15th, never in both and never in neither.
"""

from __future__ import annotations

from datetime import date, timedelta, timezone

import attrs

from gridgov.errors import InvalidValueError

__all__ = ["CHINA_TZ", "DateSpan"]

CHINA_TZ = timezone(timedelta(hours=8), "CST")
"""China Standard Time (UTC+8), the zone every deadline is computed in."""


def _check_end(
    instance: DateSpan, _attribute: attrs.Attribute[date | None], end: date | None
) -> None:
    if end is not None and instance.start is not None and end < instance.start:
        raise InvalidValueError(
            "end", f"a date on or after start {instance.start}", end
        )


@attrs.frozen
class DateSpan:
    """
    A half-open interval of days ``[start, end)``; ``None`` means unbounded.

    >>> span = DateSpan(date(2026, 3, 1), date(2026, 3, 15))
    >>> span.contains(date(2026, 3, 14)), span.contains(date(2026, 3, 15))
    (True, False)
    >>> DateSpan().contains(date(1900, 1, 1))
    True
    """

    start: date | None = None
    end: date | None = attrs.field(default=None, validator=_check_end)

    def contains(self, day: date) -> bool:
        """Return whether *day* falls inside the span."""
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day < self.end

    def overlaps(self, other: DateSpan) -> bool:
        """Return whether the two spans share at least one day."""
        lo_ok = other.end is None or self.start is None or self.start < other.end
        hi_ok = self.end is None or other.start is None or other.start < self.end
        return lo_ok and hi_ok

    def clip(self, start: date, end: date) -> DateSpan | None:
        """Return the part of the span inside ``[start, end)``, or None if empty."""
        lo = start if self.start is None else max(start, self.start)
        hi = end if self.end is None else min(end, self.end)
        return DateSpan(lo, hi) if lo < hi else None
