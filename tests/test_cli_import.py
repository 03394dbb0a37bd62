"""``gridgov import visits``: a dry run, --apply all or nothing and once; bad rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from gridgov.cli import main

LEDGER = (
    "序号,日期,时间,户号,网格员,方式,情况,备注\n"
    "1,2026-11-02,09:30,PC0001,茹雪梅,电话,身体好,\n"
    "2,2026/11/3,,PC0002,茹雪梅,入户,,子女在外\n"
    "3,2026年11月4日,15:00,PC0003,茹雪梅,视频,按时服药,\n"
)


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A new journal of the sample township, holding one visit."""
    path = tmp_path / "town.db"
    line = ["visit", "PC0009", "--actor", "W06", "--at", "2026-11-01"]
    assert main([*line, "--db", str(path), "--create"]) == 0
    capsys.readouterr()
    return path


def events(db: Path) -> int:
    with sqlite3.connect(db) as con:
        count: int = con.execute("select count(*) from gridgov_events").fetchone()[0]
    return count


def ledger(tmp_path: Path, text: str = LEDGER, name: str = "走访台账.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dry_run_lists_the_visits_and_writes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = events(db)
    assert main(["import", "visits", ledger(tmp_path), "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    summary = (
        "走访台账.csv：试运行：将登记 3 条走访，0 条此前已登记；未写入任何内容"
        "（加 --apply 写入）"
    )
    cao = "  第 4 行  2026-11-04 15:00  户 PC0003（曹*静）  茹雪梅（W06）"
    assert out == [
        "  第 2 行  2026-11-02 09:30  户 PC0001（孟*）  茹雪梅（W06）  电话  身体好",
        "  第 3 行  2026-11-03 09:00  户 PC0002（蔡*）  茹雪梅（W06）  入户  子女在外",
        f"{cao}  视频  按时服药",
        summary,
    ]
    assert events(db) == before


def test_apply_records_each_visit_once(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Applying twice is applying once; a ledger with a row added adds that row."""
    before = events(db)
    line = ["import", "visits", ledger(tmp_path), "--db", str(db), "--apply"]
    assert main(line) == 0
    assert capsys.readouterr().out == "走访台账.csv：已登记 3 条走访，0 条此前已登记\n"
    after = events(db)
    assert after == before + 6  # a request record and a visit per row
    assert main(line) == 0
    assert capsys.readouterr().out == "走访台账.csv：已登记 0 条走访，3 条此前已登记\n"
    assert events(db) == after
    longer = LEDGER + "4,2026-11-05,,PC0004,茹雪梅,入户,,\n"
    renamed = ledger(tmp_path, longer, "ledger-december.csv")
    assert main(["import", "visits", renamed, "--db", str(db), "--apply"]) == 0
    assert "已登记 1 条走访，3 条此前已登记" in capsys.readouterr().out
    assert events(db) == after + 2


def test_bad_rows_are_located_and_nothing_is_written(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "日期,户号,工号,方式\n"
        "2026-11-02,PC0001,W06,入户\n"
        "2026-11-02,PC9999,W06,入户\n"
        "2026-11-31,PC0002,W06,入户\n"
        "2026-11-02,PC0003,W99,入户\n"
        "2026-11-02,PC0004,W06,上天\n"
    )
    before = events(db)
    path = ledger(tmp_path, text, "bad.csv")
    assert main(["import", "visits", path, "--db", str(db), "--apply"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "gridgov import visits：错误：bad.csv 中有 4 处错误，未导入任何内容：",
        "  第 3 行，「户号」列：找不到住户编号 PC9999",
        "  第 4 行，「日期」列：应为日期（如 2026-03-01），实为 '2026-11-31'",
        "  第 5 行，「工号」列：找不到这个工号；是否应为 'W19'？",
        "  第 6 行，「方式」列：应为入户、电话 或 视频，实为 '上天'",
    ]
    argv = ["--lang", "en", "import", "visits", path, "--db", str(db), "--apply"]
    assert main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    kind = (
        "  line 6, column '方式': expected 入户, 电话 or 视频 (home, phone, video),"
        " got '上天'"
    )
    assert err == [
        "gridgov import visits: error: 4 bad row(s) in bad.csv; nothing was imported:",
        "  line 3, column '户号': unknown household 'PC9999'",
        "  line 4, column '日期': expected a date like 2026-03-01, got '2026-11-31'",
        "  line 5, column '工号': unknown worker; did you mean 'W19'?",
        kind,
    ]
    assert events(db) == before


def test_workers_by_name(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "日期,户号,网格员,工号\n2026-11-02,PC0001,茹雪梅,W01\n2026-11-02,PC0001,茹雪,\n"
    )
    path = ledger(tmp_path, text)
    assert main(["import", "visits", path, "--db", str(db)]) == 1
    zh = capsys.readouterr().err
    assert "第 2 行，「网格员」列：工号 W01 不是 '茹雪梅'" in zh
    assert "花名册上没有这个姓名的网格人员；是否应为 '茹雪梅'？" in zh
    assert main(["--lang", "en", "import", "visits", path, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "line 2, column '网格员': 工号 W01 is not 茹雪梅" in err
    assert "line 3, column '网格员': no worker of that name" in err
    assert "did you mean '茹雪梅'?" in err


def test_a_failure_half_way_records_nothing(
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An import stopped after some rows were executed leaves the journal as it was."""

    def stopping(_label: str) -> Callable[[int, int, str], None]:
        def show(done: int, _total: int, _what: str) -> None:
            if done == 2:  # two rows executed in the block, one to go
                raise KeyboardInterrupt

        return show

    monkeypatch.setattr("gridgov.cli._import.progress_bar", stopping)
    before = events(db)
    line = ["import", "visits", ledger(tmp_path), "--db", str(db), "--apply"]
    with pytest.raises(KeyboardInterrupt):
        main([*line, "--progress"])
    assert events(db) == before
    assert main(line) == 0  # and it imports whole afterwards
    assert events(db) == before + 6


def test_progress_bar_on_request(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = ["import", "visits", ledger(tmp_path), "--db", str(db), "--progress"]
    assert main(line) == 0
    err = capsys.readouterr().err
    assert err.startswith("\r导入走访 [")
    assert err.endswith("3/3 2026-11-04\n")


def test_json_output(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = ["import", "visits", ledger(tmp_path), "--db", str(db), "--json"]
    assert main(line) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applied"] is False
    assert data["new"] == 3
    assert [v["line"] for v in data["visits"]] == [2, 3, 4]
    assert data["visits"][0]["key"].startswith("import-")
    assert data["problems"] == []


def test_english(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "date,household,worker,kind,note\n2026-11-02,PC0001,W06,phone,fine\n"
    line = ["import", "visits", ledger(tmp_path, text, "v.csv"), "--db", str(db)]
    assert main([*line, "--apply", "--lang", "en"]) == 0
    assert capsys.readouterr().out == "v.csv: 1 visit(s) recorded, 0 recorded before\n"


def test_xlsx(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [line.split(",") for line in LEDGER.splitlines()]:
        sheet.append(row)
    path = tmp_path / "走访台账.xlsx"
    book.save(path)
    before = events(db)
    assert main(["import", "visits", str(path), "--db", str(db), "--apply"]) == 0
    assert events(db) == before + 6
    # The same ledger as CSV holds the same visits: nothing more is recorded.
    assert main(["import", "visits", ledger(tmp_path), "--db", str(db), "--apply"]) == 0
    assert events(db) == before + 6


def test_dry_run_into_a_new_journal_leaves_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.db"
    line = ["import", "visits", ledger(tmp_path), "--db", str(db), "--create"]
    assert main(line) == 0
    assert not db.exists()
    assert main([*line, "--apply"]) == 0
    assert events(db) == 6


def test_an_unreadable_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "visits.txt"
    path.write_text("x")
    assert main(["import", "visits", str(path), "--db", str(db)]) == 1
    assert "应为 .csv 或 .xlsx 文件，实为 'visits.txt'" in capsys.readouterr().err
    assert main(["--lang", "en", "import", "visits", str(path), "--db", str(db)]) == 1
    assert "expected a .csv or .xlsx file" in capsys.readouterr().err


@pytest.mark.parametrize("apply", [False, True])
def test_output_is_chinese_or_english_throughout(
    apply: bool, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from _ascii_scan import chinese_leaks, english_leaks
    from test_chinese_output import names

    path = ledger(tmp_path)
    line = ["import", "visits", path, "--db", str(db), *(["--apply"] * apply)]
    assert main(line) == 0
    zh = capsys.readouterr().out
    assert english_leaks(zh, allow=[*line, "走访台账.csv"]) == []
    assert main([*line, "--lang", "en"]) == 0
    en = capsys.readouterr().out
    typed = {"走访台账", "身体好", "子女在外", "按时服药"}
    assert chinese_leaks(en, names={*names(), *typed}) == []
