"""
Effective-dated placement arithmetic for moves (迁入, 迁出, 搬离).

Placements are half-open `DateSpan`s, so "from day *d* the household lives in
*r*" is: cut every placement at *d*, keep what lies before, add ``[d, ∞)`` in
*r*, and merge neighbours in the same region. Days before *d* never change.

>>> from datetime import date
>>> from gridgov.domain import Household, Placement, RegionCode
>>> h = Household("H1", "1号", placements=(Placement(RegionCode("A")),))
>>> moved = placed_from(h, RegionCode("B"), date(2026, 3, 15))
>>> [(p.region, p.span.start, p.span.end) for p in moved.placements]
[('A', None, datetime.date(2026, 3, 15)), ('B', datetime.date(2026, 3, 15), None)]
"""

from __future__ import annotations

from datetime import date

import attrs

from gridgov.domain.ids import RegionCode
from gridgov.domain.people import Household, Placement
from gridgov.domain.spans import DateSpan

__all__ = ["normalised", "placed_from", "removed_from"]


def _before(placements: tuple[Placement, ...], day: date) -> list[Placement]:
    """The parts of *placements* that lie strictly before *day*."""
    kept: list[Placement] = []
    for p in placements:
        start, end = p.span.start, p.span.end
        if start is not None and start >= day:
            continue
        new_end = day if end is None or end > day else end
        if start is not None and new_end <= start:
            continue  # an empty span says nothing
        kept.append(Placement(p.region, DateSpan(start, new_end)))
    return kept


def _start_key(p: Placement) -> date:
    return p.span.start if p.span.start is not None else date.min


def normalised(placements: list[Placement]) -> tuple[Placement, ...]:
    """Sort placements by start and merge touching spans in the same region."""
    out: list[Placement] = []
    for p in sorted(placements, key=_start_key):
        if out and out[-1].region == p.region and out[-1].span.end == p.span.start:
            out[-1] = Placement(p.region, DateSpan(out[-1].span.start, p.span.end))
        else:
            out.append(p)
    return tuple(out)


def placed_from(household: Household, region: RegionCode, day: date) -> Household:
    """Return *household* living in *region* from *day* on, unchanged before."""
    kept = _before(household.placements, day)
    kept.append(Placement(region, DateSpan(day, None)))
    return attrs.evolve(household, placements=normalised(kept))


def removed_from(household: Household, day: date) -> Household:
    """Return *household* no longer placed anywhere from *day* on (搬离)."""
    return attrs.evolve(
        household, placements=normalised(_before(household.placements, day))
    )
