"""
Excel export (.xlsx): styled sheets with Chinese headers (the ``excel`` extra).

`write_xlsx` writes `gridgov.io.sheets.Sheet` objects, one worksheet each:

* the sheet's title lines first (a report's title, scope and period, and its
  暂定 note), in bold; then the header row, bold on a light fill, with the
  panes frozen below it so the headers stay in view while scrolling; the
  rows; and the sheet's notes (a note on units) below them;
* numbers as numbers, rates as percent-formatted numbers (``0.0%``: Excel
  can sum, sort and chart them), text as text; identifiers such as 户号 or
  region codes stay text, so Excel neither drops leading zeros nor shows
  ``4.1E+14``;
* control characters (which XML cannot hold) are left out of texts, and a
  text longer than an Excel cell holds (`MAX_CELL_TEXT`) is cut, ending ``…``
  (the CSV keeps it whole);
* each column as wide as its longest text, a full-width (CJK) character
  counting 2 (`gridgov.io.sheets.cell_width`), so Chinese is not cut off.

`table_to_xlsx` writes any table gridgov shows as one sheet (see
`gridgov.io.sheets.table_sheet`); a period report's sections go one per sheet
through `gridgov.app.exports.report_to_xlsx`. ID and phone numbers are masked
unless ``unmasked=True``. A file is written whole or not at all (a temporary
file moved into place). openpyxl is imported only when writing; without it
the call raises `gridgov.errors.MissingExtraError` naming the ``excel`` extra.

>>> import tempfile, openpyxl
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "coverage.xlsx"
>>> rows = [{"grid": "一网格", "rate": "87.5%", "note": "电话 13812345678"}]
>>> table_to_xlsx(rows, path, sheet="走访覆盖")
>>> ws = openpyxl.load_workbook(path)["走访覆盖"]
>>> [c.value for c in ws[2]], ws["B2"].number_format
(['一网格', 0.875, '电话 138****5678'], '0.0%')
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gridgov.display import import_extra
from gridgov.errors import InvalidValueError
from gridgov.io.sheets import (
    Percent,
    Sheet,
    atomic_target,
    cell_width,
    sheet_name,
    table_sheet,
    text_of,
)

__all__ = ["MAX_CELL_TEXT", "PERCENT_FORMAT", "table_to_xlsx", "write_xlsx"]

PERCENT_FORMAT = "0.0%"
"""The number format of a rate: one decimal, as gridgov shows rates."""

MAX_CELL_TEXT = 32767
"""The most characters an Excel cell holds; a longer text is cut, ending ``…``."""

_HEADER_FILL = "DDEBF7"  # a light blue, readable printed in black and white
_MIN_WIDTH, _MAX_WIDTH = 6, 60  # in character widths; longer text wraps in view


def _openpyxl(feature: str) -> Any:
    return import_extra("openpyxl", "excel", feature)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""The control characters an XLSX file cannot hold (XML 1.0 refuses them)."""


def _value(cell: Any) -> Any:
    """The value openpyxl stores: a rate's fraction as a float, else the cell."""
    if isinstance(cell, str):
        text = _CONTROL.sub("", cell)
        if len(text) > MAX_CELL_TEXT:  # Excel would "repair" the file
            return text[: MAX_CELL_TEXT - 1] + "…"
        return text
    if isinstance(cell, Percent):
        return float(cell.value)
    if isinstance(cell, Decimal):
        # openpyxl stores a Decimal as a float too; int when it is whole,
        # so 5 service hours read back as 5.
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    return cell


def _places(number: Decimal) -> int:
    """The decimal places *number* is written with (``45.00``: 2)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _number_format(cell: Any) -> str | None:
    """The number format a cell needs, if not Excel's General."""
    if isinstance(cell, Percent):
        return PERCENT_FORMAT
    if isinstance(cell, Decimal) and _places(cell):
        return "0." + "0" * _places(cell)  # 45.00 yuan shows as 45.00, not 45
    return None


def _write_rows(ws: Any, sheet: Sheet, first: int) -> None:
    """Append the rows from row *first* on (counted here: max_row is O(cells))."""
    for number, row in enumerate(sheet.rows, start=first):
        ws.append([_value(c) for c in row])
        for index, cell in enumerate(row, start=1):
            number_format = _number_format(cell)
            if number_format is not None:
                ws.cell(row=number, column=index).number_format = number_format
            elif isinstance(cell, str):
                # A text that looks like a formula ("=1+1") stays text.
                ws.cell(row=number, column=index).data_type = "s"


def _fit_columns(ws: Any, sheet: Sheet) -> None:
    widths = [cell_width(h) for h in sheet.headers]
    for row in sheet.rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], cell_width(text_of(cell)))
    utils = importlib.import_module("openpyxl.utils")
    for index, width in enumerate(widths, start=1):
        letter = utils.get_column_letter(index)
        ws.column_dimensions[letter].width = min(max(width + 2, _MIN_WIDTH), _MAX_WIDTH)


def _write_sheet(book: Any, sheet: Sheet, styles: Any) -> None:
    ws = book.create_sheet(sheet_name(sheet.name, book.sheetnames))
    for number, line in enumerate(sheet.title, start=1):
        ws.append([_value(line)])
        ws.cell(row=number, column=1).font = styles.Font(bold=True)
    ws.append([_value(h) for h in sheet.headers])
    header_row = len(sheet.title) + 1
    fill = styles.PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    for cell in ws[header_row]:
        cell.font = styles.Font(bold=True)
        cell.fill = fill
        cell.alignment = styles.Alignment(horizontal="center", vertical="center")
    _write_rows(ws, sheet, header_row + 1)
    for line in sheet.notes:
        ws.append([_value(line)])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
    _fit_columns(ws, sheet)


def write_xlsx(sheets: Iterable[Sheet], path: str | os.PathLike[str]) -> None:
    """
    Write *sheets* to an Excel workbook at *path*, one worksheet each.

    Sheet names are made valid and unique (`gridgov.io.sheets.sheet_name`).
    The workbook is written under a temporary name and moved onto *path*, so
    a failure leaves *path* as it was.

    Raises:
        MissingExtraError: openpyxl is not installed
            (``pip install 'gridgov[excel]'``).
        InvalidValueError: No sheets, or *path*'s directory does not exist.
    """
    sheets = list(sheets)
    if not sheets:
        raise InvalidValueError("sheets", "at least one sheet", sheets)
    openpyxl = _openpyxl("Excel export")
    styles = importlib.import_module("openpyxl.styles")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book, sheet, styles)
    with atomic_target(path) as tmp:
        book.save(tmp)


def table_to_xlsx(
    source: Any,
    path: str | os.PathLike[str],
    *,
    sheet: str = "Sheet1",
    lang: str = "zh",
    unmasked: bool = False,
) -> None:
    """
    Write any table gridgov shows to an Excel workbook at *path* (one sheet).

    Args:
        source: Households, a case list, coverage, a ranking, a plan … or any
            records (see `gridgov.io.sheets.table_sheet`).
        path: The ``.xlsx`` file to write (replaced whole if it exists).
        sheet: The worksheet's name.
        lang: ``"zh"`` for Chinese headers (default), ``"en"`` for English.
        unmasked: Keep ID and phone numbers in full (masked by default).

    Raises:
        MissingExtraError: openpyxl is not installed.
        InvalidValueError: *source* is not a table, a bad *lang*, or no such
            directory.
    """
    _openpyxl("Excel export")  # fail before reading the table
    write_xlsx([table_sheet(source, name=sheet, lang=lang, unmasked=unmasked)], path)
