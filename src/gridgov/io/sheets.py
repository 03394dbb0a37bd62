"""
Sheets: the one neutral shape every XLSX and CSV export is written from.

A `Sheet` is a named table — title lines, a header row, rows of cells — with
the cells kept typed: numbers stay numbers, a rate is a `Percent` (its exact
value and the text shown for it), everything else is text. The writers
(`gridgov.io.workbook` for XLSX, `gridgov.io.csv_export` for CSV) only lay
sheets out; what goes into them is decided here, once:

* `table_sheet` reads any table gridgov shows — an object with
  ``display_columns`` and ``to_records()`` (a `gridgov.cases.CaseTable`, a
  `gridgov.visits.CoverageReport`, a `gridgov.points.Ranking`, a
  `gridgov.visits.Plan`, a `gridgov.roster.RosterSummary` …), a plain
  sequence of such a table's rows (`ROW_TABLES`), households (the 台账
  columns), or any records `gridgov.io.frames.records_of` takes —
  with the headers the notebook shows (each `gridgov.display.Column`'s Chinese
  label, or its English one with ``lang="en"``);
* every text cell and title line is masked (ID and phone numbers, as
  `gridgov.domain.privacy` describes) unless ``unmasked=True``, the one way
  to unmask.

A household sheet uses the headers the 台账 importer reads first (户号, 地址,
网格 …, `gridgov.io.household_columns`), so an export unmasked re-imports as
it is.

>>> sheet = table_sheet([{"grid": "一网格", "rate": "66.7%", "phone": "13812345678"}])
>>> sheet.headers
('grid', 'rate', 'phone')
>>> sheet.rows[0]
('一网格', Percent(value=Decimal('0.667'), text='66.7%'), '138****5678')
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from gridgov._masking import mask_field
from gridgov.cases.case import Case
from gridgov.cases.listing import CaseTable
from gridgov.cases.metrics import Rate
from gridgov.display import Column, TableDisplay, cell_text, plain
from gridgov.domain.people import Household
from gridgov.errors import InvalidValueError
from gridgov.io.frames import records_of
from gridgov.io.household_columns import HOUSEHOLD_COLUMNS
from gridgov.labels import check_lang
from gridgov.points.awards import BlackList, BlackListEntry, Placing, Ranking
from gridgov.visits.contacts import ContactReport, ContactRow
from gridgov.visits.coverage import CoverageReport, CoverageRow
from gridgov.visits.planner import Plan, PlanItem

__all__ = [
    "ROW_TABLES",
    "Percent",
    "Sheet",
    "atomic_target",
    "cell_width",
    "sheet_name",
    "table_sheet",
    "text_of",
    "typed_cell",
]


class Percent(NamedTuple):
    """
    A rate in a sheet: its exact value and the text gridgov shows for it.

    XLSX stores *value* in a percent-formatted cell (so Excel can sum and
    chart it); CSV writes *text* (``"87.5%"``), the same text as the reports.
    """

    value: Fraction | Decimal
    text: str

    @classmethod
    def of(cls, rate: Rate) -> Percent | str:
        """A `Rate` as a percent, or its ``—`` text when the denominator is 0."""
        return rate.percent if rate.value is None else cls(rate.value, rate.percent)


Cell = None | bool | int | float | Decimal | str | Percent
"""What a sheet cell holds."""


@attrs.frozen
class Sheet:
    """
    One table to write: a sheet of a workbook, or a block of a CSV file.

    Attributes:
        name: The sheet's name (Excel's rules: see `sheet_name`).
        headers: The header row.
        rows: The rows, each as long as *headers*.
        title: Lines written above the header row (a report's title, scope,
            period and notes); a table has none, so that it re-imports.
        notes: Lines written below the rows (a note on the figures' units).
    """

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()
    title: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def text_of(cell: Cell) -> str:
    """
    The text a cell shows: what CSV writes and what a reader sees in Excel.

    >>> text_of(None), text_of(True), text_of(Percent(Fraction(7, 8), "87.5%"))
    ('', '是', '87.5%')
    >>> text_of(Decimal("5.50")), text_of(3)
    ('5.50', '3')
    """
    if cell is None:
        return ""
    if isinstance(cell, Percent):
        return cell.text
    if isinstance(cell, Decimal):
        return format(cell, "f")  # never "1E-7": the digits as written
    return cell_text(cell)


def cell_width(text: str) -> int:
    """
    The columns *text* takes in a spreadsheet: a full-width (CJK) character 2.

    >>> cell_width("走访率"), cell_width("87.5%"), cell_width("ＡB")
    (6, 5, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_MAX_SHEET_NAME = 31  # Excel's limit on a sheet name's length


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    r"""
    *name* made a valid, unused Excel sheet name.

    Excel refuses ``[ ] : * ? / \\`` and names over 31 characters, and
    compares names without case; a clash gets `` (2)``, `` (3)`` ….

    >>> sheet_name("走访/巡查"), sheet_name("Sheet", ["sheet"])
    ('走访_巡查', 'Sheet (2)')
    """
    base = _BAD_SHEET_CHARS.sub("_", name).strip("'") or "Sheet"
    base = base[:_MAX_SHEET_NAME]
    used = {t.casefold() for t in taken}
    candidate, n = base, 1
    while candidate.casefold() in used:
        n += 1
        tail = f" ({n})"
        candidate = base[: _MAX_SHEET_NAME - len(tail)] + tail
    return candidate


_PERCENT_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?%")
# No leading zeros: "00.5" is a code, and Decimal would write it back "0.5".
_DECIMAL_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")


def typed_cell(key: str, value: Any, *, unmasked: bool) -> Cell:
    """
    A record value under *key* as a typed cell, masked unless *unmasked*.

    Every text is masked here, once, for every kind of table: an
    ``id_number`` or ``phone`` column whole, numbers in other text through
    `gridgov.domain.privacy.mask_in_text`.

    Records keep exact numbers as text (`gridgov.display.plain`): a rate as
    ``"66.7%"``, a prize as ``"45.00"``; those become a `Percent` and a
    `Decimal` again. Whole-number text stays text (a 户号 ``"0012"`` or a
    region code is an identifier, not a number).
    """
    if isinstance(value, Rate):
        return Percent.of(value)
    if value is None or isinstance(value, bool | int | float | Decimal | Percent):
        return value
    text = value if isinstance(value, str) else cell_text(plain(value))
    if _PERCENT_TEXT.fullmatch(text):
        return Percent(Decimal(text[:-1]) / 100, text)
    if _DECIMAL_TEXT.fullmatch(text):
        return Decimal(text)
    if unmasked:
        return text
    masked: str = mask_field(key, text)
    return masked


def _read(column: Column, row: Any) -> Any:
    value = getattr(row, column.key) if column.get is None else column.get(row)
    # Exact numbers stay numbers here (records would make a Decimal text).
    return value if isinstance(value, Decimal | Rate) else plain(value)


def _raw_records(source: Any) -> list[dict[str, Any]]:
    """A displayed table's records before masking (`_cell` masks them)."""
    own = type(source).to_records
    # TableDisplay wraps a table's own to_records() in its masking wrapper
    # (functools.wraps keeps the original as __wrapped__); the default one
    # reads the display columns, which we read here ourselves.
    inner = getattr(own, "__wrapped__", None)
    if callable(inner):
        records: list[dict[str, Any]] = inner(source)
        return records
    columns = source.display_columns
    return [{c.key: _read(c, row) for c in columns} for row in source.display_rows()]


def _columns_and_records(source: Any) -> tuple[Sequence[Column], list[dict[str, Any]]]:
    """The columns and the unmasked records of *source*."""
    shown = getattr(source, "shown_columns", None)
    columns: Sequence[Column] = shown() if callable(shown) else ()
    if columns and callable(getattr(source, "to_records", None)):
        return [c for c in columns if c.shown], _raw_records(source)
    row_columns = _row_columns(source)
    if row_columns:
        records = [{c.key: _read(c, row) for c in row_columns} for row in source]
        return row_columns, records
    records = records_of(source, unmasked=True)
    keys = list(dict.fromkeys(k for r in records for k in r))
    # An enum's code is for programs; its Chinese label (<key>_zh) is shown.
    return [Column(k, k, k) for k in keys if f"{k}_zh" not in keys], records


def _row_columns(source: Any) -> tuple[Column, ...]:
    """
    The shown columns of the displayed table whose rows *source* holds, if any.

    A plain tuple of cases, placings, coverage rows, plan items … reads as
    the table of those rows shows them (`ROW_TABLES`); households as
    `gridgov.io.household_columns.HOUSEHOLD_COLUMNS`.
    """
    if not isinstance(source, Sequence) or not source:
        return ()
    kind = type(source[0])
    if not all(type(row) is kind for row in source):
        return ()
    if kind is Household:
        return HOUSEHOLD_COLUMNS
    table = ROW_TABLES.get(kind)
    return () if table is None else tuple(c for c in table.display_columns if c.shown)


ROW_TABLES: dict[type, type[TableDisplay]] = {
    Case: CaseTable,
    Placing: Ranking,
    BlackListEntry: BlackList,
    ContactRow: ContactReport,
    CoverageRow: CoverageReport,
    PlanItem: Plan,
}
"""Row types and the displayed table whose columns read them."""


def table_sheet(
    source: Any, *, name: str = "Sheet1", lang: str = "zh", unmasked: bool = False
) -> Sheet:
    """
    Any table gridgov shows, as one `Sheet`: headers, then one row per record.

    Args:
        source: A displayed table (``display_columns`` and ``to_records()``),
            a sequence of the rows of one (cases, placings, coverage rows,
            plan items: `ROW_TABLES`), households (the 台账 columns), or
            other records `gridgov.io.frames.records_of` takes, whose field
            names are their headers (an enum's code is left out where its
            Chinese label, ``<field>_zh``, is there).
        name: The sheet's name.
        lang: ``"zh"`` (default) for the Chinese headers, ``"en"`` for English.
        unmasked: Keep ID and phone numbers in full.

    Raises:
        InvalidValueError: *lang* is neither ``"zh"`` nor ``"en"``, or
            *source* is not a table.
    """
    check_lang(lang)
    columns, records = _columns_and_records(source)
    headers = tuple(c.zh if lang == "zh" else c.en for c in columns)
    rows = tuple(
        tuple(typed_cell(c.key, r.get(c.key), unmasked=unmasked) for c in columns)
        for r in records
    )
    return Sheet(sheet_name(name), headers, rows)


@contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """
    Yield a temporary path beside *path*; on success it replaces *path*.

    Written whole or not at all: the file is written under a temporary name
    in the same directory and moved over *path* with `os.replace` (atomic on
    one file system); if writing fails the temporary file is removed and
    *path* is left as it was.

    Raises:
        InvalidValueError: *path*'s directory does not exist.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise InvalidValueError(
            "output", "a file in an existing directory", str(target)
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        Path(tmp).replace(target)
    finally:
        Path(tmp).unlink(missing_ok=True)
