"""
Workflow definitions as data: the spec classes a TOML or JSON file turns into.

A `FlowSpec` is what a township edits. It is plain attrs data with no behaviour;
`gridgov.flow.compile_flow` validates it (every problem located by its path) and
compiles it once into a `gridgov.flow.Flow` with O(1) lookup tables.

The shape of a spec file (``gridgov.io.load_workflow`` reads it)::

    name = "mediation"
    label_zh = "矛盾纠纷调解"
    initial = "accepted"

    [[states]]
    name = "accepted"
    label_zh = "受理"

    [[states]]
    name = "resolved"
    label_zh = "化解"
    terminal = true

    [[commands]]
    name = "resolve"
    label_zh = "化解"

    [[transitions]]
    sources = ["accepted"]
    command = "resolve"
    target = "resolved"
    roles = ["mediator"]
    fields = ["summary"]
    guards = [{ kind = "field_equals", params = { field = "outcome", value = "ok" } }]

A transition whose target depends on the command (回退 to a named step) names the
field that carries the target and the targets it may choose from::

    [[transitions]]
    sources = ["handled"]
    command = "send_back"
    target_field = "to_step"
    targets = ["registered", "dispatched"]
"""

from __future__ import annotations

import attrs

__all__ = ["CommandSpec", "FlowSpec", "GuardSpec", "StateSpec", "TransitionSpec"]


@attrs.frozen(kw_only=True)
class StateSpec:
    """
    One state of a workflow.

    Attributes:
        name: Identifier used in transitions (English, ``snake_case``).
        label_zh: The Chinese label shown to people (``核查``).
        terminal: Whether the flow ends here; a terminal state has no way out.
        description: Optional free text for the docs.
    """

    name: str
    label_zh: str
    terminal: bool = False
    description: str = ""


@attrs.frozen(kw_only=True)
class CommandSpec:
    """
    One command (an operation a person performs: 立案, 派遣, 核查 …).

    Attributes:
        name: Identifier passed to `gridgov.flow.fire`.
        label_zh: The Chinese label (``派遣``).
        description: Optional free text for the docs.
    """

    name: str
    label_zh: str
    description: str = ""


@attrs.frozen(kw_only=True)
class GuardSpec:
    """
    A named guard with its parameters, resolved against a guard registry.

    Guards are data, never code: *kind* names a built-in (or app-registered)
    guard kind and *params* configure it, e.g.
    ``GuardSpec(kind="quorum", params={"present": "present", "total": "members",
    "at_least": "2/3"})``.

    Attributes:
        kind: The guard kind (``quorum``, ``majority``, ``field_present`` …).
        params: Text parameters; each kind documents and validates its own.
    """

    kind: str
    params: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class TransitionSpec:
    """
    ``sources --command--> target``, with who may fire it and what it needs.

    Attributes:
        sources: The states this command may be fired from.
        command: The command's name.
        target: The state it leads to; empty when *target_field* is used.
        target_field: For a choice of target (回退 to a named step): the field
            of the command that names the target state.
        targets: The states *target_field* may name.
        roles: Roles allowed to fire it; empty means anyone.
        fields: Fields the command must carry, non-empty (a reason, a target unit).
        guards: Guards that must all pass, checked in order.
    """

    sources: list[str]
    command: str
    target: str = ""
    target_field: str = ""
    targets: list[str] = attrs.field(factory=list)
    roles: list[str] = attrs.field(factory=list)
    fields: list[str] = attrs.field(factory=list)
    guards: list[GuardSpec] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class FlowSpec:
    """
    A whole workflow: states, commands and transitions, plus an initial state.

    Attributes:
        name: Identifier of the workflow (``digital_city``).
        label_zh: Its Chinese name (``数字城管闭环``).
        initial: The state every instance starts in.
        states: All states, in display order.
        commands: All commands, in display order.
        transitions: All transitions; (source, command) pairs must be unique.
        version: Definition version, recorded so history can name it.
        description: Optional free text for the docs.
    """

    name: str
    label_zh: str
    initial: str
    states: list[StateSpec]
    commands: list[CommandSpec]
    transitions: list[TransitionSpec]
    version: int = 1
    description: str = ""
