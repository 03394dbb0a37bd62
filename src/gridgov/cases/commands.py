"""
Commands on cases: pure functions returning ``(new_case, event)``.

Each builds one event and folds it with `gridgov.cases.folding.apply_event`; the
caller appends the event to its journal. The same *command_id* answers a retry
with the original result (same payload) or raises
`gridgov.errors.IdempotencyConflictError` (different payload); a key reused much
later is caught by the journal, which keeps keys unique per stream.

>>> from datetime import datetime
>>> from gridgov.calendar import WeekendCalendar
>>> from gridgov.domain.regions import Level
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.flow import Actor
>>> from gridgov.io.workflows import builtin_workflow
>>> rules = CaseRules(
...     workflow=builtin_workflow("mediation"), calendar=WeekendCalendar()
... )
>>> t0 = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)
>>> worker = Actor("w-01", frozenset({"grid_worker"}))
>>> case, opened = open_case(
...     rules,
...     case_id="TJ-001",
...     category="邻里纠纷",
...     urgency=Urgency.NORMAL,
...     source=CaseSource.VISIT,
...     level=Level.GRID,
...     unit="grid-3",
...     actor=worker,
...     at=t0,
...     command_id="open-1",
... )
>>> case, sent = request_transfer(
...     rules,
...     case,
...     kind=TransferKind.ESCALATE,
...     to_unit="village-mediation",
...     to_level=Level.VILLAGE,
...     reason="涉及宅基地",
...     actor=worker,
...     at=t0,
...     command_id="up-1",
... )
>>> case.accountable is None, case.pending.to_unit
(True, 'village-mediation')
>>> mediator = Actor("m-01", frozenset({"mediator"}))
>>> case, _ = accept_transfer(
...     rules, case, unit="village-mediation", actor=mediator, at=t0, command_id="acc-1"
... )
>>> case.level.zh, case.accountable, case.escalations
('村社区', 'village-mediation', 1)
>>> case, _ = fire_case(rules, case, "mediate", actor=mediator, at=t0, command_id="m1")
>>> case.state, case.first_receiver
('mediating', 'village-mediation')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar

from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import (
    CaseAdvanced,
    CaseEvent,
    CaseOpened,
    CaseSupervised,
    CaseTransferAccepted,
    CaseTransferDeclined,
    CaseTransferRequested,
    case_stream,
)
from gridgov.cases.folding import apply_event
from gridgov.cases.vocabulary import (
    Card,
    CaseEffect,
    CaseSource,
    HandlingMode,
    Satisfaction,
    SupervisionKind,
    TransferKind,
    Urgency,
)
from gridgov.domain.regions import Level
from gridgov.errors import (
    IdempotencyConflictError,
    InvalidValueError,
    TransitionRefusedError,
)
from gridgov.flow import EMPTY_FIELDS, Actor, fire

__all__ = [
    "accept_transfer",
    "decline_transfer",
    "fire_case",
    "open_case",
    "request_transfer",
    "supervise",
]

E = TypeVar("E", bound=CaseEvent)


def _check_at(case: Case, at: datetime) -> None:
    """Refuse a naive instant or one before the case's last event."""
    try:
        backwards = at < case.updated_at
    except TypeError:  # naive against aware
        raise InvalidValueError("at", "a timezone-aware datetime", at) from None
    if backwards:
        raise InvalidValueError(
            "at", f"an instant at or after {case.updated_at.isoformat()}", at
        )


def _record(rules: CaseRules, case: Case, event: E) -> tuple[Case, E]:
    """Fold *event* into *case*, answering a retry of the last command."""
    if case.last.key == event.key:
        if case.last == event:
            return case, event
        raise IdempotencyConflictError(
            event.key, detail=f"it recorded {case.last.type_name}"
        )
    _check_at(case, event.occurred_at)
    return apply_event(rules, case, event), event


def _refuse_if_concluded(case: Case, command: str) -> None:
    if case.conclusion is not None:
        raise TransitionRefusedError(
            command=command,
            state=case.state,
            reason="terminal",
            detail=f"case {case.id!r} is concluded ({case.conclusion.zh})",
        )


_Enum = TypeVar(
    "_Enum",
    Urgency,
    CaseSource,
    Level,
    TransferKind,
    SupervisionKind,
    Card,
    HandlingMode,
)


def _member(name: str, cls: type[_Enum], value: str) -> _Enum:
    """Return *value* as a member of *cls*, or raise a located InvalidValueError."""
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(m.value for m in cls)
        raise InvalidValueError(name, f"one of {choices}", value) from None


def _nonempty(name: str, value: str) -> None:
    if not value.strip():
        raise InvalidValueError(name, "non-empty text", value)


def open_case(
    rules: CaseRules,
    *,
    case_id: str,
    category: str,
    urgency: Urgency,
    source: CaseSource,
    level: Level,
    unit: str,
    actor: Actor,
    at: datetime,
    command_id: str,
    title: str = "",
    handling_mode: HandlingMode | None = None,
    fields: Mapping[str, str] = EMPTY_FIELDS,
) -> tuple[Case, CaseOpened]:
    """
    Receive a case at *unit*: it starts in the workflow's initial state.

    The response clock starts now if the deadline table has a limit for it.
    The unit becomes accountable (首问) when it accepts (a command with the
    ``accept`` effect), or another unit does when it accepts a transfer.

    Raises:
        InvalidValueError: An empty id, category or unit, or a naive *at*.
    """
    for name, value in (("case_id", case_id), ("category", category), ("unit", unit)):
        _nonempty(name, value)
    event = CaseOpened(
        stream=case_stream(case_id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        case_id=case_id,
        workflow=rules.workflow.name,
        category=category,
        urgency=_member("urgency", Urgency, urgency),
        source=_member("source", CaseSource, source),
        level=_member("level", Level, level),
        unit=unit,
        title=title,
        handling_mode=handling_mode,
        fields=dict(fields),
    )
    return apply_event(rules, None, event), event


def _check_effect_fields(
    rules: CaseRules, command: str, fields: Mapping[str, str]
) -> None:
    effects = rules.workflow.effects.get(command, frozenset())
    if CaseEffect.EXTEND in effects:
        days = fields.get("days", "")
        if not days.isdigit() or int(days) < 1:
            raise InvalidValueError("fields.days", "a whole number of days >= 1", days)
    mode = fields.get("handling_mode")
    if CaseEffect.ACCEPT in effects and mode:
        _member("fields.handling_mode", HandlingMode, mode)
    if CaseEffect.EVALUATE in effects:
        value = fields.get("satisfaction", "")
        if value not in {s.value for s in Satisfaction}:
            choices = ", ".join(s.value for s in Satisfaction)
            raise InvalidValueError("fields.satisfaction", f"one of {choices}", value)


def fire_case(
    rules: CaseRules,
    case: Case,
    command: str,
    *,
    actor: Actor,
    at: datetime,
    command_id: str,
    fields: Mapping[str, str] = EMPTY_FIELDS,
) -> tuple[Case, CaseAdvanced]:
    """
    Fire a workflow command on the case; its effects (签收, 派遣, 办结 …) apply.

    Raises:
        TransitionRefusedError: The workflow refused it (see `gridgov.flow.fire`).
        InvalidValueError: A field an effect reads is malformed (``days``,
            ``satisfaction``), or *at* is before the case's last event.
        IdempotencyConflictError: *command_id* was used with another payload.
    """
    last = case.last
    if last.key == command_id:
        if isinstance(last, CaseAdvanced) and (
            last.command,
            last.actor,
            last.occurred_at,
            last.fields,
        ) == (command, actor.id, at, dict(fields)):
            return case, last
        raise IdempotencyConflictError(
            command_id, detail=f"it recorded {last.type_name}"
        )
    _check_at(case, at)
    flow = rules.workflow.flow
    instance, step = fire(
        flow,
        case.instance,
        command,
        actor=actor,
        at=at,
        command_id=command_id,
        fields=fields,
    )
    event = CaseAdvanced(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        command=command,
        source_state=step.source,
        target_state=step.target,
        version=step.version,
        fields=dict(step.fields),
    )
    if instance is case.instance:  # the flow answered a retry of an earlier step
        return case, event
    _check_effect_fields(rules, command, fields)
    return apply_event(rules, case, event), event


def request_transfer(
    rules: CaseRules,
    case: Case,
    *,
    kind: TransferKind,
    to_unit: str,
    reason: str,
    actor: Actor,
    at: datetime,
    command_id: str,
    to_level: Level | None = None,
) -> tuple[Case, CaseTransferRequested]:
    """
    Send the case to another unit: 转办, "not ours" (退回) or 上报上级.

    A return must name the unit the case belongs to; an escalation's
    *to_level* must be above the current level.

    Nothing changes hands until *to_unit* accepts (`accept_transfer`): the
    holder keeps the case and the accountable unit stays accountable.

    Raises:
        TransitionRefusedError: The case is concluded or already on its way
            to another unit.
        InvalidValueError: No target unit (a case is never silently dropped),
            the same unit, no reason, or an escalation that does not go up.
    """
    kind = _member("kind", TransferKind, kind)
    command = kind.value
    _refuse_if_concluded(case, command)
    if case.pending is not None:
        raise TransitionRefusedError(
            command=command,
            state=case.state,
            reason="wrong_state",
            detail=f"already sent to {case.pending.to_unit!r}, awaiting acceptance",
        )
    _nonempty("to_unit", to_unit)
    _nonempty("reason", reason)
    if to_unit == case.unit:
        raise InvalidValueError("to_unit", f"a unit other than {case.unit!r}", to_unit)
    level = case.level if to_level is None else _member("to_level", Level, to_level)
    if kind is TransferKind.ESCALATE and level.depth >= case.level.depth:
        raise InvalidValueError(
            "to_level", f"a level above {case.level.value} ({case.level.zh})", to_level
        )
    event = CaseTransferRequested(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        kind=kind,
        to_unit=to_unit,
        to_level=level,
        reason=reason,
    )
    return _record(rules, case, event)


def _pending_for(case: Case, unit: str, command: str) -> None:
    if case.pending is None:
        raise TransitionRefusedError(
            command=command,
            state=case.state,
            reason="wrong_state",
            detail=f"case {case.id!r} has not been sent to another unit",
        )
    if case.pending.to_unit != unit:
        raise InvalidValueError(
            "unit", f"the unit it was sent to, {case.pending.to_unit!r}", unit
        )


def accept_transfer(
    rules: CaseRules,
    case: Case,
    *,
    unit: str,
    actor: Actor,
    at: datetime,
    command_id: str,
) -> tuple[Case, CaseTransferAccepted]:
    """
    The unit the case was sent to accepts it: it now holds it and answers for it.

    Acceptance is 签收 for that unit: a running response clock stops and the
    resolution clock starts if it had not.

    Raises:
        TransitionRefusedError: Nothing is pending.
        InvalidValueError: *unit* is not the unit it was sent to.
    """
    _pending_for(case, unit, "accept_transfer")
    event = CaseTransferAccepted(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        unit=unit,
    )
    return _record(rules, case, event)


def decline_transfer(
    rules: CaseRules,
    case: Case,
    *,
    unit: str,
    reason: str,
    actor: Actor,
    at: datetime,
    command_id: str,
) -> tuple[Case, CaseTransferDeclined]:
    """
    The unit the case was sent to declines it, saying why; the holder keeps it.

    Raises:
        TransitionRefusedError: Nothing is pending.
        InvalidValueError: *unit* is not the unit it was sent to, or no reason.
    """
    _pending_for(case, unit, "decline_transfer")
    _nonempty("reason", reason)
    event = CaseTransferDeclined(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        unit=unit,
        reason=reason,
    )
    return _record(rules, case, event)


def supervise(
    rules: CaseRules,
    case: Case,
    *,
    kind: SupervisionKind,
    actor: Actor,
    at: datetime,
    command_id: str,
    card: Card | None = None,
    note: str = "",
) -> tuple[Case, CaseSupervised]:
    """
    Issue 催办 or 督办 on an open case, optionally with a 黄牌 or 红牌.

    Raises:
        TransitionRefusedError: The case is concluded.
    """
    kind = _member("kind", SupervisionKind, kind)
    _refuse_if_concluded(case, kind.value)
    event = CaseSupervised(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        kind=kind,
        card=None if card is None else _member("card", Card, card),
        note=note,
    )
    return _record(rules, case, event)
