"""Properties of 台账 import: good tables import whole; one bad cell, nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.errors import ImportRowsError
from gridgov.io.tables import read_households_rows
from gridgov.testing import strategies as gs

HEADER = (
    "户号",
    "地址",
    "网格",
    "户籍",
    "居住起始",
    "身份证号",
    "电话",
    "性别",
    "党员",
    "标签",
)
BAD = {
    "网格": "41038A",
    "户籍": "外星",
    "居住起始": "2026-13-01",
    "身份证号": "12345",
    "电话": "call me",
    "性别": "x",
    "党员": "maybe",
    "标签": "没有这个标签",
}


@st.composite
def rows(draw: st.DrawFn, hid: str) -> tuple[str, ...]:
    return (
        hid,
        draw(st.text(alphabet="裴村号楼0123456789", min_size=1, max_size=8)),
        draw(gs.digit_codes(18)),
        draw(st.sampled_from(["户籍", "常住非户籍", "registered", ""])),
        draw(st.just("") | gs.dates().map(lambda d: f"{d.year}/{d.month}/{d.day}")),
        draw(st.just("") | gs.id_numbers()),
        draw(st.just("") | gs.phones()),
        draw(st.sampled_from(["男", "女", "female", ""])),
        draw(st.sampled_from(["是", "否", ""])),
        draw(st.sampled_from(["", "空巢老人", "低保(中等)；留守儿童:严重"])),
    )


@st.composite
def tables(draw: st.DrawFn) -> list[tuple[str, ...]]:
    count = draw(st.integers(1, 12))
    return [draw(rows(f"H{i:03d}")) for i in range(count)]


def _numbered(body: list[tuple[str, ...]]) -> list[tuple[int, tuple[str, ...]]]:
    return [(1, HEADER), *((i + 2, row) for i, row in enumerate(body))]


@given(tables())
def test_good_tables_import_every_row(body: list[tuple[str, ...]]) -> None:
    """Every valid row becomes one household, in order, at its line."""
    table = read_households_rows(_numbered(body))
    assert [h.id for h in table.households] == [row[0] for row in body]
    assert table.lines == tuple(range(2, len(body) + 2))


@given(tables(), st.data())
def test_one_bad_cell_rejects_all_at_its_place(body, data) -> None:
    """One bad cell anywhere: ImportRowsError naming exactly that line and column."""
    line = data.draw(st.integers(0, len(body) - 1))
    column = data.draw(st.sampled_from(sorted(BAD)))
    row = list(body[line])
    row[HEADER.index(column)] = BAD[column]
    body = [*body[:line], tuple(row), *body[line + 1 :]]
    with pytest.raises(ImportRowsError) as info:
        read_households_rows(_numbered(body))
    assert [(p.line, p.column) for p in info.value.problems] == [(line + 2, column)]
    skipped = read_households_rows(_numbered(body), on_error="skip")
    assert len(skipped.households) == len(body) - 1
    assert [(p.line, p.column) for p in skipped.skipped] == [(line + 2, column)]
