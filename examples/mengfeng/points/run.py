"""
孟封镇 (清徐县): 村规民约积分, 星级文明户 and the 积分超市, as a simulated November.

Seed 004: the town builds 一约五会 around its 村规民约 and promotes the points
supermarket (推广积分超市) to change customs (抵制高额彩礼、大操大办、赌博 …),
and rates 星级文明户. This scheme differs from 银田寺 on purpose: misconduct
costs points, every household starts from a base score of 100 that can never
be spent, and earned points are cleared at year end (年底清零).

The script loads the rule book (``rulebook.toml``), the star standards
(``stars.toml``) and the supermarket catalogue (``supermarket.toml``), then:

1. grid workers enter November's claims for eight households of 杨房村 and
   孟封村; each is verified, posted for 3 working days and recognised by the
   village council (a 道德评议会 member for the committee-approved items);
2. on 30 November the households shop in the 积分超市 — one tries to spend
   base points (refused), one cancels, one returns cooking oil on 2 December;
3. November's stars are rated (with 退星 for gambling);
4. on 1 January 2027 the year-end clearing runs.

Run from the repository root:

    python examples/mengfeng/points/run.py
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs

from gridgov.calendar import ChinaCalendar
from gridgov.domain import CHINA_TZ, Household, HouseholdId
from gridgov.domain.periods import Period, period_span
from gridgov.errors import LedgerError
from gridgov.flow import Actor
from gridgov.io import load_spec
from gridgov.io.rulebook import load_rulebook
from gridgov.points import (
    SUPERMARKET,
    ClaimDesk,
    Item,
    Ledger,
    StarRating,
    StarStandard,
    Supermarket,
    star_ratings,
)

HERE = Path(__file__).resolve().parent
WORKER = Actor("网格员-杨房村", frozenset({"worker"}))
COUNCIL = Actor("道德评议会", frozenset({"committee"}))
HOUSEHOLDS = ["YF01", "YF02", "YF03", "YF04", "MF01", "MF02", "MF03", "MF04"]
NOVEMBER = period_span(date(2026, 11, 1), Period.MONTH)

CLAIMS: list[tuple[str, int, dict[str, Any]]] = [
    ("YF01", 3, {"kind": "volunteer", "hours": 6}),
    ("YF01", 4, {"kind": "patrol"}),
    ("YF01", 6, {"kind": "courtyard", "rating": "beautiful"}),
    ("YF01", 5, {"kind": "meeting"}),
    ("YF02", 8, {"kind": "simple_wedding"}),
    ("YF02", 9, {"kind": "filial"}),
    ("YF02", 5, {"kind": "meeting"}),
    ("YF03", 6, {"kind": "courtyard", "rating": "clean"}),
    ("YF03", 17, {"kind": "gambling"}),
    ("YF04", 10, {"kind": "anti_fraud"}),
    ("YF04", 3, {"kind": "volunteer", "hours": 3}),
    ("MF01", 9, {"kind": "filial"}),
    ("MF01", 6, {"kind": "courtyard", "rating": "beautiful"}),
    ("MF01", 3, {"kind": "volunteer", "hours": 5}),
    ("MF02", 5, {"kind": "meeting"}),
    ("MF02", 18, {"kind": "high_brideprice"}),
    ("MF03", 4, {"kind": "patrol"}),
    ("MF03", 10, {"kind": "anti_fraud"}),
    ("MF03", 3, {"kind": "volunteer", "hours": 12}),  # 24 points, capped at 20
    ("MF03", 17, {"kind": "litter"}),
    ("MF04", 12, {"kind": "simple_funeral"}),
    ("MF04", 6, {"kind": "courtyard", "rating": "clean"}),
]

ORDERS: list[tuple[str, str, dict[str, int]]] = [
    ("O1", "YF01", {"rice": 1}),  # 50 points: more than YF01 may spend
    ("O2", "YF01", {"detergent": 1, "soap": 1}),
    ("O3", "YF02", {"oil": 1}),  # returned on 2 December
    ("O4", "MF01", {"detergent": 1, "towel": 1}),  # cancelled before hand-over
    ("O5", "MF04", {"detergent": 1}),
    ("O6", "MF03", {"soap": 4}),
]


@attrs.frozen
class StarScheme:
    """The 星级文明户 standards file."""

    standards: tuple[StarStandard, ...]


@attrs.frozen
class Catalogue:
    """The 积分超市 catalogue file."""

    items: tuple[Item, ...]


@attrs.frozen
class Simulation:
    """Everything the month produced."""

    desk: ClaimDesk
    shop: Supermarket
    stars: dict[str, StarRating]
    refused: dict[str, str]
    balances_nov30: dict[str, tuple[int, int]]
    balances_after_clearing: dict[str, int]

    @property
    def ledger(self) -> Ledger:
        """The town's ledger."""
        return self.desk.ledger


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA_TZ)


def simulate() -> Simulation:
    """Run November 2026, the shopping day, a return and the year-end clearing."""
    book = load_rulebook(HERE / "rulebook.toml")
    stars = load_spec(HERE / "stars.toml", StarScheme).standards
    catalogue = load_spec(HERE / "supermarket.toml", Catalogue).items
    households = {h: Household(HouseholdId(h), f"{h} 号") for h in HOUSEHOLDS}
    ledger = Ledger("mengfeng", policy=book.spec.policy)
    for h in HOUSEHOLDS:
        ledger.grant_base(f"base:{h}", h, at=_at(date(2026, 1, 1), 9))
    desk = ClaimDesk(book, ledger, ChinaCalendar(), households=households)
    for n, (h, day, facts) in enumerate(CLAIMS):
        cid = f"MF-2026-11-{n:02d}"
        conduct = date(2026, 11, day)
        desk.submit(cid, h, facts, on=conduct, actor=WORKER, at=_at(conduct, 17))
        desk.verify(cid, actor=WORKER, at=_at(conduct + timedelta(1), 9))
        desk.publicise(cid, actor=WORKER, at=_at(conduct + timedelta(1), 10))
    # Recognise in the order the notice windows close (so deductions follow awards).
    for c in sorted(desk.claims(), key=lambda c: (desk.notice_ends(c.id), c.id)):
        end = desk.notice_ends(c.id)
        assert end is not None
        desk.recognise(c.id, actor=COUNCIL, at=_at(end, 15))
    balances = {h: (ledger.balance(h), ledger.redeemable(h)) for h in HOUSEHOLDS}
    shop = Supermarket(ledger, catalogue)
    refused: dict[str, str] = {}
    shopping = _at(date(2026, 11, 30), 10)
    for order_id, h, lines in ORDERS:
        try:
            shop.place(order_id, h, lines, at=shopping)
        except LedgerError as exc:
            refused[order_id] = str(exc)
            continue
        if order_id == "O4":
            shop.cancel(order_id, at=shopping + timedelta(minutes=5), reason="改换商品")
        else:
            shop.hand_over(
                order_id, at=shopping + timedelta(minutes=10), approver="超市管理员"
            )
    shop.return_goods("O3", at=_at(date(2026, 12, 2), 9), reason="食用油包装破损")
    rated = star_ratings(ledger, NOVEMBER, stars, HOUSEHOLDS)
    ledger.expire("清零:2026", as_of=_at(date(2027, 1, 1), 0))
    after = {h: ledger.balance(h) for h in HOUSEHOLDS}
    return Simulation(desk, shop, rated, refused, balances, after)


def report(sim: Simulation) -> str:
    """The month on the village notice board."""
    lines = ["孟封镇 2026 年 11 月 积分、星级文明户与积分超市", ""]
    lines.append("11 月 30 日积分（总分 / 可兑换）：")
    lines += [f"  {h} {b} / {r}" for h, (b, r) in sim.balances_nov30.items()]
    lines.append("星级文明户：")
    for h, rating in sim.stars.items():
        removed = (
            "，退星：" + "、".join(s for s, _ in rating.removed)
            if rating.removed
            else ""
        )
        lines.append(
            f"  {h} {'★' * rating.count or '—'} {', '.join(rating.stars)}{removed}"
        )
    lines.append("积分超市：")
    for order in sim.shop.orders():
        lines.append(
            f"  {order.id} {order.account} {order.points} 分 {order.status.zh}"
        )
    lines += [f"  {o} 未成交：{why}" for o, why in sim.refused.items()]
    lines.append(
        "  库存：" + "，".join(f"{i.name_zh} {i.stock}" for i in sim.shop.catalogue())
    )
    spent = sim.ledger.balance(SUPERMARKET)
    value = spent * sim.desk.book.spec.policy.yuan_per_point
    lines.append(f"  超市累计兑出 {spent} 分（折合 {value} 元）")
    lines.append(
        "2027 年 1 月 1 日清零后："
        + "，".join(f"{h} {b}" for h, b in sim.balances_after_clearing.items())
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(simulate()))
