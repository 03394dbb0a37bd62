"""Escalation (authority, skip level, breach) and supervision (催办, 黄牌, 红牌)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cases_fixtures import CALENDAR, EVERYONE, T0, opened, rules

from gridgov.cases import (
    AuthorityRule,
    Card,
    EscalationPolicy,
    EscalationReason,
    SkipRule,
    SupervisionKind,
    SupervisionPolicy,
    TransferKind,
    Urgency,
    accept_transfer,
    due_escalations,
    due_supervisions,
    fire_case,
    request_transfer,
    supervise,
)
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError, SpecError

R = rules("digital_city")
DAY = timedelta(days=1)
POLICY = EscalationPolicy(
    authority=[AuthorityRule(category="宅基地纠纷", lowest_level=Level.TOWN)],
    skip=[SkipRule(category="燃气泄漏", urgency="urgent", to_level=Level.TOWN)],
)


def registered(**kw):
    case, _ = opened(**kw)
    case, _ = fire_case(R, case, "register", actor=EVERYONE, at=T0, command_id="reg")
    return case


def due(cases, as_of, policy=POLICY):
    return due_escalations(cases, as_of=as_of, policy=policy, calendar=CALENDAR)


def test_authority_sends_a_category_to_its_lowest_level() -> None:
    """A category beyond the grid's authority is due to go to the town at once."""
    case = registered(category="宅基地纠纷")
    (d,) = due([case], T0)
    assert (d.from_level, d.to_level, d.reason) == (
        Level.GRID,
        Level.TOWN,
        EscalationReason.AUTHORITY,
    )
    assert d.reason.zh == "超出权限"


def test_skip_level_only_for_the_matching_urgency() -> None:
    """An urgent gas leak skips to the town; a normal one does not."""
    urgent = registered(category="燃气泄漏", urgency=Urgency.URGENT)
    normal = registered(category="燃气泄漏", case_id="C-2")
    found = due([urgent, normal], T0)
    assert [(d.case_id, d.to_level, d.reason) for d in found] == [
        ("C-1", Level.TOWN, EscalationReason.SKIP_LEVEL)
    ]


def test_breach_goes_one_rung_up_after_the_deadline_and_grace() -> None:
    """Late cases go one level up; a grace period in working days delays it."""
    case = registered()
    deadline = case.resolution.current_deadline  # end of Sat 10-10 (调休 workday)
    assert due([case], deadline) == ()
    (d,) = due([case], deadline + timedelta(minutes=1))
    assert (d.to_level, d.reason) == (Level.VILLAGE, EscalationReason.BREACH)
    graceful = EscalationPolicy(grace_working_days=1)
    # one working day after Sat 10-10 is Mon 10-12: still within grace on Sunday
    assert due([case], deadline + DAY, graceful) == ()
    assert len(due([case], deadline + 2 * DAY + timedelta(minutes=1), graceful)) == 1
    assert due([case], deadline + DAY, EscalationPolicy(on_breach=False)) == ()


def test_a_level_that_received_a_late_case_is_not_bounced_again() -> None:
    """After an escalation accepted past the deadline, breach does not cascade."""
    case = registered()
    late = case.resolution.current_deadline + DAY
    case, _ = request_transfer(
        R,
        case,
        kind=TransferKind.ESCALATE,
        to_unit="v-1",
        to_level=Level.VILLAGE,
        reason="超时",
        actor=EVERYONE,
        at=late,
        command_id="up",
    )
    assert due([case], late) == ()  # pending: skipped
    case, _ = accept_transfer(
        R, case, unit="v-1", actor=EVERYONE, at=late, command_id="acc"
    )
    assert due([case], late + DAY) == ()


def test_concluded_and_held_cases_are_skipped() -> None:
    """Voided and parked cases are never due."""
    case = registered(category="宅基地纠纷")
    voided, _ = fire_case(
        R, case, "void", actor=EVERYONE, at=T0, command_id="v", fields={"reason": "dup"}
    )
    assert due([voided], T0) == ()


def test_policy_validation_is_located() -> None:
    """A ladder that goes down, duplicate authority and bad urgencies are errors."""
    with pytest.raises(SpecError) as info:
        EscalationPolicy(
            ladder=[Level.VILLAGE, Level.GRID],
            authority=[AuthorityRule(category="x", lowest_level=Level.TOWN)] * 2,
            skip=[SkipRule(to_level=Level.TOWN, urgency="soon")],
            grace_working_days=-1,
        )
    assert info.value.paths == (
        "ladder[1]",
        "authority[1].category",
        "skip[0].urgency",
        "grace_working_days",
    )
    assert POLICY.next_level(Level.COUNTY) is None
    assert POLICY.next_level(Level.MICRO_GRID) is Level.GRID


def test_supervision_yellow_then_red_cards() -> None:
    """催办 when yellow, 督办+黄牌 when late, 红牌 after N working days still late."""
    case = registered()
    clock = case.resolution
    assert due_supervisions([case], as_of=T0, calendar=CALENDAR) == ()
    (urge,) = due_supervisions([case], as_of=clock.warn_at, calendar=CALENDAR)
    assert (urge.kind, urge.card) == (SupervisionKind.URGE, None)
    case, _ = supervise(
        R, case, kind="urge", actor=EVERYONE, at=clock.warn_at, command_id="u"
    )
    assert due_supervisions([case], as_of=clock.warn_at, calendar=CALENDAR) == ()
    late = clock.current_deadline + timedelta(hours=1)
    (yellow,) = due_supervisions([case], as_of=late, calendar=CALENDAR)
    assert yellow.card is Card.YELLOW
    case, _ = supervise(
        R,
        case,
        kind="supervise",
        card="yellow",
        actor=EVERYONE,
        at=late,
        command_id="y",
    )
    assert due_supervisions([case], as_of=late + DAY, calendar=CALENDAR) == ()
    (red,) = due_supervisions([case], as_of=late + 5 * DAY, calendar=CALENDAR)
    assert red.card is Card.RED
    case, _ = supervise(
        R,
        case,
        kind="supervise",
        card="red",
        actor=EVERYONE,
        at=late + 5 * DAY,
        command_id="r",
    )
    assert due_supervisions([case], as_of=late + 9 * DAY, calendar=CALENDAR) == ()
    with pytest.raises(InvalidValueError):
        SupervisionPolicy(red_card_after_working_days=-1)
