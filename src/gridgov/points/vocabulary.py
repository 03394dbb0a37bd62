"""
The words a rule may use: field types, operators and functions, with labels.

Everything a condition can say is listed here, so the validator can reject the
rest and a host application can build a rule editor from `export_vocabulary`
(business-rules' best idea: the editor is generated from the engine's own list).

>>> sorted(FUNCTIONS)[:4]
['abs', 'contains', 'date', 'days_between']
>>> OPERATORS[">="].zh
'大于等于'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "FUNCTIONS",
    "OPERATORS",
    "FieldType",
    "Function",
    "Operator",
    "value_type",
]


class FieldType(enum.StrEnum):
    """The type of a claim field (and of an expression)."""

    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    BOOLEAN = "boolean"
    DATE = "date"
    LIST = "list"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {
            "number": "数值",
            "integer": "整数",
            "text": "文本",
            "boolean": "是/否",
            "date": "日期",
            "list": "列表",
        }[self.value]

    @property
    def numeric(self) -> bool:
        """Whether values of this type are numbers."""
        return self in {FieldType.NUMBER, FieldType.INTEGER}

    def accepts(self, value: object) -> bool:  # noqa: PLR0911 - one per type
        """Return whether a claim value fits this type (bool is not a number)."""
        if self is FieldType.BOOLEAN:
            return isinstance(value, bool)
        if isinstance(value, bool):
            return False
        if self is FieldType.INTEGER:
            return isinstance(value, int)
        if self is FieldType.NUMBER:
            return isinstance(value, int | float | Decimal)
        if self is FieldType.TEXT:
            return isinstance(value, str)
        if self is FieldType.DATE:
            return isinstance(value, date)
        return isinstance(value, tuple | list | frozenset)


def value_type(value: object) -> FieldType | None:
    """Return the type of a literal value, or None if no rule may hold it."""
    if isinstance(value, bool):
        return FieldType.BOOLEAN
    if isinstance(value, int):
        return FieldType.INTEGER
    if isinstance(value, float | Decimal):
        return FieldType.NUMBER
    if isinstance(value, str):
        return FieldType.TEXT
    if isinstance(value, date):
        return FieldType.DATE
    return None


@attrs.frozen
class Operator:
    """A comparison operator, with the types it applies to and its labels."""

    symbol: str
    zh: str
    en: str
    types: tuple[FieldType, ...]


_ORDERED = (FieldType.NUMBER, FieldType.INTEGER, FieldType.DATE, FieldType.TEXT)
_ALL = tuple(FieldType)

OPERATORS: Mapping[str, Operator] = MappingProxyType(
    {
        "==": Operator("==", "等于", "equals", _ALL),
        "!=": Operator("!=", "不等于", "does not equal", _ALL),
        "<": Operator("<", "小于", "is less than", _ORDERED),
        "<=": Operator("<=", "小于等于", "is at most", _ORDERED),
        ">": Operator(">", "大于", "is greater than", _ORDERED),
        ">=": Operator(">=", "大于等于", "is at least", _ORDERED),
        "in": Operator("in", "属于", "is one of", _ALL),
        "not in": Operator("not in", "不属于", "is not one of", _ALL),
    }
)
"""Comparison operators by symbol (structured conditions write ``not_in``)."""


def _days_between(a: date, b: date) -> int:
    return (b - a).days


def _weekday(d: date) -> int:
    return d.isoweekday()


def _month(d: date) -> int:
    return d.month


def _contains(text: str, part: str) -> bool:
    return part in text


def _startswith(text: str, prefix: str) -> bool:
    return text.startswith(prefix)


def _lower(text: str) -> str:
    return text.lower()


@attrs.frozen
class Function:
    """
    A pure function a condition may call.

    Attributes:
        name: The name used in conditions.
        params: Parameter types (``NUMBER`` accepts integers too).
        returns: Result type.
        zh: Chinese label for editors.
        en: English description.
        impl: The implementation (never user code).
    """

    name: str
    params: tuple[FieldType, ...]
    returns: FieldType
    zh: str
    en: str
    impl: Callable[..., Any] = attrs.field(repr=False)


def _fn(  # noqa: PLR0917 - a private table-building helper
    name: str,
    params: tuple[FieldType, ...],
    returns: FieldType,
    zh: str,
    en: str,
    impl: Callable[..., Any],
) -> tuple[str, Function]:
    return name, Function(name, params, returns, zh, en, impl)


_N, _I, _T, _B, _D = (
    FieldType.NUMBER,
    FieldType.INTEGER,
    FieldType.TEXT,
    FieldType.BOOLEAN,
    FieldType.DATE,
)

FUNCTIONS: Mapping[str, Function] = MappingProxyType(
    dict(
        [
            _fn("abs", (_N,), _N, "绝对值", "absolute value", abs),
            _fn("min", (_N, _N), _N, "较小值", "smaller of two numbers", min),
            _fn("max", (_N, _N), _N, "较大值", "larger of two numbers", max),
            _fn("len", (_T,), _I, "长度", "length of a text", len),
            _fn("lower", (_T,), _T, "转小写", "text in lower case", _lower),
            _fn("contains", (_T, _T), _B, "包含", "text contains a part", _contains),
            _fn("startswith", (_T, _T), _B, "开头是", "text starts with", _startswith),
            _fn("month", (_D,), _I, "月份", "month of a date (1-12)", _month),
            _fn("weekday", (_D,), _I, "星期", "weekday (1 = Monday)", _weekday),
            _fn(
                "days_between",
                (_D, _D),
                _I,
                "相隔天数",
                "days from the first date to the second",
                _days_between,
            ),
            _fn("has", (), _B, "已填写", "the field is present", bool),
            _fn("date", (_T,), _D, "日期", "a date literal", date.fromisoformat),
        ]
    )
)
"""The function whitelist; ``has(field)`` and ``date("2026-03-01")`` are special."""
