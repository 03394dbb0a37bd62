"""Awards against hand-computed figures: ranks, ties, progress, lists, stars."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal

import hypothesis.strategies as st
from hypothesis import given

from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.points import Ledger
from gridgov.points.awards import (
    Honour,
    StarStandard,
    TieRule,
    black_list,
    honours,
    progress_ranking,
    ranking,
    red_list,
    scoped_ranking,
    star_ratings,
)

PRIZES = (Decimal(50), Decimal(40), Decimal(30))
MARCH = DateSpan(date(2026, 3, 1), date(2026, 4, 1))


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=CHINA_TZ)


def test_share_rule_gives_tied_households_the_shared_prize() -> None:
    """Two tied for first each get 50; the next is third and gets 30."""
    placed = ranking({"A": 9, "B": 9, "C": 7, "D": 7, "E": 1}, top=3, prizes=PRIZES)
    assert [(p.account, p.rank, p.prize) for p in placed] == [
        ("A", 1, Decimal(50)),
        ("B", 1, Decimal(50)),
        ("C", 3, Decimal(30)),
        ("D", 3, Decimal(30)),
    ]


def test_split_rule_divides_the_prizes_of_occupied_places() -> None:
    """Three tied for second split 40 + 30 + 0 = 70 → 23.33 each (rounded down)."""
    placed = ranking(
        {"A": 9, "B": 5, "C": 5, "D": 5}, top=3, prizes=PRIZES, tie=TieRule.SPLIT
    )
    assert [(p.account, p.prize) for p in placed] == [
        ("A", Decimal(50)),
        ("B", Decimal("23.33")),
        ("C", Decimal("23.33")),
        ("D", Decimal("23.33")),
    ]


def test_zero_scores_are_not_placed() -> None:
    """A household must earn at least one point to be placed."""
    assert ranking({"A": 0, "B": -2}, top=3, prizes=PRIZES) == ()


def test_scoped_ranking_places_top_three_per_compound() -> None:
    """Each compound (小区) has its own top 3; unlisted accounts take no part."""
    scores = {"A1": 10, "A2": 8, "A3": 6, "A4": 4, "B1": 3, "X": 99}
    scopes = {"A1": "东苑", "A2": "东苑", "A3": "东苑", "A4": "东苑", "B1": "西苑"}
    placed = scoped_ranking(scores, scopes, top=3, prizes=PRIZES)
    assert [(p.scope, p.account, p.prize) for p in placed] == [
        ("东苑", "A1", Decimal(50)),
        ("东苑", "A2", Decimal(40)),
        ("东苑", "A3", Decimal(30)),
        ("西苑", "B1", Decimal(50)),
    ]


def test_progress_award_ranks_improvement_not_total() -> None:
    """进步奖 goes to the biggest gain between half years, not the biggest total."""
    ledger = Ledger()
    ledger.award("a1", "A", 100, at=at(1, 5))
    ledger.award("a2", "A", 110, at=at(7, 5))
    ledger.award("b1", "B", 10, at=at(1, 5))
    ledger.award("b2", "B", 60, at=at(7, 5))
    h1 = DateSpan(date(2026, 1, 1), date(2026, 7, 1))
    h2 = DateSpan(date(2026, 7, 1), date(2027, 1, 1))
    placed = progress_ranking(
        ledger,
        current=h2,
        previous=h1,
        accounts=["A", "B"],
        top=1,
        prizes=(Decimal(50),),
    )
    assert [(p.account, p.score, p.prize) for p in placed] == [("B", 50, Decimal(50))]


def test_red_and_black_lists_per_quarter() -> None:
    """红榜 by earnings; 黑榜 by conduct count, recorded or deducted."""
    ledger = Ledger()
    ledger.award("a", "A", 30, at=at(1, 5))
    ledger.award("b", "B", 20, at=at(2, 5))
    ledger.award("c", "C", 20, at=at(4, 5))  # next quarter
    ledger.record_conduct("x1", "C", "burning", -5, at=at(2, 1))
    ledger.record_conduct("x2", "C", "litter", -2, at=at(3, 1))
    ledger.deduct("x3", "A", 10, at=at(3, 2), rule_id="fight")
    q1 = DateSpan(date(2026, 1, 1), date(2026, 4, 1))
    red = red_list(ledger, q1, ["A", "B", "C"], size=2)
    assert [(p.account, p.score) for p in red] == [("A", 30), ("B", 20)]
    black = black_list(ledger, q1)
    assert [(e.account, e.times, e.points, e.rules) for e in black] == [
        ("C", 2, -7, ("burning", "litter")),
        ("A", 1, -10, ("fight",)),
    ]


def test_star_ratings_with_star_removal() -> None:
    """A star per standard met; conduct under a revoking rule removes it (退星)."""
    ledger = Ledger()
    ledger.award("a", "A", 10, at=at(3, 5), rule_id="clean")
    ledger.award("b", "A", 5, at=at(3, 6), rule_id="filial")
    ledger.award("c", "B", 10, at=at(3, 5), rule_id="clean")
    ledger.record_conduct("x", "B", "litter", -2, at=at(3, 20))
    standards = [
        StarStandard(
            "hygiene", "卫生星", rules=("clean",), min_points=10, revoked_by=("litter",)
        ),
        StarStandard("filial", "孝老星", rules=("filial",), min_points=5),
    ]
    rated = star_ratings(ledger, MARCH, standards, ["A", "B", "C"])
    assert (rated["A"].stars, rated["A"].count) == (("hygiene", "filial"), 2)
    assert (rated["B"].stars, rated["B"].removed) == ((), (("hygiene", "litter"),))
    assert rated["C"].count == 0


def test_honours_follow_lifetime_earnings_not_balance() -> None:
    """Spending points never takes an honour away; reversing an award does."""
    ledger = Ledger()
    award = ledger.award("a", "A", 300, at=at(3, 1))
    ledger.award("b", "B", 600, at=at(3, 1))
    held = ledger.hold("h", "B", 600, at=at(3, 2), order_id="o")
    ledger.fulfil("f", held.event_id, at=at(3, 2))
    ladder = [Honour(200, "文明家庭"), Honour(500, "模范家庭")]
    got = honours(ledger, ladder)
    assert (got["A"].label_zh, got["B"].label_zh) == ("文明家庭", "模范家庭")
    ledger.reverse("r", award.event_id, at=at(3, 3), reason="虚报")
    assert "A" not in honours(ledger, ladder)


@given(
    scores=st.dictionaries(
        st.text(min_size=1, max_size=3), st.integers(-3, 12), max_size=12
    ),
    top=st.integers(1, 5),
    tie=st.sampled_from(list(TieRule)),
)
def test_ranking_properties(scores: dict[str, int], top: int, tie: TieRule) -> None:
    """Ranks follow scores, ties share rank and prize, SPLIT never pays out more."""
    placed = ranking(scores, top=top, prizes=PRIZES, tie=tie)
    assert all(p.score >= 1 and p.rank <= top for p in placed)
    assert [p.score for p in placed] == sorted((p.score for p in placed), reverse=True)
    for a, b in itertools.pairwise(placed):
        assert (a.rank == b.rank) == (a.score == b.score)
        if a.score == b.score:
            assert a.prize == b.prize
    unplaced = [
        s for acc, s in scores.items() if acc not in {p.account for p in placed}
    ]
    if placed:
        assert all(s < placed[-1].score for s in unplaced)
    if tie is TieRule.SPLIT:
        assert sum(p.prize for p in placed) <= sum(PRIZES)
