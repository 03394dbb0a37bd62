"""
Protocols: the contracts between gridgov's layers.

Engines depend on these shapes, never on a concrete calendar or clock, so a host
application can substitute its own (a municipal holiday service, a frozen clock in
tests). Like structlog's ``typing`` module, this module holds no behaviour.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "WorkCalendar"]


@runtime_checkable
class Clock(Protocol):
    """
    Where the imperative shell gets "now" from. The pure core never calls it.

    The shell passes ``clock.now()`` into engines as ``at=``/``as_of=``.
    """

    def now(self) -> datetime:
        """Return the current, timezone-aware instant."""
        ...


@runtime_checkable
class WorkCalendar(Protocol):
    """
    Working days and working hours, as deadlines need them.

    ``gridgov.calendar.ChinaCalendar`` implements it from the State Council
    holiday notices (including 调休 working Saturdays).
    """

    def is_working_day(self, day: date) -> bool:
        """Return whether *day* is a working day (工作日)."""
        ...

    def add_working_days(self, day: date, n: int) -> date:
        """Return the working day *n* working days after *day* (n >= 0)."""
        ...

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in the half-open interval [*start*, *end*)."""
        ...

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """Return the instant *hours* working hours after *start*."""
        ...

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Count working hours between two instants (0 if *end* <= *start*)."""
        ...

    def describe(self) -> str:
        """Return provenance for deadlines: calendar name, data version, policy."""
        ...
