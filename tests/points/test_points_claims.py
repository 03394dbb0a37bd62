"""Claims: 申报 → 核实 → 公示 (working days) → 认定 or 驳回, and what they post."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridgov.calendar import ChinaCalendar
from gridgov.domain.ids import HouseholdId
from gridgov.domain.people import Household, Residency
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    IdempotencyConflictError,
    SpecError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.flow import Actor
from gridgov.io.rulebook import load_rulebook
from gridgov.points import Ledger, Outcome, PostingKind
from gridgov.points.claims import ClaimDesk

BOOK = {
    "id": "demo",
    "name_zh": "示范社区",
    "version": "3",
    "fields": [
        {"name": "hours", "type": "number"},
        {"name": "kind", "type": "text"},
    ],
    "eligibility": {"registered": True, "min_months_resident": 3},
    "policy": {"no_deduction": True},
    "rules": [
        {
            "id": "vol",
            "name_zh": "志愿服务",
            "points": 5,
            "when": "hours >= 2",
            "evidence": ["photo"],
            "approval": "committee",
            "cap": {"period": "month", "max_points": 8},
        },
        {
            "id": "litter",
            "name_zh": "乱扔垃圾",
            "points": -3,
            "when": 'kind == "litter"',
        },
    ],
}
RESIDENT = Actor("H1-head", frozenset({"resident"}))
WORKER = Actor("grid-1", frozenset({"worker"}))
COMMITTEE = Actor("业委会", frozenset({"committee"}))
NEIGHBOUR = Actor("H9-head", frozenset({"resident"}))


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def desk() -> ClaimDesk:
    households = {
        "H1": Household(HouseholdId("H1"), "1栋101"),
        "H2": Household(
            HouseholdId("H2"),
            "2栋",
            residency=Residency.RESIDENT,
            resident_since=date(2026, 2, 1),
        ),
    }
    return ClaimDesk(
        load_rulebook(BOOK), Ledger(), ChinaCalendar(), households=households
    )


def _to_notice(
    desk: ClaimDesk, claim_id: str, account: str = "H1", day: int = 2
) -> None:
    desk.submit(
        claim_id,
        account,
        {"hours": 3},
        on=date(2026, 3, day),
        actor=RESIDENT,
        at=at(3, day),
        evidence=["photo"],
    )
    desk.verify(claim_id, actor=WORKER, at=at(3, day, 10))
    desk.publicise(claim_id, actor=WORKER, at=at(3, day, 11))


def test_only_a_recognised_claim_posts_points(desk: ClaimDesk) -> None:
    """Points post at 认定, with rule, claim, evidence and approver; not before."""
    _to_notice(desk, "C1")
    assert desk.ledger.balance("H1") == 0
    assert desk.notice_ends("C1") == date(2026, 3, 5)
    claim = desk.recognise("C1", actor=COMMITTEE, at=at(3, 5))
    assert claim.state == "recognised"
    assert claim.channel == "self"
    assert desk.ledger.balance("H1") == 5
    (line,) = desk.ledger.statement("H1")
    assert (line.rule_id, line.claim_id, line.approver, line.evidence) == (
        "vol",
        "C1",
        "业委会",
        ("photo",),
    )
    assert desk.recognise("C1", actor=COMMITTEE, at=at(3, 5)) is claim
    assert desk.ledger.balance("H1") == 5


def test_recognition_waits_for_the_working_day_window(desk: ClaimDesk) -> None:
    """公示 lasts 3 working days: Friday's notice can be recognised on Wednesday."""
    desk.submit(
        "C1",
        "H1",
        {"hours": 3},
        on=date(2026, 3, 6),
        actor=WORKER,
        at=at(3, 6),
        evidence=["photo"],
    )
    desk.verify("C1", actor=WORKER, at=at(3, 6, 10))
    desk.publicise("C1", actor=WORKER, at=at(3, 6, 11))
    with pytest.raises(TransitionRefusedError, match="公示期至 2026-03-10 止") as err:
        desk.recognise("C1", actor=COMMITTEE, at=at(3, 10))
    assert err.value.reason == "guard"
    assert desk.recognise("C1", actor=COMMITTEE, at=at(3, 11)).state == "recognised"


def test_the_notice_window_comes_from_the_rule_book() -> None:
    """policy.notice_days sets the desk's window; an explicit notice_days wins."""
    book = load_rulebook({**BOOK, "policy": {"notice_days": 5}})
    desk = ClaimDesk(book, Ledger(), ChinaCalendar())
    assert desk.notice_days == 5
    _to_notice(desk, "C1", day=6)  # Friday + 5 working days
    assert desk.notice_ends("C1") == date(2026, 3, 13)
    assert ClaimDesk(book, Ledger(), ChinaCalendar(), notice_days=2).notice_days == 2
    assert ClaimDesk(load_rulebook(BOOK), Ledger(), ChinaCalendar()).notice_days == 3


def test_objection_sends_the_claim_back(desk: ClaimDesk) -> None:
    """An objection in the window returns the claim to 申报; later ones are refused."""
    _to_notice(desk, "C1")
    back = desk.object("C1", actor=NEIGHBOUR, at=at(3, 3), reason="没看到他参加")
    assert back.state == "submitted"
    with pytest.raises(TransitionRefusedError):
        desk.recognise("C1", actor=COMMITTEE, at=at(3, 9))
    desk.verify("C1", actor=WORKER, at=at(3, 9))
    desk.publicise("C1", actor=WORKER, at=at(3, 9, 10))
    with pytest.raises(
        TransitionRefusedError, match="window ran through 2026-03-11, inclusive"
    ):
        desk.object("C1", actor=NEIGHBOUR, at=at(3, 12), reason="late")
    assert [s.command for s in desk.claim("C1").history] == [
        "*start*",
        "verify",
        "publicise",
        "object",
        "verify",
        "publicise",
    ]


def test_roles_are_enforced(desk: ClaimDesk) -> None:
    """A resident cannot verify or recognise their own claim."""
    _to_notice(desk, "C1")
    with pytest.raises(TransitionRefusedError) as err:
        desk.recognise("C1", actor=RESIDENT, at=at(3, 6))
    assert err.value.reason == "role"


def test_rejected_claim_posts_nothing(desk: ClaimDesk) -> None:
    """驳回 ends the claim; recognising it afterwards is refused."""
    _to_notice(desk, "C1")
    desk.reject("C1", actor=WORKER, at=at(3, 3), reason="重复申报")
    with pytest.raises(TransitionRefusedError):
        desk.recognise("C1", actor=COMMITTEE, at=at(3, 6))
    assert desk.ledger.events == []


def test_ineligible_household_gets_nothing_and_is_told_why(desk: ClaimDesk) -> None:
    """An outside household resident under 3 months is recognised but earns 0."""
    _to_notice(desk, "C2", account="H2")
    claim = desk.recognise("C2", actor=COMMITTEE, at=at(3, 6))
    assert claim.decision is not None
    assert claim.decision.outcome("vol").outcome is Outcome.NOT_ELIGIBLE
    assert "未满 3 个月" in claim.decision.render()
    assert desk.ledger.balance("H2") == 0


def test_caps_apply_across_claims(desk: ClaimDesk) -> None:
    """The monthly cap of 8 lets the second claim earn only 3."""
    _to_notice(desk, "C1", day=2)
    desk.recognise("C1", actor=COMMITTEE, at=at(3, 5))
    _to_notice(desk, "C2", day=9)
    second = desk.recognise("C2", actor=COMMITTEE, at=at(3, 12))
    assert second.decision is not None
    assert second.decision.outcome("vol").outcome is Outcome.CAPPED
    assert desk.ledger.balance("H1") == 8


def test_negative_conduct_is_recorded_not_deducted(desk: ClaimDesk) -> None:
    """积分不扣分: recognised littering is recorded conduct, no points move."""
    desk.submit(
        "C3", "H1", {"kind": "litter"}, on=date(2026, 3, 2), actor=WORKER, at=at(3, 2)
    )
    desk.verify("C3", actor=WORKER, at=at(3, 2, 10))
    desk.publicise("C3", actor=WORKER, at=at(3, 2, 11))
    claim = desk.recognise("C3", actor=COMMITTEE, at=at(3, 5))
    assert claim.channel == "worker"
    assert desk.ledger.balance("H1") == 0
    (event,) = desk.ledger.events
    assert (event.rule_id, event.points) == ("litter", -3)  # type: ignore[attr-defined]


def test_submission_errors(desk: ClaimDesk) -> None:
    """Bad facts, unknown households and reused ids are refused with reasons."""
    with pytest.raises(SpecError, match=r"facts\.hours: expected number"):
        desk.submit(
            "C1", "H1", {"hours": "3"}, on=date(2026, 3, 2), actor=RESIDENT, at=at(3, 2)
        )
    with pytest.raises(UnknownEntityError, match="household"):
        desk.submit(
            "C1", "H404", {"hours": 3}, on=date(2026, 3, 2), actor=RESIDENT, at=at(3, 2)
        )
    first = desk.submit(
        "C1", "H1", {"hours": 3}, on=date(2026, 3, 2), actor=RESIDENT, at=at(3, 2)
    )
    again = desk.submit(
        "C1", "H1", {"hours": 3}, on=date(2026, 3, 2), actor=RESIDENT, at=at(3, 2)
    )
    assert again is first
    with pytest.raises(IdempotencyConflictError):
        desk.submit(
            "C1", "H1", {"hours": 4}, on=date(2026, 3, 2), actor=RESIDENT, at=at(3, 2)
        )
    assert desk.preview("C1").outcome("vol").outcome is Outcome.MISSING_EVIDENCE
    assert [e.posting for e in desk.ledger.events if hasattr(e, "posting")] == []
    assert PostingKind.AWARD.zh == "积分奖励"


def test_caps_count_the_conduct_month_not_the_recognition_month(
    desk: ClaimDesk,
) -> None:
    """Conduct on 31 March recognised in April uses March's cap, not April's."""
    _to_notice(desk, "C1", day=20)
    desk.recognise("C1", actor=COMMITTEE, at=at(3, 25))
    desk.submit(
        "C2",
        "H1",
        {"hours": 3},
        on=date(2026, 3, 31),
        actor=RESIDENT,
        at=at(3, 31),
        evidence=["photo"],
    )
    desk.verify("C2", actor=WORKER, at=at(4, 1))
    desk.publicise("C2", actor=WORKER, at=at(4, 1, 10))
    late = desk.recognise("C2", actor=COMMITTEE, at=at(4, 7))
    assert late.decision.outcome("vol").points == 3  # March cap 8: 5 used
    desk.submit(
        "C3",
        "H1",
        {"hours": 3},
        on=date(2026, 4, 8),
        actor=RESIDENT,
        at=at(4, 8),
        evidence=["photo"],
    )
    desk.verify("C3", actor=WORKER, at=at(4, 9))
    desk.publicise("C3", actor=WORKER, at=at(4, 9, 10))
    april = desk.recognise("C3", actor=COMMITTEE, at=at(4, 14))
    assert april.decision.outcome("vol").points == 5  # April's cap untouched
