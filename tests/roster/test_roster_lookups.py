"""Roster lookups: region tree, households by region/worker/tag/building, on a day."""

from __future__ import annotations

from datetime import date

import pytest
from roster_fixtures import (
    DAY,
    G1,
    G2,
    M11,
    M12,
    MOVE_DAY,
    TOWN,
    VILLAGE,
    small_roster,
)

from gridgov.errors import InvalidValueError, UnknownEntityError
from gridgov.roster import Roster


@pytest.fixture
def roster() -> Roster:
    return small_roster()


def test_region_tree(roster: Roster) -> None:
    """children, ancestors (nearest first), subtree (parents first) and leaves."""
    assert [r.code for r in roster.children(G1)] == [M11, M12]
    assert [r.code for r in roster.ancestors(M11)] == [G1, VILLAGE, TOWN, "410381"]
    assert [r.code for r in roster.subtree(G1)] == [G1, M11, M12]
    assert [r.code for r in roster.leaves()] == [M11, M12, G2]
    assert [r.code for r in roster.leaves(G1)] == [M11, M12]
    assert [r.code for r in roster.roots()] == ["410381"]
    assert roster.is_leaf(G2)
    assert not roster.is_leaf(G1)
    assert roster.within(M11, VILLAGE)
    assert not roster.within(G2, G1)


def test_households_in_region_on_a_day(roster: Roster) -> None:
    """A region's households are those of its subtree on that day."""
    assert [h.id for h in roster.households_in(G1, DAY)] == ["H1", "H2", "H3"]
    assert [h.id for h in roster.households_in(G1, MOVE_DAY)] == [
        "H1",
        "H2",
        "H3",
        "H4",
    ]
    assert [h.id for h in roster.households_in(G2, DAY)] == ["H4", "H5"]
    assert [h.id for h in roster.households_in(G2, date(2026, 6, 1))] == []


def test_region_of_household(roster: Roster) -> None:
    """region_of gives the leaf on the day, None when placed nowhere."""
    assert roster.region_of("H4", date(2026, 5, 14)).code == G2  # type: ignore[union-attr]
    assert roster.region_of("H4", MOVE_DAY).code == M12  # type: ignore[union-attr]
    assert roster.region_of("H5", date(2026, 6, 1)) is None


def test_households_of_worker(roster: Roster) -> None:
    """Scope regions count with their subtree; households and buildings explicitly."""
    assert [h.id for h in roster.households_of("W1", DAY)] == ["H1", "H2"]
    assert [h.id for h in roster.households_of("W2", DAY)] == ["H1", "H2", "H3"]
    assert [h.id for h in roster.households_of("W3", DAY)] == ["H1", "H2"]
    assert [h.id for h in roster.households_of("W4", DAY)] == ["H3", "H4"]


def test_inactive_worker_has_no_households(roster: Roster) -> None:
    """A worker outside their active span is responsible for nobody."""
    assert roster.households_of("W5", DAY) == ()
    assert [h.id for h in roster.households_of("W5", date(2025, 12, 31))] == [
        "H4",
        "H5",
    ]


def test_responsible_for(roster: Roster) -> None:
    """Who looks after a household: the grid workforce, advisers only on request."""
    assert [w.id for w in roster.responsible_for("H1", DAY)] == ["W1", "W2", "W3"]
    assert [w.id for w in roster.responsible_for("H5", DAY)] == []
    assert [w.id for w in roster.responsible_for("H5", DAY, all_roles=True)] == ["J1"]


def test_by_tag_and_building(roster: Roster) -> None:
    """Households by care tag on a day and by building."""
    assert [h.id for h in roster.households_with_tag("empty_nest_elderly", DAY)] == [
        "H1"
    ]
    on_new_year = date(2025, 12, 31)
    assert roster.households_with_tag("empty_nest_elderly", on_new_year) == ()
    assert roster.households_with_tag("empty_nest_elderly", DAY, region=G2) == ()
    assert [h.id for h in roster.households_in_building("1号楼", DAY)] == ["H1", "H2"]


def test_central_household_links(roster: Roster) -> None:
    """A 党员中心户's links placed on the day."""
    assert [h.id for h in roster.links_of("D1", DAY)] == ["H1", "H2", "H3"]


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda r: r.region("999"), "region"),
        (lambda r: r.children("999"), "region"),
        (lambda r: r.household("nope"), "household"),
        (lambda r: r.region_of("nope", DAY), "household"),
        (lambda r: r.worker("nope"), "worker"),
        (lambda r: r.households_of("nope", DAY), "worker"),
        (lambda r: r.households_with_tag("no_such_tag", DAY), "care tag"),
        (lambda r: r.links_of("nope", DAY), "party central household"),
        (lambda r: r.move("nope", M11, on=DAY), "household"),
        (lambda r: r.move("H1", "999", on=DAY), "region"),
    ],
)
def test_unknown_ids_raise_unknown_entity(roster: Roster, call, kind: str) -> None:
    """Every lookup of an unknown id raises UnknownEntityError naming the kind."""
    with pytest.raises(UnknownEntityError) as info:
        call(roster)
    assert info.value.kind == kind


def test_move_into_non_leaf_is_refused(roster: Roster) -> None:
    """Households live in leaves: moving into a grid with micro-grids is refused."""
    with pytest.raises(InvalidValueError, match="to_region"):
        roster.move("H1", G1, on=DAY)


def test_move_returns_new_roster(roster: Roster) -> None:
    """A move leaves the original roster unchanged."""
    moved = roster.move("H1", G2, on=DAY)
    assert roster.region_of("H1", DAY).code == M11  # type: ignore[union-attr]
    assert moved.region_of("H1", DAY).code == G2  # type: ignore[union-attr]
    assert moved.region_of("H1", date(2026, 5, 7)).code == M11  # type: ignore[union-attr]
    assert [h.id for h in moved.households_of("W1", DAY)] == ["H2"]


def test_move_out(roster: Roster) -> None:
    """After 搬离 the household is placed nowhere from that day on."""
    gone = roster.move_out("H1", on=DAY)
    assert gone.region_of("H1", DAY) is None
    assert gone.region_of("H1", date(2026, 5, 7)).code == M11  # type: ignore[union-attr]


def test_repr_is_short(roster: Roster) -> None:
    """The roster's repr summarises instead of dumping households."""
    assert repr(roster) == "<Roster '裴村社区': 7 regions, 5 households, 6 workers>"
