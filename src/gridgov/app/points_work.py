"""
Points through the Workspace: claims (申报 → 核实 → 公示 → 认定), shop, activities.

Claims run on the one claim flow, `gridgov.points.claim_flow`, bound to the
workspace's calendar and the rule book's ``policy.notice_days``: a worker
verifies (核实) and publicises (公示); anyone may object (异议, with a reason)
while the notice window of N working days is open, which sends the claim back
to 申报; the committee recognises (认定) once it has closed. Actors are mapped
to the flow's roles by `gridgov.app.claims.claim_actor`.

Recognising a claim (认定) asks the rule book what the claim is worth — on the
day the conduct happened, for that household (eligibility: 户籍, or resident ≥
N months), within each rule's caps given what the account already earned —
and posts one ledger award per matched rule, in the same atomic append as the
step itself. A negative rule under 积分不扣分 records the conduct instead.

A volunteer activity (志愿服务) records its participants and hours; with
``claim_points=True`` it files one claim per participant household
(``kind = "volunteer"``, ``hours``), which then goes through the same flow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from gridgov.app.case_work import CaseWork
from gridgov.app.claims import (
    Claim,
    ClaimActor,
    claim_actor,
    claim_stream,
    fire_claim,
)
from gridgov.app.core import _aware
from gridgov.app.events import (
    ClaimFiled,
    ClaimStepped,
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
    order_stream,
)
from gridgov.domain.events import Event
from gridgov.domain.ids import derive_event_id
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError, SpecError, UnknownEntityError
from gridgov.points.book import RuleBook
from gridgov.points.claim_flow import ClaimState, notice_ends
from gridgov.points.decisions import Decision, Outcome
from gridgov.points.supermarket import Order

__all__ = ["PointsWork"]


class PointsWork(CaseWork):
    """Commands on claims, the supermarket and activities (mixed into the Workspace)."""

    # -- claims -------------------------------------------------------------------

    @property
    def rulebook(self) -> RuleBook:
        """The rule book (raises if the workspace has none)."""
        book = self.config.rulebook
        if book is None:
            raise UnknownEntityError("rule book", "(none configured)")
        return book

    def claim(self, claim_id: str) -> Claim:
        """A claim by id."""
        try:
            return self._state.claims[claim_id]
        except KeyError:
            raise UnknownEntityError("claim", claim_id) from None

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
    ) -> Claim:
        """
        File a points claim (积分申报) for household *account*.

        Raises:
            UnknownEntityError: No rule book, an unknown household or rule.
            SpecError: The facts do not fit the rule book's fields (every problem).
        """
        at = _aware("at", at)
        with self._command():
            stream = claim_stream(claim_id)
            book = self.rulebook
            self._state.household(account)
            for rule in rule_ids:
                book.rule(rule)
            filed = ClaimFiled(
                stream=stream,
                key="filed",
                occurred_at=at,
                claim_id=claim_id,
                account=account,
                text=dict(text or {}),
                numbers={k: Decimal(v) for k, v in (numbers or {}).items()},
                rule_ids=tuple(rule_ids),
                evidence=tuple(evidence),
                origin=origin,
                actor=actor,
            )
            if self._replayed(stream, "filed", ClaimFiled, filed) is not None:
                return self.claim(claim_id)
            problems = book.check_facts(filed.facts)
            if problems:
                raise SpecError(problems, source=f"claim {claim_id}")
            self._emit([filed])
            return self.claim(claim_id)

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
        Fire ``verify`` 核实, ``publicise`` 公示, ``object`` 异议 or ``reject`` 驳回.

        Use `recognise_claim` for 认定: it posts the points.

        Args:
            claim_id: The claim.
            command: The claim-flow command.
            actor: Who fires it: an `Actor` with Workspace roles, or an id (a
                roster worker acts as ``worker``); see `claim_actor`.
            at: When.
            key: The step's idempotency key (unique within the claim).
            note: The reason, required to object or reject.

        Raises:
            TransitionRefusedError: The claim flow refused the command (wrong
                state, a missing role or reason, or the notice window).
        """
        if command == "recognise":
            raise InvalidValueError(
                "command", "verify, publicise, object or reject", command
            )
        at = _aware("at", at)
        with self._command():
            if self._replayed(claim_stream(claim_id), key, ClaimStepped) is None:
                self._emit([self._stepped(claim_id, command, actor, at, key, note)])
            return self.claim(claim_id)

    def _stepped(  # noqa: PLR0917 - private, called twice
        self,
        claim_id: str,
        cmd: str,
        who: ClaimActor,
        at: datetime,
        key: str,
        note: str,
    ) -> ClaimStepped:
        claim = self.claim(claim_id)
        actor = claim_actor(who, self._state.roster)
        step = fire_claim(
            self._state.claim_flow, claim, cmd, actor=actor, at=at, key=key, note=note
        )
        return ClaimStepped(
            stream=claim_stream(claim_id),
            key=key,
            occurred_at=at,
            claim_id=claim_id,
            command=cmd,
            source_state=step.source,
            target_state=step.target,
            actor=actor.id,
            note=note,
        )

    def claim_notice_ends(self, claim_id: str) -> date | None:
        """While 公示: the first day the claim may be recognised (working days)."""
        return notice_ends(
            self.config.calendar,
            self.claim(claim_id).instance,
            self._state.notice_days,
        )

    def evaluate_claim(self, claim_id: str, *, trace: bool = False) -> Decision:
        """What the rule book says the claim is worth, rule by rule (nothing posted)."""
        claim = self.claim(claim_id)
        filed = claim.filed
        return self.rulebook.evaluate(
            filed.facts,
            on=filed.occurred_at.astimezone(CHINA_TZ).date(),
            household=self._state.household(filed.account),
            usage=self._state.ledger.usage(filed.account),
            evidence=filed.evidence,
            approved_by=filed.actor or None,
            rule_ids=filed.rule_ids or None,
            trace=trace,
        )

    def recognise_claim(
        self, claim_id: str, *, actor: ClaimActor, at: datetime, key: str
    ) -> Claim:
        """
        认定: after the notice window, post the points the rule book gives.

        *actor* must hold the ``committee`` role (see `claim_actor`).

        Raises:
            TransitionRefusedError: Not publicised, the notice window is still
                open, or the actor is not the committee.
        """
        at = _aware("at", at)
        with self._command():
            if self._replayed(claim_stream(claim_id), key, ClaimStepped) is not None:
                return self.claim(claim_id)
            step = self._stepped(claim_id, "recognise", actor, at, key, "")
            approver = step.actor
            claim = self.claim(claim_id)
            decision = self.evaluate_claim(claim_id)
            ledger = self._state.ledger
            events: list[Event] = [step]
            book = self.rulebook
            for outcome in decision.outcomes:
                posting = f"claim:{claim_id}:{outcome.rule_id}"
                if outcome.outcome is Outcome.RECORDED:
                    events.append(
                        ledger.record_conduct(
                            posting,
                            claim.account,
                            outcome.rule_id,
                            outcome.nominal,
                            at=at,
                            claim_id=claim_id,
                            approver=approver,
                            reason=outcome.name_zh,
                        )
                    )
                elif outcome.outcome.posts and outcome.points > 0:
                    events.append(
                        ledger.award(
                            posting,
                            claim.account,
                            outcome.points,
                            at=at,
                            rule_id=outcome.rule_id,
                            rule_version=book.version,
                            claim_id=claim_id,
                            evidence=claim.filed.evidence,
                            approver=approver,
                            reason=outcome.name_zh,
                        )
                    )
            self._emit(events)
            return self.claim(claim_id)

    def claims(self, state: ClaimState | None = None) -> tuple[Claim, ...]:
        """Every claim (or those in *state*), in the order filed."""
        return tuple(
            c for c in self._state.claims.values() if state is None or c.state is state
        )

    # -- the points supermarket ---------------------------------------------------

    def place_order(
        self, order_id: str, account: str, lines: Mapping[str, int], *, at: datetime
    ) -> Order:
        """Order goods (积分兑换): hold points, reserve stock; all or nothing."""
        at = _aware("at", at)
        with self._command():
            self._state.household(account)
            wanted = tuple(sorted(lines.items()))
            event = SupermarketOrderPlaced(
                stream=order_stream(order_id),
                key="placed",
                occurred_at=at,
                order_id=order_id,
                account=account,
                lines=wanted,
            )
            order = self._state.supermarket.place(
                order_id, account, dict(wanted), at=at
            )
            hold = self._state.ledger.entry(order.hold_id)
            self._emit([event, hold])
            return order

    def hand_over(self, order_id: str, *, at: datetime, approver: str = "") -> Order:
        """Hand the goods over (兑换完成): the held points go to the supermarket."""
        at = _aware("at", at)
        with self._command():
            order = self._state.supermarket.hand_over(
                order_id, at=at, approver=approver
            )
            event = SupermarketOrderHandedOver(
                stream=order_stream(order_id),
                key="handed_over",
                occurred_at=at,
                order_id=order_id,
                approver=approver,
            )
            self._emit([event, self._state.ledger.entry(order.fulfil_id)])
            return order

    def cancel_order(
        self, order_id: str, *, at: datetime, reason: str = "取消兑换"
    ) -> Order:
        """Cancel an order before hand-over: the points and the stock go back."""
        at = _aware("at", at)
        with self._command():
            order = self._state.supermarket.cancel(order_id, at=at, reason=reason)
            event = SupermarketOrderCancelled(
                stream=order_stream(order_id),
                key="cancelled",
                occurred_at=at,
                order_id=order_id,
                reason=reason,
            )
            ledger = self._state.ledger
            # The supermarket voids its hold under the key order:<id>:void.
            void = ledger.entry(
                derive_event_id(ledger.stream, f"order:{order_id}:void")
            )
            self._emit([event, void])
            return order

    def restock(self, sku: str, units: int, *, at: datetime, key: str) -> int:
        """Put *units* of *sku* on the shelf (补货); return the new stock."""
        at = _aware("at", at)
        with self._command():
            self._state.supermarket.item(sku)
            count: object = units
            if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
                raise InvalidValueError("units", "a whole number > 0", units)
            event = SupermarketRestocked(
                stream=f"shelf:{sku}", key=key, occurred_at=at, sku=sku, units=units
            )
            if self._replayed(event.stream, key, SupermarketRestocked, event) is None:
                self._emit([event])
            return self._state.supermarket.stock(sku)
