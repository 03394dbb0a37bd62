"""
Points-supermarket commands (积分超市) and their handlers.

`PlaceOrder`, `HandOver` and `CancelOrder` run an order (its subject is the
order); `Restock` puts goods on the shelf (its subject is the shelf of one
item). Deciding them runs the ledger's and the supermarket's own checks (no
overspend, stock never below zero) on the live objects; the unit of work
restores them if the events are not appended. Every order writes the ledger's
one stream, so orders from several processes are serialised by the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import Command, Decision, Handler, text
from gridgov.domain.ids import derive_event_id
from gridgov.errors import (
    DuplicateEntityError,
    InvalidValueError,
)
from gridgov.points.shop_events import (
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
    order_stream,
    shelf_stream,
)
from gridgov.points.supermarket import Order, OrderStatus

if TYPE_CHECKING:
    from gridgov.app.state import State


__all__ = ["CancelOrder", "HandOver", "PlaceOrder", "Restock"]


@attrs.frozen(kw_only=True)
class _OnOrder(Command[Order]):
    order_id: str

    @property
    def subject(self) -> str:
        """The order's stream."""
        return order_stream(self.order_id)


def _order_answer(command: _OnOrder, state: State, _refs: tuple[str, ...]) -> Order:
    order = state.supermarket.order(command.order_id)
    # A retried order step is answered with the order as that step left it.
    if isinstance(command, PlaceOrder) and order.status is not OrderStatus.HELD:
        return attrs.evolve(
            order, status=OrderStatus.HELD, fulfil_id="", reversal_id=""
        )
    if isinstance(command, HandOver) and order.status is not OrderStatus.FULFILLED:
        return attrs.evolve(order, status=OrderStatus.FULFILLED, reversal_id="")
    return order


def _lines(value: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(dict(value).items()))


@attrs.frozen(kw_only=True)
class PlaceOrder(_OnOrder):
    """Order goods (积分兑换): hold points, reserve stock; all or nothing."""

    label_zh = "积分兑换"
    default_key = "placed"

    account: str
    lines: tuple[tuple[str, int], ...] = attrs.field(converter=_lines)
    at: datetime
    key: str | None = None


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
    default_key = "handed_over"

    at: datetime
    approver: str = ""
    key: str | None = None


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
    default_key = "cancelled"

    at: datetime
    reason: str = "取消兑换"
    key: str | None = None


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
    PlaceOrder: Handler(_decide_place, _order_answer),
    HandOver: Handler(_decide_hand_over, _order_answer),
    CancelOrder: Handler(_decide_cancel, _order_answer),
    Restock: Handler(_decide_restock, _stock_answer),
}
"""The handler of every supermarket command."""
