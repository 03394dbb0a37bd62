"""
Moving a case between units, and supervising it: pure, returning ``(case, event)``.

首问负责: a transfer (转办), a "not ours" return (退回, naming the right unit) or
an escalation (上报上级) only *asks*; nothing changes hands until the receiving
unit accepts, and until then the accountable unit stays accountable. A declined
transfer leaves the case with its holder. 催办 and 督办 (with 黄牌 or 红牌) are
recorded with `supervise`.

>>> from datetime import datetime
>>> from gridgov.calendar import WeekendCalendar
>>> from gridgov.domain.regions import Level
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.flow import Actor
>>> from gridgov.cases import CaseRules, CaseSource, Urgency, fire_case, open_case
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

from datetime import datetime

from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import (
    CaseSupervised,
    CaseTransferAccepted,
    CaseTransferDeclined,
    CaseTransferRequested,
    case_stream,
)
from gridgov.cases.recording import (
    check_call,
    member,
    nonempty,
    record,
    refuse_if_concluded,
    text,
)
from gridgov.cases.vocabulary import Card, SupervisionKind, TransferKind
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError, TransitionRefusedError
from gridgov.flow import Actor

__all__ = ["accept_transfer", "decline_transfer", "request_transfer", "supervise"]


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
            the same unit, no reason, an escalation that does not go up, or
            an argument that is None or of a wrong type.
    """
    check_call(rules, case, actor=actor, at=at, command_id=command_id)
    kind = member("kind", TransferKind, kind)
    nonempty("to_unit", to_unit)
    nonempty("reason", reason)
    level = case.level if to_level is None else member("to_level", Level, to_level)
    command = kind.value
    refuse_if_concluded(case, command)
    if case.pending is not None:
        raise TransitionRefusedError(
            command=command,
            state=case.state,
            reason="wrong_state",
            detail=f"already sent to {case.pending.to_unit!r}, awaiting acceptance",
        )
    if to_unit == case.unit:
        raise InvalidValueError("to_unit", f"a unit other than {case.unit!r}", to_unit)
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
    return record(rules, case, event)


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
        InvalidValueError: *unit* is not the unit it was sent to, or an
            argument is None or of a wrong type.
    """
    check_call(rules, case, actor=actor, at=at, command_id=command_id)
    nonempty("unit", unit)
    _pending_for(case, unit, "accept_transfer")
    event = CaseTransferAccepted(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        unit=unit,
    )
    return record(rules, case, event)


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
        InvalidValueError: *unit* is not the unit it was sent to, no reason,
            or an argument that is None or of a wrong type.
    """
    check_call(rules, case, actor=actor, at=at, command_id=command_id)
    nonempty("unit", unit)
    nonempty("reason", reason)
    _pending_for(case, unit, "decline_transfer")
    event = CaseTransferDeclined(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        unit=unit,
        reason=reason,
    )
    return record(rules, case, event)


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
        InvalidValueError: An argument is None or of a wrong type.
    """
    check_call(rules, case, actor=actor, at=at, command_id=command_id)
    kind = member("kind", SupervisionKind, kind)
    shown = None if card is None else member("card", Card, card)
    text("note", note)
    refuse_if_concluded(case, kind.value)
    event = CaseSupervised(
        stream=case_stream(case.id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        kind=kind,
        card=shown,
        note=note,
    )
    return record(rules, case, event)
