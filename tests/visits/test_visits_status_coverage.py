"""Status over time and coverage: nobody lost, nobody counted twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from visits_strategies import (
    COMPILED,
    GRIDS,
    LATER,
    YEAR,
    days,
    households,
    visit,
    visits_for,
)

from gridgov.domain import CHINA_TZ, DateSpan, Household, HouseholdId, Level, Placement
from gridgov.domain.periods import Period
from gridgov.visits import (
    Obligation,
    VisitIndex,
    VisitKind,
    VisitStatus,
    by_level,
    by_worker,
    coverage,
    coverage_series,
    derive_obligations,
    period_containing,
    status,
)

ORDER = {
    VisitStatus.UPCOMING: 0,
    VisitStatus.DUE: 1,
    VisitStatus.OVERDUE: 2,
    VisitStatus.MISSED: 3,
}
MONTHS = [period_containing(Period.MONTH, date(2026, m, 1)) for m in range(1, 13)]


def test_status_walks_through_due_overdue_and_missed_with_grace():
    """With 5 grace days: due in the window, overdue for 5 days, then missed."""
    ob = Obligation(
        HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1), 1, "r", 1, grace_days=5
    )
    idx = VisitIndex.from_visits([])
    got = [status(ob, idx, date(2026, 4, d)) for d in (1, 5, 6)]
    assert got == [VisitStatus.OVERDUE, VisitStatus.OVERDUE, VisitStatus.MISSED]


def test_a_late_visit_in_grace_satisfies_the_past_window():
    """Catch-up: a visit on 3 April satisfies March when grace is 5 days."""
    ob = Obligation(
        HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1), 1, "r", 1, grace_days=5
    )
    idx = VisitIndex.from_visits([visit("H1", date(2026, 4, 3))])
    assert status(ob, idx, date(2026, 4, 2)) is VisitStatus.OVERDUE
    assert status(ob, idx, date(2026, 4, 3)) is VisitStatus.SATISFIED


def test_visits_of_a_kind_that_does_not_count_leave_the_obligation_open():
    """A phone call does not satisfy a home-visit rule, and the reason says so."""
    ob = Obligation(
        HouseholdId("H1"),
        date(2026, 3, 1),
        date(2026, 4, 1),
        1,
        "r",
        VisitKind.HOME.bit,
    )
    idx = VisitIndex.from_visits([visit("H1", date(2026, 3, 3), VisitKind.PHONE)])
    report = coverage([ob], idx, period=MONTHS[2], as_of=date(2026, 5, 1))
    assert report.total.visited == 0
    assert [m.reason_zh for m in report.total.missed] == ["走访方式不符"]


def test_status_accepts_a_datetime_in_china_time():
    """as_of 2026-03-31T20:00Z is 1 April in China: March is already missed."""
    ob = Obligation(HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1), 1, "r", 1)
    at = datetime(2026, 3, 31, 20, tzinfo=CHINA_TZ.utc)
    assert status(ob, VisitIndex.from_visits([]), at) is VisitStatus.MISSED


@given(households(), st.data())
def test_status_moves_only_forward_as_as_of_advances(hhs, data):
    """upcoming → due → overdue → missed, and satisfied is absorbing."""
    obs = derive_obligations(hhs, COMPILED, YEAR)
    idx = VisitIndex.from_visits(data.draw(visits_for([h.id for h in hhs])))
    a, b = sorted([data.draw(days), data.draw(days)])
    for ob in obs:
        before, after = status(ob, idx, a), status(ob, idx, b)
        if before in {VisitStatus.SATISFIED, VisitStatus.EXEMPT}:
            assert after is before
        elif after is not VisitStatus.SATISFIED:
            assert ORDER[before] <= ORDER[after]
        assert before is not VisitStatus.MISSED or after is VisitStatus.MISSED


@given(households(), st.data(), st.sampled_from(MONTHS))
def test_after_every_deadline_each_obligation_is_visited_or_listed_missed(
    hhs, data, month
):
    """不漏一户: once a period is closed, 应访 = 已访 + 漏访 and nobody is pending."""
    obs = derive_obligations(hhs, COMPILED, YEAR)
    idx = VisitIndex.from_visits(data.draw(visits_for([h.id for h in hhs])))
    report = coverage(obs, idx, period=month, as_of=LATER)
    total = report.total
    assert total.pending == 0
    assert total.expected == total.visited + len(total.missed)
    missed = {
        (m.obligation.household, m.obligation.rule, m.obligation.start)
        for m in total.missed
    }
    for ob in obs:
        if month.contains(ob.last_day) and not ob.exempt:
            st_ = status(ob, idx, LATER)
            key = (ob.household, ob.rule, ob.start)
            assert (st_ is VisitStatus.SATISFIED) != (key in missed)


@given(households(), st.data(), st.sampled_from(MONTHS), days)
def test_removing_a_visit_never_raises_coverage(hhs, data, month, as_of):
    """Fewer visits never mean more 已访 nor a higher 走访率 (calendar anchors)."""
    visits = data.draw(visits_for([h.id for h in hhs]))
    obs = derive_obligations(hhs, COMPILED, YEAR)
    full = coverage(
        obs, VisitIndex.from_visits(visits), period=month, as_of=as_of
    ).total
    for i in range(len(visits)):
        fewer = visits[:i] + visits[i + 1 :]
        less = coverage(
            obs, VisitIndex.from_visits(fewer), period=month, as_of=as_of
        ).total
        assert less.visited <= full.visited
        assert less.expected == full.expected
        if full.rate is not None and less.rate is not None:
            assert less.rate <= full.rate


@given(households(), st.data(), st.sampled_from(MONTHS))
def test_grid_rows_add_up_to_the_village_total(hhs, data, month):
    """Each obligation counts in exactly one grid: the grid rows sum to the total."""
    obs = derive_obligations(hhs, COMPILED, YEAR)
    idx = VisitIndex.from_visits(data.draw(visits_for([h.id for h in hhs])))
    as_of = data.draw(days)
    grid = coverage(obs, idx, period=month, as_of=as_of, by=by_level(Level.GRID))
    village = coverage(obs, idx, period=month, as_of=as_of, by=by_level(Level.VILLAGE))
    for field in ("expected", "visited", "pending", "exempt"):
        total = getattr(grid.total, field)
        assert sum(getattr(r, field) for r in grid.rows.values()) == total
        assert total == getattr(village.total, field)
    assert set(grid.rows) <= set(GRIDS)


@given(
    st.integers(2, 28), st.sampled_from(GRIDS), st.sampled_from(GRIDS), st.booleans()
)
def test_moving_between_grids_mid_month_counts_the_household_exactly_once(
    day, a, b, visited
):
    """A household that moves mid-month is in one grid's 应访 and never in none."""
    move = date(2026, 3, day)
    hh = Household(
        HouseholdId("H1"),
        "1号",
        placements=(Placement(a, DateSpan(None, move)), Placement(b, DateSpan(move))),
    )
    visits = [visit("H1", move - timedelta(days=1))] if visited else []
    obs = derive_obligations([hh], COMPILED, YEAR)
    report = coverage(
        obs,
        VisitIndex.from_visits(visits),
        period=MONTHS[2],
        as_of=LATER,
        by=by_level(Level.GRID),
    )
    assert sum(r.expected for r in report.rows.values()) == 1
    assert list(report.rows) == [b]
    assert report.rows[b].visited == int(visited)


def test_missed_households_carry_their_reason_and_count():
    """Two of four visits made is listed as 走访不足（2/4次）."""
    ob = Obligation(HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1), 4, "r", 1)
    idx = VisitIndex.from_visits(
        [visit("H1", date(2026, 3, 2)), visit("H1", date(2026, 3, 9))]
    )
    row = coverage([ob], idx, period=MONTHS[2], as_of=LATER).total
    assert row.missed_households == (HouseholdId("H1"),)
    assert row.missed[0].reason_zh == "走访不足（2/4次）"
    assert row.missed[0].status is VisitStatus.MISSED
    assert str(row) == "total: 应访 1, 已访 0, 走访率 0.0%, 漏访 1"


def test_same_day_visits_count_once():
    """Two visits on one day are one visit day."""
    ob = Obligation(HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1), 2, "r", 7)
    idx = VisitIndex.from_visits(
        [visit("H1", date(2026, 3, 2)), visit("H1", date(2026, 3, 2), VisitKind.PHONE)]
    )
    assert status(ob, idx, LATER) is VisitStatus.MISSED


@given(households(), st.data())
def test_one_pass_series_equals_month_by_month_coverage(hhs, data):
    """coverage_series over 12 months gives the same rows as 12 coverage calls."""
    obs = derive_obligations(hhs, COMPILED, YEAR)
    idx = VisitIndex.from_visits(data.draw(visits_for([h.id for h in hhs])))
    as_of = data.draw(days)
    by = by_level(Level.GRID)
    series = coverage_series(obs, idx, periods=MONTHS, as_of=as_of, by=by)
    for month, report in zip(MONTHS, series, strict=True):
        assert report == coverage(obs, idx, period=month, as_of=as_of, by=by)


def test_coverage_by_worker_follows_the_roster_and_shows_the_unassigned():
    """By 网格员, from the roster on the last day; an uncovered grid shows up."""
    from visits_strategies import REGIONS

    from gridgov.domain import Role, Scope, Worker, WorkerId
    from gridgov.roster import from_parts

    homes = [
        Household(HouseholdId(f"H{i}"), f"{i}号", placements=(Placement(GRIDS[i % 3]),))
        for i in range(6)
    ]
    workers = [
        Worker(
            WorkerId(f"w{g}"),
            f"网格员{g}",
            Role.FULL_TIME_GRID_WORKER,
            Scope(regions=(GRIDS[g],)),
        )
        for g in (0, 1)
    ]
    roster = from_parts(name="t", regions=REGIONS, households=homes, workers=workers)
    obs = derive_obligations(homes, COMPILED, YEAR)
    report = coverage(
        obs,
        VisitIndex.from_visits([visit("H0", date(2026, 3, 3))]),
        period=MONTHS[2],
        as_of=LATER,
        by=by_worker(roster, [Role.FULL_TIME_GRID_WORKER]),
    )
    assert {k: r.expected for k, r in report.rows.items()} == {
        "w0": 2,
        "w1": 2,
        "(unassigned)": 2,
    }
    assert report.rows["w0"].visited == 1
