"""
Township-wide case commands: automatic escalation and deadline revision.

`EscalateDue` sends up every case the escalation policy says is due (自动上报);
`ReviseDeadlines` recomputes the provisional deadlines (暂定) of open cases once
a missing holiday notice is installed (时限修正). Their subjects are the
township's escalations and deadlines; their results are the cases they moved.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import (
    Command,
    Decision,
    Handler,
    derived_key,
    strings,
    text,
)
from gridgov.app.commands.case_opening import (
    ActorLike,
    case_as_of,
    case_of,
)
from gridgov.app.commands.cases import EscalateCase, escalation_events
from gridgov.cases import (
    revise_deadlines,
)
from gridgov.cases.case import Case
from gridgov.cases.escalation import EscalationPolicy, due_escalations
from gridgov.cases.listing import CaseTable
from gridgov.domain.events import Event
from gridgov.domain.regions import Level

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = ["EscalateDue", "ReviseDeadlines"]


@attrs.frozen(kw_only=True)
class EscalateDue(Command[CaseTable]):
    """
    Send up every case the escalation policy says is due at *at* (自动上报).

    Each case goes to the region at the next level above its own, keyed by the
    level (``escalate:<level>``), so a later run does not send it twice; the
    receiving unit still has to accept it. With *regions*, only the cases
    opened in those regions (a scoped view's). The key defaults to
    ``due@<as_of>`` (and the regions); the subject is the township's
    escalations.
    """

    label_zh = "自动上报"

    at: datetime
    actor: ActorLike
    policy: EscalationPolicy | None = None
    regions: tuple[str, ...] = attrs.field(default=(), converter=strings)
    key: str | None = None

    @property
    def subject(self) -> str:
        """The township's escalations."""
        return "escalations"

    def derived_key(self) -> str | None:
        """The key when none is given: ``due@<at>`` (and ``@<regions>``)."""
        within = f"@{','.join(self.regions)}" if self.regions else ""
        return f"due@{self.when.isoformat()}{within}"


def _unit_at(state: State, case: Case, level: Level) -> str:
    """The region at *level* above the case's region (its code names the unit)."""
    opened = state.opening(case.id)
    region = opened.fields.get("region", "") if opened is not None else ""
    roster = state.roster
    if region in roster.regions:
        for r in (roster.region(region), *roster.ancestors(region)):
            if r.level is level:
                return r.code
    return level.value


def _opened_within(state: State, case: Case, regions: tuple[str, ...]) -> bool:
    opened = state.opening(case.id)
    region = opened.fields.get("region", "") if opened is not None else ""
    roster = state.roster
    return region in roster.regions and any(roster.within(region, r) for r in regions)


def _decide_due(command: EscalateDue, state: State) -> Decision:
    at = command.when
    policy = command.policy or state.config.escalation or EscalationPolicy()
    cases: list[Case] = [
        c
        for c in state.cases.values()
        if not command.regions or _opened_within(state, c, command.regions)
    ]
    due = due_escalations(
        cases, as_of=at, policy=policy, calendar=state.config.calendar
    )
    events: list[Event] = []
    for item in due:
        case = case_of(state, item.case_id)
        step = EscalateCase(
            case_id=case.id,
            to_unit=_unit_at(state, case, item.to_level),
            to_level=item.to_level,
            reason=f"{item.reason.zh}: {item.detail}",
            actor=command.actor,
            at=at,
            key=derived_key(command, f"escalate:{item.to_level.value}"),
        )
        events.extend(escalation_events(state, case, step))
    return Decision(tuple(events), refs=tuple(item.case_id for item in due))


def _cases_answer(
    command: EscalateDue | ReviseDeadlines, state: State, refs: tuple[str, ...]
) -> CaseTable:
    key = derived_key(command)
    return CaseTable(case_as_of(state, c, key, prefix=True) for c in refs)


@attrs.frozen(kw_only=True)
class ReviseDeadlines(Command[CaseTable]):
    """
    Recompute the provisional deadlines (暂定时限) of open cases (时限修正).

    A deadline that reached a year whose holiday notice was not installed was
    estimated (`gridgov.app.default_calendar`). Once the notice is in — a newer
    ``holidays``, or the township's ``calendar.toml`` — this records, for each
    open case with provisional deadlines that the workspace's calendar now
    computes differently, a `gridgov.cases.DeadlinesRevised` event with
    *reason*, all in one append. The result is the revised cases. The key
    defaults to the calendar's version: running it again with the same
    calendar finds nothing to do.
    """

    label_zh = "时限修正"

    at: datetime
    actor: str
    reason: str
    key: str | None = None

    @property
    def subject(self) -> str:
        """The township's deadline revisions."""
        return "deadlines"

    def derived_key(self) -> str | None:
        """The key when none is given: ``revise@<at>``."""
        return f"revise@{self.when.isoformat()}"


def _decide_revise(command: ReviseDeadlines, state: State) -> Decision:
    text("reason", command.reason)
    events: list[Event] = []
    revised: list[str] = []
    for case in state.cases.values():
        if not case.provisional_deadlines:
            continue
        done = revise_deadlines(
            state.rules(case.workflow),
            case,
            at=command.when,
            reason=command.reason,
            actor=text("actor", command.actor),
            command_id=derived_key(command),
        )
        if done is not None:
            events.append(done[1])
            revised.append(case.id)
    return Decision(tuple(events), refs=tuple(revised))


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    EscalateDue: Handler(_decide_due, _cases_answer),
    ReviseDeadlines: Handler(_decide_revise, _cases_answer),
}
"""The handler of every township-wide case command."""
