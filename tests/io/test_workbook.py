"""XLSX export: every table and report, styled, masked, written whole or not at all."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from _export_strategies import period_report, reports, secrets, xlsx_text
from hypothesis import given
from hypothesis import strategies as st

from _personal_numbers import Secret, leaks
from gridgov.app import Workspace, sample_config
from gridgov.app.exports import report_sheets, report_to_xlsx
from gridgov.errors import InvalidValueError, MissingExtraError
from gridgov.io import read_households
from gridgov.io.sheets import Sheet, cell_width, sheet_name, table_sheet
from gridgov.io.workbook import (
    MAX_CELL_TEXT,
    PERCENT_FORMAT,
    table_to_xlsx,
    write_xlsx,
)
from gridgov.reports import (
    SECTIONS,
    CaseFigures,
    DisputeFigures,
    PeriodReport,
    PointsFigures,
    Rate,
)
from gridgov.reports.render import SECTIONS_EN, UNITS_NOTE

ON = date(2026, 11, 1)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.in_memory(sample_config())


def _report(**figures: object) -> PeriodReport:
    return period_report(households=120, **figures)


def _rows(sheet: object) -> list[list[object]]:
    return [[c.value for c in row] for row in sheet.iter_rows()]  # type: ignore[attr-defined]  # an openpyxl worksheet


# -- tables -----------------------------------------------------------------


def test_records_sheet_headers_values_formats(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    records = [
        {"grid": "一网格", "rate": "87.5%", "prize": "45.00", "n": 3, "code": "0012"},
        {"grid": "二网格", "rate": "—", "prize": None, "n": 0, "code": "=1+1"},
    ]
    table_to_xlsx(records, path, sheet="覆盖")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["覆盖"]
    ws = book["覆盖"]
    assert _rows(ws) == [
        ["grid", "rate", "prize", "n", "code"],
        ["一网格", 0.875, 45, 3, "0012"],
        ["二网格", "—", None, 0, "=1+1"],
    ]
    assert ws["B2"].number_format == PERCENT_FORMAT
    assert ws["C2"].number_format == "0.00"
    assert ws["E3"].data_type == "s"  # a formula-looking text stays text
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    assert ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")


def test_coverage_uses_the_notebook_labels(tmp_path: Path, ws: Workspace) -> None:
    coverage = ws.coverage("2026-11")
    path = tmp_path / "c.xlsx"
    table_to_xlsx(coverage, path, sheet="走访覆盖")
    sheet = openpyxl.load_workbook(path)["走访覆盖"]
    shown = [c.zh for c in coverage.display_columns if c.shown]
    assert [c.value for c in sheet[1]] == shown
    assert len(_rows(sheet)) == 1 + len(coverage.to_records())
    rate_column = shown.index("走访率") + 1
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row=row, column=rate_column)
        assert cell.value == "—" or cell.number_format == PERCENT_FORMAT


def test_rows_of_a_table_read_as_that_table(ws: Workspace) -> None:
    coverage = ws.coverage("2026-11")
    rows = tuple(coverage.rows.values())
    sheet = table_sheet(rows, name="走访覆盖")
    assert sheet.headers == tuple(c.zh for c in coverage.display_columns if c.shown)
    assert len(sheet.rows) == len(rows)
    plan = ws.plan("W06", "2026-W48")
    assert table_sheet(list(plan.items)).headers == table_sheet(plan).headers


def test_an_enum_shows_its_chinese_label_only() -> None:
    from gridgov.domain.regions import Level

    sheet = table_sheet([{"level": Level.GRID, "n": 1}])
    assert sheet.headers == ("level_zh", "n")
    assert sheet.rows == (("网格", 1),)


def test_english_headers(tmp_path: Path, ws: Workspace) -> None:
    path = tmp_path / "c.xlsx"
    table_to_xlsx(ws.coverage("2026-11"), path, lang="en")
    header = [c.value for c in openpyxl.load_workbook(path).active[1]]
    assert "coverage" in header
    assert "走访率" not in header


def test_households_mask_by_default_and_reimport_unmasked(
    tmp_path: Path, ws: Workspace
) -> None:
    households = ws.households(ON)
    masked, full = tmp_path / "masked.xlsx", tmp_path / "full.xlsx"
    table_to_xlsx(households, masked, sheet="住户台账")
    table_to_xlsx(households, full, sheet="住户台账", unmasked=True)
    phones = [h.head.phone for h in households if h.head and h.head.phone]
    assert phones
    masked_text, full_text = xlsx_text(masked), xlsx_text(full)
    assert not [p for p in phones if p in masked_text]
    assert all(p in full_text for p in phones)
    header = [c.value for c in openpyxl.load_workbook(masked)["住户台账"][1]]
    assert header[:3] == ["户号", "地址", "网格"]
    table = read_households(full, care_tags=ws.state.roster.vocabulary)
    back = {h.id: h for h in table.households}
    assert set(back) == {h.id for h in households}
    for h in households:
        assert back[h.id].head == h.head.__class__(  # the head as a 台账 holds it
            id=back[h.id].head.id,
            name=h.head.name,
            id_number=h.head.id_number,
            phone=h.head.phone,
            gender=h.head.gender,
            birth_date=h.head.birth_date,
            party_member=h.head.party_member,
            relation=back[h.id].head.relation,
        )
        assert back[h.id].address == h.address


def test_column_widths_count_cjk_double(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    table_to_xlsx([{"a": "走访率走访率走访率走访率", "b": "abc"}], path)
    dims = openpyxl.load_workbook(path).active.column_dimensions
    assert dims["A"].width == cell_width("走访率走访率走访率走访率") + 2 == 26
    assert dims["B"].width == 6  # the narrowest column


def test_a_phone_in_a_note_is_masked(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    table_to_xlsx([{"note": "王某 138 1234 5678 反映漏水"}], path)
    assert (
        openpyxl.load_workbook(path).active["A2"].value == "王某 138****5678 反映漏水"
    )
    table_to_xlsx([{"note": "王某 138 1234 5678 反映漏水"}], path, unmasked=True)
    assert (
        openpyxl.load_workbook(path).active["A2"].value == "王某 138 1234 5678 反映漏水"
    )


@given(secret=secrets(), unmasked=st.booleans())
def test_masking_property(
    tmp_path_factory: pytest.TempPathFactory, secret: Secret, unmasked: bool
) -> None:
    """No drawn phone or ID number is in the file's bytes, unless unmasked."""
    folder = tmp_path_factory.mktemp("mask")
    table_to_xlsx(
        [{"note": secret.written, "phone": secret.written}],
        folder / "t.xlsx",
        unmasked=unmasked,
    )
    report = _report(points=PointsFigures(ranking=((secret.written, 30),)))
    report_to_xlsx(report, folder / "r.xlsx", unmasked=unmasked)
    for name in ("t.xlsx", "r.xlsx"):
        found = leaks(xlsx_text(folder / name), secret)
        assert bool(found) is unmasked, (name, found)


# -- reports ----------------------------------------------------------------


def test_report_one_sheet_per_section(tmp_path: Path) -> None:
    report = _report(
        disputes=DisputeFigures(received=8, resolved=7),
        cases=CaseFigures(received=4, completion=Rate(3, 4), provisional=2),
    )
    path = tmp_path / "r.xlsx"
    report_to_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SECTIONS.values())
    sheet = book["矛盾纠纷"]
    title = [sheet.cell(row=r, column=1).value for r in (1, 2, 3)]
    assert title[0] == "示范村 2026-11 工作报表"
    assert all(part in title[1] for part in ("示范村", "2026-11-30", "120 户"))
    assert "暂定" in title[2]
    assert [c.value for c in sheet[4]] == ["指标", "数值", "分子", "分母"]
    assert sheet.freeze_panes == "A5"
    by_label = {row[0]: row[1:] for row in _rows(sheet)[4:]}
    assert by_label["化解率"] == [0.875, 7, 8]
    rate_row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == "化解率")
    assert rate_row[1].number_format == PERCENT_FORMAT
    assert isinstance(next(iter(by_label.values()))[0], int)  # counts are numbers


def test_report_without_provisional_deadlines_has_no_note(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    report_to_xlsx(_report(), path)
    sheet = openpyxl.load_workbook(path)["走访"]
    assert [c.value for c in sheet[3]] == ["指标", "数值", "分子", "分母"]


def test_report_in_english(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    report_to_xlsx(_report(cases=CaseFigures(provisional=1)), path, lang="en")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SECTIONS_EN.values())
    sheet = book[SECTIONS_EN["disputes"]]
    assert sheet["A1"].value == "示范村 2026-11 report"
    assert sheet["A3"].value.startswith("Note: the deadlines of 1 open case")
    assert [c.value for c in sheet[4]] == [
        "metric",
        "value",
        "numerator",
        "denominator",
    ]
    labels = [row[0] for row in _rows(sheet)[4:]]
    assert all(label.isascii() for label in labels), labels


def test_visits_sheet_ends_with_the_units_note(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    report_to_xlsx(_report(), path)
    sheet = openpyxl.load_workbook(path)["走访"]
    assert sheet.cell(row=sheet.max_row, column=1).value == f"注：{UNITS_NOTE}"


def test_report_sheets_follow_rows(ws: Workspace) -> None:
    from gridgov.reports import rows

    report = ws.report("2026-11")
    sheets = report_sheets(report)
    labels = [row[0] for sheet in sheets for row in sheet.rows]
    assert labels == [label for _s, _m, label, _v in rows(report)]


@given(report=reports())
def test_report_round_trips_xlsx(
    tmp_path_factory: pytest.TempPathFactory, report
) -> None:  # type: ignore[no-untyped-def]  # drawn
    path = tmp_path_factory.mktemp("r") / "r.xlsx"
    report_to_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    for sheet in report_sheets(report):
        got = _rows(book[sheet.name])[len(sheet.title) + 1 :]
        assert [row[0] for row in got[len(sheet.rows) :]] == list(sheet.notes)
        got = got[: len(sheet.rows)]
        assert [row[2:] for row in got] == [list(row[2:]) for row in sheet.rows]
        assert [row[0] for row in got] == [row[0] for row in sheet.rows]


# -- error paths --------------------------------------------------------------


def test_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")

    def broken(self: object, filename: object) -> None:
        Path(str(filename)).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        table_to_xlsx([{"a": 1}], path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_no_such_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidValueError, match="existing directory"):
        table_to_xlsx([{"a": 1}], tmp_path / "missing" / "t.xlsx")
    assert not (tmp_path / "missing").exists()


def test_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"gridgov\[excel\]"):
        table_to_xlsx([{"a": 1}], tmp_path / "t.xlsx")
    assert not list(tmp_path.iterdir())


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="lang"):
        table_sheet([{"a": 1}], lang="fr")
    with pytest.raises(InvalidValueError, match="records"):
        table_sheet([1, 2])
    with pytest.raises(InvalidValueError, match="sheets"):
        write_xlsx([], "unused.xlsx")


def test_control_characters_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    write_xlsx([Sheet("a\x01b", ("h\x02",), (("x\x00y\tz",),))], path)
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "a_b"
    assert [c.value for c in ws[2]] == ["xy\tz"]


@given(st.lists(st.text(max_size=40), max_size=5))
def test_sheet_names_are_valid_and_unique(names: list[str]) -> None:
    taken: list[str] = []
    for name in names:
        made = sheet_name(name, taken)
        assert 0 < len(made) <= 31
        assert not set(made) & set("[]:*?/\\")
        assert made.casefold() not in {t.casefold() for t in taken}
        taken.append(made)


def test_a_text_longer_than_a_cell_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    table_to_xlsx([{"漏访户": "、".join(f"PC{i:04d}" for i in range(9000))}], path)
    value = openpyxl.load_workbook(path).active["A2"].value
    assert len(value) == MAX_CELL_TEXT
    assert value.endswith("…")


def test_decimal_cells_keep_their_places(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    write_xlsx([Sheet("d", ("元",), ((Decimal("45.00"),), (Decimal(5),)))], path)
    ws = openpyxl.load_workbook(path).active
    assert (ws["A2"].value, ws["A2"].number_format) == (45, "0.00")
    assert (ws["A3"].value, ws["A3"].number_format) == (5, "General")
