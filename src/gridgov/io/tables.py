"""
Importing a household roster (台账) from CSV or Excel.

A 台账 is a table with one household per row. Headers may be Chinese or
English (any of the aliases below, case and surrounding spaces ignored); only
户号, 地址 and 网格 are required. Values are checked cell by cell and every bad
cell is reported with its line and column. By default the import is atomic:
one bad row and *nothing* is imported (`gridgov.errors.ImportRowsError`
carries every `RowProblem`). With ``on_error="skip"`` the good rows are
imported and the bad ones come back in `HouseholdTable.skipped`.

==================  =================================  =============================
field               headers accepted                   value
==================  =================================  =============================
``household_id``    户号, 户编号, household_id, id     text, unique (required)
``address``         地址, 住址, 家庭住址, address      text (required)
``region``          网格, 所属网格, 网格编码, grid,    leaf region code (required)
                    region
``building``        楼栋, 楼栋号, building             text
``residency``       户籍, 户籍类型, residency          户籍/registered or
                                                       常住非户籍/非户籍/resident
``resident_since``  居住起始, 入住日期, 居住起始日期,  date: 2026-03-01, 2026/3/1
                    resident_since                     or 2026年3月1日
``head``            户主, 户主姓名, head               text
``id_number``       身份证号, 公民身份号码, 身份证,    18 characters with a valid
                    id_number                          check digit (GB 11643)
``phone``           电话, 联系电话, 手机, phone        7–12 digits (``-`` allowed)
``gender``          性别, gender                       男/女/male/female
``birth_date``      出生日期, birth_date               date
``party_member``    党员, 是否党员, party_member       是/否/yes/no/true/false/1/0
``tags``            标签, 关爱标签, tags               care tags separated by
                                                       ``;`` ``；`` ``、`` or ``,``,
                                                       each a code or Chinese label,
                                                       optionally ``:严重`` /
                                                       ``(中等)`` for the attention
``since``           入格日期, since                    date the household entered
                                                       its grid
==================  =================================  =============================

Problems with the file as a whole (unreadable, empty, wrong suffix, no such
sheet) are reported as a `RowProblem` with line 0.

Files are read as UTF-8 (with or without BOM) and, failing that, GB18030 (the
encoding Excel uses on Chinese Windows, a superset of GBK). A file that is
neither is refused, not guessed at. Excel workbooks (.xlsx) need the optional
``excel`` extra (openpyxl); the first sheet is read unless ``sheet`` names
another. A table is at most `gridgov.io.limits.MAX_TABLE_BYTES` (a workbook
unpacked too) and `gridgov.io.limits.MAX_TABLE_ROWS` rows; whatever the bytes,
a bad file is an `ImportRowsError`, never another exception.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from gridgov.domain.people import Household
from gridgov.domain.tags import CareTag, vocabulary
from gridgov.errors import ImportRowsError, MissingExtraError, RowProblem
from gridgov.io._tablecells import COLUMNS, RowReader, header_problems
from gridgov.io._tablereading import OnError, collect_rows
from gridgov.io.limits import MAX_TABLE_BYTES, MAX_TABLE_ROWS

__all__ = [
    "COLUMNS",
    "HouseholdTable",
    "read_households",
    "read_households_csv",
    "read_households_rows",
    "read_households_xlsx",
    "read_table_rows",
]


@attrs.frozen
class HouseholdTable:
    """
    The result of a table import.

    Attributes:
        households: The households imported, in file order.
        lines: The line (row) number of each household, for locating later errors.
        skipped: Problems of the rows left out (only with ``on_error="skip"``).
        source: The file name, for messages.
    """

    households: tuple[Household, ...]
    lines: tuple[int, ...]
    skipped: tuple[RowProblem, ...] = ()
    source: str = ""

    def located(self, prefix: str = "") -> list[tuple[str, Household]]:
        """Pair each household with a path like ``households.csv line 12``."""
        name = prefix or self.source or "table"
        return [
            (f"{name} line {line}", h)
            for line, h in zip(self.lines, self.households, strict=True)
        ]


def read_households_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    on_error: OnError = "raise",
    care_tags: Mapping[str, CareTag] | None = None,
    source: str = "",
) -> HouseholdTable:
    """
    Import households from ``(line, cells)`` pairs; the first pair is the header.

    This is the engine behind the CSV and Excel readers, usable with any
    row source (a database cursor, a pandas ``itertuples`` …).

    Raises:
        ImportRowsError: With every problem, if the header is bad, or if any row
            is bad and *on_error* is ``"raise"``. Nothing is imported then.
        InvalidValueError: If *on_error* is neither ``"raise"`` nor ``"skip"``.
    """
    vocab = care_tags if care_tags is not None else vocabulary()
    table = collect_rows(
        rows,
        on_error=on_error,
        source=source,
        header=header_problems,
        row_reader=lambda fields, headers: RowReader(fields, headers, vocab).read,
    )
    return HouseholdTable(table.items, table.lines, table.skipped, source)


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        line = raw.count(b"\n", 0, bad) + 1
        problem = RowProblem(
            line, "", "", code="table_encoding", params={"byte": raw[bad]}
        )
        raise ImportRowsError([problem], source=source) from None


def _too_big(size: int, source: str) -> ImportRowsError:
    sizes = {"size": size // 2**20, "most": MAX_TABLE_BYTES // 2**20}
    problem = RowProblem(0, "", "", code="table_too_big", params=sizes)
    return ImportRowsError([problem], source=source)


def _unreadable(exc: BaseException) -> RowProblem:
    reason = getattr(exc, "strerror", None) or str(exc)
    params = {"reason": reason, "errno": getattr(exc, "errno", None)}
    return RowProblem(0, "", "", code="file_unreadable", params=params)


def _read_bytes(path: str | PathLike[str], source: str) -> bytes:
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(MAX_TABLE_BYTES + 1)
    except (OSError, ValueError) as exc:
        problem = _unreadable(exc)
        raise ImportRowsError([problem], source=source) from None
    if len(raw) > MAX_TABLE_BYTES:
        raise _too_big(len(raw), source)
    return raw


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, Sequence[Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = RowProblem(
                start, "", "", code="not_csv", params={"detail": str(exc)}
            )
            raise ImportRowsError([problem], source=source) from None
        yield start, row
        start = reader.line_num + 1


def read_households_csv(
    path: str | PathLike[str],
    *,
    on_error: OnError = "raise",
    care_tags: Mapping[str, CareTag] | None = None,
) -> HouseholdTable:
    """
    Import a household 台账 from a CSV file (Chinese or English headers).

    Args:
        path: The CSV file.
        on_error: ``"raise"`` (default, atomic) or ``"skip"`` (keep good rows,
            return the bad rows' problems in `HouseholdTable.skipped`).
        care_tags: The care-tag vocabulary to accept (default: the built-in one).

    Raises:
        ImportRowsError: Every bad cell, by line and column; nothing is imported.
    """
    return read_households_rows(
        _csv_table_rows(path),
        on_error=on_error,
        care_tags=care_tags,
        source=Path(path).name,
    )


def read_households_xlsx(
    path: str | PathLike[str],
    *,
    sheet: str | None = None,
    on_error: OnError = "raise",
    care_tags: Mapping[str, CareTag] | None = None,
) -> HouseholdTable:
    """
    Import a household 台账 from an Excel workbook (needs the ``excel`` extra).

    Raises:
        MissingExtraError: If openpyxl is not installed.
        ImportRowsError: Every bad cell, by row and column; nothing is imported.
    """
    return read_households_rows(
        _xlsx_table_rows(path, sheet),
        on_error=on_error,
        care_tags=care_tags,
        source=Path(path).name,
    )


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _check_workbook(path: str | PathLike[str], source: str) -> None:
    """Refuse a workbook too big on disk or unpacked (a zip bomb), before openpyxl."""
    try:
        size = Path(path).stat().st_size
    except (OSError, ValueError) as exc:
        raise ImportRowsError([_unreadable(exc)], source=source) from None
    if size > MAX_TABLE_BYTES:
        raise _too_big(size, source)
    try:
        with zipfile.ZipFile(Path(path)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        detail = {"detail": _reason(exc)}
        problem = RowProblem(0, "", "", code="not_xlsx", params=detail)
        raise ImportRowsError([problem], source=source) from None
    if unpacked > 4 * MAX_TABLE_BYTES:
        raise _too_big(unpacked, source)


def _sheet_rows(book: Any, sheet: str | None, source: str) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    try:
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        for i, values in enumerate(ws.iter_rows(values_only=True), start=1):
            rows.append((i, tuple(_cell_text(v) for v in values)))
            if i > MAX_TABLE_ROWS:
                break
    except Exception as exc:  # noqa: BLE001 - openpyxl fails in many ways on bad bytes
        line = len(rows) + 1
        detail = {"detail": _reason(exc)}
        problem = RowProblem(line, "", "", code="sheet_unreadable", params=detail)
        raise ImportRowsError([problem], source=source) from None
    if len(rows) > MAX_TABLE_ROWS:
        most = {"most": MAX_TABLE_ROWS}
        problem = RowProblem(len(rows), "", "", code="too_many_rows", params=most)
        raise ImportRowsError([problem], source=source)
    return rows


def _cell_text(value: object) -> str:
    """Excel cells arrive typed; the row reader wants the text a clerk typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table_rows(
    path: str | PathLike[str], *, sheet: str | None = None
) -> Iterator[tuple[int, Sequence[Any]]]:
    """
    The ``(line, cells)`` rows of a ``.csv`` or ``.xlsx`` table, header first.

    The same reading (encodings, size limits, workbook checks) as the household
    importer, for other tables (`gridgov.io.worker_tables`).

    Raises:
        ImportRowsError: An unreadable file or an unsupported suffix.
        MissingExtraError: For ``.xlsx`` without openpyxl.
    """
    source = Path(path).name
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return _csv_table_rows(path)
    if suffix not in (".xlsx", ".xlsm"):
        name = {"name": source}
        problem = RowProblem(0, "", "", code="table_suffix", params=name)
        raise ImportRowsError([problem], source=source)
    return _xlsx_table_rows(path, sheet)


def _csv_table_rows(path: str | PathLike[str]) -> Iterator[tuple[int, Sequence[Any]]]:
    source = Path(path).name
    return _csv_rows(_decode(_read_bytes(path, source), source), source)


def _xlsx_table_rows(
    path: str | PathLike[str], sheet: str | None
) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        import openpyxl  # noqa: PLC0415
    except ImportError:
        raise MissingExtraError("excel", "openpyxl", "Excel import") from None
    source = Path(path).name
    _check_workbook(path, source)
    try:
        book = openpyxl.load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl fails in many ways on bad bytes
        detail = {"detail": _reason(exc)}
        problem = RowProblem(0, "", "", code="workbook_unreadable", params=detail)
        raise ImportRowsError([problem], source=source) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = {"sheet": sheet, "names": ", ".join(book.sheetnames)}
            problem = RowProblem(0, "", "", code="no_sheet", params=names)
            raise ImportRowsError([problem], source=source)
        return iter(_sheet_rows(book, sheet, source))
    finally:
        book.close()


def read_households(
    path: str | PathLike[str],
    *,
    on_error: OnError = "raise",
    care_tags: Mapping[str, CareTag] | None = None,
) -> HouseholdTable:
    """
    Import a 台账 from ``.csv`` or ``.xlsx``, chosen by the file's suffix.

    Raises:
        ImportRowsError: For bad rows or an unsupported suffix.
        MissingExtraError: For ``.xlsx`` without openpyxl.
    """
    return read_households_rows(
        read_table_rows(path),
        on_error=on_error,
        care_tags=care_tags,
        source=Path(path).name,
    )
