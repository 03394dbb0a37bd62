"""
Case commands (事项办理) and their handlers, over `gridgov.cases`.

`OpenCase` receives a case; `FireCase` fires a workflow command (立案, 派遣,
调解 …); `EscalateCase`, `AcceptCase` and `SuperviseCase` move it between units
and supervise it; `EscalateDue` sends up every case the escalation policy says
is due. The subject of each is the case's stream (``case:<id>``), so a key is
unique within its case; `EscalateDue`'s subject is the township's escalations.

What crosses engines is decided here too: an escalated case that names a
household adds a visit trigger (发生事件), and a resolved dispute files a points
claim for each household in ``claim_for`` (`gridgov.app.commands.points`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import Command, Decision, Handler, strings, text
from gridgov.app.commands.points import FileClaim, decide_file_claim
from gridgov.cases import (
    accept_transfer,
    fire_case,
    open_case,
    request_transfer,
    revise_deadlines,
)
from gridgov.cases import supervise as supervise_case
from gridgov.cases.case import Case
from gridgov.cases.escalation import EscalationPolicy, due_escalations
from gridgov.cases.events import CaseEvent, CaseOpened, case_stream
from gridgov.cases.listing import CaseTable
from gridgov.cases.vocabulary import (
    Card,
    CaseSource,
    Conclusion,
    SupervisionKind,
    TransferKind,
    Urgency,
)
from gridgov.domain.events import Event
from gridgov.domain.ids import HouseholdId, WorkerId
from gridgov.domain.regions import Level
from gridgov.errors import DuplicateEntityError, UnknownEntityError
from gridgov.flow import Actor
from gridgov.io.calendar import log_provisional_years
from gridgov.visits.events import HouseholdChangeNoted, change_stream
from gridgov.visits.policy import TriggerKind

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = [
    "DEFAULT_CATEGORY",
    "AcceptCase",
    "EscalateCase",
    "EscalateDue",
    "FireCase",
    "OpenCase",
    "ReviseDeadlines",
    "SuperviseCase",
    "case_actor",
    "case_of",
    "decide_opening",
]

DEFAULT_CATEGORY = "综合问题"
"""The category of a case opened from a visit or patrol finding without one."""

ActorLike = Actor | str


def case_actor(actor: ActorLike, state: State) -> Actor:
    """
    The actor as a case workflow sees them.

    An `Actor` is taken as it is. A plain id naming a roster worker acts in the
    worker's `gridgov.domain.workforce.Role` and, for the grid workforce, as
    ``grid_worker``; any other id acts with no role (the workflow's role
    checks then say which role was needed).
    """
    if isinstance(actor, Actor):
        return actor
    name = text("actor", actor)
    worker = state.roster.workers.get(WorkerId(name))
    if worker is None:
        return Actor(name)
    roles = {worker.role.value}
    if worker.role.value in _GRID_ROLES:
        roles.add("grid_worker")
    return Actor(name, frozenset(roles))


_GRID_ROLES = frozenset(
    {"grid_chief", "full_time_grid_worker", "part_time_grid_worker", "grid_liaison"}
)


def case_of(state: State, case_id: str) -> Case:
    """A case by id (raises `UnknownEntityError`)."""
    try:
        return state.cases[case_id]
    except KeyError:
        raise UnknownEntityError("case", case_id) from None


def _fields(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _level_of(level: Level) -> Level:
    """Cases found in a micro-grid are handled at the grid (the lowest case level)."""
    return Level.GRID if level is Level.MICRO_GRID else level


def decide_opening(
    state: State,
    *,
    case_id: str,
    category: str,
    source: CaseSource,
    region: str,
    actor: ActorLike,
    at: datetime,
    key: str,
    title: str = "",
    household: str | None = None,
    urgency: Urgency = Urgency.NORMAL,
    workflow: str | None = None,
    level: Level | None = None,
    unit: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> CaseOpened:
    """
    Build (not record) the opening of a case in *region*.

    Raises:
        DuplicateEntityError: A case with this id exists.
        UnknownEntityError: Unknown region, household or workflow.
        InvalidValueError: An empty id or category.
    """
    text("case_id", case_id)
    if case_id in state.cases:
        raise DuplicateEntityError("case", case_id)
    roster = state.roster
    where = roster.region(text("region", region))
    extra = {"region": where.code, **(fields or {})}
    if household is not None:
        roster.household(household)
        extra["household"] = household
    who = case_actor(actor, state)
    _, opened = open_case(
        state.rules(workflow or state.config.case_workflow),
        case_id=case_id,
        category=category,
        urgency=urgency,
        source=source,
        level=level if level is not None else _level_of(where.level),
        unit=unit or where.code,
        actor=Actor(who.id, who.roles | {"reporter"}),
        at=at,
        command_id=key,
        title=title,
        fields=extra,
    )
    return opened


def _case_answer(command: _OnCase, state: State, _refs: tuple[str, ...]) -> Case:
    case = case_of(state, command.case_id)
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

    @property
    def request_key(self) -> str:
        """``key``, or ``"open"``."""
        return self.key or "open"


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

    @property
    def request_key(self) -> str:
        """The key."""
        return text("key", self.key)


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


def _escalation_events(
    state: State, case: Case, command: EscalateCase
) -> list[CaseEvent | HouseholdChangeNoted]:
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
    return Decision(tuple(_escalation_events(state, case, command)))


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

    @property
    def request_key(self) -> str:
        """``key``, or ``due@<as_of>`` (``@<regions>`` when restricted)."""
        within = f"@{','.join(self.regions)}" if self.regions else ""
        return self.key or f"due@{self.when.isoformat()}{within}"


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
            key=f"escalate:{item.to_level.value}",
        )
        events.extend(_escalation_events(state, case, step))
    return Decision(tuple(events), refs=tuple(item.case_id for item in due))


def _due_answer(
    _command: EscalateDue, state: State, refs: tuple[str, ...]
) -> CaseTable:
    return CaseTable(case_of(state, c) for c in refs)


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

    @property
    def request_key(self) -> str:
        """``key``, or ``revise@<at>``."""
        return self.key or f"revise@{self.when.isoformat()}"


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
            command_id=f"{command.request_key}:{case.id}",
        )
        if done is not None:
            events.append(done[1])
            revised.append(case.id)
    return Decision(tuple(events), refs=tuple(revised))


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    OpenCase: Handler(_decide_open, _case_answer),
    FireCase: Handler(_decide_fire, _case_answer),
    EscalateCase: Handler(_decide_escalate, _case_answer),
    AcceptCase: Handler(_decide_accept, _case_answer),
    SuperviseCase: Handler(_decide_supervise, _case_answer),
    EscalateDue: Handler(_decide_due, _due_answer),
    ReviseDeadlines: Handler(_decide_revise, _due_answer),
}
"""The handler of every case command."""
