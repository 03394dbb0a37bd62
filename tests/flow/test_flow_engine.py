"""The flow engine: firing, refusals with reasons, idempotency, allowed, replay."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flow_fixtures import CHIEF, CLERK, T0, WORKER, loop_spec

from gridgov.errors import (
    IdempotencyConflictError,
    IntegrityError,
    InvalidValueError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.flow import (
    START_COMMAND,
    Actor,
    FlowInstance,
    Step,
    allowed,
    compile_flow,
    fire,
    replay,
    start,
)
from gridgov.flow.records import advance, build

FLOW = compile_flow(loop_spec())
H = timedelta(hours=1)
NAIVE = datetime(2026, 11, 2)  # noqa: DTZ001 - naive on purpose


def opened() -> tuple[FlowInstance, Step]:
    return start(FLOW, "case-1", actor=CLERK, at=T0, command_id="open")


def test_start_records_an_opening_step() -> None:
    """start() opens at version 0 in the initial state, with an opening step."""
    inst, step = opened()
    assert (inst.id, inst.state, inst.version, inst.since) == (
        "case-1",
        "reported",
        0,
        T0,
    )
    assert step.command == START_COMMAND
    assert step.source == ""
    assert inst.last is step


def test_fire_moves_and_records_fields() -> None:
    """A permitted command returns a new instance and a step; the old is unchanged."""
    inst, _ = opened()
    a, _ = fire(FLOW, inst, "accept", actor=CLERK, at=T0 + H, command_id="c1")
    b, s2 = fire(
        FLOW,
        a,
        "handle",
        actor=WORKER,
        at=T0 + 2 * H,
        command_id="c2",
        fields={"result": "fixed"},
    )
    assert inst.state == "reported"
    assert (a.state, b.state, b.version) == ("accepted", "handled", 2)
    assert (s2.source, s2.target, s2.actor, s2.fields) == (
        "accepted",
        "handled",
        "w-1",
        {"result": "fixed"},
    )
    assert b.data == {"result": "fixed"}
    assert b.since == T0 + 2 * H


@pytest.mark.parametrize(
    ("state_cmds", "command", "actor", "fields", "reason"),
    [
        ([], "verify", CLERK, {}, "wrong_state"),
        ([], "accept", WORKER, {}, "role"),
        ([("accept", CLERK, {})], "handle", WORKER, {}, "field"),
        (
            [("accept", CLERK, {}), ("handle", WORKER, {"result": "x"})],
            "verify",
            CLERK,
            {"check": "fail"},
            "guard",
        ),
        (
            [("accept", CLERK, {}), ("handle", WORKER, {"result": "x"})],
            "send_back",
            CLERK,
            {"reason": "r", "to_step": "handled"},
            "field",
        ),
        ([("cancel", CHIEF, {"reason": "dup"})], "accept", CLERK, {}, "terminal"),
    ],
)
def test_refusals_say_which_check_failed(
    state_cmds, command, actor, fields, reason
) -> None:
    """Each refusal names its kind: wrong state, role, field, guard or terminal."""
    inst, _ = opened()
    for i, (cmd, who, f) in enumerate(state_cmds):
        inst, _ = fire(FLOW, inst, cmd, actor=who, at=T0, command_id=f"p{i}", fields=f)
    before = inst
    with pytest.raises(TransitionRefusedError) as info:
        fire(FLOW, inst, command, actor=actor, at=T0, command_id="x", fields=fields)
    assert info.value.reason == reason
    assert info.value.command == command
    assert info.value.state == inst.state
    assert inst == before


def test_guard_refusal_carries_the_guard_reason_and_alternatives() -> None:
    """A failed guard reports the guard's own sentence and what may be done instead."""
    inst, _ = opened()
    inst, _ = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="1")
    inst, _ = fire(
        FLOW,
        inst,
        "handle",
        actor=WORKER,
        at=T0,
        command_id="2",
        fields={"result": "x"},
    )
    with pytest.raises(TransitionRefusedError) as info:
        fire(
            FLOW,
            inst,
            "verify",
            actor=CLERK,
            at=T0,
            command_id="3",
            fields={"check": "fail"},
        )
    assert "field 'check' must be 'pass', got 'fail'" in info.value.detail
    assert info.value.allowed == ("send_back",)
    assert "allowed now: send_back" in str(info.value)


def test_unknown_command_is_an_unknown_entity() -> None:
    """A command the flow lacks raises UnknownEntityError listing known ones."""
    inst, _ = opened()
    with pytest.raises(UnknownEntityError, match="knows accept"):
        fire(FLOW, inst, "teleport", actor=CLERK, at=T0, command_id="x")


def test_target_field_chooses_among_declared_targets() -> None:
    """回退 to a named step: the target comes from the field and must be declared."""
    inst, _ = opened()
    inst, _ = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="1")
    inst, _ = fire(
        FLOW,
        inst,
        "handle",
        actor=WORKER,
        at=T0,
        command_id="2",
        fields={"result": "x"},
    )
    back, step = fire(
        FLOW,
        inst,
        "send_back",
        actor=CLERK,
        at=T0,
        command_id="3",
        fields={"reason": "photo missing", "to_step": "reported"},
    )
    assert back.state == "reported"
    assert step.target == "reported"


def test_same_command_id_is_idempotent() -> None:
    """Retrying the command that produced an instance returns the same result."""
    inst, _ = opened()
    a, s = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="c1")
    again, s_again = fire(FLOW, a, "accept", actor=CLERK, at=T0, command_id="c1")
    assert again is a
    assert s_again is s
    assert fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="c1") == (a, s)


def test_same_command_id_different_payload_conflicts() -> None:
    """Reusing a command id with another payload raises IdempotencyConflictError."""
    inst, _ = opened()
    a, _ = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="c1")
    with pytest.raises(IdempotencyConflictError, match="c1"):
        fire(
            FLOW,
            a,
            "cancel",
            actor=CHIEF,
            at=T0,
            command_id="c1",
            fields={"reason": "x"},
        )


def test_time_must_be_aware_and_not_go_backwards() -> None:
    """A naive instant or one before the current state began is refused."""
    inst, _ = opened()
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        fire(
            FLOW,
            inst,
            "accept",
            actor=CLERK,
            at=NAIVE,
            command_id="x",
        )
    with pytest.raises(InvalidValueError, match="at or after"):
        fire(FLOW, inst, "accept", actor=CLERK, at=T0 - H, command_id="x")
    with pytest.raises(InvalidValueError, match="timezone-aware"):
        start(FLOW, "c", actor=CLERK, at=NAIVE, command_id="o")
    with pytest.raises(InvalidValueError, match="instance_id"):
        start(FLOW, "", actor=CLERK, at=T0, command_id="o")


def test_allowed_lists_every_command_with_reasons() -> None:
    """allowed() covers every command, marking each allowed or blocked with why."""
    inst, _ = opened()
    options = {o.command: o for o in allowed(FLOW, inst, CLERK, T0)}
    assert set(options) == set(FLOW.commands)
    assert options["accept"].allowed
    assert options["accept"].targets == ("accepted",)
    assert (options["cancel"].allowed, options["cancel"].reason) == (False, "role")
    assert options["verify"].reason == "wrong_state"
    assert "only from handled" in options["verify"].detail
    chief = {o.command: o for o in allowed(FLOW, inst, CHIEF, T0)}
    assert chief["cancel"].reason == "field"
    with_reason = allowed(FLOW, inst, CHIEF, T0, {"reason": "duplicate"})
    assert {o.command for o in with_reason if o.allowed} == {"accept", "cancel"}


def test_replay_rebuilds_the_instance() -> None:
    """Replaying the steps gives an equal instance."""
    inst, s0 = opened()
    a, s1 = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="1")
    b, s2 = fire(
        FLOW,
        a,
        "handle",
        actor=WORKER,
        at=T0 + H,
        command_id="2",
        fields={"result": "x"},
    )
    assert replay(FLOW, [s0, s1, s2]) == b


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda h: [], "history is empty"),
        (lambda h: h[1:], r"history\[0\]: expected the opening step"),
        (lambda h: [h[0], h[2]], r"history\[1\]: version 2, expected 1"),
        (lambda h: [h[0], h[1]._replace(instance_id="other")], "belongs to"),
        (lambda h: [h[0], h[1]._replace(target="closed")], "does not follow"),
    ],
)
def test_replay_rejects_a_history_that_does_not_fit(mangle, message) -> None:
    """A history with gaps, foreign steps or impossible moves raises IntegrityError."""
    inst, s0 = opened()
    a, s1 = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="1")
    _, s2 = fire(
        FLOW, a, "handle", actor=WORKER, at=T0, command_id="2", fields={"result": "x"}
    )
    with pytest.raises(IntegrityError, match=message):
        replay(FLOW, mangle([s0, s1, s2]))


def test_fast_constructors_build_the_same_records() -> None:
    """The engine's private constructors equal the public constructors."""
    step = build(Step, ("i", "c", "cmd", "a", "b", "x", T0, 3, {"k": "v"}))
    assert step == Step("i", "c", "cmd", "a", "b", "x", T0, 3, {"k": "v"})
    inst = FlowInstance("f", step, {"k": "v"})
    nxt = build(Step, ("i", "d", "cmd", "b", "a", "x", T0, 4, {"z": "1"}))
    assert advance(inst, nxt) == FlowInstance("f", nxt, {"k": "v", "z": "1"})


def test_actor_roles_default_to_none() -> None:
    """An actor without roles may fire only role-free commands."""
    nobody = Actor("n-1")
    inst, _ = opened()
    with pytest.raises(TransitionRefusedError) as info:
        fire(FLOW, inst, "accept", actor=nobody, at=T0, command_id="x")
    assert info.value.reason == "role"


def test_field_values_must_be_text() -> None:
    """A number where text is expected is refused with the field's name."""
    inst, _ = opened()
    inst, _ = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="1")
    with pytest.raises(InvalidValueError, match=r"fields\['result'\]: expected text"):
        fire(
            FLOW,
            inst,
            "handle",
            actor=WORKER,
            at=T0,
            command_id="2",
            fields={"result": 3},
        )  # type: ignore[dict-item]
    with pytest.raises(InvalidValueError, match="expected text"):
        start(FLOW, "c", actor=CLERK, at=T0, command_id="o", fields={"n": 1})  # type: ignore[dict-item]
