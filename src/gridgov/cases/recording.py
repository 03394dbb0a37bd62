"""
What every case command shares: time checks, enum and text checks, idempotent recording.

`record` folds a new event into a case (recording on it the deadlines it
computed, `gridgov.cases.folding.decide`), answering a retry of the case's
last command with the original result (same payload) or an
`gridgov.errors.IdempotencyConflictError` (different payload).
"""

from __future__ import annotations

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

__all__ = ["check_at", "member", "nonempty", "record", "refuse_if_concluded"]

E = TypeVar("E", bound=CaseEvent)


def check_at(case: Case, at: datetime) -> None:
    """Refuse a naive instant or one before the case's last event."""
    try:
        backwards = at < case.updated_at
    except TypeError:  # naive against aware
        raise InvalidValueError("at", "a timezone-aware datetime", at) from None
    if backwards:
        raise InvalidValueError(
            "at", f"an instant at or after {case.updated_at.isoformat()}", at
        )


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


def member(name: str, cls: type[_Enum], value: str) -> _Enum:
    """Return *value* as a member of *cls*, or raise a located InvalidValueError."""
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(m.value for m in cls)
        raise InvalidValueError(name, f"one of {choices}", value) from None


def nonempty(name: str, value: str) -> None:
    """Raise InvalidValueError if *value* is empty or blank."""
    if not value.strip():
        raise InvalidValueError(name, "non-empty text", value)
