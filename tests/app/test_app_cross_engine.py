"""Cross-engine use cases: findings open cases, escalations add visits, points."""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal

import pytest

from gridgov.app import ActivityKind, ClaimState, Workspace, WorkspaceConfig
from gridgov.cases import CaseSource, Conclusion
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import TransitionRefusedError, UnknownEntityError
from gridgov.flow import Actor
from gridgov.reports import volunteer_figures
from gridgov.visits import PatrolFinding, TriggerKind, Window

GRID1 = "410381003002001"
MEDIATOR = Actor("W06", frozenset({"mediator", "grid_worker"}))
CITY = Actor("W01", frozenset({"operator", "dispatcher", "handler", "supervisor"}))
PANEL = Actor("评议小组", frozenset({"committee"}))


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A time in November 2026, China time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=CHINA_TZ)


def _publicise(ws: Workspace, claim: str, day: int) -> None:
    ws.step_claim(claim, "verify", actor="W06", at=at(day, 10), key="verify")
    ws.step_claim(claim, "publicise", actor="W06", at=at(day, 11), key="publicise")


def test_patrol_findings_open_cases(config: WorkspaceConfig) -> None:
    """Each patrol finding opens one case (source 巡查) that remembers the finding."""
    ws = Workspace.in_memory(config)
    patrol, findings = ws.record_patrol(
        "W01",
        GRID1,
        at=at(2),
        checklists=("electricity", "fire"),
        findings=[
            PatrolFinding("electricity", "flying_lead", note="3号楼飞线充电"),
            PatrolFinding("fire", "blocked_exit"),
        ],
        key="p1",
    )
    assert patrol.findings == 2
    cases = [ws.case(ws.state.case_of_finding[f"{f.stream}/{f.key}"]) for f in findings]
    assert [c.source for c in cases] == [CaseSource.PATROL, CaseSource.PATROL]
    assert cases[0].title == "3号楼飞线充电"
    assert (
        ws.journal.head().sequence == 6
    )  # request, patrol, 2 findings, 2 cases: one append


def test_visit_problem_opens_case_in_the_household_grid(
    config: WorkspaceConfig,
) -> None:
    """A problem found on a visit opens a case (source 走访) for that household."""
    ws = Workspace.in_memory(config)
    ws.record_visit("PC0001", "W06", at=at(2), key="v1", problem="楼道灯坏了")
    (case,) = ws.cases()
    assert case.source is CaseSource.VISIT
    opened = ws.state.opening(case.id)
    assert opened is not None
    assert opened.fields["household"] == "PC0001"


def test_escalation_adds_a_visit_trigger(config: WorkspaceConfig) -> None:
    """An escalated household case records 发生事件; the policy asks for a visit."""
    ws = Workspace.in_memory(config)
    ws.open_case(
        "TJ-1",
        category="邻里纠纷",
        region=GRID1,
        actor="W06",
        at=at(2),
        household="PC0001",
        workflow="mediation",
    )
    ws.escalate_case(
        "TJ-1",
        to_unit="PC-TWH",
        to_level=Level.VILLAGE,
        reason="涉及多户",
        actor=MEDIATOR,
        at=at(2, 10),
        key="up",
    )
    (change,) = ws.state.changes
    assert (change.household, change.change) == ("PC0001", TriggerKind.CASE)
    household = ws.state.roster.household("PC0001")
    window = Window(date(2026, 11, 1), date(2026, 12, 1))
    triggered = [
        o for o in ws.obligations(window, [household]) if o.start == date(2026, 11, 2)
    ]
    assert triggered, "the case trigger asks for a visit within 48 hours"


def test_resolved_dispute_files_claims_that_earn_points(
    config: WorkspaceConfig,
) -> None:
    """化解 with claim_for files a claim per household; 认定 posts the rule's 5."""
    ws = Workspace.in_memory(config)
    ws.open_case(
        "TJ-2",
        category="邻里纠纷",
        region=GRID1,
        actor="W06",
        at=at(2),
        household="PC0001",
        workflow="mediation",
    )
    ws.fire_case("TJ-2", "mediate", actor=MEDIATOR, at=at(2, 10), key="m")
    ws.fire_case(
        "TJ-2", "agree", actor=MEDIATOR, at=at(3), key="a", fields={"agreement": "签字"}
    )
    ws.fire_case(
        "TJ-2",
        "follow_up",
        actor=MEDIATOR,
        at=at(4),
        key="f",
        fields={"visit_note": "已履行", "performance": "performed"},
    )
    case = ws.fire_case(
        "TJ-2",
        "resolve",
        actor=MEDIATOR,
        at=at(4, 10),
        key="r",
        fields={"satisfaction": "satisfied"},
        claim_for=("PC0001", "PC0002"),
    )
    assert case.conclusion is Conclusion.RESOLVED
    claims = ws.claims()
    assert [c.account for c in claims] == ["PC0001", "PC0002"]
    for claim in claims:
        _publicise(ws, claim.id, 5)
    with pytest.raises(TransitionRefusedError):  # 公示 lasts three working days
        ws.recognise_claim(claims[0].id, actor=PANEL, at=at(9), key="rec")
    for claim in claims:
        done = ws.recognise_claim(claim.id, actor=PANEL, at=at(10), key="rec")
        assert (done.state, done.points) == (ClaimState.RECOGNISED, 5)
    assert (ws.balance("PC0001"), ws.balance("PC0002")) == (5, 5)


def test_objection_sends_claim_back_to_submission(config: WorkspaceConfig) -> None:
    """异议 during 公示 sends a claim back to 申报; it needs a new notice window."""
    ws = Workspace.in_memory(config)
    ws.file_claim("C1", "PC0001", at=at(2), actor="W06", text={"kind": "hazard_report"})
    _publicise(ws, "C1", 2)
    with pytest.raises(TransitionRefusedError, match="reason"):
        ws.step_claim("C1", "object", actor="PC0002", at=at(3), key="obj")
    claim = ws.step_claim(
        "C1", "object", actor="PC0002", at=at(3), key="obj", note="不是本户"
    )
    assert claim.state is ClaimState.SUBMITTED
    assert claim.instance.data["reason"] == "不是本户"
    assert ws.balance("PC0001") == 0


def test_volunteer_hours_earn_points_within_the_monthly_cap(
    config: WorkspaceConfig,
) -> None:
    """志愿服务 claims earn 2 points an hour, capped at 40 a month (hand-computed)."""
    ws = Workspace.in_memory(config)
    head = ws.state.roster.household("PC0006").members[0].id
    for n, hours in enumerate((8, 8, 8)):
        activity = f"HD-{n}"
        ws.record_activity(
            activity,
            team="PC-ZYD",
            kind=ActivityKind.FREE_CLINIC,
            title="义诊",
            organiser="W04",
            at=at(2 + n),
            participants={head: Decimal(hours)},
            served=30,
            claim_points=True,
        )
        _publicise(ws, f"{activity}:{head}", 2 + n)
        ws.recognise_claim(f"{activity}:{head}", actor=PANEL, at=at(10 + n), key="rec")
    # 16 + 16 + 8 (the cap leaves 8 of the third activity's 16)
    assert ws.balance("PC0006") == 40
    figures = volunteer_figures(ws.state.activities)
    assert (figures.activities, figures.volunteers, figures.hours, figures.served) == (
        3,
        1,
        Decimal(24),
        90,
    )


def test_activity_with_unknown_participant_records_nothing(
    config: WorkspaceConfig,
) -> None:
    """Claiming for a participant unknown to the roster is refused whole."""
    ws = Workspace.in_memory(config)
    with pytest.raises(UnknownEntityError):
        ws.record_activity(
            "HD-X",
            team="PC-ZYD",
            kind=ActivityKind.OPERA,
            title="送戏下乡",
            organiser="W04",
            at=at(2),
            participants={"nobody": 3},
            claim_points=True,
        )
    assert ws.journal.head().sequence == 0
    assert not ws.state.activities.activities


def test_menu_order_answered_by_an_activity(config: WorkspaceConfig) -> None:
    """A resident's 点单 is answered by the activity that delivers it."""
    ws = Workspace.in_memory(config)
    ws.order_service("DD-1", "law", by="PC0001", at=at(2))
    ws.record_activity(
        "HD-1",
        team="PC-ZYD",
        kind=ActivityKind.LEGAL_AID,
        title="普法讲座",
        organiser="W04",
        at=at(3),
        served=40,
        answers=("DD-1",),
    )
    assert ws.state.activities.answered_by("DD-1") == "HD-1"
    with pytest.raises(UnknownEntityError):
        ws.order_service("DD-2", "karaoke", by="PC0001", at=at(2))


def test_supermarket_order_hold_fulfil_and_cancel(config: WorkspaceConfig) -> None:
    """Orders hold points, hand-over spends them, cancel returns them; replayed."""
    ws = Workspace.in_memory(config)
    ws.file_claim("C1", "PC0001", at=at(2), actor="W06", text={"kind": "mediation"})
    _publicise(ws, "C1", 2)
    ws.recognise_claim("C1", actor=PANEL, at=at(6), key="rec")
    ws.place_order("O1", "PC0001", {"soap": 1}, at=at(7))
    assert ws.balance("PC0001") == 0
    ws.cancel_order("O1", at=at(7, 10))
    assert ws.balance("PC0001") == 5
    ws.place_order("O2", "PC0001", {"soap": 1}, at=at(8))
    ws.hand_over("O2", at=at(8, 10), approver="超市")
    assert ws.state.supermarket.stock("soap") == 199
    assert ws.reopen().state.snapshot() == ws.state.snapshot()


def test_household_move_changes_the_roster_and_replays(config: WorkspaceConfig) -> None:
    """A recorded move places the household in its new grid from that day on."""
    ws = Workspace.in_memory(config)
    grid2_leaf = "410381003002002001"
    ws.move_household("PC0001", grid2_leaf, on=date(2026, 11, 10), at=at(9), key="m1")
    region = ws.state.roster.region_of("PC0001", date(2026, 11, 10))
    assert region is not None
    assert region.code == grid2_leaf
    assert ws.reopen().state.roster.region_of("PC0001", date(2026, 11, 10)) == region


def test_overdue_cases_escalate_once_and_trigger_a_visit(
    config: WorkspaceConfig, caplog: pytest.LogCaptureFixture
) -> None:
    """escalate_due sends a late case up once, saying so in the log; its
    household gets a visit."""
    ws = Workspace.in_memory(config)
    ws.open_case(
        "C-late",
        category="路灯不亮",
        region="410381003002001001",
        actor="W06",
        at=at(2),
        household="PC0001",
    )
    ws.fire_case("C-late", "register", actor=CITY, at=at(2, 10), key="reg")
    with caplog.at_level(logging.INFO, logger="gridgov.app"):
        assert ws.escalate_due(as_of=at(3), actor=CITY) == ()
        (case,) = ws.escalate_due(as_of=at(20), actor=CITY)
    escalated = [r.getMessage() for r in caplog.records if "escalated" in r.msg]
    assert len(escalated) == 1
    assert escalated[0].startswith(f"escalated case C-late to {Level.VILLAGE.zh} (")
    assert case.pending is not None
    assert (case.pending.to_level, case.pending.to_unit) == (
        Level.VILLAGE,
        "410381003002",
    )
    assert [c.household for c in ws.state.changes] == ["PC0001"]
    head = ws.journal.head()
    assert ws.escalate_due(as_of=at(21), actor=CITY) == ()
    assert ws.journal.head() == head
