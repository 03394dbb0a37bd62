"""
The reading every table importer shares (households, workers, visits).

Each importer (`gridgov.io.tables`, `gridgov.io.worker_tables`,
`gridgov.io.visit_tables`) keeps only its columns, its header mapping and its
row builder; `collect_rows` does the rest the same way for all three: it checks
``on_error``, reads the header, holds the row limit, collects the rows with
their lines and problems, and refuses the whole table when the reading is
atomic. The cell helpers below turn one row's cells into parsed values and
located problems.

>>> from gridgov.io._tablecells import Column, header_problems
>>> columns = (Column("name", ("姓名", "name"), required=True),)
>>> def reader(fields, headers):
...     def read(line, cells):
...         raw = cell_texts(fields, cells)
...         if not any(raw.values()):
...             return None, []
...         values, problems = parse_cells(line, raw, {}, ("name",), headers)
...         return (None if problems else values["name"]), problems
...
...     return read
>>> rows = [(1, ["姓名"]), (2, ["李红梅"]), (3, [""]), (4, ["王建国"])]
>>> table = collect_rows(
...     rows,
...     on_error="raise",
...     source="t.csv",
...     header=lambda line, cells: header_problems(line, cells, columns),
...     row_reader=reader,
... )
>>> table.items, table.lines
(('李红梅', '王建国'), (2, 4))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Literal, TypeVar

import attrs

from gridgov.errors import ImportRowsError, InvalidValueError, RowProblem
from gridgov.io._tablecells import CellError, cell_problem
from gridgov.io.limits import MAX_TABLE_ROWS

__all__ = [
    "CollectedRows",
    "HeaderReading",
    "OnError",
    "cell_texts",
    "collect_rows",
    "extra_cells",
    "parse_cells",
]

OnError = Literal["raise", "skip"]

T = TypeVar("T")

HeaderReading = tuple[list[str | None], dict[str, str], list[RowProblem]]
"""The field of each column (None: ignored), each field's header, the problems."""

ReadRow = Callable[[int, Sequence[Any]], tuple[T | None, list[RowProblem]]]
"""Reads one row's ``(line, cells)``: its item or its problems (blank: neither)."""


@attrs.frozen
class CollectedRows(Generic[T]):
    """
    What `collect_rows` read: the items in file order and what was left out.

    Attributes:
        items: What each good row became.
        lines: The line of each item.
        headers: The header text each field was read from.
        skipped: The problems of the rows left out (only with ``on_error="skip"``).
    """

    items: tuple[T, ...]
    lines: tuple[int, ...]
    headers: dict[str, str]
    skipped: tuple[RowProblem, ...]


def collect_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    on_error: OnError,
    source: str,
    header: Callable[[int, Sequence[Any]], HeaderReading],
    row_reader: Callable[[list[str | None], dict[str, str]], ReadRow[T]],
) -> CollectedRows[T]:
    """
    Read a table's ``(line, cells)`` pairs, the first being the header.

    *header* maps the header's cells to fields; *row_reader* is given the
    fields and headers and returns the function that reads one row.

    Raises:
        ImportRowsError: With every problem, if the table is empty, the header
            is bad, it has too many rows, or any row is bad and *on_error* is
            ``"raise"``. Nothing is imported then.
        InvalidValueError: If *on_error* is neither ``"raise"`` nor ``"skip"``.
    """
    if on_error not in ("raise", "skip"):
        raise InvalidValueError("on_error", "'raise' or 'skip'", on_error)
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        empty = RowProblem(1, "", "", code="table_empty")
        raise ImportRowsError([empty], source=source)
    fields, headers, problems = header(*first)
    if problems:
        raise ImportRowsError(problems, source=source)
    read = row_reader(fields, headers)
    items: list[T] = []
    lines: list[int] = []
    bad: list[RowProblem] = []
    for count, (line, cells) in enumerate(iterator, start=2):
        if count > MAX_TABLE_ROWS:
            most = {"most": MAX_TABLE_ROWS}
            problem = RowProblem(line, "", "", code="too_many_rows", params=most)
            raise ImportRowsError([problem], source=source)
        item, row_problems = read(line, cells)
        bad.extend(row_problems)
        if item is not None and not row_problems:
            items.append(item)
            lines.append(line)
    if bad and on_error == "raise":
        raise ImportRowsError(bad, source=source)
    return CollectedRows(tuple(items), tuple(lines), headers, tuple(bad))


def cell_texts(fields: Sequence[str | None], cells: Sequence[Any]) -> dict[str, str]:
    """Each field's cell as stripped text (``""`` for an empty or missing cell)."""
    return {
        field: str(cells[i] if i < len(cells) and cells[i] is not None else "").strip()
        for i, field in enumerate(fields)
        if field is not None
    }


def parse_cells(
    line: int,
    raw: Mapping[str, str],
    parsers: Mapping[str, Callable[[str], object]],
    required: Iterable[str],
    headers: Mapping[str, str],
) -> tuple[dict[str, Any], list[RowProblem]]:
    """
    Parse each non-empty cell (text where no parser is given); check the required.

    A problem names the column by the header it was read from (*headers*).
    """
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for field, text in raw.items():
        if not text:
            continue
        parser = parsers.get(field)
        try:
            values[field] = parser(text) if parser is not None else text
        except CellError as exc:
            problems.append(cell_problem(line, headers.get(field, field), exc))
    problems.extend(
        RowProblem(line, headers.get(field, field), "", code="empty_cell")
        for field in required
        if not raw.get(field)
    )
    return values, problems


def extra_cells(
    line: int, fields: Sequence[str | None], cells: Sequence[Any]
) -> list[RowProblem]:
    """A problem if the row has filled cells beyond the header (a stray comma)."""
    extra = [c for c in cells[len(fields) :] if str(c or "").strip()]
    if not extra:
        return []
    params = {"cells": len(fields) + len(extra), "headers": len(fields)}
    return [RowProblem(line, "", "", code="extra_cells", params=params)]
