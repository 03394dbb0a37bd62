"""
The points supermarket's own events (积分超市): orders and the shelf.

An order's points move as ledger events (`gridgov.points.events`); these record
the order itself — placed, handed over, cancelled — and goods put on the
shelf. Each is on its own stream: ``order:<id>`` and ``shelf:<sku>``.
"""

from __future__ import annotations

import attrs

from gridgov.domain.events import Event

__all__ = [
    "SupermarketOrderCancelled",
    "SupermarketOrderHandedOver",
    "SupermarketOrderPlaced",
    "SupermarketRestocked",
    "order_stream",
    "shelf_stream",
]


def order_stream(order_id: str) -> str:
    """Return the stream of a supermarket order: ``order:<id>``."""
    return f"order:{order_id}"


def shelf_stream(sku: str) -> str:
    """Return the stream of an item's restocking: ``shelf:<sku>``."""
    return f"shelf:{sku}"


@attrs.frozen(kw_only=True)
class SupermarketOrderPlaced(Event):
    """
    A household ordered goods in the points supermarket (积分超市下单).

    Attributes:
        order_id: The order.
        account: The paying account (a household).
        lines: ``(sku, quantity)`` pairs, sorted by sku.
    """

    order_id: str
    account: str
    lines: tuple[tuple[str, int], ...]


@attrs.frozen(kw_only=True)
class SupermarketOrderHandedOver(Event):
    """The goods of an order were handed over (兑换完成)."""

    order_id: str
    approver: str = ""


@attrs.frozen(kw_only=True)
class SupermarketOrderCancelled(Event):
    """An order was cancelled before hand-over (取消兑换)."""

    order_id: str
    reason: str = ""


@attrs.frozen(kw_only=True)
class SupermarketRestocked(Event):
    """Units were put on the supermarket's shelf (补货)."""

    sku: str
    units: int
