"""
Rolling rules (自上次走访起算): each period's visit, due one period after the last.

A rule with ``anchor = "last_visit"`` asks for the next visit one period after
the previous one. It is judged **per calendar period** of the rule, like a
calendar rule, so that each period owes exactly one visit and is counted once:

* the window is the calendar period (cut to the days the household is under
  the rule, as for a calendar rule);
* the visit is **due by one period after the last accepted visit before the
  window** (a visit on 20 January makes February's visit due by 20 February),
  or by the window's last day if that comes first; ``grace_days`` after the
  due day still count;
* with no visit since the clock started, the first visit is due one period
  after the household arrived or the rule began to apply to it, or, for a
  household there before the look began, by the end of the look's first
  period (as a calendar rule would have it); visits before the clock started
  are not looked at.

A period whose due day has already passed when it opens (the household went a
whole period unvisited) is due on its first day. Because the due day only
moves earlier when a visit is taken away, removing a visit never raises any
period's 已访 or 走访率; and because it depends only on visits before the
window, obligations as of a day (``known_until``) are what was known then.

>>> from datetime import date
>>> from gridgov.domain import HouseholdId
>>> from gridgov.visits.index import VisitIndex
>>> from gridgov.visits.periods import windows
>>> from gridgov.visits.policy import VisitKind
>>> visits = VisitIndex.from_days(
...     [(HouseholdId("H1"), date(2026, 1, 20), VisitKind.HOME)]
... ).of(HouseholdId("H1"))
>>> q1 = windows(Period.MONTH, date(2026, 1, 1), date(2026, 4, 1))
>>> for w in rolling_windows(
...     visits,
...     mask=VisitKind.HOME.bit,
...     per=Period.MONTH,
...     grace_days=0,
...     periods=q1,
...     start=date(2026, 1, 1),
...     end=date(2026, 4, 1),
...     since=date(2026, 1, 1),
...     first_due_end=date(2026, 2, 1),
... ):
...     print(w.start, w.end - timedelta(days=1), w.due_by)
2026-01-01 2026-01-31 None
2026-02-01 2026-02-28 2026-02-20
2026-03-01 2026-03-31 2026-03-01
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from gridgov.domain.periods import Period
from gridgov.visits.index import HouseholdVisits
from gridgov.visits.periods import Window, period_step

__all__ = ["RollingWindow", "rolling_windows"]

_DAY = timedelta(days=1)


class RollingWindow(NamedTuple):
    """
    One period's window of a rolling rule, as far as it lies in the stretch.

    Attributes:
        start: Its first day (in the stretch).
        end: The day after its last day (the period's end, or the stretch's).
        full: The whole calendar period, for prorating a cut window.
        due_by: The last day the visit is due, when before the window's last
            day (None: the window's last day).
        grace_days: The days after the due day a late visit still counts
            (the rule's grace, less the days already overdue when it opened).
    """

    start: date
    end: date
    full: Window
    due_by: date | None
    grace_days: int


@functools.lru_cache(maxsize=4096)
def _due_end(visited: int, per: Period) -> date:
    """The day after the due day of the visit after one on day *visited*."""
    # Cached: date + relativedelta costs microseconds, and a township's
    # households share a few hundred visit days a year.
    return date.fromordinal(visited) + period_step(per) + _DAY


def rolling_windows(
    visits: HouseholdVisits | None,
    *,
    mask: int,
    per: Period,
    grace_days: int,
    periods: Sequence[Window],
    start: date,
    end: date,
    since: date,
    first_due_end: date,
    known_until: date | None = None,
) -> Iterator[RollingWindow]:
    """
    Yield the windows of the *periods* that meet the stretch ``[start, end)``.

    Args:
        visits: The household's visits (None: no visit is known).
        mask: The visit kinds that count (`gridgov.visits.policy.kinds_mask`).
        per: The rule's period (the length of the gap allowed).
        grace_days: Days after a due day when a late visit still counts.
        periods: The calendar periods of the rule, in order.
        start: The stretch's first day.
        end: The day after its last day.
        since: The day the clock started: visits before it are not looked at.
        first_due_end: The day after the first visit's due day, when no visit
            since *since* is known before a window. It must come before any
            due day a visit could give (``since + per``), so that taking a
            visit away never moves a due day later.
        known_until: Ignore visits after this day (what was known on it);
            None: every visit.
    """
    lowest = since.toordinal()
    limit = None if known_until is None else known_until.toordinal() + 1
    for period in periods:
        if period.end <= start:
            continue
        if period.start >= end:
            break
        lo, hi = max(period.start, start), min(period.end, end)
        before = lo.toordinal() if limit is None else min(lo.toordinal(), limit)
        prior = None if visits is None else visits.last_before(before, mask)
        if prior is None or prior < lowest:
            due_end = first_due_end
        else:
            due_end = _due_end(prior, per)
        if due_end >= hi:
            yield RollingWindow(lo, hi, period, None, grace_days)
        elif due_end > lo:
            yield RollingWindow(lo, hi, period, due_end - _DAY, grace_days)
        else:  # overdue before the window opened: due on its first day
            late = max(0, (due_end - lo).days - 1 + grace_days)
            yield RollingWindow(lo, hi, period, lo, late)
