"""
Earn lots (积分批次): which points an account holds, from where, until when.

Every award or base grant opens a lot; spending, deducting and expiring consume
lots oldest first (FIFO), and each consumption is remembered so that a
reversal, a void or a return puts the very same points back — with their
original expiry. This is how expiry knows exactly what expires.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import date

import attrs

from gridgov.domain.ids import AccountId
from gridgov.errors import LedgerError

__all__ = ["Consumption", "InsufficientPointsError", "Lot", "LotBook", "LotView"]


@attrs.define(eq=False)
class Lot:
    """A mutable lot inside the ledger; read `LotView` snapshots from outside."""

    id: str
    seq: int
    account: AccountId
    amount: int
    remaining: int
    earned_on: date
    expires_on: date | None
    redeemable: bool


@attrs.frozen
class LotView:
    """
    A snapshot of a lot: points still held from one award.

    Attributes:
        posting_id: The posting that opened the lot.
        amount: Points originally awarded.
        remaining: Points still held.
        earned_on: Day earned.
        expires_on: First day they no longer count (None: never).
        redeemable: False for the base score (基础分).
    """

    posting_id: str
    amount: int
    remaining: int
    earned_on: date
    expires_on: date | None
    redeemable: bool


Consumption = list[tuple[Lot, int]]
"""Which lots a posting drew on, and how much from each."""


def _seq(lot: Lot) -> int:
    return lot.seq


class LotBook:
    """Per-account FIFO lists of open lots (exhausted lots leave the list)."""

    def __init__(self) -> None:
        self._open: dict[AccountId, list[Lot]] = {}
        self._by_id: dict[str, Lot] = {}
        self._next = 0

    def open(
        self,
        lot_id: str,
        account: AccountId,
        amount: int,
        earned_on: date,
        expires_on: date | None,
        *,
        redeemable: bool,
    ) -> Lot:
        """Open a new lot at the end of the account's FIFO list."""
        lot = Lot(
            lot_id,
            self._next,
            account,
            amount,
            amount,
            earned_on,
            expires_on,
            redeemable,
        )
        self._next += 1
        self._open.setdefault(account, []).append(lot)
        self._by_id[lot_id] = lot
        return lot

    def get(self, lot_id: str) -> Lot | None:
        """The lot opened by a posting, or None."""
        return self._by_id.get(lot_id)

    def open_lots(self, account: AccountId) -> list[Lot]:
        """The account's open lots, oldest first (do not mutate)."""
        return self._open.get(account, [])

    def total(
        self, account: AccountId, keep: Callable[[Lot], bool] | None = None
    ) -> int:
        """Sum of remaining points of the account's open lots (optionally filtered)."""
        lots = self._open.get(account, [])
        return sum(lot.remaining for lot in lots if keep is None or keep(lot))

    def plan(
        self,
        account: AccountId,
        amount: int,
        order: Iterable[Lot],
        what: str,
    ) -> Consumption:
        """Plan drawing *amount* from lots in *order*; LedgerError if short."""
        need = amount
        plan: Consumption = []
        for lot in order:
            if need == 0:
                break
            take = min(lot.remaining, need)
            if take:
                plan.append((lot, take))
                need -= take
        if need:
            raise InsufficientPointsError(account, what, amount, amount - need)
        return plan

    def consume(self, plan: Consumption) -> None:
        """Apply a planned consumption; exhausted lots leave the open list."""
        for lot, take in plan:
            lot.remaining -= take
            if lot.remaining == 0:
                self._open[lot.account].remove(lot)

    def restore(self, plan: Consumption) -> None:
        """Undo a consumption exactly: the same lots get the same points back."""
        for lot, take in plan:
            if lot.remaining == 0:
                bisect.insort(self._open.setdefault(lot.account, []), lot, key=_seq)
            lot.remaining += take


class InsufficientPointsError(LedgerError):
    """
    An account holds fewer usable points than a posting needs (积分不足).

    The message is for developers; `gridgov.labels.describe` renders the same
    fields for people, in Chinese or English.

    Attributes:
        account: The account short of points.
        what: Which points were counted: ``"redeemable points"`` (an order),
            ``"points to deduct"``, ``"expired points"`` or ``"points to reverse"``.
        needed: Points the posting needs.
        available: Points the account holds of that kind.
    """

    def __init__(self, account: str, what: str, needed: int, available: int) -> None:
        self.account = account
        self.what = what
        self.needed = needed
        self.available = available
        super().__init__(
            f"{account}: not enough {what}: needs {needed}, has {available}"
        )


def view(lot: Lot) -> LotView:
    """Freeze a lot into a `LotView`."""
    return LotView(
        lot.id, lot.amount, lot.remaining, lot.earned_on, lot.expires_on, lot.redeemable
    )
