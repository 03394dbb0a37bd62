"""``gridgov export TABLE`` and ``gridgov report --format xlsx|csv --output FILE``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from gridgov.app import Workspace, sample_config
from gridgov.cli import main
from gridgov.cli._export import TABLES
from gridgov.reports import SECTIONS

HEADER = ["指标", "数值", "分子", "分母"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal written by ``gridgov demo --db`` once for the module."""
    db = tmp_path_factory.mktemp("cli") / "town.db"
    assert main(["demo", "--db", str(db), "--quiet"]) == 0
    return db


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _one_line_error(err: str) -> None:
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


# -- report ----------------------------------------------------------------


def test_report_xlsx(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.xlsx"
    args = ["report", "--db", str(demo_db), "--period", "2026-11"]
    assert main([*args, "--format", "xlsx", "--output", str(path)]) == 0
    assert capsys.readouterr().err.strip().endswith(f"已写入 {path}")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SECTIONS.values())
    visits = book["走访"]
    header_row = next(
        r for r in range(1, 5) if [c.value for c in visits[r]][:4] == HEADER
    )
    assert visits.freeze_panes == f"A{header_row + 1}"
    assert isinstance(visits.cell(row=header_row + 1, column=2).value, int)


def test_report_xlsx_needs_output(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "--db", str(demo_db), "--period", "2026-11", "--format", "xlsx"]
    assert main(args) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "--output" in err


def test_report_csv_to_stdout(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report", "--db", str(demo_db), "--period", "2026-11", "--format", "csv"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert not out.startswith("\ufeff")
    lines = _csv(out)
    assert "工作报表" in lines[0][0]
    assert lines.count(HEADER) == len(SECTIONS)
    sections = [line[0] for line in lines if line and line[0] in SECTIONS.values()]
    assert sections == list(SECTIONS.values())


@pytest.mark.parametrize(
    ("name", "starts"),
    [("r.csv", b"\xef\xbb\xbf"), ("r.md", b"# "), ("r.xlsx", b"PK")],
)
def test_report_output_suffix_chooses_the_format(
    demo_db: Path, tmp_path: Path, name: str, starts: bytes
) -> None:
    path = tmp_path / name
    args = ["report", "--db", str(demo_db), "--period", "2026-11", "-o", str(path)]
    assert main(args) == 0
    assert path.read_bytes().startswith(starts)


def test_report_html_to_a_file(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    args = ["report", "--db", str(demo_db), "--period", "2026-11", "--format", "html"]
    assert main([*args, "-o", str(path)]) == 0
    assert path.read_text(encoding="utf-8").startswith('<div class="gridgov-report">')


def test_report_json_to_a_file(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    args = ["report", "--db", str(demo_db), "--period", "2026-11", "--json"]
    assert main([*args, "-o", str(path)]) == 0
    records = json.loads(path.read_text(encoding="utf-8"))
    assert {r["section"] for r in records} == set(SECTIONS)


# -- export ----------------------------------------------------------------


_EXTRA = {
    "households": [],
    "cases": [],
    "coverage": ["--period", "2026-11"],
    "plan": ["--worker", "W06", "--period", "2026-W48"],
    "ranking": ["--top", "5"],
}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_exports_as_xlsx_and_csv(
    table: str,
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["export", table, "--db", str(demo_db), *_EXTRA[table]]
    xlsx = tmp_path / f"{table}.xlsx"
    assert main([*base, "--output", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == [TABLES[table][1]]
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header
    assert all(isinstance(h, str) and not h.isascii() for h in header), header
    assert sheet.freeze_panes == "A2"
    capsys.readouterr()
    assert main([*base, "--format", "csv"]) == 0
    lines = _csv(capsys.readouterr().out)
    assert lines[0] == header
    assert len(lines) == sheet.max_row


def test_households_masked_unless_unmasked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    households = Workspace.in_memory(sample_config()).households(date(2026, 11, 1))
    phone = next(h.head.phone for h in households if h.head and h.head.phone)
    assert main(["export", "households", "--on", "2026-11-01"]) == 0
    masked = capsys.readouterr().out
    assert phone not in masked
    assert phone[:3] + "****" + phone[-4:] in masked
    args = ["export", "households", "--on", "2026-11-01", "--unmasked"]
    assert main(args) == 0
    assert phone in capsys.readouterr().out


def test_a_grid_exports_its_share(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "households", "--on", "2026-11-01"]) == 0
    everyone = _csv(capsys.readouterr().out)
    grid = "410381003002001"  # 一网格; households sit in its 楼栋 and 组 below
    args = ["export", "households", "--on", "2026-11-01", "--grid", grid]
    assert main(args) == 0
    share = _csv(capsys.readouterr().out)
    assert 1 < len(share) < len(everyone)
    assert all(line[2].startswith(grid) for line in share[1:])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["export", "coverage"], "--period"),
        (["export", "plan", "--period", "2026-W48"], "--worker"),
        (["export", "cases", "--format", "xlsx"], "--output"),
    ],
)
def test_missing_options(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 1
    err = capsys.readouterr().err
    _one_line_error(err)
    assert says in err


def test_no_such_directory_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "cases.xlsx"
    assert main(["export", "cases", "-o", str(target)]) == 1
    _one_line_error(capsys.readouterr().err)
    assert not target.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_ranking_names_households_by_their_head_masked(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", "ranking", "--db", str(demo_db), "--top", "3"]
    assert main(args) == 0
    masked = _csv(capsys.readouterr().out)
    assert masked[0][:3] == ["户主", "户号", "名次"]  # no 范围: no scopes
    assert all("*" in line[0] for line in masked[1:])
    assert main([*args, "--unmasked"]) == 0
    full = _csv(capsys.readouterr().out)
    assert [line[2] for line in full] == [line[2] for line in masked]
    assert not any("*" in line[0] for line in full[1:])


def test_top_must_be_a_place(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "ranking", "--top", "0"]) == 2
    assert "1 or more" in capsys.readouterr().err


def test_unknown_table_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "claimz"]) == 2
    assert "无效的选项 'claimz'" in capsys.readouterr().err
    assert main(["export", "claimz", "--lang", "en"]) == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "lang"),
    [
        (["export", "cases"], "zh"),
        (["report", "--period", "2026-11"], "zh"),
        (["export", "cases"], "en"),
    ],
)
def test_an_output_suffix_it_cannot_write_is_refused(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    lang: str,
) -> None:
    """`--output x.pdf` wrote CSV into a file named .pdf; now: exit 1, nothing."""
    target = tmp_path / "x.pdf"
    args = ["--lang", lang, *command, "--db", str(demo_db), "--output", str(target)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert ".xlsx" in err
    assert ("应为以 .xlsx" in err) == (lang == "zh")
    assert not target.exists()
