"""
Compiling checked conditions into fast callables, and explaining them.

`compile_matcher` turns the checked trees of a whole rule book into ONE Python
function that returns the indexes of the rules whose conditions hold. The
function's source is generated from the validated tree only: field names and
literals enter it through ``repr`` or as named constants, operators and
functions come from the whitelist in `gridgov.points.vocabulary`. User text is
never evaluated. This is what makes the engine run at the speed of a
hand-written function (see docs/points.md, benchmarks).

Null semantics are explicit: a missing field, or a value of the wrong type,
makes the clauses that read it false, never an exception in the middle of a
batch. `explain` says which clause failed and on what values.

>>> from gridgov.points.language import parse_condition
>>> from gridgov.points.vocabulary import FieldType
>>> fields = {"hours": FieldType.NUMBER, "category": FieldType.TEXT}
>>> a, _ = parse_condition('hours >= 2 and category == "volunteer"', fields)
>>> b, _ = parse_condition("hours < 1", fields)
>>> match = compile_matcher([a, b])
>>> match({"hours": 3, "category": "volunteer"}), match({"category": "x"})
([0], [])
>>> [str(c) for c in explain(a, {"hours": 1.5, "category": "volunteer"})]
['hours >= 2 (hours = 1.5)']
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from gridgov.errors import SpecError, SpecProblem
from gridgov.points.language import (
    Arith,
    Call,
    Compare,
    Const,
    Items,
    Logic,
    Negate,
    Node,
    Present,
    Ref,
)
from gridgov.points.vocabulary import FUNCTIONS

__all__ = ["MISSING", "Clause", "Matcher", "compile_matcher", "compile_one", "explain"]

Matcher = Callable[[Mapping[str, Any]], list[int]]
"""A compiled rule book condition set: claim facts -> indexes of matching rules."""

# Errors that mean "this clause cannot hold for these facts", not a bug.
_SOFT = (KeyError, TypeError, ValueError, ArithmeticError, AttributeError)


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


MISSING: Any = _Missing()
"""Stands for a field the claim does not carry, in explanations."""


class _Poison:
    """A missing field in the fast path: any use of it raises TypeError."""

    def _refuse(self, *_args: object) -> Any:
        raise TypeError

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __hash__ = __bool__ = __contains__ = __len__ = __iter__ = _refuse


_POISON = _Poison()


class _Codegen:
    """Generate Python source from a checked tree (never from user text)."""

    def __init__(self, *, hoist: bool) -> None:
        self.hoist = hoist
        self.namespace: dict[str, Any] = {
            "__builtins__": {},
            "bool": bool,
            "KeyError": KeyError,
            "_SOFT": _SOFT,
            "_POISON": _POISON,
        }
        self.hoisted: dict[str, str] = {}

    def constant(self, value: object) -> str:
        if type(value) in {int, bool, str}:
            return repr(value)
        name = f"_c{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def field(self, name: str) -> str:
        local = self.hoisted.get(name)
        if local is None:
            local = f"v{len(self.hoisted)}"
            self.hoisted[name] = local
        return local

    def emit(self, node: Node) -> str:  # noqa: PLR0911 - one branch per node kind
        if isinstance(node, Const):
            return self.constant(node.value)
        if isinstance(node, Items):
            return self.constant(node.values)
        if isinstance(node, Ref):
            return self.field(node.name) if self.hoist else f"e[{node.name!r}]"
        if isinstance(node, Present):
            return f"({node.name!r} in e)"
        if isinstance(node, Compare | Arith):
            return f"({self.emit(node.left)} {node.op} {self.emit(node.right)})"
        if isinstance(node, Logic):
            return "(" + f" {node.op} ".join(self.emit(i) for i in node.items) + ")"
        if isinstance(node, Negate):
            return f"(not {self.emit(node.item)})"
        if isinstance(node, Call):
            fn_name = f"_f_{node.name}"
            self.namespace[fn_name] = FUNCTIONS[node.name].impl
            return f"{fn_name}({', '.join(self.emit(a) for a in node.args)})"
        msg = f"cannot compile node {node!r}"  # unreachable for checked trees
        raise AssertionError(msg)

    def load_fields(self) -> list[str]:
        # A missing field becomes a poison value: touching it raises TypeError,
        # which sends the whole claim down the careful per-rule path.
        lines = []
        for name, local in self.hoisted.items():
            lines += [
                "    try:",
                f"      {local} = e[{name!r}]",
                "    except KeyError:",
                f"      {local} = _POISON",
            ]
        return lines


def compile_one(node: Node) -> Callable[[Mapping[str, Any]], bool]:
    """Compile one condition into ``facts -> bool`` (missing or bad values -> False)."""
    gen = _Codegen(hoist=False)
    body = gen.emit(node)
    lines = ["def _rule(e):", "  try:"]
    lines += [f"    return bool({body})", "  except _SOFT:", "    return False"]
    rule: Callable[[Mapping[str, Any]], bool] = _build(lines, gen.namespace, "_rule")
    return rule


def compile_matcher(nodes: Sequence[Node]) -> Matcher:
    """
    Compile every rule's condition into one function returning matching indexes.

    The fast path loads each field once and tests every rule. If a rule touches
    a missing field or a value of the wrong type, the claim is evaluated again
    rule by rule, so one bad field only falsifies the rules that read it.
    Evaluation order is Python's (short-circuit ``and``/``or``), which is why
    ``not has(day) or day > date("2026-03-01")`` is true when ``day`` is absent.

    Raises:
        SpecError: In the unlikely case that Python cannot compile the
            conditions (trees within the language's limits always compile).
    """
    gen = _Codegen(hoist=True)
    tests = [gen.emit(node) for node in nodes]
    singles = [compile_one(node) for node in nodes]
    gen.namespace["_singles"] = tuple(enumerate(singles))
    lines = ["def _match(e):", "  try:"]
    lines += gen.load_fields()
    lines += ["    out = []"]
    lines += [f"    if {t}: out.append({i})" for i, t in enumerate(tests)]
    lines += [
        "    return out",
        "  except _SOFT:",
        "    return [i for i, f in _singles if f(e)]",
    ]
    matcher: Matcher = _build(lines, gen.namespace, "_match")
    return matcher


def _build(lines: list[str], namespace: dict[str, Any], name: str) -> Any:
    source = "\n".join(lines)
    try:
        code = compile(source, "<gridgov rule book>", "exec")
    except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
        # Checked trees stay within the language's limits; this is the last guard.
        problem = SpecProblem(
            "rules", f"the conditions are too complex to compile: {exc}"
        )
        raise SpecError([problem]) from None
    # The source was generated above from a validated tree; no user text in it.
    exec(code, namespace)  # noqa: S102
    return namespace[name]


@attrs.frozen
class Clause:
    """
    A clause that did not hold, with the values it read.

    Attributes:
        text: The clause as written in the rule (``hours >= 2``).
        values: ``(field, value)`` pairs read by the clause; `MISSING` if absent.
    """

    text: str
    values: tuple[tuple[str, Any], ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """Fields the clause needed but the claim did not carry."""
        return tuple(name for name, value in self.values if value is MISSING)

    def __str__(self) -> str:
        shown = ", ".join(
            f"{n} = {'missing' if v is MISSING else v}" for n, v in self.values
        )
        return f"{self.text} ({shown})" if shown else self.text


_BINARY: Mapping[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
}


class _UnknownValueError(Exception):
    """Internal: a value could not be computed (missing field, bad type)."""


def _value(node: Node, facts: Mapping[str, Any]) -> Any:  # noqa: C901, PLR0911
    if isinstance(node, Const):
        return node.value
    if isinstance(node, Items):
        return node.values
    if isinstance(node, Ref):
        if node.name not in facts:
            raise _UnknownValueError
        return facts[node.name]
    if isinstance(node, Present):
        return node.name in facts
    if isinstance(node, Logic):
        want = node.op == "or"
        for item in node.items:
            if bool(_value(item, facts)) is want:
                return want
        return not want
    if isinstance(node, Negate):
        return not _value(node.item, facts)
    try:
        if isinstance(node, Compare | Arith):
            return _BINARY[node.op](_value(node.left, facts), _value(node.right, facts))
        if isinstance(node, Call):
            args = [_value(a, facts) for a in node.args]
            return FUNCTIONS[node.name].impl(*args)
    except _SOFT:
        raise _UnknownValueError from None
    raise _UnknownValueError


def _holds(node: Node, facts: Mapping[str, Any]) -> bool:
    try:
        return bool(_value(node, facts))
    except _UnknownValueError:
        return False


def _refs(node: Node) -> list[str]:
    if isinstance(node, Ref):
        return [node.name]
    children: tuple[Node, ...] = ()
    if isinstance(node, Compare | Arith):
        children = (node.left, node.right)
    elif isinstance(node, Logic):
        children = node.items
    elif isinstance(node, Negate):
        children = (node.item,)
    elif isinstance(node, Call):
        children = node.args
    names: list[str] = []
    for child in children:
        names += [n for n in _refs(child) if n not in names]
    return names


def _status(node: Node, facts: Mapping[str, Any]) -> bool | None:
    try:
        return bool(_value(node, facts))
    except _UnknownValueError:
        return None


def _why(node: Node, facts: Mapping[str, Any]) -> tuple[Clause, ...]:
    if isinstance(node, Logic):
        out: list[Clause] = []
        for item in node.items:
            status = _status(item, facts)
            if status is not True:
                out += _why(item, facts)
            # Evaluation stops at an unknown value, and 'and' at the first false.
            if status is None or (status is False and node.op == "and"):
                break
        return tuple(out)
    values = tuple((name, facts.get(name, MISSING)) for name in _refs(node))
    return (Clause(node.text, values),)


def explain(node: Node, facts: Mapping[str, Any]) -> tuple[Clause, ...]:
    """
    Return the clauses that made *node* false for *facts* (empty if it holds).

    For ``and`` it is the first failing item; for ``or`` every item failed and
    each is listed. A clause that read a missing field (or a value of the wrong
    type) stops evaluation, as in the compiled form. This is the slow, careful
    path: call it only for tracing.
    """
    if _holds(node, facts):
        return ()
    return _why(node, facts)
