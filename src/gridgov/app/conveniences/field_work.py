"""
Field-work command methods: visits (走访), patrols (巡查), moves (迁入迁出).

Each builds one command value and runs it through ``self.execute``; they
become methods of `gridgov.app.conveniences.CommandMethods`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from gridgov.app.commands import (
    MoveHousehold,
    RecordPatrol,
    RecordVisit,
)
from gridgov.app.commands.case_opening import DEFAULT_CATEGORY
from gridgov.app.conveniences._protocol import Executes
from gridgov.roster.events import HouseholdMoveRecorded
from gridgov.visits.events import VisitRecorded
from gridgov.visits.patrols import PatrolFinding, PatrolFindingRecorded, PatrolRecorded
from gridgov.visits.policy import VisitKind

__all__ = [
    "move_household",
    "record_patrol",
    "record_visit",
]


def record_visit(
    self: Executes,
    household: str,
    worker: str,
    *,
    at: datetime,
    kind: VisitKind = VisitKind.HOME,
    note: str = "",
    key: str | None = None,
    problem: str | None = None,
    category: str = DEFAULT_CATEGORY,
) -> VisitRecorded:
    """
    Record a visit (走访); with *problem*, also open a case (`RecordVisit`).

    Raises:
        UnknownEntityError: Unknown household or worker.
        InvalidValueError: A naive *at*, or a household not placed that day.
    """
    return self.execute(
        RecordVisit(
            household=household,
            worker=worker,
            at=at,
            kind=kind,
            note=note,
            key=key,
            problem=problem,
            category=category,
        )
    )


def record_patrol(
    self: Executes,
    worker: str,
    region: str,
    *,
    at: datetime,
    checklists: Iterable[str],
    findings: Iterable[PatrolFinding] = (),
    key: str | None = None,
    open_cases: bool = True,
) -> tuple[PatrolRecorded, tuple[PatrolFindingRecorded, ...]]:
    """
    Record a patrol (巡查) and its findings; each opens a case (`RecordPatrol`).

    Raises:
        UnknownEntityError: Unknown worker, region, checklist or item.
    """
    return self.execute(
        RecordPatrol(
            worker=worker,
            region=region,
            at=at,
            checklists=tuple(checklists),
            findings=tuple(findings),
            key=key,
            open_cases=open_cases,
        )
    )


def move_household(
    self: Executes,
    household: str,
    to_region: str | None,
    *,
    on: date,
    at: datetime,
    key: str,
) -> HouseholdMoveRecorded:
    """
    Record that *household* moved to leaf *to_region* from *on* (None: out).

    Raises:
        UnknownEntityError: Unknown household or region.
        InvalidValueError: *to_region* is not a leaf.
    """
    return self.execute(
        MoveHousehold(household=household, to_region=to_region, on=on, at=at, key=key)
    )
