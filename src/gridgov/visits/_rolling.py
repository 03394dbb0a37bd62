"""
Rolling windows (自上次走访起算): the windows of a rule anchored to the last visit.

A rule with ``anchor = "last_visit"`` asks for the next visit one period after
the last one. Its windows form one chain that never overlaps:

* **a visit closes its window**: the window ends on the day of its first
  accepted visit (inclusive), and the next window starts the day after, due
  one period after the visit (a visit on 31 January makes the next due by
  28 February);
* a window that passes **without a visit** ends on its due day (missed), and
  the next starts the day after, due one period later; with ``grace_days``, a
  visit within the grace days after the due day still closes the window (late,
  but satisfied), and the next starts after that visit;
* before a household's first visit, its windows are the calendar periods of
  the rule (a household present all along), or start on the day it arrives or
  the rule starts to apply to it; a visit before that still anchors the chain.

Because each window's end is the day of the visit that closed it, or its due
day, a window that ended by a day depends only on the visits up to that day;
`rolling_windows` takes ``known_until`` to ignore the visits after a day, so
obligations "as of" a day are what was known on that day.

>>> from datetime import date
>>> from gridgov.domain import HouseholdId
>>> from gridgov.visits.index import VisitIndex
>>> from gridgov.visits.policy import VisitKind
>>> visits = VisitIndex.from_days(
...     [(HouseholdId("H1"), date(2026, 1, 10), VisitKind.HOME)]
... ).of(HouseholdId("H1"))
>>> for w in rolling_windows(
...     visits,
...     mask=VisitKind.HOME.bit,
...     per=Period.MONTH,
...     grace_days=0,
...     start=date(2026, 1, 1),
...     end=date(2026, 4, 1),
...     anchored=False,
... ):
...     print(w.start, w.end - timedelta(days=1), "closed" if w.closed else "due")
2026-01-01 2026-01-10 closed
2026-01-11 2026-02-10 due
2026-02-11 2026-03-10 due
2026-03-11 2026-03-31 due
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import NamedTuple

from gridgov.domain.periods import Period
from gridgov.visits.index import HouseholdVisits
from gridgov.visits.periods import Window, period_containing, period_step

__all__ = ["RollingWindow", "rolling_windows"]

_DAY = timedelta(days=1)


class RollingWindow(NamedTuple):
    """
    One window of a rolling chain, as far as it lies in the stretch asked for.

    Attributes:
        start: Its first day (in the stretch).
        end: The day after its last day: the day after the visit that closed
            it, else its due end (or the stretch's end, if that comes first).
        full: The whole window it was due in, for prorating a window cut by
            the stretch (``start`` or ``end`` inside it).
        closed: Whether a visit closed it.
    """

    start: date
    end: date
    full: Window
    closed: bool


def rolling_windows(
    visits: HouseholdVisits | None,
    *,
    mask: int,
    per: Period,
    grace_days: int,
    start: date,
    end: date,
    anchored: bool,
    start_day: int = 1,
    known_until: date | None = None,
) -> Iterator[RollingWindow]:
    """
    Yield the rolling windows over the stretch ``[start, end)``, in order.

    Args:
        visits: The household's visits (None: no visit is known).
        mask: The visit kinds that count (`gridgov.visits.policy.kinds_mask`).
        per: The rule's period.
        grace_days: Days after a due day when a late visit still closes it.
        start: The stretch's first day.
        end: The day after its last day (a move out, a rule change, the
            derivation's end); a visit on or after it belongs to what follows.
        anchored: Whether *start* is a real beginning (the household arrived,
            the rule started to apply): the first window then starts on it
            and is prorated if cut. Otherwise *start* only begins the look and
            the chain runs as if the household had been there all along.
        start_day: The policy's ``period_start_day`` (calendar windows before
            the first visit).
        known_until: Ignore visits after this day (what was known on it);
            None: every visit.
    """
    step = period_step(per)
    limit = None if known_until is None else known_until.toordinal() + 1

    def first(lo: date, hi: date) -> int | None:
        if visits is None:
            return None
        stop = hi.toordinal() if limit is None else min(hi.toordinal(), limit)
        return visits.first(lo.toordinal(), stop, mask)

    prior = None
    if visits is not None:
        before = start.toordinal() if limit is None else min(start.toordinal(), limit)
        prior = visits.last_before(before, mask)
    if prior is not None:  # the chain runs on from the last visit before
        due_from = date.fromordinal(prior) + _DAY
        due = date.fromordinal(prior) + step + _DAY
        while due <= start:  # windows that passed, unvisited, before the stretch
            due_from, due = due, due + step
    elif anchored:
        due_from, due = start, start + step
    else:
        period = period_containing(per, start, start_day=start_day)
        due_from, due = period.start, period.end
    lo = max(due_from, start)
    full_from = due_from if anchored else lo
    while lo < end:
        found = first(lo, min(due + timedelta(days=grace_days), end))
        if found is not None:
            closed_at = date.fromordinal(found) + _DAY
            yield RollingWindow(lo, closed_at, Window(full_from, due), closed=True)
            lo = full_from = closed_at
            due = date.fromordinal(found) + step + _DAY
        else:
            yield RollingWindow(lo, min(due, end), Window(full_from, due), closed=False)
            lo = full_from = due
            due += step
