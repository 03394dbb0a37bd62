r"""
Reading a visit ledger (走访台账) from CSV or Excel.

A 走访台账 has one visit per row, with Chinese or English headers (any of the
aliases below, case and surrounding spaces ignored): the day, the household,
and who visited (工号 or 网格员 by name; at least one) are required. Every bad
cell is reported with its line and column (`gridgov.errors.RowProblem`); the
reading is atomic unless ``on_error="skip"``. The file is read as the household
台账 is (`gridgov.io.tables.read_table_rows`: UTF-8 or GB18030, size limits,
workbook checks). ``gridgov import visits`` turns the rows into visits.

Columns (field: headers accepted; value):

- ``day``: 日期, 走访日期, date, day; a date (2026-11-02, 2026/11/2,
  2026年11月2日) (required)
- ``time``: 时间, 走访时间, time; ``HH:MM`` (default: none, the importer
  takes 09:00)
- ``household``: 户号, 户编号, household, household_id (required)
- ``worker``: 工号, 网格员工号, worker_id, worker; a worker id
- ``worker_name``: 网格员, 走访人, 走访人员, worker_name; a worker's name
- ``kind``: 方式, 走访方式, kind; 入户/上门/home, 电话/phone, 视频/video
  (default 入户)
- ``note``: 情况, 走访情况, 走访内容, note; text
- ``remark``: 备注, 走访备注, remark, remarks; text, added to the note
- ``problem``: 发现问题, 问题, problem; text: a problem found, which opens a
  case (走访发现)

Two rows with the same day, time, household, worker, way and text are
refused as one visit written twice (give one a 时间 if there were two).

>>> rows = [
...     (1, ["日期", "户号", "网格员", "方式", "情况"]),
...     (2, ["2026-11-02", "PC0001", "茹雪梅", "电话", "身体好"]),
... ]
>>> table = read_visits_rows(rows, source="走访台账.csv")
>>> row = table.rows[0]
>>> row.day, row.household, row.worker_name, row.kind.zh, row.note
(datetime.date(2026, 11, 2), 'PC0001', '茹雪梅', '电话', '身体好')
>>> table.header_of("household")
'户号'
>>> read_visits_rows([(1, ["日期", "户号", "工号"]), (2, ["11月2日", "PC0001", ""])])
Traceback (most recent call last):
  ...
gridgov.errors.ImportRowsError: 2 bad row(s); nothing was imported:
  line 2, column '日期': expected a date like 2026-03-01, got '11月2日'
  line 2, column '工号': who visited is empty
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from gridgov.errors import RowProblem
from gridgov.io._tablecells import CellError, Column, header_problems, parse_date
from gridgov.io._tablereading import (
    OnError,
    cell_texts,
    collect_rows,
    extra_cells,
    parse_cells,
)
from gridgov.io.tables import read_table_rows
from gridgov.visits.policy import VisitKind

__all__ = [
    "VISIT_COLUMNS",
    "VisitRow",
    "VisitTable",
    "read_visits",
    "read_visits_rows",
    "visit_table_cells",
]

VISIT_COLUMNS: tuple[Column, ...] = (
    Column("day", ("日期", "走访日期", "date", "day"), required=True),
    Column("time", ("时间", "走访时间", "time")),
    Column("household", ("户号", "户编号", "household", "household_id"), required=True),
    Column("worker", ("工号", "网格员工号", "worker_id", "worker")),
    Column("worker_name", ("网格员", "走访人", "走访人员", "worker_name")),
    Column("kind", ("方式", "走访方式", "kind")),
    Column("note", ("情况", "走访情况", "走访内容", "note")),
    Column("remark", ("备注", "走访备注", "remark", "remarks")),
    Column("problem", ("发现问题", "问题", "problem")),
)
"""Every column of a 走访台账 (the first header of each is the one written)."""

# The household reader ignores 备注 (a household's remarks are not imported);
# in a visit ledger they are the visit's, so they are read under another name.
_REMARK_HEADERS = frozenset({"备注", "remark", "remarks", "notes"})
_REMARK_ALIAS = "走访备注"

_KINDS: Mapping[str, VisitKind] = {
    **dict.fromkeys(("入户", "上门", "入户走访", "home"), VisitKind.HOME),
    **dict.fromkeys(("电话", "电话走访", "电话访问", "phone"), VisitKind.PHONE),
    **dict.fromkeys(("视频", "视频走访", "video"), VisitKind.VIDEO),
}
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：]\d{2})?$")


@attrs.frozen
class VisitRow:
    """
    One visit as the ledger wrote it (not yet checked against a roster).

    Attributes:
        line: The row's line (CSV) or row (Excel) number, the header being 1.
        day: The day of the visit.
        household: The household id.
        worker: The worker id (``""``: the ledger gives only a name).
        worker_name: The worker's name (``""``: only an id).
        kind: 入户, 电话 or 视频.
        time: The time of day, if the ledger gives one.
        note: What was found (情况 and 备注, joined by ``；``).
        problem: A problem found, to open a case from (None: none).
    """

    line: int
    day: date
    household: str
    worker: str = ""
    worker_name: str = ""
    kind: VisitKind = VisitKind.HOME
    time: dt.time | None = None
    note: str = ""
    problem: str | None = None

    @property
    def content(self) -> tuple[str, ...]:
        """What the row says, without its line: equal rows are one visit twice."""
        return _texts(self, self.kind.value)


@attrs.frozen
class VisitTable:
    """
    The rows of a 走访台账.

    Attributes:
        rows: The visits, in file order (blank rows left out).
        headers: The header each field was read from, as written.
        source: The file name, for messages.
        skipped: Problems of the rows left out (only with ``on_error="skip"``).
    """

    rows: tuple[VisitRow, ...]
    headers: Mapping[str, str]
    source: str = ""
    skipped: tuple[RowProblem, ...] = ()

    def header_of(self, field: str) -> str:
        """The header *field* was read from (its first alias if absent)."""
        found = self.headers.get(field)
        if found:
            return found
        return next(c.headers[0] for c in VISIT_COLUMNS if c.field == field)


def _time(text: str) -> dt.time:
    match = _TIME.match(text)
    if match is not None:
        hour, minute = (int(g) for g in match.groups())
        if hour < 24 and minute < 60:  # noqa: PLR2004 - a clock
            return dt.time(hour, minute)
    raise CellError.of("expected_time", value=text)


def _kind(text: str) -> VisitKind:
    found = _KINDS.get(text.casefold())
    if found is None:
        expected = "入户, 电话 or 视频 (home, phone, video)"
        raise CellError.of("expected", expected=expected, value=text)
    return found


def _day(text: str) -> date:
    # A workbook's date cell with a time arrives as "2026-11-02"; a CSV may
    # carry "2026-11-02 09:30": the day is read, the time belongs in 时间.
    return parse_date(text.split(maxsplit=1)[0] if " " in text.strip() else text)


_PARSERS = {"day": _day, "time": _time, "kind": _kind}


class _Rows:
    """Reads the rows after the header, one at a time."""

    def __init__(
        self, fields: Sequence[str | None], headers: Mapping[str, str]
    ) -> None:
        self.fields = fields
        self.headers = headers
        self.seen: dict[tuple[str, ...], int] = {}

    def read(
        self, line: int, cells: Sequence[Any]
    ) -> tuple[VisitRow | None, list[RowProblem]]:
        raw = cell_texts(self.fields, cells)
        if not any(raw.values()):
            return None, []
        values, problems = parse_cells(
            line, raw, _PARSERS, ("day", "household"), self.headers
        )
        if not raw.get("worker") and not raw.get("worker_name"):
            shown = self.headers.get("worker") or self.headers.get("worker_name", "")
            problems.append(RowProblem(line, shown, "", code="visitor_empty"))
        problems += extra_cells(line, self.fields, cells)
        if problems:
            return None, problems
        return self._row(line, values)

    def _row(
        self, line: int, v: Mapping[str, Any]
    ) -> tuple[VisitRow | None, list[RowProblem]]:
        note = "；".join(t for t in (v.get("note", ""), v.get("remark", "")) if t)
        row = VisitRow(
            line=line,
            day=v["day"],
            household=v["household"],
            worker=v.get("worker", ""),
            worker_name=v.get("worker_name", ""),
            kind=v.get("kind", VisitKind.HOME),
            time=v.get("time"),
            note=note,
            problem=v.get("problem"),
        )
        first = self.seen.setdefault(row.content, line)
        if first != line:
            params = {"first": first}
            return None, [RowProblem(line, "", "", code="same_visit", params=params)]
        return row, []


def _header(
    line: int, header: Sequence[Any]
) -> tuple[list[str | None], dict[str, str], list[RowProblem]]:
    """Map the header's cells to fields (备注 read as the remark)."""
    written = [str(c if c is not None else "").strip() for c in header]
    renamed = [_REMARK_ALIAS if t.casefold() in _REMARK_HEADERS else t for t in written]
    fields, headers, problems = header_problems(line, renamed, VISIT_COLUMNS)
    for field, text in zip(fields, written, strict=True):
        if field == "remark":
            headers["remark"] = text
    if "worker" not in headers and "worker_name" not in headers:
        problems.append(RowProblem(line, "", "", code="missing_worker_column"))
    return fields, headers, problems


def read_visits_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    on_error: OnError = "raise",
    source: str = "",
) -> VisitTable:
    """
    Read visits from ``(line, cells)`` pairs; the first pair is the header.

    Raises:
        ImportRowsError: Every problem (by line and column), if the header is
            bad, or if any row is bad and *on_error* is ``"raise"``.
        InvalidValueError: If *on_error* is neither ``"raise"`` nor ``"skip"``.
    """
    table = collect_rows(
        rows,
        on_error=on_error,
        source=source,
        header=_header,
        row_reader=lambda fields, headers: _Rows(fields, headers).read,
    )
    return VisitTable(table.items, table.headers, source, table.skipped)


def read_visits(
    path: str | PathLike[str],
    *,
    sheet: str | None = None,
    on_error: OnError = "raise",
) -> VisitTable:
    """
    Read a 走访台账 from a ``.csv`` or ``.xlsx`` file (Chinese or English headers).

    Raises:
        ImportRowsError: Every bad cell, by line and column; or an unreadable
            file or an unsupported suffix.
        MissingExtraError: For ``.xlsx`` without openpyxl (the ``excel`` extra).
    """
    source = Path(path).name
    return read_visits_rows(
        read_table_rows(path, sheet=sheet), on_error=on_error, source=source
    )


def visit_table_cells(rows: Iterable[VisitRow]) -> list[list[str]]:
    """
    The cells of a 走访台账 holding *rows*, Chinese header first.

    `read_visits_rows` reads them back to the same rows (their lines counted
    from 2): a blank ledger is ``visit_table_cells([])``.
    """
    header = [c.headers[0] for c in VISIT_COLUMNS if c.field != "remark"]
    return [header, *(list(_texts(row, row.kind.zh)) for row in rows)]


def _texts(row: VisitRow, kind: str) -> tuple[str, ...]:
    """The row's cells in the ledger's column order, the way written as *kind*."""
    return (
        row.day.isoformat(),
        "" if row.time is None else row.time.isoformat("minutes"),
        row.household,
        row.worker,
        row.worker_name,
        kind,
        row.note,
        row.problem or "",
    )
