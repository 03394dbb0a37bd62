"""
Obligation status (走访状态): a pure function of facts and ``as_of``.

Status is never stored. Given an obligation, the household's visits and a
day, `status` says where the obligation stands:

=========  ======  ==========================================================
status     中文     meaning on ``as_of``
=========  ======  ==========================================================
upcoming   未开始   the window has not opened yet
due        待访     the window is open and not enough visits yet
overdue    逾期     the window has closed; a late visit still counts (grace)
satisfied  已访     enough visits on distinct days inside the window (+grace)
missed     漏访     the window and its grace have passed without enough visits
exempt     免访     waived (a short partial period, an exemption)
=========  ======  ==========================================================

Only visits on or before ``as_of`` count, so the answer for a past day never
changes when later visits are recorded. Over increasing ``as_of`` a status only
moves forward: upcoming → due → overdue → missed, and once satisfied it
stays satisfied.

>>> from datetime import date
>>> from gridgov.domain import HouseholdId
>>> from gridgov.visits.policy import VisitKind
>>> from gridgov.visits.index import VisitIndex
>>> ob = Obligation(
...     HouseholdId("H1"),
...     date(2026, 3, 1),
...     date(2026, 4, 1),
...     1,
...     "floor",
...     VisitKind.HOME.bit,
... )
>>> idx = VisitIndex.from_days([(HouseholdId("H1"), date(2026, 3, 20), VisitKind.HOME)])
>>> [status(ob, idx, date(2026, m, d)).zh for m, d in [(2, 28), (3, 10), (3, 20)]]
['未开始', '待访', '已访']
>>> status(ob, VisitIndex.from_days([]), date(2026, 4, 1))
<VisitStatus.MISSED: 'missed'>
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from gridgov.domain.spans import CHINA_TZ
from gridgov.visits.index import HouseholdVisits, VisitIndex
from gridgov.visits.obligations import Obligation

__all__ = ["VisitStatus", "as_day", "classify", "status", "status_in"]


class VisitStatus(enum.StrEnum):
    """Where an obligation stands on a day."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    SATISFIED = "satisfied"
    MISSED = "missed"
    EXEMPT = "exempt"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _STATUS_ZH[self]

    @property
    def is_open(self) -> bool:
        """Whether a visit now would still count (due or overdue)."""
        return self in {VisitStatus.DUE, VisitStatus.OVERDUE}


_STATUS_ZH = {
    VisitStatus.UPCOMING: "未开始",
    VisitStatus.DUE: "待访",
    VisitStatus.OVERDUE: "逾期",
    VisitStatus.SATISFIED: "已访",
    VisitStatus.MISSED: "漏访",
    VisitStatus.EXEMPT: "免访",
}


def as_day(as_of: date) -> date:
    """Return *as_of* as a day in China time (datetimes are converted)."""
    if isinstance(as_of, datetime):
        return as_of.astimezone(CHINA_TZ).date()
    return as_of


def classify(  # noqa: PLR0917 - the hot path takes positional ordinals
    visits: HouseholdVisits,
    start: int,
    end: int,
    required: int,
    mask: int,
    grace: int,
    today: int,
) -> VisitStatus:
    """
    The status rule itself, on day ordinals (exemption is checked by callers).

    ``[start, end)`` is the window, ``grace`` the catch-up days after it,
    ``today`` the ``as_of`` day; only visits on or before ``today`` count.
    """
    if today < start:
        return VisitStatus.UPCOMING
    deadline = end + grace
    counted_end = deadline if deadline <= today else today + 1
    if visits.count(start, counted_end, mask) >= required:
        return VisitStatus.SATISFIED
    if today < end:
        return VisitStatus.DUE
    if today < deadline:
        return VisitStatus.OVERDUE
    return VisitStatus.MISSED


def status_in(ob: Obligation, visits: HouseholdVisits, today: int) -> VisitStatus:
    """Status from one household's visits and a day ordinal (the fast path)."""
    if ob.exempt:
        return VisitStatus.EXEMPT
    return classify(
        visits,
        ob.start.toordinal(),
        ob.due_end.toordinal(),
        ob.required,
        ob.mask,
        ob.grace_days,
        today,
    )


def status(ob: Obligation, visits: VisitIndex, as_of: date) -> VisitStatus:
    """
    Return the status of *ob* on *as_of* from the visits in *visits*.

    *as_of* is a day; a datetime is taken in China time.
    """
    return status_in(ob, visits.of(ob.household), as_day(as_of).toordinal())
