"""Roster checks report findings with severities and never raise."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from roster_fixtures import (
    DAY,
    G1,
    G2,
    M11,
    small_households,
    small_regions,
    small_roster,
    small_workers,
)

from gridgov.domain import DateSpan, GridKind, Household, Placement, Role, Scope, Worker
from gridgov.roster import (
    GridSizeNorm,
    Norms,
    PartyCentralHousehold,
    Roster,
    Severity,
    SpanNorm,
    check_all,
    check_coverage,
    check_partition,
    check_spans,
    from_parts,
    summarize,
)


def codes(findings) -> list[str]:
    return [f"{f.check}.{f.code}" for f in findings]


def test_partition_clean_roster() -> None:
    """The hand roster has no partition errors on a day everyone is placed."""
    assert check_partition(small_roster(), DAY) == ()


def test_partition_reports_non_leaf_and_overlap() -> None:
    """A household in a grid with micro-grids, or in two places at once, is an error."""
    homes = [
        *small_households(),
        Household("X1", "错位", placements=(Placement(G1),)),
        Household(
            "X2",
            "重叠",
            placements=(
                Placement(M11, DateSpan(None, date(2026, 6, 1))),
                Placement(G2, DateSpan(date(2026, 5, 1))),
            ),
        ),
    ]
    roster = from_parts(name="t", regions=small_regions(), households=homes)
    found = check_partition(roster, DAY)
    assert sorted(codes(found)) == ["partition.non_leaf", "partition.overlap"]
    by_code = {f.code: f for f in found}
    assert by_code["non_leaf"].households == ("X1",)
    assert by_code["non_leaf"].region == G1
    assert by_code["overlap"].households == ("X2",)
    assert all(f.severity is Severity.ERROR for f in found)


def test_partition_reports_unknown_region_and_unplaced() -> None:
    """A roster built without checks can still be checked: unknown regions, unplaced."""
    homes = [
        Household("Y1", "?", placements=(Placement("999999999999999"),)),
        Household("Y2", "走了", placements=(Placement(M11, DateSpan(None, DAY)),)),
    ]
    roster = Roster(name="raw", regions=small_regions(), households=homes)
    found = check_partition(roster, DAY)
    assert codes(found) == ["partition.unknown_region", "partition.unplaced"]
    assert found[0].households == ("Y1",)
    assert found[1].households == ("Y2",)
    assert found[1].severity is Severity.INFO


def test_coverage_lists_exactly_who_is_left_out() -> None:
    """H5 (二网格, whose 网格员 has left) is the one household nobody looks after."""
    (finding,) = check_coverage(small_roster(), DAY)
    assert finding.households == ("H5",)
    assert finding.severity is Severity.ERROR
    assert "不漏一户" in finding.message


def test_coverage_roles_are_configurable() -> None:
    """Counting the 法官 as responsible (a norms choice) covers H5."""
    norms = Norms(responsible_roles=(*Norms().responsible_roles, Role.JUDGE))
    roster = from_parts(
        name="t",
        regions=small_regions(),
        households=small_households(),
        workers=small_workers(),
        norms=norms,
    )
    assert check_coverage(roster, DAY) == ()


def test_spans_against_norms() -> None:
    """Over/under span findings for 党员中心户, roles and grids, with counts."""
    centrals = [
        PartyCentralHousehold(id="D1", name="少", links=("H1", "H2")),
        PartyCentralHousehold(
            id="D2", name="正好", links=("H1", "H2", "H3", "H4", "H5")
        ),
    ]
    norms = Norms(
        spans=(
            SpanNorm(role=Role.BUILDING_HEAD, min=1, max=1, severity=Severity.ERROR),
        ),
        grid_sizes=(GridSizeNorm(kind=GridKind.URBAN, min=1, max=2),),
    )
    roster = from_parts(
        name="t",
        regions=small_regions(),
        households=small_households(),
        workers=small_workers(),
        central_households=centrals,
        norms=norms,
    )
    found = {(f.worker or f.region): f for f in check_spans(roster, DAY)}
    assert found["D1"].code == "under"
    assert found["D1"].count == 2
    assert "D2" not in found
    assert found["W3"].code == "over"
    assert found["W3"].severity is Severity.ERROR
    assert found[G1].code == "over"
    assert found[G1].count == 3
    assert G2 not in found


def test_check_all_orders_by_severity() -> None:
    """check_all returns errors first, then warnings, then info."""
    centrals = [PartyCentralHousehold(id="D1", name="少", links=("H1",))]
    roster = from_parts(
        name="t",
        regions=small_regions(),
        households=small_households(),
        workers=small_workers(),
        central_households=centrals,
    )
    ranks = [f.severity.rank for f in check_all(roster, DAY)]
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[0] == Severity.ERROR.rank


def test_inactive_central_household_is_not_checked() -> None:
    """A 党员中心户 outside its active span has no span finding."""
    centrals = [
        PartyCentralHousehold(
            id="D1", name="旧", links=("H1",), active=DateSpan(None, date(2026, 1, 1))
        )
    ]
    roster = from_parts(
        name="t",
        regions=small_regions(),
        households=small_households(),
        central_households=centrals,
    )
    assert [f for f in check_spans(roster, DAY) if f.worker == "D1"] == []


def test_summary_counts() -> None:
    """The summary counts households per region subtree and workers per role."""
    summary = summarize(small_roster(), DAY)
    per_region = {r.code: r.households for r in summary.regions}
    assert per_region[G1] == 3
    assert per_region[G2] == 2
    assert per_region["410381"] == 5
    assert summary.households == 5
    roles = dict(summary.roles)
    assert roles[Role.FULL_TIME_GRID_WORKER] == 1  # W5 is no longer active
    assert summary.central_households == 1
    assert summary.central_links == 3
    assert dict(summary.care_tags) == {"空巢老人": 1}
    text = "\n".join(summary.lines())
    assert "一网格 [网格] 410381003002001: 3 户" in text


@pytest.mark.parametrize("day", [date(2015, 1, 1), DAY, date(2035, 1, 1)])
def test_checks_never_raise_on_any_day(day: date) -> None:
    """Checks are total: any day, any roster, findings not exceptions."""
    roster = small_roster()
    worker = Worker("Z", "空", Role.BUILDING_HEAD, Scope(buildings=("1号楼",)))
    roster = from_parts(
        name="t",
        regions=small_regions(),
        households=small_households(),
        workers=[*small_workers(), worker],
    )
    assert isinstance(check_all(roster, day), tuple)
    assert attrs.has(type(summarize(roster, day)))


def test_from_parts_refuses_parent_cycles_and_level_inversions() -> None:
    """A parent must sit above its child: no cycles, no town under a grid."""
    from gridgov.domain import Level, Region
    from gridgov.errors import SpecError

    regions = [
        Region("410381", "甲", Level.COUNTY, "410382"),
        Region("410382", "乙", Level.COUNTY, "410381"),
    ]
    with pytest.raises(SpecError) as info:
        from_parts(name="t", regions=regions)
    assert info.value.paths == ("regions[0].parent", "regions[1].parent")
    assert "expected a parent above 县区" in str(info.value)


def test_parents_may_come_after_children() -> None:
    """from_parts does not depend on the order regions are given in."""
    roster = from_parts(name="t", regions=list(reversed(small_regions())))
    assert [r.code for r in roster.ancestors(M11)][-1] == "410381"


def test_constructed_cycle_does_not_hang() -> None:
    """A roster built directly (unchecked) with a cycle still answers."""
    from gridgov.domain import Level, Region

    regions = [
        Region("410381", "甲", Level.COUNTY, "410382"),
        Region("410382", "乙", Level.COUNTY, "410381"),
    ]
    roster = Roster(name="raw", regions=regions)
    assert [r.code for r in roster.ancestors("410381")] == ["410382"]
    assert [r.code for r in roster.subtree("410381")] == ["410381", "410382"]
