"""
The plain records a flow works on: who acts, an instance, and a step of history.

They are frozen attrs classes with exact types and no behaviour of their own;
the shared, compiled `gridgov.flow.Flow` holds the rules. Many thousands of
instances share one flow, so an instance costs a few hundred bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

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


@attrs.frozen
class Step:
    """
    One fired command: the unit of history (an audit record, past tense).

    Replaying an instance's steps in order with `gridgov.flow.replay` rebuilds
    the instance exactly.

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


@attrs.frozen
class FlowInstance:
    """
    Where one instance of a flow stands: a plain, immutable record.

    An instance is its last step plus the fields gathered so far: the state,
    version and time it entered the state are the last step's, so a transition
    allocates one small record beside its `Step`. Every fired command returns a
    new instance; the old one is unchanged.

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
# attrs' frozen __init__ sets each slot through object.__setattr__ (a type lookup
# per field). The engine builds one Step and one FlowInstance per transition from
# values it has already checked, so it writes the slots through their descriptors
# directly: the same object (tests compare it with the public constructor), about
# a third cheaper. Nothing outside this package uses these.
_new = object.__new__
STEP_SETTERS = tuple(Step.__dict__[a.name].__set__ for a in attrs.fields(Step))
"""The slot setters of `Step`, in field order (engine only)."""
INSTANCE_SETTERS = tuple(
    FlowInstance.__dict__[a.name].__set__ for a in attrs.fields(FlowInstance)
)
"""The slot setters of `FlowInstance`, in field order (engine only)."""


def new_step(  # noqa: PLR0917 - positional on purpose, see above
    instance_id: str,
    command_id: str,
    command: str,
    source: str,
    target: str,
    actor: str,
    at: datetime,
    version: int,
    fields: Mapping[str, str],
) -> Step:
    """Build a `Step` from checked values, skipping attrs' __init__ (engine only)."""
    step: Step = _new(Step)
    setters = STEP_SETTERS
    setters[0](step, instance_id)
    setters[1](step, command_id)
    setters[2](step, command)
    setters[3](step, source)
    setters[4](step, target)
    setters[5](step, actor)
    setters[6](step, at)
    setters[7](step, version)
    setters[8](step, fields)
    return step


def advance(instance: FlowInstance, step: Step) -> FlowInstance:
    """Return *instance* moved by *step* (engine only; the step is trusted)."""
    new: FlowInstance = _new(FlowInstance)
    set_flow, set_last, set_data = INSTANCE_SETTERS
    set_flow(new, instance.flow)
    set_last(new, step)
    set_data(new, {**instance.data, **step.fields} if step.fields else instance.data)
    return new
