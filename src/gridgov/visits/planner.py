"""
The planner: a worker's visit list (走访计划) for a day, a week or a month.

`plan_visits` lays the worker's open obligations over the working days of a
window, within the worker's daily capacity (``Worker.capacity_per_day``):

* only households in the worker's scope **on that day** are planned, so when
  a household moves or a scope changes mid-month, the rest of the plan moves
  with the household (ask a `RosterTimeline` for scope changes);
* each visit is planned inside its obligation's window (plus grace), and one
  visit serves every open obligation of the household;
* order of priority: overdue first, then what is due before the next working
  day, then higher attention (关注程度), then the earliest deadline;
* work is spread evenly: each open obligation's remaining visits are
  prorated over the rest of its window; each day earns its share of that load
  and plans as many whole visits as it has earned, rounded (never more than the
  capacity) or, if more, whatever cannot wait (overdue, or due before the next
  working day);
* within a day the list is grouped by building (楼栋), so the route is short.

Obligations that cannot fit before their deadline are returned as
``unplanned`` rather than silently dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs

from gridgov.display import (
    Column,
    TableDisplay,
    html_table,
    labelled_columns,
    table_records,
)
from gridgov.domain.ids import HouseholdId, WorkerId
from gridgov.errors import InvalidValueError
from gridgov.types import WorkCalendar
from gridgov.visits.directory import Directory
from gridgov.visits.index import VisitIndex
from gridgov.visits.obligations import Obligation
from gridgov.visits.periods import Window
from gridgov.visits.status import VisitStatus, as_day

__all__ = ["Plan", "PlanItem", "plan_visits"]

_DAY = timedelta(days=1)
_HALF = Fraction(1, 2)
_CAN_WAIT = 2
"""The priority tier of items that could also be done on a later working day."""


@attrs.frozen
class PlanItem:
    """
    One planned household visit.

    Attributes:
        day: The working day planned.
        household: Who to visit.
        building: The household's building (楼栋), ``""`` in a village.
        status: `VisitStatus.OVERDUE` or `VisitStatus.DUE` on that day.
        attention: Highest attention rank in force (-1: ordinary household).
        deadline: The earliest deadline among the obligations it serves.
        rules: The rules it serves.
    """

    day: date
    household: HouseholdId
    building: str
    status: VisitStatus
    attention: int
    deadline: date
    rules: tuple[str, ...]


_UNPLANNED_COLUMNS = (
    Column("household", "household", "户"),
    Column("rule", "rule", "规则"),
    Column("start", "window start", "起"),
    Column("deadline", "deadline", "截止", get=lambda ob: ob.deadline),
    Column("required", "visits required", "应访次数"),
)


@attrs.frozen
class Plan(TableDisplay):
    """
    A worker's plan for a window.

    It displays itself (`gridgov.display.TableDisplay`): one record per
    planned visit; the Jupyter table adds the unplanned obligations below.

    Attributes:
        worker: Whose plan.
        window: The days planned.
        items: Planned visits, by day, then building.
        unplanned: Obligations that could not be fitted before their deadline.
    """

    worker: WorkerId
    window: Window
    items: tuple[PlanItem, ...]
    unplanned: tuple[Obligation, ...]

    display_columns = (
        Column("day", "day", "日期"),
        Column("household", "household", "户"),
        Column("building", "building", "楼栋"),
        *labelled_columns("status", "status", "状态"),
        Column("attention", "attention rank", "关注等级"),
        Column("deadline", "deadline", "截止"),
        Column("rules", "rules", "规则"),
    )

    def display_rows(self) -> tuple[PlanItem, ...]:
        """The planned visits (days as ISO text and rules as lists in the records)."""
        return self.items

    def unplanned_records(self) -> list[dict[str, Any]]:
        """One record per obligation that could not be fitted before its deadline."""
        return table_records(_UNPLANNED_COLUMNS, self.unplanned)

    def display_caption(self) -> str:
        """走访计划 Visit plan, with the worker and the window."""
        w = self.window
        return f"走访计划 Visit plan {self.worker} {w.start} – {w.last_day}"

    def display_note(self) -> str:
        """How many visits were planned and how many obligations were not."""
        planned, left = len(self.items), len(self.unplanned)
        return f"计划 planned {planned} 次 · 未排入 unplanned {left}"

    def to_html(self) -> str:
        """The plan's table, then the unplanned obligations' table if any."""
        out = super().to_html()
        if self.unplanned:
            out += "\n" + html_table(
                _UNPLANNED_COLUMNS,
                self.unplanned_records(),
                caption="未排入 Unplanned obligations",
            )
        return out

    def on(self, day: date) -> tuple[PlanItem, ...]:
        """Return the items planned for *day*."""
        return tuple(i for i in self.items if i.day == day)

    @property
    def days(self) -> tuple[date, ...]:
        """The days that have at least one item, in order."""
        return tuple(dict.fromkeys(i.day for i in self.items))


@attrs.define
class _Open:
    ob: Obligation
    left: int


def _open_obligations(
    obligations: Iterable[Obligation], visits: VisitIndex, today: date, window: Window
) -> dict[HouseholdId, list[_Open]]:
    ordinal = today.toordinal()
    out: dict[HouseholdId, list[_Open]] = {}
    for ob in obligations:
        if ob.exempt or ob.deadline < today or ob.start >= window.end:
            continue
        start = ob.start.toordinal()
        end = min(ob.deadline.toordinal() + 1, ordinal)
        done = visits.of(ob.household).count(start, end, ob.mask) if end > start else 0
        if done < ob.required:
            out.setdefault(ob.household, []).append(_Open(ob, ob.required - done))
    return out


def _live(opens: list[_Open], day: date) -> list[_Open]:
    return [o for o in opens if o.left > 0 and o.ob.start <= day <= o.ob.deadline]


def _rank(
    hid: HouseholdId, live: list[_Open], day: date, following: date
) -> tuple[int, int, date, str]:
    """
    Priority key, smallest first.

    Tier 0: overdue; tier 1: due before the next working day; tier 2: the
    rest. Within a tier, higher attention first, then the earliest deadline.
    """
    deadline = min(o.ob.deadline for o in live)
    if any(day >= o.ob.due_end for o in live):
        tier = 0
    elif deadline < following:
        tier = 1
    else:
        tier = 2
    return (tier, -max(o.ob.attention for o in live), deadline, hid)


def _load(
    scope: Iterable[HouseholdId],
    opens: dict[HouseholdId, list[_Open]],
    day: date,
    end: date,
) -> Fraction:
    """Visits left for the rest of the window, each prorated over its own window."""
    total = Fraction(0)
    for hid in scope:
        for o in opens[hid]:
            if o.left <= 0 or o.ob.start >= end:
                continue
            first = max(o.ob.start, day)
            span = (o.ob.deadline - first).days + 1
            inside = (min(end, o.ob.deadline + _DAY) - first).days
            total += Fraction(o.left * max(inside, 0), max(span, 1))
    return total


def plan_visits(
    worker: str,
    obligations: Iterable[Obligation],
    visits: VisitIndex,
    *,
    directory: Directory,
    calendar: WorkCalendar,
    window: Window,
    as_of: date,
    capacity: int | None = None,
) -> Plan:
    """
    Plan *worker*'s visits over the working days of *window* from *as_of*.

    Args:
        worker: The worker's id.
        obligations: Obligations (any superset; others' households are skipped).
        visits: Visits made so far (those up to the day before *as_of* count).
        directory: Dated scope lookups (a `gridgov.roster.Roster` or timeline).
        calendar: Working days (`gridgov.types.WorkCalendar`).
        window: The days to plan (a day, a week, a month).
        as_of: The first day that may be planned.
        capacity: Visits per working day; defaults to the worker's
            ``capacity_per_day``.

    Raises:
        InvalidValueError: If the capacity is below 1.
        UnknownEntityError: If the directory does not know the worker.
    """
    today = as_day(as_of)
    cap = directory.worker(worker).capacity_per_day if capacity is None else capacity
    if cap < 1:
        raise InvalidValueError("capacity", "an integer >= 1", cap)
    opens = _open_obligations(obligations, visits, today, window)
    days = [
        window.start + _DAY * i
        for i in range(window.days)
        if window.start + _DAY * i >= today
        and calendar.is_working_day(window.start + _DAY * i)
    ]
    items: list[PlanItem] = []
    seen: set[HouseholdId] = set()
    # Even spreading: each day earns its share of the remaining load as credit
    # and plans the whole visits the credit allows.
    credit = Fraction(0)
    for n, day in enumerate(days):
        scope = {h.id: h for h in directory.households_of(worker, day) if h.id in opens}
        seen.update(scope)
        live = {hid: lv for hid in scope if (lv := _live(opens[hid], day))}
        if not live:
            continue
        following = days[n + 1] if n + 1 < len(days) else window.end
        ranks = {hid: _rank(hid, lv, day, following) for hid, lv in live.items()}
        ranked = sorted(live, key=ranks.__getitem__)
        must = sum(1 for r in ranks.values() if r[0] < _CAN_WAIT)
        credit += _load(scope, opens, day, window.end) / (len(days) - n)
        earned = math.floor(credit + _HALF)  # round half up: start on day one
        chosen = ranked[: min(cap, max(must, earned))]
        credit = max(credit - len(chosen), Fraction(0))
        for hid in sorted(chosen, key=lambda h: (scope[h].building, ranks[h])):
            for o in live[hid]:
                o.left -= 1
            rank = ranks[hid]
            items.append(
                PlanItem(
                    day,
                    hid,
                    scope[hid].building,
                    VisitStatus.OVERDUE if rank[0] == 0 else VisitStatus.DUE,
                    -rank[1],
                    rank[2],
                    tuple(dict.fromkeys(o.ob.rule for o in live[hid])),
                )
            )
    unplanned = tuple(
        o.ob
        for hid in sorted(seen)
        for o in opens[hid]
        if o.left > 0 and o.ob.deadline < window.end
    )
    return Plan(WorkerId(worker), window, tuple(items), unplanned)
