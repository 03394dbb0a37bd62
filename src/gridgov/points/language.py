"""
The condition language: a small, safe expression grammar over claim fields.

A rule's ``when`` is text such as ``hours >= 2 and category == "volunteer"``.
It is parsed with the standard library's `ast` module and every node is checked
against a whitelist; anything else (attribute access, subscripts, lambdas,
unknown names or functions) is a located problem, never code that runs. The
result is a small typed tree (`Node`) that `gridgov.points.compiler` turns into a
fast callable and an explainer.

>>> from gridgov.points.vocabulary import FieldType
>>> fields = {"hours": FieldType.NUMBER, "category": FieldType.TEXT}
>>> node, problems = parse_condition('hours >= 2 and category in ["a", "b"]', fields)
>>> problems, node.text
([], 'hours >= 2 and category in ["a", "b"]')
>>> parse_condition("hour >= 2", fields)[1]
["column 1: unknown field 'hour'; did you mean 'hours'?"]

A condition is at most `MAX_CONDITION_LENGTH` characters and nests at most
`MAX_CONDITION_DEPTH` levels (``not not … x`` 3,000 times is refused, not
recursed into); its numbers stay below 10^15.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import attrs

from gridgov.errors import did_you_mean
from gridgov.points.vocabulary import FUNCTIONS, OPERATORS, FieldType, value_type

__all__ = [
    "MAX_CONDITION_DEPTH",
    "MAX_CONDITION_LENGTH",
    "Arith",
    "Call",
    "Compare",
    "Const",
    "Items",
    "Logic",
    "Negate",
    "Node",
    "Present",
    "Ref",
    "condition_node",
    "parse_condition",
]


@attrs.frozen
class Node:
    """Base of the condition tree; ``text`` is the source it came from."""

    text: str
    type: FieldType


@attrs.frozen
class Const(Node):
    """A literal value (numbers are int or Decimal, never float)."""

    value: object


@attrs.frozen
class Items(Node):
    """A literal list of values, for ``in`` and ``not in``."""

    values: frozenset[object]


@attrs.frozen
class Ref(Node):
    """A claim field."""

    name: str


@attrs.frozen
class Present(Node):
    """``has(field)``: whether the claim carries the field."""

    name: str


@attrs.frozen
class Compare(Node):
    """A comparison ``left op right``."""

    op: str
    left: Node
    right: Node


@attrs.frozen
class Logic(Node):
    """``and`` / ``or`` over two or more items."""

    op: str
    items: tuple[Node, ...]


@attrs.frozen
class Negate(Node):
    """``not item``."""

    item: Node


@attrs.frozen
class Call(Node):
    """A call of a whitelisted function."""

    name: str
    args: tuple[Node, ...]


@attrs.frozen
class Arith(Node):
    """``left op right`` with op one of ``+ - *``."""

    op: str
    left: Node
    right: Node


_CMP = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
_NAMED_CONSTANTS = {"true": True, "false": False, "True": True, "False": False}

MAX_CONDITION_LENGTH = 4000
"""The longest ``when`` condition, in characters."""

MAX_CONDITION_DEPTH = 32
"""How deep a condition may nest (each ``not``, bracket, call or operator)."""

_MAX_LITERAL = 10**15


def _too_deep(tree: ast.AST) -> ast.AST | None:
    """The first node nested deeper than MAX_CONDITION_DEPTH, if any (no recursion)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_CONDITION_DEPTH:
            return node
        kids = (k for k in ast.iter_child_nodes(node) if isinstance(k, ast.expr))
        stack += [(kid, depth + 1) for kid in kids]
    return None


class _RefusedError(Exception):
    """Internal: one problem found; unwinds to `parse_condition`."""

    def __init__(self, node: ast.AST | None, message: str) -> None:
        super().__init__(message)
        self.column = getattr(node, "col_offset", 0) + 1
        self.message = message


def _compatible(a: FieldType, b: FieldType) -> bool:
    return a == b or (a.numeric and b.numeric)


class _Parser:
    def __init__(self, source: str, fields: Mapping[str, FieldType]) -> None:
        self.source = source
        self.fields = fields

    def text(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or ast.unparse(node)

    def literal(self, node: ast.AST) -> object:
        if isinstance(node, ast.Constant) and value_type(node.value) is not None:
            value = node.value
            # Float literals become exact decimals: 1.5 means Decimal("1.5").
            exact = Decimal(repr(value)) if isinstance(value, float) else value
            size: int | Decimal = exact if isinstance(exact, int | Decimal) else 0
            if not -_MAX_LITERAL < size < _MAX_LITERAL:  # also refuses NaN
                raise _RefusedError(node, "expected a number below 10^15")
            return exact
        if isinstance(node, ast.Name) and node.id in _NAMED_CONSTANTS:
            return _NAMED_CONSTANTS[node.id]
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and value_type(node.operand.value) in {FieldType.INTEGER, FieldType.NUMBER}
        ):
            inner = self.literal(node.operand)
            return -inner  # type: ignore[operator]
        raise _RefusedError(node, f"expected a literal value, got {self.text(node)!r}")

    def expr(self, node: ast.AST) -> Node:  # noqa: C901, PLR0911 - one branch per syntax
        text = self.text(node)
        if isinstance(node, ast.BoolOp):
            items = tuple(self.boolean(v) for v in node.values)
            op = "and" if isinstance(node.op, ast.And) else "or"
            return Logic(text, FieldType.BOOLEAN, op, items)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Negate(text, FieldType.BOOLEAN, self.boolean(node.operand))
        if isinstance(node, ast.Compare):
            return self.compare(node, text)
        if isinstance(node, ast.Call):
            return self.call(node, text)
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
            left, right = self.expr(node.left), self.expr(node.right)
            for side in (left, right):
                if not side.type.numeric:
                    raise _RefusedError(
                        node, f"{side.text!r} is {side.type.value}, not a number"
                    )
            kind = (
                FieldType.INTEGER
                if left.type is right.type is FieldType.INTEGER
                else FieldType.NUMBER
            )
            return Arith(text, kind, _ARITH[type(node.op)], left, right)
        if isinstance(node, ast.Name) and node.id not in _NAMED_CONSTANTS:
            if node.id not in self.fields:
                hint = did_you_mean(node.id, self.fields)
                raise _RefusedError(node, f"unknown field {node.id!r}{hint}")
            return Ref(text, self.fields[node.id], node.id)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            values = [self.literal(v) for v in node.elts]
            kinds = {value_type(v) for v in values}
            if len(kinds) > 1 and not all(k and k.numeric for k in kinds):
                raise _RefusedError(
                    node, f"a list must hold values of one type: {text}"
                )
            first = kinds.pop() if kinds else None
            return Items(text, first or FieldType.TEXT, frozenset(values))
        if isinstance(node, ast.Constant | ast.Name | ast.UnaryOp):
            value = self.literal(node)
            literal_kind = value_type(value)
            return Const(text, literal_kind or FieldType.TEXT, value)
        raise _RefusedError(
            node, f"{type(node).__name__} is not allowed in a condition: {text!r}"
        )

    def boolean(self, node: ast.AST) -> Node:
        out = self.expr(node)
        if out.type is not FieldType.BOOLEAN:
            raise _RefusedError(
                node, f"expected a true/false condition, got {out.text!r}"
            )
        return out

    def compare(self, node: ast.Compare, text: str) -> Node:
        parts: list[Node] = []
        left = self.expr(node.left)
        for op_node, right_ast in zip(node.ops, node.comparators, strict=True):
            op = _CMP.get(type(op_node))
            if op is None:
                raise _RefusedError(
                    node, f"operator {type(op_node).__name__} is not allowed"
                )
            right = self.expr(right_ast)
            parts.append(self.check_compare(node, op, left, right))
            left = right
        if len(parts) == 1:
            return attrs.evolve(parts[0], text=text)
        return Logic(text, FieldType.BOOLEAN, "and", tuple(parts))

    def check_compare(self, node: ast.AST, op: str, left: Node, right: Node) -> Compare:
        text = f"{left.text} {op} {right.text}"
        if op in {"in", "not in"}:
            if isinstance(right, Items):
                ok = not right.values or _compatible(left.type, right.type)
            else:
                ok = right.type is FieldType.LIST
            if not ok:
                raise _RefusedError(
                    node, f"{text!r}: expected a list of {left.type.value} values"
                )
            return Compare(text, FieldType.BOOLEAN, op, left, right)
        if isinstance(right, Items) or isinstance(left, Items):
            raise _RefusedError(node, f"{text!r}: a list needs 'in' or 'not in'")
        if not _compatible(left.type, right.type):
            raise _RefusedError(
                node,
                f"{text!r} compares {left.type.value} with {right.type.value}",
            )
        if left.type not in OPERATORS[op].types:
            raise _RefusedError(
                node, f"{text!r}: {op} does not apply to {left.type.value}"
            )
        return Compare(text, FieldType.BOOLEAN, op, left, right)

    def call(self, node: ast.Call, text: str) -> Node:  # noqa: C901
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise _RefusedError(
                node, f"only plain calls of listed functions are allowed: {text!r}"
            )
        name = node.func.id
        fn = FUNCTIONS.get(name)
        if fn is None:
            raise _RefusedError(
                node, f"unknown function {name!r}{did_you_mean(name, FUNCTIONS)}"
            )
        if name == "has":
            arg = node.args[0] if len(node.args) == 1 else None
            if not isinstance(arg, ast.Name) or arg.id not in self.fields:
                raise _RefusedError(node, f"has() takes one field name, got {text!r}")
            return Present(text, FieldType.BOOLEAN, arg.id)
        if name == "date":
            arg = node.args[0] if len(node.args) == 1 else None
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise _RefusedError(
                    node, f'date() takes one text like "2026-03-01": {text!r}'
                )
            try:
                return Const(text, FieldType.DATE, date.fromisoformat(arg.value))
            except ValueError:
                raise _RefusedError(node, f"not a date: {arg.value!r}") from None
        if len(node.args) != len(fn.params):
            raise _RefusedError(
                node,
                f"{name}() takes {len(fn.params)} argument(s), got {len(node.args)}",
            )
        args = tuple(self.expr(a) for a in node.args)
        for given, want in zip(args, fn.params, strict=True):
            if not _compatible(given.type, want):
                raise _RefusedError(
                    node,
                    f"{name}() expects {want.value}, "
                    f"got {given.type.value} {given.text!r}",
                )
        return Call(text, fn.returns, name, args)


def parse_condition(  # noqa: PLR0911 - one return per refusal
    source: str, fields: Mapping[str, FieldType]
) -> tuple[Node, list[str]]:
    """
    Parse and check *source*; return the tree and a list of problems.

    When there are problems the tree is a constant ``false`` placeholder and
    must not be used. Problems name the column (1-based) where they were found.
    """
    placeholder = Const("false", FieldType.BOOLEAN, value=False)
    stripped = source.strip()
    if not stripped:
        return Const("true", FieldType.BOOLEAN, value=True), []
    if len(stripped) > MAX_CONDITION_LENGTH:
        limit = f"{MAX_CONDITION_LENGTH} characters"
        return placeholder, [f"column 1: a condition is at most {limit}"]
    deep = f"nested more than {MAX_CONDITION_DEPTH} levels deep"
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        return placeholder, [f"column {exc.offset or 1}: syntax error: {exc.msg}"]
    except (RecursionError, MemoryError):
        return placeholder, [f"column 1: {deep}"]
    too_deep = _too_deep(tree.body)
    if too_deep is not None:
        return placeholder, [f"column {getattr(too_deep, 'col_offset', 0) + 1}: {deep}"]
    try:
        node = _Parser(stripped, fields).boolean(tree.body)
    except _RefusedError as refused:
        return placeholder, [f"column {refused.column}: {refused.message}"]
    return node, []


def _literal_node(value: object) -> Node | None:
    if isinstance(value, list | tuple):
        items = [_literal_node(v) for v in value]
        if any(not isinstance(i, Const) for i in items):
            return None
        consts = [i for i in items if isinstance(i, Const)]
        kinds = {c.type for c in consts}
        if len(kinds) > 1 and not all(k.numeric for k in kinds):
            return None
        elem = kinds.pop() if kinds else FieldType.TEXT
        return Items(repr(list(value)), elem, frozenset(c.value for c in consts))
    exact = Decimal(repr(value)) if isinstance(value, float) else value
    kind = value_type(exact)
    if kind is None:
        return None
    shown = (
        f'"{exact}"'
        if isinstance(exact, str)
        else str(exact).lower()
        if isinstance(exact, bool)
        else str(exact)
    )
    return Const(shown, kind, exact)


def condition_node(
    field: str, op: str, value: object, fields: Mapping[str, FieldType]
) -> tuple[Node, dict[str, str]]:
    """
    Build a checked tree for one structured condition.

    Returns the node and problems keyed by the part at fault (``field``,
    ``op`` or ``value``).

    >>> from gridgov.points.vocabulary import FieldType
    >>> condition_node("hours", ">=", 2, {"hours": FieldType.NUMBER})[0].text
    'hours >= 2'
    >>> condition_node("hours", "nt_in", [1, 2], {"hours": FieldType.NUMBER})[1]
    {'op': "unknown operator 'nt_in'; did you mean 'not_in'?"}
    """
    placeholder = Const("false", FieldType.BOOLEAN, value=False)
    problems: dict[str, str] = {}
    if field not in fields:
        problems["field"] = f"unknown field {field!r}{did_you_mean(field, fields)}"
    symbol = "not in" if op == "not_in" else op
    if symbol not in OPERATORS:
        options = [o.replace(" ", "_") for o in OPERATORS]
        problems["op"] = f"unknown operator {op!r}{did_you_mean(op, options)}"
    right = _literal_node(value)
    if right is None:
        problems["value"] = f"expected a literal value or a list of them, got {value!r}"
    if problems or right is None:
        return placeholder, problems
    left = Ref(field, fields[field], field)
    try:
        node = _Parser("", fields).check_compare(ast.Pass(), symbol, left, right)
    except _RefusedError as refused:
        return placeholder, {"value": refused.message}
    return node, {}
