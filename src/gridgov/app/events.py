"""
Events the Workspace records itself (the engines record the rest).

The engines already have events for visits, patrols, cases and ledger
postings. What crosses engines, or has no engine of its own, is recorded here:
household moves (迁入迁出), points-supermarket orders (the order, not its points:
those are ledger events), points claims (积分申报) and volunteer activities
(志愿服务). Every one is a frozen, past-tense fact on its own stream.

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ
>>> e = HouseholdMoveRecorded(
...     stream="household:PC0001",
...     key="move-1",
...     occurred_at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ),
...     household="PC0001",
...     to_region="410381003002002001",
...     on=datetime(2026, 11, 2).date(),
... )
>>> e.type_name, e.moving_out
('HouseholdMoveRecorded', False)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from gridgov.domain.events import Event

__all__ = [
    "ClaimFiled",
    "ClaimStepped",
    "EventSetAside",
    "HouseholdMoveRecorded",
    "SupermarketOrderCancelled",
    "SupermarketOrderHandedOver",
    "SupermarketOrderPlaced",
    "SupermarketRestocked",
    "household_stream",
    "order_stream",
    "set_aside_stream",
    "shelf_stream",
]


def household_stream(household: str) -> str:
    """Return the stream of a household's roster changes: ``household:<id>``."""
    return f"household:{household}"


def order_stream(order_id: str) -> str:
    """Return the stream of a supermarket order: ``order:<id>``."""
    return f"order:{order_id}"


def set_aside_stream() -> str:
    """Return the stream of the journal's repairs: ``repairs:set-aside``."""
    return "repairs:set-aside"


def shelf_stream(sku: str) -> str:
    """Return the stream of an item's restocking: ``shelf:<sku>``."""
    return f"shelf:{sku}"


@attrs.frozen(kw_only=True)
class HouseholdMoveRecorded(Event):
    """
    A household moved to another leaf region, or out of the township (迁出).

    Attributes:
        household: The household.
        to_region: The leaf region it moved to; ``""`` when it moved out.
        on: The first day in the new place.
    """

    household: str
    to_region: str
    on: date

    @property
    def moving_out(self) -> bool:
        """Whether the household left the township."""
        return not self.to_region


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


@attrs.frozen(kw_only=True)
class ClaimFiled(Event):
    """
    A points claim was filed (积分申报).

    Attributes:
        claim_id: The claim.
        account: The household (or person) account that would earn the points.
        text: The claim's text fields (``activity = "义诊"``).
        numbers: The claim's numeric fields (``hours = 2.5``), exact decimals.
        rule_ids: The rules claimed under; empty means every rule.
        evidence: Evidence kinds attached (``photo``, ``sign_in``).
        origin: What it came from (``case:TJ-001``, ``activity:A-7``), or ``""``.
        actor: Who filed it.
    """

    claim_id: str
    account: str
    text: dict[str, str] = attrs.field(factory=dict)
    numbers: dict[str, Decimal] = attrs.field(factory=dict)
    rule_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    origin: str = ""
    actor: str = ""

    @property
    def facts(self) -> dict[str, str | Decimal]:
        """Every field, as the rule book reads them."""
        return {**self.text, **self.numbers}


@attrs.frozen(kw_only=True)
class ClaimStepped(Event):
    """
    A claim moved one step: 核实, 公示, 异议, 认定 or 驳回.

    Attributes:
        claim_id: The claim.
        command: The claim-flow command fired.
        source_state: The state before.
        target_state: The state after.
        actor: Who fired it.
        note: A reason or remark.
    """

    claim_id: str
    command: str
    source_state: str
    target_state: str
    actor: str
    note: str = ""


@attrs.frozen(kw_only=True)
class EventSetAside(Event):
    """
    The fold skips an event it refuses (一条无法折叠的事件被搁置).

    A compensating record written by `gridgov.app.doctor.set_aside` (``gridgov
    doctor --set-aside``): the refused event stays in the journal and its hash
    chain; the Workspace no longer folds it.

    Attributes:
        sequence: The refused event's position in the journal.
        event_stream: Its stream.
        event_type: Its type.
        event_key: Its key.
        reason: Why it was set aside.
        actor: Who decided.
    """

    sequence: int
    event_stream: str
    event_type: str
    event_key: str
    reason: str
    actor: str
