"""Stateful property tests of the points ledger (hypothesis RuleBasedStateMachine)."""

from __future__ import annotations

from datetime import datetime, timedelta

import hypothesis.strategies as st
import pytest
from hypothesis import settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import IdempotencyConflictError, LedgerError
from gridgov.points import Ledger, Period, PolicySpec, PostingKind
from gridgov.points.events import SYSTEM_ACCOUNTS, LedgerEntry, PointsPosted

ACCOUNTS = ("H1", "H2", "H3")
amounts = st.integers(min_value=1, max_value=40)


class LedgerMachine(RuleBasedStateMachine):
    """Drive a ledger with awards, deductions, holds, reversals, retries and expiry."""

    @initialize()
    def setup(self) -> None:
        self.ledger = Ledger(
            "machine", policy=PolicySpec(base_score=10, reset=Period.MONTH)
        )
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TZ)
        self.commands: list[tuple[str, dict, object]] = []
        self.holds: list[str] = []
        self.fulfilled: list[str] = []
        self.counter = 0
        for account in ACCOUNTS:
            self.ledger.grant_base(f"base:{account}", account, at=self.now)

    def key(self) -> str:
        self.counter += 1
        return f"k{self.counter}"

    def snapshot(self) -> dict[str, int]:
        return {a: self.ledger.balance(a) for a in self.ledger.accounts()}

    @rule(days=st.integers(min_value=0, max_value=20))
    def tick(self, days: int) -> None:
        """Time only moves forward."""
        self.now += timedelta(days=days)

    @rule(account=st.sampled_from(ACCOUNTS), amount=amounts)
    def award(self, account: str, amount: int) -> None:
        """An award raises the balance by exactly its amount."""
        before = self.ledger.balance(account)
        args = {
            "account": account,
            "amount": amount,
            "rule_id": "r1",
            "approver": "委员会",
        }
        key = self.key()
        event = self.ledger.award(key, at=self.now, **args)
        self.commands.append((key, args, event))
        assert self.ledger.balance(account) == before + amount

    @precondition(lambda self: self.commands)
    @rule(data=st.data())
    def retry(self, data: st.DataObject) -> None:
        """Retrying a command with the same key and payload never double-posts."""
        key, args, event = data.draw(st.sampled_from(self.commands))
        before, count = self.snapshot(), len(self.ledger.events)
        later = self.now + timedelta(hours=1)
        assert self.ledger.award(key, at=later, **args) is event
        assert self.snapshot() == before
        assert len(self.ledger.events) == count

    @precondition(lambda self: self.commands)
    @rule(data=st.data())
    def conflict(self, data: st.DataObject) -> None:
        """The same key with a different payload is refused and changes nothing."""
        key, args, _event = data.draw(st.sampled_from(self.commands))
        before, count = self.snapshot(), len(self.ledger.events)
        with pytest.raises(IdempotencyConflictError):
            self.ledger.award(
                key, at=self.now, **{**args, "amount": args["amount"] + 1}
            )
        assert self.snapshot() == before
        assert len(self.ledger.events) == count

    @rule(account=st.sampled_from(ACCOUNTS), amount=st.integers(1, 120))
    def deduct(self, account: str, amount: int) -> None:
        """A deduction never takes a balance below zero."""
        before, count = self.snapshot(), len(self.ledger.events)
        if amount > self.ledger.balance(account):
            with pytest.raises(LedgerError):
                self.ledger.deduct(self.key(), account, amount, at=self.now)
            assert self.snapshot() == before
            assert len(self.ledger.events) == count
        else:
            self.ledger.deduct(self.key(), account, amount, at=self.now)
            assert self.ledger.balance(account) == before[account] - amount

    @rule(account=st.sampled_from(ACCOUNTS), amount=st.integers(1, 80))
    def hold(self, account: str, amount: int) -> None:
        """A hold spends only redeemable, unexpired points (never the base score)."""
        spendable = self.ledger.redeemable(account, self.now.date())
        before = self.snapshot()
        if amount > spendable:
            with pytest.raises(LedgerError):
                self.ledger.hold(self.key(), account, amount, at=self.now, order_id="o")
            assert self.snapshot() == before
        else:
            held = self.ledger.hold(
                self.key(), account, amount, at=self.now, order_id="o"
            )
            self.holds.append(held.event_id)
            assert self.ledger.balance(account) == before[account] - amount

    @precondition(lambda self: self.holds)
    @rule(data=st.data(), fulfil=st.booleans())
    def settle(self, data: st.DataObject, fulfil: bool) -> None:
        """A hold is either fulfilled (to the supermarket) or voided (points back)."""
        hold_id = data.draw(st.sampled_from(self.holds))
        self.holds.remove(hold_id)
        held = self.ledger.entry(hold_id)
        before = self.ledger.balance(held.source)
        if fulfil:
            done = self.ledger.fulfil(self.key(), hold_id, at=self.now)
            self.fulfilled.append(done.event_id)
            assert self.ledger.balance(held.source) == before
        else:
            self.ledger.void(self.key(), hold_id, at=self.now)
            assert self.ledger.balance(held.source) == before + held.amount
        with pytest.raises(LedgerError):
            self.ledger.void(self.key(), hold_id, at=self.now)

    @precondition(lambda self: len(self.ledger.events) > len(ACCOUNTS))
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        """A reversal moves exactly the original amount back, once."""
        candidates = [
            e
            for e in self.ledger.events
            if isinstance(e, LedgerEntry)
            and self.ledger.reversed_by(e.event_id) is None
            and (
                (isinstance(e, PointsPosted) and e.posting is not PostingKind.BASE)
                or e.event_id in self.fulfilled
            )
        ]
        if not candidates:
            return
        original = data.draw(st.sampled_from(candidates))
        source, target, amount = self.ledger.reversal_of(original)
        before = self.snapshot()
        try:
            self.ledger.reverse(
                self.key(), original.event_id, at=self.now, reason="更正"
            )
        except LedgerError:
            # Only refused when the points were already spent.
            assert source not in SYSTEM_ACCOUNTS
            assert self.snapshot() == before
            return
        after = self.snapshot()
        assert after[source] == before[source] - amount
        assert after[target] == before.get(target, 0) + amount
        with pytest.raises(LedgerError):
            self.ledger.reverse(
                self.key(), original.event_id, at=self.now, reason="again"
            )

    @rule()
    def expire(self) -> None:
        """Expiry removes exactly the lots past their date."""
        day = self.now.date()
        due = dict(self.ledger.expirable(day))
        before = self.snapshot()
        self.ledger.expire(self.key(), as_of=self.now)
        for account, amount in due.items():
            assert self.ledger.balance(account) == before[account] - amount
            assert all(
                lot.expires_on is None or lot.expires_on > day
                for lot in self.ledger.lots(account)
            )

    @invariant()
    def balances_equal_postings(self) -> None:
        """Every balance equals the sum of its postings; issued = holdings + sinks."""
        self.ledger.verify()
        for account in ACCOUNTS:
            lots = self.ledger.lots(account)
            assert self.ledger.balance(account) == sum(lot.remaining for lot in lots)
            assert self.ledger.balance(account) >= 0

    @invariant()
    def replay_gives_same_state(self) -> None:
        """Replaying the events rebuilds the same balances."""
        again = Ledger.replay(self.ledger.events, "machine", policy=self.ledger.policy)
        assert self.snapshot() == {a: again.balance(a) for a in self.ledger.accounts()}


LedgerMachine.TestCase.settings = settings(
    max_examples=settings.default.max_examples // 2 or 5, stateful_step_count=30
)
test_points_ledger_machine = LedgerMachine.TestCase
