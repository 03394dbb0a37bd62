"""Scoped views: a worker, grid or village sees and writes only its share."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.calendar import WeekendCalendar
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import ScopeError
from gridgov.flow import Actor
from gridgov.roster import Roster
from gridgov.testing.strategies import rosters

DAY = date(2026, 5, 8)
AT = datetime(2026, 5, 8, 9, tzinfo=CHINA_TZ)


def _populated(roster: Roster) -> Workspace:
    """A workspace where every placed household has one visit and one case."""
    ws = Workspace.in_memory(WorkspaceConfig(roster=roster, calendar=WeekendCalendar()))
    worker = next(iter(roster.workers), None)
    with ws.transaction():
        _fill(ws, roster, worker)
    return ws


def _fill(ws: Workspace, roster: Roster, worker: str | None) -> None:
    for n, h in enumerate(roster.households.values()):
        region = h.region_on(DAY)
        if region is None:
            continue
        if worker is not None:
            ws.record_visit(h.id, worker, at=AT, key=f"v{n}")
        ws.open_case(
            f"C{n}", category="问题", region=region, actor="x", at=AT, household=h.id
        )


@st.composite
def _scoped(draw: st.DrawFn) -> tuple[Roster, dict[str, str]]:
    roster = draw(rosters())
    choices = [("worker", w) for w in roster.workers]
    choices += [
        ("grid" if r.level is Level.GRID else "village", r.code)
        for r in roster.regions.values()
        if r.level in {Level.GRID, Level.VILLAGE}
    ]
    kind, ident = draw(st.sampled_from(choices))
    return roster, {kind: ident}


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(_scoped())
def test_views_never_leak_and_refuse_writes_outside(
    case: tuple[Roster, dict[str, str]],
) -> None:
    """All a view returns is in scope; out-of-scope writes are refused, unrecorded."""
    roster, which = case
    ws = _populated(roster)
    view = ws.view(on=DAY, **which)
    scope = view.scope
    inside = set(scope.households)
    if "worker" in which:
        assert inside == {h.id for h in roster.households_of(which["worker"], DAY)}
    else:
        code = next(iter(which.values()))
        assert inside == {h.id for h in roster.households_in(code, DAY)}
    assert {h.id for h in view.households()} == inside
    people = {p.id for h in view.households() for p in h.members}
    assert {p.id for p in view.people()} == people
    for c in view.cases():
        opened = ws.state.opening(c.id)
        assert opened is not None
        assert opened.fields["household"] in inside
    assert set(view.accounts()) <= inside
    report = view.report("2026-05")
    assert report.visits.visits == sum(
        1 for v in ws.state.visits if v.household in inside
    )
    assert report.cases.received == len(view.cases())

    head = ws.journal.head()
    snap = ws.state.snapshot()
    outside = [
        h for h in roster.households.values() if h.id not in inside and h.region_on(DAY)
    ]
    worker = next(iter(roster.workers), "x")
    for h in outside:
        region = h.region_on(DAY)
        assert region is not None
        with pytest.raises(ScopeError):
            view.record_visit(h.id, worker, at=AT, key="sneak")
        with pytest.raises(ScopeError):
            view.open_case(
                "SNEAK", category="x", region=region, household=h.id, actor="x", at=AT
            )
        with pytest.raises(ScopeError):
            view.file_claim("SNEAK", h.id, at=AT, actor="x")
        with pytest.raises(ScopeError):
            view.place_order("SNEAK", h.id, {"soap": 1}, at=AT)
        case_id = next(
            c.id
            for c in ws.cases()
            if ws.state.opening(c.id).fields["household"] == h.id
        )  # type: ignore[union-attr]
        with pytest.raises(ScopeError):
            view.fire_case(case_id, "register", actor=Actor("x"), at=AT, key="sneak")
        with pytest.raises(ScopeError):
            view.balance(h.id)
    assert ws.journal.head() == head
    assert ws.state.snapshot() == snap


def test_worker_view_refuses_visits_in_another_workers_name(
    config: WorkspaceConfig,
) -> None:
    """A worker's view records visits for that worker only."""
    ws = Workspace.in_memory(config)
    view = ws.view(worker="W06", on=date(2026, 11, 2))
    home = view.households()[0].id
    with pytest.raises(ScopeError):
        view.record_visit(home, "W07", at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ))
    assert view.record_visit(home, "W06", at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ))
    assert ws.journal.head().sequence == 2  # its request record and the visit


def test_grid_view_report_counts_only_the_grid(config: WorkspaceConfig) -> None:
    """A grid's report counts the grid's households and visits, not the township's."""
    ws = Workspace.in_memory(config)
    when = datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)
    ws.record_visit("PC0001", "W06", at=when)
    other = ws.view(grid="410381003002002", on=date(2026, 11, 2))
    mine = ws.view(grid="410381003002001", on=date(2026, 11, 2))
    assert mine.report("2026-11").visits.visits == 1
    assert other.report("2026-11").visits.visits == 0
    assert mine.report("2026-11").households == len(mine.scope.households)


def test_view_refuses_case_and_order_steps_outside(config: WorkspaceConfig) -> None:
    """Accepting, supervising and handing over outside the scope are refused too."""
    ws = Workspace.in_memory(config)
    when = datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ)
    ws.open_case("C9", category="x", region="410381003002002", actor="W07", at=when)
    view = ws.view(grid="410381003002001", on=date(2026, 11, 2))
    head = ws.journal.head()
    with pytest.raises(ScopeError):
        view.accept_case("C9", unit="u", actor=Actor("x"), at=when, key="a")
    with pytest.raises(ScopeError):
        view.supervise_case("C9", kind="urge", actor=Actor("x"), at=when, key="s")
    assert ws.journal.head() == head


def test_worker_view_plans_its_own_week(config: WorkspaceConfig) -> None:
    """A worker view plans that worker's households; a grid view has no plan."""
    ws = Workspace.in_memory(config)
    mine = ws.view(worker="W06", on=date(2026, 11, 23))
    plan = mine.plan("2026-W48")
    assert plan.items
    assert {i.household for i in plan.items} <= mine.scope.households
    with pytest.raises(ScopeError):
        ws.view(grid="410381003002001", on=date(2026, 11, 23)).plan("2026-W48")
