"""A case through the 数字城管 loop: clocks, 首问, transfers, supervision, retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cases_fixtures import (
    DISPATCHER,
    EVERYONE,
    HANDLER,
    LEADER,
    OPERATOR,
    RESIDENT,
    SUPERVISOR,
    T0,
    opened,
    rules,
)

from gridgov.cases import (
    Card,
    Conclusion,
    Hold,
    Satisfaction,
    SupervisionKind,
    TransferKind,
    accept_transfer,
    deadline_status,
    decline_transfer,
    fire_case,
    replay_case,
    request_transfer,
    supervise,
)
from gridgov.cases.deadlines import DeadlineStatus, Outcome
from gridgov.domain.regions import Level
from gridgov.errors import (
    IdempotencyConflictError,
    IntegrityError,
    InvalidValueError,
    TransitionRefusedError,
)

R = rules("digital_city")
H = timedelta(hours=1)


def run(case, history, *commands):
    """Fire (command, actor, hours after T0, fields) in order; append the events."""
    for i, (command, actor, hours, fields) in enumerate(commands):
        case, event = fire_case(
            R,
            case,
            command,
            actor=actor,
            at=T0 + hours * H,
            command_id=f"{command}-{len(history)}-{i}",
            fields=fields,
        )
        history.append(event)
    return case


def send(case, kind=TransferKind.RETURN, to_unit="water", reason="r", **kw):
    """Request a transfer by the operator at T0 (command id "t" unless given)."""
    kw.setdefault("command_id", "t")
    kw.setdefault("actor", OPERATOR)
    return request_transfer(
        R, case, kind=kind, to_unit=to_unit, reason=reason, at=T0, **kw
    )


def full_loop():
    case, first = opened()
    history = [first]
    case = run(
        case,
        history,
        ("register", OPERATOR, 1, {}),
        ("dispatch", DISPATCHER, 2, {"unit": "sanitation", "worker": "w-9"}),
        ("handle", HANDLER, 3, {"result": "cleared"}),
        ("feed_back", HANDLER, 4, {}),
        ("verify", SUPERVISOR, 5, {"photo": "p.jpg"}),
        ("close", OPERATOR, 6, {}),
        ("evaluate", RESIDENT, 7, {"satisfaction": "satisfied"}),
    )
    return case, history


def test_full_loop_records_clocks_first_receiver_and_outcome() -> None:
    """立案 is 签收: the response clock stops, the resolution clock starts, 首问 set."""
    case, history = full_loop()
    assert case.state == "evaluated"
    assert case.first_receiver == case.accountable == "grid-1"
    assert case.unit == "sanitation"
    assert case.worker == "w-9"
    assert case.response is not None
    assert case.response.stopped_at == T0 + H
    assert case.response_outcome is Outcome.ON_TIME
    assert case.resolution is not None
    assert case.resolution.started_at == T0 + H
    # 5 working days from Mon 9-28: 9-29, 9-30, 国庆 to 10-07, 10-08, 10-09, Sat 10-10.
    assert case.resolution.original_deadline.date().isoformat() == "2026-10-11"
    assert case.resolution_outcome is Outcome.ON_TIME
    assert case.conclusion is Conclusion.RESOLVED
    assert case.concluded_at == T0 + 6 * H
    assert case.satisfaction is Satisfaction.SATISFIED
    assert case.verified
    assert replay_case(R, history) == case


def test_late_resolution_is_frozen_at_closing() -> None:
    """On-time or late is decided by the closing transition and never changes after."""
    case, first = opened()
    history = [first]
    case = run(
        case,
        history,
        ("register", OPERATOR, 1, {}),
        ("dispatch", DISPATCHER, 2, {"unit": "d"}),
        ("handle", HANDLER, 24 * 20, {"result": "x"}),
        ("feed_back", HANDLER, 24 * 20, {}),
        ("verify", SUPERVISOR, 24 * 20, {"photo": "p"}),
        ("close", OPERATOR, 24 * 20, {}),
    )
    assert case.resolution_outcome is Outcome.LATE
    assert deadline_status(case, T0 + 24 * 20 * H) is DeadlineStatus.RED
    assert deadline_status(case, T0 + 24 * 400 * H) is DeadlineStatus.RED


def test_status_is_computed_from_as_of() -> None:
    """Green, then yellow, then red as time passes; nothing is stored."""
    case, _ = opened()
    case, _ = fire_case(R, case, "register", actor=OPERATOR, at=T0, command_id="r")
    assert deadline_status(case, T0) is DeadlineStatus.GREEN
    assert deadline_status(case, T0 + 24 * 11 * H) is DeadlineStatus.YELLOW
    assert deadline_status(case, T0 + 24 * 14 * H) is DeadlineStatus.RED


def test_rework_after_failed_check_and_extension_and_parking() -> None:
    """重办 counts a rework; 延期 moves only the current deadline; 挂账 pauses."""
    case, first = opened()
    history = [first]
    case = run(
        case,
        history,
        ("register", OPERATOR, 1, {}),
        ("dispatch", DISPATCHER, 2, {"unit": "d"}),
        ("handle", HANDLER, 3, {"result": "x"}),
        ("feed_back", HANDLER, 4, {}),
        ("rework", SUPERVISOR, 5, {"reason": "still dirty"}),
    )
    assert (case.state, case.reworks, case.verified) == ("dispatched", 1, False)
    before = case.resolution
    case = run(case, history, ("extend", LEADER, 6, {"days": "3", "reason": "rain"}))
    assert case.resolution.original_deadline == before.original_deadline
    assert case.resolution.current_deadline > before.current_deadline
    case = run(case, history, ("park", LEADER, 7, {"reason": "needs budget"}))
    assert case.hold is Hold.PARKED
    assert case.resolution.paused_since == T0 + 7 * H
    case = run(case, history, ("recover", DISPATCHER, 24 * 30, {}))
    assert case.hold is None
    assert case.resolution.paused_since is None
    assert replay_case(R, history) == case


def test_bad_effect_fields_are_refused_before_anything_changes() -> None:
    """延期 needs whole days; 评价 needs a known satisfaction value."""
    case, _ = opened()
    case, _ = fire_case(R, case, "register", actor=OPERATOR, at=T0, command_id="r")
    case, _ = fire_case(
        R,
        case,
        "dispatch",
        actor=DISPATCHER,
        at=T0,
        command_id="d",
        fields={"unit": "u"},
    )
    with pytest.raises(InvalidValueError, match=r"fields\.days"):
        fire_case(
            R,
            case,
            "extend",
            actor=LEADER,
            at=T0,
            command_id="e",
            fields={"days": "three", "reason": "r"},
        )
    loop, _ = full_loop()
    assert loop.state == "evaluated"


def test_not_ours_is_a_return_naming_the_right_unit() -> None:
    """A "not ours" return names a unit; accountability stays until it accepts."""
    case, _ = opened()
    case, _ = fire_case(R, case, "register", actor=OPERATOR, at=T0, command_id="r")
    with pytest.raises(InvalidValueError, match="to_unit"):
        send(case, TransferKind.RETURN, to_unit=" ", reason="x")
    with pytest.raises(InvalidValueError, match="reason"):
        send(case, TransferKind.RETURN, to_unit="water", reason="")
    case, _ = send(case, TransferKind.RETURN, to_unit="water", reason="供水管网归水务")
    assert case.returns == 1
    assert case.accountable == "grid-1"
    with pytest.raises(TransitionRefusedError, match="awaiting acceptance"):
        send(case, TransferKind.TRANSFER, to_unit="x", reason="y", command_id="t2")
    with pytest.raises(InvalidValueError, match="the unit it was sent to"):
        accept_transfer(R, case, unit="roads", actor=OPERATOR, at=T0, command_id="a")
    case, _ = accept_transfer(
        R, case, unit="water", actor=HANDLER, at=T0 + H, command_id="a"
    )
    assert (case.accountable, case.first_receiver, case.unit) == (
        "water",
        "grid-1",
        "water",
    )
    assert case.pending is None


def test_declined_transfer_leaves_the_holder_accountable() -> None:
    """A declined transfer changes nothing but clears the pending request."""
    case, _ = opened()
    case, _ = fire_case(R, case, "register", actor=OPERATOR, at=T0, command_id="r")
    case, _ = send(case, TransferKind.TRANSFER, to_unit="roads", reason="路面")
    case, _ = decline_transfer(
        R, case, unit="roads", reason="属绿化", actor=HANDLER, at=T0, command_id="d"
    )
    assert (case.pending, case.accountable, case.unit) == (None, "grid-1", "grid-1")
    with pytest.raises(TransitionRefusedError, match="has not been sent"):
        accept_transfer(R, case, unit="roads", actor=HANDLER, at=T0, command_id="a")


def test_escalation_must_go_up_and_moves_the_level_on_acceptance() -> None:
    """上报上级 goes up only; the level changes when the higher unit accepts."""
    case, _ = opened()
    with pytest.raises(InvalidValueError, match="to_level"):
        send(
            case,
            TransferKind.ESCALATE,
            to_unit="g2",
            reason="x",
            to_level=Level.GRID,
            actor=EVERYONE,
            command_id="e",
        )
    case, _ = send(
        case,
        TransferKind.ESCALATE,
        to_unit="town-1",
        reason="跨村",
        to_level=Level.TOWN,
        actor=EVERYONE,
        command_id="e",
    )
    assert case.level is Level.GRID
    case, _ = accept_transfer(
        R, case, unit="town-1", actor=EVERYONE, at=T0, command_id="a"
    )
    assert (case.level, case.escalations, case.first_receiver) == (
        Level.TOWN,
        1,
        "town-1",
    )
    assert case.response_outcome is Outcome.ON_TIME
    assert case.resolution is not None


def test_supervision_and_cards() -> None:
    """催办/督办 are recorded with cards; a concluded case cannot be supervised."""
    case, _ = opened()
    case, _ = supervise(
        R, case, kind=SupervisionKind.URGE, actor=LEADER, at=T0, command_id="s1"
    )
    case, _ = supervise(
        R,
        case,
        kind=SupervisionKind.SUPERVISE,
        card=Card.YELLOW,
        actor=LEADER,
        at=T0,
        command_id="s2",
        note="逾期",
    )
    assert [s.kind for s in case.supervisions] == [
        SupervisionKind.URGE,
        SupervisionKind.SUPERVISE,
    ]
    assert case.cards(Card.YELLOW) == 1
    loop, _ = full_loop()
    with pytest.raises(TransitionRefusedError, match="concluded"):
        supervise(R, loop, kind="urge", actor=LEADER, at=T0 + 8 * H, command_id="s3")


def test_retries_are_idempotent_and_conflicts_detected() -> None:
    """The same command id returns the same case; another payload conflicts."""
    case, _ = opened()
    a, e = fire_case(R, case, "register", actor=OPERATOR, at=T0, command_id="r")
    assert fire_case(R, a, "register", actor=OPERATOR, at=T0, command_id="r") == (a, e)
    with pytest.raises(IdempotencyConflictError):
        fire_case(
            R, a, "void", actor=LEADER, at=T0, command_id="r", fields={"reason": "dup"}
        )
    b, s = supervise(R, a, kind="urge", actor=LEADER, at=T0, command_id="s")
    assert supervise(R, b, kind="urge", actor=LEADER, at=T0, command_id="s") == (b, s)
    with pytest.raises(IdempotencyConflictError):
        supervise(R, b, kind="supervise", actor=LEADER, at=T0, command_id="s")
    # the flow step is older than the supervision: the flow answers the retry
    assert fire_case(R, b, "register", actor=OPERATOR, at=T0, command_id="r")[0] is b


def test_bad_inputs_raise_located_errors() -> None:
    """Unknown enum values, empty ids and time going backwards are refused."""
    with pytest.raises(InvalidValueError, match="urgency: expected one of normal"):
        opened(urgency="whenever")
    with pytest.raises(InvalidValueError, match="category"):
        opened(category="")
    case, _ = opened()
    with pytest.raises(InvalidValueError, match="at or after"):
        supervise(R, case, kind="urge", actor=LEADER, at=T0 - H, command_id="s")


def test_replay_rejects_foreign_or_misplaced_events() -> None:
    """A history that does not start with CaseOpened or mixes streams is refused."""
    _, history = full_loop()
    with pytest.raises(IntegrityError, match="must start with CaseOpened"):
        replay_case(R, history[1:])
    _, other = opened(case_id="C-2")
    with pytest.raises(IntegrityError, match="not 'case:C-1'"):
        replay_case(R, [history[0], *history[1:3], other])
    with pytest.raises(IntegrityError, match="at least"):
        replay_case(R, [])
    with pytest.raises(IntegrityError, match="runs on"):
        replay_case(rules("mediation"), history)


def test_naive_instants_are_refused_everywhere() -> None:
    """A naive datetime raises InvalidValueError, never a bare TypeError."""
    from datetime import datetime

    naive = datetime(2026, 9, 28, 10, 0)  # noqa: DTZ001 - naive on purpose
    case, _ = opened()
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        fire_case(R, case, "register", actor=OPERATOR, at=naive, command_id="r")
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        supervise(R, case, kind="urge", actor=LEADER, at=naive, command_id="s")


def test_acceptance_may_decide_the_handling_mode() -> None:
    """签收 may record the handling mode (马上办 … 上门办); a bad one is refused."""
    from gridgov.cases import HandlingMode

    case, _ = opened()
    with pytest.raises(InvalidValueError, match=r"fields\.handling_mode"):
        fire_case(
            R,
            case,
            "register",
            actor=OPERATOR,
            at=T0,
            command_id="r",
            fields={"handling_mode": "someday"},
        )
    case, _ = fire_case(
        R,
        case,
        "register",
        actor=OPERATOR,
        at=T0,
        command_id="r",
        fields={"handling_mode": "doorstep"},
    )
    assert case.handling_mode is HandlingMode.DOORSTEP
    assert case.handling_mode.zh == "上门办"
