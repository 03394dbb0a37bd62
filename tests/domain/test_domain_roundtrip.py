"""Every model type survives structure/unstructure and JSON losslessly."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain import (
    CareTag,
    DateSpan,
    Household,
    Membership,
    Organisation,
    Person,
    Placement,
    Region,
    Scope,
    TagAssignment,
    Worker,
)
from gridgov.io import from_json, make_converter, structure, to_json, unstructure
from gridgov.roster import (
    Finding,
    Norms,
    PartyCentralHousehold,
    Severity,
    TownshipSpec,
    build_roster,
)
from gridgov.testing import strategies as gs

# One converter for the module: building one per call is correct but slow.
CONV = make_converter()

CASES: list[tuple[type, st.SearchStrategy[Any]]] = [
    (DateSpan, gs.date_spans()),
    (Region, gs.regions()),
    (Person, gs.persons()),
    (Placement, gs.placements()),
    (TagAssignment, gs.tag_assignments()),
    (CareTag, gs.care_tags()),
    (Household, gs.households()),
    (Scope, gs.scopes()),
    (Worker, gs.workers()),
    (Membership, gs.memberships()),
    (Organisation, gs.organisations()),
    (PartyCentralHousehold, gs.party_central_households()),
    (Norms, gs.norms()),
    (TownshipSpec, gs.township_specs(max_households=2)),
]


@pytest.mark.parametrize(("cls", "strategy"), CASES, ids=[c.__name__ for c, _ in CASES])
def test_structure_round_trip(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    """structure(unstructure(x, unmasked=True), type(x)) == x for every model type."""

    @given(strategy)
    def check(value: Any) -> None:
        data = unstructure(value, converter=CONV, unmasked=True)
        assert structure(data, cls, converter=CONV) == value

    check()


@pytest.mark.parametrize(("cls", "strategy"), CASES, ids=[c.__name__ for c, _ in CASES])
def test_json_round_trip_unmasked(cls: type, strategy: st.SearchStrategy[Any]) -> None:
    """from_json(to_json(x, unmasked=True), type(x)) == x."""

    @given(strategy)
    def check(value: Any) -> None:
        text = to_json(value, unmasked=True, converter=CONV)
        assert from_json(text, cls, converter=CONV) == value

    check()


@given(gs.township_specs(max_households=2))
def test_round_tripped_spec_builds_the_same_roster(spec: TownshipSpec) -> None:
    """A spec that went through JSON builds a roster with the same households."""
    text = to_json(spec, unmasked=True, converter=CONV)
    again = from_json(text, TownshipSpec, converter=CONV)
    assert dict(build_roster(again).households) == dict(build_roster(spec).households)


@given(
    st.builds(
        Finding,
        check=st.sampled_from(["partition", "coverage", "span"]),
        code=st.sampled_from(["uncovered", "over"]),
        severity=st.sampled_from(Severity),
        message=st.text(max_size=20),
        households=st.lists(gs.ids("H"), max_size=3).map(tuple),
        count=st.none() | st.integers(0, 500),
    )
)
def test_finding_round_trip(finding: Finding) -> None:
    """Findings serialise for reports and come back equal."""
    assert (
        from_json(
            to_json(finding, unmasked=True, converter=CONV), Finding, converter=CONV
        )
        == finding
    )
