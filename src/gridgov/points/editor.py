"""
The vocabulary export: what a host application's rule editor may offer.

>>> from gridgov.points.spec import FieldSpec, FieldType, RuleBookSpec
>>> vocab = export_vocabulary(
...     RuleBookSpec(
...         id="x",
...         name_zh="x",
...         version="1",
...         fields=(FieldSpec("hours", FieldType.NUMBER, label_zh="服务时长"),),
...     )
... )
>>> (
...     vocab["fields"][0]["label_zh"],
...     [o["symbol"] for o in vocab["operators"]["number"]][:3],
... )
('服务时长', ['==', '!=', '<'])
"""

from __future__ import annotations

from typing import Any

from gridgov.domain.periods import Period
from gridgov.points.decisions import Outcome
from gridgov.points.spec import Approval, RuleBookSpec, Unit
from gridgov.points.vocabulary import FUNCTIONS, OPERATORS, FieldType

__all__ = ["export_vocabulary"]


def export_vocabulary(spec: RuleBookSpec) -> dict[str, Any]:
    """
    Return JSON-ready data describing everything a rule may say.

    Keys: ``fields`` (name, type, labels, choices), ``operators`` (per field
    type, with labels; structured conditions spell ``not in`` as ``not_in``),
    ``functions`` (name, parameter and result types, labels), ``units``,
    ``approvals``, ``periods``, ``outcomes`` and ``categories``.
    """
    return {
        "book": {"id": spec.id, "name_zh": spec.name_zh, "version": spec.version},
        "fields": [
            {
                "name": f.name,
                "type": f.type.value,
                "type_zh": f.type.zh,
                "label_zh": f.label_zh,
                "label_en": f.label_en,
                "choices": list(f.choices),
                "required": f.required,
            }
            for f in spec.fields
        ],
        "operators": {
            kind.value: [
                {
                    "symbol": op.symbol,
                    "structured": op.symbol.replace(" ", "_"),
                    "zh": op.zh,
                    "en": op.en,
                }
                for op in OPERATORS.values()
                if kind in op.types
            ]
            for kind in FieldType
        },
        "functions": [
            {
                "name": fn.name,
                "params": [p.value for p in fn.params],
                "returns": fn.returns.value,
                "zh": fn.zh,
                "en": fn.en,
            }
            for fn in FUNCTIONS.values()
        ],
        "units": [{"value": u.value, "zh": u.zh} for u in Unit],
        "approvals": [{"value": a.value, "zh": a.zh} for a in Approval],
        "periods": [{"value": p.value, "zh": p.zh} for p in Period],
        "outcomes": [{"value": o.value, "zh": o.zh, "en": o.en} for o in Outcome],
        "categories": [
            {"id": c.id, "label_zh": c.label_zh, "label_en": c.label_en}
            for c in spec.categories
        ],
    }
