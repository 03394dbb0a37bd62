"""
Points commands (积分) and their handlers: claims and the points supermarket.

Claims run on the one claim flow, `gridgov.points.claim_flow` (申报 → 核实 →
公示 → 认定 or 驳回, 异议 back to 申报), bound to the workspace's calendar and
the rule book's ``policy.notice_days``. `FileClaim` files one (its subject is
the claim, its key ``"filed"`` by default: the claim id is the request's
identity); `StepClaim` fires 核实, 公示, 异议 or 驳回; `RecogniseClaim` fires 认定
and posts the points the rule book gives, in the same append.

`PlaceOrder`, `HandOver` and `CancelOrder` run an order of the points
supermarket (its subject is the order); `Restock` puts goods on the shelf (its
subject is the shelf of one item). Deciding them runs the ledger's and the
supermarket's own checks (no overspend, stock never below zero) on the live
objects; the unit of work restores them if the events are not appended.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.claims import (
    Claim,
    ClaimActor,
    claim_actor,
    claim_stream,
    fire_claim,
)
from gridgov.app.commands._base import Command, Decision, Handler, strings, text
from gridgov.app.events import (
    ClaimFiled,
    ClaimStepped,
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
    order_stream,
    shelf_stream,
)
from gridgov.domain.ids import derive_event_id
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    DuplicateEntityError,
    InvalidValueError,
    SpecError,
    UnknownEntityError,
)
from gridgov.points.book import RuleBook
from gridgov.points.recognition import recognise
from gridgov.points.supermarket import Order

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = [
    "CancelOrder",
    "FileClaim",
    "HandOver",
    "PlaceOrder",
    "RecogniseClaim",
    "Restock",
    "StepClaim",
    "claim_of",
    "decide_file_claim",
    "rulebook_of",
]


def _numbers(value: Mapping[str, Decimal | int] | None) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in (value or {}).items()}


def _texts(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def rulebook_of(state: State) -> RuleBook:
    """The rule book (raises `UnknownEntityError` if the workspace has none)."""
    book = state.config.rulebook
    if book is None:
        raise UnknownEntityError("rule book", "(none configured)")
    return book


def claim_of(state: State, claim_id: str) -> Claim:
    """A claim by id (raises `UnknownEntityError`)."""
    try:
        return state.claims[claim_id]
    except KeyError:
        raise UnknownEntityError("claim", claim_id) from None


@attrs.frozen(kw_only=True)
class _OnClaim(Command[Claim]):
    claim_id: str

    @property
    def subject(self) -> str:
        """The claim's stream."""
        return claim_stream(self.claim_id)


def _claim_answer(command: _OnClaim, state: State, _refs: tuple[str, ...]) -> Claim:
    return claim_of(state, command.claim_id)


@attrs.frozen(kw_only=True)
class FileClaim(_OnClaim):
    """File a points claim (积分申报) for household *account*."""

    label_zh = "积分申报"

    account: str
    at: datetime
    actor: str
    text: Mapping[str, str] = attrs.field(factory=dict, converter=_texts)
    numbers: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_numbers)
    rule_ids: tuple[str, ...] = attrs.field(default=(), converter=strings)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=strings)
    origin: str = ""
    key: str | None = None

    @property
    def request_key(self) -> str:
        """``key``, or ``"filed"``."""
        return self.key or "filed"


def decide_file_claim(command: FileClaim, state: State) -> Decision:
    """
    The `ClaimFiled` a claim's filing records (also used across engines).

    Raises:
        UnknownEntityError: No rule book, an unknown household or rule.
        DuplicateEntityError: A claim with this id exists.
        SpecError: The facts do not fit the rule book's fields (every problem).
    """
    book = rulebook_of(state)
    claim_id = text("claim_id", command.claim_id)
    if claim_id in state.claims:
        raise DuplicateEntityError("claim", claim_id)
    state.household(command.account)
    for rule in command.rule_ids:
        book.rule(rule)
    filed = ClaimFiled(
        stream=claim_stream(claim_id),
        key=command.request_key,
        occurred_at=command.when,
        claim_id=claim_id,
        account=command.account,
        text=dict(command.text),
        numbers=dict(command.numbers),
        rule_ids=command.rule_ids,
        evidence=command.evidence,
        origin=command.origin,
        actor=command.actor,
    )
    problems = book.check_facts(filed.facts)
    if problems:
        raise SpecError(problems, source=f"claim {claim_id}")
    return Decision((filed,))


@attrs.frozen(kw_only=True)
class StepClaim(_OnClaim):
    """
    Fire ``verify`` 核实, ``publicise`` 公示, ``object`` 异议 or ``reject`` 驳回.

    The actor is an `gridgov.flow.Actor` with Workspace roles, or an id (a
    roster worker acts as ``worker``); see `gridgov.app.claim_actor`. The note
    is the reason, required to object or reject.
    """

    label_zh = "积分审核"

    command: str
    actor: ClaimActor
    at: datetime
    key: str
    note: str = ""

    @property
    def request_key(self) -> str:
        """The key (unique within the claim)."""
        return text("key", self.key)


def _stepped(state: State, command: StepClaim) -> ClaimStepped:
    claim = claim_of(state, command.claim_id)
    actor = claim_actor(command.actor, state.roster)
    step = fire_claim(
        state.claim_flow,
        claim,
        command.command,
        actor=actor,
        at=command.when,
        key=command.request_key,
        note=command.note,
    )
    return ClaimStepped(
        stream=claim_stream(claim.id),
        key=command.request_key,
        occurred_at=command.when,
        claim_id=claim.id,
        command=command.command,
        source_state=step.source,
        target_state=step.target,
        actor=actor.id,
        note=command.note,
    )


def _decide_step(command: StepClaim, state: State) -> Decision:
    if command.command == "recognise":
        raise InvalidValueError(
            "command", "verify, publicise, object or reject", command.command
        )
    return Decision((_stepped(state, command),))


@attrs.frozen(kw_only=True)
class RecogniseClaim(_OnClaim):
    """
    认定: after the notice window, post the points the rule book gives.

    The actor must hold the ``committee`` role (see `gridgov.app.claim_actor`),
    and each rule's ``approval`` must be met by the actor's roles; the rule
    book is read on the day of the conduct, caps counted in its period (one
    function decides: `gridgov.points.recognise`).
    """

    label_zh = "积分认定"

    actor: ClaimActor
    at: datetime
    key: str

    @property
    def request_key(self) -> str:
        """The key (unique within the claim)."""
        return text("key", self.key)


def _decide_recognise(command: RecogniseClaim, state: State) -> Decision:
    step = _stepped(
        state,
        StepClaim(
            claim_id=command.claim_id,
            command="recognise",
            actor=command.actor,
            at=command.at,
            key=command.key,
        ),
    )
    claim = claim_of(state, command.claim_id)
    filed = claim.filed
    done = recognise(
        rulebook_of(state),
        state.ledger,
        claim_id=claim.id,
        account=filed.account,
        facts=filed.facts,
        conduct_on=filed.occurred_at.astimezone(CHINA_TZ).date(),
        household=state.household(filed.account),
        evidence=filed.evidence,
        rule_ids=filed.rule_ids or None,
        approver=claim_actor(command.actor, state.roster),
        at=command.when,
    )
    return Decision((step, *done.events), reads=(state.ledger.stream,))


@attrs.frozen(kw_only=True)
class _OnOrder(Command[Order]):
    order_id: str

    @property
    def subject(self) -> str:
        """The order's stream."""
        return order_stream(self.order_id)


def _order_answer(command: _OnOrder, state: State, _refs: tuple[str, ...]) -> Order:
    return state.supermarket.order(command.order_id)


def _lines(value: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(dict(value).items()))


@attrs.frozen(kw_only=True)
class PlaceOrder(_OnOrder):
    """Order goods (积分兑换): hold points, reserve stock; all or nothing."""

    label_zh = "积分兑换"

    account: str
    lines: tuple[tuple[str, int], ...] = attrs.field(converter=_lines)
    at: datetime
    key: str | None = None

    @property
    def request_key(self) -> str:
        """``key``, or ``"placed"``: the order id is the request's identity."""
        return self.key or "placed"


def _decide_place(command: PlaceOrder, state: State) -> Decision:
    text("order_id", command.order_id)
    if command.order_id in {o.id for o in state.supermarket.orders()}:
        raise DuplicateEntityError("order", command.order_id)
    state.household(command.account)
    event = SupermarketOrderPlaced(
        stream=order_stream(command.order_id),
        key=command.request_key,
        occurred_at=command.when,
        order_id=command.order_id,
        account=command.account,
        lines=command.lines,
    )
    order = state.supermarket.place(
        command.order_id, command.account, dict(command.lines), at=command.when
    )
    hold = state.ledger.entry(order.hold_id)
    return Decision((event, hold), reads=(state.ledger.stream,), points=True)


@attrs.frozen(kw_only=True)
class HandOver(_OnOrder):
    """Hand the goods over (兑换完成): the held points go to the supermarket."""

    label_zh = "兑换完成"

    at: datetime
    approver: str = ""
    key: str | None = None

    @property
    def request_key(self) -> str:
        """``key``, or ``"handed_over"``."""
        return self.key or "handed_over"


def _decide_hand_over(command: HandOver, state: State) -> Decision:
    order = state.supermarket.hand_over(
        command.order_id, at=command.when, approver=command.approver
    )
    event = SupermarketOrderHandedOver(
        stream=order_stream(command.order_id),
        key=command.request_key,
        occurred_at=command.when,
        order_id=command.order_id,
        approver=command.approver,
    )
    fulfil = state.ledger.entry(order.fulfil_id)
    return Decision((event, fulfil), points=True)


@attrs.frozen(kw_only=True)
class CancelOrder(_OnOrder):
    """Cancel an order before hand-over: the points and the stock go back."""

    label_zh = "取消兑换"

    at: datetime
    reason: str = "取消兑换"
    key: str | None = None

    @property
    def request_key(self) -> str:
        """``key``, or ``"cancelled"``."""
        return self.key or "cancelled"


def _decide_cancel(command: CancelOrder, state: State) -> Decision:
    state.supermarket.cancel(command.order_id, at=command.when, reason=command.reason)
    event = SupermarketOrderCancelled(
        stream=order_stream(command.order_id),
        key=command.request_key,
        occurred_at=command.when,
        order_id=command.order_id,
        reason=command.reason,
    )
    ledger = state.ledger
    # The supermarket voids its hold under the key order:<id>:void.
    void = ledger.entry(
        derive_event_id(ledger.stream, f"order:{command.order_id}:void")
    )
    return Decision((event, void), points=True)


@attrs.frozen(kw_only=True)
class Restock(Command[int]):
    """Put *units* of *sku* on the shelf (补货); the result is the new stock."""

    label_zh = "补货"

    sku: str
    units: int
    at: datetime
    key: str

    @property
    def subject(self) -> str:
        """The item's shelf."""
        return shelf_stream(self.sku)

    @property
    def request_key(self) -> str:
        """The key (unique within the item's shelf)."""
        return text("key", self.key)


def _decide_restock(command: Restock, state: State) -> Decision:
    state.supermarket.item(command.sku)
    count: object = command.units
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        raise InvalidValueError("units", "a whole number > 0", count)
    event = SupermarketRestocked(
        stream=shelf_stream(command.sku),
        key=command.request_key,
        occurred_at=command.when,
        sku=command.sku,
        units=command.units,
    )
    return Decision((event,))


def _stock_answer(command: Restock, state: State, _refs: tuple[str, ...]) -> int:
    return state.supermarket.stock(command.sku)


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    FileClaim: Handler(decide_file_claim, _claim_answer),
    StepClaim: Handler(_decide_step, _claim_answer),
    RecogniseClaim: Handler(_decide_recognise, _claim_answer),
    PlaceOrder: Handler(_decide_place, _order_answer),
    HandOver: Handler(_decide_hand_over, _order_answer),
    CancelOrder: Handler(_decide_cancel, _order_answer),
    Restock: Handler(_decide_restock, _stock_answer),
}
"""The handler of every points command."""
