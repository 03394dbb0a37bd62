"""
People (人) and households (户).

A `Household` is the unit that is visited, that earns points and that lives in
exactly one leaf region on any day. Its placements, registration status and care
tags are effective-dated so that every question ("who lived in grid 3 on
2026-03-14? who was a 留守儿童 household in March?") has one exact answer.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date

import attrs
from dateutil.relativedelta import relativedelta

from gridgov.domain.ids import HouseholdId, PersonId, RegionCode
from gridgov.domain.privacy import masked_id_repr, masked_phone_repr, masked_repr
from gridgov.domain.spans import DateSpan
from gridgov.domain.tags import AttentionLevel

__all__ = [
    "Gender",
    "Household",
    "Person",
    "Placement",
    "Residency",
    "TagAssignment",
]


class Gender(enum.StrEnum):
    """Gender as recorded in a 台账."""

    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Residency(enum.StrEnum):
    """户籍 status: registered here, or living here from outside."""

    REGISTERED = "registered"
    RESIDENT = "resident"

    @property
    def zh(self) -> str:
        """The Chinese label (户籍 / 常住非户籍)."""
        return {"registered": "户籍", "resident": "常住非户籍"}[self.value]


@masked_repr
@attrs.frozen
class Person:
    """
    A resident.

    ID number and phone are masked in ``repr()`` and ``str()``; read the
    attributes directly when the full value is really needed.

    >>> p = Person(
    ...     PersonId("p1"),
    ...     "陈海军",
    ...     id_number="410381199001011234",
    ...     phone="13812345678",
    ... )
    >>> p
    Person(id='p1', name='陈海军', id_number='410***********1234', ...)
    >>> "13812345678" in repr(p) or "13812345678" in str(p)
    False
    >>> p.phone
    '13812345678'
    """

    id: PersonId
    name: str
    id_number: str = attrs.field(default="", repr=masked_id_repr)
    phone: str = attrs.field(default="", repr=masked_phone_repr)
    gender: Gender = Gender.UNKNOWN
    birth_date: date | None = None
    party_member: bool = False
    relation: str = ""
    """Relation to the head of household (户主, 配偶, 子女 …)."""

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    def age_on(self, day: date) -> int | None:
        """Return the age in whole years on *day*, or None if unknown."""
        if self.birth_date is None:
            return None
        return relativedelta(day, self.birth_date).years


@attrs.frozen
class Placement:
    """A household's leaf region over a span of days."""

    region: RegionCode
    span: DateSpan = DateSpan()


@attrs.frozen
class TagAssignment:
    """A care tag on a household, with its attention level and span."""

    tag: str
    attention: AttentionLevel = AttentionLevel.NORMAL
    span: DateSpan = DateSpan()
    note: str = ""


@masked_repr
@attrs.frozen
class Household:
    """
    A household (户).

    Attributes:
        id: Unique id.
        address: Street address or village group (组) and number.
        placements: Where the household lives, as non-overlapping spans.
            Use `gridgov.roster.Roster.move` rather than editing by hand.
        building: Building (楼栋) id for urban compounds, ``""`` in villages.
        residency: `Residency.REGISTERED` (户籍) or `Residency.RESIDENT`.
        resident_since: First day of residence, for "resident >= 3 months" rules.
        members: The people of the household, head first.
        tags: Effective-dated care tags.
    """

    id: HouseholdId
    address: str
    placements: tuple[Placement, ...] = ()
    building: str = ""
    residency: Residency = Residency.REGISTERED
    resident_since: date | None = None
    members: tuple[Person, ...] = ()
    tags: tuple[TagAssignment, ...] = ()

    @property
    def head(self) -> Person | None:
        """The first member (户主), if any."""
        return self.members[0] if self.members else None

    def region_on(self, day: date) -> RegionCode | None:
        """Return the leaf region the household lives in on *day*, or None."""
        for placement in self.placements:
            if placement.span.contains(day):
                return placement.region
        return None

    def tags_on(self, day: date) -> Iterator[TagAssignment]:
        """Yield the tag assignments in force on *day*."""
        return (t for t in self.tags if t.span.contains(day))

    def has_tag(self, tag: str, day: date) -> bool:
        """Return whether *tag* is in force on *day*."""
        return any(t.tag == tag for t in self.tags_on(day))

    def attention_on(self, day: date) -> AttentionLevel | None:
        """The highest attention level of any tag in force on *day*, or None."""
        levels = [t.attention for t in self.tags_on(day)]
        return max(levels, key=lambda a: a.rank) if levels else None

    def months_resident(self, day: date) -> int | None:
        """Whole months of residence on *day* (None if ``resident_since`` unknown)."""
        if self.resident_since is None:
            return None
        if day < self.resident_since:
            return 0
        delta = relativedelta(day, self.resident_since)
        return delta.years * 12 + delta.months
