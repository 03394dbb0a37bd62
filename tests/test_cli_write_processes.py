"""
The writing verbs from several processes on one SQLite journal.

A hotline back end may shell out to ``gridgov visit`` from several workers at
once, and retry. Here 2 × 4 processes race: the same request (one key) from
four of them, a different request from each, and one conflicting payload under
a used key. Afterwards the journal verifies, reopens, and holds each request
once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gridgov.app import Workspace, sample_config
from gridgov.cli import main

AT = "2026-11-03T09:30"


def _visit(db: Path, household: str, key: str, note: str) -> subprocess.Popen[str]:
    argv = ["visit", household, "--worker", "W06", "--at", AT, "--db", str(db)]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gridgov", *argv, "--key", key, "--note", note],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
    )


def test_racing_processes_record_each_request_once(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    # The journal exists first (the sample township), as a deployment's would.
    assert (
        main(
            [
                "visit",
                "PC0001",
                "--worker",
                "W06",
                "--at",
                AT,
                "--db",
                str(db),
                "--key",
                "first",
                "--create",
            ]
        )
        == 0
    )
    same = [_visit(db, "PC0002", "same", "入户") for _ in range(4)]
    each = [_visit(db, f"PC000{3 + i}", f"own-{i}", "入户") for i in range(4)]
    done = [(p, *p.communicate(timeout=300)) for p in (*same, *each)]
    for proc, _out, err in done:
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    outs = {out for _p, out, _e in done[:4]}
    assert len(outs) == 1  # a retry answers the original result
    conflict = _visit(db, "PC0002", "same", "电话回访")
    _out, err = conflict.communicate(timeout=300)
    assert conflict.returncode == 1
    assert "same" in err
    assert main(["verify", str(db)]) == 0
    assert main(["doctor", str(db)]) == 0
    with Workspace.open(db, sample_config()) as ws:
        keys = sorted(v.household for v in ws.state.visits)
    assert keys == ["PC0001", "PC0002", "PC0003", "PC0004", "PC0005", "PC0006"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_conflicting_retry_writes_nothing(tmp_path: Path, lang: str) -> None:
    db = tmp_path / "town.db"
    line = [
        "--lang",
        lang,
        "visit",
        "PC0001",
        "--worker",
        "W06",
        "--at",
        AT,
        "--db",
        str(db),
        "--key",
        "k",
    ]
    assert main([*line, "--create"]) == 0
    assert main([*line, "--note", "改了"]) == 1
    with Workspace.open(db, sample_config()) as ws:
        assert len(ws.state.visits) == 1
