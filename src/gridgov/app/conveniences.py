"""
The typed command methods a Workspace and a scoped view share.

Each method builds one command value (`gridgov.app.commands`) and hands it to
``execute``: `Workspace.execute` runs it through the unit of work,
`ScopedView.execute` checks its scope first. So every command has the same
signature, the same idempotency and the same checks on both, from one place.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from gridgov.app.activities import ActivityKind, ActivityRecorded, ServiceOrdered
from gridgov.app.claims import Claim, ClaimActor
from gridgov.app.commands import (
    AcceptCase,
    CancelOrder,
    Command,
    EscalateCase,
    EscalateDue,
    FileClaim,
    FireCase,
    HandOver,
    MoveHousehold,
    OpenCase,
    OrderService,
    PlaceOrder,
    RecogniseClaim,
    RecordActivity,
    RecordPatrol,
    RecordVisit,
    Restock,
    ReviseDeadlines,
    StepClaim,
    SuperviseCase,
)
from gridgov.app.commands.case_opening import DEFAULT_CATEGORY, ActorLike
from gridgov.app.events import HouseholdMoveRecorded
from gridgov.cases.case import Case
from gridgov.cases.escalation import EscalationPolicy
from gridgov.cases.listing import CaseTable
from gridgov.cases.vocabulary import Card, CaseSource, SupervisionKind, Urgency
from gridgov.domain.regions import Level
from gridgov.logs import get_logger
from gridgov.points.supermarket import Order
from gridgov.visits.events import VisitRecorded
from gridgov.visits.patrols import PatrolFinding, PatrolFindingRecorded, PatrolRecorded
from gridgov.visits.policy import VisitKind

__all__ = ["CommandMethods"]

_log = get_logger("gridgov.app")

R = TypeVar("R")


class CommandMethods(abc.ABC):
    """Typed conveniences over ``execute(command)`` (one per command kind)."""

    @abc.abstractmethod
    def execute(self, command: Command[R]) -> R:
        """Run one command value; return its result."""

    # -- field work ---------------------------------------------------------------

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
        self, household: str, to_region: str | None, *, on: date, at: datetime, key: str
    ) -> HouseholdMoveRecorded:
        """
        Record that *household* moved to leaf *to_region* from *on* (None: out).

        Raises:
            UnknownEntityError: Unknown household or region.
            InvalidValueError: *to_region* is not a leaf.
        """
        return self.execute(
            MoveHousehold(
                household=household, to_region=to_region, on=on, at=at, key=key
            )
        )

    # -- cases ------------------------------------------------------------------------

    def open_case(
        self,
        case_id: str,
        *,
        category: str,
        region: str,
        actor: ActorLike,
        at: datetime,
        source: CaseSource = CaseSource.RESIDENT,
        title: str = "",
        household: str | None = None,
        urgency: Urgency = Urgency.NORMAL,
        workflow: str | None = None,
        level: Level | None = None,
        unit: str | None = None,
        key: str | None = None,
    ) -> Case:
        """
        Receive a case (受理) in *region* (`OpenCase`).

        Raises:
            UnknownEntityError: Unknown region, household or workflow.
            DuplicateEntityError: The case exists (under another key).
            InvalidValueError: Empty id or category, or a naive *at*.
        """
        return self.execute(
            OpenCase(
                case_id=case_id,
                category=category,
                region=region,
                actor=actor,
                at=at,
                source=source,
                title=title,
                household=household,
                urgency=urgency,
                workflow=workflow,
                level=level,
                unit=unit,
                key=key,
            )
        )

    def fire_case(
        self,
        case_id: str,
        command: str,
        *,
        actor: ActorLike,
        at: datetime,
        key: str,
        fields: Mapping[str, str] | None = None,
        claim_for: Sequence[str] = (),
    ) -> Case:
        """
        Fire a workflow command on a case (立案, 派遣, 调解 …; `FireCase`).

        Raises:
            TransitionRefusedError: The workflow refused the command.
            UnknownEntityError: Unknown case, or a claim for an unknown household.
        """
        return self.execute(
            FireCase(
                case_id=case_id,
                command=command,
                actor=actor,
                at=at,
                key=key,
                fields=dict(fields or {}),
                claim_for=tuple(claim_for),
            )
        )

    def escalate_case(
        self,
        case_id: str,
        *,
        to_unit: str,
        to_level: Level,
        reason: str,
        actor: ActorLike,
        at: datetime,
        key: str,
    ) -> Case:
        """Send a case up the ladder (上报上级; `EscalateCase`)."""
        return self.execute(
            EscalateCase(
                case_id=case_id,
                to_unit=to_unit,
                to_level=to_level,
                reason=reason,
                actor=actor,
                at=at,
                key=key,
            )
        )

    def accept_case(
        self, case_id: str, *, unit: str, actor: ActorLike, at: datetime, key: str
    ) -> Case:
        """The unit a case was sent to accepts it (接收; `AcceptCase`)."""
        return self.execute(
            AcceptCase(case_id=case_id, unit=unit, actor=actor, at=at, key=key)
        )

    def supervise_case(
        self,
        case_id: str,
        *,
        kind: SupervisionKind,
        actor: ActorLike,
        at: datetime,
        key: str,
        card: Card | None = None,
        note: str = "",
    ) -> Case:
        """Issue 催办 or 督办 on a case, with a 黄牌 or 红牌 (`SuperviseCase`)."""
        return self.execute(
            SuperviseCase(
                case_id=case_id,
                kind=kind,
                actor=actor,
                at=at,
                key=key,
                card=card,
                note=note,
            )
        )

    def escalate_due(
        self,
        *,
        as_of: datetime,
        actor: ActorLike,
        policy: EscalationPolicy | None = None,
        key: str | None = None,
    ) -> CaseTable:
        """
        Send up every case the escalation policy says is due (`EscalateDue`).

        Each case sent up is logged at INFO on ``gridgov.app`` (level, reason).
        """
        moved = self.execute(EscalateDue(at=as_of, actor=actor, policy=policy, key=key))
        for case in moved:
            transfer = case.pending
            if transfer is not None:
                why, _, detail = transfer.reason.partition(": ")
                _log.info(
                    "escalated case %s to %s (%s): %s",
                    case.id,
                    transfer.to_level.zh,
                    why,
                    detail,
                )
        return moved

    def revise_deadlines(
        self, *, at: datetime, actor: str, reason: str, key: str | None = None
    ) -> CaseTable:
        """
        Revise the provisional deadlines (暂定) of open cases (`ReviseDeadlines`).

        Run it once the missing holiday notice is installed (a newer
        ``holidays``, or a ``calendar.toml``); each revision is an event.
        """
        return self.execute(ReviseDeadlines(at=at, actor=actor, reason=reason, key=key))

    # -- points -----------------------------------------------------------------------

    def file_claim(
        self,
        claim_id: str,
        account: str,
        *,
        at: datetime,
        actor: str,
        text: Mapping[str, str] | None = None,
        numbers: Mapping[str, Decimal | int] | None = None,
        rule_ids: Sequence[str] = (),
        evidence: Sequence[str] = (),
        origin: str = "",
        key: str | None = None,
    ) -> Claim:
        """
        File a points claim (积分申报) for household *account* (`FileClaim`).

        Raises:
            UnknownEntityError: No rule book, an unknown household or rule.
            SpecError: The facts do not fit the rule book's fields (every problem).
        """
        return self.execute(
            FileClaim(
                claim_id=claim_id,
                account=account,
                at=at,
                actor=actor,
                text=dict(text or {}),
                numbers={k: Decimal(v) for k, v in (numbers or {}).items()},
                rule_ids=tuple(rule_ids),
                evidence=tuple(evidence),
                origin=origin,
                key=key,
            )
        )

    def step_claim(
        self,
        claim_id: str,
        command: str,
        *,
        actor: ClaimActor,
        at: datetime,
        key: str,
        note: str = "",
    ) -> Claim:
        """
        Fire 核实, 公示, 异议 or 驳回 on a claim (`StepClaim`).

        Raises:
            TransitionRefusedError: The claim flow refused the command.
        """
        return self.execute(
            StepClaim(
                claim_id=claim_id,
                command=command,
                actor=actor,
                at=at,
                key=key,
                note=note,
            )
        )

    def recognise_claim(
        self, claim_id: str, *, actor: ClaimActor, at: datetime, key: str
    ) -> Claim:
        """
        认定: after the notice window, post the points (`RecogniseClaim`).

        Raises:
            TransitionRefusedError: Not publicised, the notice window is still
                open, or the actor is not the committee.
        """
        return self.execute(
            RecogniseClaim(claim_id=claim_id, actor=actor, at=at, key=key)
        )

    def place_order(
        self,
        order_id: str,
        account: str,
        lines: Mapping[str, int],
        *,
        at: datetime,
        key: str | None = None,
    ) -> Order:
        """Order goods (积分兑换): hold points, reserve stock (`PlaceOrder`)."""
        return self.execute(
            PlaceOrder(
                order_id=order_id, account=account, lines=dict(lines), at=at, key=key
            )
        )

    def hand_over(
        self, order_id: str, *, at: datetime, approver: str = "", key: str | None = None
    ) -> Order:
        """Hand the goods over (兑换完成; `HandOver`)."""
        return self.execute(
            HandOver(order_id=order_id, at=at, approver=approver, key=key)
        )

    def cancel_order(
        self,
        order_id: str,
        *,
        at: datetime,
        reason: str = "取消兑换",
        key: str | None = None,
    ) -> Order:
        """Cancel an order before hand-over (`CancelOrder`)."""
        return self.execute(
            CancelOrder(order_id=order_id, at=at, reason=reason, key=key)
        )

    def restock(self, sku: str, units: int, *, at: datetime, key: str) -> int:
        """Put *units* of *sku* on the shelf (补货; `Restock`); return the stock."""
        return self.execute(Restock(sku=sku, units=units, at=at, key=key))

    # -- volunteers -------------------------------------------------------------------

    def record_activity(
        self,
        activity_id: str,
        *,
        team: str,
        kind: ActivityKind,
        title: str,
        organiser: str,
        at: datetime,
        participants: Mapping[str, Decimal | int] | None = None,
        served: int = 0,
        region: str = "",
        answers: Sequence[str] = (),
        claim_points: bool = False,
        key: str | None = None,
    ) -> ActivityRecorded:
        """
        Record a volunteer activity (`RecordActivity`).

        Raises:
            UnknownEntityError: Unknown team, region, menu order or participant.
        """
        return self.execute(
            RecordActivity(
                activity_id=activity_id,
                team=team,
                kind=kind,
                title=title,
                organiser=organiser,
                at=at,
                participants=dict(participants or {}),
                served=served,
                region=region,
                answers=tuple(answers),
                claim_points=claim_points,
                key=key,
            )
        )

    def order_service(
        self,
        order_id: str,
        item: str,
        *,
        by: str,
        at: datetime,
        note: str = "",
        key: str | None = None,
    ) -> ServiceOrdered:
        """A resident orders an item from the 点单 menu (`OrderService`)."""
        return self.execute(
            OrderService(order_id=order_id, item=item, by=by, at=at, note=note, key=key)
        )
