"""
Exports: JSON text with personal identifiers masked by default.

``to_json(obj)`` masks every ``id_number`` and ``phone`` field wherever it occurs
in the tree; pass ``redact=False`` (for a backup, say) to keep full values.
Round trips (``from_json(to_json(x, redact=False), type(x)) == x``) are lossless.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import cattrs

from gridgov.domain.privacy import mask_id_number, mask_phone
from gridgov.io.converter import structure, unstructure
from gridgov.io.documents import parse_document

__all__ = ["from_json", "redact", "to_json"]

T = TypeVar("T")

_MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def redact(data: Any) -> Any:
    """
    Return a copy of unstructured *data* with personal identifiers masked.

    >>> redact({"members": [{"name": "陈", "phone": "13812345678"}]})
    {'members': [{'name': '陈', 'phone': '138****5678'}]}
    """
    if isinstance(data, dict):
        return {
            k: (_MASKS[k](v) if k in _MASKS and isinstance(v, str) else redact(v))
            for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return [redact(v) for v in data]
    return data


def to_json(
    obj: object,
    *,
    redact_personal: bool = True,
    indent: int | None = 2,
    converter: cattrs.Converter | None = None,
) -> str:
    """Serialise *obj* to JSON text (UTF-8, Chinese kept readable)."""
    data = unstructure(obj, converter=converter)
    if redact_personal:
        data = redact(data)
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=False)


def from_json(
    text: str, cls: type[T], *, converter: cattrs.Converter | None = None
) -> T:
    """Parse JSON text into *cls*, with located errors."""
    return structure(parse_document(text, "json"), cls, converter=converter)
