"""孟封镇: micro-grids, 五事, 四议两公开, 首问负责, 限时办结 and 123 disputes."""

from __future__ import annotations

import functools
import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from gridgov.cases import HandlingMode, deadline_status
from gridgov.cases.deadlines import Outcome
from gridgov.domain import Level
from gridgov.roster import check_all, check_coverage

_spec = importlib.util.spec_from_file_location(
    "mengfeng_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
run: Any = importlib.util.module_from_spec(_spec)
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
