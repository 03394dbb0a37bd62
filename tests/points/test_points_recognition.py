"""Recognition (认定): one pure function, shared by ClaimDesk and any other shell."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.calendar import WeekendCalendar
from gridgov.domain.periods import Period, period_span
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import IdempotencyConflictError, InvalidValueError
from gridgov.flow import Actor
from gridgov.io.rulebook import load_rulebook
from gridgov.points import (
    ConductRecorded,
    Ledger,
    Outcome,
    PointsPosted,
    PostingKind,
    RuleBook,
    recognise,
)
from gridgov.points.claims import ClaimDesk

RESIDENT = Actor("H1-head", frozenset({"resident"}))
WORKER = Actor("grid-1", frozenset({"worker"}))
COMMITTEE = Actor("业委会", frozenset({"committee"}))

MONTH_CAP = {
    "id": "demo",
    "name_zh": "示范社区",
    "version": "7",
    "fields": [{"name": "hours", "type": "number"}, {"name": "kind", "type": "text"}],
    "policy": {"no_deduction": True, "expiry_months": 12},
    "rules": [
        {
            "id": "vol",
            "name_zh": "志愿服务",
            "points": 5,
            "when": "hours >= 2",
            "evidence": ["photo"],
            "approval": "committee",
            "cap": {"period": "month", "max_points": 8},
        },
        {
            "id": "litter",
            "name_zh": "乱扔垃圾",
            "points": -3,
            "when": 'kind == "litter"',
        },
    ],
}

APPROVALS = {
    "id": "approvals",
    "name_zh": "审批示例",
    "version": "1",
    "fields": [{"name": "hours", "type": "number"}],
    "rules": [
        {"id": "attend", "name_zh": "参加村民大会", "points": 2},
        {"id": "clean", "name_zh": "环境整治", "points": 3, "approval": "worker"},
        {
            "id": "vol",
            "name_zh": "志愿服务",
            "points": 5,
            "when": "hours >= 2",
            "approval": "committee",
        },
    ],
}


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=CHINA_TZ)


# -- the same postings through ClaimDesk and directly, across a month boundary --

# (claim id, account, facts, conduct day, recognised at); recognised in this order.
CLAIMS: list[tuple[str, str, dict[str, Any], date, datetime]] = [
    ("C1", "H1", {"hours": 3}, date(2026, 3, 20), at(3, 25)),
    ("C3", "H1", {"hours": 4}, date(2026, 3, 31), at(4, 3, 8)),
    ("C2", "H1", {"hours": 3}, date(2026, 4, 1), at(4, 3, 9)),
    ("C4", "H1", {"hours": 2}, date(2026, 4, 2), at(4, 3, 10)),
    ("C5", "H1", {"kind": "litter"}, date(2026, 3, 31), at(4, 3, 11)),
]


def _through_the_desk(book: RuleBook) -> ClaimDesk:
    ledger = Ledger(policy=book.spec.policy)
    desk = ClaimDesk(book, ledger, WeekendCalendar(), notice_days=0)
    for claim_id, account, facts, on, when in CLAIMS:
        filed = datetime.combine(on, datetime.min.time(), CHINA_TZ)
        desk.submit(
            claim_id,
            account,
            facts,
            on=on,
            actor=RESIDENT,
            at=filed,
            evidence=["photo"],
        )
        desk.verify(claim_id, actor=WORKER, at=filed + timedelta(hours=1))
        desk.publicise(claim_id, actor=WORKER, at=filed + timedelta(hours=2))
        desk.recognise(claim_id, actor=COMMITTEE, at=when)
    return desk


def _directly(book: RuleBook) -> Ledger:
    ledger = Ledger(policy=book.spec.policy)
    for claim_id, account, facts, on, when in CLAIMS:
        done = recognise(
            book,
            ledger,
            claim_id=claim_id,
            account=account,
            facts=facts,
            conduct_on=on,
            approver=COMMITTEE,
            at=when,
            evidence=["photo"],
        )
        ledger.commit(done.events)
    return ledger


def test_claim_desk_and_the_function_post_the_same_across_a_month_boundary() -> None:
    """31 March conduct recognised 3 April fills March's cap, not April's."""
    book = load_rulebook(MONTH_CAP)
    desk = _through_the_desk(book)
    ledger = _directly(book)

    assert desk.ledger.events == ledger.events
    by_claim: dict[str, list[str]] = defaultdict(list)
    for e in ledger.events:
        assert isinstance(e, PointsPosted | ConductRecorded)
        by_claim[e.claim_id].append(e.event_id)
    assert {c.id: list(c.postings) for c in desk.claims()} == by_claim
    awards = [e for e in ledger.events if isinstance(e, PointsPosted)]
    assert [(e.claim_id, e.amount, e.conduct_on) for e in awards] == [
        ("C1", 5, date(2026, 3, 20)),
        ("C3", 3, date(2026, 3, 31)),  # March's cap: 8 - 5 = 3 left
        ("C2", 5, date(2026, 4, 1)),  # April's cap untouched by C3
        ("C4", 3, date(2026, 4, 2)),  # April: 8 - 5
    ]
    march = period_span(date(2026, 3, 1), Period.MONTH)
    assert ledger.usage("H1").cap_usage("vol", march) == (8, 2)
    (conduct,) = [e for e in ledger.events if isinstance(e, ConductRecorded)]
    assert (conduct.key, conduct.points) == ("claim:C5:litter", -3)
    third = desk.claim("C3").decision
    assert third is not None
    vol = third.outcome("vol")
    assert vol is not None
    assert (vol.outcome, vol.points, vol.nominal) == (Outcome.CAPPED, 3, 5)


def test_events_are_what_the_ledger_would_build() -> None:
    """Same keys, ids and payloads as Ledger.award / deduct / record_conduct."""
    book = load_rulebook(
        {**MONTH_CAP, "policy": {"no_deduction": False, "expiry_months": 12}}
    )
    ledger = _directly(book)
    mirror = Ledger(policy=book.spec.policy)
    for e in ledger.events:
        built: object
        if isinstance(e, ConductRecorded):
            built = mirror.record_conduct(
                e.key,
                e.account,
                e.rule_id,
                e.points,
                at=e.occurred_at,
                claim_id=e.claim_id,
                approver=e.approver,
                reason=e.reason,
            )
        elif isinstance(e, PointsPosted) and e.posting is PostingKind.DEDUCTION:
            built = mirror.deduct(
                e.key,
                e.source,
                e.amount,
                at=e.occurred_at,
                rule_id=e.rule_id,
                rule_version=e.rule_version,
                claim_id=e.claim_id,
                approver=e.approver,
                reason=e.reason,
            )
        else:
            assert isinstance(e, PointsPosted)
            built = mirror.award(
                e.key,
                e.target,
                e.amount,
                at=e.occurred_at,
                rule_id=e.rule_id,
                rule_version=e.rule_version,
                claim_id=e.claim_id,
                evidence=e.evidence,
                approver=e.approver,
                reason=e.reason,
                conduct_on=e.conduct_on,
            )
        assert built == e
    deduction = ledger.events[-1]
    assert isinstance(deduction, PointsPosted)
    assert (deduction.posting, deduction.amount, deduction.key) == (
        PostingKind.DEDUCTION,
        3,
        "claim:C5:litter",
    )
    assert ledger.balance("H1") == 16 - 3


def test_recognition_changes_nothing_and_a_retry_is_the_same_fact() -> None:
    """The ledger is read only; the same recognition again yields the originals."""
    book = load_rulebook(APPROVALS)
    ledger = Ledger()
    args: dict[str, Any] = {
        "claim_id": "C1",
        "account": "H1",
        "facts": {"hours": 1},
        "conduct_on": date(2026, 3, 2),
        "approver": WORKER,
        "at": at(3, 5),
    }
    first = recognise(book, ledger, **args)
    assert (ledger.events, ledger.balance("H1")) == ([], 0)
    assert [e.key for e in first.events] == ["claim:C1:attend", "claim:C1:clean"]
    assert (first.points, first.approver) == (5, "grid-1")
    assert ledger.commit(first.events) == first.events
    again = recognise(book, ledger, **{**args, "at": at(3, 6)})
    assert again.events == first.events  # the originals, by key and payload
    ledger.commit(again.events)
    assert ledger.balance("H1") == 5
    with pytest.raises(IdempotencyConflictError, match="claim 'C1' already posted"):
        recognise(book, ledger, **{**args, "approver": COMMITTEE})
    prefixed = recognise(book, ledger, **{**args, "key_prefix": "visit:V9:"})
    assert [e.key for e in prefixed.events] == ["visit:V9:attend", "visit:V9:clean"]


def test_bad_arguments_are_refused() -> None:
    """A naive time, an approver without id, a system account: InvalidValueError."""
    book = load_rulebook(APPROVALS)
    base: dict[str, Any] = {
        "claim_id": "C1",
        "account": "H1",
        "facts": {},
        "conduct_on": date(2026, 3, 2),
        "approver": COMMITTEE,
        "at": at(3, 5),
    }
    for bad in (
        {"at": datetime(2026, 3, 5, 9)},  # noqa: DTZ001 - naive on purpose
        {"approver": Actor("", frozenset({"committee"}))},
        {"account": "village:issuance"},
    ):
        with pytest.raises(InvalidValueError):
            recognise(book, Ledger(), **{**base, **bad})


# -- caps hold per conduct period, whatever the recognition order -----------------

CAPS = {
    "id": "caps",
    "name_zh": "封顶",
    "version": "1",
    "fields": [{"name": "hours", "type": "number"}],
    "rules": [
        {
            "id": "vol",
            "name_zh": "志愿服务",
            "points": 2,
            "unit": "hour",
            "quantity_field": "hours",
            "cap": {"period": "month", "max_points": 15},
        },
        {
            "id": "meet",
            "name_zh": "议事会",
            "points": 4,
            "when": "hours >= 1",
            "cap": {"period": "week", "max_times": 2},
        },
    ],
}
_BOOK = load_rulebook(CAPS)

claims_st = st.lists(
    st.tuples(
        st.sampled_from(["H1", "H2"]),
        st.dates(min_value=date(2026, 3, 23), max_value=date(2026, 4, 7)),
        st.integers(min_value=1, max_value=9),
    ),
    min_size=1,
    max_size=12,
)


@given(claims=claims_st, data=st.data())
def test_caps_hold_per_conduct_period_whatever_the_order(
    claims: list[tuple[str, date, int]], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(claims))))
    ledger = Ledger()
    for step, i in enumerate(order):
        account, on, hours = claims[i]
        when = at(4, 8) + timedelta(minutes=step)  # after every conduct day
        done = recognise(
            _BOOK,
            ledger,
            claim_id=f"C{i}",
            account=account,
            facts={"hours": hours},
            conduct_on=on,
            approver=COMMITTEE,
            at=when,
        )
        ledger.commit(done.events)
    ledger.verify()

    got: dict[tuple[str, str, date], list[int]] = defaultdict(list)
    for e in ledger.events:
        assert isinstance(e, PointsPosted)
        assert e.conduct_on is not None
        period = Period.MONTH if e.rule_id == "vol" else Period.WEEK
        got[e.target, e.rule_id, period_span(e.conduct_on, period).start].append(
            e.amount
        )
    asked: dict[tuple[str, str, date], list[int]] = defaultdict(list)
    for account, on, hours in claims:
        asked[account, "vol", period_span(on, Period.MONTH).start].append(2 * hours)
        asked[account, "meet", period_span(on, Period.WEEK).start].append(4)
    for key, amounts in asked.items():
        posted = got.get(key, [])
        if key[1] == "vol":  # a points cap fills to the same total in any order
            assert sum(posted) == min(15, sum(amounts))
        else:  # a times cap: at most two a week, as many as were claimed
            assert len(posted) == min(2, len(amounts))
    assert set(got) <= set(asked)
