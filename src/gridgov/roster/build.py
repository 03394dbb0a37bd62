"""
Building a `Roster`: from a `TownshipSpec` or from domain objects.

Both builders are pure and check every cross reference before building: unknown
regions, duplicate ids, malformed region codes, workers scoped to unknown
regions, households or buildings, care tags outside the vocabulary, organisation
members nobody knows, organisation parents that form a cycle, norms whose
minimum exceeds their maximum. All problems
are raised together in ONE `SpecError`, each located by its path in the spec
(``villages[0].grids[2].households[14].tags[0].tag``).

Quality problems that a real roster may well have (a household in a non-leaf
region, overlapping placements, nobody responsible, spans over the norm) are not
errors here: the checks in `gridgov.roster.checks` report them as findings.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from gridgov.domain.ids import RegionCode
from gridgov.domain.people import Household, Placement
from gridgov.domain.regions import Level, Region
from gridgov.domain.spans import DateSpan
from gridgov.domain.tags import CareTag, vocabulary
from gridgov.domain.workforce import Organisation, Worker
from gridgov.errors import GridgovError, SpecError, SpecProblem
from gridgov.roster.model import Roster
from gridgov.roster.references import ReferenceChecker
from gridgov.roster.spec import (
    GridSpec,
    HouseholdSpec,
    Norms,
    PartyCentralHousehold,
    TownshipSpec,
)

__all__ = ["build_roster", "from_parts"]


def _care_tags(checker: ReferenceChecker, tags: Iterable[CareTag], path: str) -> None:
    seen: dict[str, int] = {}
    for i, tag in enumerate(tags):
        if tag.code in seen:
            checker.add_of(
                f"{path}[{i}].code",
                "duplicate_at",
                kind="care tag",
                key=tag.code,
                first=f"{path}[{seen[tag.code]}]",
            )
        seen.setdefault(tag.code, i)


def _household(
    spec: HouseholdSpec, region: RegionCode, path: str, problems: list[SpecProblem]
) -> tuple[Household, list[str]]:
    try:
        here = Placement(region, DateSpan(spec.since, spec.until))
    except GridgovError as exc:
        problems.append(
            SpecProblem.of(
                f"{path}.until",
                "until_after_since",
                detail=str(exc),
                since=spec.since,
                value=spec.until,
            )
        )
        here = Placement(region, DateSpan(spec.since))
    placements = (*spec.previous, here)
    paths = [f"{path}.previous[{i}]" for i in range(len(spec.previous))] + [path]
    household = Household(
        id=spec.id,
        address=spec.address,
        placements=placements,
        building=spec.building,
        residency=spec.residency,
        resident_since=spec.resident_since,
        members=spec.members,
        tags=spec.tags,
    )
    return household, paths


def _grid_regions(
    grid: GridSpec, village: RegionCode, path: str
) -> Iterable[tuple[Region, str]]:
    yield (
        Region(grid.code, grid.name, Level.GRID, village, grid.kind, grid.name_en),
        path,
    )
    for m, micro in enumerate(grid.micro_grids):
        region = Region(
            micro.code,
            micro.name,
            Level.MICRO_GRID,
            grid.code,
            grid.kind,
            micro.name_en,
        )
        yield region, f"{path}.micro_grids[{m}]"


def _spec_regions(spec: TownshipSpec) -> list[tuple[Region, str]]:
    out: list[tuple[Region, str]] = []
    county = None
    if spec.county is not None:
        county = spec.county.code
        out.append(
            (
                Region(
                    county,
                    spec.county.name,
                    Level.COUNTY,
                    None,
                    name_en=spec.county.name_en,
                ),
                "county",
            )
        )
    out.append(
        (Region(spec.code, spec.name, Level.TOWN, county, name_en=spec.name_en), "")
    )
    for v, village in enumerate(spec.villages):
        vpath = f"villages[{v}]"
        out.append(
            (
                Region(
                    village.code,
                    village.name,
                    Level.VILLAGE,
                    spec.code,
                    name_en=village.name_en,
                ),
                vpath,
            )
        )
        for g, grid in enumerate(village.grids):
            out.extend(_grid_regions(grid, village.code, f"{vpath}.grids[{g}]"))
    return out


def _spec_households(spec: TownshipSpec) -> list[tuple[HouseholdSpec, RegionCode, str]]:
    out: list[tuple[HouseholdSpec, RegionCode, str]] = []
    for v, village in enumerate(spec.villages):
        for g, grid in enumerate(village.grids):
            gpath = f"villages[{v}].grids[{g}]"
            out.extend(
                (h, grid.code, f"{gpath}.households[{k}]")
                for k, h in enumerate(grid.households)
            )
            for m, micro in enumerate(grid.micro_grids):
                mpath = f"{gpath}.micro_grids[{m}]"
                out.extend(
                    (h, micro.code, f"{mpath}.households[{k}]")
                    for k, h in enumerate(micro.households)
                )
    return out


@attrs.frozen(kw_only=True)
class _Parts:
    """Everything a roster is made of, each part with the path it came from."""

    name: str
    regions: list[tuple[Region, str]]
    households: list[tuple[Household, str, list[str]]]
    workers: list[Worker]
    organisations: list[Organisation]
    centrals: list[PartyCentralHousehold]
    care_tags: tuple[CareTag, ...]
    norms: Norms
    check_parents: bool


def _register(checker: ReferenceChecker, parts: _Parts) -> None:
    """Pass 1: everything that exists, with duplicate and shape checks."""
    _care_tags(checker, parts.care_tags, "care_tags")
    known = {r.code for r, _ in parts.regions}
    for region, path in parts.regions:
        parent_known = region.parent is not None and region.parent in known
        checker.region(region, path, parent_known=parent_known)
    for household, path, _ in parts.households:
        checker.household(household, path)
    for i, worker in enumerate(parts.workers):
        checker.actor(worker.id, f"workers[{i}].id")
    for i, central in enumerate(parts.centrals):
        checker.actor(central.id, f"party_central_households[{i}].id")
    for i, org in enumerate(parts.organisations):
        checker.organisation(org, f"organisations[{i}]")


def _resolve(checker: ReferenceChecker, parts: _Parts) -> None:
    """Pass 2: every reference points at something registered in pass 1."""
    if parts.check_parents:
        levels = {r.code: r.level for r, _ in parts.regions}
        for region, path in parts.regions:
            checker.parent_ref(region, path, levels)
    for household, _, paths in parts.households:
        checker.placements(household, paths)
    for i, worker in enumerate(parts.workers):
        checker.worker(worker, f"workers[{i}]")
    for i, org in enumerate(parts.organisations):
        checker.organisation_refs(org, f"organisations[{i}]")
    checker.organisation_cycles(parts.organisations)
    for i, central in enumerate(parts.centrals):
        checker.central(central, f"party_central_households[{i}]")
    checker.norms(parts.norms, "norms")


def _assemble(parts: _Parts, problems: list[SpecProblem]) -> Roster:
    vocab = vocabulary(parts.care_tags)
    checker = ReferenceChecker(vocab)
    checker.problems.extend(problems)
    _register(checker, parts)
    _resolve(checker, parts)
    if checker.problems:
        raise SpecError(checker.problems)
    return Roster(
        name=parts.name,
        regions=[r for r, _ in parts.regions],
        households=[h for h, _, _ in parts.households],
        workers=parts.workers,
        organisations=parts.organisations,
        central_households=parts.centrals,
        vocabulary=vocab,
        norms=parts.norms,
    )


def _located(
    households: Iterable[tuple[str, Household]],
) -> list[tuple[Household, str, list[str]]]:
    out = []
    for base, household in households:
        paths = [f"{base}.placements[{j}]" for j in range(len(household.placements))]
        out.append((household, base, paths))
    return out


def build_roster(
    spec: TownshipSpec,
    *,
    extra_households: Iterable[tuple[str, Household]] = (),
) -> Roster:
    """
    Build a `Roster` from a structured `TownshipSpec`, checking every reference.

    Args:
        spec: The township spec (structure one with `gridgov.io.structure`, or
            load a file with `gridgov.io.township.load_township`).
        extra_households: More households, each with the path to report its
            problems at, e.g. those imported from the spec's ``household_tables``
            (``("household_tables[0] line 12", household)``).

    Raises:
        SpecError: Every problem found, each with its path.
    """
    problems: list[SpecProblem] = []
    households: list[tuple[Household, str, list[str]]] = []
    for hspec, region, path in _spec_households(spec):
        household, paths = _household(hspec, region, path, problems)
        households.append((household, path, paths))
    households += _located(extra_households)
    parts = _Parts(
        name=spec.title or spec.name,
        regions=_spec_regions(spec),
        households=households,
        workers=list(spec.workers),
        organisations=list(spec.organisations),
        centrals=list(spec.party_central_households),
        care_tags=spec.care_tags,
        norms=spec.norms,
        check_parents=False,
    )
    return _assemble(parts, problems)


def from_parts(
    *,
    name: str,
    regions: Iterable[Region],
    households: Iterable[Household] = (),
    workers: Iterable[Worker] = (),
    organisations: Iterable[Organisation] = (),
    central_households: Iterable[PartyCentralHousehold] = (),
    care_tags: Iterable[CareTag] = (),
    norms: Norms | None = None,
) -> Roster:
    """
    Build a `Roster` from domain objects, with the same checks as `build_roster`.

    Problems are located by position in the given iterables:
    ``regions[3].code``, ``households[7].placements[0].region``,
    ``workers[2].scope.regions[0]`` …

    Raises:
        SpecError: Every problem found, each with its path.
    """
    parts = _Parts(
        name=name,
        regions=[(r, f"regions[{i}]") for i, r in enumerate(regions)],
        households=_located((f"households[{i}]", h) for i, h in enumerate(households)),
        workers=list(workers),
        organisations=list(organisations),
        centrals=list(central_households),
        care_tags=tuple(care_tags),
        norms=norms if norms is not None else Norms(),
        check_parents=True,
    )
    return _assemble(parts, [])
