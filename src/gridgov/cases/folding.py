"""
Folding case events into a `Case`: the one place a case changes.

Every command in `gridgov.cases.commands` builds an event and calls `decide`;
`replay_case` folds a stored history with `apply_event`, the same fold, so
replaying a case's events always gives the case the commands returned.

Deadlines are facts. When a command starts, extends or resumes a clock,
`decide` computes the deadlines with the rules' calendar and records them on
the event (`gridgov.cases.events.RecordedDeadline`); folding the event sets
them without asking the calendar or the deadline table, so a replay under a
newer calendar gives the same case, and only a `DeadlinesRevised` event (which
also carries its deadlines) changes them. Events written before deadlines
were recorded are folded as before: their deadlines are computed with the
rules' calendar (`gridgov.cases.timing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import attrs

from gridgov.cases import deadlines as dl
from gridgov.cases.case import Case, CaseRules, Supervision, Transfer
from gridgov.cases.events import (
    CaseAdvanced,
    CaseEvent,
    CaseOpened,
    CaseSupervised,
    CaseTransferAccepted,
    CaseTransferDeclined,
    CaseTransferRequested,
    ClockEvent,
    DeadlinesRevised,
)
from gridgov.cases.timing import Clocks, set_deadlines
from gridgov.cases.vocabulary import (
    CaseEffect,
    Conclusion,
    HandlingMode,
    Hold,
    Satisfaction,
    TransferKind,
)
from gridgov.errors import IntegrityError
from gridgov.flow import Actor, Step, apply_step, start

__all__ = ["apply_event", "decide", "replay_case"]

E = TypeVar("E", bound=CaseEvent)

_CONCLUSIONS = {
    CaseEffect.RESOLVE: Conclusion.RESOLVED,
    CaseEffect.REFER: Conclusion.REFERRED,
    CaseEffect.DECLINE: Conclusion.DECLINED,
    CaseEffect.VOID: Conclusion.VOIDED,
}
_HOLDS = {CaseEffect.PARK: Hold.PARKED, CaseEffect.DEFER: Hold.DEFERRED}


def _running(clock: dl.DeadlineClock | None) -> bool:
    return clock is not None and clock.stopped_at is None


def _accept(
    clocks: Clocks,
    case: Case,
    unit: str,
    at: datetime,
    by: str,
    **also: object,
) -> Case:
    """
    签收: stop the response clock, start the resolution clock, set 首问.

    Only the first acceptance makes a unit accountable; accepting again (after
    a 回退, say) does not move accountability: only a transfer does. *also*
    are further changes made in the same step (a handling mode); none of them
    may be one the resolution limit is looked up by (category, urgency, level,
    state), since the limit is read from *case* as it is.
    """
    changes: dict[str, object] = {
        "accountable": case.accountable or unit,
        "first_receiver": case.first_receiver or unit,
        "worker": case.worker or by,
        **also,
    }
    if case.response is not None and _running(case.response):
        stopped = dl.stop(case.response, at=at)
        changes.update(response=stopped, response_outcome=dl.outcome(stopped))
    if case.resolution is None:
        clock = clocks.start(case, dl.ClockKind.RESOLUTION, at)
        changes["resolution"] = clock
        if clock is not None:
            changes["calendar_version"] = clocks.version
    # One evolve per step: a Case has 31 fields and evolve is most of a fold's cost.
    return attrs.evolve(case, **changes)  # type: ignore[arg-type]


def _conclude(case: Case, conclusion: Conclusion, at: datetime) -> Case:
    """Stop the running clocks and freeze on-time or late (the deciding transition)."""
    response, resolution = case.response, case.resolution
    if response is not None and _running(response):
        response = dl.stop(response, at=at)
    if resolution is not None and _running(resolution):
        resolution = dl.stop(resolution, at=at)
    return attrs.evolve(
        case,
        response=response,
        resolution=resolution,
        response_outcome=case.response_outcome
        or (dl.outcome(response) if response is not None else None),
        resolution_outcome=dl.outcome(resolution) if resolution is not None else None,
        conclusion=conclusion,
        concluded_at=at,
    )


def _each_clock(case: Case, change: str, clocks: Clocks, at: datetime) -> Case:
    """Pause or resume every running clock."""
    out: dict[str, object] = {}
    for name in ("response", "resolution"):
        clock: dl.DeadlineClock | None = getattr(case, name)
        if clock is None or not _running(clock):
            continue
        paused = clock.paused_since is not None
        if change == "pause" and not paused:
            out[name] = dl.pause(clock, at=at)
        elif change == "resume" and paused:
            out[name] = clocks.resume(clock, at=at)
            out["calendar_version"] = clocks.version
    return attrs.evolve(case, **out)  # type: ignore[arg-type]


def _effect(
    clocks: Clocks, case: Case, effect: CaseEffect, event: CaseAdvanced
) -> Case:
    at, fields = event.occurred_at, event.fields
    if effect is CaseEffect.ACCEPT:
        mode = fields.get("handling_mode")
        # 签收 may decide 马上办 / 代着办 / 领着办 / 上门办
        also = {"handling_mode": HandlingMode(mode)} if mode else {}
        return _accept(clocks, case, case.unit, at, event.actor, **also)
    if effect is CaseEffect.ASSIGN:
        return attrs.evolve(
            case, unit=fields["unit"], worker=fields.get("worker") or case.worker
        )
    if effect in _CONCLUSIONS:
        return _conclude(case, _CONCLUSIONS[effect], at)
    if effect in _HOLDS:
        return attrs.evolve(_each_clock(case, "pause", clocks, at), hold=_HOLDS[effect])
    if effect is CaseEffect.EXTEND and _running(case.resolution):
        assert case.resolution is not None  # noqa: S101 - narrowed by _running
        clock = clocks.extend(
            case.resolution,
            int(fields["days"]),
            at=at,
            approved_by=event.actor,
            reason=fields.get("reason", ""),
        )
        return attrs.evolve(case, resolution=clock, calendar_version=clocks.version)
    simple: dict[CaseEffect, Callable[[Case], Case]] = {
        CaseEffect.RESUME: lambda c: attrs.evolve(
            _each_clock(c, "resume", clocks, at), hold=None
        ),
        CaseEffect.VERIFY: lambda c: attrs.evolve(c, verified=True),
        CaseEffect.REWORK: lambda c: attrs.evolve(
            c, reworks=c.reworks + 1, verified=False
        ),
        CaseEffect.RETURN: lambda c: attrs.evolve(c, returns=c.returns + 1),
        CaseEffect.EVALUATE: lambda c: attrs.evolve(
            c, satisfaction=Satisfaction(fields["satisfaction"])
        ),
    }
    change = simple.get(effect)
    return change(case) if change is not None else case


def _opened(clocks: Clocks, e: CaseOpened) -> Case:
    flow = clocks.rules.workflow.flow
    if e.workflow != flow.name:
        msg = f"case {e.case_id!r} runs on {e.workflow!r}, not {flow.name!r}"
        raise IntegrityError(msg)
    instance, _ = start(
        flow,
        e.case_id,
        actor=Actor(e.actor),
        at=e.occurred_at,
        command_id=e.key,
        fields=e.fields,
    )
    case = Case(
        id=e.case_id,
        workflow=e.workflow,
        instance=instance,
        category=e.category,
        urgency=e.urgency,
        source=e.source,
        title=e.title,
        handling_mode=e.handling_mode,
        opened_at=e.occurred_at,
        opened_level=e.level,
        level=e.level,
        level_since=e.occurred_at,
        unit=e.unit,
        last=e,
    )
    response = clocks.start(case, dl.ClockKind.RESPONSE, e.occurred_at)
    if response is None:
        return case
    return attrs.evolve(case, response=response, calendar_version=clocks.version)


def _advanced(clocks: Clocks, case: Case, e: CaseAdvanced) -> Case:
    rules = clocks.rules
    step = Step(
        case.id,
        e.key,
        e.command,
        e.source_state,
        e.target_state,
        e.actor,
        e.occurred_at,
        e.version,
        e.fields,
    )
    case = attrs.evolve(
        case, instance=apply_step(rules.workflow.flow, case.instance, step), last=e
    )
    effects = rules.workflow.effects.get(e.command, frozenset())
    for effect in CaseEffect:  # a fixed order, whatever the spec's order
        if effect in effects:
            case = _effect(clocks, case, effect, e)
    return case


def _transfer_accepted(clocks: Clocks, case: Case, e: CaseTransferAccepted) -> Case:
    pending = case.pending
    if pending is None or pending.to_unit != e.unit:
        msg = f"case {case.id!r} has no pending transfer to {e.unit!r}"
        raise IntegrityError(msg)
    up = pending.kind is TransferKind.ESCALATE
    case = attrs.evolve(
        case,
        unit=e.unit,
        accountable=e.unit,
        level=pending.to_level,
        level_since=e.occurred_at
        if pending.to_level != case.level
        else case.level_since,
        pending=None,
        worker=None,
        escalations=case.escalations + up,
        last=e,
    )
    # A second evolve: the new level decides the resolution limit _accept looks up.
    return _accept(clocks, case, e.unit, e.occurred_at, e.actor)


def _revised(_clocks: Clocks, case: Case, e: DeadlinesRevised) -> Case:
    """Set the deadlines *e* carries on the running clocks (no calendar asked)."""
    changes: dict[str, object] = {"calendar_version": e.calendar_version, "last": e}
    for new in e.deadlines:
        name = new.kind.value  # "response" or "resolution", the Case field
        clock = changes.get(name, getattr(case, name))
        if not isinstance(clock, dl.DeadlineClock) or clock.stopped_at is not None:
            msg = f"case {case.id!r} has no running {name} clock to revise"
            raise IntegrityError(msg)
        changes[name] = set_deadlines(clock, new)
    return attrs.evolve(case, **changes)  # type: ignore[arg-type]


def _transfer_requested(_clocks: Clocks, case: Case, e: CaseTransferRequested) -> Case:
    return attrs.evolve(
        case,
        last=e,
        pending=Transfer(
            kind=e.kind,
            to_unit=e.to_unit,
            to_level=e.to_level,
            reason=e.reason,
            requested_at=e.occurred_at,
            requested_by=e.actor,
        ),
        returns=case.returns + (e.kind is TransferKind.RETURN),
    )


def _transfer_declined(_clocks: Clocks, case: Case, e: CaseTransferDeclined) -> Case:
    if case.pending is None or case.pending.to_unit != e.unit:
        msg = f"case {case.id!r} has no pending transfer to {e.unit!r}"
        raise IntegrityError(msg)
    return attrs.evolve(case, pending=None, last=e)


def _supervised(_clocks: Clocks, case: Case, e: CaseSupervised) -> Case:
    note = Supervision(
        kind=e.kind, card=e.card, at=e.occurred_at, by=e.actor, note=e.note
    )
    return attrs.evolve(case, supervisions=(*case.supervisions, note), last=e)


_FOLDS: dict[type[CaseEvent], Callable[[Clocks, Case, Any], Case]] = {
    CaseAdvanced: _advanced,  # it records the event as `last`, as all do
    CaseTransferRequested: _transfer_requested,
    CaseTransferAccepted: _transfer_accepted,
    CaseTransferDeclined: _transfer_declined,
    CaseSupervised: _supervised,
    DeadlinesRevised: _revised,
}


def apply_event(rules: CaseRules, case: Case | None, event: CaseEvent) -> Case:
    """
    Return *case* changed by *event* (None before the opening event).

    Deadlines the event records are set as they are; *rules*' calendar and
    time limits are read only for an event written before deadlines were
    recorded (see the module docs).

    Raises:
        IntegrityError: The event does not fit the case (wrong stream, a step
            the workflow does not have, an acceptance nobody asked for, new
            deadlines for a clock that is not running, a clock moved without
            its recorded deadline …).
    """
    return _apply(Clocks(rules, event), case, event)


def decide(rules: CaseRules, case: Case | None, event: E) -> tuple[Case, E]:
    """
    Fold a new *event* and record on it the deadlines it computed.

    For a command: *event* is built without deadlines; when folding it starts,
    extends or resumes a clock (or looks for a limit and finds none), the
    deadlines computed with ``rules.calendar`` now are set on the event
    (`gridgov.cases.events.ClockEvent.deadlines`), and the case's ``last``
    is that event. Folding the returned event with `apply_event`, under any
    calendar, gives the returned case.

    Raises:
        IntegrityError: As `apply_event`.
    """
    clocks = Clocks(rules, event)
    folded = _apply(clocks, case, event)
    decided = clocks.decided
    if decided is None or not isinstance(event, ClockEvent):
        return folded, event
    event = attrs.evolve(event, deadlines=decided)
    return attrs.evolve(folded, last=event), event


def _apply(clocks: Clocks, case: Case | None, event: CaseEvent) -> Case:
    if case is None:
        if not isinstance(event, CaseOpened):
            msg = f"a case history must start with CaseOpened, got {event.type_name}"
            raise IntegrityError(msg)
        return _opened(clocks, event)
    if event.stream != case.last.stream:
        msg = f"event {event.key!r} is on {event.stream!r}, not {case.last.stream!r}"
        raise IntegrityError(msg)
    fold = _FOLDS.get(type(event))
    if fold is None:
        msg = f"a case cannot apply a {event.type_name}"
        raise IntegrityError(msg)
    return fold(clocks, case, event)


def replay_case(rules: CaseRules, events: Iterable[CaseEvent]) -> Case:
    """
    Rebuild a case from its events, oldest first.

    Raises:
        IntegrityError: The history is empty or an event does not fit.
    """
    case: Case | None = None
    for event in events:
        case = apply_event(rules, case, event)
    if case is None:
        msg = "a case history needs at least its CaseOpened event"
        raise IntegrityError(msg)
    return case
