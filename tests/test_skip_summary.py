"""The test run says what its skipped tests are (issue 13: "83 skipped", no more)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_summary_names_the_postgresql_tests(tmp_path: Path) -> None:
    """Two skips for want of a server are one group, named, with the fix."""
    test = tmp_path / "test_pg.py"
    test.write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.parametrize("n", [1, 2])
            def test_needs_a_server(n):
                pytest.skip("!!! NO POSTGRESQL: set GRIDGOV_PG_DSN !!!")

            def test_other():
                pytest.skip("the process campaign runs only with -m slow")
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            # The project's conftest.py, loaded as a plugin (the file is elsewhere).
            "-p",
            "conftest",
            str(test),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        # Not this run's own pytest variables (PYTEST_CURRENT_TEST, PYTEST_VERSION …).
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
    )
    out = done.stdout
    assert "what was skipped, and why" in out, out + done.stderr
    assert "    2  PostgreSQL journal tests: no server" in out
    assert "    1  the process campaign runs only with -m slow" in out
