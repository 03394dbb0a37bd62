"""Shared fixtures for the Workspace tests: the sample config, loaded once."""

from __future__ import annotations

import os

import pytest

from gridgov.app import WorkspaceConfig, sample_config


@pytest.fixture(scope="session")
def config() -> WorkspaceConfig:
    """The sample township 裴村社区 with the sample rule book, policy, shop and menu."""
    return sample_config()


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    """The DSN in GRIDGOV_PG_DSN; skip loudly (fail if required) without one."""
    dsn = os.environ.get("GRIDGOV_PG_DSN", "")
    if not dsn:
        message = "!!! NO POSTGRESQL: set GRIDGOV_PG_DSN (source .ci/services) !!!"
        if os.environ.get("GRIDGOV_REQUIRE_PG") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return dsn
