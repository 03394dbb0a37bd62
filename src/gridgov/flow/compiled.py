"""
Compiling a `FlowSpec` once into a `Flow` with O(1) lookup tables.

`compile_flow` checks the whole spec and reports *every* problem in one
`gridgov.errors.SpecError`, each located by its path: unknown states and
commands, duplicate (source, command) pairs, bad guard parameters, states that
cannot be reached from the initial state, non-terminal states with no way out
(dead ends) and states from which no terminal state can be reached.

>>> from gridgov.flow.spec import CommandSpec, FlowSpec, StateSpec, TransitionSpec
>>> spec = FlowSpec(
...     name="tiny",
...     label_zh="小流程",
...     initial="open",
...     states=[
...         StateSpec(name="open", label_zh="受理"),
...         StateSpec(name="limbo", label_zh="悬空"),
...     ],
...     commands=[CommandSpec(name="close", label_zh="结案")],
...     transitions=[TransitionSpec(sources=["open"], command="close", target="shut")],
... )
>>> compile_flow(spec)
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 4 problems in spec tiny:
  transitions[0].target: unknown state 'shut'; known: open, limbo
  states[1]: state 'limbo' is unreachable from the initial state 'open'
  states[1]: non-terminal state 'limbo' has no way out (dead end)
  states: no terminal state; mark at least one state terminal = true
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs

from gridgov.errors import InvalidValueError, SpecError, SpecProblem
from gridgov.flow.guards import BUILTIN_GUARDS, Guard, GuardRegistry
from gridgov.flow.spec import (
    CommandSpec,
    FlowSpec,
    GuardSpec,
    StateSpec,
    TransitionSpec,
)

__all__ = ["CompiledGuard", "Flow", "Transition", "compile_flow"]


@attrs.frozen
class CompiledGuard:
    """
    A guard ready to call, with the spec it came from.

    Attributes:
        kind: The guard kind's name.
        params: Its parameters, as written.
        check: The compiled function (None = passes, else the reason).
    """

    kind: str
    params: Mapping[str, str]
    check: Guard = attrs.field(eq=False)

    def describe(self) -> str:
        """Return ``kind(param=value, …)`` for docs and diagrams."""
        inner = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{self.kind}({inner})"


@attrs.frozen
class Transition:
    """
    One compiled transition; shared by every instance of its flow.

    Attributes:
        index: Its position in the spec's ``transitions`` list.
        command: The command's name.
        sources: The states it may be fired from.
        target: The fixed target, or "" when the target comes from a field.
        target_field: The field naming the target (回退 to a named step), or "".
        targets: Every state it can lead to.
        roles: Roles allowed to fire it (empty = anyone).
        fields: Fields the command must carry.
        guards: Guards checked in order.
    """

    index: int
    command: str
    sources: tuple[str, ...]
    target: str
    target_field: str
    targets: tuple[str, ...]
    roles: frozenset[str]
    fields: tuple[str, ...]
    guards: tuple[CompiledGuard, ...]
    checks: tuple[Guard, ...] = attrs.field(eq=False, repr=False)


@attrs.frozen(eq=False)
class Flow:
    """
    A compiled workflow: immutable, shared, with O(1) lookup by (state, command).

    Build one with `compile_flow`; fire commands with `gridgov.flow.fire`.

    Attributes:
        spec: The spec it was compiled from.
        states: State specs by name (in spec order).
        commands: Command specs by name (in spec order).
        transitions: Compiled transitions in spec order.
        table: ``(state, command) -> Transition``.
        terminal: Names of the terminal states.
    """

    spec: FlowSpec
    states: Mapping[str, StateSpec]
    commands: Mapping[str, CommandSpec]
    transitions: tuple[Transition, ...]
    table: Mapping[tuple[str, str], Transition]
    terminal: frozenset[str]

    @property
    def name(self) -> str:
        """The flow's name."""
        return self.spec.name

    @property
    def initial(self) -> str:
        """The state every instance starts in."""
        return self.spec.initial

    def label(self, state: str) -> str:
        """Return the Chinese label of a state, or the name if unknown."""
        spec = self.states.get(state)
        return spec.label_zh if spec is not None else state


def _known(names: Sequence[str]) -> str:
    return ", ".join(names)


def _unknown_known(path: str, kind: str, key: str, known: Sequence[str]) -> SpecProblem:
    """``unknown state 'x'; known: a, b`` as a structured problem."""
    return SpecProblem.of(
        path,
        "unknown_ref_known",
        kind=kind,
        key=key,
        known=_known(known),
        known_list=tuple(known),
    )


def _index_unique(
    items: Sequence[StateSpec | CommandSpec],
    where: str,
    problems: list[SpecProblem],
) -> list[str]:
    names: list[str] = []
    for i, item in enumerate(items):
        if not item.name:
            problems.append(SpecProblem.of(f"{where}[{i}].name", "must_not_be_empty"))
        elif item.name in names:
            problems.append(
                SpecProblem.of(
                    f"{where}[{i}].name", "duplicate", kind="name", key=item.name
                )
            )
        names.append(item.name)
    return names


def _compile_guards(
    guards: Sequence[GuardSpec],
    where: str,
    registry: GuardRegistry,
    problems: list[SpecProblem],
) -> tuple[CompiledGuard, ...]:
    compiled: list[CompiledGuard] = []
    for k, g in enumerate(guards):
        path = f"{where}.guards[{k}]"
        kind = registry.kinds.get(g.kind)
        if kind is None:
            problems.append(
                _unknown_known(f"{path}.kind", "guard kind", g.kind, registry.names())
            )
            continue
        allowed = set(kind.required) | set(kind.optional)
        bad = [
            SpecProblem.of(
                f"{path}.params.{p}",
                "unknown_parameter",
                known=_known(sorted(allowed)),
                known_list=tuple(sorted(allowed)),
            )
            for p in g.params
            if p not in allowed
        ]
        bad += [
            SpecProblem.of(f"{path}.params.{p}", "missing_parameter")
            for p in kind.required
            if p not in g.params
        ]
        if bad:
            problems.extend(bad)
            continue
        try:
            check = kind.build(MappingProxyType(dict(g.params)))
        except InvalidValueError as exc:
            problems.append(
                SpecProblem.of(f"{path}.params.{exc.name}", "refused", error=exc)
            )
            continue
        compiled.append(CompiledGuard(g.kind, MappingProxyType(dict(g.params)), check))
    return tuple(compiled)


def _compile_transition(
    *,
    i: int,
    t: TransitionSpec,
    states: Sequence[str],
    commands: Sequence[str],
    registry: GuardRegistry,
    problems: list[SpecProblem],
) -> Transition:
    where = f"transitions[{i}]"
    if not t.sources:
        problems.append(SpecProblem.of(f"{where}.sources", "sources_empty"))
    for j, s in enumerate(t.sources):
        if s not in states:
            problems.append(_unknown_known(f"{where}.sources[{j}]", "state", s, states))
    if t.command not in commands:
        problems.append(
            _unknown_known(f"{where}.command", "command", t.command, commands)
        )
    if bool(t.target) == bool(t.target_field):
        problems.append(SpecProblem.of(where, "target_either"))
    if t.target_field and not t.targets:
        problems.append(SpecProblem.of(f"{where}.targets", "targets_missing"))
    targets = (t.target,) if t.target else tuple(t.targets)
    for j, s in enumerate(targets):
        if s and s not in states:
            path = f"{where}.target" if t.target else f"{where}.targets[{j}]"
            problems.append(_unknown_known(path, "state", s, states))
    guards = _compile_guards(t.guards, where, registry, problems)
    return Transition(
        index=i,
        command=t.command,
        sources=tuple(t.sources),
        target=t.target,
        target_field=t.target_field,
        targets=targets,
        roles=frozenset(t.roles),
        fields=tuple(
            dict.fromkeys([*t.fields, *([t.target_field] if t.target_field else [])])
        ),
        guards=guards,
        checks=tuple(g.check for g in guards),
    )


def _reachable(start: str, edges: Mapping[str, set[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _edges(
    transitions: Sequence[Transition],
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for t in transitions:
        for s in t.sources:
            for d in t.targets:
                forward.setdefault(s, set()).add(d)
                backward.setdefault(d, set()).add(s)
    return forward, backward


def _state_problem(
    st: StateSpec, path: str, *, exits: bool, finishes: bool
) -> SpecProblem | None:
    if st.terminal:
        return SpecProblem.of(path, "state_exits", state=st.name) if exits else None
    if not exits:
        return SpecProblem.of(path, "state_dead_end", state=st.name)
    if not finishes:
        return SpecProblem.of(path, "state_no_end", state=st.name)
    return None


def _check_graph(
    spec: FlowSpec, transitions: Sequence[Transition], problems: list[SpecProblem]
) -> None:
    forward, backward = _edges(transitions)
    terminal = [s.name for s in spec.states if s.terminal]
    reached = _reachable(spec.initial, forward)
    can_finish: set[str] = set()
    for end in terminal:
        can_finish |= _reachable(end, backward)
    for i, st in enumerate(spec.states):
        if st.name not in reached:
            problems.append(
                SpecProblem.of(
                    f"states[{i}]",
                    "state_unreachable",
                    state=st.name,
                    initial=spec.initial,
                )
            )
        problem = _state_problem(
            st,
            f"states[{i}]",
            exits=bool(forward.get(st.name)),
            finishes=not terminal or st.name in can_finish,
        )
        if problem:
            problems.append(problem)
    if not terminal:
        problems.append(SpecProblem.of("states", "no_terminal"))


def compile_flow(spec: FlowSpec, *, guards: GuardRegistry = BUILTIN_GUARDS) -> Flow:
    """
    Validate *spec* and compile it into a `Flow`.

    Args:
        spec: The workflow definition.
        guards: The guard kinds the spec may use (extend `BUILTIN_GUARDS` for
            your own).

    Raises:
        SpecError: Every problem found, each located by its path.
    """
    problems: list[SpecProblem] = []
    if not spec.name:
        problems.append(SpecProblem.of("name", "must_not_be_empty"))
    states = _index_unique(spec.states, "states", problems)
    commands = _index_unique(spec.commands, "commands", problems)
    if spec.initial not in states:
        problems.append(_unknown_known("initial", "state", spec.initial, states))
    compiled = [
        _compile_transition(
            i=i,
            t=t,
            states=states,
            commands=commands,
            registry=guards,
            problems=problems,
        )
        for i, t in enumerate(spec.transitions)
    ]
    table: dict[tuple[str, str], Transition] = {}
    for t in compiled:
        for s in t.sources:
            earlier = table.get((s, t.command))
            if earlier is not None:
                problems.append(
                    SpecProblem.of(
                        f"transitions[{t.index}]",
                        "command_redefined",
                        command=t.command,
                        state=s,
                        first=f"transitions[{earlier.index}]",
                    )
                )
            table[s, t.command] = t
    used = {t.command for t in compiled}
    problems.extend(
        SpecProblem.of(f"commands[{i}]", "command_unused", command=c)
        for i, c in enumerate(commands)
        if c and c not in used
    )
    if spec.initial in states:
        _check_graph(spec, compiled, problems)
    if problems:
        raise SpecError(problems, source=spec.name)
    return Flow(
        spec=spec,
        states=MappingProxyType({s.name: s for s in spec.states}),
        commands=MappingProxyType({c.name: c for c in spec.commands}),
        transitions=tuple(compiled),
        table=table,  # a plain dict: the hottest lookup; typed read-only
        terminal=frozenset(s.name for s in spec.states if s.terminal),
    )
