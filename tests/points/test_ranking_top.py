"""
`ranking(top=N)` without prizes lists at most N households (issue 13).

The tour notebook's ``ranking(earned, top=10)`` showed 16 rows (25 on today's
simulation): a tie across the 10th place was placed whole, as a prize-paying
ranking must. A ranking without prizes is a list to show, so it stops at N
rows and says how many tied households it left out.
"""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gridgov.points import Ranking, TieRule, ranking

# Two leaders, then seven households tied for third: top=3 crosses the tie.
SCORES = {"H01": 14, "H02": 12, **{f"T{i}": 8 for i in range(7)}, "L": 1}


def test_top_without_prizes_lists_exactly_top_rows() -> None:
    """Ten places asked, ten rows, tied households counted not shown."""
    scores = {**SCORES, **{f"U{i}": 8 for i in range(10)}}
    top = ranking(scores, top=10)
    assert len(top) == 10
    assert [p.rank for p in top] == [1, 2] + [3] * 8
    assert top.tied_out == 17 - 8
    assert "另有 9 户并列第 3 名" in top.to_html()


def test_a_prize_paying_ranking_still_places_the_whole_tie() -> None:
    """Nobody tied with a prize winner goes without: rows may exceed top."""
    prizes = (Decimal(50), Decimal(40), Decimal(30))
    placed = ranking(SCORES, top=3, prizes=prizes)
    assert len(placed) == 9
    assert placed.tied_out == 0
    assert {p.prize for p in placed if p.rank == 3} == {Decimal(30)}


def test_keep_ties_overrides_the_default_either_way() -> None:
    """keep_ties=True keeps the tie without prizes; False cuts it with prizes."""
    assert len(ranking(SCORES, top=3, keep_ties=True)) == 9
    cut = ranking(
        SCORES, top=3, prizes=(Decimal(9),) * 3, tie=TieRule.SPLIT, keep_ties=False
    )
    assert (len(cut), cut.tied_out) == (3, 6)
    # the prize shown is the one the whole tie would share: 30 split 7 ways
    assert cut[2].prize == Decimal("1.28")


def test_tied_out_survives_copy_and_pickle_and_equality_ignores_it() -> None:
    """A Ranking is still a tuple: equal to its rows; copies keep tied_out."""
    top = ranking(SCORES, top=3)
    assert top == tuple(top)
    assert pickle.loads(pickle.dumps(top)).tied_out == top.tied_out == 6
    assert copy.copy(top).tied_out == 6
    assert Ranking().tied_out == 0


@given(
    scores=st.dictionaries(st.text(min_size=1, max_size=3), st.integers(-3, 9)),
    top=st.integers(1, 12),
)
def test_without_prizes_never_more_than_top_rows(
    scores: dict[str, int], top: int
) -> None:
    """At most top rows; every household left out scores no more than the last."""
    placed = ranking(scores, top=top)
    assert len(placed) <= top
    shown = {p.account for p in placed}
    eligible = [s for s in scores.values() if s >= 1]
    if len(placed) < top:  # room left: everyone eligible is placed
        assert placed.tied_out == 0
        assert len(placed) == len(eligible)
    if placed:
        last = placed[-1].score
        left = [s for a, s in scores.items() if a not in shown and s >= 1]
        assert all(s <= last for s in left)
        assert placed.tied_out == sum(1 for s in left if s == last)
    else:
        assert not eligible
