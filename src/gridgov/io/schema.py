"""
JSON Schema (draft 2020-12) for every kind of spec file, derived from the specs.

A township edits its spec files in an editor; pointing the editor at these
schemas gives completion, the Chinese labels of every choice and red squiggles
before gridgov is ever run. The schemas are not written by hand: `json_schema`
walks the attrs spec class of a kind and its type annotations, so a field added
to a spec class appears in the schema (and in the generated spec reference)
without anyone remembering to update it. The mapping follows what
`gridgov.io.make_converter` accepts:

=====================  =====================================================
annotation             schema
=====================  =====================================================
``str`` (and NewType)  ``{"type": "string"}``
``int`` / ``bool``     ``integer`` / ``boolean`` (a bool is not an integer)
``Decimal``            a number, or text holding one (``"0.5"``): exact
``date``               ``{"type": "string", "format": "date"}``
``datetime``           ``format: date-time`` (with its UTC offset)
an enum                ``enum`` with its values; ``x-labels-zh`` the Chinese
``tuple``/``list``     ``array``; ``dict[str, X]`` an object of X
``X | None``           X or ``null`` (in TOML: leave the key out)
an attrs class         an object in ``$defs``: ``required`` = fields without
                       a default, ``additionalProperties: false``
=====================  =====================================================

Descriptions come from the docstrings (the ``Attributes:`` section or an
attribute docstring); defaults are written as they would appear in a file.

The schema checks the *shape*; a loader (e.g. `gridgov.io.rulebook.load_rulebook`)
also checks the meaning (unknown care tags, references between rules) and
reports every problem with its path.

>>> spec_kinds()
('checklists', 'deadlines', 'flow', 'rulebook', 'township', 'visit_policy', 'workflow')
>>> schema = json_schema("visit_policy")
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["required"], schema["additionalProperties"]
(['name'], False)
>>> per = schema["$defs"]["FrequencyRule"]["properties"]["per"]
>>> per["$ref"], per["default"]
('#/$defs/Period', 'month')
>>> schema["$defs"]["Period"]["x-labels-zh"]["quarter"]
'季度'
"""

from __future__ import annotations

import ast
import enum
import inspect
import itertools
import re
import textwrap
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from gridgov.cases.deadlines import DeadlineTable
from gridgov.cases.workflow import CaseWorkflowSpec
from gridgov.errors import InvalidValueError, UnknownEntityError
from gridgov.flow.spec import FlowSpec
from gridgov.io.converter import make_converter
from gridgov.points.spec import RuleBookSpec
from gridgov.roster.spec import TownshipSpec
from gridgov.visits.patrols import ChecklistBook
from gridgov.visits.policy import VisitPolicy

__all__ = [
    "DRAFT",
    "SpecKind",
    "field_docs",
    "json_schema",
    "schema_for",
    "spec_kind",
    "spec_kinds",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect every generated schema declares."""

# Where the docs site publishes the files (docs/schemas, copied to the root).
_BASE_ID = "https://gridgov.readthedocs.io/en/latest/"

# A decimal number as text, as `Decimal(str.strip())` accepts it (finite only).
_DECIMAL_TEXT = r"^\s*[+-]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][+-]?\d+)?\s*$"


@attrs.frozen
class SpecKind:
    """
    One kind of spec file: its name, its spec class and how to load it.

    Attributes:
        name: The kind's name (also the schema's file name).
        cls: The attrs spec class a file of this kind structures into.
        label_zh: The Chinese name of such a document.
        loader: The function that loads, checks and compiles such a file.
    """

    name: str
    cls: type
    label_zh: str
    loader: str

    @property
    def zh(self) -> str:
        """The Chinese name of such a document."""
        return self.label_zh


_KINDS: Mapping[str, SpecKind] = {
    k.name: k
    for k in (
        SpecKind(
            "township",
            TownshipSpec,
            "乡镇网格台账",
            "gridgov.io.township.load_township",
        ),
        SpecKind(
            "rulebook", RuleBookSpec, "积分细则", "gridgov.io.rulebook.load_rulebook"
        ),
        SpecKind(
            "visit_policy",
            VisitPolicy,
            "走访制度",
            "gridgov.io.visits.load_visit_policy",
        ),
        SpecKind(
            "checklists", ChecklistBook, "排查清单", "gridgov.io.visits.load_checklists"
        ),
        SpecKind(
            "workflow",
            CaseWorkflowSpec,
            "案件办理流程",
            "gridgov.io.workflows.load_workflow",
        ),
        SpecKind("flow", FlowSpec, "流程（状态机）", "gridgov.io.workflows.load_flow"),
        SpecKind(
            "deadlines",
            DeadlineTable,
            "办理时限表",
            "gridgov.io.structure(data, gridgov.cases.DeadlineTable)",
        ),
    )
}


def spec_kinds() -> tuple[str, ...]:
    """Return the names of every spec kind that has a schema, sorted."""
    return tuple(sorted(_KINDS))


def spec_kind(name: str) -> SpecKind:
    """
    Return the `SpecKind` called *name*.

    Raises:
        UnknownEntityError: If there is no such kind (the hint lists them).
    """
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownEntityError(
            "spec kind", name, hint=f"known: {', '.join(spec_kinds())}"
        ) from None


def json_schema(kind: str) -> dict[str, Any]:
    """
    Return the JSON Schema of spec files of *kind* (see `spec_kinds`).

    Raises:
        UnknownEntityError: If there is no such kind.
    """
    k = spec_kind(kind)
    schema = schema_for(k.cls, schema_id=f"{_BASE_ID}{k.name}.schema.json")
    title = {"title": f"{k.label_zh} ({k.name})"}
    return {**dict(list(schema.items())[:2]), **title, **dict(list(schema.items())[2:])}


def schema_for(cls: type, *, schema_id: str = "") -> dict[str, Any]:
    """
    Return a JSON Schema for any attrs class, as `make_converter` reads it.

    The class itself is the root; every nested attrs class and enum goes to
    ``$defs`` under its class name.

    >>> from gridgov.domain.spans import DateSpan
    >>> s = schema_for(DateSpan)
    >>> s["properties"]["start"]
    {'anyOf': [{'type': 'string', 'format': 'date'}, {'type': 'null'}], 'default': None}

    Raises:
        InvalidValueError: If *cls* is not an attrs class, or one of its fields
            has a type the converter does not read from a document.
    """
    if not attrs.has(cls):
        raise InvalidValueError("cls", "an attrs class", cls)
    builder = _Builder()
    root = builder.object_schema(cls)
    head: dict[str, Any] = {"$schema": DRAFT}
    if schema_id:
        head["$id"] = schema_id
    defs = {name: builder.defs[name] for name in sorted(builder.defs)}
    return {**head, **root, **({"$defs": defs} if defs else {})}


class _Builder:
    """Walks type annotations, collecting named definitions on the way."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self._names: dict[type, str] = {}
        self._converter = make_converter()

    def _ref(
        self, cls: type, build: typing.Callable[[Any], dict[str, Any]]
    ) -> dict[str, Any]:
        name = self._names.get(cls)
        if name is None:
            name = cls.__name__
            n = 2
            while name in self.defs:
                name = f"{cls.__name__}{n}"
                n += 1
            self._names[cls] = name
            self.defs[name] = {}  # reserve the name: recursive types terminate
            self.defs[name] = build(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object_schema(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        docs = field_docs(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            prop = dict(self.type_schema(hints[field.name], where=field.name))
            if field.name in docs:
                prop["description"] = docs[field.name]
            default = field.default
            if default is attrs.NOTHING:
                required.append(field.name)
            else:
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    # A factory that takes the instance has no document form.
                    default = None if default.takes_self else default.factory()
                prop["default"] = self._converter.unstructure(default)
            properties[field.name] = prop
        out: dict[str, Any] = {"type": "object"}
        summary = _summary(cls)
        if summary:
            out["description"] = summary
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def type_schema(self, tp: Any, *, where: str) -> dict[str, Any]:  # noqa: PLR0911
        supertype = getattr(tp, "__supertype__", None)
        if supertype is not None:  # a NewType such as HouseholdId
            return self.type_schema(supertype, where=where)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is Any:
            return {}
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            inner = [self.type_schema(a, where=where) for a in options]
            if len(options) < len(args):
                inner.append({"type": "null"})
            return inner[0] if len(inner) == 1 else {"anyOf": inner}
        if origin is typing.Literal:
            return {"enum": list(args)}
        if origin in (tuple, list) or tp in (tuple, list):
            if origin is tuple and args and args[-1] is not Ellipsis:
                items = [self.type_schema(a, where=where) for a in args]
                n = len(items)
                return {
                    "type": "array",
                    "prefixItems": items,
                    "minItems": n,
                    "maxItems": n,
                }
            item = self.type_schema(args[0], where=where) if args else {}
            return {"type": "array", "items": item}
        if origin is dict or tp is dict:
            value = self.type_schema(args[1], where=where) if args else {}
            return {"type": "object", "additionalProperties": value}
        if isinstance(tp, type):
            return self._class_schema(tp, where=where)
        raise InvalidValueError(where, "a type a spec document can hold", tp)

    def _class_schema(self, tp: type, *, where: str) -> dict[str, Any]:  # noqa: PLR0911
        if issubclass(tp, enum.Enum):
            return self._ref(tp, _enum_schema)
        if attrs.has(tp):
            return self._ref(tp, self.object_schema)
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is float:
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is Decimal:
            return {
                "anyOf": [
                    {"type": "number"},
                    {"type": "string", "pattern": _DECIMAL_TEXT},
                ]
            }
        if tp is datetime:
            return {"type": "string", "format": "date-time"}
        if tp is date:
            return {"type": "string", "format": "date"}
        raise InvalidValueError(where, "a type a spec document can hold", tp)


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    values = [m.value for m in cls]
    out: dict[str, Any] = {}
    if all(isinstance(v, str) for v in values):
        out["type"] = "string"
    elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        out["type"] = "integer"
    summary = _summary(cls)
    if summary:
        out["description"] = summary
    out["enum"] = values
    zh = {str(m.value): getattr(m, "zh", None) for m in cls}
    labels = {value: label for value, label in zh.items() if isinstance(label, str)}
    if labels:
        out["x-labels-zh"] = labels
        # Shown beside each choice by editors that know this keyword (VS Code).
        out["enumDescriptions"] = [labels.get(str(v), "") for v in values]
    return out


def _summary(cls: type) -> str:
    """Return the first paragraph of *cls*'s own docstring, on one line."""
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip():
        return ""
    first = inspect.cleandoc(doc).split("\n\n", 1)[0]
    return " ".join(first.split())


_SECTION = re.compile(r"^(Attributes|Args|Arguments|Fields):\s*$")
_ENTRY = re.compile(r"^(\w+)(?:\s*\([^)]*\))?:\s*(.*)$")


def field_docs(cls: type) -> dict[str, str]:
    """
    Return a one-line description per field of *cls*, from its docstrings.

    The ``Attributes:`` section of the class docstring (Google style) comes
    first; an attribute docstring (a string right under the field) wins.

    >>> from gridgov.roster.spec import TownshipSpec
    >>> field_docs(TownshipSpec)["title"]
    'Display name of the roster (e.g. the community it is about); default: name.'
    """
    docs = _attributes_section(cls.__dict__.get("__doc__") or "")
    docs.update(_attribute_docstrings(cls))
    return docs


def _attributes_section(doc: str) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = inspect.cleandoc(doc).splitlines()
    current: str | None = None
    indent = -1
    inside = False
    for line in lines:
        if _SECTION.match(line):
            inside, current, indent = True, None, -1
            continue
        if not inside:
            continue
        if not line.strip():
            current = None
            continue
        depth = len(line) - len(line.lstrip())
        if depth == 0:  # the next section
            inside = False
            continue
        entry = _ENTRY.match(line.strip())
        if entry and (indent < 0 or depth == indent):
            indent = depth
            current = entry.group(1)
            out[current] = entry.group(2).strip()
        elif current is not None:
            out[current] = f"{out[current]} {line.strip()}".strip()
    return out


def _attribute_docstrings(cls: type) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    tree = ast.parse(source)
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.ClassDef):
        return {}
    out: dict[str, str] = {}
    body = node.body
    for stmt, nxt in itertools.pairwise(body):
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            out[stmt.target.id] = " ".join(inspect.cleandoc(nxt.value.value).split())
    return out
