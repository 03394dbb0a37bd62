"""Hypothesis strategies for whole townships (see `gridgov.testing.strategies`)."""

from __future__ import annotations

from gridgov.domain.ids import (
    HouseholdId,
    OrganisationId,
    RegionCode,
    WorkerId,
)
from gridgov.domain.people import (
    Residency,
)
from gridgov.domain.regions import Level, Region
from gridgov.domain.workforce import (
    Membership,
    Organisation,
    OrgKind,
    Role,
    Scope,
    Worker,
)
from gridgov.errors import MissingExtraError
from gridgov.roster.build import build_roster
from gridgov.roster.model import Roster
from gridgov.roster.spec import (
    AreaSpec,
    GridSpec,
    HouseholdSpec,
    MicroGridSpec,
    PartyCentralHousehold,
    TownshipSpec,
    VillageSpec,
)

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("testing", "hypothesis", "gridgov.testing") from None

from gridgov.testing._model import dates, names, persons, region_trees, tag_assignments


def _leaf_households(
    draw: st.DrawFn, counter: list[int], max_households: int
) -> tuple[HouseholdSpec, ...]:
    out = []
    for _ in range(draw(st.integers(0, max_households))):
        counter[0] += 1
        hid = f"H{counter[0]:04d}"
        head = draw(st.none() | persons(f"{hid}-1"))
        out.append(
            HouseholdSpec(
                id=HouseholdId(hid),
                address=f"{counter[0]}号",
                building=draw(st.sampled_from(["", "1号楼", "2号楼"])),
                residency=draw(st.sampled_from(Residency)),
                resident_since=draw(st.none() | dates()),
                members=() if head is None else (head,),
                tags=tuple(draw(st.lists(tag_assignments(), max_size=2))),
            )
        )
    return tuple(out)


def _villages(
    draw: st.DrawFn, tree: list[Region], max_households: int
) -> tuple[VillageSpec, ...]:
    counter = [0]
    children: dict[str | None, list[Region]] = {}
    for region in tree:
        children.setdefault(region.parent, []).append(region)
    villages = []
    for village in (r for r in tree if r.level is Level.VILLAGE):
        grids = []
        for grid in children.get(village.code, []):
            micro = tuple(
                MicroGridSpec(
                    code=m.code,
                    name=m.name,
                    households=_leaf_households(draw, counter, max_households),
                )
                for m in children.get(grid.code, [])
            )
            direct = () if micro else _leaf_households(draw, counter, max_households)
            grids.append(
                GridSpec(
                    code=grid.code,
                    name=grid.name,
                    kind=grid.kind,
                    micro_grids=micro,
                    households=direct,
                )
            )
        villages.append(
            VillageSpec(code=village.code, name=village.name, grids=tuple(grids))
        )
    return tuple(villages)


def _all_households(villages: tuple[VillageSpec, ...]) -> list[HouseholdSpec]:
    out: list[HouseholdSpec] = []
    for village in villages:
        for grid in village.grids:
            out.extend(grid.households)
            for micro in grid.micro_grids:
                out.extend(micro.households)
    return out


@st.composite
def township_specs(draw: st.DrawFn, max_households: int = 4) -> TownshipSpec:
    """
    A valid `TownshipSpec`: every reference resolves and every id is unique.

    Each leaf region holds up to *max_households* households. Most leaves have a
    专职网格员 scoped to them; some 十户长 and 楼栋长 have explicit household or
    building scopes; a few 党员中心户 link households; one 党支部 has members.
    """
    tree = draw(region_trees())
    villages = _villages(draw, tree, max_households)
    homes = _all_households(villages)
    home_ids = tuple(h.id for h in homes)
    parents = {r.parent for r in tree}
    leaves = [r.code for r in tree if r.code not in parents]
    staff = [
        Worker(
            WorkerId(f"W{i:03d}"),
            draw(names()),
            Role.FULL_TIME_GRID_WORKER,
            Scope(regions=(code,)),
        )
        for i, code in enumerate(leaves)
        if draw(st.integers(0, 4)) > 0
    ]
    if home_ids:
        for i in range(draw(st.integers(0, 2))):
            scope = Scope(
                households=tuple(
                    draw(st.lists(st.sampled_from(home_ids), max_size=12, unique=True))
                )
            )
            staff.append(
                Worker(
                    WorkerId(f"T{i:03d}"), draw(names()), Role.TEN_HOUSEHOLD_HEAD, scope
                )
            )
    buildings = tuple(sorted({h.building for h in homes if h.building}))
    with_building_head: bool = draw(st.booleans())
    if buildings and with_building_head:
        staff.append(
            Worker(
                WorkerId("L001"),
                draw(names()),
                Role.BUILDING_HEAD,
                Scope(buildings=buildings[:1]),
            )
        )
    centrals = [
        PartyCentralHousehold(
            id=f"D{i:03d}",
            name=draw(names()),
            links=tuple(
                draw(st.lists(st.sampled_from(home_ids), max_size=16, unique=True))
            ),
        )
        for i in range(draw(st.integers(0, 2) if home_ids else st.just(0)))
    ]
    person_ids = tuple(p.id for h in homes for p in h.members)
    branch = Organisation(
        OrganisationId("O-BRANCH"),
        "党支部",
        OrgKind.PARTY_BRANCH,
        members=tuple(Membership(p, "党员", party_member=True) for p in person_ids[:5]),
    )
    return TownshipSpec(
        code=RegionCode("410381003"),
        name="新区街道",
        county=AreaSpec(code=RegionCode("410381"), name="义马市"),
        villages=villages,
        workers=tuple(staff),
        organisations=(branch,),
        party_central_households=tuple(centrals),
    )


def rosters(max_households: int = 4) -> st.SearchStrategy[Roster]:
    """Rosters built from `township_specs` (always valid)."""
    return township_specs(max_households).map(build_roster)
