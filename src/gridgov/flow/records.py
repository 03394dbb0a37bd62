"""
The plain records a flow works on: who acts, an instance, and a step of history.

They are immutable records with exact types and no behaviour of their own;
the shared, compiled `gridgov.flow.Flow` holds the rules. Many thousands of
instances share one flow, so an instance costs a few hundred bytes. `Actor` is
an attrs class; `Step` and `FlowInstance`, built once per transition, are
tuple-backed (`typing.NamedTuple`) because that is what makes a transition cheap.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple, TypeVar

import attrs

__all__ = ["EMPTY_FIELDS", "Actor", "FlowInstance", "Step"]

EMPTY_FIELDS: Mapping[str, str] = MappingProxyType({})
"""The shared, read-only empty field mapping (no allocation per step)."""


@attrs.frozen
class Actor:
    """
    Who fires a command: an id and the roles they act in.

    >>> Actor("w-01", frozenset({"grid_worker"}))
    Actor(id='w-01', roles=frozenset({'grid_worker'}))

    Attributes:
        id: The person's or unit's id (a worker id, a unit code).
        roles: Role names, matched against a transition's ``roles``.
    """

    id: str
    roles: frozenset[str] = frozenset()


_Record = TypeVar("_Record", bound=tuple[object, ...])


def _exact_equality(cls: type[_Record]) -> type[_Record]:
    """
    Make a named tuple equal only to its own class (a record, not a sequence).

    A plain named tuple equals any tuple with the same items, so a `Step` would
    equal a bare tuple or another record holding the same values. The hash stays
    the tuple's (equal records hash alike).
    """

    def __eq__(self: tuple[object, ...], other: object) -> bool:  # noqa: N807
        return other.__class__ is self.__class__ and tuple.__eq__(self, other)

    def __ne__(self: tuple[object, ...], other: object) -> bool:  # noqa: N807
        return not __eq__(self, other)

    cls.__eq__ = __eq__  # type: ignore[method-assign]
    cls.__ne__ = __ne__  # type: ignore[method-assign,assignment]
    cls.__hash__ = tuple.__hash__  # type: ignore[method-assign]
    return cls


@_exact_equality
class Step(NamedTuple):
    """
    One fired command: the unit of history (an audit record, past tense).

    Replaying an instance's steps in order with `gridgov.flow.replay` rebuilds
    the instance exactly.

    A step is a typed, immutable record backed by a tuple (a `typing.NamedTuple`),
    because the engine builds one per transition and a tuple is the cheapest
    record Python can build (see "Records" on the flow page of the docs). It
    equals only another `Step` with the same values, never a bare tuple; use
    ``_replace`` to derive a changed copy.

    Attributes:
        instance_id: The instance the step belongs to.
        command_id: The caller's idempotency key for this command.
        command: The command's name.
        source: The state before.
        target: The state after.
        actor: The id of who fired it.
        at: When (timezone-aware).
        version: The instance's version after the step (1 for the first step).
        fields: The fields the command carried (reason, target unit, counts …).
    """

    instance_id: str
    command_id: str
    command: str
    source: str
    target: str
    actor: str
    at: datetime
    version: int
    fields: Mapping[str, str] = EMPTY_FIELDS


@_exact_equality
class FlowInstance(NamedTuple):
    """
    Where one instance of a flow stands: a plain, immutable record.

    An instance is its last step plus the fields gathered so far: the state,
    version and time it entered the state are the last step's, so a transition
    allocates one small record beside its `Step`. Every fired command returns a
    new instance; the old one is unchanged. Like `Step` it is tuple-backed and
    equals only another `FlowInstance` with the same values.

    Attributes:
        flow: The name of the flow it runs on.
        last: The step that produced it (the opening step for a new instance);
            lets a retried command be answered with the original result.
        data: Every field carried by its steps so far (later values win).
    """

    flow: str
    last: Step
    data: Mapping[str, str] = EMPTY_FIELDS

    @property
    def id(self) -> str:
        """The instance id (a case id, a claim id)."""
        return self.last.instance_id

    @property
    def state(self) -> str:
        """The current state."""
        return self.last.target

    @property
    def since(self) -> datetime:
        """When it entered the current state."""
        return self.last.at

    @property
    def version(self) -> int:
        """How many steps it has taken since it was opened (0 when new)."""
        return self.last.version


# --- fast private constructors for the engine's hot path ----------------------
# A NamedTuple's generated __new__ is a Python function; tuple.__new__ with a
# ready tuple is one C call. The engine builds one Step and one FlowInstance per
# transition from values it has already checked, so it calls tuple.__new__
# directly: the same record (tests compare it with the public constructor).
# Nothing outside this package uses these.
build = tuple.__new__
"""``build(Step, (values…))``: a record from checked values in field order (engine)."""


def advance(instance: FlowInstance, step: Step) -> FlowInstance:
    """Return *instance* moved by *step* (engine only; the step is trusted)."""
    data = {**instance.data, **step.fields} if step.fields else instance.data
    return build(FlowInstance, (instance.flow, step, data))
