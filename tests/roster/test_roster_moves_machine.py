"""Stateful test: moves and departures against a day-by-day reference model."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from roster_fixtures import small_roster

from gridgov.roster import Roster, check_partition

START = date(2026, 1, 1)
PROBES = [START + timedelta(days=7 * i) for i in range(30)]
days = st.sampled_from(PROBES)


class MovesMachine(RuleBasedStateMachine):
    """Each household's region on every probe day matches a plain dict model."""

    roster: Roster
    model: dict[str, dict[date, str | None]]

    @initialize()
    def start(self) -> None:
        self.roster = small_roster()
        self.original = self.roster
        self.original_households = dict(self.roster.households)
        self.leaves = [r.code for r in self.roster.leaves()]
        self.model = {
            hid: {day: h.region_on(day) for day in PROBES}
            for hid, h in self.roster.households.items()
        }

    @rule(data=st.data(), on=days)
    def move(self, data: st.DataObject, on: date) -> None:
        hid = data.draw(st.sampled_from(sorted(self.model)))
        leaf = data.draw(st.sampled_from(self.leaves))
        self.roster = self.roster.move(hid, leaf, on=on)
        for day in PROBES:
            if day >= on:
                self.model[hid][day] = leaf

    @rule(data=st.data(), on=days)
    def move_out(self, data: st.DataObject, on: date) -> None:
        hid = data.draw(st.sampled_from(sorted(self.model)))
        self.roster = self.roster.move_out(hid, on=on)
        for day in PROBES:
            if day >= on:
                self.model[hid][day] = None

    @invariant()
    def matches_model(self) -> None:
        for hid, timeline in self.model.items():
            for day, region in timeline.items():
                assert self.roster.household(hid).region_on(day) == region

    @invariant()
    def each_household_counted_once(self) -> None:
        day = PROBES[len(PROBES) // 2]
        everyone = [h.id for h in self.roster.households_in("410381", day)]
        placed = [hid for hid, timeline in self.model.items() if timeline[day]]
        assert sorted(everyone) == sorted(placed)

    @invariant()
    def no_overlaps(self) -> None:
        assert [
            f for f in check_partition(self.roster, START) if f.code == "overlap"
        ] == []

    @invariant()
    def original_untouched(self) -> None:
        assert dict(self.original.households) == self.original_households


TestMovesMachine = MovesMachine.TestCase
