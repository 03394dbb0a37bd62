"""Text where a list is expected is one error, not one error per character."""

from __future__ import annotations

import pytest

from gridgov.domain import Household, Scope
from gridgov.errors import SpecError
from gridgov.io import structure


def test_text_for_a_tuple_is_one_problem() -> None:
    """tags = "空巢老人" is reported once, as 'expected a list'."""
    with pytest.raises(SpecError) as info:
        structure({"id": "H1", "address": "1号", "tags": "空巢老人"}, Household)
    assert [str(p) for p in info.value.problems] == [
        "tags: expected a list, got '空巢老人' (str)"
    ]


def test_mapping_for_a_tuple_is_refused() -> None:
    """A table where a list is expected is refused too."""
    with pytest.raises(SpecError, match="regions: expected a list"):
        structure({"regions": {"a": 1}}, Scope)


def test_lists_still_structure() -> None:
    """Real lists (and tuples) still structure element by element, with paths."""
    assert structure({"regions": ["410381003002001"]}, Scope).regions == (
        "410381003002001",
    )
    with pytest.raises(SpecError) as info:
        structure({"regions": ["ok", 5]}, Scope)
    assert info.value.paths == ("regions[1]",)
