"""Approval roles at recognition (认定): which roles may approve which rules."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import pytest

from gridgov.calendar import WeekendCalendar
from gridgov.domain.ids import HouseholdId
from gridgov.domain.people import Household
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import GridgovError
from gridgov.flow import Actor
from gridgov.io.rulebook import load_rulebook
from gridgov.points import (
    APPROVAL_ROLES,
    Approval,
    ApprovalRefusedError,
    Ledger,
    Outcome,
    Recognition,
    approval_level,
    may_approve,
    recognise,
)
from gridgov.points.claim_flow import CLAIM_FLOW, claim_flow
from gridgov.points.claims import ClaimDesk

RESIDENT = Actor("H1-head", frozenset({"resident"}))
WORKER = Actor("grid-1", frozenset({"worker"}))
COMMITTEE = Actor("业委会", frozenset({"committee"}))

APPROVALS: dict[str, Any] = {
    "id": "approvals",
    "name_zh": "审批示例",
    "version": "1",
    "fields": [{"name": "hours", "type": "number"}],
    "rules": [
        {"id": "attend", "name_zh": "参加村民大会", "points": 2},
        {"id": "clean", "name_zh": "环境整治", "points": 3, "approval": "worker"},
        {
            "id": "vol",
            "name_zh": "志愿服务",
            "points": 5,
            "when": "hours >= 2",
            "approval": "committee",
        },
    ],
}


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    ("roles", "level"),
    [
        (set(), Approval.NONE),
        ({"resident"}, Approval.NONE),
        ({"grid_worker"}, Approval.NONE),  # a Workspace role: map it first
        ({"worker"}, Approval.WORKER),
        ({"committee"}, Approval.COMMITTEE),
        ({"worker", "committee", "resident"}, Approval.COMMITTEE),
    ],
)
def test_approval_level_of_roles(roles: set[str], level: Approval) -> None:
    assert approval_level(roles) is level
    assert may_approve(roles, Approval.NONE)
    assert may_approve(roles, Approval.WORKER) is (level is not Approval.NONE)
    assert may_approve(roles, Approval.COMMITTEE) is (level is Approval.COMMITTEE)
    assert dict(APPROVAL_ROLES) == {
        "worker": Approval.WORKER,
        "committee": Approval.COMMITTEE,
    }


def _recognise_as(
    approver: Actor, hours: int = 3, ledger: Ledger | None = None
) -> Recognition:
    return recognise(
        load_rulebook(APPROVALS),
        ledger if ledger is not None else Ledger(),
        claim_id="C7",
        account="H1",
        facts={"hours": hours},
        conduct_on=date(2026, 3, 2),
        approver=approver,
        at=at(3, 5),
    )


def test_a_committee_rule_is_refused_for_a_worker() -> None:
    ledger = Ledger()
    with pytest.raises(ApprovalRefusedError) as err:
        _recognise_as(WORKER, ledger=ledger)
    assert err.value.needed == (("vol", "志愿服务", Approval.COMMITTEE),)
    assert (err.value.claim_id, err.value.approver) == ("C7", "grid-1")
    message = str(err.value)
    assert "rule 'vol' (志愿服务) needs committee approval (评议小组认定)" in message
    assert "'grid-1' (roles: worker; gives worker approval)" in message
    assert isinstance(err.value, GridgovError)
    assert isinstance(err.value, PermissionError)
    assert ledger.events == []


def test_a_resident_approves_nothing_that_needs_approval() -> None:
    with pytest.raises(ApprovalRefusedError) as err:
        _recognise_as(RESIDENT)
    assert [rule for rule, _, _ in err.value.needed] == ["clean", "vol"]
    assert "(roles: resident; gives no approval)" in str(err.value)


def test_the_committee_approves_everything() -> None:
    done = _recognise_as(COMMITTEE)
    assert [(e.rule_id, e.amount, e.approver) for e in done.events] == [
        ("attend", 2, "业委会"),
        ("clean", 3, "业委会"),
        ("vol", 5, "业委会"),
    ]


def test_only_rules_that_would_post_need_approval() -> None:
    """A committee rule that does not match does not stop a worker."""
    done = _recognise_as(WORKER, hours=1)
    assert [e.rule_id for e in done.events] == ["attend", "clean"]
    assert done.decision.outcome("vol").outcome is Outcome.NOT_MATCHED
    only_attend = recognise(
        load_rulebook(APPROVALS),
        Ledger(),
        claim_id="C8",
        account="H1",
        facts={"hours": 3},
        conduct_on=date(2026, 3, 2),
        approver=RESIDENT,
        at=at(3, 5),
        rule_ids=["attend"],
    )
    assert only_attend.points == 2


def test_claim_desk_refuses_and_leaves_the_claim_where_it_was() -> None:
    """With a flow that lets workers recognise, the rule's approval still holds."""
    spec = attrs.evolve(
        CLAIM_FLOW,
        transitions=[
            attrs.evolve(t, roles=["worker", "committee"])
            if t.command == "recognise"
            else t
            for t in CLAIM_FLOW.transitions
        ],
    )
    book = load_rulebook(APPROVALS)
    desk = ClaimDesk(
        book,
        Ledger(),
        WeekendCalendar(),
        households={"H1": Household(HouseholdId("H1"), "1栋101")},
    )
    desk.flow = claim_flow(WeekendCalendar(), notice_days=3, spec=spec)
    desk.submit(
        "C1", "H1", {"hours": 3}, on=date(2026, 3, 2), actor=RESIDENT, at=at(3, 2)
    )
    desk.verify("C1", actor=WORKER, at=at(3, 2, 10))
    desk.publicise("C1", actor=WORKER, at=at(3, 2, 11))
    with pytest.raises(ApprovalRefusedError, match="rule 'vol'"):
        desk.recognise("C1", actor=WORKER, at=at(3, 6))
    assert desk.claim("C1").state == "publicised"
    assert desk.ledger.events == []
    claim = desk.recognise("C1", actor=COMMITTEE, at=at(3, 6))
    assert (claim.state, desk.ledger.balance("H1")) == ("recognised", 10)
