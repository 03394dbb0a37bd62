"""
Test configuration shared by tests/, docs/, examples/ and the doctests in src/.

The suite is written against the State Council holiday notices up to 2026
(the newest one the ``holidays`` package held when it was written), and many
tests and doc examples show what happens in a year without a notice: 2027. A
newer ``holidays`` release that adds the 2027 notice must not turn those into
failures, so the whole run treats 2026 as the last published year. The
package's own data for 2001-2026 is still used as it is.

Tests of optional features skip when their extra is missing (a developer's
minimal install). CI sets ``GRIDGOV_REQUIRE_EXTRAS=1``: then a missing extra
stops the run instead, so nothing is skipped there by accident.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator

import pytest

from gridgov.calendar import _china

PUBLISHED_THROUGH = 2026
"""The last year whose holiday notice the tests and docs are written against."""


@pytest.fixture(autouse=True, scope="session")
def _notices_through_2026() -> Iterator[None]:
    if _china.LAST_PUBLISHED_YEAR < PUBLISHED_THROUGH:
        pytest.exit(
            f"holidays {_china.HOLIDAYS_VERSION} knows notices only up to "
            f"{_china.LAST_PUBLISHED_YEAR}; the tests need {PUBLISHED_THROUGH}",
            returncode=2,
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_china, "LAST_PUBLISHED_YEAR", PUBLISHED_THROUGH)
        yield


EXTRAS = (
    "pandas",
    "matplotlib",
    "openpyxl",
    "psycopg",
    "jsonschema",
    "nbclient",
    "nbformat",
    "ipykernel",
    "starlette",
    "httpx2",
)
"""What the test extra installs for tests that would otherwise skip."""


@pytest.fixture(autouse=True, scope="session")
def _extras_present_when_required() -> None:
    if os.environ.get("GRIDGOV_REQUIRE_EXTRAS") != "1":
        return
    missing = [name for name in EXTRAS if importlib.util.find_spec(name) is None]
    if missing:
        pytest.exit(
            f"GRIDGOV_REQUIRE_EXTRAS=1 but these are not installed: "
            f"{', '.join(missing)} (pip install -e '.[test]')",
            returncode=2,
        )


def _skip_reason(report: pytest.TestReport) -> str:
    """The reason a skipped test gives (pytest keeps it in ``longrepr``)."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # noqa: PLR2004 - (path, line, reason)
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _skip_group(reason: str) -> str:
    if "POSTGRESQL" in reason.upper() or "GRIDGOV_PG_DSN" in reason:
        return (
            "PostgreSQL journal tests: no server (set GRIDGOV_PG_DSN, or "
            "`source .ci/services` to start one)"
        )
    return reason


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """
    Say what the skipped tests are, grouped by why, below pytest's "N skipped".

    A bare "83 skipped" does not tell a newcomer that these are the PostgreSQL
    tests (no server) or the long campaigns (``-m slow``).
    """
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    groups: dict[str, int] = {}
    for report in skipped:
        group = _skip_group(_skip_reason(report))
        groups[group] = groups.get(group, 0) + 1
    terminalreporter.section("what was skipped, and why")
    for group, count in sorted(groups.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count:5d}  {group}")
