"""
Which provisional years (暂定年份) the answers given inside a block relied on.

A calendar that answers for a year without a holiday notice (policy
``PROVISIONAL`` or ``WEEKENDS_ONLY``) reports that year here, on every answer
that needed it. `track_provisional` collects the reports of one block of code,
in a `contextvars.ContextVar`, so threads and asyncio tasks sharing one
calendar each see only their own answers. `gridgov.calendar.compute_deadlines`
uses it to record, with every deadline, whether it rests on an estimate.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar, Token

__all__ = ["begin_tracking", "end_tracking", "note_provisional", "track_provisional"]

_ACTIVE: ContextVar[tuple[set[int], ...]] = ContextVar(
    "gridgov_provisional_years", default=()
)


@contextlib.contextmanager
def track_provisional() -> Iterator[set[int]]:
    """
    Collect the provisional years that calendar answers inside the block needed.

    Yields a set that fills as the block runs; blocks may nest, and an inner
    block's years are reported to the outer one too.

    >>> from datetime import date
    >>> from gridgov.calendar import ChinaCalendar
    >>> cal = ChinaCalendar(unpublished="provisional")
    >>> with track_provisional() as years:
    ...     cal.add_working_days(date(2026, 12, 30), 5)
    datetime.date(2027, 1, 7)
    >>> years
    {2027}
    >>> with track_provisional() as years:
    ...     cal.add_working_days(date(2026, 12, 1), 5)
    datetime.date(2026, 12, 8)
    >>> years
    set()
    """
    found, token = begin_tracking()
    try:
        yield found
    finally:
        end_tracking(token)


def begin_tracking() -> tuple[set[int], Token[tuple[set[int], ...]]]:
    """Start collecting, as `track_provisional` does; end with `end_tracking`."""
    found: set[int] = set()
    return found, _ACTIVE.set((*_ACTIVE.get(), found))


def end_tracking(token: Token[tuple[set[int], ...]]) -> None:
    """Stop the collection `begin_tracking` started."""
    _ACTIVE.reset(token)


def note_provisional(year: int) -> None:
    """Report that an answer needed provisional *year* (calendars call this)."""
    for found in _ACTIVE.get():
        found.add(year)
