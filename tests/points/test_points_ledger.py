"""Ledger examples: explanations, error paths, expiry, base score, replay."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.errors import (
    IdempotencyConflictError,
    InvalidValueError,
    LedgerError,
    UnknownEntityError,
)
from gridgov.points import (
    EXPIRY,
    ISSUANCE,
    SUPERMARKET,
    Ledger,
    Period,
    PolicySpec,
    PostingKind,
)


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=CHINA_TZ)


def test_statement_says_why_every_point_is_there() -> None:
    """Each statement line carries rule, claim, approver, evidence and reason."""
    ledger = Ledger()
    ledger.award(
        "c1",
        "H1",
        5,
        at=at(3, 2),
        rule_id="vol",
        claim_id="C1",
        evidence=("photo-1",),
        approver="业委会",
        reason="义务劳动",
    )
    (line,) = ledger.statement("H1")
    assert (line.kind, line.change, line.balance) == (PostingKind.AWARD, 5, 5)
    assert (line.rule_id, line.claim_id, line.approver) == ("vol", "C1", "业委会")
    assert line.evidence == ("photo-1",)
    (lot,) = ledger.lots("H1")
    assert ledger.entry(lot.posting_id).claim_id == "C1"


def test_bad_arguments_raise_located_errors_and_change_nothing() -> None:
    """Bad amounts and accounts are refused before anything is written."""
    ledger = Ledger()
    with pytest.raises(InvalidValueError, match="amount"):
        ledger.award("k", "H1", 0, at=at(3, 2))
    with pytest.raises(InvalidValueError, match="amount"):
        ledger.award("k", "H1", True, at=at(3, 2))  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="account"):
        ledger.award("k", ISSUANCE, 5, at=at(3, 2))
    with pytest.raises(InvalidValueError, match="key"):
        ledger.award("", "H1", 5, at=at(3, 2))
    assert ledger.events == []
    assert ledger.accounts() == []


def test_idempotency_conflict_across_command_kinds() -> None:
    """A key reused for a different command kind is a conflict."""
    ledger = Ledger()
    ledger.award("k1", "H1", 5, at=at(3, 2))
    with pytest.raises(IdempotencyConflictError, match="k1"):
        ledger.deduct("k1", "H1", 5, at=at(3, 2))


def test_base_score_is_never_redeemable_nor_expiring() -> None:
    """基础分 counts in the balance but cannot be spent and never expires."""
    ledger = Ledger(policy=PolicySpec(base_score=100, reset=Period.YEAR))
    ledger.grant_base("b", "H1", at=at(1, 1))
    ledger.award("a", "H1", 20, at=at(3, 1))
    assert (ledger.balance("H1"), ledger.redeemable("H1")) == (120, 20)
    with pytest.raises(LedgerError, match="redeemable"):
        ledger.hold("h", "H1", 21, at=at(3, 2), order_id="o")
    expired = ledger.expire("year-end", as_of=datetime(2027, 1, 1, tzinfo=CHINA_TZ))
    assert [(e.source, e.target, e.amount) for e in expired] == [("H1", EXPIRY, 20)]
    assert ledger.balance("H1") == 100


def test_expiry_months_and_fifo_spending() -> None:
    """Older points are spent first, so later points outlive them."""
    ledger = Ledger(policy=PolicySpec(expiry_months=2))
    ledger.award("a1", "H1", 10, at=at(1, 15))
    ledger.award("a2", "H1", 10, at=at(2, 15))
    hold = ledger.hold("h", "H1", 5, at=at(2, 20), order_id="o")
    ledger.fulfil("f", hold.event_id, at=at(2, 20))
    assert [lot.expires_on.month for lot in ledger.lots("H1")] == [3, 4]  # type: ignore[union-attr]
    (first,) = ledger.expire("run-mar", as_of=at(3, 1))
    assert first.amount == 5
    assert ledger.balance("H1") == 10
    assert ledger.expire("run-mar", as_of=at(3, 1)) == (first,)
    with pytest.raises(IdempotencyConflictError):
        ledger.expire("run-mar", as_of=at(4, 1))


def test_expired_points_cannot_be_held_before_the_expiry_run() -> None:
    """Points past their expiry are not spendable even if expiry has not run yet."""
    ledger = Ledger(policy=PolicySpec(reset=Period.MONTH))
    ledger.award("a", "H1", 10, at=at(3, 5))
    with pytest.raises(LedgerError):
        ledger.hold("h", "H1", 10, at=at(4, 2), order_id="o")


def test_return_reverses_a_redemption_exactly_once() -> None:
    """A return gives back the very points spent; it cannot happen twice."""
    ledger = Ledger()
    ledger.award("a", "H1", 10, at=at(3, 1))
    hold = ledger.hold("h", "H1", 4, at=at(3, 2), order_id="o")
    done = ledger.fulfil("f", hold.event_id, at=at(3, 2))
    assert ledger.balance(SUPERMARKET) == 4
    back = ledger.reverse("r", done.event_id, at=at(3, 3), reason="退货")
    assert (back.source, back.target, back.amount) == (SUPERMARKET, "H1", 4)
    assert ledger.reverse("r", done.event_id, at=at(3, 3), reason="退货") is back
    with pytest.raises(LedgerError, match="already reversed"):
        ledger.reverse("r2", done.event_id, at=at(3, 3), reason="again")
    assert ledger.balance("H1") == 10
    ledger.verify()


def test_holds_and_reversals_are_refused_where_they_make_no_sense() -> None:
    """A hold cannot be reversed (void it) nor settled twice; unknown ids are named."""
    ledger = Ledger()
    ledger.award("a", "H1", 10, at=at(3, 1))
    hold = ledger.hold("h", "H1", 4, at=at(3, 2), order_id="o")
    with pytest.raises(LedgerError, match="void a hold instead"):
        ledger.reverse("r", hold.event_id, at=at(3, 2), reason="x")
    ledger.void("v", hold.event_id, at=at(3, 2))
    assert ledger.void("v", hold.event_id, at=at(3, 2)).hold_id == hold.event_id
    with pytest.raises(LedgerError, match="no longer open"):
        ledger.fulfil("f", hold.event_id, at=at(3, 2))
    with pytest.raises(UnknownEntityError, match="hold"):
        ledger.fulfil("f", "nope", at=at(3, 2))
    with pytest.raises(UnknownEntityError, match="posting"):
        ledger.reverse("r3", "nope", at=at(3, 2), reason="x")


def test_reversed_award_leaves_earnings_of_its_day() -> None:
    """Reversing an award takes it out of the earnings of the day it was earned."""
    ledger = Ledger()
    award = ledger.award("a", "H1", 10, at=at(3, 1), rule_id="vol")
    ledger.award("b", "H1", 3, at=at(3, 9), rule_id="vol")
    ledger.reverse("r", award.event_id, at=at(4, 2), reason="虚报")
    march = DateSpan(date(2026, 3, 1), date(2026, 4, 1))
    assert ledger.earnings(march) == {"H1": 3}
    assert ledger.usage("H1").cap_usage("vol", march) == (3, 1)


def test_replay_refuses_foreign_streams() -> None:
    """Replaying another ledger's events is refused."""
    other = Ledger("other")
    other.award("a", "H1", 1, at=at(3, 1))
    with pytest.raises(LedgerError, match="belongs to"):
        Ledger.replay(other.events, "points")
