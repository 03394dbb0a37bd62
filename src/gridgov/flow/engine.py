"""
Firing commands: pure functions from (flow, instance, command) to a new instance.

`start` opens an instance, `fire` moves it, `allowed` explains what may happen
next, and `replay` rebuilds an instance from its history. None of them reads the
clock or keeps state: the time is the ``at`` / ``as_of`` argument and the history
is the list of `Step` records they return.

>>> from datetime import datetime
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.flow.spec import CommandSpec, FlowSpec, StateSpec, TransitionSpec
>>> from gridgov.flow.compiled import compile_flow
>>> flow = compile_flow(
...     FlowSpec(
...         name="lamp",
...         label_zh="路灯报修",
...         initial="reported",
...         states=[
...             StateSpec(name="reported", label_zh="上报"),
...             StateSpec(name="fixed", label_zh="修复", terminal=True),
...         ],
...         commands=[CommandSpec(name="fix", label_zh="修复")],
...         transitions=[
...             TransitionSpec(
...                 sources=["reported"],
...                 command="fix",
...                 target="fixed",
...                 roles=["electrician"],
...                 fields=["note"],
...             )
...         ],
...     )
... )
>>> t0 = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)
>>> clerk = Actor("clerk-1", frozenset({"clerk"}))
>>> lamp, opened = start(flow, "lamp-7", actor=clerk, at=t0, command_id="c1")
>>> fire(flow, lamp, "fix", actor=clerk, at=t0, command_id="c2", fields={"note": "ok"})
Traceback (most recent call last):
  ...
gridgov.errors.TransitionRefusedError: cannot 'fix' in state 'reported': actor ...
>>> sparky = Actor("e-1", frozenset({"electrician"}))
>>> fixed, step = fire(
...     flow,
...     lamp,
...     "fix",
...     actor=sparky,
...     at=t0,
...     command_id="c2",
...     fields={"note": "bulb replaced"},
... )
>>> fixed.state, fixed.version, step.source, step.target
('fixed', 1, 'reported', 'fixed')
>>> replay(flow, [opened, step]) == fixed
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from gridgov.errors import (
    IdempotencyConflictError,
    IntegrityError,
    InvalidValueError,
)
from gridgov.flow.checks import check_fields, check_time, refusal, target_of
from gridgov.flow.compiled import Flow
from gridgov.flow.records import (
    EMPTY_FIELDS,
    Actor,
    FlowInstance,
    Step,
    advance,
    build,
)

__all__ = [
    "START_COMMAND",
    "apply_step",
    "fire",
    "replay",
    "start",
]

START_COMMAND = "*start*"
"""The command name of the opening step that `start` records (never a real command)."""


def _same_request(
    last: Step, command: str, actor: Actor, at: datetime, fields: Mapping[str, str]
) -> bool:
    return (
        last.command == command
        and last.actor == actor.id
        and last.at == at
        and dict(last.fields) == dict(fields)
    )


def start(
    flow: Flow,
    instance_id: str,
    *,
    actor: Actor,
    at: datetime,
    command_id: str,
    fields: Mapping[str, str] = EMPTY_FIELDS,
) -> tuple[FlowInstance, Step]:
    """
    Open a new instance in the flow's initial state.

    The opening *fields* become the instance's first ``data`` (a case's
    category, the unit that received it …).

    Returns:
        The instance (version 0) and its opening `Step` (command
        `START_COMMAND`, source ``""``), which is the first entry of its history.

    Raises:
        InvalidValueError: If *at* is naive or an id is empty.
    """
    if not instance_id:
        raise InvalidValueError("instance_id", "a non-empty id", instance_id)
    if not command_id:
        raise InvalidValueError("command_id", "a non-empty id", command_id)
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError("at", "a timezone-aware datetime", at)
    check_fields(fields)
    step = Step(
        instance_id=instance_id,
        command_id=command_id,
        command=START_COMMAND,
        source="",
        target=flow.initial,
        actor=actor.id,
        at=at,
        version=0,
        fields=dict(fields) if fields else EMPTY_FIELDS,
    )
    return FlowInstance(flow.name, step, step.fields), step


def fire(
    flow: Flow,
    instance: FlowInstance,
    command: str,
    *,
    actor: Actor,
    at: datetime,
    command_id: str,
    fields: Mapping[str, str] = EMPTY_FIELDS,
) -> tuple[FlowInstance, Step]:
    """
    Fire *command* on *instance*; return the new instance and the step taken.

    Checks, in order: the state has the command (else ``wrong_state`` or
    ``terminal``), the actor's roles (``role``), required fields (``field``),
    then each guard (``guard``, with the guard's reason).

    Idempotent by *command_id*: firing the command that produced *instance*
    again with the same payload returns ``(instance, instance.last)``; with a
    different payload it raises `IdempotencyConflictError`. (A retry against
    the older instance recomputes the same result, since this is pure.)

    Raises:
        TransitionRefusedError: The command was refused; ``reason`` says which
            check failed and ``allowed`` lists what the actor may do instead.
        UnknownEntityError: The flow has no such command.
        IdempotencyConflictError: *command_id* was used with another payload.
        InvalidValueError: *at* is naive or earlier than the current state's start.
    """
    last = instance.last
    if last.command_id == command_id:
        if _same_request(last, command, actor, at, fields):
            return instance, last
        raise IdempotencyConflictError(
            command_id, detail=f"it fired {last.command!r} at {last.at.isoformat()}"
        )
    try:
        backwards = at < last.at
    except TypeError:  # a naive datetime cannot be compared with an aware one
        backwards = True
    if backwards:
        check_time(instance, at)
    if fields:
        check_fields(fields)
    t = flow.table.get((last.target, command))
    if (
        t is None
        or (t.roles and t.roles.isdisjoint(actor.roles))
        or (t.fields and not all(fields.get(name) for name in t.fields))
    ):
        raise refusal(
            flow, instance=instance, command=command, actor=actor, at=at, fields=fields
        )
    for check in t.checks:
        if check(instance, actor, at, fields) is not None:
            raise refusal(
                flow,
                instance=instance,
                command=command,
                actor=actor,
                at=at,
                fields=fields,
            )
    target = t.target or target_of(t, fields)
    if target is None:
        raise refusal(
            flow, instance=instance, command=command, actor=actor, at=at, fields=fields
        )
    # The hot path of every transition: build the Step and the new instance
    # straight from their value tuples (see records.build).
    step: Step = build(
        Step,
        (
            last.instance_id,
            command_id,
            command,
            last.target,
            target,
            actor.id,
            at,
            last.version + 1,
            dict(fields) if fields else EMPTY_FIELDS,
        ),
    )
    data: Mapping[str, str] = {**instance.data, **fields} if fields else instance.data
    new: FlowInstance = build(FlowInstance, (instance.flow, step, data))
    return new, step


def apply_step(flow: Flow, instance: FlowInstance, step: Step) -> FlowInstance:
    """
    Apply one recorded step to *instance* (what `replay` does for each step).

    For callers that keep their own history (a case folds its events): checks
    that the step belongs to the instance, follows its version and is a move the
    flow has from the current state; guards and roles are not re-checked.

    Raises:
        IntegrityError: The step does not fit; the message says how.
    """
    t = flow.table.get((instance.state, step.command))
    problem = ""
    if step.instance_id != instance.id:
        problem = f"belongs to {step.instance_id!r}, not {instance.id!r}"
    elif step.version != instance.version + 1:
        problem = f"version {step.version}, expected {instance.version + 1}"
    elif step.source != instance.state or t is None or step.target not in t.targets:
        problem = (
            f"{step.command!r} {step.source!r} -> {step.target!r} does not "
            f"follow state {instance.state!r} in flow {flow.name!r}"
        )
    if problem:
        raise IntegrityError(problem)
    return advance(instance, step)


def replay(flow: Flow, steps: Iterable[Step]) -> FlowInstance:
    """
    Rebuild an instance from its history (the steps `start` and `fire` returned).

    Guards and roles are not re-checked (they were checked when the steps were
    taken, against facts not all kept in the step); the *shape* of the history
    is: it starts with an opening step, versions count up by one, and each step
    leaves from the state the previous one reached by a transition the flow has.

    Raises:
        IntegrityError: The history is empty or does not fit the flow; the
            message names the first offending step by its position.
    """
    instance: FlowInstance | None = None
    for i, step in enumerate(steps):
        if instance is None:
            if step.command != START_COMMAND or step.target != flow.initial:
                msg = f"history[{i}]: expected the opening step into {flow.initial!r}"
                raise IntegrityError(msg)
            instance = FlowInstance(flow.name, step, step.fields)
            continue
        try:
            instance = apply_step(flow, instance, step)
        except IntegrityError as exc:
            msg = f"history[{i}]: {exc}"
            raise IntegrityError(msg) from None
    if instance is None:
        msg = "history is empty: expected at least the opening step"
        raise IntegrityError(msg)
    return instance
