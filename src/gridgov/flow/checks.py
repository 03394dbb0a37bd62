"""
Checking a command before it fires, and explaining refusals.

`allowed` is the dry run: every command of a flow with whether an actor may
fire it now and, if not, which check blocks it (``wrong_state``, ``terminal``,
``role``, ``field``, ``guard``) in a sentence. `gridgov.flow.fire` runs the
same checks on its fast path and, when one fails, builds its
`gridgov.errors.TransitionRefusedError` here, so the two always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import attrs

from gridgov.errors import InvalidValueError, TransitionRefusedError, UnknownEntityError
from gridgov.flow.compiled import Flow, Transition
from gridgov.flow.records import EMPTY_FIELDS, Actor, FlowInstance

__all__ = ["Option", "allowed", "check_fields", "check_time", "refusal", "target_of"]


@attrs.frozen
class Option:
    """
    One command and whether an actor may fire it now, and if not, why.

    Attributes:
        command: The command's name.
        label_zh: Its Chinese label.
        allowed: Whether firing it now (with the fields given) would succeed.
        reason: ``""`` when allowed, else ``wrong_state``, ``terminal``,
            ``role``, ``field`` or ``guard``.
        detail: A sentence explaining the reason (the guard's own words).
        targets: The states it would lead to.
    """

    command: str
    label_zh: str
    allowed: bool
    reason: str
    detail: str
    targets: tuple[str, ...]


def check_time(instance: FlowInstance, at: datetime) -> None:
    """Raise InvalidValueError if *at* is naive or before the current state began."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError("at", "a timezone-aware datetime", at)
    if at < instance.since:
        raise InvalidValueError(
            "at", f"an instant at or after {instance.since.isoformat()}", at
        )


def check_fields(fields: Mapping[str, str]) -> None:
    """Field names and values are text (what forms and files carry)."""
    pairs: list[tuple[object, object]] = list(fields.items())
    for name, value in pairs:
        if not isinstance(name, str) or not isinstance(value, str):
            raise InvalidValueError(f"fields[{name!r}]", "text", value)


def target_of(t: Transition, fields: Mapping[str, str]) -> str | None:
    """Return where *t* leads with these fields, or None if the named target is bad."""
    if t.target:
        return t.target
    chosen = fields.get(t.target_field, "")
    return chosen if chosen in t.targets else None


def _missing_fields(t: Transition, fields: Mapping[str, str]) -> str:
    missing = [name for name in t.fields if not fields.get(name)]
    if missing:
        return f"missing required field(s): {', '.join(missing)}"
    if target_of(t, fields) is None:
        return (
            f"field {t.target_field!r} must name one of {', '.join(t.targets)}, "
            f"got {fields.get(t.target_field)!r}"
        )
    return ""


def _blocker(
    flow: Flow,
    *,
    instance: FlowInstance,
    command: str,
    actor: Actor,
    at: datetime,
    fields: Mapping[str, str],
) -> tuple[str, str] | None:
    """Return (reason, detail) if *command* would be refused, else None."""
    t = flow.table.get((instance.state, command))
    if t is None:
        if instance.state in flow.terminal:
            return "terminal", f"{instance.state!r} is a terminal state"
        froms = sorted(
            {s for tr in flow.transitions if tr.command == command for s in tr.sources}
        )
        return "wrong_state", f"{command!r} is allowed only from {', '.join(froms)}"
    if t.roles and t.roles.isdisjoint(actor.roles):
        needed = ", ".join(sorted(t.roles))
        return "role", f"actor {actor.id!r} needs one of the roles {needed}"
    missing = _missing_fields(t, fields)
    if missing:
        return "field", missing
    for g in t.guards:
        reason = g.check(instance, actor, at, fields)
        if reason is not None:
            return "guard", f"guard {g.kind}: {reason}"
    return None


def refusal(
    flow: Flow,
    *,
    instance: FlowInstance,
    command: str,
    actor: Actor,
    at: datetime,
    fields: Mapping[str, str],
) -> Exception:
    """Return the error for a refused command: which check failed, and what instead."""
    if command not in flow.commands:
        return UnknownEntityError(
            "command",
            command,
            hint=f"flow {flow.name!r} knows {', '.join(flow.commands)}",
        )
    blocked = _blocker(
        flow, instance=instance, command=command, actor=actor, at=at, fields=fields
    )
    reason, detail = blocked if blocked is not None else ("guard", "refused")
    instead = [
        t.command
        for t in flow.transitions
        if instance.state in t.sources
        and t.command != command
        and not (t.roles and t.roles.isdisjoint(actor.roles))
    ]
    return TransitionRefusedError(
        command=command,
        state=instance.state,
        reason=reason,
        detail=detail,
        allowed=instead,
    )


def allowed(
    flow: Flow,
    instance: FlowInstance,
    actor: Actor,
    as_of: datetime,
    fields: Mapping[str, str] = EMPTY_FIELDS,
) -> tuple[Option, ...]:
    """
    List every command of the flow with whether *actor* may fire it now, and why.

    A dry run: guards are evaluated at *as_of* with the *fields* given, so a
    form can show which commands need more input (``field``) before it is sent.
    """
    options: list[Option] = []
    for name, spec in flow.commands.items():
        blocked = _blocker(
            flow, instance=instance, command=name, actor=actor, at=as_of, fields=fields
        )
        t = flow.table.get((instance.state, name))
        targets = t.targets if t is not None else ()
        reason, detail = blocked if blocked is not None else ("", "")
        options.append(
            Option(name, spec.label_zh, blocked is None, reason, detail, targets)
        )
    return tuple(options)
