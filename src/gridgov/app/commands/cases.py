"""
Case commands (事项办理) and their handlers, over `gridgov.cases`.

`OpenCase` receives a case; `FireCase` fires a workflow command (立案, 派遣,
调解 …); `EscalateCase`, `AcceptCase` and `SuperviseCase` move it between units
and supervise it. The subject of each is the case's stream (``case:<id>``), so
a key is unique within its case. Township-wide case commands (automatic
escalation, deadline revision) are in `gridgov.app.commands.case_sweeps`.

What crosses engines is decided here too: an escalated case that names a
household adds a visit trigger (发生事件), and a resolved dispute files a points
claim for each household in ``claim_for`` (`gridgov.app.commands.claims`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import Command, Decision, Handler, strings, text
from gridgov.app.commands.case_opening import (
    ActorLike,
    case_actor,
    case_as_of,
    case_of,
    decide_opening,
)
from gridgov.app.commands.claims import FileClaim, decide_file_claim
from gridgov.cases import (
    accept_transfer,
    fire_case,
    request_transfer,
)
from gridgov.cases import supervise as supervise_case
from gridgov.cases.case import Case
from gridgov.cases.events import CaseEvent, case_stream
from gridgov.cases.vocabulary import (
    Card,
    CaseSource,
    Conclusion,
    SupervisionKind,
    TransferKind,
    Urgency,
)
from gridgov.domain.events import Event
from gridgov.domain.ids import HouseholdId
from gridgov.domain.regions import Level
from gridgov.io.calendar import log_provisional_years
from gridgov.visits.events import HouseholdChangeNoted, change_stream
from gridgov.visits.policy import TriggerKind

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = [
    "AcceptCase",
    "EscalateCase",
    "FireCase",
    "OpenCase",
    "SuperviseCase",
    "escalation_events",
]


def _fields(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _case_answer(command: _OnCase, state: State, _refs: tuple[str, ...]) -> Case:
    case = case_as_of(state, command.case_id, command.request_key)
    if case.provisional_deadlines:
        years = {
            y
            for c in (case.response, case.resolution)
            if c
            for y in c.provisional_years
        }
        log_provisional_years(years, calendar=state.config.calendar)
    return case


@attrs.frozen(kw_only=True)
class _OnCase(Command[Case]):
    """A command whose subject is one case."""

    case_id: str

    @property
    def subject(self) -> str:
        """The case's stream."""
        return case_stream(self.case_id)


@attrs.frozen(kw_only=True)
class OpenCase(_OnCase):
    """
    Receive a case (受理) in *region* on *workflow* (default: the config's).

    ``source = CaseSource.ASSIGNED`` marks an item assigned from above (上级交办).
    The key defaults to ``"open"``: the case id is the request's identity.
    """

    label_zh = "受理"
    default_key = "open"

    category: str
    region: str
    actor: ActorLike
    at: datetime
    source: CaseSource = CaseSource.RESIDENT
    title: str = ""
    household: str | None = None
    urgency: Urgency = Urgency.NORMAL
    workflow: str | None = None
    level: Level | None = None
    unit: str | None = None
    key: str | None = None


def _decide_open(command: OpenCase, state: State) -> Decision:
    opened = decide_opening(
        state,
        case_id=command.case_id,
        category=command.category,
        source=command.source,
        region=command.region,
        actor=command.actor,
        at=command.when,
        key=command.request_key,
        title=command.title,
        household=command.household,
        urgency=command.urgency,
        workflow=command.workflow,
        level=command.level,
        unit=command.unit,
    )
    return Decision((opened,))


@attrs.frozen(kw_only=True)
class _KeyedCaseCommand(_OnCase):
    """A case command with a required key (unique within the case)."""

    actor: ActorLike
    at: datetime
    key: str


@attrs.frozen(kw_only=True)
class FireCase(_KeyedCaseCommand):
    """
    Fire a workflow command on a case (立案, 派遣, 处置, 调解, 化解 …).

    With ``claim_for``, a command that resolves the case also files a points
    claim for each household (``kind = "mediation"`` on the dispute workflow,
    else ``"volunteer"``), in the same append.
    """

    label_zh = "办理"

    command: str
    fields: Mapping[str, str] = attrs.field(factory=dict, converter=_fields)
    claim_for: tuple[str, ...] = attrs.field(default=(), converter=strings)


def _decide_fire(command: FireCase, state: State) -> Decision:
    case = case_of(state, command.case_id)
    who = case_actor(command.actor, state)
    after, event = fire_case(
        state.rules(case.workflow),
        case,
        text("command", command.command),
        actor=who,
        at=command.when,
        command_id=command.request_key,
        fields=dict(command.fields),
    )
    events: list[Event] = [event]
    if command.claim_for and after.conclusion is Conclusion.RESOLVED:
        kind = (
            "mediation"
            if case.workflow == state.config.dispute_workflow
            else "volunteer"
        )
        for household in command.claim_for:
            filing = FileClaim(
                claim_id=f"{case.id}:{household}",
                account=household,
                at=command.when,
                actor=who.id,
                text={"kind": kind},
                origin=case_stream(case.id),
            )
            events.extend(decide_file_claim(filing, state).events)
    return Decision(tuple(events))


@attrs.frozen(kw_only=True)
class EscalateCase(_KeyedCaseCommand):
    """
    Send a case up the ladder (上报上级); it moves when *to_unit* accepts.

    If the case names a household, a visit trigger (发生事件) is recorded for
    it, so the visit policy asks for a prompt visit.
    """

    label_zh = "上报"

    to_unit: str
    to_level: Level
    reason: str


def escalation_events(
    state: State, case: Case, command: EscalateCase
) -> list[CaseEvent | HouseholdChangeNoted]:
    """The escalation's transfer request, and a visit trigger if a household."""
    _, event = request_transfer(
        state.rules(case.workflow),
        case,
        kind=TransferKind.ESCALATE,
        to_unit=text("to_unit", command.to_unit),
        to_level=command.to_level,
        reason=command.reason,
        actor=case_actor(command.actor, state),
        at=command.when,
        command_id=command.request_key,
    )
    opened = state.opening(case.id)
    household = opened.fields.get("household") if opened is not None else None
    if household is None:
        return [event]
    trigger = HouseholdChangeNoted(
        stream=change_stream(HouseholdId(household)),
        key=f"{case.id}:{command.request_key}",
        occurred_at=command.when,
        household=HouseholdId(household),
        change=TriggerKind.CASE,
        detail=f"{case.id} 上报 {command.to_level.zh}: {command.reason}",
    )
    return [event, trigger]


def _decide_escalate(command: EscalateCase, state: State) -> Decision:
    case = case_of(state, command.case_id)
    return Decision(tuple(escalation_events(state, case, command)))


@attrs.frozen(kw_only=True)
class AcceptCase(_KeyedCaseCommand):
    """The unit a case was sent to accepts it (接收); it becomes accountable."""

    label_zh = "接收"

    unit: str


def _decide_accept(command: AcceptCase, state: State) -> Decision:
    case = case_of(state, command.case_id)
    _, event = accept_transfer(
        state.rules(case.workflow),
        case,
        unit=text("unit", command.unit),
        actor=case_actor(command.actor, state),
        at=command.when,
        command_id=command.request_key,
    )
    return Decision((event,))


@attrs.frozen(kw_only=True)
class SuperviseCase(_KeyedCaseCommand):
    """Issue 催办 or 督办 on a case, with a 黄牌 or 红牌 if given."""

    label_zh = "督办"

    kind: SupervisionKind
    card: Card | None = None
    note: str = ""


def _decide_supervise(command: SuperviseCase, state: State) -> Decision:
    case = case_of(state, command.case_id)
    _, event = supervise_case(
        state.rules(case.workflow),
        case,
        kind=command.kind,
        actor=case_actor(command.actor, state),
        at=command.when,
        command_id=command.request_key,
        card=command.card,
        note=command.note,
    )
    return Decision((event,))


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    OpenCase: Handler(_decide_open, _case_answer),
    FireCase: Handler(_decide_fire, _case_answer),
    EscalateCase: Handler(_decide_escalate, _case_answer),
    AcceptCase: Handler(_decide_accept, _case_answer),
    SuperviseCase: Handler(_decide_supervise, _case_answer),
}
"""The handler of every case command."""
