"""
Exports: JSON text with personal identifiers masked by default.

``to_json(obj)`` masks every ``id_number`` and ``phone`` field wherever it occurs
in the tree, and every ID number or phone number written in any other text
(a case title, a note, a key), as `gridgov.domain.privacy` describes; pass
``unmasked=True`` (for a backup, say) to keep full values. Round trips
(``from_json(to_json(x, unmasked=True), type(x)) == x``) are lossless.

>>> from gridgov.domain import Person
>>> chen = Person("p1", "陈", phone="13812345678")
>>> print(to_json({"who": chen.phone, "note": "tel 138 1234 5678"}, indent=None))
{"who": "138****5678", "note": "tel 138****5678"}
>>> from_json(to_json(chen, unmasked=True), Person) == chen
True
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import cattrs

from gridgov._masking import mask_data
from gridgov.io.converter import structure, unstructure
from gridgov.io.documents import parse_document

__all__ = ["from_json", "redact", "to_json"]

T = TypeVar("T")


def redact(data: Any) -> Any:
    """
    Return a copy of unstructured *data* with personal identifiers masked.

    Fields named ``id_number`` or ``phone`` are masked whole; every other text
    through `gridgov.domain.privacy.mask_in_text`. What `unstructure` and
    `to_json` do by default; for builtins built some other way.

    >>> redact({"members": [{"name": "陈", "phone": "13812345678"}]})
    {'members': [{'name': '陈', 'phone': '138****5678'}]}
    >>> redact(["王某 138 1234 5678 反映漏水"])
    ['王某 138****5678 反映漏水']
    """
    return mask_data(data)


def to_json(
    obj: object,
    *,
    unmasked: bool = False,
    indent: int | None = 2,
    converter: cattrs.Converter | None = None,
) -> str:
    """
    Serialise *obj* to JSON text (UTF-8, Chinese kept readable).

    Args:
        obj: Any gridgov object, or builtins holding them.
        unmasked: Keep ID numbers and phone numbers in full (a backup, a round
            trip); by default they are masked.
        indent: JSON indentation; None for one line.
        converter: The converter to unstructure with (a fresh one by default).
    """
    data = unstructure(obj, converter=converter, unmasked=unmasked)
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)


def from_json(
    text: str, cls: type[T], *, converter: cattrs.Converter | None = None
) -> T:
    """Parse JSON text into *cls*, with located errors."""
    return structure(parse_document(text, "json"), cls, converter=converter)
