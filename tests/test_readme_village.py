"""
The README's "Start your own village" commands, run as a new user types them.

The issue's promise: ``gridgov init 杏花村``, edit the CSV, and a month's
report and an XLSX export, offline, in five commands from the README. The
commands are read from the README itself, so the test and the README cannot
drift apart; the edit step changes a household's address as a user would.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRIDGOV = ".venv/bin/gridgov"


def _village_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Start your own village", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    commands = []
    for line in block.splitlines():
        if line.startswith(GRIDGOV):
            words = shlex.split(line, comments=True)
            commands.append(words[1:])
    return commands


def test_the_readme_lists_five_commands() -> None:
    verbs = [c[0] for c in _village_commands()]
    assert verbs == ["init", "validate", "visit", "report", "report"]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and the README's words
        [sys.executable, "-m", "gridgov", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        # Offline: nothing here may reach a network (no proxy would help).
        env={**os.environ, "NO_PROXY": "*", "no_proxy": "*"},
    )


def test_a_new_village_reports_and_exports_in_five_commands(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    init, *rest = _village_commands()
    done = _run(init, tmp_path)
    assert done.returncode == 0, done.stderr
    # The user edits the 台账: a household's address, as in Excel.
    table = tmp_path / "杏花村" / "households.csv"
    text = table.read_text(encoding="utf-8-sig")
    assert "一组8号" in text
    table.write_text(text.replace("一组8号", "一组18号"), encoding="utf-8-sig")
    outputs = []
    for args in rest:
        done = _run(args, tmp_path)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr
        outputs.append(done.stdout)
    report = outputs[2]
    assert "# 杏花村 2026-11 工作报表" in report
    assert "| 走访（人次） | 1 |" in report
    book = openpyxl.load_workbook(tmp_path / "杏花村-2026-11.xlsx")
    assert len(book.sheetnames) > 3
    assert "走访" in book.sheetnames
