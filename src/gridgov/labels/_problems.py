"""
Spec problems in people's words: `problem_text` says a `SpecProblem` in zh or en.

A problem made with `gridgov.errors.SpecProblem.of` carries a code and its
parameters; its English is `gridgov.errors.PROBLEM_TEMPLATES` filled in (the
problem's ``message``), its Chinese is `ZH_TEMPLATES` filled in here. What the
user wrote stays as written: paths, field names, values and choices are
quoted (``'suburban'``), never translated. A problem without a code, or one
whose parameters hold an English phrase this module cannot say in Chinese (a
validator's free ``expected`` text), falls back to its English message: it
still says where and what, and `english_fallbacks` counts them in the tests.

>>> from gridgov.errors import SpecProblem
>>> p = SpecProblem.of(
...     "villages[0].grids[0].kind",
...     "expected_choice",
...     choices="urban, rural, dedicated",
...     options=("urban", "rural", "dedicated"),
...     value="suburban",
...     suggestion=None,
... )
>>> print(problem_line(p))
villages[0].grids[0].kind：应为 'urban'、'rural'、'dedicated' 之一，实为 'suburban'
>>> print(problem_line(p, "en"))
villages[0].grids[0].kind: expected one of urban, rural, dedicated; got 'suburban'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from gridgov._masking import mask_in_text
from gridgov.errors import shown
from gridgov.labels._core import Lang
from gridgov.labels._problem_words import (
    CONDITION_ZH,
    EXPECTED_ZH,
    KIND_ZH,
    PARSER_ZH,
    TEMPLATES_ZH,
)

__all__ = [
    "ZH_TEMPLATES",
    "invalid_value_text",
    "location",
    "problem_line",
    "problem_text",
    "row_line",
]

ZH_TEMPLATES: Mapping[str, str] = TEMPLATES_ZH
"""The Chinese of each structured problem, by code (the keys of PROBLEM_TEMPLATES)."""

_MAX_SHOWN = 80  # a value quoted in a message is cut to this many characters


class _UntranslatedError(LookupError):
    """A parameter holds English this module cannot say in Chinese."""


def _value(value: object) -> str:
    """A value found in a file, as a Chinese message shows it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | Decimal) and not _finite(value):
        return {"nan": "非数值", "inf": "正无穷", "-inf": "负无穷"}.get(
            str(value).lower().replace("infinity", "inf"), "非有限数"
        )
    if isinstance(value, list | tuple):
        return f"列表（{len(value)} 项）" if value else "空列表"
    if isinstance(value, Mapping):
        return f"表（{len(value)} 个字段）" if value else "空表"
    text = shown(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _unit(unit: object) -> str:
    """A points rule's unit: 小时 (hour) or 件 (item)."""
    try:
        return {"hour": "小时", "item": "件", "occurrence": "次"}[str(unit)]
    except KeyError:
        raise _UntranslatedError(unit) from None


def _key(key: object) -> str:
    """An id as written, quoted; a compound key as its parts (``'a' / '*'``)."""
    if isinstance(key, tuple | list):
        return " / ".join(repr(str(k)) for k in key)
    return repr(str(key))


def _kind(kind: object) -> str:
    try:
        return KIND_ZH[str(kind)]
    except KeyError:
        raise _UntranslatedError(kind) from None


_RANGE = re.compile(r"^an integer (>=|<=|>|<) (-?\d+)$")
_BETWEEN = re.compile(r"^an integer (?:in |from )(-?\d+)(?:\.\.| to )(-?\d+)$")
_ONE_OF = re.compile(r"^one of (.+)$")
_COMPARE = {">=": "不小于", "<=": "不大于", ">": "大于", "<": "小于"}


def _expected(phrase: object) -> str:
    """A validator's ``expected`` phrase in Chinese (raises _UntranslatedError)."""
    text = str(phrase)
    if text in EXPECTED_ZH:
        return EXPECTED_ZH[text]
    if match := _RANGE.match(text):
        return f"{_COMPARE[match[1]]} {match[2]} 的整数"
    if match := _BETWEEN.match(text):
        return f" {match[1]} 到 {match[2]} 之间的整数"
    if match := _ONE_OF.match(text):
        return " " + _choices(match[1].split(", ")) + " 之一"
    raise _UntranslatedError(text)


def _choices(options: object, names: object = ()) -> str:
    """Choices quoted (they are what the file must say), each with its name."""
    listed = list(options) if isinstance(options, list | tuple) else []
    zh = list(names) if isinstance(names, list | tuple) else []
    zh += [""] * (len(listed) - len(zh))
    return "、".join(
        f"{o!r}（{n}）" if n else repr(o) for o, n in zip(listed, zh, strict=False)
    )


def _parser(detail: object) -> str:
    """A TOML or JSON parser's complaint in Chinese (raises _UntranslatedError)."""
    text = str(detail).strip()
    for prefix, zh in PARSER_ZH.items():
        if text.startswith(prefix):
            return zh
    raise _UntranslatedError(text)


def _condition(detail: object) -> str:
    """A condition's complaint in Chinese (raises _UntranslatedError)."""
    text = str(detail)
    for pattern, zh in CONDITION_ZH:
        if pattern.match(text):
            return pattern.sub(zh, text)
    raise _UntranslatedError(text)


def _reason(params: Mapping[str, Any]) -> str:
    import errno  # noqa: PLC0415 - only a refused file needs it

    reasons = {
        errno.ENOENT: "文件不存在",
        errno.EACCES: "没有读取权限",
        errno.EPERM: "没有读取权限",
        errno.EISDIR: "这是一个文件夹",
    }
    code = params.get("errno")
    if code in reasons:
        return reasons[code]
    raise _UntranslatedError(params.get("reason"))


_PARAMS: Mapping[str, Callable[[Mapping[str, Any]], object]] = MappingProxyType(
    {
        "value": lambda p: (
            f"{p['digits']} 位数" if "digits" in p else _value(p["value"])
        ),
        "key": lambda p: _key(p["key"]),
        "name": lambda p: repr(str(p["name"])),
        "text": lambda p: ascii(p["text"]),
        "kind": lambda p: _kind(p["kind"]),
        "unit": lambda p: _unit(p["unit"]),
        "type": lambda p: _kind(p["type"]),
        "expected": lambda p: _expected(p["expected"]),
        "choices": lambda p: _choices(p.get("options", ()), p.get("names", ())),
        "detail": lambda p: _parser(p["detail"]),
        "reason": _reason,
        "encoding": lambda p: str(p["encoding"]).split(" ")[0],
        "row": lambda p: _row(p["row"]),
        "error": lambda p: _refusal(p["error"]),
        "first": lambda p: location(str(p["first"])),
        "headers": lambda p: (
            "或".join(repr(h) for h in p["headers"])
            if isinstance(p["headers"], list | tuple)
            else p["headers"]
        ),
        "chain": lambda p: " → ".join(repr(k) for k in str(p["chain"]).split(" → ")),
        "condition": lambda p: _condition(p["detail"]),
        "keys": lambda p: "、".join(repr(k) for k in p.get("key_list", ())) or "无",
        "known": lambda p: "、".join(repr(k) for k in p.get("known_list", ())) or "无",
    }
)


def _refusal(err: Any) -> str:
    """An error a row was refused with, in Chinese (raises _UntranslatedError)."""
    from gridgov.labels._refusals import describe  # noqa: PLC0415 - it imports us

    said = describe(err)
    if said == str(err):
        raise _UntranslatedError(said)
    return said


def _row(row: Any) -> str:
    return row_line(row) if getattr(row, "line", 0) else problem_text(row)


_DERIVED = frozenset({"choices", "condition"})  # filled in from other parameters


def _zh(code: str, params: Mapping[str, Any]) -> str:
    template = ZH_TEMPLATES[code]
    shown_params = dict(params)
    for name, render in _PARAMS.items():
        if "{" + name in template and (name in params or name in _DERIVED):
            shown_params[name] = render(params)
    text = template.format(**shown_params)
    suggestion = params.get("suggestion")
    return f"{text}；是否应为 {suggestion!r}？" if suggestion else text


def problem_text(problem: Any, lang: Lang = "zh") -> str:
    """
    What a `SpecProblem` (or a row problem with a code) says, in *lang*.

    English is the problem's message. Chinese is its template filled in; a
    problem without a code, or with a parameter this module cannot say in
    Chinese, falls back to the English message.
    """
    code = getattr(problem, "code", "")
    if lang == "en" or code not in ZH_TEMPLATES:
        return str(problem.message)
    try:
        return mask_in_text(_zh(code, problem.params))
    except (_UntranslatedError, KeyError, IndexError, ValueError):
        return str(problem.message)


_LINE_COLUMN = re.compile(r"\bline (\d+), column (\d+)\b")
_LINE_HEADER = re.compile(r"\bline (\d+), column '((?:[^'\\]|\\.)*)'")
_LINE = re.compile(r"\bline (\d+)\b")


def location(path: str, lang: Lang = "zh") -> str:
    """
    Where a problem is: a spec path as written, a line and column in *lang*.

    >>> location("line 3, column 7"), location("grids[0].name")
    ('第 3 行第 7 列', 'grids[0].name')
    >>> location("household_tables[0] homes.csv line 4, column '户号'")
    'household_tables[0] homes.csv 第 4 行「户号」列'
    """
    if lang == "en":
        return path
    path = _LINE_COLUMN.sub(r"第 \1 行第 \2 列", path)
    path = _LINE_HEADER.sub(r"第 \1 行「\2」列", path)
    return _LINE.sub(r"第 \1 行", path)


def problem_line(problem: Any, lang: Lang = "zh") -> str:
    """A problem as one line, ``where：what`` (``where: what`` in English)."""
    where = location(str(getattr(problem, "path", "")), lang)
    text = problem_text(problem, lang)
    if not where:
        return text
    return f"{where}: {text}" if lang == "en" else f"{where}：{text}"


def row_line(problem: Any, lang: Lang = "zh") -> str:
    """
    A table's bad row or cell as one line: ``第 3 行，「户号」列：…``.

    >>> from gridgov.errors import RowProblem
    >>> print(row_line(RowProblem(3, "户号", "", code="missing_field")))
    第 3 行，「户号」列：缺少必填字段
    """
    if lang == "en":
        return str(problem)
    if not problem.line:  # the file as a whole
        return problem_text(problem)
    column = f"，「{problem.column}」列" if problem.column else ""
    return f"第 {problem.line} 行{column}：{problem_text(problem)}"


def invalid_value_text(name: str, expected: str, value: object) -> str | None:
    """
    An argument out of its domain in Chinese, or None if *expected* is not known.

    >>> invalid_value_text("days", "an integer >= 0", -1)
    "'days'：应为不小于 0 的整数，实为 -1"
    """
    try:
        text = f"{name!r}：应为{_expected(expected)}，实为 {_value(value)}"
        return mask_in_text(text)
    except _UntranslatedError:
        return None
