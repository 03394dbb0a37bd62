"""Random specs: compile_flow either accepts a sound graph or says where it is not."""

from __future__ import annotations

from collections import deque

from hypothesis import given
from hypothesis import strategies as st

from gridgov.errors import SpecError
from gridgov.flow import (
    CommandSpec,
    Flow,
    FlowSpec,
    StateSpec,
    TransitionSpec,
    compile_flow,
)

NAMES = [f"s{i}" for i in range(6)]


@st.composite
def specs(draw) -> FlowSpec:
    """Half the time a chain s0 → … → terminal plus random extra edges (often
    sound); otherwise random terminal flags and edges (often broken)."""
    n = draw(st.integers(2, 6))
    chained = draw(st.booleans())
    if chained:
        terminal = [i == n - 1 for i in range(n)]
        edges = [(i, i + 1) for i in range(n - 1)]
        edges += draw(
            st.lists(
                st.tuples(st.integers(0, n - 2), st.integers(0, n - 1)), max_size=6
            )
        )
    else:
        terminal = [draw(st.booleans()) for _ in range(n)]
        edges = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=10
            )
        )
    states = [
        StateSpec(name=NAMES[i], label_zh=f"状态{i}", terminal=terminal[i])
        for i in range(n)
    ]
    transitions = [
        TransitionSpec(sources=[NAMES[a]], command=f"c{k}", target=NAMES[b])
        for k, (a, b) in enumerate(edges)
    ]
    commands = [
        CommandSpec(name=f"c{k}", label_zh=f"命令{k}") for k in range(len(edges))
    ]
    return FlowSpec(
        name="random",
        label_zh="随机",
        initial=NAMES[0],
        states=states,
        commands=commands,
        transitions=transitions,
    )


def _reach(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo:
        for nxt in edges.get(todo.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _compile(spec: FlowSpec) -> tuple[Flow | None, tuple[str, ...]]:
    try:
        return compile_flow(spec), ()
    except SpecError as exc:
        return None, exc.paths


@given(specs())
def test_compiled_flows_are_sound_and_refusals_are_located(spec: FlowSpec) -> None:
    """A compiled flow has every state reachable, no exit from terminal states and a
    way to finish from everywhere; a refused spec names states by path."""
    forward: dict[str, set[str]] = {}
    for t in spec.transitions:
        forward.setdefault(t.sources[0], set()).add(t.target)
    flow, problems = _compile(spec)
    if flow is None:
        assert problems
        assert all(
            p.startswith(("states", "transitions", "commands")) for p in problems
        )
        return
    terminal = {s.name for s in spec.states if s.terminal}
    assert _reach(spec.initial, forward) == set(flow.states)
    for s in flow.states:
        assert (s in terminal) == (not forward.get(s))
        assert _reach(s, forward) & terminal
