"""
A generic, declarative state machine: the core that cases and points claims run on.

* A workflow is data: a `FlowSpec` (states with Chinese labels and a terminal
  flag, commands, transitions with roles, required fields and guards), loadable
  from TOML/JSON by ``gridgov.io.load_workflow``.
* `compile_flow` validates it (unknown states, unreachable states, dead ends,
  bad guard parameters — every problem with its path) and compiles it ONCE into
  an immutable, shared `Flow` with O(1) lookup tables.
* An instance is a plain frozen `FlowInstance`; `start` and `fire` return a new
  instance and the `Step` they took (the history); the same ``command_id`` makes
  firing idempotent; `replay` rebuilds an instance from its steps.
* A refused command raises `gridgov.errors.TransitionRefusedError` saying which
  check failed (``wrong_state``, ``terminal``, ``role``, ``field``, ``guard``
  with the guard's own reason) and what is allowed instead; `allowed` lists
  every command with allowed/blocked and why.
* Guards are named kinds with parameters from a `GuardRegistry`
  (`BUILTIN_GUARDS`: quorum, majority, field_present …); an app adds its own.
* `to_dot` exports a Graphviz digraph (the docs' diagrams, drawn offline by
  ``dot``); `to_mermaid` a Mermaid ``stateDiagram-v2``.

See docs/flow.md for a walk-through.
"""

from gridgov.flow.checks import Option, allowed
from gridgov.flow.compiled import CompiledGuard, Flow, Transition, compile_flow
from gridgov.flow.dot import to_dot
from gridgov.flow.engine import (
    START_COMMAND,
    apply_step,
    fire,
    replay,
    start,
)
from gridgov.flow.guards import (
    BUILTIN_GUARDS,
    Guard,
    GuardKind,
    GuardRegistry,
    lookup_field,
)
from gridgov.flow.mermaid import to_mermaid
from gridgov.flow.records import EMPTY_FIELDS, Actor, FlowInstance, Step
from gridgov.flow.spec import (
    CommandSpec,
    FlowSpec,
    GuardSpec,
    StateSpec,
    TransitionSpec,
)

__all__ = [
    "BUILTIN_GUARDS",
    "EMPTY_FIELDS",
    "START_COMMAND",
    "Actor",
    "CommandSpec",
    "CompiledGuard",
    "Flow",
    "FlowInstance",
    "FlowSpec",
    "Guard",
    "GuardKind",
    "GuardRegistry",
    "GuardSpec",
    "Option",
    "StateSpec",
    "Step",
    "Transition",
    "TransitionSpec",
    "allowed",
    "apply_step",
    "compile_flow",
    "fire",
    "lookup_field",
    "replay",
    "start",
    "to_dot",
    "to_mermaid",
]
