"""
Opening a case and firing its workflow's commands: pure, returning ``(case, event)``.

Each builds one event and folds it with `gridgov.cases.folding.decide`, which
records on it the deadlines it computed (deadlines are facts: a replay under
another calendar gives them back); the caller appends the event to its
journal. The same *command_id* answers a retry with the original result (same
payload) or raises `gridgov.errors.IdempotencyConflictError` (different
payload); a key reused much later is caught by the journal, which keeps keys
unique per stream. Transfers,
escalation and supervision are in `gridgov.cases.transfers`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import CaseAdvanced, CaseOpened, case_stream
from gridgov.cases.folding import decide
from gridgov.cases.recording import (
    check_at,
    check_call,
    check_fields,
    member,
    nonempty,
    text,
)

# Transfers and supervision live in gridgov.cases.transfers; re-exported here so
# callers that imported every command from this module keep working.
from gridgov.cases.transfers import (
    accept_transfer,
    decline_transfer,
    request_transfer,
    supervise,
)
from gridgov.cases.vocabulary import (
    CaseEffect,
    CaseSource,
    HandlingMode,
    Satisfaction,
    Urgency,
)
from gridgov.domain.regions import Level
from gridgov.errors import IdempotencyConflictError, InvalidValueError
from gridgov.flow import EMPTY_FIELDS, Actor, fire

__all__ = [
    "accept_transfer",
    "decline_transfer",
    "fire_case",
    "open_case",
    "request_transfer",
    "supervise",
]


_DAYS = re.compile(r"[0-9]{1,4}")
"""An extension's ``days``: ASCII digits (full-width ones are refused)."""


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

    The response clock starts now if the deadline table has a limit for it;
    the event records its deadlines, computed with ``rules.calendar``.
    The unit becomes accountable (首问) when it accepts (a command with the
    ``accept`` effect), or another unit does when it accepts a transfer.

    Raises:
        InvalidValueError: An empty id, category or unit, a naive *at*, or
            any argument that is None (where None is not allowed) or of a
            wrong type, naming it.
    """
    check_call(rules, actor=actor, at=at, command_id=command_id, opening=True)
    for name, value in (("case_id", case_id), ("category", category), ("unit", unit)):
        nonempty(name, value)
    text("title", title)
    mode = (
        None
        if handling_mode is None
        else member("handling_mode", HandlingMode, handling_mode)
    )
    given = check_fields("fields", fields)
    event = CaseOpened(
        stream=case_stream(case_id),
        key=command_id,
        occurred_at=at,
        actor=actor.id,
        case_id=case_id,
        workflow=rules.workflow.name,
        category=category,
        urgency=member("urgency", Urgency, urgency),
        source=member("source", CaseSource, source),
        level=member("level", Level, level),
        unit=unit,
        title=title,
        handling_mode=mode,
        fields=given,
    )
    return decide(rules, None, event)


def _check_effect_fields(
    rules: CaseRules, command: str, fields: Mapping[str, str]
) -> None:
    effects = rules.workflow.effects.get(command, frozenset())
    if CaseEffect.EXTEND in effects:
        days = fields.get("days", "")
        if not _DAYS.fullmatch(days) or int(days) < 1:
            raise InvalidValueError("fields.days", "a whole number of days >= 1", days)
    mode = fields.get("handling_mode")
    if CaseEffect.ACCEPT in effects and mode:
        member("fields.handling_mode", HandlingMode, mode)
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
            ``satisfaction``), *at* is before the case's last event, or an
            argument is None or of a wrong type.
        IdempotencyConflictError: *command_id* was used with another payload.
    """
    check_call(rules, case, actor=actor, at=at, command_id=command_id)
    nonempty("command", command)
    fields = check_fields("fields", fields)
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
    check_at(case, at)
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
    return decide(rules, case, event)
