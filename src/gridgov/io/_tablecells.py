"""Cell-level parsing for household tables: headers, values, one row at a time."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import attrs

from gridgov.domain.ids import HouseholdId, PersonId, RegionCode
from gridgov.domain.people import (
    Gender,
    Household,
    Person,
    Placement,
    Residency,
    TagAssignment,
)
from gridgov.domain.spans import DateSpan
from gridgov.domain.tags import AttentionLevel, CareTag
from gridgov.errors import GridgovError, RowProblem, closest, problem_message

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "CellError",
    "Column",
    "RowReader",
    "cell_problem",
    "header_problems",
    "parse_date",
    "parse_phone",
]


@attrs.frozen
class Column:
    """One recognised column: its field name, accepted headers, whether required."""

    field: str
    headers: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("household_id", ("户号", "户编号", "household_id", "id"), required=True),
    Column("address", ("地址", "住址", "家庭住址", "address"), required=True),
    Column("region", ("网格", "所属网格", "网格编码", "grid", "region"), required=True),
    Column("building", ("楼栋", "楼栋号", "building")),
    Column("residency", ("户籍", "户籍类型", "residency")),
    Column(
        "resident_since", ("居住起始", "入住日期", "居住起始日期", "resident_since")
    ),
    Column("head", ("户主", "户主姓名", "head")),
    Column("id_number", ("身份证号", "公民身份号码", "身份证", "id_number")),
    Column("phone", ("电话", "联系电话", "手机", "phone")),
    Column("gender", ("性别", "gender")),
    Column("birth_date", ("出生日期", "birth_date")),
    Column("party_member", ("党员", "是否党员", "party_member")),
    Column("tags", ("标签", "关爱标签", "tags")),
    Column("since", ("入格日期", "since")),
)
"""Every column the importer understands (see `gridgov.io.tables`)."""

REQUIRED = tuple(c.field for c in COLUMNS if c.required)
_BY_HEADER = {h.casefold(): c.field for c in COLUMNS for h in c.headers}
_IGNORED = frozenset({"序号", "备注", "no", "no.", "#", "notes", "remark", "remarks"})


def header_problems(
    line: int, header: Sequence[Any], columns: Sequence[Column] = COLUMNS
) -> tuple[list[str | None], dict[str, str], list[RowProblem]]:
    """
    Map each header cell to a field (None: an ignored column); report bad headers.

    *columns* are the columns the table may have (default: the household
    台账's; `gridgov.io.worker_tables` passes the workers').

    Returns:
        The field of each column, the header text of each field, the problems.
    """
    by_header = (
        _BY_HEADER
        if columns is COLUMNS
        else {h.casefold(): c.field for c in columns for h in c.headers}
    )
    required = [c.field for c in columns if c.required]
    fields: list[str | None] = []
    problems: list[RowProblem] = []
    seen: dict[str, str] = {}
    for cell in header:
        text = str(cell if cell is not None else "").strip()
        key = text.casefold()
        if not text or key in _IGNORED:
            fields.append(None)
            continue
        field = by_header.get(key)
        if field is None:
            hint = closest(text, [h for c in columns for h in c.headers])
            problems.append(
                RowProblem(
                    line, text, "", code="unknown_column", params={"suggestion": hint}
                )
            )
        elif field in seen:
            both = {"first": seen[field], "field": field}
            problems.append(
                RowProblem(line, text, "", code="column_repeats", params=both)
            )
        else:
            seen[field] = text
        fields.append(field if field is not None and seen.get(field) == text else None)
    for name in required:
        if name not in seen:
            headers = next(c.headers for c in columns if c.field == name)
            shown = headers[:2] + headers[-1:]
            wanted: dict[str, object] = {
                "wanted": " or ".join(repr(h) for h in shown),
                "headers": shown,
            }
            problems.append(
                RowProblem(line, "", "", code="missing_column", params=wanted)
            )
    return fields, seen, problems


class _CellError(Exception):
    """
    A cell's value is wrong; the message says what was expected.

    Made with `of`, it also carries a problem code and its parameters
    (`gridgov.errors.PROBLEM_TEMPLATES`), so that the row's problem can be
    said in Chinese (`cell_problem`).
    """

    code = ""
    params: Mapping[str, Any] = MappingProxyType({})

    @classmethod
    def of(cls, code: str, /, **params: Any) -> _CellError:
        """A cell error with a problem code (its message is the code's English)."""
        err = cls(problem_message(code, params))
        err.code, err.params = code, params
        return err


def cell_problem(line: int, column: str, exc: _CellError) -> RowProblem:
    """The row problem a cell error makes, its code and parameters kept."""
    return RowProblem(line, column, str(exc), code=exc.code, params=exc.params)


CellError = _CellError
"""Raised by a cell parser: the message says what was expected (shared)."""


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _date(text: str) -> date:
    match = _DATE.match(text)
    if match is not None:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise _CellError.of("expected_date", value=text)


def _choice(table: Mapping[str, object], expected: str) -> Callable[[str], object]:
    """A parser accepting the keys of *table* (case-insensitive)."""

    def parse(text: str) -> object:
        key = text.casefold()
        if key in table:
            return table[key]
        raise _CellError.of("expected", expected=expected, value=text)

    return parse


_residency = _choice(
    {
        "户籍": Residency.REGISTERED,
        "registered": Residency.REGISTERED,
        "常住非户籍": Residency.RESIDENT,
        "非户籍": Residency.RESIDENT,
        "常住": Residency.RESIDENT,
        "resident": Residency.RESIDENT,
    },
    "户籍/registered or 常住非户籍/resident",
)
_gender = _choice(
    {"男": Gender.MALE, "male": Gender.MALE, "m": Gender.MALE}
    | {"女": Gender.FEMALE, "female": Gender.FEMALE, "f": Gender.FEMALE},
    "男/女 or male/female",
)
_yes_no = _choice(
    dict.fromkeys(("是", "yes", "y", "true", "1"), True)
    | dict.fromkeys(("否", "no", "n", "false", "0"), False),
    "是/否 (yes/no)",
)


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """
    Return the GB 11643 check digit for the first 17 digits of an ID number.

    >>> id_check_digit("11010519491231002")  # the standard's own example
    'X'
    """
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _id_number(text: str) -> str:
    value = text.upper()
    digits = value[:17]
    if len(value) != 18:  # noqa: PLR2004
        raise _CellError.of("id_length", length=len(value))
    if not (digits.isascii() and digits.isdigit()):
        raise _CellError.of("id_digits")
    if id_check_digit(digits) != value[17]:
        raise _CellError.of("id_check")
    return value


def _phone(text: str) -> str:
    digits = text.replace("-", "").replace(" ", "")
    if not digits.isdigit() or not 7 <= len(digits) <= 12:  # noqa: PLR2004
        raise _CellError.of("phone_digits")
    return text


parse_date = _date
"""Parse a table's date cell (2026-03-01, 2026/3/1, 2026年3月1日), or CellError."""
parse_phone = _phone
"""Parse a table's phone cell (7-12 digits, ``-`` allowed), or CellError."""


def _region(text: str) -> str:
    if not text.isdigit() or not text.isascii():
        raise _CellError.of("expected", expected="a region code (digits)", value=text)
    return text


_LEVELS = {a.zh: a for a in AttentionLevel} | {a.value: a for a in AttentionLevel}
_TAG_ITEM = re.compile(r"^(.+?)\s*(?:[:：]\s*(\S+)|[(（]\s*(\S+?)\s*[)）])?$")


class RowReader:
    """Turns one row's cells into a `Household`, or into located problems."""

    def __init__(
        self,
        fields: Sequence[str | None],
        headers: Mapping[str, str],
        care_tags: Mapping[str, CareTag],
    ) -> None:
        self.fields = fields
        self.care_tags = care_tags
        self._by_zh = {t.zh: t.code for t in care_tags.values()}
        self._headers = dict(headers)
        self._seen: dict[str, int] = {}
        self._parsers: dict[str, Callable[[str], object]] = {
            "region": _region,
            "residency": _residency,
            "resident_since": _date,
            "id_number": _id_number,
            "phone": _phone,
            "gender": _gender,
            "birth_date": _date,
            "party_member": _yes_no,
            "tags": self._tags,
            "since": _date,
        }

    def _tags(self, text: str) -> tuple[TagAssignment, ...]:
        out = []
        for item in re.split(r"[;；、,，]", text):
            match = _TAG_ITEM.match(item.strip())
            if match is None:
                continue
            name, level_a, level_b = match.groups()
            code = name if name in self.care_tags else self._by_zh.get(name)
            if code is None:
                hint = closest(name, [*self.care_tags, *self._by_zh])
                raise _CellError.of(
                    "unknown_ref", kind="care tag", key=name, suggestion=hint
                )
            level_text = level_a or level_b or AttentionLevel.NORMAL.value
            if level_text not in _LEVELS:
                raise _CellError.of("tag_level", name=name, value=level_text)
            out.append(TagAssignment(code, _LEVELS[level_text]))
        return tuple(out)

    def _raw(self, cells: Sequence[Any]) -> dict[str, str]:
        raw: dict[str, str] = {}
        for i, field in enumerate(self.fields):
            if field is not None:
                cell = cells[i] if i < len(cells) else ""
                raw[field] = str(cell if cell is not None else "").strip()
        return raw

    def _parse(
        self, line: int, raw: Mapping[str, str]
    ) -> tuple[dict[str, Any], list[RowProblem]]:
        values: dict[str, Any] = {}
        problems: list[RowProblem] = []
        for field, text in raw.items():
            parser = self._parsers.get(field)
            try:
                if text:
                    values[field] = parser(text) if parser is not None else text
            except _CellError as exc:
                problems.append(cell_problem(line, self._header_of(field), exc))
        problems.extend(
            RowProblem(line, self._header_of(field), "", code="empty_cell")
            for field in REQUIRED
            if not raw.get(field)
        )
        return values, problems

    def read(
        self, line: int, cells: Sequence[Any]
    ) -> tuple[Household | None, list[RowProblem]]:
        """Parse one row; a blank row yields ``(None, [])``."""
        raw = self._raw(cells)
        if not any(raw.values()):
            return None, []
        values, problems = self._parse(line, raw)
        extra = [c for c in cells[len(self.fields) :] if str(c or "").strip()]
        if extra:
            counts = {
                "cells": len(self.fields) + len(extra),
                "headers": len(self.fields),
            }
            problems.append(RowProblem(line, "", "", code="extra_cells", params=counts))
        hid = raw.get("household_id", "")
        if hid and hid in self._seen:
            params: dict[str, object] = {
                "kind": "household",
                "key": hid,
                "first": self._seen[hid],
            }
            column = self._header_of("household_id")
            problems.append(
                RowProblem(line, column, "", code="duplicate_row", params=params)
            )
        if problems:
            return None, problems
        try:
            household = self._household(values)
        except GridgovError as exc:  # a value the domain refuses (dates in order …)
            refused = {"error": exc}
            return None, [
                RowProblem(line, "", str(exc), code="refused", params=refused)
            ]
        self._seen[hid] = line
        return household, []

    def _header_of(self, field: str) -> str:
        return self._headers.get(field) or field

    @staticmethod
    def _household(v: Mapping[str, Any]) -> Household:
        hid = HouseholdId(v["household_id"])
        members: tuple[Person, ...] = ()
        if "head" in v:
            members = (
                Person(
                    PersonId(f"{hid}-1"),
                    v["head"],
                    id_number=v.get("id_number", ""),
                    phone=v.get("phone", ""),
                    gender=v.get("gender", Gender.UNKNOWN),
                    birth_date=v.get("birth_date"),
                    party_member=v.get("party_member", False),
                    relation="户主",
                ),
            )
        return Household(
            id=hid,
            address=v["address"],
            placements=(Placement(RegionCode(v["region"]), DateSpan(v.get("since"))),),
            building=v.get("building", ""),
            residency=v.get("residency", Residency.REGISTERED),
            resident_since=v.get("resident_since"),
            members=members,
            tags=v.get("tags", ()),
        )
