"""
The roster (花名册/台账): regions, households, the grid workforce, on any day.

Build a `Roster` from a `TownshipSpec` (`build_roster`), from domain objects
(`from_parts`), or from a file (`gridgov.io.township.load_township`). Every
lookup that depends on time takes the day; moves return a new roster; checks
return findings and never raise.

>>> from datetime import date
>>> from gridgov.domain import (
...     Household,
...     Level,
...     Placement,
...     Region,
...     RegionCode,
...     Role,
...     Scope,
...     Worker,
... )
>>> town = Region(RegionCode("410381001"), "新区街道", Level.TOWN)
>>> peicun = Region(RegionCode("410381001002"), "裴村社区", Level.VILLAGE, town.code)
>>> g1 = Region(RegionCode("410381001002001"), "一网格", Level.GRID, peicun.code)
>>> g2 = Region(RegionCode("410381001002002"), "二网格", Level.GRID, peicun.code)
>>> homes = [
...     Household("H1", "1号", placements=(Placement(g1.code),)),
...     Household("H2", "2号", placements=(Placement(g2.code),)),
... ]
>>> ru = Worker("w1", "茹雪梅", Role.FULL_TIME_GRID_WORKER, Scope(regions=(g1.code,)))
>>> roster = from_parts(
...     name="裴村社区", regions=[town, peicun, g1, g2], households=homes, workers=[ru]
... )
>>> [h.id for h in roster.households_of("w1", date(2026, 5, 8))]
['H1']
>>> [f.households for f in check_coverage(roster, date(2026, 5, 8))]
[('H2',)]
>>> moved = roster.move("H2", g1.code, on=date(2026, 6, 1))
>>> (
...     moved.region_of("H2", date(2026, 6, 1)).name,
...     roster.region_of("H2", date(2026, 6, 1)).name,
... )
('一网格', '二网格')
"""

from gridgov.roster.build import build_roster, from_parts
from gridgov.roster.checks import (
    check_all,
    check_coverage,
    check_partition,
    check_spans,
)
from gridgov.roster.events import HouseholdMoveRecorded, household_stream
from gridgov.roster.findings import Finding, Severity
from gridgov.roster.model import Roster
from gridgov.roster.spec import (
    AreaSpec,
    GridSizeNorm,
    GridSpec,
    HouseholdSpec,
    MicroGridSpec,
    Norms,
    PartyCentralHousehold,
    SpanNorm,
    TownshipSpec,
    VillageSpec,
)
from gridgov.roster.summary import RegionCount, RosterSummary, summarize

__all__ = [
    "AreaSpec",
    "Finding",
    "GridSizeNorm",
    "GridSpec",
    "HouseholdMoveRecorded",
    "HouseholdSpec",
    "MicroGridSpec",
    "Norms",
    "PartyCentralHousehold",
    "RegionCount",
    "Roster",
    "RosterSummary",
    "Severity",
    "SpanNorm",
    "TownshipSpec",
    "VillageSpec",
    "build_roster",
    "check_all",
    "check_coverage",
    "check_partition",
    "check_spans",
    "from_parts",
    "household_stream",
    "summarize",
]
