"""Issue 12, CLI edges: demo periods, the unpublished-year flag, closed pipes,
temporary folders and reruns into an existing journal."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest

from gridgov.cli import CLOSED_PIPE, main
from gridgov.demo._plan import period_parts
from gridgov.io.township import sample_township_path


def _demo_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["demo", "--quiet", "--json", *args]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


@pytest.mark.parametrize(
    ("period", "days"),
    [("2026-W48", 5), ("2026-11-03", 1), ("2026-11-07", 0), ("2026-Q4", 62)],
)
def test_demo_plays_every_documented_period_form(
    capsys: pytest.CaptureFixture[str], period: str, days: int
) -> None:
    """A week and a day crashed (empty range for randrange()); every form the
    period error offers now plays: a rest day plays nothing and says so."""
    data = _demo_json(capsys, "--period", period)
    stats = data["stats"]
    assert isinstance(stats, dict)
    assert stats["days"] == days
    assert (stats["events"] > 0) == (days > 0)
    assert data["report"]


def test_longer_periods_are_played_month_by_month() -> None:
    """A quarter, a half year and a year are their months; shorter ones are one part."""
    assert [p[0] for p in period_parts("2026-Q4")] == ["2026-10", "2026-11", "2026-12"]
    assert len(period_parts("2026-H1")) == 6
    year = period_parts("2026")
    assert (year[0][1], year[-1][2], len(year)) == (
        date(2026, 1, 1),
        date(2027, 1, 1),
        12,
    )
    assert period_parts("2026-W48") == [
        ("2026-W48", date(2026, 11, 23), date(2026, 11, 30))
    ]


def test_december_runs_on_the_default_provisional_calendar(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--period 2026-12 reaches 2027 (no notice yet); the default estimates it."""
    data = _demo_json(capsys, "--period", "2026-12")
    assert data["stats"]["days"] > 0  # type: ignore[index]


def test_unpublished_raise_gives_advice_in_terms_of_the_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The advice named a Python setting (unpublished=UnpublishedYearPolicy...);
    it names the command's own flag now."""
    assert (
        main(["demo", "--quiet", "--period", "2026-12", "--unpublished", "raise"]) == 1
    )
    err = capsys.readouterr().err
    assert err.startswith("gridgov demo：错误：模拟 2026-12 需要 2027 年的工作日")
    assert "2027" in err
    assert "--unpublished provisional" in err
    assert "--unpublished weekends_only" in err
    assert "UnpublishedYearPolicy" not in err
    assert "unpublished=" not in err
    assert "Traceback" not in err


def test_unpublished_weekends_only_notes_it_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """weekends_only runs, with one note on stderr instead of a warning per answer."""
    data = _demo_json(capsys, "--period", "2026-12", "--unpublished", "weekends_only")
    assert data["stats"]["days"] > 0  # type: ignore[index]


def test_a_bad_unpublished_policy_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The flag takes the three policies only."""
    assert main(["demo", "--unpublished", "guess"]) == 2
    err = capsys.readouterr().err
    assert "用法错误：参数 --unpublished：无效的选项 'guess'" in err
    assert err.startswith("用法：gridgov demo")
    assert main(["--lang", "en", "demo", "--unpublished", "guess"]) == 2
    assert "invalid choice: 'guess'" in capsys.readouterr().err


class _ClosedPipe(io.StringIO):
    """A stdout whose reader went away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["demo", "--quiet", "--period", "2026-11-07"], CLOSED_PIPE),
        (["validate", str(sample_township_path())], CLOSED_PIPE),
        (["validate", "--help"], 0),  # argparse drops a help it cannot write
        (["--version"], 0),
    ],
)
def test_a_closed_stdout_ends_quietly(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
) -> None:
    """A BrokenPipeError from a subcommand's output exits 141, without a traceback."""
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(argv) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Broken pipe" not in err


def test_gridgov_into_a_closed_pipe_prints_no_traceback(tmp_path: Path) -> None:
    """``gridgov demo | head`` ended in a BrokenPipeError traceback."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line is written
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "gridgov",
                "demo",
                "--quiet",
                "--period",
                "2026-11-07",
            ],
            stdout=write,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
            cwd=tmp_path,
        )
    finally:
        os.close(write)
    assert done.returncode == CLOSED_PIPE
    assert b"Traceback" not in done.stderr
    assert b"BrokenPipeError" not in done.stderr


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["demo", "--quiet", "--period", "2026-11-03"], 0),
        (["demo", "--quiet", "--period", "2026-12", "--unpublished", "raise"], 1),
    ],
)
def test_demo_without_db_removes_its_temporary_journal(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
) -> None:
    """Every run left a 1-3 MB gridgov-demo-* folder, even a failed one."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert main(argv) == code
    capsys.readouterr()
    assert list(tmp_path.iterdir()) == []


def test_demo_json_has_no_path_for_a_temporary_journal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The JSON does not point at a file that is gone."""
    assert _demo_json(capsys, "--period", "2026-11-07")["db"] is None


def _events(db: Path) -> int:
    with sqlite3.connect(db) as con:
        (count,) = con.execute("select count(*) from gridgov_events").fetchone()
    return int(count)


def test_a_rerun_with_another_seed_adds_nothing_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rerun failed with a bare idempotency message; it gives advice now."""
    db = tmp_path / "town.db"
    day = ["demo", "--quiet", "--period", "2026-11-03", "--db", str(db)]
    assert main(day) == 0
    before = _events(db)
    capsys.readouterr()
    assert main([*day, "--seed", "5"]) == 1
    err = capsys.readouterr().err
    assert f"{db} 中已有一次模拟" in err
    assert "另一个 --seed（本次 --seed 5）" in err
    assert "请换一个 --db，或用写入它的那个 --seed 重新运行" in err
    assert "未添加任何内容" in err
    assert _events(db) == before
    assert main(["--lang", "en", *day, "--seed", "5"]) == 1
    err = capsys.readouterr().err
    assert "another --seed (this run: --seed 5)" in err
    assert "Nothing was added" in err
    assert _events(db) == before
    assert main(day) == 0  # the seed that wrote it: every request a retry
    assert _events(db) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["visit"],
        ["plan"],
        ["case"],
        ["visit", "H1", "--kind", "car", "--worker", "W1", "--db", "x.db"],
        ["report", "--period"],
        ["demo", "--bogus"],
    ],
)
def test_usage_errors_speak_chinese(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's own complaints (exit 2) were English in Chinese output."""
    from _ascii_scan import english_leaks

    assert main(argv) == 2
    err = capsys.readouterr().err
    usage, _, complaint = err.rpartition("\n" + "gridgov")
    assert usage.startswith("用法：gridgov"), err
    assert "用法错误" in complaint
    # The synopsis is the command's syntax (its words are typed as they are);
    # the complaint may name those words and nothing else English.
    syntax = set(re.findall(r"[A-Za-z_][\w-]*", usage))
    assert english_leaks(complaint.split("：", 1)[1], allow=syntax) == [], err
    assert main(["--lang", "en", *argv]) == 2
    assert "error:" in capsys.readouterr().err
