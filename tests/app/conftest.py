"""Shared fixtures for the Workspace tests: the sample config, loaded once."""

from __future__ import annotations

import pytest

from gridgov.app import WorkspaceConfig, sample_config


@pytest.fixture(scope="session")
def config() -> WorkspaceConfig:
    """The sample township 裴村社区 with the sample rule book, policy, shop and menu."""
    return sample_config()
