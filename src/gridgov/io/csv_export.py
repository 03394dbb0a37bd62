"""
CSV export: every table and report as comma-separated text (standard library).

A file is UTF-8 **with a byte-order mark**: Excel on Chinese Windows opens a
CSV without a BOM in the system code page (GBK), so a UTF-8 file would show
mojibake; with the BOM it opens in UTF-8, and every CSV reader that knows
UTF-8 (gridgov's 台账 import too) skips it. Text written to a stream (stdout)
gets no BOM: the stream's encoding is its owner's, and a BOM in the middle of
a pipe would be a stray character.

Cells are written as the reports and notebook tables show them
(`gridgov.io.sheets.text_of`): a rate as ``87.5%``, no value as an empty cell,
a list joined with ``、``. ID and phone numbers are masked unless
``unmasked=True``.

* `table_to_csv` writes one table: the header row, then one line per record,
  nothing else, so the file re-imports (households exported unmasked read
  back with `gridgov.io.read_households`);
* `write_csv` writes several sheets into **one** file, one block after
  another: the sheet's title lines (one cell each; left out when they are
  the previous block's, so a report's title comes once, at the top), then a
  line with the sheet's name, the header row, the rows and the sheet's notes
  (one cell each), and an empty line between blocks. One file (not one per
  section) so that a report goes to stdout and through a pipe like the
  Markdown does; a reader splits it at the empty lines.
  `gridgov.app.exports.report_to_csv` writes a period report so.

A file is written whole or not at all (a temporary file moved into place).

>>> import io
>>> out = io.StringIO()
>>> table_to_csv([{"grid": "一网格", "rate": "87.5%", "phone": "13812345678"}], out)
>>> print(out.getvalue(), end="")
grid,rate,phone
一网格,87.5%,138****5678
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from typing import Any, TextIO

from gridgov.io.sheets import Sheet, atomic_target, table_sheet, text_of

__all__ = ["CSV_ENCODING", "table_to_csv", "write_csv"]

CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a BOM, so that Chinese Excel opens the file as UTF-8."""


def _write_block(writer: Any, sheet: Sheet, *, named: bool, titled: bool) -> None:
    if titled:
        for line in sheet.title:
            writer.writerow([line])
    if named:
        writer.writerow([sheet.name])
    writer.writerow(sheet.headers)
    writer.writerows([text_of(c) for c in row] for row in sheet.rows)
    for line in sheet.notes:
        writer.writerow([line])


def _write(sheets: list[Sheet], stream: TextIO) -> None:
    # lineterminator "\r\n" is the csv module's default and RFC 4180's.
    writer = csv.writer(stream)
    named = len(sheets) > 1 or any(s.title for s in sheets)
    title: tuple[str, ...] = ()
    for index, sheet in enumerate(sheets):
        if index:
            writer.writerow([])
        # A report's sections share its title: written once, at the top.
        _write_block(writer, sheet, named=named, titled=sheet.title != title)
        title = sheet.title


def write_csv(sheets: Iterable[Sheet], target: str | os.PathLike[str] | TextIO) -> None:
    """
    Write *sheets* as CSV to a file path or a text stream.

    One sheet without title lines is a plain table (header row, rows); more
    sheets, or titled ones, go one block after another (see the module docs).

    Args:
        sheets: The sheets, in order.
        target: A path (written UTF-8 with BOM, atomically) or an open text
            stream such as ``sys.stdout`` (written as it is, no BOM).

    Raises:
        InvalidValueError: *target*'s directory does not exist.
    """
    sheets = list(sheets)
    if isinstance(target, str | os.PathLike):
        # newline="" as the csv module asks: it writes the line ends itself.
        # The stream closes before atomic_target moves the file into place.
        with (
            atomic_target(target) as tmp,
            tmp.open("w", encoding=CSV_ENCODING, newline="") as stream,
        ):
            _write(sheets, stream)
        return
    _write(sheets, target)


def table_to_csv(
    source: Any,
    target: str | os.PathLike[str] | TextIO,
    *,
    lang: str = "zh",
    unmasked: bool = False,
) -> None:
    """
    Write any table gridgov shows as CSV: header row, then one line per record.

    Args:
        source: Households, a case list, coverage, a ranking, a plan … or any
            records (see `gridgov.io.sheets.table_sheet`).
        target: A path (UTF-8 with BOM, written atomically) or a text stream.
        lang: ``"zh"`` for Chinese headers (default), ``"en"`` for English.
        unmasked: Keep ID and phone numbers in full (masked by default).

    Raises:
        InvalidValueError: *source* is not a table, a bad *lang*, or no such
            directory.
    """
    write_csv([table_sheet(source, lang=lang, unmasked=unmasked)], target)
