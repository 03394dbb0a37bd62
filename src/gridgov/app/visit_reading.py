"""
What the Workspace reads about visits: obligations, coverage and plans.

Pure functions of the Workspace's state (`gridgov.app.state.State`): the visit
policy's obligations (应访) over the roster, the visits and the household
changes; coverage (走访覆盖) of a period; a worker's plan (走访计划). The
Workspace's reading methods call them under its lock, after catching up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from gridgov.app.state import State
from gridgov.domain.people import Household
from gridgov.domain.periods import parse_period
from gridgov.domain.regions import Level
from gridgov.visits.coverage import (
    UNASSIGNED,
    CoverageReport,
    GroupKey,
    by_level,
    coverage,
)
from gridgov.visits.obligations import Obligation, derive_obligations
from gridgov.visits.periods import Window
from gridgov.visits.planner import Plan, plan_visits

__all__ = ["coverage_of", "obligations", "period_window", "plan_of"]

PLAN_HORIZON = timedelta(days=62)
"""How far past a plan's window obligations are looked for (due soon after)."""


def period_window(period: str) -> Window:
    """The days of a period label (``"2026-11"``, ``"2026-W48"``, a day …)."""
    _, span = parse_period(period)
    assert span.start is not None  # noqa: S101 - parse_period spans are bounded
    assert span.end is not None  # noqa: S101
    return Window(span.start, span.end)


def obligations(
    state: State,
    window: Window,
    households: Iterable[Household] | None = None,
    *,
    as_of: date | None = None,
) -> list[Obligation]:
    """
    应访: the visit obligations whose window ends inside *window*.

    With *as_of*, rolling rules' due days come from the visits up to that day
    only (coverage as of a day never changes when later visits arrive); their
    clock starts on the day the journal began (`State.began`).
    """
    policy = state.config.visit_policy
    if policy is None:
        return []
    homes = state.roster.households.values() if households is None else households
    return derive_obligations(
        homes,
        policy,
        window,
        visits=state.visit_index,
        changes=state.changes,
        as_of=as_of,
        since=state.began,
    )


def coverage_of(
    state: State,
    period: str,
    *,
    as_of: date | None = None,
    by: GroupKey | None = None,
    households: Iterable[Household] | None = None,
) -> CoverageReport:
    """
    走访覆盖 of *period*, grouped by grid unless *by* says otherwise.

    Each group is named: a region by its name, a worker by theirs, the
    households placed in no grid 未入格 (the key stays, as the group's id).
    """
    window = period_window(period)
    day = as_of or window.end
    roster = state.roster
    report = coverage(
        obligations(state, window, households, as_of=day),
        state.visit_index,
        period=window,
        as_of=day,
        by=by or by_level(Level.GRID),
    )
    return report.named(
        {
            UNASSIGNED: "未入格",
            **{code: region.name for code, region in roster.regions.items()},
            **{wid: worker.name for wid, worker in roster.workers.items()},
        }
    )


def plan_of(
    state: State, worker: str, period: str, *, as_of: date | None = None
) -> Plan:
    """A worker's visit plan for a day, week or month."""
    window = period_window(period)
    homes = state.roster.households_of(worker, window.start)
    horizon = Window(window.start, window.end + PLAN_HORIZON)
    return plan_visits(
        worker,
        obligations(state, horizon, homes),
        state.visit_index,
        directory=state.roster,
        calendar=state.config.calendar,
        window=window,
        as_of=as_of or window.start,
    )
