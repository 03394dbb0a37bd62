"""Roster properties over generated townships: coverage, partition, moves."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain import Role, Scope, Worker
from gridgov.roster import Roster, build_roster, check_coverage, check_partition
from gridgov.testing.strategies import dates, rosters, township_specs

DAY = date(2026, 5, 8)


def _without(scope: Scope, removed: set[str], roster: Roster) -> Scope:
    """The scope, minus the removed households, expressed household by household."""
    covered = set(scope.households)
    for code in scope.regions:
        covered |= {h.id for h in roster.households_in(code, DAY)}
    for building in scope.buildings:
        covered |= {h.id for h in roster.households_in_building(building, DAY)}
    return Scope(households=tuple(sorted(covered - removed)))


@given(township_specs(), st.data())
def test_removed_from_every_scope_are_exactly_the_uncovered(spec, data) -> None:
    """Removing k households from every worker's scope reports exactly those k."""
    base = build_roster(spec)
    # Start from full coverage: one grid worker per leaf.
    leaf_workers = tuple(
        Worker(
            f"X{i}", "网格员", Role.FULL_TIME_GRID_WORKER, Scope(regions=(leaf.code,))
        )
        for i, leaf in enumerate(base.leaves())
    )
    full = build_roster(attrs.evolve(spec, workers=spec.workers + leaf_workers))
    placed = sorted(h.id for h in full.households.values() if h.region_on(DAY))
    removed = (
        set(data.draw(st.lists(st.sampled_from(placed), unique=True)))
        if placed
        else set()
    )
    workers = tuple(
        attrs.evolve(w, scope=_without(w.scope, removed, full))
        for w in full.workers.values()
    )
    roster = build_roster(attrs.evolve(spec, workers=workers))
    findings = check_coverage(roster, DAY)
    reported = set(findings[0].households) if findings else set()
    assert reported == removed
    assert all(f.count == len(removed) for f in findings)


@given(rosters())
def test_generated_rosters_partition(roster: Roster) -> None:
    """A generated township places each household in exactly one leaf: no errors."""
    assert [f for f in check_partition(roster, DAY) if f.code != "unplaced"] == []


def _expected_region(
    moves: list[tuple[str, date]], start: str | None, day: date
) -> str | None:
    """Reference model: a move rewrites everything from its date on."""
    timeline: dict[date, str] = {}
    for region, when in moves:
        timeline = {d: r for d, r in timeline.items() if d < when}
        timeline[when] = region
    earlier = [d for d in timeline if d <= day]
    return timeline[max(earlier)] if earlier else start


@given(rosters(), st.data())
def test_moves_never_lose_or_duplicate(roster: Roster, data) -> None:
    """Any sequence of moves keeps each household in exactly one leaf on every day."""
    leaves = [r.code for r in roster.leaves()]
    homes = list(roster.households)
    if not homes:
        return
    hid = data.draw(st.sampled_from(homes))
    moves = data.draw(st.lists(st.tuples(st.sampled_from(leaves), dates()), max_size=6))
    start = roster.household(hid).region_on(date(2015, 1, 1))
    moved = roster
    for region, when in moves:
        moved = moved.move(hid, region, on=when)
    probes = {when for _, when in moves} | {
        when - timedelta(days=1) for _, when in moves
    }
    for day in probes | {date(2015, 1, 1), date(2035, 12, 31)}:
        expected = _expected_region(moves, start, day)
        assert moved.household(hid).region_on(day) == expected
        holders = [
            leaf
            for leaf in leaves
            if any(h.id == hid for h in moved.households_in(leaf, day))
        ]
        assert holders == ([expected] if expected is not None else [])
    assert [f for f in check_partition(moved, DAY) if f.code == "overlap"] == []
    # every other household is untouched
    for other in homes:
        if other != hid:
            assert moved.household(other) == roster.household(other)


@given(rosters(), dates())
def test_responsible_for_matches_every_scope(roster: Roster, day: date) -> None:
    """responsible_for (indexed) agrees with asking every worker's scope."""
    for household in roster.households.values():
        expected = [
            w.id for w in roster.workers.values() if roster.covers(w, household, day)
        ]
        found = [
            w.id for w in roster.responsible_for(household.id, day, all_roles=True)
        ]
        assert found == expected
        for worker_id in found:
            assert household in roster.households_of(worker_id, day)
