"""Household 台账 import from CSV and Excel: headers, atomic rejection, skip mode."""

from __future__ import annotations

import builtins
import csv
from datetime import date
from pathlib import Path

import pytest

from gridgov.domain import AttentionLevel, CareTag, Gender, Residency, vocabulary
from gridgov.errors import ImportRowsError, InvalidValueError, MissingExtraError
from gridgov.io.tables import (
    read_households,
    read_households_csv,
    read_households_rows,
    read_households_xlsx,
)

MICRO = "410381003002001001"
ZH_HEADER = [
    "户号",
    "地址",
    "网格",
    "楼栋",
    "户籍",
    "居住起始",
    "户主",
    "身份证号",
    "电话",
    "性别",
    "出生日期",
    "党员",
    "标签",
]
EN_HEADER = [
    "household_id",
    "address",
    "grid",
    "building",
    "residency",
    "resident_since",
    "head",
    "id_number",
    "phone",
    "gender",
    "birth_date",
    "party_member",
    "tags",
]
GOOD = [
    [
        "H1",
        "1号楼101",
        MICRO,
        "1号楼",
        "户籍",
        "",
        "陈海军",
        "11010519491231002X",
        "13812345678",
        "男",
        "1949-12-31",
        "是",
        "空巢老人；低保(中等)",
    ],
    [
        "H2",
        "1号楼102",
        MICRO,
        "1号楼",
        "常住非户籍",
        "2025/3/1",
        "茹雪梅",
        "",
        "0398-1234567",
        "女",
        "",
        "否",
        "empty_nest_elderly:严重",
    ],
]


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("header", [ZH_HEADER, EN_HEADER], ids=["zh", "en"])
def test_chinese_and_english_headers(tmp_path: Path, header: list[str]) -> None:
    """The same rows import identically under Chinese or English headers."""
    table = read_households_csv(write_csv(tmp_path / "t.csv", header, GOOD))
    h1, h2 = table.households
    assert table.lines == (2, 3)
    assert h1.placements[0].region == MICRO
    assert h1.members[0].name == "陈海军"
    assert h1.members[0].gender is Gender.MALE
    assert h1.members[0].party_member
    assert h1.members[0].birth_date == date(1949, 12, 31)
    assert [(t.tag, t.attention) for t in h1.tags] == [
        ("empty_nest_elderly", AttentionLevel.NORMAL),
        ("minimum_living", AttentionLevel.MEDIUM),
    ]
    assert h2.residency is Residency.RESIDENT
    assert h2.resident_since == date(2025, 3, 1)
    assert h2.tags[0].attention is AttentionLevel.SEVERE
    assert "11010519491231002X" not in repr(h1)


def test_bad_rows_import_nothing_and_name_line_and_column(tmp_path: Path) -> None:
    """One bad row rejects the file; every bad cell is named by line and column."""
    rows = [
        *GOOD,
        [
            "H3",
            "3号",
            MICRO,
            "",
            "外地",
            "2026-02-30",
            "",
            "110105194912310021",
            "12",
            "",
            "",
            "也许",
            "空巢",
        ],
        ["H1", "", "41038A", "", "", "", "", "", "", "x", "", "", ""],
    ]
    path = write_csv(tmp_path / "bad.csv", ZH_HEADER, rows)
    with pytest.raises(ImportRowsError) as info:
        read_households_csv(path)
    found = {(p.line, p.column): p.message for p in info.value.problems}
    assert found == {
        (4, "户籍"): "expected 户籍/registered or 常住非户籍/resident, got '外地'",
        (4, "居住起始"): "expected a date like 2026-03-01, got '2026-02-30'",
        (4, "身份证号"): "the ID number's check digit (GB 11643) is wrong",
        (4, "电话"): "expected a phone number of 7-12 digits",
        (4, "党员"): "expected 是/否 (yes/no), got '也许'",
        (4, "标签"): "unknown care tag '空巢'; did you mean '空巢老人'?",
        (5, "网格"): "expected a region code (digits), got '41038A'",
        (5, "性别"): "expected 男/女 or male/female, got 'x'",
        (5, "地址"): "required value is empty",
        (5, "户号"): "duplicate household id 'H1' (first on line 2)",
    }
    assert "nothing was imported" in str(info.value)
    assert "bad.csv" in str(info.value)


def test_skip_mode_keeps_good_rows_and_returns_bad(tmp_path: Path) -> None:
    """on_error='skip' imports the good rows and returns the bad ones' problems."""
    rows = [GOOD[0], ["H9", "", MICRO, *[""] * 10], GOOD[1]]
    table = read_households_csv(
        write_csv(tmp_path / "t.csv", ZH_HEADER, rows), on_error="skip"
    )
    assert [h.id for h in table.households] == ["H1", "H2"]
    assert table.lines == (2, 4)
    assert [(p.line, p.column) for p in table.skipped] == [(3, "地址")]


def test_header_problems(tmp_path: Path) -> None:
    """Unknown and repeated columns and missing required ones are line-1 problems."""
    path = write_csv(
        tmp_path / "t.csv", ["户号", "household_id", "家庭住扯", "序号", "备注"], []
    )
    with pytest.raises(ImportRowsError) as info:
        read_households_csv(path)
    messages = [(p.line, p.column, p.message) for p in info.value.problems]
    assert messages[0] == (
        1,
        "household_id",
        "column repeats '户号' (both mean household_id)",
    )
    assert messages[1] == (1, "家庭住扯", "unknown column; did you mean '家庭住址'?")
    assert [m[2] for m in messages[2:]] == [
        "missing required column '地址' or '住址' or 'address'",
        "missing required column '网格' or '所属网格' or 'region'",
    ]


def test_blank_rows_and_bom_and_gb18030(tmp_path: Path) -> None:
    """Blank rows are skipped; UTF-8 with BOM and GB18030 files both read."""
    rows = [GOOD[0], [""] * 13, GOOD[1]]
    for encoding in ("utf-8-sig", "gb18030"):
        path = write_csv(
            tmp_path / f"{encoding}.csv", ZH_HEADER, rows, encoding=encoding
        )
        assert [h.id for h in read_households_csv(path).households] == ["H1", "H2"]


def test_extended_vocabulary(tmp_path: Path) -> None:
    """A township's extra care tags are accepted by code or Chinese label."""
    vocab = vocabulary([CareTag("serious_illness", "大病患者")])
    rows = [["H1", "1号", MICRO, "大病患者"], ["H2", "2号", MICRO, "serious_illness"]]
    path = write_csv(tmp_path / "t.csv", ["户号", "地址", "网格", "标签"], rows)
    table = read_households_csv(path, care_tags=vocab)
    assert [h.tags[0].tag for h in table.households] == ["serious_illness"] * 2


def test_empty_and_unsupported_and_missing(tmp_path: Path) -> None:
    """Empty tables, other suffixes and missing files raise ImportRowsError."""
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportRowsError, match="the table is empty"):
        read_households(empty)
    with pytest.raises(ImportRowsError, match=r"expected a \.csv or \.xlsx"):
        read_households(tmp_path / "t.ods")
    with pytest.raises(ImportRowsError, match="cannot read file"):
        read_households(tmp_path / "missing.csv")
    with pytest.raises(InvalidValueError, match="on_error"):
        read_households_rows([(1, ZH_HEADER)], on_error="ignore")  # type: ignore[arg-type]


def test_excel_round_trip(tmp_path: Path) -> None:
    """A workbook written with openpyxl imports like the CSV, typed cells included."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(ZH_HEADER)
    first = list(GOOD[0])
    first[8] = 13812345678  # Excel stores phone numbers as numbers
    first[10] = date(1949, 12, 31)
    sheet.append(first)
    sheet.append(GOOD[1])
    path = tmp_path / "t.xlsx"
    book.save(path)
    via_excel = read_households(path).households
    via_csv = read_households_csv(
        write_csv(tmp_path / "t.csv", ZH_HEADER, GOOD)
    ).households
    assert via_excel == via_csv
    assert read_households_xlsx(path, sheet="台账").households == via_csv
    with pytest.raises(ImportRowsError, match="no sheet 'x'"):
        read_households_xlsx(path, sheet="x")


def test_excel_bad_cells_are_located(tmp_path: Path) -> None:
    """Excel problems name the row and the header, like CSV ones."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["户号", "地址", "网格", "出生日期"])
    book.active.append(["H1", "1号", MICRO, "昨天"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    with pytest.raises(ImportRowsError) as info:
        read_households_xlsx(path)
    assert [(p.line, p.column) for p in info.value.problems] == [(2, "出生日期")]


def test_excel_without_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the excel extra, Excel import says which extra to install."""
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args, **kwargs):
        if name == "openpyxl":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(MissingExtraError, match=r"gridgov\[excel\]"):
        read_households_xlsx(tmp_path / "t.xlsx")


def test_row_with_more_cells_than_headers(tmp_path: Path) -> None:
    """A row that spills past the header (an unquoted comma) is a row problem."""
    path = tmp_path / "t.csv"
    path.write_text(f"户号,地址,网格\nH1,裴村,1号楼,{MICRO}\n", encoding="utf-8")
    with pytest.raises(ImportRowsError) as info:
        read_households_csv(path)
    messages = {(p.line, p.column): p.message for p in info.value.problems}
    assert messages[(2, "")] == "4 cells but 3 headers (an unquoted comma in a value?)"
