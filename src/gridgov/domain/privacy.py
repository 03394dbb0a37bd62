"""
Masking of personal identifiers (个人信息脱敏).

ID numbers (居民身份证号码) and phone numbers are masked by default on every
way out of gridgov: ``repr()`` and ``str()``, `gridgov.io.unstructure` and
`gridgov.io.to_json`, records (``to_records()``, `gridgov.io.records_of`),
DataFrames (``to_pandas()``), HTML tables, error messages and log records.
The mask keeps the first 3 and the last 4 characters: ``138****5678``,
``410***********1234``.

Two things are masked:

* **fields** named ``id_number`` or ``phone``, whole, at any depth;
* **free text** (a case title taken down from a hotline call, a visit note, an
  idempotency key built from a caller's number, a value echoed in an error
  message) through `mask_in_text`, which finds the numbers people write:

  - an 18-character ID number: a 6-digit area code, a birth date that could be
    one (18xx–20xx, month 01–12, day 01–31), 3 digits and a check digit or
    ``X``/``x``; grouped 6-8-4 or 6-4-4-4 with spaces or dashes, or not;
  - a mainland mobile number ``1[3-9]`` and 9 more digits, grouped 3-4-4 with
    spaces or dashes, or not, after an optional ``+86``, ``0086`` or ``86``
    (the prefix is kept);
  - a landline (固定电话) ``0371-63812345`` or ``010 82345678``: the area code
    and the last 4 digits of the local number stay;
  - in either width (``１３８１２３４５６７８``, what a Chinese IME types), and
    next to letters (``ID410381199001011234``, ``tel13812345678``), but never
    inside a longer run of digits.

  What is left alone: region codes (6, 9, 12 or 15 digits: 410381003002001),
  case ids, sequence numbers, ISO dates and times, other numbers, and digits
  inside a hex digest or a UUID (hash chains, event ids). An old 15-digit ID
  number (issued before 2004) is not recognised in free text: it cannot be told
  from a 15-digit region code.

**The one way to see full values** is ``unmasked=True``, taken by the calls
that export data: `gridgov.io.unstructure`, `gridgov.io.to_json`,
`gridgov.io.records_of` and `gridgov.io.to_pandas` (for a backup, or a round
trip: ``from_json(to_json(x, unmasked=True), type(x)) == x``). What is shown to
people never unmasks: reprs, tables, error messages and logs. Code that needs
a value reads the attribute itself (``person.phone``, ``case.title``,
``error.key``); the journal stores full values, since it is the record.

>>> from gridgov.domain import Person
>>> from gridgov.io import unstructure
>>> chen = Person("p1", "陈海军", id_number="410381199001011234", phone="13812345678")
>>> unstructure(chen)["phone"], unstructure(chen, unmasked=True)["phone"]
('138****5678', '13812345678')
>>> mask_in_text("hotline-+86 137 0013 5799，ID４１０３８１１９９００１０１１２３４")
'hotline-+86 137****5799，ID410***********1234'
>>> mask_in_text("网格 410381003002001 于 2026-11-02T09:00:00+08:00 受理 C-2026-0001")
'网格 410381003002001 于 2026-11-02T09:00:00+08:00 受理 C-2026-0001'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from gridgov._masking import (
    FIELD_MASKS,
    mask_data,
    mask_field,
    mask_id_number,
    mask_in_text,
    mask_name,
    mask_phone,
)

__all__ = [
    "FIELD_MASKS",
    "mask_data",
    "mask_field",
    "mask_id_number",
    "mask_in_text",
    "mask_name",
    "mask_phone",
    "masked_id_repr",
    "masked_phone_repr",
    "masked_repr",
]

T = TypeVar("T", bound=type)


def masked_id_repr(value: str) -> str:
    """``repr()`` of the masked ID number, for attrs ``repr=`` hooks."""
    return repr(mask_id_number(value))


def masked_phone_repr(value: str) -> str:
    """``repr()`` of the masked phone number, for attrs ``repr=`` hooks."""
    return repr(mask_phone(value))


def masked_repr(cls: T) -> T:
    """
    Class decorator: the class's ``repr()`` (and so ``str()``) with numbers masked.

    For records that carry text people typed (a case's title and notes, a
    visit's note, an event's idempotency key): put it above ``@attrs.frozen``;
    the generated ``repr()`` is kept and passed through `mask_in_text`. Fields,
    equality and everything else are unchanged.

    >>> import attrs
    >>> @masked_repr
    ... @attrs.frozen
    ... class Note:
    ...     text: str
    >>> Note("王某 138 1234 5678"), Note("王某 138 1234 5678").text
    (Note(text='王某 138****5678'), '王某 138 1234 5678')
    """
    # Read off the class, the generated repr is a plain function of the record.
    generated = cast("Callable[[object], str]", cls.__repr__)
    if getattr(generated, "masked", False):
        return cls  # masked already (every event is): once is enough

    def __repr__(self: object) -> str:  # noqa: N807 - it is the dunder
        return mask_in_text(generated(self))

    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    __repr__.__doc__ = "The generated repr, with personal numbers masked."
    __repr__.__dict__["masked"] = True  # so an event base does not wrap it twice
    type.__setattr__(cls, "__repr__", __repr__)
    return cls
