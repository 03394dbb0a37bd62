"""
Cases through the Workspace (事项办理), and what they set off in other engines.

* An escalated case (上报上级) whose household is known adds a visit
  obligation: a `gridgov.visits.HouseholdChangeNoted` (发生事件) that the visit
  policy's ``case`` trigger turns into "visit within N hours".
* A dispute (矛盾纠纷调解) resolved with ``claim_for`` files a points claim for
  each named household under the rule book (``kind = "mediation"``): residents
  who settled a quarrel are recognised (邻里和睦), through the same claim flow
  as any other conduct (申报 → 核实 → 公示 → 认定).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from gridgov.app.core import _aware
from gridgov.app.field_work import FieldWork
from gridgov.cases import (
    accept_transfer,
    fire_case,
    request_transfer,
    supervise,
)
from gridgov.cases.case import Case, CaseRules
from gridgov.cases.escalation import EscalationPolicy, due_escalations
from gridgov.cases.events import CaseEvent, case_stream
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
from gridgov.domain.ids import HouseholdId
from gridgov.domain.regions import Level
from gridgov.errors import UnknownEntityError
from gridgov.flow import EMPTY_FIELDS, Actor
from gridgov.logs import get_logger
from gridgov.visits.events import HouseholdChangeNoted
from gridgov.visits.policy import TriggerKind

__all__ = ["CaseWork"]

_log = get_logger("gridgov.app")


class CaseWork(FieldWork):
    """Commands on cases (mixed into `gridgov.app.Workspace`)."""

    def case(self, case_id: str) -> Case:
        """A case by id."""
        try:
            return self._state.cases[case_id]
        except KeyError:
            raise UnknownEntityError("case", case_id) from None

    def open_case(
        self,
        case_id: str,
        *,
        category: str,
        region: str,
        actor: str,
        at: datetime,
        source: CaseSource = CaseSource.RESIDENT,
        title: str = "",
        household: str | None = None,
        urgency: Urgency = Urgency.NORMAL,
        workflow: str | None = None,
        level: Level | None = None,
        unit: str | None = None,
        key: str = "open",
    ) -> Case:
        """
        Receive a case (受理) in *region* on *workflow* (default: the config's).

        ``source = CaseSource.ASSIGNED`` marks an item assigned from above
        (上级交办). Retrying with the same id and key returns the case.

        Raises:
            UnknownEntityError: Unknown region, household or workflow.
            InvalidValueError: Empty id or category, or a naive *at*.
        """
        at = _aware("at", at)
        with self._command():
            if self._replayed(case_stream(case_id), key, CaseEvent) is not None:
                return self.case(case_id)
            _, opened = self._case_opening(
                case_id=case_id,
                category=category,
                source=source,
                region=region,
                actor=actor,
                at=at,
                key=key,
                title=title,
                household=household,
                urgency=urgency,
                workflow=workflow,
                level=level,
                unit=unit,
            )
            self._emit([opened])
            return self.case(case_id)

    def fire_case(
        self,
        case_id: str,
        command: str,
        *,
        actor: Actor,
        at: datetime,
        key: str,
        fields: Mapping[str, str] = EMPTY_FIELDS,
        claim_for: Sequence[str] = (),
    ) -> Case:
        """
        Fire a workflow command on a case (立案, 派遣, 处置, 调解, 化解 …).

        Args:
            case_id: The case.
            command: The workflow command.
            actor: Who fires it, with their workflow roles.
            at: When.
            key: The command's idempotency key (unique within the case).
            fields: The fields the command carries.
            claim_for: Households to file a points claim for if this command
                resolves a dispute (``kind = "mediation"``).

        Raises:
            TransitionRefusedError: The workflow refused the command.
            UnknownEntityError: Unknown case, or a claim for an unknown household.
        """
        at = _aware("at", at)
        with self._command():
            if self._replayed(case_stream(case_id), key, CaseEvent) is not None:
                return self.case(case_id)
            case = self.case(case_id)
            rules = self._state.rules(case.workflow)
            after, event = fire_case(
                rules, case, command, actor=actor, at=at, command_id=key, fields=fields
            )
            self._emit([event])
            if claim_for and after.conclusion is Conclusion.RESOLVED:
                self._dispute_claims(after, claim_for, actor.id, at)
            return self.case(case_id)

    def _dispute_claims(
        self, case: Case, households: Sequence[str], actor: str, at: datetime
    ) -> None:
        kind = (
            "mediation"
            if case.workflow == self.config.dispute_workflow
            else "volunteer"
        )
        for household in households:
            self.file_claim(  # type: ignore[attr-defined]
                f"{case.id}:{household}",
                household,
                text={"kind": kind},
                at=at,
                actor=actor,
                origin=case_stream(case.id),
            )

    def _on_case(
        self,
        case_id: str,
        key: str,
        step: Callable[[CaseRules, Case], tuple[Case, CaseEvent]],
        also: Callable[[Case], list[Event]] | None = None,
    ) -> Case:
        """Run one engine command on a case (answering retries) and record it."""
        with self._command():
            if self._replayed(case_stream(case_id), key, CaseEvent) is not None:
                return self.case(case_id)
            case = self.case(case_id)
            _, event = step(self._state.rules(case.workflow), case)
            self._emit([event, *(also(case) if also is not None else ())])
            return self.case(case_id)

    def escalate_case(
        self,
        case_id: str,
        *,
        to_unit: str,
        to_level: Level,
        reason: str,
        actor: Actor,
        at: datetime,
        key: str,
    ) -> Case:
        """
        Send a case up the ladder (上报上级); it moves when *to_unit* accepts.

        If the case names a household, a visit trigger (发生事件) is recorded
        for it, so the visit policy asks for a prompt visit.
        """
        at = _aware("at", at)

        def trigger(case: Case) -> list[Event]:
            household = _household_of(case, self)
            if household is None:
                return []
            return [
                HouseholdChangeNoted(
                    stream=f"changes:{household}",
                    key=f"{case_id}:{key}",
                    occurred_at=at,
                    household=HouseholdId(household),
                    change=TriggerKind.CASE,
                    detail=f"{case_id} 上报 {to_level.zh}: {reason}",
                )
            ]

        return self._on_case(
            case_id,
            key,
            lambda rules, case: request_transfer(
                rules,
                case,
                kind=TransferKind.ESCALATE,
                to_unit=to_unit,
                to_level=to_level,
                reason=reason,
                actor=actor,
                at=at,
                command_id=key,
            ),
            trigger,
        )

    def accept_case(
        self, case_id: str, *, unit: str, actor: Actor, at: datetime, key: str
    ) -> Case:
        """The unit a case was sent to accepts it (接收); it becomes accountable."""
        at = _aware("at", at)
        return self._on_case(
            case_id,
            key,
            lambda rules, case: accept_transfer(
                rules, case, unit=unit, actor=actor, at=at, command_id=key
            ),
        )

    def supervise_case(
        self,
        case_id: str,
        *,
        kind: SupervisionKind,
        actor: Actor,
        at: datetime,
        key: str,
        card: Card | None = None,
        note: str = "",
    ) -> Case:
        """Issue 催办 or 督办 on a case, with a 黄牌 or 红牌 if given."""
        at = _aware("at", at)
        return self._on_case(
            case_id,
            key,
            lambda rules, case: supervise(
                rules,
                case,
                kind=kind,
                actor=actor,
                at=at,
                command_id=key,
                card=card,
                note=note,
            ),
        )

    def escalate_due(
        self,
        *,
        as_of: datetime,
        actor: Actor,
        policy: EscalationPolicy | None = None,
    ) -> CaseTable:
        """
        Send up every case the escalation policy says is due at *as_of* (自动上报).

        Uses `gridgov.cases.escalation.due_escalations` (beyond a level's
        authority, skip-level rules, deadline breached) with *policy* (default:
        the config's, else grid → village → town → county on breach). Each case
        goes to the region at the next level above its own region, keyed by the
        level, so a second call at a later time does not send it twice; the
        receiving unit still has to accept it. All in one append.
        """
        at = _aware("at", as_of)
        rules = policy or self.config.escalation or EscalationPolicy()
        due = due_escalations(
            self._state.cases.values(),
            as_of=at,
            policy=rules,
            calendar=self.config.calendar,
        )
        moved: list[Case] = []
        with self.transaction():
            for item in due:
                case = self.case(item.case_id)
                moved.append(
                    self.escalate_case(
                        case.id,
                        to_unit=self._unit_at(case, item.to_level),
                        to_level=item.to_level,
                        reason=f"{item.reason.zh}: {item.detail}",
                        actor=actor,
                        at=at,
                        key=f"escalate:{item.to_level.value}",
                    )
                )
        # Automatic escalations happen without a person asking: say so.
        for item in due:
            _log.info(
                "escalated case %s to %s (%s): %s",
                item.case_id,
                item.to_level.zh,
                item.reason.zh,
                item.detail,
            )
        return CaseTable(moved)

    def _unit_at(self, case: Case, level: Level) -> str:
        """The region at *level* above the case's region (its code names the unit)."""
        opened = self._state.opening(case.id)
        region = opened.fields.get("region", "") if opened is not None else ""
        roster = self._state.roster
        if region in roster.regions:
            for r in (roster.region(region), *roster.ancestors(region)):
                if r.level is level:
                    return r.code
        return level.value


def _household_of(case: Case, work: CaseWork) -> str | None:
    """The household a case concerns (recorded when it was opened), if any."""
    opened = work.state.opening(case.id)
    return opened.fields.get("household") if opened is not None else None
