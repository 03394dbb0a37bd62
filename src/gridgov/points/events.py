"""
Ledger events: every movement of points is a frozen, past-tense fact.

Points move from a ``source`` account to a ``target`` account (double entry:
what one account loses another gains). The system accounts are the village's
issuance account (村级积分发行账户, whose balance is minus everything issued),
the redemption holds account, the points-supermarket sink and the expiry sink;
every other account belongs to a household (or a person).

Each entry carries why it exists — rule id and version, claim id, evidence,
approver and reason — so "why do I have these points?" has an answer.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import ClassVar

import attrs

from gridgov.domain.events import Event
from gridgov.domain.ids import AccountId

__all__ = [
    "EXPIRY",
    "HOLDS",
    "ISSUANCE",
    "SUPERMARKET",
    "SYSTEM_ACCOUNTS",
    "ConductRecorded",
    "LedgerEntry",
    "PointsPosted",
    "PointsReversed",
    "PostingKind",
    "RedemptionFulfilled",
    "RedemptionHeld",
    "RedemptionVoided",
]

ISSUANCE = AccountId("village:issuance")
"""The village's issuance account (积分发行): its balance is minus all points issued."""
HOLDS = AccountId("village:holds")
"""Points reserved by open redemptions (兑换冻结), awaiting fulfilment or void."""
SUPERMARKET = AccountId("sink:supermarket")
"""Points spent in the points supermarket (积分超市)."""
EXPIRY = AccountId("sink:expiry")
"""Points that expired (过期/清零)."""
SYSTEM_ACCOUNTS = frozenset({ISSUANCE, HOLDS, SUPERMARKET, EXPIRY})


class PostingKind(enum.StrEnum):
    """Why points moved."""

    AWARD = "award"
    BASE = "base"
    DEDUCTION = "deduction"
    EXPIRY = "expiry"
    HOLD = "hold"
    FULFIL = "fulfil"
    VOID = "void"
    REVERSAL = "reversal"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {
            "award": "积分奖励",
            "base": "基础分",
            "deduction": "扣分",
            "expiry": "过期清零",
            "hold": "兑换冻结",
            "fulfil": "兑换完成",
            "void": "兑换撤销",
            "reversal": "冲正",
        }[self.value]


@attrs.frozen(kw_only=True)
class LedgerEntry(Event):
    """
    Base of every entry that moves points (not registered as an event type).

    Attributes:
        source: The account the points leave.
        target: The account the points enter.
        amount: Whole points, > 0.
        rule_id: The rule that gave or took the points.
        rule_version: The rule book version at the time.
        claim_id: The claim the points came from.
        evidence: Evidence references (photo ids, sign-in sheets).
        approver: Who approved (认定人).
        reason: Free text reason shown on statements.
    """

    abstract: ClassVar[bool] = True

    source: AccountId
    target: AccountId
    amount: int
    rule_id: str = ""
    rule_version: str = ""
    claim_id: str = ""
    evidence: tuple[str, ...] = ()
    approver: str = ""
    reason: str = ""


@attrs.frozen(kw_only=True)
class PointsPosted(LedgerEntry):
    """
    Points were awarded, granted as base score, deducted or expired.

    Attributes:
        posting: Award, base, deduction or expiry.
        redeemable: Whether the points may be spent (base score may not).
        expires_on: First day the points no longer count (None: never).
        conduct_on: Day of the conduct the award is for (None: the posting
            day); caps per period count awards by this day.
    """

    posting: PostingKind = PostingKind.AWARD
    redeemable: bool = True
    expires_on: date | None = None
    conduct_on: date | None = None


@attrs.frozen(kw_only=True)
class PointsReversed(LedgerEntry):
    """A posting was reversed (冲正): the same amount moved back. Never an edit."""

    reverses: str


@attrs.frozen(kw_only=True)
class RedemptionHeld(LedgerEntry):
    """Points were reserved for a redemption (first phase). ``order_id`` names it."""

    order_id: str


@attrs.frozen(kw_only=True)
class RedemptionFulfilled(LedgerEntry):
    """A held redemption was completed: the points went to the supermarket."""

    hold_id: str


@attrs.frozen(kw_only=True)
class RedemptionVoided(LedgerEntry):
    """A held redemption was cancelled: the points went back to the account."""

    hold_id: str


@attrs.frozen(kw_only=True)
class ConductRecorded(Event):
    """
    Conduct under a negative rule was recorded without taking points (积分不扣分).

    It counts for black lists (黑榜) and star removal (退星).
    """

    account: AccountId
    rule_id: str
    points: int
    claim_id: str = ""
    approver: str = ""
    reason: str = ""
