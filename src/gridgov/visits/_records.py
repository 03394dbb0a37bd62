"""
The records of the visit engine's duties: `Obligation` (应访) and `Exemption` (免访).

`gridgov.visits.obligations.derive_obligations` makes them; coverage, status
and the planner read them. Both are re-exported by `gridgov.visits` and
`gridgov.visits.obligations`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

import attrs

from gridgov.domain.ids import HouseholdId, RegionCode
from gridgov.domain.spans import DateSpan

__all__ = ["Exemption", "Obligation"]

_DAY = timedelta(days=1)


class Obligation(NamedTuple):
    """
    One household's duty to be visited in one window.

    A named tuple rather than an attrs class on purpose: a township derives
    millions of these per year and tuples are several times cheaper to build.

    Attributes:
        household: Who must be visited.
        start: First day of the window.
        end: Day after the last day of the window (half-open).
        required: Minimum visits on distinct days.
        rule: The rule id (``"trigger:case"`` for a trigger).
        mask: Accepted visit kinds as a bit mask (`VisitKind.bit`).
        grace_days: Days after ``end`` during which a late visit still counts.
        attention: Highest attention rank in force (-1 for none).
        region: The leaf region on the last day (for grid coverage).
        exempt: Why the obligation is waived (``""`` if it is not).
        due_by: The last day the visit is due when that comes before the
            window's last day: a rolling rule (``anchor = "last_visit"``)
            wants it one period after the previous visit. None: due by the
            window's last day. The window (and so the period the obligation
            is counted in) stays the calendar one.
    """

    household: HouseholdId
    start: date
    end: date
    required: int
    rule: str
    mask: int
    grace_days: int = 0
    attention: int = -1
    region: RegionCode | None = None
    exempt: str = ""
    due_by: date | None = None

    @property
    def last_day(self) -> date:
        """The last day of the window."""
        return self.end - _DAY

    @property
    def due_end(self) -> date:
        """The day after the last day the visit is due (``due_by`` or the window's)."""
        return self.end if self.due_by is None else self.due_by + _DAY

    @property
    def deadline(self) -> date:
        """The last day a visit still counts (the due day plus grace)."""
        return self.due_end - _DAY + timedelta(days=self.grace_days)


@attrs.frozen
class Exemption:
    """
    A household excused from visits over a span (外出, 住院, 拒访 …).

    A window lying wholly inside the span is exempt with this reason.
    """

    household: HouseholdId
    span: DateSpan
    reason: str
