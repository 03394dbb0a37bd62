"""to_pandas / records_of: analyst tables from gridgov records, exact and masked."""

from __future__ import annotations

import importlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov.domain import AttentionLevel, Person
from gridgov.domain.privacy import mask_id_number
from gridgov.errors import InvalidValueError, MissingExtraError
from gridgov.io.frames import records_of, to_pandas
from gridgov.points import ranking


@attrs.frozen
class _Row:
    account: str
    level: AttentionLevel
    share: Fraction


class _Report:
    def to_records(self) -> list[dict[str, Any]]:
        return [{"grid": "G1", "visited": 3}, {"grid": "G2", "visited": 5}]


def test_records_of_attrs_mappings_and_to_records() -> None:
    """Attrs records, mappings and to_records() objects all become plain rows."""
    rows = records_of([_Row("H1", AttentionLevel.SEVERE, Fraction(1, 3))])
    assert rows == [
        {
            "account": "H1",
            "level": "severe",
            "level_zh": "严重",
            "share": Fraction(1, 3),
        }
    ]
    assert records_of([{"a": 1}]) == [{"a": 1}]
    assert records_of(_Report())[1] == {"grid": "G2", "visited": 5}


def test_personal_identifiers_are_masked_at_any_depth() -> None:
    """An id_number or phone never reaches a table unmasked."""
    person = Person("P1", "陈", id_number="410381199001011234", phone="13812345678")
    row = records_of([person])[0]
    assert row["id_number"] == mask_id_number("410381199001011234")
    assert "*" in row["id_number"]
    assert row["phone"] == "138****5678"
    nested = records_of([{"head": person}])[0]["head"]
    assert nested["phone"] == "138****5678"
    assert nested["id_number"] != "410381199001011234"


@given(scores=st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 99)))
def test_ranking_rows_keep_exact_numbers(scores: dict[str, int]) -> None:
    """Every placing becomes one row; scores and prizes stay exact (no floats)."""
    placings = ranking(scores, top=3, prizes=(Decimal(50), Decimal(40), Decimal(30)))
    rows = records_of(placings)
    assert [r["account"] for r in rows] == [p.account for p in placings]
    assert all(isinstance(r["prize"], Decimal) for r in rows)


def test_bad_sources_are_refused_with_a_reason() -> None:
    """A string, a mapping or a list of ints is not a table: InvalidValueError."""
    for bad in ("abc", {"a": 1}, 3):
        with pytest.raises(InvalidValueError, match="source"):
            records_of(bad)
    with pytest.raises(InvalidValueError, match="records"):
        records_of([1, 2])


def test_to_pandas_builds_a_frame_with_an_index() -> None:
    """With pandas installed: one row per record, the chosen column as index."""
    pytest.importorskip("pandas", reason="the pandas extra is not installed")
    frame = to_pandas(ranking({"H1": 30, "H2": 20}, top=2), index="account")
    assert list(frame.index) == ["H1", "H2"]
    assert frame.loc["H1", "score"] == 30
    assert frame["prize"].map(type).eq(Decimal).all()
    with pytest.raises(InvalidValueError, match="index"):
        to_pandas(_Report(), index="nope")


def test_without_pandas_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No pandas: MissingExtraError telling the user to install gridgov[pandas]."""
    real_import = importlib.import_module

    def no_pandas(name: str, package: str | None = None) -> Any:
        if name == "pandas":
            raise ImportError(name)
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", no_pandas)
    with pytest.raises(MissingExtraError, match=r"gridgov\[pandas\]"):
        to_pandas(_Report())
