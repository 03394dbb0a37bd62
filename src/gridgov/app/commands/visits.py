"""
Field-work commands (走访, 巡查, 迁入迁出) and their handlers, over `gridgov.visits`.

`RecordVisit` records a visit; with a *problem* it also opens a case from it
(走访发现). `RecordPatrol` records a patrol and its findings; each finding opens
a case (one atomic append: the patrol, its findings and their cases). Cases
opened this way carry the finding or visit they came from, so a report can say
how many problems found were fixed. `MoveHousehold` moves a household to
another leaf region or out of the township.

Subjects: a visit's is the household's visits (``visits:<household>``), a
patrol's the region's patrols (``patrols:<region>``), a move's the household
(``household:<id>``). A visit's and a patrol's key default to
``<worker>@<at>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import Command, Decision, Handler, strings, text
from gridgov.app.commands.case_opening import DEFAULT_CATEGORY, decide_opening
from gridgov.app.state import finding_ref
from gridgov.cases.vocabulary import CaseSource
from gridgov.domain.events import Event
from gridgov.domain.ids import HouseholdId, WorkerId
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.roster.events import HouseholdMoveRecorded, household_stream
from gridgov.visits.events import VisitRecorded, visit_stream
from gridgov.visits.patrols import (
    PatrolFinding,
    PatrolFindingRecorded,
    PatrolRecorded,
    patrol_stream,
    record_patrol,
)
from gridgov.visits.policy import VisitKind

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = ["MoveHousehold", "RecordPatrol", "RecordVisit"]


@attrs.frozen(kw_only=True)
class RecordVisit(Command[VisitRecorded]):
    """
    Record a visit (走访); with *problem*, also open a case from it (走访发现).

    The case is ``V-<household>-<visit key>`` on the default workflow, in the
    household's leaf region, source 走访.
    """

    label_zh = "走访登记"

    household: str
    worker: str
    at: datetime
    kind: VisitKind = VisitKind.HOME
    note: str = ""
    key: str | None = None
    problem: str | None = None
    category: str = DEFAULT_CATEGORY

    @property
    def subject(self) -> str:
        """The household's visits."""
        return visit_stream(HouseholdId(self.household))

    def derived_key(self) -> str | None:
        """The key when none is given: ``<worker>@<at>``."""
        return f"{self.worker}@{self.when.isoformat()}"


def _decide_visit(command: RecordVisit, state: State) -> Decision:
    at = command.when
    state.roster.worker(text("worker", command.worker))
    home = state.household(text("household", command.household))
    key = command.request_key
    visit = VisitRecorded(
        stream=command.subject,
        key=key,
        occurred_at=at,
        household=home.id,
        worker=WorkerId(command.worker),
        kind=command.kind,
        note=command.note,
    )
    events: list[Event] = [visit]
    if command.problem is not None:
        region = home.region_on(at.astimezone(CHINA_TZ).date())
        if region is None:
            raise InvalidValueError(
                "household", "a household placed that day", command.household
            )
        events.append(
            decide_opening(
                state,
                case_id=f"V-{command.household}-{key}",
                category=command.category,
                source=CaseSource.VISIT,
                region=region,
                actor=command.worker,
                at=at,
                key="open",
                title=command.problem,
                household=command.household,
                fields={"visit": f"{command.subject}/{key}"},
            )
        )
    return Decision(tuple(events), reads=(household_stream(command.household),))


def _visit_answer(
    command: RecordVisit, state: State, _refs: tuple[str, ...]
) -> VisitRecorded:
    event = state.seen(command.subject, command.request_key)
    assert isinstance(event, VisitRecorded)  # noqa: S101 - recorded with this key
    return event


def _findings(value: Sequence[PatrolFinding]) -> tuple[PatrolFinding, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class RecordPatrol(Command[tuple[PatrolRecorded, tuple[PatrolFindingRecorded, ...]]]):
    """
    Record a patrol (巡查) and its findings; each finding opens a case.

    The case id is ``P-<region>-<patrol key>-<n>``, its category the checklist
    item's ``case_category`` (or 综合问题). ``open_cases=False`` records the
    findings without cases.
    """

    label_zh = "巡查登记"

    worker: str
    region: str
    at: datetime
    checklists: tuple[str, ...] = attrs.field(converter=strings)
    findings: tuple[PatrolFinding, ...] = attrs.field(default=(), converter=_findings)
    key: str | None = None
    open_cases: bool = True

    @property
    def finding_households(self) -> tuple[str, ...]:
        """The households the findings name."""
        return tuple(f.household for f in self.findings if f.household)

    @property
    def subject(self) -> str:
        """The region's patrols."""
        return patrol_stream(self.region)

    def derived_key(self) -> str | None:
        """The key when none is given: ``<worker>@<at>``."""
        return f"{self.worker}@{self.when.isoformat()}"


def _decide_patrol(command: RecordPatrol, state: State) -> Decision:
    at = command.when
    state.roster.worker(text("worker", command.worker))
    state.roster.region(text("region", command.region))
    key = command.request_key
    events: list[Event] = list(
        record_patrol(
            state.config.checklists,
            key=key,
            worker=command.worker,
            region=command.region,
            at=at,
            checklists=command.checklists,
            findings=command.findings,
        )
    )
    if command.open_cases:
        found = [e for e in events if isinstance(e, PatrolFindingRecorded)]
        for n, f in enumerate(found):
            events.append(
                decide_opening(
                    state,
                    case_id=f"P-{command.region}-{key}-{n}",
                    category=f.case_category or DEFAULT_CATEGORY,
                    source=CaseSource.PATROL,
                    region=command.region,
                    actor=command.worker,
                    at=at,
                    key="open",
                    title=f.note or f.label_zh,
                    household=f.household,
                    fields={"finding": finding_ref(f)},
                )
            )
    return Decision(tuple(events))


def _patrol_answer(
    command: RecordPatrol, state: State, _refs: tuple[str, ...]
) -> tuple[PatrolRecorded, tuple[PatrolFindingRecorded, ...]]:
    patrol = state.seen(command.subject, command.request_key)
    assert isinstance(patrol, PatrolRecorded)  # noqa: S101 - recorded with this key
    refs = (f"{patrol.stream}/{patrol.key}#{i}" for i in range(patrol.findings))
    return patrol, tuple(state.findings[r] for r in refs)


@attrs.frozen(kw_only=True)
class MoveHousehold(Command[HouseholdMoveRecorded]):
    """Record that *household* moved to leaf *to_region* from *on* (None: moved out)."""

    label_zh = "迁入迁出"

    household: str
    to_region: str | None
    on: date
    at: datetime
    key: str

    @property
    def subject(self) -> str:
        """The household."""
        return household_stream(self.household)


def _decide_move(command: MoveHousehold, state: State) -> Decision:
    roster = state.roster
    # Let the roster check the move before anything is recorded.
    if command.to_region is None:
        roster.move_out(command.household, on=command.on)
    else:
        roster.move(command.household, command.to_region, on=command.on)
    event = HouseholdMoveRecorded(
        stream=command.subject,
        key=command.request_key,
        occurred_at=command.when,
        household=command.household,
        to_region=command.to_region or "",
        on=command.on,
    )
    return Decision((event,))


def _move_answer(
    command: MoveHousehold, state: State, _refs: tuple[str, ...]
) -> HouseholdMoveRecorded:
    event = state.seen(command.subject, command.request_key)
    assert isinstance(event, HouseholdMoveRecorded)  # noqa: S101
    return event


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    RecordVisit: Handler(_decide_visit, _visit_answer),
    RecordPatrol: Handler(_decide_patrol, _patrol_answer),
    MoveHousehold: Handler(_decide_move, _move_answer),
}
"""The handler of every field-work command."""
