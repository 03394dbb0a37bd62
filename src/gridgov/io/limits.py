r"""
What a spec file may hold: sizes, nesting, numbers, text, and each number's range.

A spec reader faces files written by hand, by Excel, by a script gone wrong or
by someone hostile. Every limit here is checked before or while a file is
read, and every breach is a located `gridgov.errors.SpecProblem`, never a
Python exception (docs/spec-reference.md, "Limits and encoding").

* `MAX_SPEC_BYTES`: a TOML or JSON spec file is at most 16 MiB (household
  tables, which can be bigger, at most `MAX_TABLE_BYTES` and `MAX_TABLE_ROWS`).
* `MAX_DEPTH`: tables and arrays nest at most 32 levels (the deepest shipped
  spec, the sample township, nests 12).
* `MAX_NUMBER`: no number anywhere in a spec reaches 10^15, nor is infinite or
  NaN; the message gives the number's length, never its digits (an ID number
  written without quotes must not be echoed).
* Text is valid Unicode: a lone surrogate (``"\ud800"`` in JSON) is refused.
* `RANGES`: each numeric field of each spec class has a documented range.

>>> for problem in check_document({"rules": [{"visits": 10**20}], "name": "\ud800"}):
...     print(problem)
rules[0].visits: expected a number below 10^15, got a number of 21 digits
name: expected valid Unicode text, got a lone surrogate '\ud800'
>>> from gridgov.domain.workforce import Role, Worker
>>> check_ranges(Worker("w1", "茹雪梅", Role.GRID_CHIEF, capacity_per_day=-5))
[SpecProblem(path='capacity_per_day', message='expected an integer >= 1, got -5')]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from gridgov.calendar import Limit
from gridgov.cases.deadlines import DeadlineTable
from gridgov.cases.escalation import EscalationPolicy
from gridgov.domain.workforce import Worker
from gridgov.errors import SpecProblem
from gridgov.flow import FlowSpec
from gridgov.io._problems import join_path
from gridgov.points.spec import CapSpec, EligibilitySpec, PolicySpec, RuleSpec
from gridgov.points.supermarket import Item
from gridgov.roster.spec import GridSizeNorm, Norms, SpanNorm
from gridgov.visits.policy import FrequencyRule, TriggerRule, VisitPolicy

__all__ = [
    "MAX_DEPTH",
    "MAX_NUMBER",
    "MAX_SPEC_BYTES",
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "RANGES",
    "check_document",
    "check_ranges",
]

MAX_SPEC_BYTES = 16 * 1024 * 1024
"""The largest TOML or JSON spec file read (16 MiB)."""

MAX_TABLE_BYTES = 64 * 1024 * 1024
"""The largest CSV or Excel household table read (64 MiB; Excel: also unpacked)."""

MAX_TABLE_ROWS = 200_000
"""The most rows a household table may have, the header included."""

MAX_DEPTH = 32
"""How deep tables and arrays may nest in a spec document."""

MAX_NUMBER = 10**15
"""Every number in a spec document is below this in magnitude."""

_SHOWN_DIGITS = 6  # a bigger number is described by its length, not echoed

RANGES: Mapping[tuple[type, str], tuple[int, int]] = {
    (Worker, "capacity_per_day"): (1, 100),
    (Norms, "central_household_min"): (0, 1_000),
    (Norms, "central_household_max"): (0, 1_000),
    (SpanNorm, "min"): (0, 10_000),
    (SpanNorm, "max"): (0, 10_000),
    (GridSizeNorm, "min"): (0, 100_000),
    (GridSizeNorm, "max"): (0, 100_000),
    (RuleSpec, "points"): (-100_000, 100_000),
    (CapSpec, "max_points"): (1, 1_000_000),
    (CapSpec, "max_times"): (1, 100_000),
    (EligibilitySpec, "min_months_resident"): (0, 1_200),
    (PolicySpec, "base_score"): (0, 1_000_000),
    (PolicySpec, "expiry_months"): (1, 1_200),
    (PolicySpec, "notice_days"): (0, 365),
    (PolicySpec, "yuan_per_point"): (0, 10_000),
    (FrequencyRule, "visits"): (1, 366),
    (FrequencyRule, "grace_days"): (0, 366),
    (TriggerRule, "within_hours"): (1, 8_784),
    (VisitPolicy, "period_start_day"): (1, 31),
    (VisitPolicy, "min_share_percent"): (0, 100),
    (FlowSpec, "version"): (1, 99_999_999),
    (Limit, "amount"): (1, 10_000),
    (DeadlineTable, "warn_at_percent"): (1, 99),
    (Item, "price"): (1, 1_000_000),
    (Item, "stock"): (0, 1_000_000),
    (EscalationPolicy, "grace_working_days"): (0, 365),
}
"""The inclusive range of every numeric spec field: (class, field) → (low, high).

Rule book decimals (``yuan_per_point``) are checked against the same bounds."""


def _finite(value: float | Decimal) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) or math.isfinite(value)


def shown(value: float | Decimal) -> str:
    """
    A number as a message may show it: small ones as written, others by length.

    >>> shown(-5), shown(13700135799), shown(float("inf"))
    ('-5', 'a number of 11 digits', 'inf')
    """
    if not _finite(value):
        return str(value)
    if abs(value) < 10**_SHOWN_DIGITS:
        return str(value)
    # Never str() of a 5,000-digit int: Python refuses it.
    digits = Decimal(value).adjusted() + 1
    return f"a number of {digits} digits"


def _number_problem(path: str, value: object) -> SpecProblem | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number: float | Decimal = value
    if not _finite(number):
        return SpecProblem.of(path, "not_finite", value=number)
    if not -MAX_NUMBER < number < MAX_NUMBER:
        return _sized(path, "too_large", number)
    return None


def _sized(path: str, code: str, number: float | Decimal, **bounds: Any) -> SpecProblem:
    """A problem with a number too long to show: its digits counted instead."""
    if shown(number) == str(number):
        return SpecProblem.of(path, code, value=number, **bounds)
    digits = Decimal(number).adjusted() + 1
    if code == "too_large":
        return SpecProblem.of(path, "too_many_digits", digits=digits)
    return SpecProblem.of(path, code, value=shown(number), digits=digits, **bounds)


def _text_problem(path: str, text: str) -> SpecProblem | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        return SpecProblem.of(path, "surrogate", text=bad)
    return None


def check_document(data: object) -> list[SpecProblem]:
    """
    Check parsed builtins against the limits: depth, numbers, text.

    The walk is iterative (a document nested 100,000 deep is reported, not
    recursed into), and stops descending at the first level too deep.
    """
    problems: list[SpecProblem] = []
    stack: list[tuple[str, object, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        problem: SpecProblem | None
        if isinstance(value, str):
            problem = _text_problem(path, value)
        elif isinstance(value, Mapping | list | tuple):
            problem = None
            if depth >= MAX_DEPTH:
                problem = SpecProblem.of(path, "too_deep", depth=MAX_DEPTH)
            else:
                children: list[tuple[str, object, int]] = []
                items = (
                    value.items() if isinstance(value, Mapping) else enumerate(value)
                )
                for key, item in items:
                    where = join_path(path, ascii(key)) if isinstance(key, str) else ""
                    if isinstance(key, str) and (bad := _text_problem(where, key)):
                        problems.append(bad)
                        continue
                    children.append((join_path(path, key), item, depth + 1))
                stack.extend(reversed(children))
        else:
            problem = _number_problem(path, value)
        if problem is not None:
            problems.append(problem)
    return problems


def _range_problem(path: str, value: object, low: int, high: int) -> SpecProblem | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    kind = "an integer" if isinstance(value, int) else "a number"
    if value < low:
        return _sized(path, "below", value, kind=kind, low=low)
    if value > high:
        return _sized(path, "above", value, kind=kind, high=high)
    return None


def _ranges_of(cls: type) -> dict[str, tuple[int, int]]:
    return {
        name: bounds
        for base in reversed(cls.__mro__)
        for (owner, name), bounds in RANGES.items()
        if owner is base
    }


def check_ranges(obj: object) -> list[SpecProblem]:
    """Return a problem for each numeric field of a structured spec out of range."""
    problems: list[SpecProblem] = []
    stack: list[tuple[str, object]] = [("", obj)]
    while stack:
        path, value = stack.pop()
        children: list[tuple[str, object]] = []
        cls = type(value)
        if attrs.has(cls):
            ranges = _ranges_of(cls)
            for field in attrs.fields(cls):
                item = getattr(value, field.name)
                where = join_path(path, field.name)
                bounds = ranges.get(field.name)
                problem = _range_problem(where, item, *bounds) if bounds else None
                if problem is not None:
                    problems.append(problem)
                children.append((where, item))
        elif isinstance(value, list | tuple):
            children = [(join_path(path, i), item) for i, item in enumerate(value)]
        elif isinstance(value, Mapping):
            children = [(join_path(path, str(k)), v) for k, v in value.items()]
        stack.extend(reversed(children))
    return problems
