"""送庄镇: 136 网格员 cover every group; 红榜/黑榜, selections and volunteering work."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from gridgov.domain import CHINA_TZ, Level
from gridgov.points import PointsPosted, PostingKind
from gridgov.roster import check_all, check_coverage

# Load run.py under a unique name: every example folder has a run.py.
_spec = importlib.util.spec_from_file_location(
    "songzhuang_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
run: Any = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # attrs/cattrs resolve annotations through it
_spec.loader.exec_module(run)

DAY = date(2022, 6, 30)


@functools.cache
def year() -> Any:
    return run.simulate()


def _recognised_on(claim: Any) -> date:
    return claim.history[-1].at.astimezone(CHINA_TZ).date()


def test_136_grid_workers_one_for_every_village_group() -> None:
    """按格定岗: 17 villages, 136 village groups, exactly one 网格员 in each."""
    roster = year().roster
    villages = [r for r in roster.regions.values() if r.level is Level.VILLAGE]
    groups = [r for r in roster.regions.values() if r.level is Level.GRID]
    assert len(villages) == 17
    assert len(groups) == len(roster.workers) == 136
    per_group = Counter(
        code for w in roster.workers.values() for code in w.scope.regions
    )
    assert set(per_group) == {g.code for g in groups}
    assert set(per_group.values()) == {1}
    assert {"护庄村", "梁凹村"} <= {v.name for v in villages}


def test_every_household_is_covered() -> None:
    """全覆盖: every household has a responsible 网格员 and the roster checks pass."""
    roster = year().roster
    assert check_coverage(roster, DAY) == ()
    assert check_all(roster, DAY) == ()
    for hid in list(roster.households)[::50]:
        assert len(roster.responsible_for(hid, DAY)) == 1


def test_black_list_names_every_breach_recognised_in_the_quarter() -> None:
    """黑榜: exactly the households with breaches recognised that quarter, counted."""
    y = year()
    village = set(y.village_households("梁凹村"))
    for q, span in enumerate(run.QUARTERS, start=1):
        expected: Counter[str] = Counter()
        for claim in y.desk.claims():
            rule = claim.rule_ids[0]
            if (
                rule in run.BAD
                and claim.account in village
                and span.contains(_recognised_on(claim))
            ):
                expected[claim.account] += 1
        got = {e.account: e.times for e in y.black("梁凹村", q)}
        assert got == dict(expected)
        assert got, f"Q{q} has breaches"


def test_red_list_praises_the_quarter_best_without_breaches() -> None:
    """红榜: the top earners of the quarter, none of them on that quarter's 黑榜."""
    y = year()
    for q, span in enumerate(run.QUARTERS, start=1):
        earned: defaultdict[str, int] = defaultdict(int)
        for e in y.ledger.entries_between(span):
            if isinstance(e, PointsPosted) and e.posting is PostingKind.AWARD:
                earned[e.target] += e.amount
        black = {e.account for e in y.black("梁凹村", q)}
        red = y.red("梁凹村", q)
        assert len(red) >= run.RED_LIST_SIZE
        listed = {p.account for p in red}
        assert not listed & black
        for p in red:
            assert p.score == earned[p.account]
        lowest = min(p.score for p in red)
        others = set(y.village_households("梁凹村")) - listed - black
        assert all(earned[a] <= lowest for a in others)


def test_breaches_are_recorded_not_deducted() -> None:
    """正面激励为主: a breach costs no points; the balance is what was earned."""
    y = year()
    assert y.ledger.policy.no_deduction
    postings = [e for e in y.ledger.events if isinstance(e, PointsPosted)]
    assert all(e.posting is not PostingKind.DEDUCTION for e in postings)
    awards: defaultdict[str, int] = defaultdict(int)
    for e in postings:
        awards[e.target] += e.amount
    for entry in run.black_list(y.ledger, run.THE_YEAR)[:20]:
        assert y.ledger.balance(entry.account) == awards[entry.account]


def test_breaches_fall_as_the_rules_take_hold() -> None:
    """乱倒垃圾、乱停乱放的少了: breaches fall quarter on quarter across the town."""
    y = year()
    per_quarter = [
        sum(len(e.rules) for e in run.black_list(y.ledger, span))
        for span in run.QUARTERS
    ]
    assert per_quarter == sorted(per_quarter, reverse=True)
    assert per_quarter[-1] < per_quarter[0] / 2


def test_nothing_is_recognised_before_three_working_days_of_public_notice() -> None:
    """申报 → 核实 → 公示 → 认定: recognition waits out the 3-working-day notice."""
    y = year()
    cal = y.desk.calendar
    claims = y.desk.claims()
    assert len(claims) > 2000
    for claim in claims[::97]:
        steps = {s.command: s.at.astimezone(CHINA_TZ).date() for s in claim.history}
        assert claim.state == "recognised"
        assert cal.working_days_between(steps["publicise"], steps["recognise"]) >= 3


def test_a_breach_withdraws_the_star_it_offends() -> None:
    """星级文明户 退星: 乱倒垃圾 removes the 卫生星 however many courtyard points."""
    y = year()
    ratings = y.star_ratings("梁凹村")
    courtyard = y.ledger.earnings(run.THE_YEAR, frozenset({"courtyard"}))
    dumped = {
        a for _d, a, rule, _p in y.ledger.conduct(run.THE_YEAR) if rule == "dumping"
    }
    withdrawn = [r for r in ratings.values() if ("hygiene", "dumping") in r.removed]
    assert withdrawn
    for r in withdrawn:
        assert courtyard.get(r.account, 0) >= 20
        assert r.account in dumped
        assert "hygiene" not in r.stars
    kept = [a for a, r in ratings.items() if "hygiene" in r.stars]
    assert kept
    assert all(a not in dumped and courtyard[a] >= 20 for a in kept)


def test_selections_rank_by_their_own_rules() -> None:
    """好婆婆好媳妇 by 孝老爱亲 points, 五美庭院 by courtyard points, above a floor."""
    y = year()
    for sel in y.selections:
        earned = y.ledger.earnings(run.THE_YEAR, frozenset(sel.rules))
        placed = y.selected("梁凹村", sel.id)
        assert placed, sel.label_zh
        best = max(earned.get(a, 0) for a in y.village_households("梁凹村"))
        assert placed[0].score == best
        assert all(p.score >= sel.min_points for p in placed)
        assert all(p.score == earned[p.account] for p in placed)


def test_volunteering_matches_the_article_and_the_monthly_cap() -> None:
    """志愿服务20余次, 5000余人次; volunteer points never exceed 12 a month."""
    y = year()
    assert len(y.activities) > 20
    assert sum(len(a.participants) for a in y.activities) > 5000
    monthly: defaultdict[tuple[str, int], int] = defaultdict(int)
    for e in y.ledger.events:
        if isinstance(e, PointsPosted) and e.rule_id == "volunteer":
            monthly[e.target, e.occurred_at.month] += e.amount
    assert y.capped  # the cap binds: some participations earned less or nothing
    assert all(v <= 12 for v in monthly.values())


def test_report_has_the_article_figures() -> None:
    """The printed report carries the counts the article publishes."""
    text = run.report(year())
    assert "网格员 136 名" in text
    assert "行政村 17 个" in text
    assert "红榜" in text
    assert "黑榜" in text


def test_the_script_prints_what_the_readme_promises(
    capsys: Any, english_leaks: Any
) -> None:
    """136 网格员, quarterly 红榜/黑榜 by name, 星级文明户 with Chinese star names."""
    run.main()
    text = capsys.readouterr().out
    assert "网格员 136 名" in text
    for q in ("一", "二", "三", "四"):
        assert f"梁凹村 2022 年第{q}季度" in text
    assert text.count("红榜（表彰）：梁凹村") == 4
    assert text.count("黑榜（通报）：梁凹村") == 4
    assert "星级文明户：" in text
    for star in ("卫生星", "孝老星", "和睦星", "新风星", "志愿星"):
        assert star in text
    assert "退星：卫生星" in text
    assert "参与志愿者 5088 人次" in text
    assert "SZ" not in text
    assert english_leaks(text) == []
