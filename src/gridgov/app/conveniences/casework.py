"""
Case command methods (事项办理), automatic escalation and deadline revision.

Each builds one command value and runs it through ``self.execute``; they
become methods of `gridgov.app.conveniences.CommandMethods`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from gridgov.app.commands import (
    AcceptCase,
    EscalateCase,
    EscalateDue,
    FireCase,
    OpenCase,
    ReviseDeadlines,
    SuperviseCase,
)
from gridgov.app.commands.case_opening import ActorLike
from gridgov.app.conveniences._protocol import Executes
from gridgov.cases.case import Case
from gridgov.cases.escalation import EscalationPolicy
from gridgov.cases.listing import CaseTable
from gridgov.cases.vocabulary import Card, CaseSource, SupervisionKind, Urgency
from gridgov.domain.regions import Level
from gridgov.logs import get_logger

__all__ = [
    "accept_case",
    "escalate_case",
    "escalate_due",
    "fire_case",
    "open_case",
    "revise_deadlines",
    "supervise_case",
]

_log = get_logger("gridgov.app")


def open_case(
    self: Executes,
    case_id: str,
    *,
    category: str,
    region: str,
    actor: ActorLike,
    at: datetime,
    source: CaseSource = CaseSource.RESIDENT,
    title: str = "",
    household: str | None = None,
    urgency: Urgency = Urgency.NORMAL,
    workflow: str | None = None,
    level: Level | None = None,
    unit: str | None = None,
    key: str | None = None,
) -> Case:
    """
    Receive a case (受理) in *region* (`OpenCase`).

    Raises:
        UnknownEntityError: Unknown region, household or workflow.
        DuplicateEntityError: The case exists (under another key).
        InvalidValueError: Empty id or category, or a naive *at*.
    """
    return self.execute(
        OpenCase(
            case_id=case_id,
            category=category,
            region=region,
            actor=actor,
            at=at,
            source=source,
            title=title,
            household=household,
            urgency=urgency,
            workflow=workflow,
            level=level,
            unit=unit,
            key=key,
        )
    )


def fire_case(
    self: Executes,
    case_id: str,
    command: str,
    *,
    actor: ActorLike,
    at: datetime,
    key: str,
    fields: Mapping[str, str] | None = None,
    claim_for: Sequence[str] = (),
) -> Case:
    """
    Fire a workflow command on a case (立案, 派遣, 调解 …; `FireCase`).

    Raises:
        TransitionRefusedError: The workflow refused the command.
        UnknownEntityError: Unknown case, or a claim for an unknown household.
    """
    return self.execute(
        FireCase(
            case_id=case_id,
            command=command,
            actor=actor,
            at=at,
            key=key,
            fields=dict(fields or {}),
            claim_for=tuple(claim_for),
        )
    )


def escalate_case(
    self: Executes,
    case_id: str,
    *,
    to_unit: str,
    to_level: Level,
    reason: str,
    actor: ActorLike,
    at: datetime,
    key: str,
) -> Case:
    """Send a case up the ladder (上报上级; `EscalateCase`)."""
    return self.execute(
        EscalateCase(
            case_id=case_id,
            to_unit=to_unit,
            to_level=to_level,
            reason=reason,
            actor=actor,
            at=at,
            key=key,
        )
    )


def accept_case(
    self: Executes, case_id: str, *, unit: str, actor: ActorLike, at: datetime, key: str
) -> Case:
    """The unit a case was sent to accepts it (接收; `AcceptCase`)."""
    return self.execute(
        AcceptCase(case_id=case_id, unit=unit, actor=actor, at=at, key=key)
    )


def supervise_case(
    self: Executes,
    case_id: str,
    *,
    kind: SupervisionKind,
    actor: ActorLike,
    at: datetime,
    key: str,
    card: Card | None = None,
    note: str = "",
) -> Case:
    """Issue 催办 or 督办 on a case, with a 黄牌 or 红牌 (`SuperviseCase`)."""
    return self.execute(
        SuperviseCase(
            case_id=case_id,
            kind=kind,
            actor=actor,
            at=at,
            key=key,
            card=card,
            note=note,
        )
    )


def escalate_due(
    self: Executes,
    *,
    as_of: datetime,
    actor: ActorLike,
    policy: EscalationPolicy | None = None,
    key: str | None = None,
) -> CaseTable:
    """
    Send up every case the escalation policy says is due (`EscalateDue`).

    Each case sent up is logged at INFO on ``gridgov.app`` (level, reason).
    """
    moved = self.execute(EscalateDue(at=as_of, actor=actor, policy=policy, key=key))
    for case in moved:
        transfer = case.pending
        if transfer is not None:
            why, _, detail = transfer.reason.partition(": ")
            _log.info(
                "escalated case %s to %s (%s): %s",
                case.id,
                transfer.to_level.zh,
                why,
                detail,
            )
    return moved


def revise_deadlines(
    self: Executes, *, at: datetime, actor: str, reason: str, key: str | None = None
) -> CaseTable:
    """
    Revise the provisional deadlines (暂定) of open cases (`ReviseDeadlines`).

    Run it once the missing holiday notice is installed (a newer
    ``holidays``, or a ``calendar.toml``); each revision is an event.
    """
    return self.execute(ReviseDeadlines(at=at, actor=actor, reason=reason, key=key))
