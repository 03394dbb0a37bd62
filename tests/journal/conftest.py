"""Fixtures for the journal tests: where the PostgreSQL server is, if any."""

import os

import pytest

# The contract suite lives in src/; let pytest explain its failed asserts.
pytest.register_assert_rewrite("gridgov.testing.journal_contract")

PG_ENV = "GRIDGOV_PG_DSN"
REQUIRE_ENV = "GRIDGOV_REQUIRE_PG"

_NO_SERVER = (
    "!!! NO POSTGRESQL: set GRIDGOV_PG_DSN (e.g. `source .ci/services`) to run the "
    "PostgreSQL journal tests; they are SKIPPED, not passed !!!"
)


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    """The DSN of a PostgreSQL server; skip loudly (or fail in CI) without one."""
    dsn = os.environ.get(PG_ENV, "")
    if not dsn:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {PG_ENV} is unset: {_NO_SERVER}")
        pytest.skip(_NO_SERVER)
    return dsn
