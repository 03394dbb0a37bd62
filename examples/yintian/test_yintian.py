"""银田寺社区: the article's scheme on a simulated half year (figures by hand)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from gridgov.points import Outcome

_spec = importlib.util.spec_from_file_location(
    "yintian_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
yintian = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = yintian  # attrs/cattrs resolve annotations through it
_spec.loader.exec_module(yintian)


@functools.cache
def sim():
    return yintian.simulate()


def test_yintian_eligibility_registered_and_three_months():
    """户籍 households and outsiders resident ≥ 3 months take part; Y05 from May."""
    s = sim()
    book = s.desk.book
    eligible = {
        h
        for h, hh in s.households.items()
        if book.eligibility(hh, date(2026, 3, 14)).eligible
    }
    assert eligible == {"Y01", "Y02", "Y03", "Y04", "S01", "S02", "S03", "S04"}
    decision = s.desk.claim("2026-03-11").decision
    assert decision.outcome("volunteer").outcome is Outcome.NOT_ELIGIBLE
    assert s.ledger.earnings(yintian.H1_2026).get("Y05") == 12  # May and June only


def test_yintian_march_top_three_per_compound_with_prizes():
    """March: 50/40/30 yuan per compound; S03 and S04 tie for third and both get 30."""
    march = [(p.scope, p.account, p.score, p.prize) for p in sim().monthly[3]]
    assert march == [
        ("寺前小区", "S01", 17, Decimal(50)),
        ("寺前小区", "S02", 16, Decimal(40)),
        ("寺前小区", "S03", 12, Decimal(30)),
        ("寺前小区", "S04", 12, Decimal(30)),
        ("银田新村", "Y03", 20, Decimal(50)),
        ("银田新村", "Y01", 17, Decimal(40)),
        ("银田新村", "Y02", 13, Decimal(30)),
    ]
    assert sum(p.prize for p in sim().monthly[3]) == Decimal(270)


def test_yintian_caps_rejection_and_objection():
    """Caps clamp, a duplicate is rejected, an objected claim counts for April.

    Y03 gets 20 of 24, S03 10 of 16, S04's third meeting nothing; the objected
    claim is recognised on 1 April.
    """
    desk = sim().desk
    assert desk.claim("2026-03-07").decision.outcome("volunteer").points == 20
    assert desk.claim("2026-03-18").decision.outcome("help").points == 10
    assert (
        desk.claim("2026-03-24").decision.outcome("meeting").outcome is Outcome.CAPPED
    )
    assert desk.claim("2026-03-03").state == "rejected"
    objected = desk.claim("2026-03-10")
    assert [s.command for s in objected.history].count("object") == 1
    assert objected.history[-1].at.date().isoformat() == "2026-04-01"
    assert [(p.account, p.score) for p in sim().monthly[4] if p.scope == "银田新村"][
        1
    ] == ("Y04", 7)


def test_yintian_no_deduction_littering_is_black_listed_only():
    """积分不扣分: S02's littering takes no points but puts it on the Q1 black list."""
    s = sim()
    assert [(e.account, e.rules, e.points) for e in s.black_q1] == [
        ("S02", ("litter",), -2)
    ]
    assert all(line.change > 0 for line in s.ledger.statement("S02"))


def test_yintian_half_year_progress_and_winner():
    """进步奖 to Y02 (+23 over 2025 H2); 半年优胜奖 to Y03 (70 points); 50 yuan each."""
    s = sim()
    assert [(p.account, p.score, p.prize) for p in s.progress] == [
        ("Y02", 23, Decimal(50))
    ]
    assert [(p.account, p.score, p.prize) for p in s.winner] == [
        ("Y03", 70, Decimal(50))
    ]
    assert s.payouts()["Y03"] == Decimal(350)
    s.ledger.verify()


def test_yintian_every_point_traces_to_rule_claim_and_approver():
    """Every 2026 point of every household names its rule, claim and approver."""
    s = sim()
    for hh in s.households:
        for line in s.ledger.statement(hh):
            if line.rule_id != "opening":
                assert line.rule_id
                assert line.claim_id
                assert line.approver == "业主委员会"


def test_yintian_prints_what_the_readme_promises(english_leaks):
    """积分不扣分 and the monthly 50/40/30 yuan prizes, by name, all in Chinese."""
    text = yintian.report(sim())
    assert "积分不扣分" in text
    for prize in ("奖励 50 元", "奖励 40 元", "奖励 30 元"):
        assert prize in text
    assert "寺前小区 第1名 周*兰 17 分 奖励 50 元" in text  # March, by name
    assert "刘* 乱扔垃圾 1 次" in text  # the black list names the rule
    assert "('litter',)" not in text
    assert "S02" not in text
    assert english_leaks(text) == []
