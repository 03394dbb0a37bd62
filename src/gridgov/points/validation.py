"""
Checking a rule book spec: every problem, each with its path.

Structural problems (a wrong type, an unknown key) are found by
`gridgov.io.structure` while loading; this module finds the problems that need
the whole book: unknown fields and functions in conditions (with a
did-you-mean), duplicate ids, undeclared categories, impossible caps, policy
contradictions.

>>> from gridgov.points.spec import RuleBookSpec, RuleSpec
>>> _, problems = check_spec(
...     RuleBookSpec(
...         id="x",
...         name_zh="x",
...         version="1",
...         rules=(RuleSpec(id="a", name_zh="甲", points=0, when="hours > 1"),),
...     )
... )
>>> for p in problems:
...     print(p)
rules[0].points: expected a non-zero whole number of points, got 0
rules[0].when: column 1: unknown field 'hours'
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence

from gridgov.errors import SpecProblem, closest
from gridgov.points.language import (
    Const,
    Logic,
    Node,
    condition_node,
    parse_condition,
)
from gridgov.points.spec import RuleBookSpec, RuleSpec, Unit
from gridgov.points.vocabulary import FUNCTIONS, FieldType

__all__ = ["check_spec", "conjoin"]

_RESERVED = {"true", "false", "True", "False", "None", "none", *FUNCTIONS}


def conjoin(nodes: Sequence[Node]) -> Node:
    """Join condition trees with ``and`` (one tree stays itself; none is true)."""
    if not nodes:
        return Const("true", FieldType.BOOLEAN, value=True)
    if len(nodes) == 1:
        return nodes[0]
    text = " and ".join(n.text for n in nodes)
    return Logic(text, FieldType.BOOLEAN, "and", tuple(nodes))


def _check_fields(spec: RuleBookSpec, out: list[SpecProblem]) -> dict[str, FieldType]:
    types: dict[str, FieldType] = {}
    for i, field in enumerate(spec.fields):
        path = f"fields[{i}].name"
        name = field.name
        if not name.isidentifier() or keyword.iskeyword(name) or name in _RESERVED:
            out.append(SpecProblem.of(path, "field_name", value=name))
        elif name in types:
            out.append(SpecProblem.of(path, "duplicate_field", name=name))
        else:
            types[name] = field.type
        if field.choices and field.type is not FieldType.TEXT:
            out.append(SpecProblem.of(f"fields[{i}].choices", "choices_on_text"))
    return types


_COLUMN = re.compile(r"^column (\d+): (.*)$", re.DOTALL)


def _condition_problem(path: str, message: str) -> SpecProblem:
    """A condition's problem (``column 3: syntax error``), its column kept apart."""
    found = _COLUMN.match(message)
    if found is None:
        return SpecProblem.of(path, "condition_part", detail=message)
    return SpecProblem.of(path, "condition", column=int(found[1]), detail=found[2])


def _check_condition(
    rule: RuleSpec, path: str, types: dict[str, FieldType], out: list[SpecProblem]
) -> Node:
    nodes: list[Node] = []
    if rule.when.strip():
        node, problems = parse_condition(rule.when, types)
        out += [_condition_problem(f"{path}.when", p) for p in problems]
        nodes.append(node)
    for j, cond in enumerate(rule.conditions):
        node, parts = condition_node(cond.field, cond.op, cond.value, types)
        out += [
            SpecProblem.of(f"{path}.conditions[{j}].{k}", "condition_part", detail=v)
            for k, v in parts.items()
        ]
        nodes.append(node)
    return conjoin(nodes)


def _check_rule(  # noqa: C901, PLR0912 - a flat list of independent checks
    rule: RuleSpec,
    path: str,
    types: dict[str, FieldType],
    categories: set[str],
    out: list[SpecProblem],
) -> None:
    if not rule.id.strip():
        out.append(SpecProblem.of(f"{path}.id", "non_empty", kind="id"))
    if rule.points == 0:
        out.append(SpecProblem.of(f"{path}.points", "zero_points"))
    if categories and rule.category not in categories:
        hint = closest(rule.category, categories)
        out.append(
            SpecProblem.of(
                f"{path}.category",
                "unknown_ref",
                kind="category",
                key=rule.category,
                suggestion=hint,
            )
        )
    if rule.unit is not Unit.OCCURRENCE:
        qf = rule.quantity_field
        if qf not in types:
            out.append(
                SpecProblem.of(
                    f"{path}.quantity_field",
                    "quantity_field",
                    unit=rule.unit.value,
                    value=qf,
                    suggestion=closest(qf, types) if qf else None,
                )
            )
        elif not types[qf].numeric:
            out.append(
                SpecProblem.of(
                    f"{path}.quantity_field",
                    "field_not_number",
                    name=qf,
                    type=types[qf].value,
                )
            )
    elif rule.quantity_field:
        out.append(SpecProblem.of(f"{path}.quantity_field", "quantity_unwanted"))
    cap = rule.cap
    if cap is not None:
        if cap.max_points is None and cap.max_times is None:
            out.append(SpecProblem.of(f"{path}.cap", "cap_needs_limit"))
        for name, value in (
            ("max_points", cap.max_points),
            ("max_times", cap.max_times),
        ):
            if value is not None and value <= 0:
                out.append(
                    SpecProblem.of(
                        f"{path}.cap.{name}",
                        "expected_plain",
                        expected="a positive integer",
                        value=value,
                    )
                )
        if rule.points < 0:
            out.append(SpecProblem.of(f"{path}.cap", "cap_on_deduction"))
    if rule.valid_from and rule.valid_until and rule.valid_until <= rule.valid_from:
        out.append(
            SpecProblem.of(
                f"{path}.valid_until",
                "valid_until",
                start=rule.valid_from,
                value=rule.valid_until,
            )
        )
    for j, kind in enumerate(rule.evidence):
        if not kind.strip():
            out.append(
                SpecProblem.of(
                    f"{path}.evidence[{j}]", "non_empty", kind="evidence kind"
                )
            )


def _check_policy(spec: RuleBookSpec, out: list[SpecProblem]) -> None:
    policy = spec.policy
    for name in ("base_score", "notice_days"):
        value = getattr(policy, name)
        if value < 0:
            out.append(
                SpecProblem.of(
                    f"policy.{name}",
                    "expected_plain",
                    expected="0 or more",
                    value=value,
                )
            )
    if policy.expiry_months is not None and policy.expiry_months <= 0:
        out.append(
            SpecProblem.of(
                "policy.expiry_months",
                "expected_plain",
                expected="a positive number of months",
                value=policy.expiry_months,
            )
        )
    if policy.reset is not None and policy.expiry_months is not None:
        out.append(SpecProblem.of("policy.expiry_months", "reset_or_expiry"))
    if not policy.yuan_per_point > 0:
        out.append(
            SpecProblem.of(
                "policy.yuan_per_point",
                "expected_plain",
                expected="a positive amount",
                value=policy.yuan_per_point,
            )
        )
    months = spec.eligibility.min_months_resident
    if months is not None and months < 0:
        out.append(
            SpecProblem.of(
                "eligibility.min_months_resident",
                "expected_plain",
                expected="0 or more",
                value=months,
            )
        )


def check_spec(spec: RuleBookSpec) -> tuple[list[Node], list[SpecProblem]]:
    """Return each rule's checked condition and every problem found, by path."""
    out: list[SpecProblem] = []
    if not spec.id.strip():
        out.append(SpecProblem.of("id", "non_empty", kind="id"))
    if not spec.version.strip():
        out.append(SpecProblem.of("version", "non_empty", kind="version"))
    types = _check_fields(spec, out)
    categories: set[str] = set()
    for i, cat in enumerate(spec.categories):
        if cat.id in categories:
            out.append(
                SpecProblem.of(
                    f"categories[{i}].id", "duplicate", kind="category", key=cat.id
                )
            )
        categories.add(cat.id)
    seen: set[str] = set()
    nodes = []
    for i, rule in enumerate(spec.rules):
        path = f"rules[{i}]"
        if rule.id in seen:
            out.append(
                SpecProblem.of(f"{path}.id", "duplicate", kind="rule id", key=rule.id)
            )
        seen.add(rule.id)
        _check_rule(rule, path, types, categories, out)
        nodes.append(_check_condition(rule, path, types, out))
    _check_policy(spec, out)
    return nodes, out
