"""
Cross-reference checks shared by `build_roster` and `from_parts`.

A `ReferenceChecker` is fed every region, household, worker, organisation and
党员中心户 together with the path it came from, and collects one `SpecProblem`
per bad reference (unknown region, duplicate id, malformed code, unknown care
tag …). It never stops at the first problem: the caller raises one `SpecError`
with all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from gridgov.domain.ids import RegionCode
from gridgov.domain.people import Household
from gridgov.domain.regions import Level, Region, region_code_problem
from gridgov.domain.tags import CareTag
from gridgov.domain.workforce import Organisation, Worker
from gridgov.errors import SpecProblem, closest
from gridgov.roster.spec import Norms, PartyCentralHousehold

__all__ = ["ReferenceChecker"]


class ReferenceChecker:
    """Collects located problems while the parts of a roster are registered."""

    def __init__(self, vocabulary: Mapping[str, CareTag]) -> None:
        self.problems: list[SpecProblem] = []
        self.vocabulary = vocabulary
        self._regions: dict[str, str] = {}
        self._households: dict[str, str] = {}
        self._persons: dict[str, str] = {}
        self._actors: dict[str, str] = {}
        self._organisations: dict[str, str] = {}
        self._buildings: set[str] = set()
        self._bad_codes: set[str] = set()

    def add(self, path: str, message: str) -> None:
        """Record one problem at *path*."""
        self.problems.append(SpecProblem(path, message))

    def add_of(self, path: str, code: str, /, **params: Any) -> None:
        """Record one structured problem at *path* (`SpecProblem.of`)."""
        self.problems.append(SpecProblem.of(path, code, **params))

    def _unknown(self, path: str, kind: str, key: str, known: Iterable[str]) -> None:
        self.add_of(
            path, "unknown_ref", kind=kind, key=key, suggestion=closest(key, known)
        )

    def _unique(self, seen: dict[str, str], kind: str, key: str, path: str) -> bool:
        if key in seen:
            self.add_of(path, "duplicate_id", kind=kind, key=key, first=seen[key])
            return False
        seen[key] = path
        return True

    # -- registration (pass 1: what exists) ----------------------------------

    def region(self, region: Region, path: str, parent_known: bool = True) -> None:
        """
        Register a region, checking its code's shape and uniqueness.

        The prefix check against the parent's code is skipped when the parent's
        own code was bad, so one mistake is reported once, not once per child.
        """
        where = f"{path}.code" if path else "code"
        if region.code in self._regions:
            first = self._regions[region.code]
            self.add_of(
                where, "duplicate_at", kind="region code", key=region.code, first=first
            )
            return
        self._regions[region.code] = where
        parent = region.parent if parent_known else None
        if parent is not None and parent in self._bad_codes:
            parent = None
        problem = region_code_problem(region.code, region.level, parent)
        if problem is not None:
            self._bad_codes.add(region.code)
            self.problems.append(problem.at(where))

    def household(self, household: Household, path: str) -> None:
        """Register a household and its members; check ids and care tags."""
        self._unique(self._households, "household", household.id, f"{path}.id")
        if household.building:
            self._buildings.add(household.building)
        for i, person in enumerate(household.members):
            self._unique(self._persons, "person", person.id, f"{path}.members[{i}].id")
        for i, tag in enumerate(household.tags):
            if tag.tag not in self.vocabulary:
                self._unknown(
                    f"{path}.tags[{i}].tag", "care tag", tag.tag, self.vocabulary
                )

    def actor(self, key: str, path: str) -> None:
        """Register a worker or 党员中心户 id (they share one namespace)."""
        self._unique(self._actors, "worker", key, path)

    def organisation(self, org: Organisation, path: str) -> None:
        """Register an organisation id."""
        self._unique(self._organisations, "organisation", org.id, f"{path}.id")

    # -- references (pass 2: what is referred to) ----------------------------

    def region_ref(self, code: str, path: str) -> None:
        """Check that *code* names a known region."""
        if code not in self._regions:
            self._unknown(path, "region", code, self._regions)

    def household_ref(self, key: str, path: str) -> None:
        """Check that *key* names a known household."""
        if key not in self._households:
            self._unknown(path, "household", key, self._households)

    def person_ref(self, key: str | None, path: str) -> None:
        """Check that *key* (if given) names a known person."""
        if key is not None and key not in self._persons:
            self._unknown(path, "person", key, self._persons)

    def organisation_ref(self, key: str | None, path: str) -> None:
        """Check that *key* (if given) names a known organisation."""
        if key is not None and key not in self._organisations:
            self._unknown(path, "organisation", key, self._organisations)

    def parent_ref(
        self, region: Region, path: str, levels: Mapping[RegionCode, Level]
    ) -> None:
        """
        Check that a region's parent (if any) is known and sits at a higher level.

        Levels strictly rising towards the root is also what rules out cycles.
        """
        if region.parent is None:
            return
        self.region_ref(region.parent, f"{path}.parent")
        above = levels.get(region.parent)
        if above is not None and above.depth >= region.level.depth:
            self.add_of(
                f"{path}.parent",
                "parent_level",
                level=region.level.zh,
                level_en=region.level.value,
                key=region.parent,
                above=above.zh,
                above_en=above.value,
            )

    def placements(self, household: Household, paths: Sequence[str]) -> None:
        """Check every placement's region; *paths* gives each one's path."""
        for placement, path in zip(household.placements, paths, strict=True):
            self.region_ref(placement.region, f"{path}.region")

    def worker(self, worker: Worker, path: str) -> None:
        """Check a worker's scope and person references."""
        for i, code in enumerate(worker.scope.regions):
            self.region_ref(code, f"{path}.scope.regions[{i}]")
        for i, key in enumerate(worker.scope.households):
            self.household_ref(key, f"{path}.scope.households[{i}]")
        for i, building in enumerate(worker.scope.buildings):
            if building not in self._buildings:
                where = f"{path}.scope.buildings[{i}]"
                self._unknown(where, "building", building, self._buildings)
        self.person_ref(worker.person, f"{path}.person")

    def organisation_cycles(self, orgs: Sequence[Organisation]) -> None:
        """
        Refuse organisation parents that lead back to where they started.

        Each cycle is reported once, at the ``parent`` of its first member in
        file order, naming the whole loop (``a → b → a``).
        """
        index = {org.id: i for i, org in reversed(list(enumerate(orgs)))}
        parent = {org.id: org.parent for org in orgs}
        reported: set[str] = set()
        for i, org in enumerate(orgs):
            chain = [org.id]
            step = parent.get(org.id)
            while step is not None and step in parent and step not in chain:
                chain.append(step)
                step = parent[step]
            if step != org.id or reported & set(chain):
                continue
            reported.update(chain)
            loop = " → ".join([*chain, org.id])
            if index[org.id] == i:
                self.add_of(
                    f"organisations[{i}].parent",
                    "cycle",
                    kind="organisation parents",
                    chain=loop,
                )

    def organisation_refs(self, org: Organisation, path: str) -> None:
        """Check an organisation's region, parent and members."""
        if org.region is not None:
            self.region_ref(org.region, f"{path}.region")
        self.organisation_ref(org.parent, f"{path}.parent")
        for i, m in enumerate(org.members):
            if m.member not in self._persons and m.member not in self._actors:
                hint = closest(m.member, [*self._persons, *self._actors])
                self.add_of(
                    f"{path}.members[{i}].member",
                    "unknown_member",
                    key=m.member,
                    suggestion=hint,
                )

    def central(self, central: PartyCentralHousehold, path: str) -> None:
        """Check a 党员中心户's host household, person, links and party group."""
        if central.household is not None:
            self.household_ref(central.household, f"{path}.household")
        self.person_ref(central.person, f"{path}.person")
        for i, key in enumerate(central.links):
            self.household_ref(key, f"{path}.links[{i}]")
        self.organisation_ref(central.party_group, f"{path}.party_group")

    def norms(self, norms: Norms, path: str) -> None:
        """Check that every norm's minimum is at most its maximum."""
        bounds = [
            (
                norms.central_household_min,
                norms.central_household_max,
                f"{path}.central_household_max",
            ),
            *(
                (n.min, n.max, f"{path}.spans[{i}].max")
                for i, n in enumerate(norms.spans)
            ),
            *(
                (n.min, n.max, f"{path}.grid_sizes[{i}].max")
                for i, n in enumerate(norms.grid_sizes)
            ),
        ]
        for low, high, where in bounds:
            if low > high:
                self.add_of(where, "max_below_min", low=low, high=high)
