"""
The typed command methods a Workspace and a scoped view share.

Each method builds one command value (`gridgov.app.commands`) and hands it to
``execute``: `Workspace.execute` runs it through the unit of work,
`ScopedView.execute` checks its scope first. So every command has the same
signature, the same idempotency and the same checks on both, from one place.
The methods are written per engine (`field_work`, `casework`, `points`,
`volunteers`) and gathered on one class here; nothing is inherited but this.
"""

from __future__ import annotations

import abc
from typing import TypeVar

from gridgov.app.commands import Command
from gridgov.app.conveniences import casework, field_work, points, volunteers

__all__ = ["CommandMethods"]

R = TypeVar("R")


class CommandMethods(abc.ABC):
    """Typed conveniences over ``execute(command)`` (one per command kind)."""

    @abc.abstractmethod
    def execute(self, command: Command[R]) -> R:
        """Run one command value; return its result."""

    record_visit = field_work.record_visit
    record_patrol = field_work.record_patrol
    move_household = field_work.move_household
    open_case = casework.open_case
    fire_case = casework.fire_case
    escalate_case = casework.escalate_case
    accept_case = casework.accept_case
    supervise_case = casework.supervise_case
    escalate_due = casework.escalate_due
    revise_deadlines = casework.revise_deadlines
    file_claim = points.file_claim
    step_claim = points.step_claim
    recognise_claim = points.recognise_claim
    place_order = points.place_order
    hand_over = points.hand_over
    cancel_order = points.cancel_order
    restock = points.restock
    record_activity = volunteers.record_activity
    order_service = volunteers.order_service
