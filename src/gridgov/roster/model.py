"""
The `Roster`: who lives where and who is responsible for whom, on any day.

A roster is immutable. It holds the region tree, the households with their
effective-dated placements, the grid workforce, organisations, the 党员中心户
overlay, the care-tag vocabulary and the norms. Every question that depends on
time takes the day as an argument (``on=``); nothing reads the clock.
A move returns a *new* roster, so a caller can keep both versions.

Build one with `gridgov.roster.build_roster` (from a `TownshipSpec`),
`Roster.from_parts` (from domain objects) or
`gridgov.io.township.load_township` (from a file).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from gridgov.domain.ids import HouseholdId, OrganisationId, RegionCode, WorkerId
from gridgov.domain.people import Household
from gridgov.domain.regions import Region
from gridgov.domain.tags import CareTag
from gridgov.domain.tags import vocabulary as standard_vocabulary
from gridgov.domain.workforce import Organisation, Worker
from gridgov.errors import InvalidValueError, UnknownEntityError
from gridgov.roster.placements import placed_from, removed_from
from gridgov.roster.spec import Norms, PartyCentralHousehold

__all__ = ["Roster"]

T = TypeVar("T")


def _get(mapping: Mapping[Any, T], kind: str, key: str) -> T:
    """Look *key* up, turning a miss into `UnknownEntityError` naming *kind*."""
    try:
        return mapping[key]
    except KeyError:
        raise UnknownEntityError(kind, key) from None


class Roster:
    """
    An immutable township roster with date-aware lookups.

    Construct through `gridgov.roster.build_roster` or `Roster.from_parts`,
    which validate cross references; the constructor itself trusts its input.

    Attributes:
        name: Display name (the township or community).
        regions: Every region, parents before children, by code.
        households: Every household, by id, in roster order.
        workers: The grid workforce, by id.
        organisations: Organisations (Party bodies, committees, teams), by id.
        central_households: 党员中心户, by id.
        vocabulary: The care-tag vocabulary in force (built-in plus extensions).
        norms: The norms the checks use.
    """

    __slots__ = (
        "_by_building",
        "_by_leaf",
        "_by_scope",
        "_children",
        "_order",
        "central_households",
        "households",
        "name",
        "norms",
        "organisations",
        "regions",
        "vocabulary",
        "workers",
    )

    def __init__(
        self,
        *,
        name: str,
        regions: Iterable[Region],
        households: Iterable[Household] = (),
        workers: Iterable[Worker] = (),
        organisations: Iterable[Organisation] = (),
        central_households: Iterable[PartyCentralHousehold] = (),
        vocabulary: Mapping[str, CareTag] | None = None,
        norms: Norms | None = None,
    ) -> None:
        self.name = name
        self.regions: Mapping[RegionCode, Region] = MappingProxyType(
            {r.code: r for r in regions}
        )
        self.households: Mapping[HouseholdId, Household] = MappingProxyType(
            {h.id: h for h in households}
        )
        self.workers: Mapping[WorkerId, Worker] = MappingProxyType(
            {w.id: w for w in workers}
        )
        self.organisations: Mapping[OrganisationId, Organisation] = MappingProxyType(
            {o.id: o for o in organisations}
        )
        self.central_households: Mapping[str, PartyCentralHousehold] = MappingProxyType(
            {c.id: c for c in central_households}
        )
        self.vocabulary = (
            vocabulary if vocabulary is not None else standard_vocabulary()
        )
        self.norms = norms if norms is not None else Norms()
        children: dict[RegionCode, list[RegionCode]] = {c: [] for c in self.regions}
        for region in self.regions.values():
            if region.parent is not None and region.parent in children:
                children[region.parent].append(region.code)
        self._children = {k: tuple(v) for k, v in children.items()}
        by_leaf: dict[RegionCode, list[HouseholdId]] = {}
        by_building: dict[str, list[HouseholdId]] = {}
        for hh in self.households.values():
            for code in dict.fromkeys(p.region for p in hh.placements):
                by_leaf.setdefault(code, []).append(hh.id)
            if hh.building:
                by_building.setdefault(hh.building, []).append(hh.id)
        self._by_leaf = by_leaf
        self._by_building = by_building
        self._order = {hid: i for i, hid in enumerate(self.households)}
        # Which workers name a region, household or building in their scope:
        # responsible_for looks up candidates instead of scanning every worker.
        by_scope: dict[str, list[WorkerId]] = {}
        for worker in self.workers.values():
            scope = worker.scope
            for key in {*scope.regions, *scope.households, *scope.buildings}:
                by_scope.setdefault(key, []).append(worker.id)
        self._by_scope = by_scope

    def __repr__(self) -> str:
        return (
            f"<Roster {self.name!r}: {len(self.regions)} regions, "
            f"{len(self.households)} households, {len(self.workers)} workers>"
        )

    def _replace_household(self, household: Household) -> Roster:
        households = dict(self.households)
        households[household.id] = household
        return Roster(
            name=self.name,
            regions=self.regions.values(),
            households=households.values(),
            workers=self.workers.values(),
            organisations=self.organisations.values(),
            central_households=self.central_households.values(),
            vocabulary=self.vocabulary,
            norms=self.norms,
        )

    # -- regions -------------------------------------------------------------

    def region(self, code: str) -> Region:
        """
        Return the region with *code*.

        Raises:
            UnknownEntityError: If no region has that code.
        """
        return _get(self.regions, "region", code)

    def roots(self) -> tuple[Region, ...]:
        """Return the regions without a parent in this roster (usually one)."""
        return tuple(
            r
            for r in self.regions.values()
            if r.parent is None or r.parent not in self.regions
        )

    def children(self, code: str) -> tuple[Region, ...]:
        """Return the direct children of region *code*, in spec order."""
        self.region(code)
        return tuple(self.regions[c] for c in self._children[RegionCode(code)])

    def is_leaf(self, code: str) -> bool:
        """Return whether region *code* has no children (households live in leaves)."""
        self.region(code)
        return not self._children[RegionCode(code)]

    def ancestors(self, code: str) -> tuple[Region, ...]:
        """Return the regions above *code*, nearest first (grid, village, town …)."""
        out: list[Region] = []
        seen = {code}
        parent = self.region(code).parent
        # `seen` guards a roster constructed directly with a cycle of parents.
        while parent is not None and parent in self.regions and parent not in seen:
            seen.add(parent)
            region = self.regions[parent]
            out.append(region)
            parent = region.parent
        return tuple(out)

    def subtree(self, code: str) -> tuple[Region, ...]:
        """Return region *code* and everything below it, parents first."""
        out: list[Region] = []
        seen: set[RegionCode] = set()
        stack = [self.region(code).code]
        while stack:
            current = stack.pop()
            if current in seen:  # only in a roster constructed with a cycle
                continue
            seen.add(current)
            out.append(self.regions[current])
            stack.extend(reversed(self._children[current]))
        return tuple(out)

    def leaves(self, code: str | None = None) -> tuple[Region, ...]:
        """Return the leaf regions under *code* (or of the whole roster)."""
        pool: Iterable[Region] = (
            self.regions.values() if code is None else self.subtree(code)
        )
        return tuple(r for r in pool if not self._children[r.code])

    def within(self, code: str, ancestor: str) -> bool:
        """Return whether region *code* is *ancestor* or lies below it."""
        if code == ancestor:
            self.region(code)
            return True
        return any(r.code == ancestor for r in self.ancestors(code))

    # -- households ----------------------------------------------------------

    def household(self, household_id: str) -> Household:
        """
        Return the household with *household_id*.

        Raises:
            UnknownEntityError: If the roster has no such household.
        """
        return _get(self.households, "household", household_id)

    def region_of(self, household_id: str, on: date) -> Region | None:
        """
        Return the leaf region a household lives in on day *on*.

        This is the one answer visits and cases use for "whose grid is this
        household in today?". A household that has moved away (or not yet
        arrived) has no region on that day: the result is None.

        Raises:
            UnknownEntityError: If the roster has no such household.
        """
        code = self.household(household_id).region_on(on)
        return None if code is None else self.regions.get(code)

    def _sorted(self, ids: Iterable[HouseholdId]) -> tuple[Household, ...]:
        unique = set(ids)
        return tuple(
            self.households[h] for h in sorted(unique, key=self._order.__getitem__)
        )

    def _in_region_ids(self, code: str, on: date) -> Iterator[HouseholdId]:
        for leaf in self.subtree(code):
            for hid in self._by_leaf.get(leaf.code, ()):
                if self.households[hid].region_on(on) == leaf.code:
                    yield hid

    def households_in(self, code: str, on: date) -> tuple[Household, ...]:
        """
        Return the households living in region *code* (its whole subtree) on *on*.

        Raises:
            UnknownEntityError: If the region is unknown.
        """
        return self._sorted(self._in_region_ids(code, on))

    def households_in_building(self, building: str, on: date) -> tuple[Household, ...]:
        """Return the households of building (楼栋) *building* placed on *on*."""
        return self._sorted(
            hid
            for hid in self._by_building.get(building, ())
            if self.households[hid].region_on(on) is not None
        )

    def households_with_tag(
        self, tag: str, on: date, *, region: str | None = None
    ) -> tuple[Household, ...]:
        """
        Return the households carrying care tag *tag* on *on* (optionally in *region*).

        Raises:
            UnknownEntityError: If *tag* is not in the roster's vocabulary.
        """
        if tag not in self.vocabulary:
            raise UnknownEntityError("care tag", tag)
        pool: Iterable[HouseholdId] = (
            self.households if region is None else self._in_region_ids(region, on)
        )
        return self._sorted(
            hid
            for hid in pool
            if self.households[hid].has_tag(tag, on)
            and self.households[hid].region_on(on) is not None
        )

    # -- workforce -----------------------------------------------------------

    def worker(self, worker_id: str) -> Worker:
        """
        Return the worker with *worker_id*.

        Raises:
            UnknownEntityError: If the roster has no such worker.
        """
        return _get(self.workers, "worker", worker_id)

    def _scope_ids(self, worker: Worker, on: date) -> Iterator[HouseholdId]:
        scope = worker.scope
        for code in scope.regions:
            yield from self._in_region_ids(code, on)
        for hid in scope.households:
            if hid in self.households and self.households[hid].region_on(on):
                yield hid
        for building in scope.buildings:
            yield from (h.id for h in self.households_in_building(building, on))

    def households_of(self, worker_id: str, on: date) -> tuple[Household, ...]:
        """
        Return the households worker *worker_id* is responsible for on day *on*.

        The scope's regions count with their whole subtree, plus the scope's
        explicit households and the households of its buildings (楼栋), each
        only if placed somewhere in the roster that day. A worker who is not
        active on *on* has no households. Households come once each, in
        roster order.

        Raises:
            UnknownEntityError: If the roster has no such worker.
        """
        worker = self.worker(worker_id)
        if not worker.active.contains(on):
            return ()
        return self._sorted(self._scope_ids(worker, on))

    def responsible_for(
        self, household_id: str, on: date, *, all_roles: bool = False
    ) -> tuple[Worker, ...]:
        """
        Return the workers responsible for a household on *on*.

        By default only roles listed in ``norms.responsible_roles`` count (the
        grid workforce, not the 三官一律 advisers); ``all_roles=True`` counts
        every worker whose scope covers the household.

        Raises:
            UnknownEntityError: If the roster has no such household.
        """
        household = self.household(household_id)
        leaf = household.region_on(on)
        if leaf is None:
            return ()
        keys: list[str] = [household.id, leaf]
        if leaf in self.regions:
            keys += [r.code for r in self.ancestors(leaf)]
        if household.building:
            keys.append(household.building)
        candidates = {w for key in keys for w in self._by_scope.get(key, ())}
        roles = set(self.norms.responsible_roles)
        return tuple(
            w
            for w in self.workers.values()
            if w.id in candidates
            and (all_roles or w.role in roles)
            and self.covers(w, household, on)
        )

    def covers(self, worker: Worker, household: Household, on: date) -> bool:
        """Return whether *worker* is active and has *household* in scope on *on*."""
        leaf = household.region_on(on)
        if leaf is None or not worker.active.contains(on):
            return False
        scope = worker.scope
        if household.id in scope.households:
            return True
        if household.building and household.building in scope.buildings:
            return True
        if leaf not in self.regions:
            return False
        return any(self.within(leaf, code) for code in scope.regions)

    def links_of(self, central_id: str, on: date) -> tuple[Household, ...]:
        """
        Return the households a 党员中心户 links on *on* (placed that day).

        Raises:
            UnknownEntityError: If there is no such central household.
        """
        central = _get(self.central_households, "party central household", central_id)
        if not central.active.contains(on):
            return ()
        return self._sorted(
            h
            for h in central.links
            if h in self.households and self.households[h].region_on(on)
        )

    # -- effective-dated moves -------------------------------------------------

    def move(self, household_id: str, to_region: str, *, on: date) -> Roster:
        """
        Return a new roster in which the household lives in *to_region* from *on*.

        Days before *on* keep their placement; from *on* onwards the household
        is in *to_region* until further notice (a later placement is replaced).
        The original roster is unchanged.

        Raises:
            UnknownEntityError: If the household or region is unknown.
            InvalidValueError: If *to_region* is not a leaf region.
        """
        household = self.household(household_id)
        region = self.region(to_region)
        if not self.is_leaf(region.code):
            raise InvalidValueError(
                "to_region", "a leaf region (网格 or 微网格)", to_region
            )
        return self._replace_household(placed_from(household, region.code, on))

    def move_out(self, household_id: str, *, on: date) -> Roster:
        """
        Return a new roster in which the household has left (搬离) from day *on*.

        Raises:
            UnknownEntityError: If the household is unknown.
        """
        return self._replace_household(removed_from(self.household(household_id), on))
