"""Period reports: every figure checked against a small township computed by hand."""

from __future__ import annotations

import html
from datetime import date, datetime
from decimal import Decimal

import pytest

from gridgov.app import ActivityKind, Workspace, WorkspaceConfig, sample_config
from gridgov.calendar import WeekendCalendar
from gridgov.cases import CaseSource
from gridgov.domain import (
    CHINA_TZ,
    Household,
    Level,
    Organisation,
    OrgKind,
    Person,
    Placement,
    Region,
    RegionCode,
    Role,
    Scope,
    Worker,
)
from gridgov.domain.spans import DateSpan
from gridgov.errors import InvalidValueError
from gridgov.flow import Actor
from gridgov.reports import PeriodReport, Rate, case_figures, rows, to_html
from gridgov.roster import from_parts
from gridgov.visits import FrequencyRule, PatrolFinding, VisitPolicy, compile_policy

G1 = "410381001002001"
CITY = Actor("w1", frozenset({"operator", "dispatcher", "handler", "supervisor"}))
MEDIATOR = Actor("w1", frozenset({"mediator", "grid_worker"}))
PANEL = Actor("评议小组", frozenset({"committee"}))


def at(day: int, hour: int = 9) -> datetime:
    """A time in November 2026, China time."""
    return datetime(2026, 11, day, hour, tzinfo=CHINA_TZ)


def _config() -> WorkspaceConfig:
    town = Region(RegionCode("410381001"), "新区街道", Level.TOWN)
    village = Region(RegionCode("410381001002"), "示范村", Level.VILLAGE, town.code)
    grid = Region(RegionCode(G1), "一网格", Level.GRID, village.code)
    homes = [
        Household(
            f"H{n}",
            f"{n}号",
            placements=(Placement(grid.code),),
            members=(Person(f"P{n}", f"居民{n}"),),
        )
        for n in (1, 2, 3)
    ]
    worker = Worker(
        "w1", "网格员", Role.FULL_TIME_GRID_WORKER, Scope(regions=(grid.code,))
    )
    team = Organisation("T1", "志愿服务队", OrgKind.VOLUNTEER_TEAM, region=village.code)
    roster = from_parts(
        name="示范村",
        regions=[town, village, grid],
        households=homes,
        workers=[worker],
        organisations=[team],
    )
    sample = sample_config()
    return WorkspaceConfig(
        roster=roster,
        rulebook=sample.rulebook,
        visit_policy=compile_policy(
            VisitPolicy("每月一访", floor=FrequencyRule("floor"))
        ),
        calendar=WeekendCalendar(),
        catalogue=sample.catalogue,
    )


def _loop(ws: Workspace, case_id: str, day: int) -> None:
    for n, (command, fields) in enumerate(
        [
            ("register", {}),
            ("dispatch", {"unit": "物业"}),
            ("handle", {"result": "已整改"}),
            ("feed_back", {}),
            ("verify", {"photo": "照片"}),
            ("close", {}),
        ]
    ):
        ws.fire_case(
            case_id, command, actor=CITY, at=at(day, 10 + n), key=command, fields=fields
        )


@pytest.fixture(scope="module")
def month() -> PeriodReport:
    """November in the small township (every figure hand-computed)."""
    ws = Workspace.in_memory(_config())
    ws.record_visit("H1", "w1", at=at(2))
    ws.record_visit("H1", "w1", at=at(3))
    ws.record_visit("H2", "w1", at=at(3, 10))
    _, findings = ws.record_patrol(
        "w1",
        G1,
        at=at(4),
        checklists=("electricity", "fire"),
        key="p1",
        findings=[
            PatrolFinding("electricity", "flying_lead"),
            PatrolFinding("fire", "blocked_exit"),
        ],
    )
    _loop(ws, ws.state.case_of_finding[f"{findings[0].stream}/{findings[0].key}"], 5)
    for case_id in ("TJ-1", "TJ-2"):
        ws.open_case(
            case_id,
            category="纠纷",
            region=G1,
            actor="w1",
            at=at(6),
            household="H1",
            workflow="mediation",
        )
        ws.fire_case(case_id, "mediate", actor=MEDIATOR, at=at(6, 10), key="m")
    ws.fire_case(
        "TJ-1", "agree", actor=MEDIATOR, at=at(9), key="a", fields={"agreement": "协议"}
    )
    ws.fire_case(
        "TJ-1",
        "follow_up",
        actor=MEDIATOR,
        at=at(9, 10),
        key="f",
        fields={"visit_note": "好", "performance": "performed"},
    )
    ws.fire_case(
        "TJ-1",
        "resolve",
        actor=MEDIATOR,
        at=at(9, 11),
        key="r",
        fields={"satisfaction": "satisfied"},
        claim_for=("H1",),
    )
    ws.fire_case(
        "TJ-2",
        "refer",
        actor=MEDIATOR,
        at=at(9),
        key="x",
        fields={"to_unit": "派出所", "reason": "治安"},
    )
    ws.open_case(
        "JB-1",
        category="交办",
        region=G1,
        actor="街道",
        at=at(10),
        source=CaseSource.ASSIGNED,
    )
    ws.step_claim("TJ-1:H1", "verify", actor="w1", at=at(10), key="v")
    ws.step_claim("TJ-1:H1", "publicise", actor="w1", at=at(10, 10), key="p")
    ws.recognise_claim("TJ-1:H1", actor=PANEL, at=at(16), key="r")
    ws.place_order("O1", "H1", {"soap": 1}, at=at(17))
    ws.hand_over("O1", at=at(17, 10))
    ws.record_activity(
        "HD-1",
        team="T1",
        kind=ActivityKind.FREE_CLINIC,
        title="义诊",
        organiser="w1",
        at=at(18),
        participants={"P2": 3, "P3": 2},
        served=40,
    )
    return ws.report("2026-11")


def test_visit_figures(month: PeriodReport) -> None:
    """3 visits to 2 households; 3 monthly obligations, 2 met, H3 missed: 走访率 2/3."""
    v = month.visits
    assert (v.visits, v.households_visited, v.expected, v.satisfied, v.missed) == (
        3,
        2,
        3,
        2,
        ("H3",),
    )
    assert v.coverage == Rate(2, 3)
    assert v.by_group == (("一网格", Rate(2, 3)),)


def test_patrol_figures(month: PeriodReport) -> None:
    """1 patrol, 2 problems, the flying lead fixed: 整改率 1/2."""
    p = month.patrols
    assert (p.patrols, p.findings, p.fixed) == (1, 2, 1)
    assert dict(p.by_item) == {"飞线充电": 1, "消防通道堵塞": 1}


def test_case_figures(month: PeriodReport) -> None:
    """5 cases: 2 patrol, 2 disputes, 1 assigned; 3 concluded, 2 resolved."""
    c = month.cases
    assert (c.received, c.due) == (5, 5)
    assert c.completion == Rate(3, 5)
    assert c.resolution == Rate(2, 5)
    assert dict(c.by_source) == {"巡查": 2, "群众反映": 2, "上级交办": 1}


def test_dispute_and_assigned_figures(month: PeriodReport) -> None:
    """Disputes: 1 化解, 1 转介 of 2 (化解率 50%); the assigned item is still open."""
    d, a = month.disputes, month.assigned
    assert (d.received, d.resolved, d.referred, d.resolution.percent) == (
        2,
        1,
        1,
        "50.0%",
    )
    assert (a.received, a.concluded, a.completion) == (1, 0, Rate(0, 1))


def test_points_and_volunteer_figures(month: PeriodReport) -> None:
    """5 points for the dispute, 5 spent on soap; a clinic: 2 volunteers, 5 hours.

    The ranking names H1 by its head, masked as a public list does (居民1 → 居*1).
    """
    pt, vol = month.points, month.volunteers
    assert (pt.issued, pt.redeemed, pt.accounts, pt.claims_recognised, pt.ranking) == (
        5,
        5,
        1,
        1,
        (("居*1", 5),),
    )
    assert (vol.activities, vol.volunteers, vol.hours, vol.served) == (
        1,
        2,
        Decimal(5),
        40,
    )
    assert dict(vol.by_kind) == {"义诊": 1}
    assert month.households == 3


def test_records_markdown_and_html_agree(month: PeriodReport) -> None:
    """to_records, Markdown and HTML carry the same figures; HTML is escaped."""
    records = month.to_records()
    assert len(records) == len(list(rows(month)))
    coverage = next(r for r in records if r["metric"] == "coverage")
    assert (coverage["numerator"], coverage["denominator"], coverage["value"]) == (
        2,
        3,
        "66.7%",
    )
    assert "| 走访率 | 66.7% (2/3) |" in month.to_markdown()
    assert month._repr_html_() == to_html(month)
    evil = PeriodReport(
        title="<script>",
        scope="x",
        period="p",
        start=date(2026, 11, 1),
        end=date(2026, 12, 1),
        as_of=date(2026, 12, 1),
    )
    assert "<script>" not in to_html(evil)
    assert html.escape("<script>") in to_html(evil)


def test_open_period_is_refused() -> None:
    """A report period must be bounded: an open span raises InvalidValueError."""
    with pytest.raises(InvalidValueError):
        case_figures([], DateSpan())
