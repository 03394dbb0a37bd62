"""Metrics against hand-computed figures, including the 挂账 and 缓办 denominators."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from cases_fixtures import EVERYONE, T0, opened, rules
from hypothesis import given
from hypothesis import strategies as st

from gridgov.cases import (
    Case,
    MetricOptions,
    Rate,
    Satisfaction,
    TransferKind,
    accept_transfer,
    case_metrics,
    fire_case,
    metrics_by,
    request_transfer,
)
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.visits import percent

R = rules("digital_city")
DAY = timedelta(days=1)
START = datetime(2026, 9, 1, tzinfo=CHINA_TZ)
END = datetime(2026, 10, 20, tzinfo=CHINA_TZ)

TO_VERIFIED = [
    ("register", {}),
    ("dispatch", {"unit": "sanitation"}),
    ("handle", {"result": "done"}),
    ("feed_back", {}),
    ("verify", {"photo": "p"}),
]


def drive(case: Case, steps, at: datetime) -> Case:
    for i, (command, fields) in enumerate(steps):
        case, _ = fire_case(
            R,
            case,
            command,
            actor=EVERYONE,
            at=at,
            command_id=f"{case.id}-{command}-{i}-{at.isoformat()}",
            fields=fields,
        )
    return case


def closed(case: Case, at: datetime, satisfaction: str | None) -> Case:
    case = drive(case, [("close", {})], at)
    if satisfaction:
        case = drive(case, [("evaluate", {"satisfaction": satisfaction})], at)
    return case


def build_cases() -> dict[str, Case]:
    """Ten cases; the comments give what each contributes."""
    c: dict[str, Case] = {}
    # A: resolved on time at grid level, satisfied.
    a = drive(opened(case_id="A")[0], TO_VERIFIED, T0)
    c["A"] = closed(a, T0 + DAY, "satisfied")
    # B: one failed check (返工), then resolved on time, basically satisfied.
    b = drive(
        opened(case_id="B")[0],
        [*TO_VERIFIED[:4], ("rework", {"reason": "x"}), *TO_VERIFIED[2:]],
        T0,
    )
    c["B"] = closed(b, T0 + DAY, "basically_satisfied")
    # C: resolved late (5 working days from 9-28 end on 10-10), dissatisfied.
    cc = drive(opened(case_id="C", category="道路破损")[0], TO_VERIFIED, T0)
    c["C"] = closed(cc, T0 + 20 * DAY, "dissatisfied")
    # D: voided (作废): out of every denominator.
    c["D"] = drive(opened(case_id="D")[0], [("void", {"reason": "重复上报"})], T0)
    # E: parked (挂账), open at the end.
    c["E"] = drive(
        opened(case_id="E")[0], [*TO_VERIFIED[:2], ("park", {"reason": "需立项"})], T0
    )
    # F: deferred (缓办), open at the end.
    c["F"] = drive(
        opened(case_id="F")[0],
        [*TO_VERIFIED[:2], ("defer", {"reason": "冬季不宜"})],
        T0,
    )
    # G: sent back once (回退), escalated to the village, resolved there on time.
    g = drive(
        opened(case_id="G")[0],
        [*TO_VERIFIED[:2], ("send_back", {"reason": "派错", "to_step": "registered"})],
        T0,
    )
    g, _ = request_transfer(
        R,
        g,
        kind=TransferKind.ESCALATE,
        to_unit="village-1",
        to_level=Level.VILLAGE,
        reason="跨网格",
        actor=EVERYONE,
        at=T0,
        command_id="G-up",
    )
    g, _ = accept_transfer(
        R, g, unit="village-1", actor=EVERYONE, at=T0, command_id="G-acc"
    )
    g = drive(g, TO_VERIFIED[1:], T0 + DAY)
    c["G"] = closed(g, T0 + 2 * DAY, "very_satisfied")
    # H: open, dispatched.
    c["H"] = drive(opened(case_id="H")[0], TO_VERIFIED[:2], T0)
    # I: received before the period: not in the cohort.
    c["I"] = opened(case_id="I", at=START - DAY)[0]
    # J: verified in the period but closed after it ends: open at the end.
    j = drive(opened(case_id="J")[0], TO_VERIFIED, T0)
    c["J"] = closed(j, END + DAY, None)
    return c


CASES = build_cases()


def test_default_options_follow_the_jinhua_rule() -> None:
    """应办结 = 9 received − 1 voided − 1 deferred = 7; parked stays in."""
    m = case_metrics(CASES.values(), start=START, end=END)
    assert (m.received, m.voided, m.deferred, m.parked, m.due) == (9, 1, 1, 1, 7)
    assert m.completion == Rate(4, 7)  # A, B, C, G
    assert m.on_time == Rate(3, 7)  # C was late
    assert m.resolution == Rate(4, 7)
    assert m.satisfaction == Rate(3, 4)  # A, B (基本满意), G of A, B, C, G
    assert m.rework == Rate(1, 5)  # B of the checked A, B, C, G, J
    assert m.returned == Rate(1, 8)  # G of the 8 live cases
    assert m.resolved_at_level == {Level.GRID: Rate(3, 4), Level.VILLAGE: Rate(1, 4)}
    assert m.completion.value == Fraction(4, 7)
    assert m.on_time.percent == "42.9%"


def test_parked_and_deferred_options_change_only_the_denominator() -> None:
    """挂账 can be excluded too; 缓办 can be kept in."""
    both_out = case_metrics(
        CASES.values(), start=START, end=END, options=MetricOptions(exclude_parked=True)
    )
    assert both_out.due == 6
    assert both_out.completion == Rate(4, 6)
    both_in = case_metrics(
        CASES.values(),
        start=START,
        end=END,
        options=MetricOptions(exclude_deferred=False),
    )
    assert both_in.due == 8
    assert both_in.on_time == Rate(3, 8)


def test_satisfaction_set_is_an_option() -> None:
    """基本满意 can be counted as not satisfied."""
    strict = MetricOptions(
        satisfied=frozenset({Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED})
    )
    m = case_metrics(CASES.values(), start=START, end=END, options=strict)
    assert m.satisfaction == Rate(2, 4)


def test_a_later_period_sees_j_closed() -> None:
    """A conclusion after the period end is not counted; a later end counts it."""
    m = case_metrics(CASES.values(), start=START, end=END + 10 * DAY)
    assert m.completion == Rate(5, 7)


def test_grouping_by_category_level_and_unit() -> None:
    """Per category, level and unit figures add up to the whole."""
    by_cat = metrics_by(CASES.values(), "category", start=START, end=END)
    assert set(by_cat) == {"暴露垃圾", "道路破损"}
    assert by_cat["道路破损"].on_time == Rate(0, 1)
    assert by_cat["暴露垃圾"].completion == Rate(3, 6)
    by_level = metrics_by(CASES.values(), "level", start=START, end=END)
    assert by_level["village"].resolution == Rate(1, 1)
    by_unit = metrics_by(CASES.values(), "unit", start=START, end=END)
    assert by_unit["village-1"].received == 1
    assert sum(m.received for m in by_unit.values()) == 9
    by_worker = metrics_by(CASES.values(), "worker", start=START, end=END)
    assert sum(m.received for m in by_worker.values()) == 9


RATES = ("completion", "on_time", "resolution", "satisfaction", "rework", "returned")


@pytest.mark.parametrize("by", ["unit", "level", "worker", "category"])
def test_groups_add_up_to_the_whole(by: str) -> None:
    """Groups partition the cohort: every count, and every rate's numerator and
    denominator, summed over the groups' rows gives the whole's figure."""
    whole = case_metrics(CASES.values(), start=START, end=END)
    table = metrics_by(CASES.values(), by, start=START, end=END)
    records = table.to_records()
    assert [r["group"] for r in records] == sorted(table)
    for name in ("received", "voided", "deferred", "parked", "due"):
        assert sum(r[name] for r in records) == getattr(whole, name)
    for name in RATES:
        rate = getattr(whole, name)
        assert sum(r[f"{name}_numerator"] for r in records) == rate.numerator
        assert sum(r[f"{name}_denominator"] for r in records) == rate.denominator


def test_a_metrics_table_is_a_dict_that_displays() -> None:
    """metrics_by still reads as a dict; as a table it shows percentages and
    hides the counts behind them."""
    table = metrics_by(CASES.values(), "category", start=START, end=END)
    assert table == {
        name: case_metrics(
            [c for c in CASES.values() if c.category == name], start=START, end=END
        )
        for name in ("暴露垃圾", "道路破损")
    }
    assert table.by == "category"
    row = table.to_records()[0]
    assert (row["group"], row["completion"], row["returned"]) == (
        "暴露垃圾",
        "50.0%",
        "14.3%",
    )
    html = table.to_html()
    assert "Case metrics by category: 2 groups" in html
    assert "<td>50.0%</td>" in html
    assert "completion_numerator" not in html


def test_empty_and_bad_arguments() -> None:
    """0/0 rates are None, and a bad grouping or period is refused."""
    m = case_metrics([], start=START, end=END)
    assert m.completion == Rate(0, 0)
    assert m.completion.value is None
    with pytest.raises(InvalidValueError, match="by: expected one of unit"):
        metrics_by([], "colour", start=START, end=END)
    with pytest.raises(InvalidValueError, match="end"):
        case_metrics([], start=END, end=START)


def test_referral_counts_as_concluded_but_not_resolved() -> None:
    """调解: 转介 is 办结 but not 化解, so 化解率 < 办结率 (1/3 vs 2/3)."""
    m_rules = rules("mediation")

    def med(case_id: str, steps) -> Case:
        case = opened("mediation", case_id=case_id)[0]
        for i, (command, fields) in enumerate(steps):
            case, _ = fire_case(
                m_rules,
                case,
                command,
                actor=EVERYONE,
                at=T0 + i * DAY,
                command_id=f"{case_id}-{i}",
                fields=fields,
            )
        return case

    resolved = med(
        "M1",
        [
            ("mediate", {}),
            ("agree", {"agreement": "赔偿500元"}),
            ("follow_up", {"visit_note": "已履行", "performance": "performed"}),
            ("resolve", {"satisfaction": "satisfied"}),
        ],
    )
    referred = med(
        "M2", [("mediate", {}), ("refer", {"to_unit": "法院", "reason": "涉及诉讼"})]
    )
    still_open = med("M3", [("mediate", {})])
    m = case_metrics([resolved, referred, still_open], start=START, end=END)
    assert m.completion == Rate(2, 3)
    assert m.resolution == Rate(1, 3)
    assert m.satisfaction == Rate(1, 1)
    assert m.on_time == Rate(2, 3)


@given(st.integers(0, 500), st.integers(1, 500))
def test_a_rate_reads_the_same_in_every_table(numerator: int, denominator: int) -> None:
    """Case rates and visit coverage print through one formatter: the same
    fraction shows the same percentage (halves round up, exactly)."""
    numerator = min(numerator, denominator)
    assert Rate(numerator, denominator).percent == percent(
        Fraction(numerator, denominator)
    )
    assert Rate(1, 16).percent == "6.3%"
