"""
The ledger's derived state: how each event changes balances, lots and holds.

`LedgerState.apply` is the single state transition; it validates an event
against the current state *before* changing anything (nothing is half-written)
and checks the conservation invariant after every event. Queries answer "what
do I hold", "why do I have these points" and "what did I earn in March".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import attrs

from gridgov.domain.events import Event
from gridgov.domain.ids import AccountId
from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.errors import IntegrityError, LedgerError, UnknownEntityError
from gridgov.points.events import (
    EXPIRY,
    HOLDS,
    ISSUANCE,
    SUPERMARKET,
    SYSTEM_ACCOUNTS,
    ConductRecorded,
    LedgerEntry,
    PointsPosted,
    PointsReversed,
    PostingKind,
    RedemptionFulfilled,
    RedemptionHeld,
    RedemptionVoided,
)
from gridgov.points.lots import Consumption, Lot, LotBook, LotView, view

__all__ = ["LedgerState", "StatementLine"]


@attrs.frozen
class StatementLine:
    """
    One line of an account statement (积分明细): what moved, when and why.

    Attributes:
        posting_id: The event id.
        day: The day it happened (China time).
        kind: What kind of movement.
        change: Signed change of the balance.
        balance: Balance after the line.
        rule_id: Rule, claim, approver, evidence and reason, as posted.
    """

    posting_id: str
    day: date
    kind: PostingKind
    change: int
    balance: int
    rule_id: str
    claim_id: str
    approver: str
    evidence: tuple[str, ...]
    reason: str


def _kind(entry: LedgerEntry) -> PostingKind:
    if isinstance(entry, PointsPosted):
        return entry.posting
    if isinstance(entry, PointsReversed):
        return PostingKind.REVERSAL
    if isinstance(entry, RedemptionHeld):
        return PostingKind.HOLD
    if isinstance(entry, RedemptionFulfilled):
        return PostingKind.FULFIL
    return PostingKind.VOID


def _day(event: Event) -> date:
    return event.occurred_at.astimezone(CHINA_TZ).date()


def _redeemable_first(lot: Lot) -> tuple[bool, int]:
    return (not lot.redeemable, lot.seq)


class _Usage:
    """Cap usage of one account, for `RuleBook.evaluate`."""

    def __init__(self, uses: dict[str, list[tuple[date, int, int]]]) -> None:
        self._uses = uses

    def cap_usage(self, rule_id: str, span: DateSpan) -> tuple[int, int]:
        points = times = 0
        for day, p, t in self._uses.get(rule_id, ()):
            if span.contains(day):
                points += p
                times += t
        return points, times


class LedgerState:
    """Balances, lots, holds and indexes derived from ledger events."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._balances: dict[AccountId, int] = defaultdict(int)
        self._members_total = 0
        self._lots = LotBook()
        self._entries: dict[str, LedgerEntry] = {}
        self._consumed: dict[str, Consumption] = {}
        self._reversed_by: dict[str, str] = {}
        self._holds_open: dict[str, RedemptionHeld] = {}
        self._history: dict[AccountId, list[LedgerEntry]] = defaultdict(list)
        self._awards: list[tuple[date, AccountId, str, int]] = []
        self._uses: dict[AccountId, dict[str, list[tuple[date, int, int]]]] = (
            defaultdict(dict)
        )
        self._conduct: list[tuple[date, AccountId, str, int]] = []

    # -- the state transition -------------------------------------------------
    def apply(self, event: Event) -> None:
        """Validate *event* against the state, then apply it (all or nothing)."""
        if isinstance(event, ConductRecorded):
            self._conduct.append(
                (_day(event), event.account, event.rule_id, event.points)
            )
            self.events.append(event)
            return
        if not isinstance(event, LedgerEntry):
            raise LedgerError(f"not a ledger event: {event.type_name}")
        if event.event_id in self._entries:
            raise LedgerError(f"event {event.event_id} is already in the ledger")
        if event.amount <= 0 or event.source == event.target:
            raise LedgerError(
                f"{event.key}: a posting moves a positive amount between two accounts"
            )
        plan, restore = self._plan(event)
        # -- nothing above changed state; everything below cannot fail --------
        self._lots.consume(plan)
        if restore is not None:
            self._lots.restore(restore)
        self._move(event)
        self._index(event, plan)
        self.check_conservation((event.source, event.target))

    def _plan(self, event: LedgerEntry) -> tuple[Consumption, Consumption | None]:
        day = _day(event)
        lots = self._lots
        if isinstance(event, PointsPosted):
            if event.posting in {PostingKind.AWARD, PostingKind.BASE}:
                self._expect(event, ISSUANCE, None)
                return [], None
            if event.posting is PostingKind.DEDUCTION:
                self._expect(event, None, ISSUANCE)
                order = sorted(lots.open_lots(event.source), key=_redeemable_first)
                return lots.plan(
                    event.source, event.amount, order, "points to deduct"
                ), None
            self._expect(event, None, EXPIRY)
            expired = [
                lot
                for lot in lots.open_lots(event.source)
                if lot.expires_on and lot.expires_on <= day
            ]
            return lots.plan(
                event.source, event.amount, expired, "expired points"
            ), None
        if isinstance(event, RedemptionHeld):
            self._expect(event, None, HOLDS)
            usable = [
                lot
                for lot in lots.open_lots(event.source)
                if lot.redeemable and (lot.expires_on is None or lot.expires_on > day)
            ]
            return lots.plan(
                event.source, event.amount, usable, "redeemable points"
            ), None
        if isinstance(event, RedemptionFulfilled | RedemptionVoided):
            held = self.open_hold(event.hold_id)
            target = (
                SUPERMARKET if isinstance(event, RedemptionFulfilled) else held.source
            )
            self._expect(event, HOLDS, target)
            if event.amount != held.amount:
                raise LedgerError(
                    f"{event.key}: amount {event.amount} != held {held.amount}"
                )
            restore = (
                self._consumed[held.event_id]
                if isinstance(event, RedemptionVoided)
                else None
            )
            return [], restore
        if isinstance(event, PointsReversed):
            return self._plan_reversal(event)
        raise LedgerError(f"unknown ledger event {event.type_name}")

    def _plan_reversal(
        self, event: PointsReversed
    ) -> tuple[Consumption, Consumption | None]:
        original = self.entry(event.reverses)
        if event.reverses in self._reversed_by:
            raise LedgerError(f"posting {event.reverses} was already reversed")
        if (event.source, event.target, event.amount) != self.reversal_of(original):
            raise LedgerError(
                f"{event.key}: a reversal must move exactly the original back"
            )
        kind = _kind(original)
        if kind in {PostingKind.AWARD, PostingKind.BASE}:
            lot = self._lots.get(original.event_id)
            first = [lot] if lot is not None and lot.remaining else []
            rest = sorted(
                (x for x in self._lots.open_lots(event.source) if x is not lot),
                key=_redeemable_first,
            )
            return self._lots.plan(
                event.source, event.amount, [*first, *rest], "points to reverse"
            ), None
        if kind in {PostingKind.DEDUCTION, PostingKind.EXPIRY}:
            return [], self._consumed[original.event_id]
        if isinstance(original, RedemptionFulfilled):
            return [], self._consumed[original.hold_id]
        raise LedgerError(
            f"a {kind.value} posting cannot be reversed ({event.reverses}); "
            "void a hold instead"
        )

    def reversal_of(self, original: LedgerEntry) -> tuple[AccountId, AccountId, int]:
        """``(source, target, amount)`` of the reversal of *original*.

        A fulfilled redemption is reversed by a return (退货): the points go from
        the supermarket back to the household that spent them.
        """
        if isinstance(original, RedemptionFulfilled):
            return (
                original.target,
                self._entries[original.hold_id].source,
                original.amount,
            )
        return original.target, original.source, original.amount

    @staticmethod
    def _expect(
        event: LedgerEntry, source: AccountId | None, target: AccountId | None
    ) -> None:
        src_ok = (
            event.source == source if source else event.source not in SYSTEM_ACCOUNTS
        )
        tgt_ok = (
            event.target == target if target else event.target not in SYSTEM_ACCOUNTS
        )
        if not (src_ok and tgt_ok):
            raise LedgerError(
                f"{event.key}: {event.type_name} cannot move points "
                f"{event.source} -> {event.target}"
            )

    def _move(self, event: LedgerEntry) -> None:
        self._balances[event.source] -= event.amount
        self._balances[event.target] += event.amount
        if event.source not in SYSTEM_ACCOUNTS:
            self._members_total -= event.amount
        if event.target not in SYSTEM_ACCOUNTS:
            self._members_total += event.amount

    def _index(self, event: LedgerEntry, plan: Consumption) -> None:  # noqa: C901
        self.events.append(event)
        self._entries[event.event_id] = event
        day = _day(event)
        if plan:
            self._consumed[event.event_id] = plan
        for account in (event.source, event.target):
            if account not in SYSTEM_ACCOUNTS:
                self._history[account].append(event)
        if isinstance(event, PointsPosted) and event.posting in {
            PostingKind.AWARD,
            PostingKind.BASE,
        }:
            self._lots.open(
                event.event_id,
                event.target,
                event.amount,
                day,
                event.expires_on,
                redeemable=event.redeemable,
            )
            if event.posting is PostingKind.AWARD:
                self._awards.append((day, event.target, event.rule_id, event.amount))
                used_on = event.conduct_on or day
                self._use(event.target, event.rule_id, used_on, event.amount, 1)
        elif isinstance(event, PointsPosted) and event.posting is PostingKind.DEDUCTION:
            self._conduct.append((day, event.source, event.rule_id, -event.amount))
        elif isinstance(event, RedemptionHeld):
            self._holds_open[event.event_id] = event
        elif isinstance(event, RedemptionFulfilled | RedemptionVoided):
            del self._holds_open[event.hold_id]
        elif isinstance(event, PointsReversed):
            self._reversed_by[event.reverses] = event.event_id
            original = self._entries[event.reverses]
            if (
                isinstance(original, PointsPosted)
                and original.posting is PostingKind.AWARD
            ):
                # Attributed to the day of the award, so past rankings change honestly.
                first = _day(original)
                self._awards.append(
                    (first, original.target, original.rule_id, -original.amount)
                )
                used_on = original.conduct_on or first
                self._use(
                    original.target, original.rule_id, used_on, -original.amount, -1
                )

    def _use(
        self, account: AccountId, rule_id: str, day: date, points: int, times: int
    ) -> None:
        if rule_id:
            self._uses[account].setdefault(rule_id, []).append((day, points, times))

    def check_conservation(
        self, touched: Iterator[AccountId] | tuple[AccountId, ...] | set[AccountId]
    ) -> None:
        """Raise IntegrityError unless issued = holdings + holds + sinks, lots match."""
        b = self._balances
        if -b[ISSUANCE] != self._members_total + b[HOLDS] + b[SUPERMARKET] + b[EXPIRY]:
            raise IntegrityError("issued points != holdings + holds + sinks")
        if b[HOLDS] != sum(h.amount for h in self._holds_open.values()):
            raise IntegrityError("holds account != open holds")
        for account in touched:
            if account in SYSTEM_ACCOUNTS:
                continue
            if b[account] < 0 or b[account] != self._lots.total(account):
                raise IntegrityError(
                    f"{account}: balance {b[account]} "
                    f"!= open lots {self._lots.total(account)}"
                )

    # -- queries --------------------------------------------------------------
    @property
    def issued(self) -> int:
        """Net points issued by the village (minus the issuance balance)."""
        return -self._balances[ISSUANCE]

    def balance(self, account: str) -> int:
        """Points an account holds now (held redemptions excluded)."""
        return self._balances.get(AccountId(account), 0)

    def redeemable(self, account: str, on: date | None = None) -> int:
        """Points the account may spend (no base score; no expired lots if *on*)."""
        return self._lots.total(
            AccountId(account),
            lambda lot: (
                lot.redeemable
                and (on is None or lot.expires_on is None or lot.expires_on > on)
            ),
        )

    def accounts(self) -> list[AccountId]:
        """Every account that has ever moved points."""
        return list(self._balances)

    def member_accounts(self) -> set[AccountId]:
        """Every household/person account."""
        return {a for a in self._balances if a not in SYSTEM_ACCOUNTS}

    def entry(self, posting_id: str) -> LedgerEntry:
        """A posting by event id (`UnknownEntityError` if absent)."""
        try:
            return self._entries[posting_id]
        except KeyError:
            raise UnknownEntityError("posting", posting_id) from None

    def open_hold(self, hold_id: str) -> RedemptionHeld:
        """An open hold by id; LedgerError if it was fulfilled or voided."""
        held = self._holds_open.get(hold_id)
        if held is None:
            if hold_id in self._entries:
                raise LedgerError(f"hold {hold_id} is no longer open")
            raise UnknownEntityError("hold", hold_id)
        return held

    def lots(self, account: str) -> tuple[LotView, ...]:
        """Why the account has its points: the open lots, oldest first."""
        return tuple(view(lot) for lot in self._lots.open_lots(AccountId(account)))

    def reversed_by(self, posting_id: str) -> str | None:
        """The id of the reversal of a posting, if any."""
        return self._reversed_by.get(posting_id)

    def statement(self, account: str) -> tuple[StatementLine, ...]:
        """Every movement of the account with its reason (积分明细)."""
        running = 0
        lines = []
        for e in self._history.get(AccountId(account), []):
            change = e.amount if e.target == account else -e.amount
            running += change
            lines.append(
                StatementLine(
                    e.event_id,
                    _day(e),
                    _kind(e),
                    change,
                    running,
                    e.rule_id,
                    e.claim_id,
                    e.approver,
                    e.evidence,
                    e.reason,
                )
            )
        return tuple(lines)

    def usage(self, account: str) -> _Usage:
        """The account's cap usage, to pass to `RuleBook.evaluate`."""
        return _Usage(self._uses.get(AccountId(account), {}))

    def earnings(
        self, span: DateSpan, rules: frozenset[str] | None = None
    ) -> dict[AccountId, int]:
        """
        Net points awarded per account for conduct in *span* (reversals count).

        With *rules*, only awards under those rule ids count.
        """
        out: dict[AccountId, int] = defaultdict(int)
        for day, account, rule_id, amount in self._awards:
            if span.contains(day) and (rules is None or rule_id in rules):
                out[account] += amount
        return dict(out)

    def lifetime_earnings(self) -> dict[AccountId, int]:
        """Net points ever awarded per account (honours; spending does not lower it)."""
        return self.earnings(DateSpan())

    def conduct(self, span: DateSpan) -> list[tuple[date, AccountId, str, int]]:
        """Negative conduct in *span*: (day, account, rule id, points)."""
        return [c for c in self._conduct if span.contains(c[0])]

    def expirable(self, day: date) -> list[tuple[AccountId, int]]:
        """Per account, the points in lots that expire on or before *day*."""
        out = []
        for account in sorted(self.member_accounts()):
            amount = self._lots.total(
                account,
                lambda lot: lot.expires_on is not None and lot.expires_on <= day,
            )
            if amount:
                out.append((account, amount))
        return out
