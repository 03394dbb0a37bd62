r"""
Importing the grid workforce (网格队伍台账) from CSV or Excel.

A worker 台账 has one worker per row, with Chinese or English headers (any of
the aliases below, case and surrounding spaces ignored); 工号, 姓名 and 岗位 are
required. A township lists such files under ``worker_tables`` in
``township.toml`` (paths relative to it), as it lists ``household_tables``;
`gridgov.io.township.load_township` adds their workers to the ``[[workers]]``
of the spec and reports a bad reference (an unknown grid, a duplicate id) at
the file, line and column it came from. Every bad cell is reported with its
line and column; the import is atomic unless ``on_error="skip"``.

Columns (field: headers accepted; value):

- ``id``: 工号, 人员编号, 编号, worker_id, id; text, unique (required)
- ``name``: 姓名, name; text (required)
- ``role``: 岗位, 角色, 职务, role; a role code or its Chinese title
  (网格长, 专职网格员, 十户长 …, see `ROLE_LABELS`) (required)
- ``regions``: 网格, 负责网格, 所属网格, grid, region, regions; the region
  codes (village, grid, micro-grid) the worker covers, separated by ``;``
  ``、`` or ``,``
- ``households``: 联系户, 联户, 负责户, households; household ids (a 十户长's)
- ``buildings``: 负责楼栋, buildings; 楼栋 (a 楼栋长's)
- ``phone``: 电话, 联系电话, 手机, phone; 7-12 digits
- ``capacity_per_day``: 日走访上限, 每日走访户数, capacity_per_day, capacity;
  a whole number >= 1 (default 8)
- ``since``, ``until``: 上岗日期, 离岗日期; dates (``until``: the first day gone)

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "workers.csv").write_text(
...     "工号,姓名,岗位,网格\nW01,李红梅,专职网格员,410381100201001\n"
...     "W02,王建国,网格联络员,410381100201\n",
...     encoding="utf-8",
... )
>>> table = read_workers(folder / "workers.csv")
>>> [(w.id, w.role.zh, w.scope.regions) for w in table.workers]
[('W01', '专职网格员', ('410381100201001',)), ('W02', '网格联络员', ('410381100201',))]
>>> _ = (folder / "bad.csv").write_text("工号,姓名,岗位\nW03,赵强,grid_liason\n")
>>> read_workers(folder / "bad.csv")
Traceback (most recent call last):
  ...
gridgov.errors.ImportRowsError: 1 bad row(s) in bad.csv; nothing was imported:
  line 2, column '岗位': unknown role 'grid_liason'; did you mean 'grid_liaison'?
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import attrs

from gridgov.domain.ids import HouseholdId, RegionCode, WorkerId
from gridgov.domain.spans import DateSpan
from gridgov.domain.workforce import Role, Scope, Worker
from gridgov.errors import (
    GridgovError,
    RowProblem,
    closest,
)
from gridgov.io._tablecells import (
    CellError,
    Column,
    header_problems,
    parse_date,
    parse_phone,
)
from gridgov.io._tablereading import OnError, cell_texts, collect_rows, parse_cells
from gridgov.io.tables import read_table_rows

__all__ = [
    "ROLE_LABELS",
    "WORKER_COLUMNS",
    "WorkerTable",
    "parse_role",
    "read_workers",
    "read_workers_rows",
]

WORKER_COLUMNS: tuple[Column, ...] = (
    Column("id", ("工号", "人员编号", "编号", "worker_id", "id"), required=True),
    Column("name", ("姓名", "name"), required=True),
    Column("role", ("岗位", "角色", "职务", "role"), required=True),
    Column("regions", ("网格", "负责网格", "所属网格", "grid", "region", "regions")),
    Column("households", ("联系户", "联户", "负责户", "households")),
    Column("buildings", ("负责楼栋", "buildings")),
    Column("phone", ("电话", "联系电话", "手机", "phone")),
    Column(
        "capacity_per_day",
        ("日走访上限", "每日走访户数", "capacity_per_day", "capacity"),
    ),
    Column("since", ("上岗日期", "since")),
    Column("until", ("离岗日期", "until")),
)
"""Every column the worker importer understands (see the module docs)."""

ROLE_LABELS: Mapping[str, Role] = {
    **{r.value: r for r in Role},
    **{r.zh: r for r in Role},
    "网格员": Role.FULL_TIME_GRID_WORKER,
    "联络员": Role.GRID_LIAISON,
    "志愿者": Role.GRID_VOLUNTEER,
    "网格党支部书记": Role.GRID_PARTY_SECRETARY,
}
"""The words a 岗位 cell may hold: each role's code and Chinese title, and
the common short forms (网格员 is a 专职网格员)."""

_LIST = re.compile(r"[;；、,，\s]+")


def parse_role(text: str) -> Role:
    """
    A role from its code or Chinese title (``grid_chief``, ``网格长``).

    >>> parse_role("十户长"), parse_role("Grid_Chief")
    (<Role.TEN_HOUSEHOLD_HEAD: 'ten_household_head'>, <Role.GRID_CHIEF: 'grid_chief'>)

    Raises:
        CellError: An unknown role, with the closest known one.
    """
    role = ROLE_LABELS.get(text) or ROLE_LABELS.get(text.casefold())
    if role is None:
        hint = closest(text, ROLE_LABELS)
        raise CellError.of("unknown_ref", kind="role", key=text, suggestion=hint)
    return role


def _items(text: str) -> tuple[str, ...]:
    return tuple(item for item in _LIST.split(text) if item)


def _regions(text: str) -> tuple[RegionCode, ...]:
    codes = _items(text)
    for code in codes:
        if not (code.isascii() and code.isdigit()):
            raise CellError.of("expected", expected="region codes (digits)", value=code)
    return tuple(RegionCode(c) for c in codes)


def _capacity(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise CellError.of("expected", expected="a whole number >= 1", value=text)
    return int(text)


_PARSERS: Mapping[str, Callable[[str], object]] = {
    "role": parse_role,
    "regions": _regions,
    "households": lambda text: tuple(HouseholdId(h) for h in _items(text)),
    "buildings": _items,
    "phone": parse_phone,
    "capacity_per_day": _capacity,
    "since": parse_date,
    "until": parse_date,
}
_REQUIRED = tuple(c.field for c in WORKER_COLUMNS if c.required)


@attrs.frozen
class WorkerTable:
    """
    The result of a worker-table import.

    Attributes:
        workers: The workers imported, in file order.
        lines: The line (row) number of each worker, for locating later errors.
        headers: The header text of each field present, for locating later errors.
        skipped: Problems of the rows left out (only with ``on_error="skip"``).
        source: The file name, for messages.
    """

    workers: tuple[Worker, ...]
    lines: tuple[int, ...]
    headers: Mapping[str, str] = attrs.field(factory=dict)
    skipped: tuple[RowProblem, ...] = ()
    source: str = ""


class _RowReader:
    """Turns one row's cells into a `Worker`, or into located problems."""

    def __init__(
        self, fields: Sequence[str | None], headers: Mapping[str, str]
    ) -> None:
        self.fields = fields
        self.headers = headers
        self.seen: dict[str, int] = {}

    def read(
        self, line: int, cells: Sequence[Any]
    ) -> tuple[Worker | None, list[RowProblem]]:
        raw = cell_texts(self.fields, cells)
        if not any(raw.values()):
            return None, []
        values, problems = parse_cells(line, raw, _PARSERS, _REQUIRED, self.headers)
        wid = raw.get("id", "")
        if wid in self.seen:
            params = {"kind": "worker", "key": wid, "first": self.seen[wid]}
            column = self.headers.get("id", "id")
            problems.append(
                RowProblem(line, column, "", code="duplicate_row", params=params)
            )
        if problems:
            return None, problems
        try:
            worker = _worker(values)
        except GridgovError as exc:  # a value the domain refuses (dates in order …)
            refused = {"error": exc}
            return None, [
                RowProblem(line, "", str(exc), code="refused", params=refused)
            ]
        self.seen[wid] = line
        return worker, []


def _worker(v: Mapping[str, Any]) -> Worker:
    return Worker(
        WorkerId(v["id"]),
        v["name"],
        v["role"],
        scope=Scope(
            regions=v.get("regions", ()),
            households=v.get("households", ()),
            buildings=v.get("buildings", ()),
        ),
        phone=v.get("phone", ""),
        capacity_per_day=v.get("capacity_per_day", 8),
        active=DateSpan(v.get("since"), v.get("until")),
    )


def read_workers_rows(
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    on_error: OnError = "raise",
    source: str = "",
) -> WorkerTable:
    """
    Import workers from ``(line, cells)`` pairs; the first pair is the header.

    Raises:
        ImportRowsError: With every problem, if the header is bad, or if any
            row is bad and *on_error* is ``"raise"``. Nothing is imported then.
        InvalidValueError: If *on_error* is neither ``"raise"`` nor ``"skip"``.
    """
    table = collect_rows(
        rows,
        on_error=on_error,
        source=source,
        header=lambda line, cells: header_problems(line, cells, WORKER_COLUMNS),
        row_reader=lambda fields, headers: _RowReader(fields, headers).read,
    )
    return WorkerTable(table.items, table.lines, table.headers, table.skipped, source)


def read_workers(
    path: str | PathLike[str],
    *,
    sheet: str | None = None,
    on_error: OnError = "raise",
) -> WorkerTable:
    """
    Import a worker 台账 from ``.csv`` or ``.xlsx`` (chosen by the suffix).

    CSV files are read as UTF-8 or GB18030, workbooks need the ``excel``
    extra; the limits are the household importer's (`gridgov.io.tables`).

    Raises:
        ImportRowsError: Every bad cell, by line and column; nothing is imported.
        MissingExtraError: For ``.xlsx`` without openpyxl.
    """
    rows = read_table_rows(path, sheet=sheet)
    return read_workers_rows(rows, on_error=on_error, source=Path(path).name)
