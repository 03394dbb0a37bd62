"""
The `Case` record and the `CaseRules` it is handled under.

A case is a plain frozen record derived from its events (`gridgov.cases.events`):
where it stands in its workflow (a `gridgov.flow.FlowInstance`), what it is
(category, urgency, source), who holds it (level, unit, worker), who answers for
it (首问负责: the first unit that accepted, until another unit accepts a
transfer), its clocks (`gridgov.cases.deadlines.DeadlineClock`: the deadline is
recorded when a clock starts) and how it ended. Time-derived status (green,
yellow, red) is never stored: ask `deadline_status` with an ``as_of``.

A deadline computed for a year whose holiday notice is not yet known rests on
an estimate: `Case.provisional_deadlines` says so (暂定), `Case.calendar_version`
names the calendar data, and `gridgov.cases.revise_deadlines` corrects them
once a newer calendar is installed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from gridgov.cases.deadlines import (
    DeadlineClock,
    DeadlineIndex,
    DeadlineStatus,
    DeadlineTable,
    Outcome,
    compile_table,
    status,
)
from gridgov.cases.events import CaseEvent
from gridgov.cases.vocabulary import (
    Card,
    CaseSource,
    Conclusion,
    HandlingMode,
    Hold,
    Satisfaction,
    SupervisionKind,
    TransferKind,
    Urgency,
)
from gridgov.cases.workflow import CaseWorkflow
from gridgov.domain.privacy import masked_repr
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError
from gridgov.flow import FlowInstance
from gridgov.types import WorkCalendar

__all__ = ["Case", "CaseRules", "Supervision", "Transfer", "deadline_status"]


def _time_limits(value: object) -> DeadlineIndex | None:
    """Compile a `DeadlineTable`; keep a `DeadlineIndex` or None; refuse the rest."""
    if value is None or isinstance(value, DeadlineIndex):
        return value
    if isinstance(value, DeadlineTable):
        return compile_table(value)
    raise InvalidValueError(
        "deadlines", "a DeadlineTable, a compiled DeadlineIndex or None", value
    )


def _instance_of(cls: type, expected: str) -> Callable[[Any, Any, Any], None]:
    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, cls):
            raise InvalidValueError(attribute.name, expected, value)

    return check


@attrs.frozen(kw_only=True)
class CaseRules:
    """
    What a township handles cases under: a workflow, a calendar, time limits.

    A `DeadlineTable` given as *deadlines* is compiled here
    (`gridgov.cases.deadlines.compile_table`); anything that is not a table,
    a compiled index or None is refused, as are a workflow that is not a
    compiled `CaseWorkflow` and a calendar that is not a
    `gridgov.types.WorkCalendar` (each an `InvalidValueError` naming it).

    >>> from gridgov.calendar import WeekendCalendar
    >>> from gridgov.cases.deadlines import DeadlineRule, Limit, LimitUnit
    >>> from gridgov.io.workflows import builtin_workflow
    >>> three_days = Limit(3, LimitUnit.WORKING_DAYS)
    >>> table = DeadlineTable(rules=[DeadlineRule(resolution=three_days)])
    >>> rules = CaseRules(
    ...     workflow=builtin_workflow("mediation"),
    ...     calendar=WeekendCalendar(),
    ...     deadlines=table,
    ... )
    >>> type(rules.deadlines).__name__
    'DeadlineIndex'

    Attributes:
        workflow: The compiled case workflow.
        calendar: The working-day calendar deadlines are computed with.
        deadlines: The township's time limits (a table is compiled); None uses
            the workflow's defaults.
    """

    workflow: CaseWorkflow = attrs.field(
        validator=_instance_of(CaseWorkflow, "a compiled CaseWorkflow")
    )
    calendar: WorkCalendar = attrs.field(
        validator=_instance_of(WorkCalendar, "a WorkCalendar (e.g. ChinaCalendar)")
    )
    deadlines: DeadlineIndex | None = attrs.field(default=None, converter=_time_limits)

    @property
    def limits(self) -> DeadlineIndex | None:
        """The deadline index in force (the township's, else the workflow's)."""
        return self.deadlines if self.deadlines is not None else self.workflow.deadlines


@attrs.frozen(kw_only=True)
class Transfer:
    """A pending move to another unit, waiting for that unit to accept."""

    kind: TransferKind
    to_unit: str
    to_level: Level
    reason: str
    requested_at: datetime
    requested_by: str


@masked_repr
@attrs.frozen(kw_only=True)
class Supervision:
    """One 催办 or 督办, with its card if any."""

    kind: SupervisionKind
    card: Card | None
    at: datetime
    by: str
    note: str = ""


@masked_repr
@attrs.frozen(kw_only=True)
class Case:
    """
    One case (案件/事项), derived from its events.

    Its ``repr()`` masks any ID number or phone number written in its text
    (`gridgov.domain.privacy.masked_repr`); the fields hold the full text.

    Attributes:
        id: The case id.
        workflow: The name of its workflow.
        instance: Where it stands in the workflow.
        category: Its category (a key of the deadline and authority tables).
        urgency: How urgent.
        source: Where it came from (走访, 巡查, 群众反映, 上级交办, 12345热线 …).
        title: A one-line summary.
        handling_mode: 马上办 / 代着办 / 领着办 / 上门办, if decided.
        opened_at: When it was received.
        opened_level: The level that received it.
        level: The level of the unit holding it now.
        level_since: When it arrived at that level (opening or an accepted
            escalation); a breach escalates only a level that held it then.
        unit: The unit holding it now.
        worker: The worker handling it, if known.
        first_receiver: The first unit that accepted it (首问), never changes.
        accountable: The unit answerable for it now: the first receiver until
            another unit accepts a transfer.
        pending: A transfer waiting for acceptance, if any.
        response: The response clock (签收), if a limit applies.
        resolution: The resolution clock (办结), started on acceptance.
        response_outcome: On time or late, frozen when the response clock stopped.
        resolution_outcome: On time or late, frozen when the case concluded.
        hold: 挂账 or 缓办 while the clocks are paused for that reason.
        returns: How many times it was sent back (回退, "not ours").
        reworks: How many times a check failed and it was redone (返工).
        escalations: How many times it was accepted one or more levels up.
        verified: Whether the work passed verification (since the last rework).
        supervisions: 催办 / 督办 issued, oldest first.
        satisfaction: The resident's evaluation, if given.
        conclusion: How it ended, once it has.
        concluded_at: When it ended.
        calendar_version: `gridgov.calendar.calendar_version` of the calendar
            its deadlines were last computed (or revised) with; ``""`` while
            no clock has a limit.
        last: The event that produced this record (answers retries).
    """

    id: str
    workflow: str
    instance: FlowInstance
    category: str
    urgency: Urgency
    source: CaseSource
    title: str
    handling_mode: HandlingMode | None
    opened_at: datetime
    opened_level: Level
    level: Level
    level_since: datetime
    unit: str
    last: CaseEvent
    worker: str | None = None
    first_receiver: str | None = None
    accountable: str | None = None
    pending: Transfer | None = None
    response: DeadlineClock | None = None
    resolution: DeadlineClock | None = None
    response_outcome: Outcome | None = None
    resolution_outcome: Outcome | None = None
    hold: Hold | None = None
    returns: int = 0
    reworks: int = 0
    escalations: int = 0
    verified: bool = False
    supervisions: tuple[Supervision, ...] = ()
    satisfaction: Satisfaction | None = None
    conclusion: Conclusion | None = None
    concluded_at: datetime | None = None
    calendar_version: str = ""

    @property
    def state(self) -> str:
        """Its current workflow state."""
        return self.instance.state

    @property
    def updated_at(self) -> datetime:
        """When its last event happened."""
        return self.last.occurred_at

    @property
    def provisional_deadlines(self) -> bool:
        """
        Whether a running clock's deadlines rest on a provisional year (暂定).

        Such a deadline was computed for a year without a holiday notice (the
        calendar's ``PROVISIONAL`` or ``WEEKENDS_ONLY`` policy) and may move
        when the notice is known: see `gridgov.cases.revise_deadlines`. A
        stopped clock keeps its ``provisional_years`` for the record, but its
        outcome is final, so it no longer marks the case.
        """
        return any(
            clock is not None and clock.stopped_at is None and clock.provisional
            for clock in (self.response, self.resolution)
        )

    @property
    def is_concluded(self) -> bool:
        """Whether it has ended (resolved, referred, declined or voided)."""
        return self.conclusion is not None

    def cards(self, card: Card) -> int:
        """Return how many cards of one colour it received."""
        return sum(1 for s in self.supervisions if s.card is card)


def deadline_status(case: Case, as_of: datetime) -> DeadlineStatus | None:
    """
    Return the traffic light of the clock that matters now, computed at *as_of*.

    The resolution clock once it started, else the response clock; None if
    neither has a limit. Never stored: the same case is green today, red later.
    """
    clock = case.resolution if case.resolution is not None else case.response
    return None if clock is None else status(clock, as_of)
