"""
Points command methods: claims (积分申报 … 认定) and the points supermarket.

Each builds one command value and runs it through ``self.execute``; they
become methods of `gridgov.app.conveniences.CommandMethods`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from gridgov.app.commands import (
    CancelOrder,
    FileClaim,
    HandOver,
    PlaceOrder,
    RecogniseClaim,
    Restock,
    StepClaim,
)
from gridgov.app.conveniences._protocol import Executes
from gridgov.points.claim_record import Claim, ClaimActor
from gridgov.points.supermarket import Order

__all__ = [
    "cancel_order",
    "file_claim",
    "hand_over",
    "place_order",
    "recognise_claim",
    "restock",
    "step_claim",
]


def file_claim(
    self: Executes,
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
    key: str | None = None,
    conduct_on: date | None = None,
) -> Claim:
    """
    File a points claim (积分申报) for household *account* (`FileClaim`).

    *conduct_on* is the day of the conduct when it is not the day of *at*
    (China time); the rule book decides on it at 认定.

    Raises:
        UnknownEntityError: No rule book, an unknown household or rule.
        SpecError: The facts do not fit the rule book's fields (every problem).
        InvalidValueError: *conduct_on* is after the filing day.
    """
    return self.execute(
        FileClaim(
            claim_id=claim_id,
            account=account,
            at=at,
            actor=actor,
            text=dict(text or {}),
            numbers={k: Decimal(v) for k, v in (numbers or {}).items()},
            rule_ids=tuple(rule_ids),
            evidence=tuple(evidence),
            origin=origin,
            key=key,
            conduct_on=conduct_on,
        )
    )


def step_claim(
    self: Executes,
    claim_id: str,
    command: str,
    *,
    actor: ClaimActor,
    at: datetime,
    key: str,
    note: str = "",
) -> Claim:
    """
    Fire 核实, 公示, 异议 or 驳回 on a claim (`StepClaim`).

    Raises:
        TransitionRefusedError: The claim flow refused the command.
    """
    return self.execute(
        StepClaim(
            claim_id=claim_id,
            command=command,
            actor=actor,
            at=at,
            key=key,
            note=note,
        )
    )


def recognise_claim(
    self: Executes, claim_id: str, *, actor: ClaimActor, at: datetime, key: str
) -> Claim:
    """
    认定: after the notice window, post the points (`RecogniseClaim`).

    Raises:
        TransitionRefusedError: Not publicised, the notice window is still
            open, or the actor is not the committee.
    """
    return self.execute(RecogniseClaim(claim_id=claim_id, actor=actor, at=at, key=key))


def place_order(
    self: Executes,
    order_id: str,
    account: str,
    lines: Mapping[str, int],
    *,
    at: datetime,
    key: str | None = None,
) -> Order:
    """Order goods (积分兑换): hold points, reserve stock (`PlaceOrder`)."""
    return self.execute(
        PlaceOrder(
            order_id=order_id, account=account, lines=dict(lines), at=at, key=key
        )
    )


def hand_over(
    self: Executes,
    order_id: str,
    *,
    at: datetime,
    approver: str = "",
    key: str | None = None,
) -> Order:
    """Hand the goods over (兑换完成; `HandOver`)."""
    return self.execute(HandOver(order_id=order_id, at=at, approver=approver, key=key))


def cancel_order(
    self: Executes,
    order_id: str,
    *,
    at: datetime,
    reason: str = "取消兑换",
    key: str | None = None,
) -> Order:
    """Cancel an order before hand-over (`CancelOrder`)."""
    return self.execute(CancelOrder(order_id=order_id, at=at, reason=reason, key=key))


def restock(self: Executes, sku: str, units: int, *, at: datetime, key: str) -> int:
    """Put *units* of *sku* on the shelf (补货; `Restock`); return the stock."""
    return self.execute(Restock(sku=sku, units=units, at=at, key=key))
