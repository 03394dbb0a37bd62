"""The planner: capacity, scope on the day, priorities, buildings, a stateful loop."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from visits_strategies import COMPILED, GRIDS, REGIONS, YEAR, visit

from gridgov.calendar import WeekendCalendar
from gridgov.domain import (
    AttentionLevel,
    DateSpan,
    Household,
    HouseholdId,
    Level,
    Placement,
    Role,
    Scope,
    TagAssignment,
    Worker,
    WorkerId,
)
from gridgov.domain.periods import Period
from gridgov.errors import InvalidValueError, UnknownEntityError
from gridgov.roster import from_parts
from gridgov.visits import (
    RosterTimeline,
    VisitIndex,
    VisitStatus,
    by_level,
    coverage,
    derive_obligations,
    period_containing,
    plan_visits,
)

CAL = WeekendCalendar()
MARCH = period_containing(Period.MONTH, date(2026, 3, 1))


def worker(wid: str, grid: int, capacity: int = 3) -> Worker:
    return Worker(
        WorkerId(wid),
        wid,
        Role.FULL_TIME_GRID_WORKER,
        Scope(regions=(GRIDS[grid],)),
        capacity_per_day=capacity,
    )


def homes(n: int, grid: int = 0, tags=()) -> list[Household]:
    return [
        Household(
            HouseholdId(f"H{grid}{i:02d}"),
            f"{i}号",
            placements=(Placement(GRIDS[grid]),),
            building=f"B{i % 3}",
            tags=tuple(tags) if i == 0 else (),
        )
        for i in range(n)
    ]


def roster_of(households, workers):
    return from_parts(
        name="金庄村", regions=REGIONS, households=households, workers=workers
    )


def plan_for(hhs, *, as_of=MARCH.start, window=MARCH, capacity=3, visits=()):
    """Plan worker w1 (grid 0) for *hhs* under the test policy."""
    roster = roster_of(hhs, [worker("w1", 0, capacity)])
    obs = derive_obligations(hhs, COMPILED, YEAR)
    return plan_visits(
        "w1",
        obs,
        VisitIndex.from_visits(visits),
        directory=roster,
        calendar=CAL,
        window=window,
        as_of=as_of,
    )


def test_plan_respects_capacity_working_days_and_covers_everyone():
    """30 households, 3 a day over 22 working days: all planned, none on weekends."""
    hhs = homes(30)
    plan = plan_for(hhs)
    assert {i.household for i in plan.items} == {h.id for h in hhs}
    assert not plan.unplanned
    for day in plan.days:
        assert CAL.is_working_day(day)
        assert len(plan.on(day)) <= 3
    assert len(plan.days) >= 10  # spread out, not crammed into the first days


def test_high_attention_and_overdue_come_first_and_buildings_are_grouped():
    """A severe 残疾人 household goes first; a day's list is sorted by building."""
    tag = TagAssignment("disabled", AttentionLevel.SEVERE)
    hhs = homes(12, tags=[tag])
    plan = plan_for(hhs, as_of=date(2026, 3, 2))
    first = plan.on(date(2026, 3, 2))
    assert HouseholdId("H000") in {i.household for i in first}
    assert [i.building for i in first] == sorted(i.building for i in first)
    severe = [i for i in plan.items if i.household == HouseholdId("H000")]
    assert all(i.attention == AttentionLevel.SEVERE.rank for i in severe)


def test_overdue_obligations_are_planned_first_and_marked_overdue():
    """February's open window, in grace on 2 March, is planned then as overdue."""
    tag = TagAssignment("disabled")
    hhs = homes(1, tags=[tag])
    plan = plan_for(hhs, as_of=date(2026, 3, 2))
    assert plan.items[0].status is VisitStatus.OVERDUE
    assert plan.items[0].day == date(2026, 3, 2)


def test_visits_already_made_are_not_planned_again():
    """A household visited on 2 March is not in the plan from 3 March."""
    hhs = homes(2)
    plan = plan_for(
        hhs, as_of=date(2026, 3, 3), visits=[visit("H000", date(2026, 3, 2))]
    )
    assert [i.household for i in plan.items] == [HouseholdId("H001")]


def test_too_much_work_is_reported_as_unplanned():
    """Ten households due in a one-day window with capacity 4: six unplanned."""
    last = period_containing(Period.DAY, date(2026, 3, 31))
    plan = plan_for(homes(10), as_of=last.start, window=last, capacity=4)
    assert len(plan.items) == 4
    assert len(plan.unplanned) == 6


def test_a_scope_change_moves_the_rest_of_the_plan_to_the_new_worker():
    """From 16 March grid 1 passes from w1 to w2: w1's plan stops, w2 does the rest."""
    hhs = homes(20)
    before = roster_of(hhs, [worker("w1", 0, 1), worker("w2", 1, 1)])
    after = roster_of(hhs, [worker("w1", 1, 1), worker("w2", 0, 1)])
    first = RosterTimeline(((date(2026, 1, 1), before),))
    timeline = first.then(date(2026, 3, 16), after)
    obs = derive_obligations(hhs, COMPILED, YEAR)
    idx = VisitIndex.from_visits([])
    p1 = plan_visits(
        "w1",
        obs,
        idx,
        directory=timeline,
        calendar=CAL,
        window=MARCH,
        as_of=MARCH.start,
    )
    done = VisitIndex.from_visits([visit(i.household, i.day) for i in p1.items])
    p2 = plan_visits(
        "w2",
        obs,
        done,
        directory=timeline,
        calendar=CAL,
        window=MARCH,
        as_of=date(2026, 3, 16),
    )
    assert p1.items
    assert all(i.day < date(2026, 3, 16) for i in p1.items)
    assert all(i.day >= date(2026, 3, 16) for i in p2.items)
    planned = {i.household for i in p1.items} | {i.household for i in p2.items}
    assert planned == {h.id for h in hhs}


def test_bad_capacity_and_unknown_worker_raise_gridgov_errors():
    """capacity=0 and an unknown worker raise InvalidValueError / UnknownEntityError."""
    roster = roster_of(homes(1), [worker("w1", 0)])
    args = {"directory": roster, "calendar": CAL, "window": MARCH, "as_of": MARCH.start}
    with pytest.raises(InvalidValueError, match="capacity"):
        plan_visits("w1", [], VisitIndex.from_visits([]), capacity=0, **args)
    with pytest.raises(UnknownEntityError, match="nobody"):
        plan_visits("nobody", [], VisitIndex.from_visits([]), **args)
    with pytest.raises(InvalidValueError, match="versions"):
        RosterTimeline(())


class PlanningLoop(RuleBasedStateMachine):
    """Record visits, move households, swap scopes; plans and coverage stay sound."""

    @initialize()
    def start(self) -> None:
        self.households = homes(6, 0) + homes(6, 1)
        self.scopes = [(date(2026, 1, 1), (0, 1))]
        self.visits: list = []
        self.today = date(2026, 3, 2)

    def timeline(self) -> RosterTimeline:
        versions = []
        for day, (g1, g2) in self.scopes:
            versions.append(
                (
                    day,
                    roster_of(
                        self.households, [worker("w1", g1, 2), worker("w2", g2, 2)]
                    ),
                ),
            )
        return RosterTimeline(tuple(versions))

    @rule(i=st.integers(0, 11), lag=st.integers(0, 3))
    def record_visit(self, i: int, lag: int) -> None:
        day = self.today - timedelta(days=lag)
        self.visits.append(visit(self.households[i].id, day))

    @rule(i=st.integers(0, 11), grid=st.integers(0, 2), ahead=st.integers(0, 20))
    def move_household(self, i: int, grid: int, ahead: int) -> None:
        hh = self.households[i]
        on = self.today + timedelta(days=ahead)
        kept = [p for p in hh.placements if p.span.start is None or p.span.start < on]
        cut = tuple(
            Placement(p.region, DateSpan(p.span.start, on))
            if p.span.contains(on)
            else p
            for p in kept
        )
        if cut and cut[-1].region == GRIDS[grid]:
            return
        self.households[i] = Household(
            hh.id,
            hh.address,
            placements=(*cut, Placement(GRIDS[grid], DateSpan(on))),
            building=hh.building,
        )

    @rule(ahead=st.integers(1, 20))
    def swap_scopes(self, ahead: int) -> None:
        on = self.today + timedelta(days=ahead)
        if on <= self.scopes[-1][0]:
            return
        g1, g2 = self.scopes[-1][1]
        self.scopes.append((on, (g2, g1)))

    @rule(days=st.integers(1, 5))
    def advance(self, days: int) -> None:
        self.today = min(self.today + timedelta(days=days), date(2026, 3, 31))

    @invariant()
    def plans_stay_in_scope_and_capacity(self) -> None:
        if not hasattr(self, "households"):
            return
        tl = self.timeline()
        obs = derive_obligations(self.households, COMPILED, YEAR)
        idx = VisitIndex.from_visits(self.visits)
        for wid in ("w1", "w2"):
            plan = plan_visits(
                wid,
                obs,
                idx,
                directory=tl,
                calendar=CAL,
                window=MARCH,
                as_of=self.today,
            )
            for day in plan.days:
                items = plan.on(day)
                assert len(items) <= 2
                assert len({i.household for i in items}) == len(items)
                assert day >= self.today
                assert CAL.is_working_day(day)
                scope = {h.id for h in tl.households_of(wid, day)}
                assert {i.household for i in items} <= scope

    @invariant()
    def coverage_partitions_the_village(self) -> None:
        if not hasattr(self, "households"):
            return
        obs = derive_obligations(self.households, COMPILED, YEAR)
        idx = VisitIndex.from_visits(self.visits)
        grid = coverage(
            obs, idx, period=MARCH, as_of=self.today, by=by_level(Level.GRID)
        )
        total = grid.total
        assert sum(r.expected for r in grid.rows.values()) == total.expected
        assert total.expected == total.visited + total.pending + len(total.missed)
        keys = {
            (m.household, m.obligation.rule, m.obligation.start) for m in total.missed
        }
        assert len(keys) == len(total.missed)


PlanningLoop.TestCase.settings = settings(
    max_examples=15, stateful_step_count=12, deadline=None
)
TestPlanningLoop = PlanningLoop.TestCase
