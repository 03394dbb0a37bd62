"""The points supermarket: stock, orders, cancellations and returns, exactly once."""

from __future__ import annotations

from datetime import datetime

import pytest

from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    DuplicateEntityError,
    IdempotencyConflictError,
    InvalidValueError,
    LedgerError,
    UnknownEntityError,
)
from gridgov.points import SUPERMARKET, Ledger
from gridgov.points.supermarket import Item, OrderStatus, Supermarket

AT = datetime(2026, 3, 5, 10, 0, tzinfo=CHINA_TZ)


@pytest.fixture
def shop() -> Supermarket:
    ledger = Ledger()
    ledger.award("a", "H1", 50, at=AT)
    return Supermarket(
        ledger,
        [
            Item("soap", "肥皂", 5, stock=3),
            Item("detergent", "洗衣液", 20, stock=2),
            Item("oil", "食用油", 30, stock=1, returnable=False),
        ],
    )


def test_order_holds_points_and_reserves_stock(shop: Supermarket) -> None:
    """Placing an order holds its points and takes the goods off the shelf."""
    order = shop.place("o1", "H1", {"soap": 2, "detergent": 1}, at=AT)
    assert (order.points, order.status) == (30, OrderStatus.HELD)
    assert (shop.stock("soap"), shop.stock("detergent")) == (1, 1)
    assert shop.ledger.balance("H1") == 20
    assert shop.place("o1", "H1", {"detergent": 1, "soap": 2}, at=AT) is order
    with pytest.raises(IdempotencyConflictError):
        shop.place("o1", "H1", {"soap": 1}, at=AT)


def test_cancel_puts_back_points_and_stock_once(shop: Supermarket) -> None:
    """A cancellation voids the hold and restocks, and a retry changes nothing."""
    shop.place("o1", "H1", {"soap": 2}, at=AT)
    cancelled = shop.cancel("o1", at=AT)
    assert shop.cancel("o1", at=AT) is cancelled
    assert (shop.stock("soap"), shop.ledger.balance("H1")) == (3, 50)
    with pytest.raises(LedgerError, match="cancelled"):
        shop.hand_over("o1", at=AT)


def test_return_reverses_once_and_restocks(shop: Supermarket) -> None:
    """A return after hand-over gives the points back and restocks exactly once."""
    shop.place("o1", "H1", {"detergent": 2}, at=AT)
    shop.hand_over("o1", at=AT)
    assert shop.ledger.balance(SUPERMARKET) == 40
    returned = shop.return_goods("o1", at=AT)
    assert shop.return_goods("o1", at=AT) is returned
    assert (shop.stock("detergent"), shop.ledger.balance("H1")) == (2, 50)
    assert shop.ledger.balance(SUPERMARKET) == 0
    shop.ledger.verify()


def test_refusals_leave_nothing_half_done(shop: Supermarket) -> None:
    """Out of stock, overspend, non-returnable goods: refused and nothing changes."""
    with pytest.raises(LedgerError, match="in stock"):
        shop.place("o1", "H1", {"soap": 4}, at=AT)
    with pytest.raises(LedgerError, match="redeemable"):
        shop.place("o2", "H1", {"detergent": 2, "oil": 1}, at=AT)
    assert (shop.stock("detergent"), shop.stock("oil")) == (2, 1)
    assert shop.orders() == ()
    shop.place("o3", "H1", {"oil": 1}, at=AT)
    shop.hand_over("o3", at=AT)
    with pytest.raises(LedgerError, match="cannot be returned"):
        shop.return_goods("o3", at=AT)
    with pytest.raises(UnknownEntityError, match="catalogue has"):
        shop.place("o4", "H1", {"rice": 1}, at=AT)
    with pytest.raises(InvalidValueError):
        shop.place("o5", "H1", {"soap": 0}, at=AT)


def test_catalogue_checks_and_restock() -> None:
    """Duplicate items and bad prices are refused; restocking adds units."""
    with pytest.raises(DuplicateEntityError):
        Supermarket(Ledger(), [Item("a", "甲", 1), Item("a", "乙", 2)])
    with pytest.raises(InvalidValueError):
        Supermarket(Ledger(), [Item("a", "甲", 0)])
    shop = Supermarket(Ledger(), [Item("a", "甲", 1)])
    assert shop.restock("a", 5) == 5
    assert shop.catalogue()[0].stock == 5
