"""Workspace claims run on the points claim flow: working days, roles, replay."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import attrs
import pytest

import gridgov.points
from gridgov.app import Claim, ClaimState, Workspace, WorkspaceConfig, claim_actor
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError, TransitionRefusedError
from gridgov.flow import Actor
from gridgov.io.rulebook import load_rulebook
from gridgov.points import ClaimDesk, Ledger, RuleBook
from gridgov.points.book import compile_rulebook

PANEL = Actor("评议小组", frozenset({"committee"}))
NEIGHBOUR = "PC0002"


def at(month: int, day: int, hour: int = 9) -> datetime:
    """A time in 2026, China time."""
    return datetime(2026, month, day, hour, tzinfo=CHINA_TZ)


def _on_notice(ws: Workspace, claim: str, account: str = "PC0001") -> None:
    """File, verify and publicise on Wednesday 30 September, before National Day."""
    ws.file_claim(claim, account, at=at(9, 29), actor="W06", text={"kind": "mediation"})
    ws.step_claim(claim, "verify", actor="W06", at=at(9, 30), key="verify")
    ws.step_claim(claim, "publicise", actor="W06", at=at(9, 30, 10), key="publicise")


def test_recognition_waits_for_working_days_across_national_day(
    config: WorkspaceConfig,
) -> None:
    """
    公示 from 30 Sep lasts 3 working days: 8, 9 and 10 Oct (Saturday 10 Oct is a
    调休 working day), so 1–7 Oct do not count and 认定 is refused until 10 Oct.
    """
    ws = Workspace.in_memory(config)
    _on_notice(ws, "C1")
    assert ws.state.notice_days == 3
    assert ws.claim_notice_ends("C1") == date(2026, 10, 10)
    for day in (3, 8, 9):  # 3 Oct: three calendar days; 9 Oct: two working days
        with pytest.raises(
            TransitionRefusedError, match="公示期至 2026-10-09 止"
        ) as err:
            ws.recognise_claim("C1", actor=PANEL, at=at(10, day, 16), key=f"r{day}")
        assert err.value.reason == "guard"
    assert ws.claim("C1").state is ClaimState.PUBLICISED
    assert ws.balance("PC0001") == 0
    claim = ws.recognise_claim("C1", actor=PANEL, at=at(10, 10, 16), key="r")
    assert (claim.state, claim.points, ws.balance("PC0001")) == (
        ClaimState.RECOGNISED,
        5,
        5,
    )
    assert ws.claim_notice_ends("C1") is None
    assert ws.state.ledger.statement("PC0001")[0].approver == "评议小组"


def test_objection_after_the_window_is_refused_with_the_guards_reason(
    config: WorkspaceConfig,
) -> None:
    """异议 is taken during 公示 (back to 申报), refused once the window closed."""
    ws = Workspace.in_memory(config)
    _on_notice(ws, "C1")
    _on_notice(ws, "C2", "PC0006")
    claim = ws.step_claim(
        "C1", "object", actor=NEIGHBOUR, at=at(10, 9), key="obj", note="不是本户"
    )
    assert claim.state is ClaimState.SUBMITTED
    with pytest.raises(TransitionRefusedError, match="公示期已于 2026-10-09 届满"):
        ws.step_claim(
            "C2", "object", actor=NEIGHBOUR, at=at(10, 12), key="obj", note="太晚了"
        )
    assert ws.claim("C2").state is ClaimState.PUBLICISED
    assert ws.state.seen("claim:C2", "obj") is None


def test_only_the_committee_recognises(config: WorkspaceConfig) -> None:
    """A grid worker may verify and publicise; 认定 is the committee's alone."""
    ws = Workspace.in_memory(config)
    _on_notice(ws, "C1")
    for worker in ("W06", Actor("W06", frozenset({"grid_worker", "mediator"}))):
        with pytest.raises(TransitionRefusedError) as err:
            ws.recognise_claim("C1", actor=worker, at=at(10, 12), key="r")
        assert err.value.reason == "role"
    ws.file_claim(
        "C2", "PC0001", at=at(9, 29), actor="PC0001", text={"kind": "dispute"}
    )
    with pytest.raises(TransitionRefusedError) as err:  # a resident cannot verify
        ws.step_claim("C2", "verify", actor=NEIGHBOUR, at=at(9, 30), key="v")
    assert err.value.reason == "role"
    assert ws.recognise_claim("C1", actor=PANEL, at=at(10, 12), key="r").points == 5


def test_actors_map_to_claim_roles_in_one_place(config: WorkspaceConfig) -> None:
    """Roster grid workers act as ``worker``; others need the role on their Actor."""
    roster = config.roster
    assert claim_actor("W06", roster).roles == {"worker"}  # 专职网格员
    assert claim_actor("W01", roster).roles == {"worker"}  # 网格长
    assert claim_actor("L01", roster).roles == frozenset()  # 楼栋长
    assert claim_actor("PC0002", roster).roles == frozenset()
    assert claim_actor(PANEL, roster) == PANEL
    with pytest.raises(InvalidValueError):
        claim_actor("", roster)


def test_the_rule_books_notice_days_set_the_window(config: WorkspaceConfig) -> None:
    """policy.notice_days = 5 in the rule book: 公示 from 30 Sep ends on 13 Oct."""
    assert config.rulebook is not None
    spec = config.rulebook.spec
    book = compile_rulebook(
        attrs.evolve(spec, policy=attrs.evolve(spec.policy, notice_days=5))
    )
    ws = Workspace.in_memory(attrs.evolve(config, rulebook=book))
    _on_notice(ws, "C1")
    assert ws.claim_notice_ends("C1") == date(2026, 10, 13)
    with pytest.raises(TransitionRefusedError, match="2026-10-13"):
        ws.recognise_claim("C1", actor=PANEL, at=at(10, 12, 16), key="r")


def test_reopened_sqlite_workspace_replays_the_same_claims(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """Objected, re-posted, rejected and recognised claims replay from SQLite."""
    db = tmp_path / "claims.db"
    with Workspace.open(db, config) as ws:
        _on_notice(ws, "C1")
        _on_notice(ws, "C2", "PC0006")
        _on_notice(ws, "C3", "PC0050")
        ws.step_claim(
            "C1", "object", actor=NEIGHBOUR, at=at(10, 8), key="o", note="核对"
        )
        ws.step_claim("C1", "verify", actor="W06", at=at(10, 9), key="v2")
        ws.step_claim("C1", "publicise", actor="W06", at=at(10, 9, 10), key="p2")
        ws.step_claim(
            "C2", "reject", actor="W06", at=at(10, 9), key="x", note="重复申报"
        )
        ws.recognise_claim("C3", actor=PANEL, at=at(10, 10), key="r")
        before = {c.id: c for c in ws.claims()}
        snapshot = ws.state.snapshot()
    assert [c.state for c in before.values()] == [
        ClaimState.PUBLICISED,
        ClaimState.REJECTED,
        ClaimState.RECOGNISED,
    ]
    with Workspace.open(db, config) as again:
        assert {c.id: c for c in again.claims()} == before
        assert again.state.snapshot() == snapshot
        assert again.claim_notice_ends("C1") == date(2026, 10, 13)  # 10, 12, 13 Oct
        assert [c.id for c in again.claims(ClaimState.PUBLICISED)] == ["C1"]


CAPPED = {
    "id": "capped",
    "name_zh": "封顶示例",
    "version": "1",
    "fields": [{"name": "hours", "type": "number"}],
    "eligibility": {"registered": True, "min_months_resident": 3},
    "rules": [
        {
            "id": "vol",
            "name_zh": "志愿服务",
            "points": 5,
            "when": "hours >= 2",
            "approval": "committee",
            "cap": {"period": "month", "max_points": 8},
        }
    ],
}
"""A monthly cap of 8 points: a second claim in one month earns 3."""

# (claim, day of the conduct, filing time)
MONTH_END = [
    ("K1", date(2026, 3, 20), at(3, 20)),
    ("K2", date(2026, 3, 31), at(4, 1)),  # filed the next day, in April
    ("K3", date(2026, 4, 1), at(4, 1, 10)),
]


def _through_the_desk(config: WorkspaceConfig, book: RuleBook) -> ClaimDesk:
    desk = ClaimDesk(
        book,
        Ledger(config.ledger_id, policy=book.spec.policy),
        config.calendar,
        households=config.roster.households,
    )
    worker = Actor("W06", frozenset({"worker"}))
    for claim_id, conduct, filed in MONTH_END:
        desk.submit(
            claim_id, "PC0001", {"hours": 3}, on=conduct, actor=worker, at=filed
        )
        desk.verify(claim_id, actor=worker, at=filed.replace(hour=15))
        desk.publicise(claim_id, actor=worker, at=filed.replace(hour=16))
    for claim_id in ("K1", "K3", "K2"):  # April's K3 before March's K2
        ends = desk.notice_ends(claim_id)
        assert ends is not None
        desk.recognise(claim_id, actor=PANEL, at=_on(ends))
    return desk


def _on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, tzinfo=CHINA_TZ)


def _desk_key(claim_id: str, command: str, when: datetime) -> str:
    """The key ClaimDesk gives a step, so both histories carry the same ids."""
    return f"{claim_id}:{command}:{when.isoformat()}"


def _through_the_workspace(ws: Workspace) -> None:
    for claim_id, conduct, filed in MONTH_END:
        ws.file_claim(
            claim_id,
            "PC0001",
            at=filed,
            actor="W06",
            numbers={"hours": 3},
            conduct_on=conduct,
        )
        for command, hour in (("verify", 15), ("publicise", 16)):
            when = filed.replace(hour=hour)
            key = _desk_key(claim_id, command, when)
            ws.step_claim(claim_id, command, actor="W06", at=when, key=key)
    for claim_id in ("K1", "K3", "K2"):
        ends = ws.claim_notice_ends(claim_id)
        assert ends is not None
        key = _desk_key(claim_id, "recognise", _on(ends))
        ws.recognise_claim(claim_id, actor=PANEL, at=_on(ends), key=key)


def test_desk_and_workspace_build_the_same_claims_across_a_month_end(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """
    Conduct on 31 March filed and recognised in April fills March's cap, through
    either door: the same ledger postings and the same `Claim` records (the
    desk keeps the decision too), and a reopened journal folds them again.
    """
    book = load_rulebook(CAPPED)
    desk = _through_the_desk(config, book)
    db = tmp_path / "claims.db"
    with Workspace.open(db, attrs.evolve(config, rulebook=book)) as ws:
        _through_the_workspace(ws)
        claims = {c.id: c for c in ws.claims()}
        assert ws.state.ledger.events == desk.ledger.events
        assert len(desk.ledger.events) == 3
    assert gridgov.points.Claim is Claim
    assert {c: claims[c].points for c in claims} == {"K1": 5, "K2": 3, "K3": 5}
    assert claims["K2"].conduct_on == date(2026, 3, 31)
    assert claims["K2"].filed_at.date() == date(2026, 4, 1)
    for claim in desk.claims():
        assert claim.decision is not None
        assert attrs.evolve(claim, decision=None) == claims[claim.id]
        assert claim.state is ClaimState.RECOGNISED
        assert len(claim.postings) == 1
    with Workspace.open(db, attrs.evolve(config, rulebook=book)) as again:
        assert {c.id: c for c in again.claims()} == claims


def test_a_conduct_day_after_filing_is_refused(config: WorkspaceConfig) -> None:
    """FileClaim's conduct_on is the day of the conduct: never after the filing."""
    ws = Workspace.in_memory(config)
    with pytest.raises(InvalidValueError, match="conduct_on"):
        ws.file_claim(
            "C1",
            "PC0001",
            at=at(9, 29),
            actor="W06",
            text={"kind": "mediation"},
            conduct_on=date(2026, 9, 30),
        )
    claim = ws.file_claim(
        "C1",
        "PC0001",
        at=at(9, 29),
        actor="W06",
        text={"kind": "mediation"},
        conduct_on=date(2026, 9, 29),
    )
    assert (claim.filed.conduct_on, claim.conduct_on, claim.channel) == (
        None,
        date(2026, 9, 29),
        "worker",
    )
