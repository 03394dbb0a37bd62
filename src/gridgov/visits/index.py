"""
An index of visits by household, for counting visits in a window fast.

Visits on the same day count once (a rule asks for visits on distinct days);
the kinds made that day are kept as a bit mask so that "home visits only" is
one ``&``.

>>> from datetime import date
>>> from gridgov.domain import HouseholdId
>>> from gridgov.visits.policy import KIND_BITS, VisitKind
>>> idx = VisitIndex.from_days(
...     [
...         (HouseholdId("H1"), date(2026, 3, 2), VisitKind.PHONE),
...         (HouseholdId("H1"), date(2026, 3, 2), VisitKind.HOME),
...         (HouseholdId("H1"), date(2026, 3, 9), VisitKind.PHONE),
...     ]
... )
>>> idx.count(HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1))
2
>>> idx.count(HouseholdId("H1"), date(2026, 3, 1), date(2026, 4, 1), VisitKind.HOME.bit)
1
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from gridgov.domain.ids import HouseholdId
from gridgov.visits.events import VisitRecorded
from gridgov.visits.policy import KIND_BITS, VisitKind

__all__ = ["ALL_KINDS", "HouseholdVisits", "VisitIndex"]

ALL_KINDS = VisitKind.HOME.bit | VisitKind.PHONE.bit | VisitKind.VIDEO.bit
"""The mask accepting every visit kind."""


@attrs.frozen
class HouseholdVisits:
    """
    One household's visit days: sorted day ordinals and the kinds made each day.

    Attributes:
        days: Sorted, distinct `date.toordinal` values.
        masks: For each day, the bit mask of visit kinds (`VisitKind.bit`).
    """

    days: tuple[int, ...]
    masks: tuple[int, ...]

    def count(self, start: int, end: int, mask: int = ALL_KINDS) -> int:
        """Count days in ordinals ``[start, end)`` with a visit of a kind in *mask*."""
        days = self.days
        lo = bisect_left(days, start)
        hi = bisect_left(days, end, lo)
        if mask == ALL_KINDS:
            return hi - lo
        masks = self.masks
        return sum(1 for i in range(lo, hi) if masks[i] & mask)

    def first(self, start: int, end: int, mask: int = ALL_KINDS) -> int | None:
        """Return the first day ordinal in ``[start, end)`` with a matching visit."""
        days = self.days
        masks = self.masks
        for i in range(bisect_left(days, start), bisect_left(days, end)):
            if masks[i] & mask:
                return days[i]
        return None

    def last_before(self, end: int, mask: int = ALL_KINDS) -> int | None:
        """Return the last day ordinal before *end* with a matching visit."""
        days = self.days
        masks = self.masks
        for i in range(bisect_left(days, end) - 1, -1, -1):
            if masks[i] & mask:
                return days[i]
        return None


_EMPTY = HouseholdVisits((), ())


@attrs.frozen
class VisitIndex:
    """
    Visit days per household; build with `from_visits` or `from_days`.

    Attributes:
        by_household: Each household's `HouseholdVisits`.
    """

    by_household: Mapping[HouseholdId, HouseholdVisits]

    @classmethod
    def from_days(
        cls, rows: Iterable[tuple[HouseholdId, date, VisitKind]]
    ) -> VisitIndex:
        """Build from ``(household, day, kind)`` rows in any order."""
        acc: dict[HouseholdId, dict[int, int]] = {}
        bits = KIND_BITS
        for household, day, kind in rows:
            per_day = acc.get(household)
            if per_day is None:
                per_day = acc[household] = {}
            ordinal = day.toordinal()
            per_day[ordinal] = per_day.get(ordinal, 0) | bits[kind]
        built = {}
        for household, per_day in acc.items():
            days = tuple(sorted(per_day))
            built[household] = HouseholdVisits(days, tuple(per_day[d] for d in days))
        return cls(MappingProxyType(built))

    @classmethod
    def from_visits(cls, visits: Iterable[VisitRecorded]) -> VisitIndex:
        """Build from `VisitRecorded` events (days in China time)."""
        return cls.from_days((v.household, v.day, v.kind) for v in visits)

    def of(self, household: HouseholdId) -> HouseholdVisits:
        """Return *household*'s visits (empty if it has none)."""
        return self.by_household.get(household, _EMPTY)

    def count(
        self, household: HouseholdId, start: date, end: date, mask: int = ALL_KINDS
    ) -> int:
        """Count visit days of *household* in ``[start, end)`` matching *mask*."""
        return self.of(household).count(start.toordinal(), end.toordinal(), mask)
