"""
Guards that explain: named, data-configured predicates that return a reason.

A guard is configured in a spec as a *kind* plus text *params*
(``{kind = "quorum", params = {present = "present", total = "members"}}``);
compiling the flow looks the kind up in a `GuardRegistry` and builds a plain
function once. At run time a guard is called with the instance, the actor, the
instant and the command's fields and returns ``None`` when it passes, or a
sentence saying why it failed. Nothing is ever evaluated from text.

Field values are text (what a form or a TOML file carries); a guard that counts
reads ``"18"`` as 18 and fails with a reason if the value is not a whole number
written in ASCII digits (at most 9 of them). Full-width digits (``"１８"``, what
a Chinese input method types) are refused with a reason that says so, not
read silently: the field is recorded as typed, and a record that says ``１８``
where the guard counted 18 would be two facts. A counting guard also checks
that its counts fit together (no more present than members, no more approvals
than those due or present) and names the check that failed.
A guard looks a field up in the command's fields first, then in the fields the
instance recorded on earlier steps.

Built-in kinds (`BUILTIN_GUARDS`):

=================  ===================================  ==========================
kind               params                               passes when
=================  ===================================  ==========================
field_present      field                                the field is non-empty
field_equals       field, value                         the field equals value
field_in           field, values (comma-separated)      the field is one of values
role_in            roles (comma-separated)              the actor has one of roles
quorum             present, total, at_least (``2/3``)   present <= total and
                                                        present >= at_least × total
majority           approvals, due, more_than (``1/2``)  approvals <= due (and <=
                   present (optional)                   present if named) and
                                                        approvals > more_than × due
min_days_in_state  days                                 the state was entered at
                                                        least *days* days ago
=================  ===================================  ==========================

An application adds its own kinds with `GuardRegistry.with_kind`:

>>> def build_weekday(params):
...     return lambda instance, actor, at, fields: (
...         None if at.weekday() < 5 else "only on weekdays"
...     )
>>> kind = GuardKind(
...     name="weekday",
...     label_zh="工作日",
...     summary="only Monday to Friday",
...     build=build_weekday,
... )
>>> registry = BUILTIN_GUARDS.with_kind(kind)
>>> "weekday" in registry.names()
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeAlias

import attrs

from gridgov.errors import DuplicateEntityError, InvalidValueError, UnknownEntityError
from gridgov.flow._counting import (
    build_majority,
    build_quorum,
    lookup_field,
    parse_count,
)

if TYPE_CHECKING:
    from gridgov.flow.records import Actor, FlowInstance

__all__ = [
    "BUILTIN_GUARDS",
    "Guard",
    "GuardKind",
    "GuardRegistry",
    "lookup_field",
    "parse_count",
]

Guard: TypeAlias = (
    "Callable[[FlowInstance, Actor, datetime, Mapping[str, str]], str | None]"
)
"""A compiled guard: returns None when it passes, else the reason it failed."""

GuardBuilder: TypeAlias = Callable[[Mapping[str, str]], Guard]


@attrs.frozen(kw_only=True)
class GuardKind:
    """
    A kind of guard: its name, parameters and the builder that compiles it.

    Attributes:
        name: The name used in specs (``quorum``).
        label_zh: Chinese label (``到会人数``).
        summary: One line for docs and error messages.
        required: Parameters that must be given.
        optional: Parameters that may be given.
        build: Turns validated params into a `Guard`; raises
            `gridgov.errors.InvalidValueError` naming the bad parameter.
    """

    name: str
    label_zh: str
    summary: str
    build: GuardBuilder
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


@attrs.frozen
class GuardRegistry:
    """
    An immutable set of guard kinds, by name. Extend it with `with_kind`.

    Attributes:
        kinds: The kinds, by name.
    """

    kinds: Mapping[str, GuardKind]

    def names(self) -> tuple[str, ...]:
        """Return the kind names, sorted."""
        return tuple(sorted(self.kinds))

    def get(self, name: str) -> GuardKind:
        """
        Return the kind called *name*.

        Raises:
            UnknownEntityError: If there is no such kind; the hint lists them.
        """
        try:
            return self.kinds[name]
        except KeyError:
            raise UnknownEntityError(
                "guard kind", name, hint=f"known: {', '.join(self.names())}"
            ) from None

    def with_kind(self, kind: GuardKind) -> GuardRegistry:
        """
        Return a new registry with *kind* added.

        Raises:
            DuplicateEntityError: If a kind of that name exists already.
        """
        if kind.name in self.kinds:
            raise DuplicateEntityError("guard kind", kind.name)
        return GuardRegistry({**self.kinds, kind.name: kind})


def _names(name: str, text: str) -> frozenset[str]:
    items = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not items:
        raise InvalidValueError(name, "a comma-separated list of names", text)
    return items


def _build_field_present(params: Mapping[str, str]) -> Guard:
    field = params["field"]

    def field_present(
        instance: FlowInstance, _actor: Actor, _at: datetime, fields: Mapping[str, str]
    ) -> str | None:
        if lookup_field(instance, fields, field):
            return None
        return f"field {field!r} is missing"

    return field_present


def _build_field_equals(params: Mapping[str, str]) -> Guard:
    field, expected = params["field"], params["value"]

    def field_equals(
        instance: FlowInstance, _actor: Actor, _at: datetime, fields: Mapping[str, str]
    ) -> str | None:
        got = lookup_field(instance, fields, field)
        if got == expected:
            return None
        return f"field {field!r} must be {expected!r}, got {got!r}"

    return field_equals


def _build_field_in(params: Mapping[str, str]) -> Guard:
    field = params["field"]
    values = _names("values", params["values"])
    shown = ", ".join(sorted(values))

    def field_in(
        instance: FlowInstance, _actor: Actor, _at: datetime, fields: Mapping[str, str]
    ) -> str | None:
        got = lookup_field(instance, fields, field)
        if got in values:
            return None
        return f"field {field!r} must be one of {shown}, got {got!r}"

    return field_in


def _build_role_in(params: Mapping[str, str]) -> Guard:
    roles = _names("roles", params["roles"])
    shown = ", ".join(sorted(roles))

    def role_in(
        _instance: FlowInstance, actor: Actor, _at: datetime, _fields: Mapping[str, str]
    ) -> str | None:
        if roles.isdisjoint(actor.roles):
            return f"actor {actor.id!r} needs one of the roles {shown}"
        return None

    return role_in


def _build_min_days_in_state(params: Mapping[str, str]) -> Guard:
    days = parse_count("days", params["days"])
    if isinstance(days, str):
        raise InvalidValueError(
            "days", "a whole number of days >= 0 in ASCII digits", params["days"]
        )
    wait = timedelta(days=days)

    def min_days_in_state(
        instance: FlowInstance, _actor: Actor, at: datetime, _fields: Mapping[str, str]
    ) -> str | None:
        ready = instance.since + wait
        if at >= ready:
            return None
        return f"must stay in {instance.state!r} until {ready.isoformat()}"

    return min_days_in_state


def _kind(
    name: str,
    label_zh: str,
    summary: str,
    build: GuardBuilder,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> tuple[str, GuardKind]:
    return name, GuardKind(
        name=name,
        label_zh=label_zh,
        summary=summary,
        build=build,
        required=required,
        optional=optional,
    )


BUILTIN_GUARDS = GuardRegistry(
    dict(
        [
            _kind(
                "field_present",
                "字段必填",
                "the field is present and non-empty",
                _build_field_present,
                required=("field",),
            ),
            _kind(
                "field_equals",
                "字段取值",
                "the field equals a value",
                _build_field_equals,
                required=("field", "value"),
            ),
            _kind(
                "field_in",
                "字段取值范围",
                "the field is one of the listed values",
                _build_field_in,
                required=("field", "values"),
            ),
            _kind(
                "role_in",
                "角色",
                "the actor has one of the listed roles",
                _build_role_in,
                required=("roles",),
            ),
            _kind(
                "quorum",
                "到会人数",
                "present >= at_least (default 2/3) of total, and no more than total",
                build_quorum,
                required=("present", "total"),
                optional=("at_least",),
            ),
            _kind(
                "majority",
                "表决过半",
                "approvals > more_than (default 1/2) of those due, "
                "and no more than those due (or present)",
                build_majority,
                required=("approvals", "due"),
                optional=("more_than", "present"),
            ),
            _kind(
                "min_days_in_state",
                "最短停留天数",
                "the current state was entered at least N natural days ago",
                _build_min_days_in_state,
                required=("days",),
            ),
        ]
    )
)
"""The guard kinds every flow can use."""
