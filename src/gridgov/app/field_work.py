"""
Field work through the Workspace: visits (走访), patrols (巡查), household moves.

A patrol finding opens a case (one atomic append: the patrol, its findings and
their cases); a visit may open a case too, when the worker reports a problem
found at the door. Cases opened this way carry the finding or visit they came
from, so a report can say how many problems found were fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from gridgov.app.core import WorkspaceCore, _aware
from gridgov.app.events import HouseholdMoveRecorded, household_stream
from gridgov.app.state import finding_ref
from gridgov.cases import open_case
from gridgov.cases.case import Case
from gridgov.cases.events import CaseOpened
from gridgov.cases.vocabulary import CaseSource, Urgency
from gridgov.domain.ids import HouseholdId, WorkerId
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.flow import Actor
from gridgov.visits.events import VisitRecorded, visit_stream
from gridgov.visits.patrols import (
    PatrolFinding,
    PatrolFindingRecorded,
    PatrolRecorded,
    record_patrol,
)
from gridgov.visits.policy import VisitKind

__all__ = ["FieldWork"]

_DEFAULT_CATEGORY = "综合问题"


class FieldWork(WorkspaceCore):
    """Commands for visits, patrols and moves (mixed into `gridgov.app.Workspace`)."""

    def _case_opening(
        self,
        *,
        case_id: str,
        category: str,
        source: CaseSource,
        region: str,
        actor: str,
        at: datetime,
        key: str,
        title: str = "",
        household: str | None = None,
        urgency: Urgency = Urgency.NORMAL,
        workflow: str | None = None,
        level: Level | None = None,
        unit: str | None = None,
        fields: dict[str, str] | None = None,
    ) -> tuple[Case, CaseOpened]:
        """Build (not record) the opening of a case in *region*."""
        roster = self._state.roster
        where = roster.region(region)
        extra = {"region": where.code, **(fields or {})}
        if household is not None:
            roster.household(household)
            extra["household"] = household
        return open_case(
            self._state.rules(workflow or self.config.case_workflow),
            case_id=case_id,
            category=category,
            urgency=urgency,
            source=source,
            level=level if level is not None else _level_of(where.level),
            unit=unit or where.code,
            actor=Actor(actor, frozenset({"reporter"})),
            at=at,
            command_id=key,
            title=title,
            fields=extra,
        )

    def record_visit(
        self,
        household: str,
        worker: str,
        *,
        at: datetime,
        kind: VisitKind = VisitKind.HOME,
        note: str = "",
        key: str | None = None,
        problem: str | None = None,
        category: str = _DEFAULT_CATEGORY,
    ) -> VisitRecorded:
        """
        Record a visit (走访); with *problem*, also open a case from it (走访发现).

        The case is ``case:V-<visit key>`` on the default workflow, in the
        household's leaf region, source 走访.

        Raises:
            UnknownEntityError: Unknown household or worker.
            InvalidValueError: A naive *at*, or a household not placed that day.
        """
        at = _aware("at", at)
        self._state.roster.worker(worker)
        hh = self._state.household(household)
        vkey = key or f"{worker}@{at.isoformat()}"
        stream = visit_stream(HouseholdId(household))
        visit = VisitRecorded(
            stream=stream,
            key=vkey,
            occurred_at=at,
            household=hh.id,
            worker=WorkerId(worker),
            kind=kind,
            note=note,
        )
        with self._command():
            prior = self._replayed(stream, vkey, VisitRecorded, visit)
            if isinstance(prior, VisitRecorded):
                return prior
            events: list[object] = [visit]
            if problem is not None:
                region = hh.region_on(at.astimezone(CHINA_TZ).date())
                if region is None:
                    raise InvalidValueError(
                        "household", "a household placed that day", household
                    )
                _, opened = self._case_opening(
                    case_id=f"V-{household}-{vkey}",
                    category=category,
                    source=CaseSource.VISIT,
                    region=region,
                    actor=worker,
                    at=at,
                    key="open",
                    title=problem,
                    household=household,
                    fields={"visit": f"{stream}/{vkey}"},
                )
                events.append(opened)
            self._emit(events)  # type: ignore[arg-type]
            return visit

    def record_patrol(
        self,
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
        Record a patrol (巡查) and its findings; each finding opens a case.

        The case id is ``P-<region>-<patrol key>-<n>``, its category the
        checklist item's ``case_category`` (or 综合问题).

        Raises:
            UnknownEntityError: Unknown worker, region, checklist or item.
        """
        at = _aware("at", at)
        self._state.roster.worker(worker)
        self._state.roster.region(region)
        pkey = key or f"{worker}@{at.isoformat()}"
        events = record_patrol(
            self.config.checklists,
            key=pkey,
            worker=worker,
            region=region,
            at=at,
            checklists=checklists,
            findings=findings,
        )
        with self._command():
            prior = self._replayed(f"patrols:{region}", pkey, PatrolRecorded, events[0])
            if isinstance(prior, PatrolRecorded):
                return prior, self._findings_of(prior)
            out = list(events)
            if open_cases:
                for n, f in enumerate(
                    e for e in events if isinstance(e, PatrolFindingRecorded)
                ):
                    _, opened = self._case_opening(
                        case_id=f"P-{region}-{pkey}-{n}",
                        category=f.case_category or _DEFAULT_CATEGORY,
                        source=CaseSource.PATROL,
                        region=region,
                        actor=worker,
                        at=at,
                        key="open",
                        title=f.note or f.label_zh,
                        household=f.household,
                        fields={"finding": finding_ref(f)},
                    )
                    out.append(opened)
            self._emit(out)
            head = events[0]
            assert isinstance(head, PatrolRecorded)  # noqa: S101 - record_patrol's contract
            return head, self._findings_of(head)

    def _findings_of(self, patrol: PatrolRecorded) -> tuple[PatrolFindingRecorded, ...]:
        refs = (f"{patrol.stream}/{patrol.key}#{i}" for i in range(patrol.findings))
        return tuple(self._state.findings[r] for r in refs)

    def move_household(
        self, household: str, to_region: str | None, *, on: date, at: datetime, key: str
    ) -> HouseholdMoveRecorded:
        """
        Record that *household* moved to leaf *to_region* from *on* (None: moved out).

        Raises:
            UnknownEntityError: Unknown household or region.
            InvalidValueError: *to_region* is not a leaf.
        """
        at = _aware("at", at)
        stream = household_stream(household)
        event = HouseholdMoveRecorded(
            stream=stream,
            key=key,
            occurred_at=at,
            household=household,
            to_region=to_region or "",
            on=on,
        )
        with self._command():
            prior = self._replayed(stream, key, HouseholdMoveRecorded, event)
            if isinstance(prior, HouseholdMoveRecorded):
                return prior
            roster = self._state.roster
            # Let the roster check the move before anything is recorded.
            if to_region is None:
                roster.move_out(household, on=on)
            else:
                roster.move(household, to_region, on=on)
            self._emit([event])
            return event


def _level_of(level: Level) -> Level:
    """Cases found in a micro-grid are handled at the grid (the lowest case level)."""
    return Level.GRID if level is Level.MICRO_GRID else level
