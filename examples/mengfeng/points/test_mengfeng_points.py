"""孟封镇: 积分超市, 星级文明户 and deductions from a base score, over a month."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

from gridgov.points import SUPERMARKET, OrderStatus, Outcome, PostingKind

_spec = importlib.util.spec_from_file_location(
    "mengfeng_points_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
mengfeng = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = mengfeng  # attrs/cattrs resolve annotations through it
_spec.loader.exec_module(mengfeng)


@functools.cache
def sim():
    return mengfeng.simulate()


def test_mengfeng_month_balances_with_base_score():
    """30 November: base 100 plus earnings; deductions take earned points first."""
    assert sim().balances_nov30 == {
        "YF01": (129, 29),
        "YF02": (132, 32),
        "YF03": (85, 0),  # +5 courtyard, then -20 gambling (5 earned + 15 of base)
        "YF04": (109, 9),
        "MF01": (130, 30),
        "MF02": (72, 0),  # +2, then -30 for a high bride price
        "MF03": (123, 23),  # volunteering capped at 20 per month; -5 littering
        "MF04": (125, 25),
    }


def test_mengfeng_tiers_and_caps():
    """最美庭院 supersedes 庭院整洁; MF03's 24 volunteering points are capped at 20."""
    desk = sim().desk
    courtyard = desk.claim("MF-2026-11-02").decision
    assert courtyard.outcome("courtyard_beautiful").outcome is Outcome.MATCHED
    assert courtyard.outcome("courtyard_clean").outcome is Outcome.SUPERSEDED
    capped = desk.claim("MF-2026-11-18").decision.outcome("volunteer")
    assert (capped.outcome, capped.points, capped.nominal) == (Outcome.CAPPED, 20, 24)


def test_mengfeng_star_ratings_with_star_removal():
    """星级文明户: MF01 has four stars; YF03 loses 遵纪守法星 for gambling (退星)."""
    stars = sim().stars
    assert {h: r.count for h, r in stars.items()} == {
        "YF01": 3,
        "YF02": 3,
        "YF03": 1,
        "YF04": 1,
        "MF01": 4,
        "MF02": 1,
        "MF03": 2,
        "MF04": 3,
    }
    assert stars["YF03"].removed == (("law", "gambling"),)


def test_mengfeng_supermarket_holds_what_was_spent():
    """The supermarket holds 65 points (65 yuan); stock shows the cancel and return."""
    s = sim()
    assert s.ledger.balance(SUPERMARKET) == 65
    statuses = {o.id: o.status for o in s.shop.orders()}
    assert statuses == {
        "O2": OrderStatus.FULFILLED,
        "O3": OrderStatus.RETURNED,
        "O4": OrderStatus.CANCELLED,
        "O5": OrderStatus.FULFILLED,
        "O6": OrderStatus.FULFILLED,
    }
    assert "needs 50, has 29" in s.refused["O1"]
    stock = {i.sku: i.stock for i in s.shop.catalogue()}
    assert stock == {"soap": 45, "towel": 30, "detergent": 18, "oil": 10, "rice": 5}


def test_mengfeng_year_end_clearing_keeps_base_only():
    """年底清零: earned points expire on 1 January 2027; base scores stay."""
    s = sim()
    assert s.balances_after_clearing == {
        "YF01": 100,
        "YF02": 100,
        "YF03": 85,
        "YF04": 100,
        "MF01": 100,
        "MF02": 72,
        "MF03": 100,
        "MF04": 100,
    }
    kinds = [line.kind for line in s.ledger.statement("YF02")]
    assert kinds[-1] is PostingKind.EXPIRY
    s.ledger.verify()
