"""Issue 12: rolling windows never overlap; coverage never rises when a visit is
removed, and coverage as of a day depends only on the visits up to that day."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from visits_strategies import GRIDS, YEAR

from gridgov.domain import DateSpan, Household, HouseholdId, Placement
from gridgov.domain.periods import Period
from gridgov.visits import (
    Anchor,
    CatchUp,
    CoverageReport,
    FrequencyRule,
    VisitIndex,
    VisitKind,
    VisitPolicy,
    Window,
    compile_policy,
    coverage_series,
    derive_obligations,
)

H = HouseholdId("H1")
MONTHS = [
    Window(date(2026, m, 1), date(2026 + m // 12, m % 12 + 1, 1)) for m in range(1, 13)
]
MONTHLY_ROLLING = compile_policy(
    VisitPolicy(
        "r", floor=FrequencyRule("roll", anchor=Anchor.LAST_VISIT, per=Period.MONTH)
    )
)


def household(arrived: date | None = None) -> Household:
    return Household(
        H, "1号", placements=(Placement(GRIDS[0], DateSpan(arrived, None)),)
    )


def index(days: list[date], kind: VisitKind = VisitKind.HOME) -> VisitIndex:
    return VisitIndex.from_days([(H, d, kind) for d in days])


def reports(
    policy: object,
    days: list[date] | VisitIndex,
    as_of: date,
    *,
    home: Household | None = None,
) -> tuple[CoverageReport, ...]:
    """
    Coverage of each month, then of the whole year, as of a day, from
    obligations derived as of that day.
    """
    visits = days if isinstance(days, VisitIndex) else index(days)
    obs = derive_obligations(
        [home or household()], policy, YEAR, visits=visits, as_of=as_of
    )
    months = coverage_series(obs, visits, periods=MONTHS, as_of=as_of)
    (year,) = coverage_series(obs, visits, periods=[YEAR], as_of=as_of)
    return (*months, year)


def test_one_monthly_household_owes_one_visit_in_april() -> None:
    """Two visits in March made two windows that both ended in April (2 应访)."""
    visits = index([date(2026, 3, 5), date(2026, 3, 20)])
    obs = derive_obligations([household()], MONTHLY_ROLLING, YEAR, visits=visits)
    april = [o for o in obs if MONTHS[3].contains(o.last_day)]
    assert [(o.start, o.last_day) for o in april] == [
        (date(2026, 3, 21), date(2026, 4, 20))
    ]
    for a, b in itertools.pairwise(obs):
        assert a.end <= b.start


def test_removing_a_january_visit_does_not_raise_marchs_coverage() -> None:
    """With visits on 12 January and 20 March, removing the January one raised
    March's 已访 from 0 to 1 (a window ending 12 March, missed, moved to one
    ending 31 March that the March visit satisfied)."""
    kept = [date(2026, 1, 12), date(2026, 3, 20)]
    end = date(2027, 1, 1)
    before = reports(MONTHLY_ROLLING, kept, end)
    after = reports(MONTHLY_ROLLING, kept[1:], end)
    march = (before[2].total, after[2].total)
    assert [(r.visited, r.expected) for r in march] == [(1, 2), (1, 1)]
    year = (before[-1].total, after[-1].total)
    assert [(r.visited, r.expected) for r in year] == [(2, 13), (1, 12)]


def test_a_visit_closes_its_window_and_the_next_starts_after_it() -> None:
    """docs/visits.md: a visit on 31 January makes the next due by 28 February."""
    visits = index([date(2026, 1, 31)])
    obs = derive_obligations([household()], MONTHLY_ROLLING, YEAR, visits=visits)
    assert [(o.start, o.last_day) for o in obs[:3]] == [
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),  # unvisited: due a month on
    ]


def test_a_late_visit_within_grace_closes_the_overdue_window() -> None:
    """With grace, a visit days late closes its window; the next starts after it."""
    policy = compile_policy(
        VisitPolicy(
            "g",
            floor=FrequencyRule(
                "roll",
                anchor=Anchor.LAST_VISIT,
                catch_up=CatchUp.GRACE,
                grace_days=5,
            ),
        )
    )
    visits = index([date(2026, 2, 3)])
    obs = derive_obligations([household()], policy, YEAR, visits=visits)
    assert [(o.start, o.last_day) for o in obs[:2]] == [
        (date(2026, 1, 1), date(2026, 2, 3)),
        (date(2026, 2, 4), date(2026, 3, 3)),
    ]
    (jan, *_) = reports(policy, visits, date(2026, 12, 31))
    assert (jan.total.expected, jan.total.visited) == (0, 0)  # it ended in February


def test_as_of_a_day_the_open_window_runs_to_its_due_day() -> None:
    """Known on 12 March: the window after the 28 February visit is open, due by
    28 March, though a visit on 20 March (not known yet) will close it."""
    visits = index([date(2026, 2, 28), date(2026, 3, 20)])
    obs = derive_obligations(
        [household()], MONTHLY_ROLLING, YEAR, visits=visits, as_of=date(2026, 3, 12)
    )
    march = [o for o in obs if o.start == date(2026, 3, 1)]
    assert [o.last_day for o in march] == [date(2026, 3, 28)]
    known = derive_obligations([household()], MONTHLY_ROLLING, YEAR, visits=visits)
    assert [o.last_day for o in known if o.start == date(2026, 3, 1)] == [
        date(2026, 3, 20)
    ]


# -- the properties ----------------------------------------------------------------

ANCHORS = st.sampled_from(tuple(Anchor))
PERIODS = st.sampled_from((Period.WEEK, Period.MONTH, Period.QUARTER))
DAYS = st.dates(date(2026, 1, 1), date(2026, 12, 31))


@st.composite
def policies(draw: st.DrawFn) -> tuple[object, Anchor]:
    """One floor rule: calendar or rolling, a period, grace or not, kinds."""
    anchor = draw(ANCHORS)
    grace = draw(st.sampled_from((0, 3, 10)))
    rule = FrequencyRule(
        "floor",
        per=draw(PERIODS),
        visits=1 if anchor is Anchor.LAST_VISIT else draw(st.integers(1, 2)),
        anchor=anchor,
        kinds=draw(st.sampled_from(((VisitKind.HOME,), tuple(VisitKind)))),
        catch_up=CatchUp.GRACE if grace else CatchUp.NONE,
        grace_days=grace,
    )
    return compile_policy(VisitPolicy("p", floor=rule)), anchor


@st.composite
def visit_sets(draw: st.DrawFn) -> VisitIndex:
    rows = draw(
        st.lists(st.tuples(DAYS, st.sampled_from(tuple(VisitKind))), max_size=30)
    )
    return VisitIndex.from_days([(H, d, k) for d, k in rows])


def _without(visits: VisitIndex, n: int) -> VisitIndex:
    hv = visits.of(H)
    days = [
        (H, date.fromordinal(d), kind)
        for i, (d, m) in enumerate(zip(hv.days, hv.masks, strict=True))
        if i != n
        for kind in VisitKind
        if m & kind.bit
    ]
    return VisitIndex.from_days(days)


def _until(visits: VisitIndex, day: date, extra: list[date]) -> VisitIndex:
    hv = visits.of(H)
    rows = [
        (H, date.fromordinal(d), kind)
        for d, m in zip(hv.days, hv.masks, strict=True)
        if d <= day.toordinal()
        for kind in VisitKind
        if m & kind.bit
    ]
    rows += [(H, d, VisitKind.HOME) for d in extra if d > day]
    return VisitIndex.from_days(rows)


ARRIVALS = st.none() | st.dates(date(2026, 1, 2), date(2026, 6, 30))
AS_OF = st.dates(date(2026, 1, 1), date(2027, 3, 1))


@given(policies(), visit_sets(), ARRIVALS)
def test_windows_of_one_rule_never_overlap(policy, visits, arrived) -> None:
    """Rolling or calendar, one household's windows are disjoint and ordered."""
    compiled, _ = policy
    obs = derive_obligations([household(arrived)], compiled, YEAR, visits=visits)
    for a, b in itertools.pairwise(obs):
        assert a.end <= b.start


@given(policies(), visit_sets(), ARRIVALS, AS_OF, st.data())
def test_removing_a_visit_never_raises_coverage(
    policy, visits, arrived, as_of, data
) -> None:
    """Remove any one visit: no month's 已访 rises; under a calendar rule no
    month's 走访率 rises or 漏访 falls; under a rolling rule the 走访率 of the
    whole year (all the household's windows) does not rise."""
    compiled, anchor = policy
    n = len(visits.of(H).days)
    if not n:
        return
    gone = _without(visits, data.draw(st.integers(0, n - 1)))
    home = household(arrived)
    before = reports(compiled, visits, as_of, home=home)
    after = reports(compiled, gone, as_of, home=home)
    for old, new in zip(before, after, strict=True):
        assert new.total.visited <= old.total.visited
        if anchor is Anchor.CALENDAR or old.period == YEAR:
            assert old.total.rate is None or new.total.rate <= old.total.rate
        if anchor is Anchor.CALENDAR:
            assert len(new.total.missed) >= len(old.total.missed)


@given(policies(), visit_sets(), ARRIVALS, AS_OF, st.lists(DAYS, max_size=6))
def test_coverage_as_of_a_day_depends_only_on_the_visits_up_to_it(
    policy, visits, arrived, as_of, later
) -> None:
    """Visits after the day (removed, or others added) change nothing as of it."""
    compiled, _ = policy
    home = household(arrived)
    known = _until(visits, as_of, [])
    more = _until(visits, as_of, [d + timedelta(days=1) for d in later])
    expected = reports(compiled, known, as_of, home=home)
    assert reports(compiled, visits, as_of, home=home) == expected
    assert reports(compiled, more, as_of, home=home) == expected
