"""Ledger events survive the io converter: JSON out, JSON in, the same ledger."""

from __future__ import annotations

from datetime import datetime, timedelta

import hypothesis.strategies as st
from hypothesis import given

from gridgov.domain.events import Event
from gridgov.domain.spans import CHINA_TZ
from gridgov.io import from_json, to_json
from gridgov.points import Ledger, Period, PolicySpec

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=CHINA_TZ)


@given(
    awards=st.lists(
        st.tuples(
            st.sampled_from(["H1", "H2"]), st.integers(1, 30), st.integers(0, 90)
        ),
        min_size=1,
        max_size=8,
    ),
    spend=st.integers(1, 10),
)
def test_points_events_round_trip_through_json(awards, spend) -> None:
    """Every ledger event type round-trips through to_json/from_json and replays."""
    ledger = Ledger("io", policy=PolicySpec(reset=Period.MONTH))
    for i, (account, amount, days) in enumerate(awards):
        ledger.award(
            f"a{i}", account, amount, at=T0 + timedelta(days=days), rule_id="r"
        )
    late = T0 + timedelta(days=91)
    ledger.record_conduct("c", "H1", "litter", -2, at=late, reason="乱扔垃圾")
    if ledger.redeemable("H1", late.date()) >= spend:
        held = ledger.hold("h", "H1", spend, at=late, order_id="o")
        done = ledger.fulfil("f", held.event_id, at=late)
        ledger.reverse("r", done.event_id, at=late, reason="退货")
    ledger.expire("x", as_of=late + timedelta(days=40))
    text = to_json(ledger.events)
    back = from_json(text, list[Event])
    assert back == ledger.events
    again = Ledger.replay(back, "io", policy=ledger.policy)
    assert {a: again.balance(a) for a in ledger.accounts()} == {
        a: ledger.balance(a) for a in ledger.accounts()
    }
    again.verify()
