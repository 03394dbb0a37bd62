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

The desk holds the one claim record, `gridgov.points.Claim`, built as the
Workspace builds it from its journal: `ClaimDesk.submit` records a
`ClaimFiled` and opens the claim, each step records a `ClaimStepped` and folds
it (`gridgov.points.claim_record`), and 认定 decides with the one recognition
function, `gridgov.points.recognise`. The desk keeps the claims, not the events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from gridgov.domain.people import Household
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    IdempotencyConflictError,
    InvalidValueError,
    SpecError,
    SpecProblem,
    UnknownEntityError,
)
from gridgov.flow import Actor
from gridgov.points.book import RuleBook
from gridgov.points.claim_events import (
    ClaimFiled,
    claim_stream,
    recorded_conduct_on,
)
from gridgov.points.claim_flow import CLAIM_FLOW, claim_flow, notice_ends
from gridgov.points.claim_record import (
    Claim,
    claim_channel,
    claim_stepped,
    fire_claim,
    fold_claim,
    open_claim,
)
from gridgov.points.decisions import Decision
from gridgov.points.ledger import Ledger
from gridgov.points.recognition import recognise as recognise_claim
from gridgov.types import WorkCalendar

__all__ = ["CLAIM_FLOW", "ClaimDesk", "claim_flow"]


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

        Builds the claim's `ClaimFiled` (``conduct_on`` *on*; the channel
        ``worker`` if *actor* is staff, else ``self``) and opens the claim.
        Facts are text or numbers (a float is read as the decimal it prints
        as, ``0.1`` as ``Decimal("0.1")``). Submitting the same claim again
        returns it.

        Raises:
            SpecError: The facts do not fit the rule book, or are not text or
                numbers (every problem listed).
            InvalidValueError: *on* is after the filing day, or *rule_ids* is
                empty (None claims under every rule).
            UnknownEntityError: Unknown household or rule id.
            IdempotencyConflictError: *claim_id* was used for another claim.
        """
        text, numbers, kinds = _recorded(facts)
        ids = () if rule_ids is None else tuple(rule_ids)
        if rule_ids is not None and not ids:
            raise InvalidValueError(
                "rule_ids", "at least one rule id (None: every rule)", rule_ids
            )
        filed = ClaimFiled(
            stream=claim_stream(claim_id),
            key="filed",
            occurred_at=at,
            claim_id=claim_id,
            account=account,
            text=text,
            numbers=numbers,
            rule_ids=ids,
            evidence=tuple(evidence),
            actor=actor.id,
            conduct_on=recorded_conduct_on(on, at),
            channel=claim_channel(actor),
        )
        prior = self._claims.get(claim_id)
        if prior is not None:
            if _same_claim(prior, filed, on):
                return prior
            raise IdempotencyConflictError(claim_id, detail="a different claim")
        problems = self.book.check_facts(facts)
        seen = {p.path for p in problems}
        problems += [p for p in kinds if p.path not in seen]
        if problems:
            raise SpecError(problems, source=f"claim {claim_id!r}")
        if on > at.astimezone(CHINA_TZ).date():
            raise InvalidValueError("on", "a day on or before the filing day", on)
        for rule_id in ids:
            self.book.rule(rule_id)
        self._household(account)
        claim = open_claim(self.flow, filed)
        self._claims[claim_id] = claim
        return claim

    def preview(self, claim_id: str) -> Decision:
        """What the claim would earn if recognised now (traced; nothing posts)."""
        claim = self.claim(claim_id)
        return self._decide(claim, approved_by="(preview)")

    def verify(self, claim_id: str, *, actor: Actor, at: datetime) -> Claim:
        """核实: a worker checked the claim."""
        return self._fire(claim_id, "verify", actor, at)

    def publicise(self, claim_id: str, *, actor: Actor, at: datetime) -> Claim:
        """公示: post the claim; the objection window starts now."""
        return self._fire(claim_id, "publicise", actor, at)

    def object(
        self, claim_id: str, *, actor: Actor, at: datetime, reason: str
    ) -> Claim:
        """异议: an objection during 公示 sends the claim back to 申报."""
        return self._fire(claim_id, "object", actor, at, reason)

    def reject(
        self, claim_id: str, *, actor: Actor, at: datetime, reason: str
    ) -> Claim:
        """驳回: the claim ends without points."""
        return self._fire(claim_id, "reject", actor, at, reason)

    def recognise(self, claim_id: str, *, actor: Actor, at: datetime) -> Claim:
        """
        认定: after the notice window, decide with the rule book and post.

        The decision and its postings come from `gridgov.points.recognise`: the
        rule book decides on the day of the conduct (`Claim.conduct_on`), with
        caps counted in the conduct's period; the actor's role must give every
        posting rule the approval it needs; awards post to the account (with
        ``conduct_on``), a negative rule under 积分不扣分 is recorded as
        conduct, a deduction takes at most the balance. The claim records the
        step (with the posting ids), the decision and the net points. Retrying
        returns the same claim and posts nothing twice.

        Raises:
            TransitionRefusedError: The flow refused (state, role, window).
            ApprovalRefusedError: A rule needs approval *actor* cannot give;
                the claim stays where it was.
        """
        claim = self.claim(claim_id)
        key = f"{claim_id}:recognise:{at.isoformat()}"
        step = fire_claim(self.flow, claim, "recognise", actor=actor, at=at, key=key)
        if step is claim.instance.last:
            return claim
        done = recognise_claim(
            self.book,
            self.ledger,
            claim_id=claim.id,
            account=claim.account,
            facts=claim.facts,
            conduct_on=claim.conduct_on,
            approver=actor,
            at=at,
            household=self._household(claim.account),
            evidence=claim.evidence,
            rule_ids=claim.rule_ids,
            trace=True,
        )
        self.ledger.commit(done.events)
        stepped = fold_claim(
            self.flow, claim, claim_stepped(step, postings=done.posting_ids)
        )
        recognised = attrs.evolve(stepped, points=done.points, decision=done.decision)
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
            on=claim.conduct_on,
            household=self._household(claim.account),
            usage=self.ledger.usage(claim.account),
            evidence=claim.evidence,
            approved_by=approved_by,
            rule_ids=claim.rule_ids,
            trace=True,
        )

    def _fire(
        self, claim_id: str, command: str, actor: Actor, at: datetime, note: str = ""
    ) -> Claim:
        claim = self.claim(claim_id)
        key = f"{claim_id}:{command}:{at.isoformat()}"
        step = fire_claim(
            self.flow, claim, command, actor=actor, at=at, key=key, note=note
        )
        if step is claim.instance.last:
            return claim
        moved = fold_claim(self.flow, claim, claim_stepped(step))
        self._claims[claim_id] = moved
        return moved


def _recorded(
    facts: Mapping[str, Any],
) -> tuple[dict[str, str], dict[str, Decimal], list[SpecProblem]]:
    """Split *facts* into a filing's text and exact numbers; flag anything else."""
    text: dict[str, str] = {}
    numbers: dict[str, Decimal] = {}
    problems: list[SpecProblem] = []
    for name, value in facts.items():
        if isinstance(value, str):
            text[name] = value
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            exact = Decimal(repr(value)) if isinstance(value, float) else value
            numbers[name] = Decimal(exact)
        else:
            problems.append(SpecProblem.of(f"facts.{name}", "claim_fact", value=value))
    return text, numbers, problems


def _same_claim(prior: Claim, filed: ClaimFiled, on: date) -> bool:
    """Whether *filed* repeats the claim *prior* was filed as (a retry)."""
    was = prior.filed
    return (was.account, was.text, was.numbers, was.rule_ids, was.evidence) == (
        filed.account,
        filed.text,
        filed.numbers,
        filed.rule_ids,
        filed.evidence,
    ) and prior.conduct_on == on
