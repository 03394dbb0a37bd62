"""
孟封镇: micro-grids, 五事, 四议两公开, 首问负责, 限时办结, 123 disputes, 839
registered volunteers, the visits, and the points month with the 积分超市.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from gridgov.cases import HandlingMode, deadline_status
from gridgov.cases.deadlines import Outcome
from gridgov.domain import Level
from gridgov.points import SUPERMARKET, OrderStatus, PostingKind
from gridgov.points import Outcome as RuleResult
from gridgov.roster import check_all, check_coverage

_spec = importlib.util.spec_from_file_location(
    "mengfeng_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
run: Any = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # attrs/cattrs resolve annotations through it
_spec.loader.exec_module(run)

DAY = date(2023, 6, 30)


@functools.cache
def town() -> Any:
    return run.simulate()


def test_twenty_villages_162_micro_grids_42_workers_full_coverage() -> None:
    """划细划小党建微网格: 20 villages, 162 micro-grids, 42 网格员, 全面覆盖."""
    roster = town().roster
    levels = Counter(r.level for r in roster.regions.values())
    assert levels[Level.VILLAGE] == 20
    assert levels[Level.MICRO_GRID] == 162
    assert len(roster.workers) == 42
    covered = Counter(code for w in roster.workers.values() for code in w.scope.regions)
    micro = {r.code for r in roster.regions.values() if r.level is Level.MICRO_GRID}
    assert set(covered) == micro
    assert set(covered.values()) == {1}
    assert check_coverage(roster, DAY) == ()
    assert check_all(roster, DAY) == ()


def test_123_disputes_all_resolved() -> None:
    """排查化解矛盾纠纷123起, 化解率达100%."""
    m = town().dispute_metrics()
    assert m.received == 123
    assert (m.resolution.numerator, m.resolution.denominator) == (123, 123)
    assert m.resolution.percent == "100.0%"
    assert all(c.state == "resolved" for c in town().disputes.values())


def test_small_matters_stay_in_the_village() -> None:
    """小事不出村: most disputes are settled in the village; the rest by the town."""
    m = town().dispute_metrics()
    village = m.resolved_at_level[Level.VILLAGE].numerator
    up = m.resolved_at_level[Level.TOWN].numerator
    assert (village, up) == (123 - run.TO_TOWN, run.TO_TOWN)
    for case in town().disputes.values():
        if case.level is Level.TOWN:
            assert case.escalations == 1
            assert case.accountable == "孟封镇矛盾纠纷调处中心"


def test_disputes_are_journaled_and_replay_into_the_same_cases() -> None:
    """The Workspace journal verifies, and replaying it gives the same disputes."""
    ws = town().workspace
    assert ws.verify().ok
    again = ws.reopen()
    assert {c.id: c for c in again.cases()} == dict(town().disputes)


def test_the_towns_published_report_carries_the_disputes_figures() -> None:
    """The Workspace's 2023 report publishes 123 disputes, all resolved (化解率100%)."""
    report = town().workspace.report("2023")
    d = report.disputes
    assert (d.received, d.resolved, d.referred) == (123, 123, 0)
    assert "| 化解率 | 100.0% (123/123) |" in report.to_markdown()


def test_disputes_survive_a_sqlite_store(tmp_path: Path) -> None:
    """Recorded in a SQLite file, the disputes come back when the file is reopened."""
    config = run.WorkspaceConfig(roster=town().roster, calendar=run.CALENDAR)
    db = tmp_path / "mengfeng.db"
    with run.Workspace.open(db, config) as ws:
        cases = run.record_disputes(ws)
    with run.Workspace.open(db, config) as back:
        assert {c.id: c for c in back.cases()} == cases
        m = run.case_metrics(back.cases(), start=run.START, end=run.END)
        assert m.resolution.percent == "100.0%"


def test_legal_service_point_settles_its_thirty_odd_cases() -> None:
    """清阳法治服务点: 30余例 工程施工, 交通事故, 家庭矛盾 disputes settled."""
    cases = [c for c in town().disputes.values() if c.first_receiver == run.LEGAL_POINT]
    assert 30 < len(cases) < 40
    assert {c.category for c in cases} == set(run.LEGAL_CATEGORIES)
    assert all(c.state == "resolved" for c in cases)


def test_breached_agreements_are_mediated_again_not_closed() -> None:
    """An agreement not performed at the follow-up visit goes back to mediation."""
    reworked = [c for c in town().disputes.values() if c.reworks]
    assert reworked
    for case in reworked:
        commands = list(town().commands[case.id])
        assert commands.index("breach") < len(commands) - 1
        assert commands.count("agree") == 2
        assert case.state == "resolved"


def test_first_receiver_answers_until_the_transfer_is_accepted() -> None:
    """首问负责制: a misrouted request stays the first window's until accepted."""
    t = town()
    assert t.pending_snapshots
    for cid, pending in t.pending_snapshots.items():
        assert pending.pending is not None
        assert pending.accountable == run.CONSULTATION_DESK
        assert pending.unit == run.CONSULTATION_DESK
        final = t.desk[cid]
        assert final.first_receiver == run.CONSULTATION_DESK
        assert final.accountable == run.LICENCE_WINDOW
        assert final.state == "done"


def test_time_limits_by_category_and_the_late_ones_are_named() -> None:
    """限时办结制: the engine's on-time verdict matches the working-day count."""
    t = town()
    assert len(t.late) == run.LATE
    for cid, case in t.desk.items():
        late = case.resolution_outcome is Outcome.LATE
        assert late == (cid in t.late), cid
    licences = t.desk_metrics("business_licence")
    assert licences.received == 864
    assert licences.on_time.numerator == 864 - run.LATE
    assert t.desk_metrics("consultation").on_time.percent == "100.0%"
    assert t.desk_metrics().completion.percent == "100.0%"


def test_article_service_counts_and_handling_modes() -> None:
    """咨询463人次, 营业执照864户, 备案证100个; 马上办/代着办/领着办/上门办 all used."""
    t = town()
    counts = Counter(c.category for c in t.desk.values())
    assert counts == {
        "consultation": 463,
        "business_licence": 864,
        "food_shop_filing": 100,
    }
    modes = Counter(c.handling_mode for c in t.desk.values())
    assert set(modes) == set(HandlingMode)
    assert modes[HandlingMode.IMMEDIATE] == 463


def test_deadline_status_is_computed_not_stored() -> None:
    """A concluded request has no running clock; its verdict is frozen."""
    case = next(iter(town().desk.values()))
    assert deadline_status(case, run.END) is None or case.is_concluded
    assert case.resolution_outcome is Outcome.ON_TIME


def test_five_matters_in_order_and_a_redo_after_review() -> None:
    """五事工作法: 说事 → 议事 → 办事 → 评事 → 晒事; 评事 can send the work back."""
    matters = town().five_matters
    assert len(matters) == 20
    assert all(c.state == "published" for c in matters.values())
    flow = run.builtin_workflow("five_matters").flow
    first = next(iter(matters))
    path = ("raised", "deliberating", "doing", "reviewing", "publishing")
    assert [flow.label(s) for s in path] == ["说事", "议事", "办事", "评事", "晒事"]
    assert town().commands[first] == (
        "take_up",
        "decide",
        "finish",
        "approve",
        "publish",
    )
    redone = [c for c in matters.values() if c.reworks]
    assert len(redone) == 1
    assert town().commands[redone[0].id].count("finish") == 2


def test_four_deliberations_guards_refuse_and_explain() -> None:
    """四议两公开: an inquorate 党员大会 and a failed vote are refused, with reasons."""
    t = town()
    assert len(t.refusals) == 2
    assert all(r.reason == "guard" for r in t.refusals)
    d = t.deliberations
    assert d["SY1"].state == "results_published"
    assert d["SY2"].state == "results_published"  # re-held with a quorum
    assert d["SY3"].state == "rejected"
    assert town().commands["SY1"] == (
        "consult",
        "review",
        "resolve",
        "publish_resolution",
        "implement",
        "publish_results",
    )


def test_report_carries_the_article_figures() -> None:
    """The printed report has the figures of the article."""
    text = run.report(town())
    for figure in (
        "微网格 162 个",
        "网格员 42 名",
        "123 起",
        "化解率 100.0%",
        "463 件",
    ):
        assert figure in text


# -- 志愿服务 and 走访, through the Workspace ---------------------------------------


def test_839_registered_volunteers_in_twenty_odd_teams() -> None:
    """成立志愿服务队伍20余支, 注册志愿者839人, 开展志愿服务60余次: from the roster."""
    v = town().workspace.report("2023").volunteers
    assert 20 < v.teams < 30
    assert v.registered == 839
    assert 60 < v.activities < 70
    assert v.hours > 0


def test_visits_are_recorded_and_counted_by_the_report() -> None:
    """走访人次 comes from recorded visits; every obligation of the year is met."""
    visits = town().workspace.report("2023").visits
    assert visits.visits > len(town().roster.households)
    assert visits.households_visited == len(town().roster.households)
    assert visits.coverage.percent == "100.0%"


# -- 积分, 星级文明户 and the 积分超市 (November) -----------------------------------

YF = ("MF02101", "MF02102", "MF02103", "MF02104")  # 杨房村
MF = ("MF01101", "MF01102", "MF01103", "MF01104")  # 孟封村


def _by(values: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(YF + MF, values, strict=True))


def test_month_balances_with_base_score() -> None:
    """30 November: base 100 plus earnings; deductions take earned points first."""
    assert town().points.balances_nov30 == _by(
        (
            (129, 29),
            (132, 32),
            (85, 0),  # +5 courtyard, then -20 gambling (5 earned + 15 of base)
            (109, 9),
            (130, 30),
            (72, 0),  # +2, then -30 for a high bride price
            (123, 23),  # volunteering capped at 20 per month; -5 littering
            (125, 25),
        )
    )


def test_tiers_and_caps() -> None:
    """最美庭院 supersedes 庭院整洁; 24 volunteering points are capped at 20."""
    desk = town().points.desk
    courtyard = desk.claim("MF-2023-11-02").decision
    assert courtyard.outcome("courtyard_beautiful").outcome is RuleResult.MATCHED
    assert courtyard.outcome("courtyard_clean").outcome is RuleResult.SUPERSEDED
    capped = desk.claim("MF-2023-11-18").decision.outcome("volunteer")
    assert (capped.outcome, capped.points, capped.nominal) == (
        RuleResult.CAPPED,
        20,
        24,
    )


def test_star_ratings_with_star_removal() -> None:
    """星级文明户: one household has four stars; gambling removes 遵纪守法星 (退星)."""
    stars = town().points.stars
    assert {h: r.count for h, r in stars.items()} == _by((3, 3, 1, 1, 4, 1, 2, 3))
    assert stars["MF02103"].removed == (("law", "gambling"),)


def test_supermarket_holds_what_was_spent() -> None:
    """The supermarket holds 65 points (65 yuan); stock shows the cancel and return."""
    month = town().points
    assert month.ledger.balance(SUPERMARKET) == 65
    statuses = {o.id: o.status for o in month.shop.orders()}
    assert statuses == {
        "O2": OrderStatus.FULFILLED,
        "O3": OrderStatus.RETURNED,
        "O4": OrderStatus.CANCELLED,
        "O5": OrderStatus.FULFILLED,
        "O6": OrderStatus.FULFILLED,
    }
    assert month.refused == {"O1": (50, 29)}
    stock = {i.sku: i.stock for i in month.shop.catalogue()}
    assert stock == {"soap": 45, "towel": 30, "detergent": 18, "oil": 10, "rice": 5}


def test_year_end_clearing_keeps_base_only() -> None:
    """年底清零: earned points expire on 1 January; base scores stay."""
    month = town().points
    assert month.balances_after_clearing == _by((100, 100, 85, 100, 100, 72, 100, 100))
    kinds = [line.kind for line in month.ledger.statement("MF02102")]
    assert kinds[-1] is PostingKind.EXPIRY
    month.ledger.verify()


def test_the_script_prints_what_the_readme_promises(
    capsys: Any, english_leaks: Any
) -> None:
    """五事, 四议两公开, 839 volunteers, 走访人次, a supermarket order, in Chinese."""
    run.main()
    text = capsys.readouterr().out
    for line in (
        "五事工作法: 20 件说事",
        "四议两公开: 3 件",
        "积分超市：",
        "第 2 单 杨房村1组1号",
        "已兑换",
        "未成交，可兑换积分不足（需 50 分，可兑换 29 分）",
        "退遵纪守法星（参与赌博）",
    ):
        assert line in text
    # the report's labels may carry their unit: 注册志愿者（人） 839
    assert re.search(r"注册志愿者\S* 839\n", text)
    visits = re.search(r"走访\S*人次\S* (\d+)\n", text)
    assert visits is not None
    assert int(visits.group(1)) > 0
    assert "MF0" not in text
    assert english_leaks(text) == []
