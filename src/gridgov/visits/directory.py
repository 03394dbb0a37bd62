"""
What the visits engine asks of a roster, and a roster that changes over time.

The engine needs three answers, all dated: which households a worker is
responsible for on a day, who is responsible for a household on a day, and a
worker's record (for ``capacity_per_day``). `gridgov.roster.Roster` gives all
three; `Directory` is the protocol so a host can pass its own.

A worker's scope is part of the roster version, so a scope change (a 网格员
takes over another grid from the 1st) is a new roster version from that day.
`RosterTimeline` strings versions together: every lookup goes to the version
in force on its day, so a plan for the month follows the households to their
new worker from the day of the change, while every past visit stays with its
household (visits are keyed by household, never by worker scope).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol, runtime_checkable

import attrs

from gridgov.domain.people import Household
from gridgov.domain.workforce import Worker
from gridgov.errors import InvalidValueError

__all__ = ["Directory", "RosterTimeline"]


@runtime_checkable
class Directory(Protocol):
    """The dated lookups the visits engine uses (`gridgov.roster.Roster` has them)."""

    def households_of(self, worker_id: str, on: date) -> tuple[Household, ...]:
        """Households worker *worker_id* is responsible for on *on*."""
        ...

    def responsible_for(
        self, household_id: str, on: date, *, all_roles: bool = False
    ) -> tuple[Worker, ...]:
        """Workers responsible for a household on *on*."""
        ...

    def worker(self, worker_id: str) -> Worker:
        """The worker record."""
        ...


@attrs.frozen
class RosterTimeline:
    """
    Roster versions, each in force from its day until the next one's.

    The first version also answers for days before its start.

    Attributes:
        versions: ``(from_day, directory)`` pairs with strictly increasing days.
    """

    versions: tuple[tuple[date, Directory], ...]

    def __attrs_post_init__(self) -> None:
        days = [d for d, _ in self.versions]
        if not days or any(a >= b for a, b in pairwise(days)):
            raise InvalidValueError(
                "versions", "at least one version, with strictly increasing days", days
            )

    def then(self, from_day: date, directory: Directory) -> RosterTimeline:
        """Return a timeline with *directory* in force from *from_day* on."""
        kept = tuple((d, r) for d, r in self.versions if d < from_day)
        return RosterTimeline((*kept, (from_day, directory)))

    def at(self, on: date) -> Directory:
        """Return the version in force on *on*."""
        starts: Sequence[date] = [d for d, _ in self.versions]
        return self.versions[max(bisect_right(starts, on) - 1, 0)][1]

    def households_of(self, worker_id: str, on: date) -> tuple[Household, ...]:
        """Households of *worker_id* on *on*, from the version in force."""
        return self.at(on).households_of(worker_id, on)

    def responsible_for(
        self, household_id: str, on: date, *, all_roles: bool = False
    ) -> tuple[Worker, ...]:
        """Workers responsible for the household on *on*, from the version in force."""
        return self.at(on).responsible_for(household_id, on, all_roles=all_roles)

    def worker(self, worker_id: str) -> Worker:
        """The worker record from the latest version."""
        return self.versions[-1][1].worker(worker_id)
