"""The condition language: parsing, checking, compiling, explaining."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import hypothesis.strategies as st
import pytest
from hypothesis import given

from gridgov.points.compiler import MISSING, compile_matcher, compile_one, explain
from gridgov.points.language import parse_condition
from gridgov.points.vocabulary import FieldType

FIELDS = {
    "hours": FieldType.NUMBER,
    "age": FieldType.INTEGER,
    "category": FieldType.TEXT,
    "verified": FieldType.BOOLEAN,
    "day": FieldType.DATE,
}

CONDITIONS = [
    'hours >= 2 and category == "volunteer"',
    "2 <= hours <= 6",
    'category in ["a", "b"] or not verified',
    "age * 2 > 100 and has(day)",
    'month(day) == 3 and day >= date("2026-03-02")',
    'len(category) > 3 and contains(lower(category), "vol")',
    "abs(hours - 4) < 1.5",
    'category not in ("x", "y") and verified == true',
    'days_between(day, date("2026-12-31")) > 200 or hours != 0',
    'not has(day) or day > date("2026-03-01")',
    "not verified and (hours > 3 or age < 18)",
]


def _node(text: str):
    node, problems = parse_condition(text, FIELDS)
    assert problems == [], problems
    return node


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hour >= 2", "column 1: unknown field 'hour'; did you mean 'hours'?"),
        (
            "lenn(category) > 1",
            "column 1: unknown function 'lenn'; did you mean 'len'?",
        ),
        (
            "hours.real > 1",
            "column 1: Attribute is not allowed in a condition: 'hours.real'",
        ),
        ("__import__('os')", "column 1: unknown function '__import__'"),
        (
            "(lambda: 1)()",
            (
                "column 1: only plain calls of listed functions are allowed: "
                "'(lambda: 1)()'"
            ),
        ),
        ('hours == "two"', "column 1: 'hours == \"two\"' compares number with text"),
        ("hours", "column 1: expected a true/false condition, got 'hours'"),
        ("verified > 1", "column 1: 'verified > 1' compares boolean with integer"),
        (
            "hours in [1, 'a']",
            "column 10: a list must hold values of one type: [1, 'a']",
        ),
        ('date("2026-13-01") > day', "column 1: not a date: '2026-13-01'"),
        (
            "category[0] == 'a'",
            "column 1: Subscript is not allowed in a condition: 'category[0]'",
        ),
    ],
)
def test_bad_conditions_are_located(text: str, expected: str) -> None:
    """A bad condition yields one located problem with a did-you-mean where possible."""
    _node_unused, problems = parse_condition(text, FIELDS)
    assert problems == [expected]


@pytest.mark.parametrize("text", ["hours >=", "hours >= 2 and", "(hours"])
def test_syntax_errors_name_a_column(text: str) -> None:
    """A syntax error is a located problem, never an exception."""
    _node_unused, problems = parse_condition(text, FIELDS)
    assert len(problems) == 1
    assert problems[0].startswith("column ")
    assert "syntax error" in problems[0]


def test_has_guards_a_missing_field() -> None:
    """'not has(x) or x > ...' holds when x is absent, in both fast and slow paths."""
    node = _node('not has(day) or day > date("2026-03-01")')
    assert compile_matcher([node])({}) == [0]
    assert compile_one(node)({}) is True
    assert compile_matcher([node])({"day": date(2026, 1, 1)}) == []


facts_strategy = st.fixed_dictionaries(
    {},
    optional={
        "hours": st.one_of(
            st.integers(-5, 20),
            st.decimals(-5, 20, places=1),
            st.floats(-5, 20, allow_nan=False),
            st.text(max_size=2),
        ),
        "age": st.one_of(st.integers(0, 100), st.none()),
        "category": st.one_of(
            st.sampled_from(["a", "b", "x", "volunteer", "Vol"]), st.integers()
        ),
        "verified": st.booleans(),
        "day": st.one_of(
            st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.text(max_size=1)
        ),
    },
)


@given(facts=facts_strategy)
def test_fast_matcher_agrees_with_explainer(facts: dict) -> None:
    """The compiled matcher, per-rule functions and the explainer agree on any facts."""
    nodes = [_node(t) for t in CONDITIONS]
    matched = set(compile_matcher(nodes)(facts))
    for i, node in enumerate(nodes):
        holds = compile_one(node)(facts)
        assert holds == (i in matched)
        assert (explain(node, facts) == ()) == holds


def test_missing_fields_make_clauses_false_and_are_named() -> None:
    """A missing field is never an exception: the clause is false and says why."""
    node = _node('hours >= 2 and category == "volunteer"')
    assert compile_one(node)({"category": "volunteer"}) is False
    (clause,) = explain(node, {"category": "volunteer"})
    assert clause.missing == ("hours",)
    assert clause.values == (("hours", MISSING),)
    assert str(clause) == "hours >= 2 (hours = missing)"


def test_or_lists_every_failed_branch() -> None:
    """For 'or', every branch that failed is explained."""
    node = _node('category in ["a", "b"] or not verified')
    clauses = explain(node, {"category": "z", "verified": True})
    assert [c.text for c in clauses] == ['category in ["a", "b"]', "not verified"]


def test_float_literals_are_exact_decimals() -> None:
    """1.5 in a rule is Decimal('1.5'), so comparisons are exact."""
    node = _node("hours == 0.1")
    assert compile_one(node)({"hours": Decimal("0.1")}) is True
    assert node.right.value == Decimal("0.1")  # type: ignore[attr-defined]


def test_structured_and_text_conditions_compile_the_same() -> None:
    """A structured condition and its text form match the same facts."""
    from gridgov.points.language import condition_node

    text = _node("hours >= 2")
    structured, problems = condition_node("hours", ">=", 2, FIELDS)
    assert problems == {}
    for hours in (0, 1.9, 2, 7):
        assert compile_one(text)({"hours": hours}) == compile_one(structured)(
            {"hours": hours}
        )
