"""Obligations: strictest rule, moves, partial periods, triggers, rolling anchors."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from hypothesis import given
from visits_strategies import COMPILED, GRIDS, YEAR, households, visit

from gridgov.domain import (
    CHINA_TZ,
    AttentionLevel,
    DateSpan,
    Household,
    HouseholdId,
    Placement,
    TagAssignment,
)
from gridgov.domain.periods import Period
from gridgov.visits import (
    Anchor,
    Exemption,
    FrequencyRule,
    HouseholdChangeNoted,
    TriggerKind,
    VisitIndex,
    VisitKind,
    VisitPolicy,
    Window,
    compile_policy,
    derive_obligations,
)

MARCH = Window(date(2026, 3, 1), date(2026, 4, 1))


def home(hid: str = "H1", *placements: Placement, tags=()) -> Household:
    return Household(
        HouseholdId(hid),
        "1号",
        placements=placements or (Placement(GRIDS[0]),),
        tags=tuple(tags),
    )


def test_an_ordinary_household_has_one_monthly_obligation_per_month():
    """The floor gives 12 monthly obligations a year, one visit each, any kind."""
    obs = derive_obligations([home()], COMPILED, YEAR)
    assert [o.start.month for o in obs] == list(range(1, 13))
    assert {(o.rule, o.required) for o in obs} == {("ordinary", 1)}


def test_the_strictest_rule_wins_and_attention_selects_the_severe_rule():
    """A severe 残疾人 household gets 2 home visits a week, not 2 a month."""
    tag = TagAssignment("disabled", AttentionLevel.SEVERE)
    obs = derive_obligations([home(tags=[tag])], COMPILED, MARCH)
    assert {o.rule for o in obs} == {"severe"}
    assert all(o.required == 2 and o.mask == VisitKind.HOME.bit for o in obs)


def test_a_tag_starting_mid_month_cuts_the_monthly_window_and_starts_weekly_ones():
    """空巢 from 10 March: floor window 1–9 March is exempt (< half), then weekly."""
    tag = TagAssignment("empty_nest_elderly", span=DateSpan(date(2026, 3, 10)))
    obs = [
        o
        for o in derive_obligations([home(tags=[tag])], COMPILED, MARCH)
        if o.rule != "trigger:new_tag"
    ]
    floor = [o for o in obs if o.rule == "ordinary"]
    assert len(floor) == 1
    assert floor[0].end == date(2026, 3, 10)
    assert floor[0].exempt.startswith("partial period: 9 of 31 days")
    weekly = [o for o in obs if o.rule == "elderly"]
    assert weekly[0].start == date(2026, 3, 10)
    assert all(o.required == 1 for o in weekly)


def test_a_new_tag_fires_a_24_hour_trigger():
    """A new tag on 10 March needs a home visit by 11 March."""
    tag = TagAssignment("empty_nest_elderly", span=DateSpan(date(2026, 3, 10)))
    obs = derive_obligations([home(tags=[tag])], COMPILED, MARCH)
    trig = [o for o in obs if o.rule == "trigger:new_tag"]
    assert [(o.start, o.last_day) for o in trig] == [
        (date(2026, 3, 10), date(2026, 3, 11))
    ]


def test_a_trigger_stops_on_the_last_day_of_a_household_that_leaves():
    """Tagged on 10 March, gone from 11 March: the visit is owed on the 10th only."""
    tag = TagAssignment("empty_nest_elderly", span=DateSpan(date(2026, 3, 10)))
    leaving = Placement(GRIDS[0], DateSpan(None, date(2026, 3, 11)))
    obs = derive_obligations([home("H1", leaving, tags=[tag])], COMPILED, MARCH)
    trig = [o for o in obs if o.rule == "trigger:new_tag"]
    assert [(o.start, o.last_day, o.region) for o in trig] == [
        (date(2026, 3, 10), date(2026, 3, 10), GRIDS[0])
    ]


def test_a_trigger_follows_a_household_that_moves_grid_inside_the_window():
    """Tagged on 10 March, moved to another grid on the 11th: owed there."""
    tag = TagAssignment("empty_nest_elderly", span=DateSpan(date(2026, 3, 10)))
    moves = (
        Placement(GRIDS[0], DateSpan(None, date(2026, 3, 11))),
        Placement(GRIDS[1], DateSpan(date(2026, 3, 11))),
    )
    obs = derive_obligations([home("H1", *moves, tags=[tag])], COMPILED, MARCH)
    trig = [o for o in obs if o.rule == "trigger:new_tag"]
    assert [(o.last_day, o.region) for o in trig] == [(date(2026, 3, 11), GRIDS[1])]


def test_a_case_noted_fires_a_trigger_attributed_to_the_households_grid():
    """A HouseholdChangeNoted(case) at 15:00 needs a visit by the next day."""
    change = HouseholdChangeNoted(
        stream="visits:H1",
        key="case-1",
        occurred_at=datetime(2026, 3, 5, 15, tzinfo=CHINA_TZ),
        household=HouseholdId("H1"),
        change=TriggerKind.CASE,
    )
    obs = derive_obligations([home()], COMPILED, MARCH, changes=[change])
    trig = [o for o in obs if o.rule == "trigger:case"]
    assert [(o.start, o.last_day, o.region) for o in trig] == [
        (date(2026, 3, 5), date(2026, 3, 6), GRIDS[0])
    ]


def test_moving_between_grids_keeps_one_obligation_in_the_new_grid():
    """A move on 15 March is one March obligation, attributed to the new grid."""
    hh = home(
        "H1",
        Placement(GRIDS[0], DateSpan(None, date(2026, 3, 15))),
        Placement(GRIDS[1], DateSpan(date(2026, 3, 15))),
    )
    obs = derive_obligations([hh], COMPILED, MARCH)
    assert [(o.start, o.end, o.region, o.exempt) for o in obs] == [
        (date(2026, 3, 1), date(2026, 4, 1), GRIDS[1], "")
    ]


def test_moving_in_late_is_exempt_and_moving_in_early_is_prorated():
    """Arriving on the 25th exempts March; arriving on the 10th keeps it."""
    late = home("H1", Placement(GRIDS[0], DateSpan(date(2026, 3, 25))))
    early = home("H2", Placement(GRIDS[0], DateSpan(date(2026, 3, 10))))
    obs = {o.household: o for o in derive_obligations([late, early], COMPILED, MARCH)}
    assert obs[HouseholdId("H1")].exempt
    assert obs[HouseholdId("H2")].start == date(2026, 3, 10)
    assert obs[HouseholdId("H2")].required == 1
    assert not obs[HouseholdId("H2")].exempt


def test_an_exemption_covering_a_window_waives_it():
    """A household away all of March (外出务工) is exempt in March only."""
    ex = Exemption(
        HouseholdId("H1"), DateSpan(date(2026, 3, 1), date(2026, 4, 1)), "外出务工"
    )
    obs = derive_obligations(
        [home()], COMPILED, Window(date(2026, 3, 1), date(2026, 5, 1)), exemptions=[ex]
    )
    assert [o.exempt for o in obs] == ["外出务工", ""]


def test_rolling_rules_start_again_from_each_visit():
    """Monthly from the last visit: a visit on 10 Jan makes February's visit due
    by 10 Feb; with no February visit, March's is overdue from its first day.
    Each month owes one visit (issue 12: windows overlapped, then a chain of
    windows moved between months as visits came and went)."""
    policy = compile_policy(
        VisitPolicy(
            "r", floor=FrequencyRule("roll", anchor=Anchor.LAST_VISIT, per=Period.MONTH)
        )
    )
    idx = VisitIndex.from_visits([visit("H1", date(2026, 1, 10))])
    obs = derive_obligations(
        [home()], policy, Window(date(2026, 1, 1), date(2026, 4, 1)), visits=idx
    )
    assert [(o.start, o.last_day, o.due_by) for o in obs] == [
        (date(2026, 1, 1), date(2026, 1, 31), None),
        (date(2026, 2, 1), date(2026, 2, 28), date(2026, 2, 10)),
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 1)),
    ]


@given(households())
def test_obligations_lie_inside_the_households_presence_and_end_in_the_horizon(hhs):
    """Every window lies inside the household's placements and ends in the horizon."""
    by_id = {h.id: h for h in hhs}
    for ob in derive_obligations(hhs, COMPILED, YEAR):
        hh = by_id[ob.household]
        assert YEAR.contains(ob.last_day)
        assert hh.region_on(ob.start) is not None
        assert hh.region_on(ob.last_day) == ob.region
        assert ob.required >= 0
        assert ob.required >= 1 or ob.exempt


@given(households())
def test_calendar_obligations_of_one_rule_never_overlap(hhs):
    """For one household and rule, calendar windows are disjoint."""
    seen: dict[tuple[str, str], list[tuple[date, date]]] = {}
    for ob in derive_obligations(hhs, COMPILED, YEAR):
        if not ob.rule.startswith("trigger:"):
            seen.setdefault((ob.household, ob.rule), []).append((ob.start, ob.end))
    for spans in seen.values():
        spans.sort()
        for (_, a_end), (b_start, _) in itertools.pairwise(spans):
            assert a_end <= b_start
