"""金庄村: the article's 一访 and 一党员, checked on a simulated half year."""

from __future__ import annotations

import functools
import importlib.util
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridgov.domain import AttentionLevel, HouseholdId, Level
from gridgov.domain.periods import Period
from gridgov.roster import check_spans
from gridgov.visits import VisitStatus, status

SIX = {
    "empty_nest_elderly": "空巢老人",
    "left_behind_child": "留守儿童",
    "disabled": "残疾人",
    "entitled_group": "优抚对象",
    "floating_population": "流动人口",
    "difficult_family": "困难居民",
}
GRIDS = [f"32048110521000{i}" for i in (1, 2, 3, 4)]

# Load run.py under a unique name: every example folder has a run.py.
_spec = importlib.util.spec_from_file_location(
    "jinzhuang_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
run: Any = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # attrs/cattrs resolve annotations through it
_spec.loader.exec_module(run)


@functools.cache
def sim() -> run.Simulation:
    return run.simulate()


def test_four_grids_and_every_household_in_exactly_one():
    """一格: four grids, and on any day every household is in exactly one of them."""
    roster = sim().roster
    grids = [r for r in roster.regions.values() if r.level is Level.GRID]
    assert sorted(g.code for g in grids) == GRIDS
    day = date(2026, 3, 20)
    counts = [len(roster.households_in(g, day)) for g in GRIDS]
    assert sum(counts) == len(roster.households)


def test_the_six_must_visit_categories_have_their_own_stricter_rules():
    """一访: each of the six categories has a rule stricter than the floor."""
    policy = sim().policy
    for tag, zh in SIX.items():
        rule = policy.rule_for([(tag, AttentionLevel.NORMAL)])
        assert rule is not None
        assert rule.id != "ordinary", zh
    severe = policy.rule_for([("empty_nest_elderly", AttentionLevel.SEVERE)])
    assert severe is not None
    assert severe.per is Period.WEEK


def test_every_household_has_an_obligation_every_month():
    """每月走访覆盖一遍普通居民家庭: every household is due every month (不漏一户)."""
    s = sim()
    plain = {h.id for h in s.roster.households.values() if not h.tags}
    assert plain
    for n in range(1, 7):
        month = s.month(n)
        due = [o for o in s.obligations if month.contains(o.last_day) and not o.exempt]
        assert {o.household for o in due} == set(s.roster.households), n
        monthly = {o.household for o in due if o.rule == "ordinary"}
        assert plain <= monthly


def test_a_normal_month_is_fully_covered_in_every_grid():
    """January: the planner's lists, done, give 走访率 100% in all four grids."""
    report = sim().by_grid(1)
    assert list(report.rows) == GRIDS
    for row in report.rows.values():
        assert row.expected > 0
        assert row.visited == row.expected
    assert report.total.missed == ()


def test_must_visit_categories_are_covered_at_their_frequencies():
    """In May every must-visit rule reaches 100%; weekly rules have 4+ windows."""
    s = sim()
    report = s.by_rule(5)
    for row in report.rows.values():
        assert row.rate == 1
    weekly = [
        o
        for o in s.obligations
        if o.rule == "empty_nest_high_risk" and s.month(5).contains(o.last_day)
    ]
    households = {o.household for o in weekly}
    assert households
    assert len(weekly) >= 4 * len(households)


def test_the_sick_week_is_listed_household_by_household_with_reasons():
    """March: the 南塘 worker's sick days leave households missed, with reasons."""
    report = sim().by_grid(3)
    namtang = report.rows[GRIDS[2]]
    assert namtang.visited < namtang.expected
    assert namtang.expected == namtang.visited + len(namtang.missed)
    assert all(m.household.startswith("JZ3") for m in report.total.missed)
    assert {m.reason_zh for m in namtang.missed} <= {"未走访", "走访方式不符"}
    for other in (GRIDS[0], GRIDS[1], GRIDS[3]):
        assert report.rows[other].rate == 1


def test_the_spring_festival_week_is_unplanned_and_then_missed():
    """February: the 春节 week has no working day; planner and report both say so."""
    s = sim()
    missed = s.by_grid(2).total.missed
    assert missed
    assert {m.obligation for m in missed} <= set(s.unplanned)
    assert all(m.obligation.start == date(2026, 2, 16) for m in missed)


def test_the_household_that_moved_counts_once_in_its_new_grid():
    """JZ1005 moved 金庄 → 东庄 on 15 March: one March obligation, in 东庄."""
    report = sim().by_grid(3)
    mover = HouseholdId(run.MOVER)
    rows = [
        code
        for code, row in report.rows.items()
        if any(m.household == mover for m in row.missed)
    ]
    assert rows == []
    march = [
        o
        for o in sim().obligations
        if o.household == mover and sim().month(3).contains(o.last_day)
    ]
    assert [o.region for o in march] == [GRIDS[1]]
    assert status(march[0], sim().index, run.HALF_YEAR.end) is VisitStatus.SATISFIED


def test_the_hospital_stay_trigger_is_met_within_a_day():
    """JZ4007 went to hospital on 10 April 16:30; it was contacted by 11 April."""
    trig = [o for o in sim().obligations if o.rule == "trigger:hospital_stay"]
    assert [(o.household, o.start, o.last_day) for o in trig] == [
        (HouseholdId(run.PATIENT), date(2026, 4, 10), date(2026, 4, 11))
    ]
    assert status(trig[0], sim().index, date(2026, 4, 12)) is VisitStatus.SATISFIED


def test_central_households_link_5_to_15_and_reach_them_monthly():
    """一党员: 党员中心户 link 5–15 households and reach all but the planted lapse."""
    s = sim()
    assert not [f for f in check_spans(s.roster, date(2026, 5, 1)) if "party" in f.code]
    for central in s.roster.central_households.values():
        assert 5 <= len(central.links) <= 15
    for n in range(1, 7):
        for row in s.party(n):
            if (row.central, n) == (run.LAPSED_CENTRAL, run.LAPSED_MONTH):
                assert len(row.uncontacted) == 2
            else:
                assert row.rate == 1, (row.central, n)


def test_the_script_prints_what_the_readme_promises(
    capsys: pytest.CaptureFixture[str], english_leaks: Any
) -> None:
    """4 grids, 三个一, the six must-visit categories, misses, a patrol: in Chinese."""
    run.main()
    out = capsys.readouterr().out
    assert "三个一工作法" in out
    assert (
        "一格：全村划为 4 个网格（金庄网格、东庄网格、南塘网格、安置小区网格）" in out
    )
    for zh in SIX.values():
        assert zh in out
    assert "一党员：党员中心户 21 户" in out
    assert "走访率" in out
    assert "漏访 南塘" in out  # the sick week, by address and masked name
    assert "发现飞线充电，转为事项办理（安全隐患）" in out
    assert "PatrolRecorded" not in out
    assert "JZ" not in out
    assert english_leaks(out) == []
