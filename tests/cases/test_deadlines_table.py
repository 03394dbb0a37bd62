"""DeadlineTable: lookup order, per-clock fallback, loading and located errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from gridgov.calendar import WeekendCalendar
from gridgov.cases.deadlines import (
    ClockKind,
    DeadlineRule,
    DeadlineTable,
    Limit,
    LimitUnit,
    compile_table,
)
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import SpecError
from gridgov.io import load_spec, structure, unstructure

R, S = ClockKind.RESPONSE, ClockKind.RESOLUTION


def wd(n: int) -> Limit:
    return Limit(n, LimitUnit.WORKING_DAYS)


def wh(n: int) -> Limit:
    return Limit(n, LimitUnit.WORKING_HOURS)


TABLE = DeadlineTable(
    rules=[
        DeadlineRule(response=wh(4), resolution=wd(10)),  # default
        DeadlineRule(step="处置", resolution=wd(7)),
        DeadlineRule(urgency="紧急", step="处置", resolution=wd(3)),
        DeadlineRule(category="占道经营", step="处置", resolution=wd(2)),
        DeadlineRule(
            category="占道经营",
            urgency="紧急",
            level="村",
            step="处置",
            response=wh(1),
            resolution=wh(8),
        ),
        DeadlineRule(category="矛盾纠纷", resolution=Limit(30, LimitUnit.NATURAL_DAYS)),
    ]
)
INDEX = compile_table(TABLE)


def look(kind: ClockKind, category: str, urgency: str, level: str, step: str):
    return INDEX.limit(kind, category=category, urgency=urgency, level=level, step=step)


def test_lookup_order_exact_then_category_then_urgency_then_step_then_default() -> None:
    """The most specific matching rule wins, in the documented order."""
    assert look(S, "占道经营", "紧急", "村", "处置") == wh(8)  # exact
    assert look(S, "占道经营", "一般", "村", "处置") == wd(2)  # category + step
    assert look(S, "环境卫生", "紧急", "镇", "处置") == wd(3)  # urgency + step
    assert look(S, "环境卫生", "一般", "镇", "处置") == wd(7)  # step
    assert look(S, "环境卫生", "一般", "镇", "核查") == wd(10)  # default
    assert look(S, "矛盾纠纷", "紧急", "村", "处置") == Limit(
        30, LimitUnit.NATURAL_DAYS
    )


def test_a_rule_without_a_clock_defers_to_the_next() -> None:
    """A rule that sets only the resolution leaves the response clock to others."""
    assert look(R, "占道经营", "一般", "村", "处置") == wh(4)  # from the default
    assert look(R, "占道经营", "紧急", "村", "处置") == wh(1)
    rule = INDEX.rule(R, category="占道经营", urgency="一般", level="村", step="处置")
    assert rule is not None
    assert rule.key == ("*", "*", "*", "*")


def test_no_rule_gives_none() -> None:
    """Without a default rule, an unmatched step has no limit and starts no clock."""
    index = compile_table(
        DeadlineTable(rules=[DeadlineRule(step="核查", response=wh(2))])
    )
    assert index.limit(R, category="a", urgency="b", level="c", step="处置") is None
    assert index.limit(S, category="a", urgency="b", level="c", step="核查") is None
    started = index.start(
        R,
        at=datetime(2026, 3, 2, 9, tzinfo=CHINA_TZ),
        calendar=WeekendCalendar(),
        category="a",
        urgency="b",
        level="c",
        step="处置",
    )
    assert started is None


def test_index_start_uses_the_table_warning_share() -> None:
    """DeadlineIndex.start uses the looked-up limit and the table's warn_at_percent."""
    table = DeadlineTable(rules=[DeadlineRule(response=wh(10))], warn_at_percent=50)
    clock = compile_table(table).start(
        R,
        at=datetime(2026, 3, 2, 8, 30, tzinfo=CHINA_TZ),
        calendar=WeekendCalendar(),
        category="a",
        urgency="b",
        level="c",
        step="d",
    )
    assert clock is not None
    assert clock.limit == wh(10)
    assert clock.warn_at == datetime(2026, 3, 2, 15, 30, tzinfo=CHINA_TZ)  # 5 h in


def test_chinese_labels() -> None:
    """Limits and clocks carry Chinese labels."""
    assert wh(24).zh == "24个工作小时"
    assert Limit(30, LimitUnit.NATURAL_DAYS).zh == "30个自然日"
    assert R.zh == "签收"
    assert S.zh == "办结"


def test_round_trip_through_the_converter() -> None:
    """A table survives unstructure → structure unchanged."""
    assert structure(unstructure(TABLE), DeadlineTable) == TABLE


def test_load_from_toml(tmp_path: Path) -> None:
    """A township's deadline table loads from TOML."""
    path = tmp_path / "deadlines.toml"
    path.write_text(
        """
warn_at_percent = 75

[[rules]]
response = { amount = 2, unit = "working_hours" }
resolution = { amount = 5, unit = "working_days" }

[[rules]]
category = "矛盾纠纷"
resolution = { amount = 30, unit = "natural_days" }
note = "一个月内化解"
""",
        encoding="utf-8",
    )
    table = load_spec(path, DeadlineTable)
    assert table.warn_at_percent == 75
    index = compile_table(table)
    assert index.limit(
        S, category="矛盾纠纷", urgency="一般", level="村", step="调解"
    ) == (Limit(30, LimitUnit.NATURAL_DAYS))


def test_bad_limits_are_located() -> None:
    """A bad amount or unit is reported with its path."""
    with pytest.raises(SpecError) as info:
        structure(
            {
                "rules": [
                    {"resolution": {"amount": 0, "unit": "working_days"}},
                    {"step": "x", "response": {"amount": 2, "unit": "weeks"}},
                ]
            },
            DeadlineTable,
        )
    text = str(info.value)
    assert "rules[0].resolution.amount: expected an integer >= 1, got 0" in text
    assert "rules[1].response.unit" in text
    assert "'weeks'" in text


def test_table_problems_are_reported_together() -> None:
    """Duplicate keys, empty rules and a bad warning share are all reported at once."""
    with pytest.raises(SpecError) as info:
        structure(
            {
                "rules": [
                    {},
                    {"step": "a", "response": {"amount": 1, "unit": "natural_days"}},
                    {"step": "a", "response": {"amount": 2, "unit": "natural_days"}},
                ],
                "warn_at_percent": 100,
            },
            DeadlineTable,
        )
    text = str(info.value)
    assert "rules[0]: sets neither response nor resolution" in text
    assert "rules[2]: same key as rules[1]" in text
    assert "warn_at_percent: expected an integer from 1 to 99, got 100" in text


def test_direct_construction_raises_spec_error() -> None:
    """Building a bad table in code raises SpecError with the problems."""
    with pytest.raises(SpecError) as info:
        DeadlineTable(rules=[DeadlineRule()], warn_at_percent=0)
    assert info.value.paths == ("rules[0]", "warn_at_percent")
