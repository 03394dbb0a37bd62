"""
Hypothesis strategies for every gridgov model type and for whole townships.

Install with the ``testing`` extra (``pip install 'gridgov[testing]'``). Use them
in your own tests of code built on gridgov:

>>> from hypothesis import given, settings
>>> from gridgov.io import structure, unstructure
>>> from gridgov.domain import Household
>>> @settings(max_examples=5)
... @given(households())
... def test_round_trip(h):
...     assert structure(unstructure(h, unmasked=True), Household) == h
>>> test_round_trip()

`township_specs` draws a valid `TownshipSpec` (every reference resolves, ids
unique); `rosters` builds it. Sizes are kept small so properties stay fast.
"""

from gridgov.testing._model import (
    attention_levels,
    care_tags,
    date_spans,
    dates,
    digit_codes,
    households,
    id_numbers,
    ids,
    memberships,
    names,
    norms,
    organisations,
    party_central_households,
    persons,
    phones,
    placements,
    region_trees,
    regions,
    scopes,
    tag_assignments,
    workers,
)
from gridgov.testing._townships import rosters, township_specs

__all__ = [
    "attention_levels",
    "care_tags",
    "date_spans",
    "dates",
    "digit_codes",
    "households",
    "id_numbers",
    "ids",
    "memberships",
    "names",
    "norms",
    "organisations",
    "party_central_households",
    "persons",
    "phones",
    "placements",
    "region_trees",
    "regions",
    "rosters",
    "scopes",
    "tag_assignments",
    "township_specs",
    "workers",
]
