"""
Points claims (积分申报) on the flow core: 申报 → 核实 → 公示 → 认定 or 驳回.

A resident reports their own conduct (住户自评自述) or a grid worker enters it;
a worker verifies it (核实); it is posted on the notice board (公示) for an
objection window of N working days on the `WorkCalendar`; an objection (异议)
during the window sends it back to 申报 to be verified again; after the window
the committee (业主委员会 / 评议小组) recognises it (认定) — and only then does
the rule book decide and the ledger post, every point carrying its rule, claim,
evidence and approver. A claim can be rejected (驳回) at any step before 认定.

The flow itself is data (`gridgov.points.claim_flow.CLAIM_FLOW`); its notice-window
guards are bound to the calendar, so a township can edit the steps but not bypass
the window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

import attrs

from gridgov.domain.people import Household
from gridgov.errors import (
    IdempotencyConflictError,
    SpecError,
    UnknownEntityError,
)
from gridgov.flow import (
    Actor,
    FlowInstance,
    Step,
    fire,
    start,
)
from gridgov.points.book import RuleBook
from gridgov.points.claim_flow import CLAIM_FLOW, claim_flow, notice_ends
from gridgov.points.decisions import Decision
from gridgov.points.ledger import Ledger
from gridgov.points.recognition import recognise as recognise_claim
from gridgov.types import WorkCalendar

__all__ = ["CLAIM_FLOW", "Claim", "ClaimDesk", "claim_flow"]


@attrs.frozen
class Claim:
    """
    A points claim and where it stands.

    Attributes:
        id: Claim id.
        account: The household account that would earn the points.
        facts: The claim's field values (checked against the rule book).
        on: Day of the conduct.
        evidence: Evidence kinds/references carried.
        rule_ids: The items claimed (None: every rule is considered).
        channel: ``"self"`` (住户自评) or ``"worker"`` (网格员录入).
        instance: The flow instance.
        history: Every step taken, oldest first.
        decision: The rule book's decision, once recognised.
        postings: Ledger event ids posted at recognition.
    """

    id: str
    account: str
    facts: Mapping[str, Any]
    on: date
    evidence: tuple[str, ...]
    rule_ids: tuple[str, ...] | None
    channel: str
    instance: FlowInstance
    history: tuple[Step, ...]
    decision: Decision | None = None
    postings: tuple[str, ...] = ()

    @property
    def state(self) -> str:
        """The flow state (``submitted``, ``verified``, ``publicised`` …)."""
        return self.instance.state


class ClaimDesk:
    """
    Where claims are submitted, moved through the flow and turned into points.

    Args:
        book: The compiled rule book.
        ledger: The ledger recognised claims post to.
        calendar: Working days for the notice window.
        households: Households by id, for eligibility (户籍 / 常住 ≥ N 月).
        notice_days: Working days of public notice (公示期); default the rule
            book's ``policy.notice_days`` (3 unless it says otherwise).
    """

    def __init__(
        self,
        book: RuleBook,
        ledger: Ledger,
        calendar: WorkCalendar,
        *,
        households: Mapping[str, Household] | None = None,
        notice_days: int | None = None,
    ) -> None:
        self.book = book
        self.ledger = ledger
        self.calendar = calendar
        self.households = households
        days = book.spec.policy.notice_days if notice_days is None else notice_days
        self.flow = claim_flow(calendar, notice_days=days)
        self.notice_days = days
        self._claims: dict[str, Claim] = {}

    def claim(self, claim_id: str) -> Claim:
        """A claim by id."""
        try:
            return self._claims[claim_id]
        except KeyError:
            raise UnknownEntityError("claim", claim_id) from None

    def claims(self) -> tuple[Claim, ...]:
        """Every claim, in the order submitted."""
        return tuple(self._claims.values())

    def notice_ends(self, claim_id: str) -> date | None:
        """While 公示: the first day the claim may be recognised."""
        instance = self.claim(claim_id).instance
        return notice_ends(self.calendar, instance, self.notice_days)

    def submit(
        self,
        claim_id: str,
        account: str,
        facts: Mapping[str, Any],
        *,
        on: date,
        actor: Actor,
        at: datetime,
        evidence: Sequence[str] = (),
        rule_ids: Sequence[str] | None = None,
    ) -> Claim:
        """
        申报: record a claim (checked against the rule book's fields).

        Raises:
            SpecError: The facts do not fit the rule book (every problem listed).
            UnknownEntityError: Unknown household or rule id.
            IdempotencyConflictError: *claim_id* was used for another claim.
        """
        frozen = MappingProxyType(dict(facts))
        ids = None if rule_ids is None else tuple(rule_ids)
        prior = self._claims.get(claim_id)
        if prior is not None:
            same = (
                prior.account,
                dict(prior.facts),
                prior.on,
                prior.evidence,
                prior.rule_ids,
            )
            if same == (account, dict(frozen), on, tuple(evidence), ids):
                return prior
            raise IdempotencyConflictError(claim_id, detail="a different claim")
        problems = self.book.check_facts(frozen)
        if problems:
            raise SpecError(problems, source=f"claim {claim_id!r}")
        for rule_id in ids or ():
            self.book.rule(rule_id)
        self._household(account)
        instance, step = start(
            self.flow, claim_id, actor=actor, at=at, command_id=f"{claim_id}:submit"
        )
        channel = "worker" if actor.roles & {"worker", "committee"} else "self"
        claim = Claim(
            claim_id,
            account,
            frozen,
            on,
            tuple(evidence),
            ids,
            channel,
            instance,
            (step,),
        )
        self._claims[claim_id] = claim
        return claim

    def preview(self, claim_id: str) -> Decision:
        """What the claim would earn if recognised now (traced; nothing posts)."""
        claim = self.claim(claim_id)
        return self._decide(claim, approved_by="(preview)")

    def verify(self, claim_id: str, *, actor: Actor, at: datetime) -> Claim:
        """核实: a worker checked the claim."""
        return self._fire(claim_id, "verify", actor, at, {})

    def publicise(self, claim_id: str, *, actor: Actor, at: datetime) -> Claim:
        """公示: post the claim; the objection window starts now."""
        return self._fire(claim_id, "publicise", actor, at, {})

    def object(
        self, claim_id: str, *, actor: Actor, at: datetime, reason: str
    ) -> Claim:
        """异议: an objection during 公示 sends the claim back to 申报."""
        return self._fire(claim_id, "object", actor, at, {"reason": reason})

    def reject(
        self, claim_id: str, *, actor: Actor, at: datetime, reason: str
    ) -> Claim:
        """驳回: the claim ends without points."""
        return self._fire(claim_id, "reject", actor, at, {"reason": reason})

    def recognise(self, claim_id: str, *, actor: Actor, at: datetime) -> Claim:
        """
        认定: after the notice window, decide with the rule book and post.

        The decision and its postings come from `gridgov.points.recognise`: the
        rule book decides on the day of the conduct, with caps counted in the
        conduct's period; the actor's role must give every posting rule the
        approval it needs; awards post to the account (with ``conduct_on``), a
        negative rule under 积分不扣分 is recorded as conduct, a deduction takes
        at most the balance. Retrying returns the same claim and posts nothing
        twice.

        Raises:
            TransitionRefusedError: The flow refused (state, role, window).
            ApprovalRefusedError: A rule needs approval *actor* cannot give;
                the claim stays where it was.
        """
        claim = self.claim(claim_id)
        instance, step = fire(
            self.flow,
            claim.instance,
            "recognise",
            actor=actor,
            at=at,
            command_id=f"{claim_id}:recognise:{at.isoformat()}",
        )
        if instance is claim.instance:
            return claim
        done = recognise_claim(
            self.book,
            self.ledger,
            claim_id=claim.id,
            account=claim.account,
            facts=claim.facts,
            conduct_on=claim.on,
            approver=actor,
            at=at,
            household=self._household(claim.account),
            evidence=claim.evidence,
            rule_ids=claim.rule_ids,
            trace=True,
        )
        self.ledger.commit(done.events)
        recognised = attrs.evolve(
            claim,
            instance=instance,
            history=(*claim.history, step),
            decision=done.decision,
            postings=done.posting_ids,
        )
        self._claims[claim_id] = recognised
        return recognised

    # -- internals --------------------------------------------------------------
    def _household(self, account: str) -> Household | None:
        if self.households is None:
            return None
        try:
            return self.households[account]
        except KeyError:
            raise UnknownEntityError("household", account) from None

    def _decide(self, claim: Claim, *, approved_by: str) -> Decision:
        return self.book.evaluate(
            claim.facts,
            on=claim.on,
            household=self._household(claim.account),
            usage=self.ledger.usage(claim.account),
            evidence=claim.evidence,
            approved_by=approved_by,
            rule_ids=claim.rule_ids,
            trace=True,
        )

    def _fire(
        self,
        claim_id: str,
        command: str,
        actor: Actor,
        at: datetime,
        fields: Mapping[str, str],
    ) -> Claim:
        claim = self.claim(claim_id)
        command_id = f"{claim_id}:{command}:{at.isoformat()}"
        instance, step = fire(
            self.flow,
            claim.instance,
            command,
            actor=actor,
            at=at,
            command_id=command_id,
            fields=fields,
        )
        if instance is claim.instance:
            return claim
        moved = attrs.evolve(claim, instance=instance, history=(*claim.history, step))
        self._claims[claim_id] = moved
        return moved
