"""The visit ledger reader (走访台账): round trips, headers, located bad rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridgov.errors import ImportRowsError
from gridgov.io.visit_tables import (
    VisitRow,
    read_visits,
    read_visits_rows,
    visit_table_cells,
)
from gridgov.visits.policy import VisitKind

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    max_size=12,
).map(str.strip)
_ID = st.text(alphabet="ABCPW0123456789-", min_size=1, max_size=8)


@st.composite
def visit_rows(draw: st.DrawFn) -> VisitRow:
    worker = draw(st.one_of(st.just(""), _ID))
    name = draw(_TEXT.filter(bool)) if not worker else draw(_TEXT)
    return VisitRow(
        line=0,
        day=draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))),
        household=draw(_ID),
        worker=worker,
        worker_name=name,
        kind=draw(st.sampled_from(VisitKind)),
        time=draw(
            st.one_of(
                st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))
            )
        ),
        note=draw(_TEXT),
        problem=draw(st.one_of(st.none(), _TEXT.filter(bool))),
    )


def _unique(rows: list[VisitRow]) -> list[VisitRow]:
    seen: dict[tuple[str, ...], VisitRow] = {}
    for row in rows:
        seen.setdefault(row.content, row)
    return list(seen.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(visit_rows(), max_size=8).map(_unique))
def test_round_trip_through_csv(
    tmp_path_factory: pytest.TempPathFactory, rows: list[VisitRow]
) -> None:
    """Rows written by visit_table_cells come back the same, lines from 2."""
    path = tmp_path_factory.mktemp("visits") / "走访台账.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(visit_table_cells(rows))
    table = read_visits(path)
    expected = [_at_line(row, n) for n, row in enumerate(rows, start=2)]
    assert list(table.rows) == expected
    assert table.source == "走访台账.csv"


def _at_line(row: VisitRow, line: int) -> VisitRow:
    return attrs.evolve(row, line=line)


def test_round_trip_through_xlsx(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    rows = [
        VisitRow(
            0,
            dt.date(2026, 11, 2),
            "PC0001",
            "W06",
            "茹雪梅",
            VisitKind.PHONE,
            dt.time(9, 30),
            "身体好",
            None,
        ),
        VisitRow(
            0, dt.date(2026, 11, 3), "PC0002", "", "茹雪梅", note="", problem="漏水"
        ),
    ]
    book = openpyxl.Workbook()
    for cells in visit_table_cells(rows):
        book.active.append(cells)
    path = tmp_path / "走访台账.xlsx"
    book.save(path)
    assert list(read_visits(path).rows) == [
        _at_line(r, n) for n, r in enumerate(rows, 2)
    ]


def test_english_headers_and_remarks() -> None:
    table = read_visits_rows(
        [
            (1, ["No.", "date", "time", "household", "worker", "kind", "note", "备注"]),
            (2, ["1", "2026-11-02", "9:05", "PC0001", "W06", "video", "ok", "家属在"]),
            (3, ["", "", "", "", "", "", "", ""]),
        ]
    )
    (row,) = table.rows
    assert (row.time, row.kind, row.note) == (
        dt.time(9, 5),
        VisitKind.VIDEO,
        "ok；家属在",
    )
    assert table.header_of("remark") == "备注"
    assert table.header_of("worker_name") == "网格员"  # absent: its first alias


@pytest.mark.parametrize(
    ("rows", "problems"),
    [
        ([], ["line 1: the table is empty"]),
        (
            [(1, ["日期", "户号", "网格圆"])],
            [
                "line 1, column '网格圆': unknown column; did you mean '网格员'?",
                "line 1: missing a worker column: '工号' (an id) or '网格员' (a name)",
            ],
        ),
        (
            [(1, ["日期", "工号"])],
            ["line 1: missing required column '户号' or '户编号' or 'household_id'"],
        ),
        (
            [
                (1, ["日期", "户号", "工号", "时间"]),
                (2, ["2026-11-02", "", "W06", "25:00"]),
            ],
            [
                "line 2, column '时间': expected a time like 09:30, got '25:00'",
                "line 2, column '户号': required value is empty",
            ],
        ),
        (
            [(1, ["日期", "户号", "工号"]), (2, ["2026-11-02", "PC1", "W06", "x"])],
            ["line 2: 4 cells but 3 headers (an unquoted comma in a value?)"],
        ),
        (
            [
                (1, ["日期", "户号", "工号"]),
                (2, ["2026-11-02", "PC1", "W06"]),
                (3, ["2026-11-02", "PC1", "W06"]),
            ],
            [
                (
                    "line 3: the same visit as line 2 (same day, household, worker, "
                    "way and text); give each a 时间 if there were two"
                )
            ],
        ),
    ],
)
def test_bad_rows_are_located(rows: list, problems: list[str]) -> None:
    with pytest.raises(ImportRowsError) as caught:
        read_visits_rows(rows, source="v.csv")
    assert [str(p) for p in caught.value.problems] == problems
    assert caught.value.source == "v.csv"


def test_skip_keeps_the_good_rows() -> None:
    table = read_visits_rows(
        [
            (1, ["日期", "户号", "工号"]),
            (2, ["2026-11-02", "PC1", "W06"]),
            (3, ["x", "PC2", "W06"]),
        ],
        on_error="skip",
    )
    assert [r.household for r in table.rows] == ["PC1"]
    assert [p.line for p in table.skipped] == [3]


def test_a_blank_ledger_has_the_chinese_headers() -> None:
    assert visit_table_cells([]) == [
        ["日期", "时间", "户号", "工号", "网格员", "方式", "情况", "发现问题"]
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_blank_template_reads_as_an_empty_ledger(
    suffix: str, tmp_path: Path
) -> None:
    """``gridgov template visits`` writes headers this reader accepts, every one."""
    from gridgov.io.templates import TEMPLATES, write_table

    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    path = tmp_path / f"走访台账{suffix}"
    write_table("visits", path)
    table = read_visits(path)
    assert table.rows == ()
    assert set(table.headers.values()) == set(TEMPLATES["visits"].headers)
