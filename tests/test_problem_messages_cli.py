"""
The command line says errors and spec problems in Chinese (English with --lang en).

``gridgov validate`` runs on malformed files of every kind, drawn by the fuzz
campaign's generator (tests/io/test_io_fuzz_cases.py), and its Chinese report
is scanned for English (`_ascii_scan.english_leaks`) and for problems left in
English; refused write verbs print one Chinese line on stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _ascii_scan import english_leaks
from gridgov.cli import main

sys.path.insert(0, str(Path(__file__).parent / "io"))  # the fuzz cases' module
from test_io_fuzz_cases import KINDS, Case, garbled, mutated, write_case


def test_cli_error_line_is_chinese_or_english() -> None:
    """``gridgov X：错误：…`` by default; ``gridgov X: error: …`` with --lang en."""
    for lang, expected in (
        ("zh", "gridgov plan：错误：找不到人员编号 NOBODY"),
        ("en", "gridgov plan: error: unknown worker 'NOBODY'"),
    ):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(
                ["--lang", lang, "plan", "--worker", "NOBODY", "--week", "2026-W48"]
            )
        assert code == 1
        assert err.getvalue().strip() == expected


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _validate_zh(case: Case) -> tuple[str, list[dict[str, Any]]]:
    """Validate *case* in Chinese; return the report and the JSON problems."""
    with tempfile.TemporaryDirectory() as tmp:
        target = str(write_case(case, Path(tmp)))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            main(["validate", "--kind", case.kind, target])
        text = out.getvalue().replace(target, "")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["validate", "--kind", case.kind, "--json", target])
    (result,) = json.loads(out.getvalue())
    return text, result.get("problems", [])


def _check_chinese(case: Case) -> None:
    text, problems = _validate_zh(case)
    assert english_leaks(text) == [], (case.label, text)
    english = [
        p for p in problems if p["code"] == "" or p["text"].endswith(p["message"])
    ]
    assert english == [], (case.label, english)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_validate_speaks_chinese_on_malformed_files(
    kind: str, data: st.DataObject
) -> None:
    """The fuzz campaign's mutations: every problem is said in Chinese."""
    _check_chinese(data.draw(mutated(kind)))


@FUZZ
@given(case=st.sampled_from(KINDS).flatmap(garbled))
def test_validate_speaks_chinese_on_garbled_files(case: Case) -> None:
    """Cut, spliced, re-encoded files: the encoding and parse problems in Chinese."""
    _check_chinese(case)


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample township after a simulated day, in a SQLite journal."""
    db = str(tmp_path_factory.mktemp("errors") / "town.db")
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        assert main(["demo", "--db", db, "--period", "2026-11-02", "--quiet"]) == 0
    return db


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--period", "2026-13"],
        ["plan", "--worker", "NOBODY", "--week", "2026-W48"],
        ["visit", "PC9999", "--actor", "W06"],
        ["order", "DH-X", "--account", "PC0001", "--item", "oil=9"],
        [
            "claim",
            "file",
            "J-X",
            "--account",
            "PC0001",
            "--actor",
            "W06",
            "--fact",
            "kinds=x",
        ],
        ["case", "fire", "C-NONE", "accept", "--actor", "W06"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_refusals_on_the_command_line_are_chinese(
    journal: str, argv: list[str]
) -> None:
    """A refused command's stderr line: Chinese by default, nothing English in it."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert main([*argv, "--db", journal]) == 1
    text = err.getvalue()
    assert text.startswith(f"gridgov {argv[0]}"), text
    assert "：错误：" in text.splitlines()[0]
    assert english_leaks(text, allow=[journal, *argv]) == [], text
