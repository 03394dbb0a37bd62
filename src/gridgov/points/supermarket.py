"""
The points supermarket (积分超市): a catalogue, stock, orders, cancellations, returns.

An order is a two-phase redemption on the ledger: placing it holds the points
and reserves the stock; handing the goods over fulfils the hold; a cancellation
before hand-over voids the hold and puts the stock back; a return after
hand-over reverses the fulfilment (the same points, with their original
expiry, go back) and restocks. Each of these happens exactly once: retrying
any of them returns the same order.

>>> from datetime import datetime
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.points.ledger import Ledger
>>> at = datetime(2026, 3, 5, 10, 0, tzinfo=CHINA_TZ)
>>> ledger = Ledger()
>>> _ = ledger.award("a1", "H001", 30, at=at, rule_id="vol")
>>> shop = Supermarket(ledger, [Item("soap", "肥皂", 5, stock=10)])
>>> order = shop.place("o1", "H001", {"soap": 2}, at=at)
>>> order.status.zh, order.points, ledger.balance("H001"), shop.stock("soap")
('已冻结', 10, 20, 8)
>>> shop.hand_over("o1", at=at).status.zh
'已兑换'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime

import attrs

from gridgov.errors import (
    DuplicateEntityError,
    IdempotencyConflictError,
    InvalidValueError,
    LedgerError,
    UnknownEntityError,
)
from gridgov.points.ledger import Ledger

__all__ = [
    "Item",
    "NotReturnableError",
    "Order",
    "OrderStateError",
    "OrderStatus",
    "OutOfStockError",
    "Supermarket",
]


@attrs.frozen
class Item:
    """
    A catalogue item (商品) with its price in points and its stock.

    Attributes:
        sku: Identifier.
        name_zh: Chinese name (肥皂, 洗衣液).
        price: Points per unit (5 分 肥皂, 20 分 洗衣液).
        stock: Units on the shelf at the start.
        returnable: Whether a handed-over item may be returned.
    """

    sku: str
    name_zh: str
    price: int
    stock: int = 0
    returnable: bool = True


class OrderStatus(enum.StrEnum):
    """Where an order stands."""

    HELD = "held"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    RETURNED = "returned"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {
            "held": "已冻结",
            "fulfilled": "已兑换",
            "cancelled": "已取消",
            "returned": "已退货",
        }[self.value]


@attrs.frozen
class Order:
    """
    An order (兑换单) and the ledger postings behind it.

    Attributes:
        id: Order id (also the idempotency key of every step).
        account: The household spending points.
        lines: ``(sku, quantity)`` pairs.
        points: Total points.
        status: Where it stands.
        hold_id: The hold posting.
        fulfil_id: The fulfilment posting, once handed over.
        reversal_id: The return's reversal posting, once returned.
    """

    id: str
    account: str
    lines: tuple[tuple[str, int], ...]
    points: int
    status: OrderStatus
    hold_id: str
    fulfil_id: str = ""
    reversal_id: str = ""


class OutOfStockError(LedgerError):
    """
    An order asks for more of an item than is on the shelf (库存不足).

    Attributes:
        sku: The item.
        name_zh: Its Chinese name.
        in_stock: Units on the shelf.
        ordered: Units ordered.
    """

    def __init__(self, item: Item, in_stock: int, ordered: int) -> None:
        self.sku = item.sku
        self.name_zh = item.name_zh
        self.in_stock = in_stock
        self.ordered = ordered
        super().__init__(f"{item.sku}: only {in_stock} in stock, {ordered} ordered")


class NotReturnableError(LedgerError):
    """
    A handed-over item that may not be brought back (不可退货).

    Attributes:
        order_id: The order.
        sku: The item.
        name_zh: Its Chinese name.
    """

    def __init__(self, order_id: str, item: Item) -> None:
        self.order_id = order_id
        self.sku = item.sku
        self.name_zh = item.name_zh
        super().__init__(f"{item.sku} ({item.name_zh}) cannot be returned")


class OrderStateError(LedgerError):
    """
    An order step its order's status does not allow (cancelling a handed-over order).

    Attributes:
        order_id: The order.
        action: ``"hand over"``, ``"cancel"`` or ``"return"``.
        status: Where the order stands.
    """

    def __init__(self, order_id: str, action: str, status: OrderStatus) -> None:
        self.order_id = order_id
        self.action = action
        self.status = status
        super().__init__(
            f"cannot {action} order {order_id}: it is {status.value} ({status.zh})"
        )


class Supermarket:
    """A points supermarket: stock and orders live here, points in the ledger."""

    def __init__(self, ledger: Ledger, items: Iterable[Item]) -> None:
        self.ledger = ledger
        self._items: dict[str, Item] = {}
        self._stock: dict[str, int] = {}
        for item in items:
            if item.sku in self._items:
                raise DuplicateEntityError("item", item.sku)
            if item.price <= 0 or item.stock < 0:
                raise InvalidValueError(
                    f"items[{item.sku}]", "price > 0 and stock >= 0", item
                )
            self._items[item.sku] = item
            self._stock[item.sku] = item.stock
        self._orders: dict[str, Order] = {}

    def item(self, sku: str) -> Item:
        """A catalogue item by sku."""
        try:
            return self._items[sku]
        except KeyError:
            raise UnknownEntityError(
                "item", sku, hint=f"catalogue has {', '.join(self._items)}"
            ) from None

    def stock(self, sku: str) -> int:
        """Units on the shelf (held orders already reserved theirs)."""
        self.item(sku)
        return self._stock[sku]

    def catalogue(self) -> tuple[Item, ...]:
        """Every item with its current stock."""
        return tuple(
            attrs.evolve(i, stock=self._stock[i.sku]) for i in self._items.values()
        )

    def restock(self, sku: str, units: int) -> int:
        """Add units to the shelf; return the new stock."""
        if units <= 0:
            raise InvalidValueError("units", "a whole number > 0", units)
        self.item(sku)
        self._stock[sku] += units
        return self._stock[sku]

    def order(self, order_id: str) -> Order:
        """An order by id."""
        try:
            return self._orders[order_id]
        except KeyError:
            raise UnknownEntityError("order", order_id) from None

    def orders(self) -> tuple[Order, ...]:
        """Every order, in the order placed."""
        return tuple(self._orders.values())

    def place(
        self, order_id: str, account: str, lines: Mapping[str, int], *, at: datetime
    ) -> Order:
        """
        Place an order: hold the points and reserve the stock (all or nothing).

        Raises:
            LedgerError: Not enough redeemable points, or not enough stock.
            IdempotencyConflictError: *order_id* was used for a different order.
        """
        wanted = tuple(sorted((sku, qty) for sku, qty in lines.items()))
        prior = self._orders.get(order_id)
        if prior is not None:
            if (prior.account, prior.lines) == (account, wanted):
                return prior
            raise IdempotencyConflictError(order_id, detail="a different order")
        if not wanted:
            raise InvalidValueError("lines", "at least one item", dict(lines))
        for sku, qty in wanted:
            if qty <= 0:
                raise InvalidValueError(f"lines[{sku}]", "a quantity > 0", qty)
            if self.stock(sku) < qty:
                raise OutOfStockError(self._items[sku], self._stock[sku], qty)
        total = sum(self._items[sku].price * qty for sku, qty in wanted)
        hold = self.ledger.hold(
            f"order:{order_id}:hold",
            account,
            total,
            at=at,
            order_id=order_id,
            reason=_describe(self._items, wanted),
        )
        for sku, qty in wanted:
            self._stock[sku] -= qty
        order = Order(order_id, account, wanted, total, OrderStatus.HELD, hold.event_id)
        self._orders[order_id] = order
        return order

    def hand_over(self, order_id: str, *, at: datetime, approver: str = "") -> Order:
        """Hand the goods over (兑换): the held points go to the supermarket sink."""
        order = self.order(order_id)
        if order.status is OrderStatus.FULFILLED:
            return order
        self._expect(order, OrderStatus.HELD, "hand over")
        done = self.ledger.fulfil(
            f"order:{order_id}:fulfil", order.hold_id, at=at, approver=approver
        )
        return self._save(
            attrs.evolve(order, status=OrderStatus.FULFILLED, fulfil_id=done.event_id)
        )

    def cancel(self, order_id: str, *, at: datetime, reason: str = "取消兑换") -> Order:
        """Cancel before hand-over: void the hold and put the stock back, once."""
        order = self.order(order_id)
        if order.status is OrderStatus.CANCELLED:
            return order
        self._expect(order, OrderStatus.HELD, "cancel")
        self.ledger.void(f"order:{order_id}:void", order.hold_id, at=at, reason=reason)
        self._restock(order)
        return self._save(attrs.evolve(order, status=OrderStatus.CANCELLED))

    def return_goods(
        self, order_id: str, *, at: datetime, reason: str = "退货", approver: str = ""
    ) -> Order:
        """Take goods back after hand-over: reverse the fulfilment and restock, once."""
        order = self.order(order_id)
        if order.status is OrderStatus.RETURNED:
            return order
        self._expect(order, OrderStatus.FULFILLED, "return")
        for sku, _qty in order.lines:
            if not self._items[sku].returnable:
                raise NotReturnableError(order.id, self._items[sku])
        undo = self.ledger.reverse(
            f"order:{order_id}:return",
            order.fulfil_id,
            at=at,
            reason=reason,
            approver=approver,
        )
        self._restock(order)
        return self._save(
            attrs.evolve(order, status=OrderStatus.RETURNED, reversal_id=undo.event_id)
        )

    def _expect(self, order: Order, status: OrderStatus, action: str) -> None:
        if order.status is not status:
            raise OrderStateError(order.id, action, order.status)

    def _restock(self, order: Order) -> None:
        for sku, qty in order.lines:
            self._stock[sku] += qty

    def _save(self, order: Order) -> Order:
        self._orders[order.id] = order
        return order


def _describe(items: Mapping[str, Item], lines: tuple[tuple[str, int], ...]) -> str:
    return "兑换 " + "、".join(f"{items[sku].name_zh}×{qty}" for sku, qty in lines)
