"""A small hand-built roster shared by the roster tests (imported, not a conftest)."""

from __future__ import annotations

from datetime import date

from gridgov.domain import (
    DateSpan,
    Household,
    Level,
    Placement,
    Region,
    RegionCode,
    Role,
    Scope,
    TagAssignment,
    Worker,
)
from gridgov.roster import PartyCentralHousehold, Roster, from_parts

COUNTY = RegionCode("410381")
TOWN = RegionCode("410381003")
VILLAGE = RegionCode("410381003002")
G1 = RegionCode("410381003002001")
M11 = RegionCode("410381003002001001")
M12 = RegionCode("410381003002001002")
G2 = RegionCode("410381003002002")
MOVE_DAY = date(2026, 5, 15)
DAY = date(2026, 5, 8)


def small_regions() -> list[Region]:
    return [
        Region(COUNTY, "义马市", Level.COUNTY),
        Region(TOWN, "新区街道", Level.TOWN, COUNTY),
        Region(VILLAGE, "裴村社区", Level.VILLAGE, TOWN),
        Region(G1, "一网格", Level.GRID, VILLAGE),
        Region(M11, "一网格第1微网格", Level.MICRO_GRID, G1),
        Region(M12, "一网格第2微网格", Level.MICRO_GRID, G1),
        Region(G2, "二网格", Level.GRID, VILLAGE),
    ]


def small_households() -> list[Household]:
    return [
        Household(
            "H1",
            "1号楼101",
            placements=(Placement(M11),),
            building="1号楼",
            tags=(
                TagAssignment("empty_nest_elderly", span=DateSpan(date(2026, 1, 1))),
            ),
        ),
        Household("H2", "1号楼102", placements=(Placement(M11),), building="1号楼"),
        Household("H3", "2号楼201", placements=(Placement(M12),)),
        Household(
            "H4",
            "二组4号",
            placements=(
                Placement(G2, DateSpan(None, MOVE_DAY)),
                Placement(M12, DateSpan(MOVE_DAY)),
            ),
        ),
        Household(
            "H5",
            "二组5号",
            placements=(Placement(G2, DateSpan(None, date(2026, 6, 1))),),
        ),
    ]


def small_workers() -> list[Worker]:
    return [
        Worker("W1", "茹雪梅", Role.FULL_TIME_GRID_WORKER, Scope(regions=(M11,))),
        Worker("W2", "网格长", Role.GRID_CHIEF, Scope(regions=(G1,))),
        Worker("W3", "楼栋长", Role.BUILDING_HEAD, Scope(buildings=("1号楼",))),
        Worker("W4", "十户长", Role.TEN_HOUSEHOLD_HEAD, Scope(households=("H3", "H4"))),
        Worker(
            "W5",
            "离职网格员",
            Role.FULL_TIME_GRID_WORKER,
            Scope(regions=(G2,)),
            active=DateSpan(None, date(2026, 1, 1)),
        ),
        Worker("J1", "法官", Role.JUDGE, Scope(regions=(VILLAGE,))),
    ]


def small_roster() -> Roster:
    return from_parts(
        name="裴村社区",
        regions=small_regions(),
        households=small_households(),
        workers=small_workers(),
        central_households=[
            PartyCentralHousehold(id="D1", name="党员", links=("H1", "H2", "H3"))
        ],
    )
