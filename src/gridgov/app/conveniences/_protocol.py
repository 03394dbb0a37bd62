"""The one thing the command methods need of their owner: ``execute``."""

from __future__ import annotations

from typing import Protocol, TypeVar

from gridgov.app.commands import Command

__all__ = ["Executes"]

R = TypeVar("R")


class Executes(Protocol):
    """Anything that runs a command value: a Workspace, a scoped view."""

    def execute(self, command: Command[R]) -> R:
        """Run *command*; return its result."""
        ...
