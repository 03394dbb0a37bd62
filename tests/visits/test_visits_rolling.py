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
    """Two visits in March made two windows that both ended in April (2 应访):
    now each month owes one visit, April's due by 20 April."""
    visits = index([date(2026, 3, 5), date(2026, 3, 20)])
    obs = derive_obligations([household()], MONTHLY_ROLLING, YEAR, visits=visits)
    april = [o for o in obs if MONTHS[3].contains(o.last_day)]
    assert [(o.start, o.last_day, o.due_by) for o in april] == [
        (date(2026, 4, 1), date(2026, 4, 30), date(2026, 4, 20))
    ]
    assert len(obs) == 12
    for a, b in itertools.pairwise(obs):
        assert a.end <= b.start


def test_removing_a_january_visit_does_not_raise_marchs_coverage() -> None:
    """With visits on 12 January and 20 March, removing the January one raised
    March's 走访率 from 50 % to 100 % (a missed window moved into February).
    Now March owes one visit either way, overdue from 1 March: missed both times."""
    kept = [date(2026, 1, 12), date(2026, 3, 20)]
    end = date(2027, 1, 1)
    before = reports(MONTHLY_ROLLING, kept, end)
    after = reports(MONTHLY_ROLLING, kept[1:], end)
    rows = [(r.total.visited, r.total.expected) for r in before[:3]]
    assert rows == [(1, 1), (0, 1), (0, 1)]
    assert [(r.total.visited, r.total.expected) for r in after[:3]] == [
        (0, 1),
        (0, 1),
        (0, 1),
    ]
    year = (before[-1].total, after[-1].total)
    assert [(r.visited, r.expected) for r in year] == [(1, 12), (0, 12)]


def test_a_visit_makes_the_next_due_one_period_later() -> None:
    """docs/visits.md: a visit on 20 January makes February's due by 20 February;
    a visit on 31 January leaves February's due by its last day."""
    late = derive_obligations(
        [household()], MONTHLY_ROLLING, YEAR, visits=index([date(2026, 1, 31)])
    )
    assert late[1].due_by is None  # 31 January + a month = 28 February
    mid = derive_obligations(
        [household()], MONTHLY_ROLLING, YEAR, visits=index([date(2026, 1, 20)])
    )
    assert [o.due_by for o in mid[:3]] == [
        None,
        date(2026, 2, 20),
        date(2026, 3, 1),  # unvisited in February: overdue when March opens
    ]
    assert mid[1].deadline == date(2026, 2, 20)


def test_a_late_visit_within_grace_still_counts() -> None:
    """With 5 days' grace, February's visit due by 3 February may come by 8
    February; a March visit within grace of a due day before March counts too."""
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
    visits = index([date(2026, 1, 3), date(2026, 2, 7), date(2026, 3, 2)])
    obs = derive_obligations([household()], policy, YEAR, visits=visits)
    assert [(o.due_by, o.deadline) for o in obs[:3]] == [
        (None, date(2026, 2, 5)),
        (date(2026, 2, 3), date(2026, 2, 8)),
        (date(2026, 3, 7), date(2026, 3, 12)),
    ]
    jan, feb, mar, *_ = reports(policy, visits, date(2026, 12, 31))
    assert [m.total.visited for m in (jan, feb, mar)] == [1, 1, 1]


def test_a_whole_period_unvisited_leaves_the_next_due_on_its_first_day() -> None:
    """Overdue since before the window opened: due on its first day; a visit on
    the 2nd is late (missed), and the month after is judged from that visit."""
    visits = index([date(2026, 1, 10), date(2026, 3, 2)])
    jan, feb, mar, apr, *_ = reports(MONTHLY_ROLLING, visits, date(2026, 12, 31))
    assert [m.total.visited for m in (jan, feb, mar, apr)] == [1, 0, 0, 0]
    obs = derive_obligations([household()], MONTHLY_ROLLING, YEAR, visits=visits)
    assert obs[3].due_by == date(2026, 4, 2)


def test_as_of_a_day_the_due_day_is_what_was_known_then() -> None:
    """Known on 12 March, the 28 February visit makes March's due by 28 March;
    the 20 March visit (not known yet) changes nothing in March's window."""
    visits = index([date(2026, 2, 28), date(2026, 3, 20)])
    obs = derive_obligations(
        [household()], MONTHLY_ROLLING, YEAR, visits=visits, as_of=date(2026, 3, 12)
    )
    march = [o for o in obs if o.start == date(2026, 3, 1)]
    assert [o.due_by for o in march] == [date(2026, 3, 28)]
    mar = reports(MONTHLY_ROLLING, visits, date(2026, 3, 12))[2]
    assert (mar.total.visited, mar.total.pending) == (0, 1)


def test_since_starts_the_look_earlier() -> None:
    """A March report alone counts the household as visited on 28 February
    (the look starts with March); looking from January, the 10 January visit
    makes March overdue from its first day."""
    visits = index([date(2026, 1, 10), date(2026, 3, 20)])
    march = Window(date(2026, 3, 1), date(2026, 4, 1))
    alone = derive_obligations([household()], MONTHLY_ROLLING, march, visits=visits)
    assert [o.due_by for o in alone] == [None]
    longer = derive_obligations(
        [household()], MONTHLY_ROLLING, march, visits=visits, since=date(2026, 1, 1)
    )
    assert [(o.start, o.due_by) for o in longer] == [
        (date(2026, 3, 1), date(2026, 3, 1))
    ]


def test_an_arrival_starts_the_clock() -> None:
    """A household that moves in on 15 February owes its first visit within a
    month of arriving (by 14 March), whatever the look."""
    home = household(date(2026, 2, 15))
    obs = derive_obligations(
        [home], MONTHLY_ROLLING, YEAR, visits=index([]), since=date(2025, 1, 1)
    )
    assert [(o.start, o.due_by) for o in obs[:2]] == [
        (date(2026, 2, 15), None),
        (date(2026, 3, 1), date(2026, 3, 14)),
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
    """Remove any one visit: under calendar and rolling rules alike, no month's
    (and not the year's) 应访 changes, 已访 or 走访率 rises, or 漏访 falls."""
    compiled, _ = policy
    n = len(visits.of(H).days)
    if not n:
        return
    gone = _without(visits, data.draw(st.integers(0, n - 1)))
    home = household(arrived)
    before = reports(compiled, visits, as_of, home=home)
    after = reports(compiled, gone, as_of, home=home)
    for old, new in zip(before, after, strict=True):
        assert new.total.expected == old.total.expected
        assert new.total.visited <= old.total.visited
        assert old.total.rate is None or new.total.rate <= old.total.rate
        assert len(new.total.missed) >= len(old.total.missed)


@given(policies(), visit_sets(), ARRIVALS)
def test_one_obligation_per_period_of_the_rule(policy, visits, arrived) -> None:
    """Rolling or calendar, a household owes one window per period of its rule
    (the periods it is present in), whatever its visits."""
    compiled, _ = policy
    home = household(arrived)
    with_visits = derive_obligations([home], compiled, YEAR, visits=visits)
    without = derive_obligations([home], compiled, YEAR, visits=index([]))
    assert [(o.start, o.end) for o in with_visits] == [
        (o.start, o.end) for o in without
    ]
    for o in with_visits:
        assert o.due_by is None or o.start <= o.due_by < o.end


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
