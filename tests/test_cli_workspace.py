"""The command line on a workspace: demo, plan, report, verify, exit codes, --json."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from gridgov.cli import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal written by ``gridgov demo --db`` once for the module."""
    db = tmp_path_factory.mktemp("cli") / "town.db"
    assert main(["demo", "--db", str(db), "--quiet"]) == 0
    return db


def test_demo_prints_the_months_report(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """gridgov demo prints the report; rerunning it on the same db adds nothing."""
    before = (
        sqlite3.connect(demo_db)
        .execute("select count(*) from gridgov_events")
        .fetchone()
    )
    assert main(["demo", "--db", str(demo_db), "--quiet", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stats"]["events"] == before[0]
    assert {r["section"] for r in data["report"]} >= {
        "visits",
        "cases",
        "points",
        "volunteers",
    }


def test_verify_ok_then_tampered(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """verify exits 0 on an intact chain and 1 once a stored payload is changed."""
    assert main(["verify", str(demo_db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo_db.read_bytes())
    with sqlite3.connect(copy) as con:
        con.execute(
            "update gridgov_events set payload = replace(payload, '\"W', '\"X') "
            "where sequence = 7"
        )
    assert main(["verify", str(copy)]) == 1
    assert capsys.readouterr().out.startswith("BAD ")


def test_report_json_and_scope(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --json gives records; a grid sees fewer visits than the township."""
    assert main(["report", "--db", str(demo_db), "--period", "2026-11", "--json"]) == 0
    whole = {
        r["metric"]: r
        for r in json.loads(capsys.readouterr().out)
        if r["section"] == "visits"
    }
    grid = ["--grid", "410381003002001", "--json"]
    assert main(["report", "--db", str(demo_db), "--period", "2026-11", *grid]) == 0
    part = {
        r["metric"]: r
        for r in json.loads(capsys.readouterr().out)
        if r["section"] == "visits"
    }
    assert 0 < part["visits"]["value"] < whole["visits"]["value"]
    assert (
        main(
            ["report", "--db", str(demo_db), "--period", "2026-11", "--format", "html"]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith('<div class="gridgov-report">')


def test_plan_for_a_week(capsys: pytest.CaptureFixture[str]) -> None:
    """plan lists a worker's households on the working days of the week."""
    assert main(["plan", "--worker", "W06", "--week", "2026-W48"]) == 0
    out = capsys.readouterr().out
    assert "茹雪梅" in out
    assert "2026-11-23" in out
    assert main(["plan", "--worker", "W06", "--week", "2026-W48", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["worker"] == "W06"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["report", "--db", "/nonexistent/town.db", "--period", "2026-11"],
            "找不到日志文件 /nonexistent/town.db",
        ),
        (["report", "--period", "2026-13"], "period"),
        (["plan", "--worker", "NOBODY", "--week", "2026-W48"], "NOBODY"),
        (["verify", "/nonexistent/town.db"], "找不到日志文件"),
        (["--lang", "en", "verify", "/nonexistent/town.db"], "journal file"),
    ],
)
def test_failures_exit_1_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Failures exit 1 with the GridgovError's message on stderr, never a traceback."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["plan", "report", "verify"])
def test_help_on_new_subcommands(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--help works on every new subcommand."""
    assert main([command, "--help"]) == 0
    assert f"usage: gridgov {command}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "spec", "ok"),
    [
        ("rulebook", "src/gridgov/app/sample/rulebook.toml", True),
        ("visit-policy", "src/gridgov/app/sample/visit_policy.toml", True),
        ("workflow", "src/gridgov/cases/workflows/mediation.toml", True),
        ("directory", "src/gridgov/app/sample", False),  # no township.toml in it
    ],
)
def test_validate_every_kind(
    kind: str, spec: str, ok: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate --kind checks rule books, policies, workflows and directories."""
    root = Path(__file__).resolve().parents[1]
    assert main(["validate", "--kind", kind, str(root / spec)]) == (0 if ok else 1)
    assert capsys.readouterr().out.startswith("OK  " if ok else "BAD ")


PLAN = ["plan", "--worker", "W06", "--week", "2026-W48", "--db"]
DEMO = ["demo", "--quiet", "--db"]  # on a written journal: every command a retry


@pytest.mark.parametrize(
    ("command", "shown", "hidden"),
    [
        ([*PLAN], [], ["INFO", "DEBUG"]),
        (["-v", *PLAN], ["INFO gridgov.journal: opened SqliteJournal("], ["DEBUG"]),
        (
            ["-vv", *DEMO],
            ["INFO gridgov.app: Workspace 裴村社区", "DEBUG gridgov.app: key "],
            [],
        ),
    ],
)
def test_verbose_shows_the_logs_on_stderr(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    command: list[str],
    shown: list[str],
    hidden: list[str],
) -> None:
    """-v shows what the journal and workspace log, -vv every batch and retry;
    stdout stays the command's output, and the handler is gone afterwards."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo_db.read_bytes())
    assert main([*command, str(copy)]) == 0
    err = capsys.readouterr().err
    assert all(text in err for text in shown), err[:2000]
    assert not any(text in err for text in hidden), err[:2000]
    assert main(["verify", str(copy)]) == 0
    assert "INFO" not in capsys.readouterr().err
