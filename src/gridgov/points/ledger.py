"""
The points ledger (积分台账): double entry, idempotent, reversible, explainable.

Every command builds one event and applies it; state is derived from events
alone, so `Ledger.replay` rebuilds the same balances. Rules the ledger enforces:

* double entry — points move between two accounts; the village issuance
  account's balance is minus everything issued, so issued = held by households
  + reserved by open redemptions + spent in the supermarket + expired;
* idempotency — same key and payload returns the original event; same key,
  different payload raises `IdempotencyConflictError`;
* no overspend — no household balance goes below zero (`LedgerError`), and
  base score (基础分) is never redeemable;
* reversals, never edits — each posting may be reversed once;
* two-phase redemption — hold, then fulfil or void;
* FIFO earn lots so expiry knows what expires.

>>> from datetime import datetime
>>> from gridgov.domain.spans import CHINA_TZ
>>> at = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TZ)
>>> ledger = Ledger()
>>> e = ledger.award("c1:vol", "H001", 5, at=at, rule_id="vol", approver="业委会")
>>> ledger.award("c1:vol", "H001", 5, at=at, rule_id="vol", approver="业委会") is e
True
>>> ledger.balance("H001"), ledger.issued
(5, 5)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from gridgov.domain.events import Event
from gridgov.domain.ids import AccountId
from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.errors import (
    IdempotencyConflictError,
    IntegrityError,
    LedgerError,
)
from gridgov.points.events import (
    EXPIRY,
    HOLDS,
    ISSUANCE,
    SUPERMARKET,
    ConductRecorded,
    LedgerEntry,
    PointsPosted,
    PointsReversed,
    PostingKind,
    RedemptionFulfilled,
    RedemptionHeld,
    RedemptionVoided,
)
from gridgov.points.ledger_state import LedgerState
from gridgov.points.postings import (
    DERIVED_FIELDS,
    award_fields,
    build,
    conduct_fields,
    deduction_fields,
    entry_args,
    expiry_day,
    member_account,
    payload,
    whole_points,
)
from gridgov.points.spec import PolicySpec

__all__ = ["Ledger"]

E = TypeVar("E", bound=Event)


class Ledger(LedgerState):
    """
    An in-memory points ledger for one scheme.

    Args:
        ledger_id: Names the event stream (``ledger:<id>``).
        policy: Expiry and base-score policy (`PolicySpec`); default none.
    """

    def __init__(
        self, ledger_id: str = "points", *, policy: PolicySpec | None = None
    ) -> None:
        super().__init__()
        self.id = ledger_id
        self.stream = f"ledger:{ledger_id}"
        self.policy = policy or PolicySpec()
        self._by_key: dict[str, Event] = {}
        self._runs: dict[str, tuple[date, tuple[PointsPosted, ...]]] = {}

    @classmethod
    def replay(
        cls,
        events: Iterable[Event],
        ledger_id: str = "points",
        *,
        policy: PolicySpec | None = None,
    ) -> Ledger:
        """Rebuild a ledger from its events (each checked as it is applied)."""
        ledger = cls(ledger_id, policy=policy)
        for event in events:
            if event.stream != ledger.stream:
                raise LedgerError(
                    f"event {event.event_id} belongs to {event.stream!r}, "
                    f"not {ledger.stream!r}"
                )
            ledger._commit(event)
        return ledger

    # -- the one door every event goes through --------------------------------
    def _commit(self, event: Event) -> Any:
        prior = self._by_key.get(event.key)
        if prior is not None:
            if payload(prior) == payload(event):
                return prior
            raise IdempotencyConflictError(
                event.key, detail=f"first used for {prior.type_name}"
            )
        self.apply(event)
        self._by_key[event.key] = event
        return event

    def _post(self, cls: type[E], key: object, at: datetime, **fields: Any) -> E:
        # Retries are answered before any event is built (building one derives
        # an id and validates the time), which keeps retried keys cheap.
        prior = self._by_key.get(key) if isinstance(key, str) else None
        if prior is not None and type(prior) is cls:
            if all(
                getattr(prior, k) == v
                for k, v in fields.items()
                if k not in DERIVED_FIELDS
            ):
                return prior
            raise IdempotencyConflictError(
                str(key), detail=f"first used for {prior.type_name}"
            )
        committed: E = self._commit(build(cls, self.stream, key, at, fields))
        return committed

    def posted(self, key: str) -> Event | None:
        """The event committed under idempotency *key*, if any."""
        return self._by_key.get(key)

    def commit(self, events: Iterable[Event]) -> tuple[Event, ...]:
        """
        Apply events built elsewhere (e.g. by `gridgov.points.recognise`), in order.

        Each goes through the same door as the ledger's own commands: a repeat
        of a key with the same payload returns the original; a different payload
        raises `IdempotencyConflictError`; an event that would break the ledger
        raises `LedgerError` (events before it stay applied).
        """
        out = []
        for event in events:
            if event.stream != self.stream:
                raise LedgerError(
                    f"event {event.event_id} belongs to {event.stream!r}, "
                    f"not {self.stream!r}"
                )
            out.append(self._commit(event))
        return tuple(out)

    def expires_on(self, at: datetime) -> date | None:
        """When points awarded at *at* expire under the ledger's policy (or None)."""
        return expiry_day(self.policy, at.astimezone(CHINA_TZ).date())

    # -- commands -------------------------------------------------------------
    def award(
        self,
        key: str,
        account: str,
        amount: int,
        *,
        at: datetime,
        rule_id: str = "",
        rule_version: str = "",
        claim_id: str = "",
        evidence: Sequence[str] = (),
        approver: str = "",
        reason: str = "",
        conduct_on: date | None = None,
    ) -> PointsPosted:
        """
        Issue *amount* points to *account* (积分奖励); they open a lot.

        *conduct_on* is the day of the conduct (a claim recognised on 3 April
        for 31 March conduct counts against March's caps); it defaults to the
        posting day.
        """
        fields = award_fields(
            account,
            amount,
            rule_id=rule_id,
            rule_version=rule_version,
            claim_id=claim_id,
            evidence=evidence,
            approver=approver,
            reason=reason,
            expires_on=self.expires_on(at),
            conduct_on=conduct_on,
        )
        return self._post(PointsPosted, key, at, **fields)

    def grant_base(
        self, key: str, account: str, *, at: datetime, reason: str = "基础分"
    ) -> PointsPosted:
        """Grant the policy's base score (基础分): never redeemable, never expiring."""
        return self._post(
            PointsPosted,
            key,
            at,
            source=ISSUANCE,
            target=member_account(account),
            amount=whole_points(self.policy.base_score),
            reason=reason,
            posting=PostingKind.BASE,
            redeemable=False,
        )

    def deduct(
        self,
        key: str,
        account: str,
        amount: int,
        *,
        at: datetime,
        rule_id: str = "",
        rule_version: str = "",
        claim_id: str = "",
        approver: str = "",
        reason: str = "",
    ) -> PointsPosted:
        """Take points back to the issuance account (扣分); never below zero."""
        fields = deduction_fields(
            account,
            amount,
            rule_id=rule_id,
            rule_version=rule_version,
            claim_id=claim_id,
            approver=approver,
            reason=reason,
        )
        return self._post(PointsPosted, key, at, **fields)

    def record_conduct(
        self,
        key: str,
        account: str,
        rule_id: str,
        points: int,
        *,
        at: datetime,
        claim_id: str = "",
        approver: str = "",
        reason: str = "",
    ) -> ConductRecorded:
        """Record conduct under a negative rule without taking points (积分不扣分)."""
        fields = conduct_fields(
            account,
            rule_id,
            points,
            claim_id=claim_id,
            approver=approver,
            reason=reason,
        )
        return self._post(ConductRecorded, key, at, **fields)

    def hold(
        self,
        key: str,
        account: str,
        amount: int,
        *,
        at: datetime,
        order_id: str,
        reason: str = "",
    ) -> RedemptionHeld:
        """Reserve redeemable points for an order (兑换冻结); hold id = event id."""
        return self._post(
            RedemptionHeld,
            key,
            at,
            source=member_account(account),
            target=HOLDS,
            amount=whole_points(amount),
            order_id=order_id,
            reason=reason,
        )

    def fulfil(
        self, key: str, hold_id: str, *, at: datetime, approver: str = ""
    ) -> RedemptionFulfilled:
        """Complete a held redemption: the points go to the supermarket sink."""
        prior = self._by_key.get(key)
        if isinstance(prior, RedemptionFulfilled) and prior.hold_id == hold_id:
            return prior
        held = self.open_hold(hold_id)
        return self._post(
            RedemptionFulfilled,
            key,
            at,
            source=HOLDS,
            target=SUPERMARKET,
            amount=held.amount,
            hold_id=hold_id,
            approver=approver,
            reason=held.reason,
        )

    def void(
        self, key: str, hold_id: str, *, at: datetime, reason: str = ""
    ) -> RedemptionVoided:
        """Cancel a held redemption: the same points (same lots) go back."""
        prior = self._by_key.get(key)
        if isinstance(prior, RedemptionVoided) and prior.hold_id == hold_id:
            return prior
        held = self.open_hold(hold_id)
        return self._post(
            RedemptionVoided,
            key,
            at,
            source=HOLDS,
            target=held.source,
            amount=held.amount,
            hold_id=hold_id,
            reason=reason,
        )

    def reverse(
        self,
        key: str,
        posting_id: str,
        *,
        at: datetime,
        reason: str,
        approver: str = "",
    ) -> PointsReversed:
        """
        Reverse a posting (冲正) by moving the same amount back; at most once.

        Awards, base grants, deductions, expiries and fulfilled redemptions
        (a return, 退货) can be reversed; holds are voided instead.
        """
        original = self.entry(posting_id)
        prior = self._by_key.get(key)
        if prior is None and posting_id in self._reversed_by:
            raise LedgerError(
                f"posting {posting_id} was already reversed "
                f"by {self._reversed_by[posting_id]}"
            )
        source, target, amount = self.reversal_of(original)
        return self._post(
            PointsReversed,
            key,
            at,
            source=source,
            target=target,
            amount=amount,
            rule_id=original.rule_id,
            rule_version=original.rule_version,
            claim_id=original.claim_id,
            approver=approver,
            reason=reason,
            reverses=posting_id,
        )

    def expire(self, key: str, *, as_of: datetime) -> tuple[PointsPosted, ...]:
        """
        Expire every lot whose ``expires_on`` is on or before *as_of*'s day.

        One posting per account, keyed ``{key}:{account}``. Re-running with the
        same key and day returns the same postings.
        """
        day = as_of.astimezone(CHINA_TZ).date()
        earlier = self._runs.get(key)
        if earlier is not None:
            if earlier[0] != day:
                raise IdempotencyConflictError(
                    key, detail=f"expiry run was for {earlier[0]}"
                )
            return earlier[1]
        out = []
        for account, amount in self.expirable(day):
            event = PointsPosted(
                **entry_args(self.stream, f"{key}:{account}", as_of),
                source=account,
                target=EXPIRY,
                amount=amount,
                reason=f"{day} 过期清零",
                posting=PostingKind.EXPIRY,
            )
            out.append(self._commit(event))
        result = tuple(out)
        self._runs[key] = (day, result)
        return result

    # -- checks ---------------------------------------------------------------
    def verify(self) -> None:
        """
        Recompute every balance from the events and compare (IntegrityError if not).

        Checks double entry, that issued = holdings + holds + sinks, and that each
        household balance equals its open lots.
        """
        sums: dict[AccountId, int] = defaultdict(int)
        for event in self.events:
            if isinstance(event, LedgerEntry):
                sums[event.source] -= event.amount
                sums[event.target] += event.amount
        accounts = set(sums) | set(self.accounts())
        for account in accounts:
            if sums.get(account, 0) != self.balance(account):
                raise IntegrityError(
                    f"{account}: balance {self.balance(account)} "
                    f"!= sum of postings {sums.get(account, 0)}"
                )
        self.check_conservation(self.member_accounts())

    def entries_between(self, span: DateSpan) -> list[LedgerEntry]:
        """Entries whose day falls in *span*."""
        return [
            e
            for e in self.events
            if isinstance(e, LedgerEntry)
            and span.contains(e.occurred_at.astimezone(CHINA_TZ).date())
        ]
