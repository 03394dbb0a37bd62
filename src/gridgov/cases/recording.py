"""
What every case command shares: argument checks, idempotent recording.

Every public call of `gridgov.cases` checks its arguments before it reads
them, so None or a value of the wrong type is an
`gridgov.errors.InvalidValueError` naming the argument, never an
AttributeError or TypeError from deep inside: `check_call` checks the rules,
the case, the actor, the instant and the command id that every command
takes; `text`, `nonempty`, `member` and `check_fields` the rest.

`record` folds a new event into a case (recording on it the deadlines it
computed, `gridgov.cases.folding.decide`), answering a retry of the case's
last command with the original result (same payload) or an
`gridgov.errors.IdempotencyConflictError` (different payload).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TypeVar, cast

import attrs

from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import CaseEvent, ClockEvent
from gridgov.cases.folding import decide
from gridgov.cases.vocabulary import (
    Card,
    CaseSource,
    HandlingMode,
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
from gridgov.flow import Actor

__all__ = [
    "check_at",
    "check_call",
    "check_fields",
    "check_instant",
    "member",
    "nonempty",
    "record",
    "refuse_if_concluded",
    "text",
]

E = TypeVar("E", bound=CaseEvent)


def check_instant(name: str, at: object) -> datetime:
    """Return *at* if it is a timezone-aware datetime, else raise InvalidValueError."""
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError(name, "a timezone-aware datetime", at)
    return at


def check_at(case: Case, at: datetime) -> None:
    """Refuse a naive instant or one before the case's last event."""
    check_instant("at", at)
    if at < case.updated_at:
        raise InvalidValueError(
            "at", f"an instant at or after {case.updated_at.isoformat()}", at
        )


def check_call(
    rules: object,
    case: object = None,
    *,
    actor: object,
    at: object,
    command_id: object,
    opening: bool = False,
    actor_id: bool = False,
) -> None:
    """
    Check what every case command takes: rules, case, actor, instant, key.

    *case* is not checked when *opening* (there is none yet). *actor* is a
    `gridgov.flow.Actor` with a non-empty id and text roles, or, with
    *actor_id* (the system jobs that take an id), a non-empty id as text.

    Raises:
        InvalidValueError: The first argument that is None or of a wrong type.
    """
    if not isinstance(rules, CaseRules):
        raise InvalidValueError("rules", "CaseRules", rules)
    if not opening and not isinstance(case, Case):
        raise InvalidValueError("case", "a Case", case)
    if actor_id:
        nonempty("actor", actor)
    elif isinstance(actor, Actor):
        nonempty("actor.id", actor.id)
        roles: object = actor.roles
        if not isinstance(roles, frozenset | set) or not all(
            isinstance(r, str) for r in roles
        ):
            raise InvalidValueError("actor.roles", "a frozenset of role names", roles)
    else:
        raise InvalidValueError("actor", "an Actor", actor)
    check_instant("at", at)
    nonempty("command_id", command_id)


def text(name: str, value: object) -> str:
    """Return *value* if it is text (may be empty), else raise InvalidValueError."""
    if not isinstance(value, str):
        raise InvalidValueError(name, "text", value)
    return value


def check_fields(name: str, fields: object) -> dict[str, str]:
    """Return *fields* as a dict if it maps text to text, else raise."""
    if not isinstance(fields, Mapping):
        raise InvalidValueError(name, "a mapping of field names to text", fields)
    pairs: list[tuple[object, object]] = list(fields.items())
    for key, value in pairs:
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidValueError(f"{name}[{key!r}]", "text", value)
    return dict(fields)


def record(rules: CaseRules, case: Case, event: E) -> tuple[Case, E]:
    """
    Fold *event* into *case*, answering a retry of the last command.

    A retry is the same request: its event equals the recorded one but for
    the deadlines the recorded one carries (they were decided the first time,
    perhaps under another calendar), and it is answered with the recorded one.
    """
    last = case.last
    if last.key == event.key:
        if _request(last) == _request(event):
            return case, cast("E", last)
        raise IdempotencyConflictError(
            event.key, detail=f"it recorded {last.type_name}"
        )
    check_at(case, event.occurred_at)
    return decide(rules, case, event)


def _request(event: CaseEvent) -> CaseEvent:
    """*event* without the deadlines a command decided (what a retry repeats)."""
    if isinstance(event, ClockEvent) and event.deadlines is not None:
        return attrs.evolve(event, deadlines=None)
    return event


def refuse_if_concluded(case: Case, command: str) -> None:
    """Raise TransitionRefusedError (reason ``terminal``) if the case has ended."""
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


def member(name: str, cls: type[_Enum], value: object) -> _Enum:
    """Return *value* as a member of *cls*, or raise a located InvalidValueError."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    choices = ", ".join(m.value for m in cls)
    raise InvalidValueError(name, f"one of {choices}", value)


def nonempty(name: str, value: object) -> str:
    """Return *value* if it is non-blank text, else raise InvalidValueError."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(name, "non-empty text", value)
    return value
