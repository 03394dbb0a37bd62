"""Blank 台账 templates: CSV and styled XLSX, drop-down lists, the 说明 sheet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from gridgov.cli import main
from gridgov.domain.tags import CareTag, vocabulary
from gridgov.domain.workforce import Role
from gridgov.errors import InvalidValueError, MissingExtraError, UnknownEntityError
from gridgov.io._tablecells import COLUMNS, header_problems
from gridgov.io.tables import read_households
from gridgov.io.templates import (
    TEMPLATES,
    Template,
    TemplateColumn,
    column_choices,
    template,
    write_table,
)
from gridgov.io.worker_tables import WORKER_COLUMNS, read_workers

READERS = {"households": COLUMNS, "workers": WORKER_COLUMNS}


@pytest.mark.parametrize("kind", ["households", "workers"])
def test_every_header_is_one_the_importer_accepts(kind: str) -> None:
    """A filled template imports: its headers are the importer's own."""
    headers = TEMPLATES[kind].headers
    _, _, problems = header_problems(1, headers, columns=READERS[kind])
    assert problems == []
    assert all(not h.isascii() for h in headers)  # Chinese headers


@pytest.mark.parametrize("kind", ["households", "workers"])
def test_blank_csv_reads_back_as_an_empty_table(kind: str, tmp_path: Path) -> None:
    """The blank CSV is a header row with a BOM (Excel on Chinese Windows)."""
    path = tmp_path / f"{kind}.csv"
    write_table(kind, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [",".join(TEMPLATES[kind].headers)]
    reader = read_households if kind == "households" else read_workers
    table: Any = reader(path)
    assert len(table.households if kind == "households" else table.workers) == 0


def _book(path: Path) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(path)


def _lists(sheet: Any, book: Any) -> dict[str, list[str]]:
    """Header → the drop-down choices of its column."""
    options = book["选项"]
    out: dict[str, list[str]] = {}
    for check in sheet.data_validations.dataValidation:
        column = str(check.sqref).split(":")[0].rstrip("0123456789")
        header = sheet[f"{column}1"].value
        source = check.formula1.split("!")[1].replace("$", "")
        first, last = source.split(":")
        letter = first.rstrip("0123456789")
        rows = range(int(first[len(letter) :]), int(last[len(letter) :]) + 1)
        out[header] = [options[f"{letter}{r}"].value for r in rows]
    return out


def test_xlsx_households_template(tmp_path: Path) -> None:
    """Styled header, frozen, drop-downs for tags and fixed choices, a 说明 sheet."""
    path = tmp_path / "households.xlsx"
    extra = CareTag("migrant_worker", "外出务工", "migrant worker")
    write_table("households", path, care_tags=vocabulary([extra]))
    book = _book(path)
    assert book.sheetnames == ["住户台账", "说明", "选项"]
    assert book["选项"].sheet_state == "hidden"
    sheet = book["住户台账"]
    header = [c.value for c in sheet[1]]
    assert header == list(TEMPLATES["households"].headers)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    lists = _lists(sheet, book)
    assert "外出务工" in lists["标签"]
    assert "空巢老人" in lists["标签"]
    assert lists["性别"] == ["男", "女"]
    assert lists["党员"] == ["是", "否"]
    notes = book["说明"]
    rows = list(notes.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == header
    assert rows[0][1] == "必填"
    assert rows[3][1] == "选填"


def test_xlsx_workers_template_lists_the_roles(tmp_path: Path) -> None:
    """The 岗位 column's drop-down holds every role's Chinese title."""
    path = tmp_path / "workers.xlsx"
    write_table("workers", path)
    book = _book(path)
    lists = _lists(book["网格队伍台账"], book)
    assert lists["岗位"] == [r.zh for r in Role]


def test_xlsx_rows_read_back(tmp_path: Path) -> None:
    """A template written with rows imports as those rows."""
    pytest.importorskip("openpyxl")
    path = tmp_path / "households.xlsx"
    row = ["H001", "一组1号", "999999001001001", "", "户籍", "", "李秀英"]
    row += ["", "", "女", "1946-03-12", "否", "空巢老人:严重", ""]
    write_table("households", path, [row])
    (household,) = read_households(path).households
    assert household.id == "H001"
    assert household.tags[0].tag == "empty_nest_elderly"


def test_unknown_kind_and_suffix(tmp_path: Path) -> None:
    """An unknown kind gets a did-you-mean; a suffix other than csv/xlsx is refused."""
    with pytest.raises(UnknownEntityError, match="did you mean 'workers'"):
        template("worker")
    with pytest.raises(InvalidValueError, match=r"\.csv or \.xlsx"):
        write_table("workers", tmp_path / "workers.ods")
    assert not (tmp_path / "workers.ods").exists()


def test_xlsx_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the excel extra, XLSX raises MissingExtraError and CSV still works."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError):
        write_table("workers", tmp_path / "workers.xlsx")
    assert not (tmp_path / "workers.xlsx").exists()
    write_table("workers", tmp_path / "workers.csv")


def test_a_new_template_is_one_registry_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a Template to TEMPLATES is all another 台账 needs."""
    visits = Template(
        "visits",
        "走访记录",
        (
            TemplateColumn("户号", "被走访的户号", "the household", required=True),
            TemplateColumn(
                "方式",
                "入户/电话/视频",
                "home, phone or video",
                choices=("入户", "电话"),
            ),
        ),
    )
    monkeypatch.setitem(TEMPLATES, "visits", visits)
    assert column_choices(visits.columns[1]) == ("入户", "电话")
    write_table("visits", tmp_path / "visits.csv")
    assert (tmp_path / "visits.csv").read_text("utf-8-sig").startswith("户号,方式")
    if sys.modules.get("openpyxl", True) is not None:
        pytest.importorskip("openpyxl")
        write_table("visits", tmp_path / "visits.xlsx")
        assert _book(tmp_path / "visits.xlsx").sheetnames[0] == "走访记录"


def test_cli_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """gridgov template writes a blank 台账 and refuses to overwrite without --force."""
    monkeypatch.chdir(tmp_path)
    assert main(["template", "workers", "-o", "w.csv"]) == 0
    assert "已写入空白网格队伍台账" in capsys.readouterr().out
    before = (tmp_path / "w.csv").read_bytes()
    (tmp_path / "w.csv").write_text("mine", encoding="utf-8")
    assert main(["template", "workers", "-o", "w.csv"]) == 1
    err = capsys.readouterr().err
    assert "已存在" in err
    assert "Traceback" not in err
    assert (tmp_path / "w.csv").read_text(encoding="utf-8") == "mine"
    assert main(["template", "workers", "-o", "w.csv", "--force"]) == 0
    assert (tmp_path / "w.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.csv"]  # no temp files


def test_cli_template_takes_the_townships_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--township DIR puts that township's own care tags in the drop-down list."""
    pytest.importorskip("openpyxl")
    monkeypatch.chdir(tmp_path)
    assert main(["init", "杏花村"]) == 0
    toml = tmp_path / "杏花村" / "township.toml"
    text = toml.read_text(encoding="utf-8")
    text += (
        '\n[[care_tags]]\ncode = "migrant_worker"\nzh = "外出务工"\nen = "migrant"\n'
    )
    toml.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["template", "households", "--township", "杏花村"]) == 0
    book = _book(tmp_path / "住户台账.xlsx")
    assert "外出务工" in _lists(book["住户台账"], book)["标签"]


def test_cli_template_without_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the excel extra: a Chinese refusal naming the CSV way out."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["template", "households"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'gridgov[excel]'" in err
    assert "-o 文件名.csv" in err
    assert list(tmp_path.iterdir()) == []
