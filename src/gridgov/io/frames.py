"""
Tables for analysts: gridgov records as a pandas DataFrame (the ``pandas`` extra).

`to_pandas` takes what the engines and reports hand out — an object with a
``to_records()`` method, a sequence of mappings, or a sequence of attrs
records (a ranking's `gridgov.points.Placing`, a coverage row) — and returns a
`pandas.DataFrame` with one row per record; named tuples (a case's history of
`gridgov.flow.Step` records) count as records too. A sequence is read record by
record even when it also has ``to_records()`` (a `gridgov.points.Ranking`):
here every field comes out, with exact numbers as objects; the object's own
``to_pandas()`` (`gridgov.display.TableDisplay`) gives its curated columns.
Values are made table-friendly on the way: enums become their values (and a
``<column>_zh`` column holds their Chinese label when they have one), nested
records become JSON-ready builtins through the one converter, and every
``id_number`` and ``phone``, at any depth, and every ID or phone number written
in other text is masked as in `gridgov.io.to_json` (``unmasked=True`` keeps
them: see `gridgov.domain.privacy`).
Exact numbers stay exact: a `Decimal` or a `fractions.Fraction` is kept as an
object, never turned into a float.

pandas is imported only when `to_pandas` is called (through
`gridgov.display.records_frame`, as every ``to_pandas()`` does); without it
the call raises `gridgov.errors.MissingExtraError` naming the extra to install.

>>> from gridgov.points import ranking
>>> frame = to_pandas(ranking({"H1": 30, "H2": 20}, top=2))  # doctest: +SKIP
>>> list(frame.columns)  # doctest: +SKIP
['scope', 'account', 'rank', 'score', 'prize', 'name']
>>> row = records_of(ranking({"H1": 30, "H2": 20}, top=1))[0]
>>> row["account"], row["rank"], row["score"], row["prize"]
('H1', 1, 30, Decimal('0'))
>>> from gridgov.domain import Person
>>> records_of([Person("P1", "陈", phone="13812345678")])[0]["phone"]
'138****5678'
>>> records_of([Person("P1", "陈", phone="13812345678")], unmasked=True)[0]["phone"]
'13812345678'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from cattrs.cols import is_namedtuple

from gridgov._masking import mask_field
from gridgov.display import import_pandas, records_frame
from gridgov.errors import InvalidValueError
from gridgov.io.converter import make_converter

__all__ = ["records_of", "to_pandas"]


def _cell(value: Any, converter: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if (
        isinstance(value, Decimal | Fraction | int | float | str | bool)
        or value is None
    ):
        return value
    return converter.unstructure(value)


def _row(record: Any, converter: Any, *, unmasked: bool) -> dict[str, Any]:
    if isinstance(record, Mapping):
        items = list(record.items())
    elif attrs.has(type(record)):
        items = [(f.name, getattr(record, f.name)) for f in attrs.fields(type(record))]
    elif is_namedtuple(type(record)):  # the converter's test, so both agree
        items = list(zip(record._fields, record, strict=True))
    else:
        raise InvalidValueError(
            "records",
            "mappings, attrs records or named tuples (or an object with to_records())",
            record,
        )
    row: dict[str, Any] = {}
    for key, value in items:
        name = str(key)
        cell = _cell(value, converter)
        row[name] = cell if unmasked else mask_field(name, cell)
        zh = getattr(value, "zh", None) if isinstance(value, enum.Enum) else None
        if isinstance(zh, str):
            row[f"{name}_zh"] = zh
    return row


def records_of(source: Any, *, unmasked: bool = False) -> list[dict[str, Any]]:
    """
    Return *source* as a list of plain dicts, one per record.

    Args:
        source: An iterable of mappings, attrs records or named tuples (read
            record by record, every field), or another object with ``to_records()``.
        unmasked: Keep ID numbers and phone numbers in full in the records read
            here; an object's own ``to_records()`` (a displayed table) is
            always masked.

    Raises:
        InvalidValueError: If a record is neither a mapping, an attrs record
            nor a named tuple.
    """
    to_records = getattr(source, "to_records", None)
    if callable(to_records) and not isinstance(source, Sequence):
        source = to_records()
    if isinstance(source, Mapping | str | bytes) or not isinstance(source, Iterable):
        raise InvalidValueError(
            "source", "an iterable of records or an object with to_records()", source
        )
    converter = make_converter()
    return [_row(record, converter, unmasked=unmasked) for record in source]


def to_pandas(source: Any, *, index: str | None = None, unmasked: bool = False) -> Any:
    """
    Return *source* as a `pandas.DataFrame` (see `records_of` for what it takes).

    Args:
        source: Records, or an object with ``to_records()``.
        index: A column to use as the index (e.g. ``"account"``).
        unmasked: Keep ID numbers and phone numbers in full (as `records_of`).

    Raises:
        MissingExtraError: pandas is not installed (``pip install 'gridgov[pandas]'``).
        InvalidValueError: A record is not a mapping or an attrs record, or
            *index* is not one of the columns.
    """
    import_pandas("to_pandas")  # fail before the work when pandas is missing
    frame = records_frame(records_of(source, unmasked=unmasked), feature="to_pandas")
    if index is not None:
        if index not in frame.columns:
            raise InvalidValueError("index", f"one of {list(frame.columns)}", index)
        frame = frame.set_index(index)
    return frame
