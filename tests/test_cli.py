"""The gridgov command line: demo and validate, with --help and --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gridgov.cli import main
from gridgov.io.township import sample_township_path


def test_demo_prints_structure_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """gridgov demo shows the region tree, workforce, Party overlay and findings."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "裴村社区" in out
    assert "一网格 [网格] 410381003002001：319 户" in out
    assert "专职网格员：15 人" in out
    assert "党支部：5 个" in out
    assert "[错误] 1 户在 2026-05-08 没有责任人（不漏一户）：PC9001" in out
    assert "[警告] 党员中心户 侯军 (DY09) 有 17 户，规范为 5–15 户（超出）" in out
    assert "full_time_grid_worker" not in out


def test_demo_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """gridgov --lang en demo says the same in English; names stay as written."""
    assert main(["--lang", "en", "demo", "--period", "2026-11-03", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "一网格 [grid] 410381003002001: 319 households" in out
    assert "full-time grid worker: 15" in out
    assert "[error] 1 household(s) have no responsible worker on 2026-05-08" in out
    assert "| due (obligations) |" in out


def test_demo_json(capsys: pytest.CaptureFixture[str]) -> None:
    """gridgov demo --json prints the summary and findings as JSON."""
    assert main(["demo", "--json", "--on", "2026-05-20"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["on"] == "2026-05-20"
    assert {f["check"] for f in data["findings"]} >= {"coverage", "span"}


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid spec exits 0 with a one-line summary."""
    assert main(["validate", str(sample_township_path())]) == 0
    assert capsys.readouterr().out.startswith("OK  ")


def test_validate_bad_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid spec exits 1 and prints every problem with its path."""
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'code = "41038100"\nname = "新区街道"\nnmae = "x"\n'
        '[[workers]]\nid = "W1"\nname = "a"\nrole = "boss"\n',
        encoding="utf-8",
    )
    assert main(["validate", str(bad), str(sample_township_path())]) == 1
    out = capsys.readouterr().out
    assert "BAD " in out
    assert "nmae：没有这个字段；是否应为 'name'？" in out
    assert "workers[0].role：应为 'grid_liaison'（网格联络员）、" in out
    assert "OK  " in out
    argv = ["--lang", "en", "validate", str(bad), str(sample_township_path())]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "nmae: unknown field; did you mean 'name'?" in out
    assert "workers[0].role: expected one of" in out


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json gives one result per spec with located problems."""
    missing = tmp_path / "missing.toml"
    assert main(["validate", "--json", str(missing)]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert result["ok"] is False
    assert "cannot read file" in result["problems"][0]["message"]


@pytest.mark.parametrize(
    "argv", [["--help"], ["demo", "--help"], ["validate", "--help"]]
)
def test_help_everywhere(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--help works on the program and every subcommand and returns 0."""
    assert main(argv) == 0
    assert "usage: gridgov" in capsys.readouterr().out


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """No subcommand prints help (2); a bad date is a usage error (2)."""
    assert main([]) == 2
    assert main(["demo", "--on", "2026/05/08"]) == 2
    assert "expected a date like 2026-05-08" in capsys.readouterr().err


def test_python_dash_m() -> None:
    """python -m gridgov runs the same command line."""
    done = subprocess.run(
        [sys.executable, "-m", "gridgov", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("gridgov ")
