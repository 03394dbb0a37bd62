"""Spec validation: every problem is reported with its path."""

from __future__ import annotations

import pytest
from flow_fixtures import loop_spec

from gridgov.errors import SpecError
from gridgov.flow import (
    BUILTIN_GUARDS,
    GuardKind,
    GuardSpec,
    StateSpec,
    TransitionSpec,
    compile_flow,
    to_mermaid,
)


def problems(**overrides: object) -> list[str]:
    with pytest.raises(SpecError) as info:
        compile_flow(loop_spec(**overrides))
    return [str(p) for p in info.value.problems]


def test_the_fixture_compiles() -> None:
    """The reference spec is valid and exports a diagram with every state."""
    flow = compile_flow(loop_spec())
    text = to_mermaid(flow)
    assert all(f"as {s}" in text for s in flow.states)
    assert "handled --> reported: 回退 send_back" in text
    assert "handled --> verified: 核查 verify [field_equals]" in text


def test_unknown_states_and_commands_are_located() -> None:
    """Unknown sources, targets, commands and initial state are located."""
    spec = loop_spec()
    bad = [
        TransitionSpec(sources=["nowhere"], command="accept", target="accepted"),
        TransitionSpec(sources=["reported"], command="fly", target="moon"),
    ]
    found = problems(transitions=[*spec.transitions, *bad], initial="start")
    assert any(
        p.startswith("transitions[6].sources[0]: unknown state 'nowhere'")
        for p in found
    )
    assert any(
        p.startswith("transitions[7].command: unknown command 'fly'") for p in found
    )
    assert any(
        p.startswith("transitions[7].target: unknown state 'moon'") for p in found
    )
    assert any(p.startswith("initial: unknown state 'start'") for p in found)


def test_unreachable_and_dead_end_states() -> None:
    """Unreachable states and non-terminal states without exits are errors."""
    spec = loop_spec()
    states = [*spec.states, StateSpec(name="limbo", label_zh="悬空")]
    found = problems(states=states)
    assert (
        "states[6]: state 'limbo' is unreachable from the initial state 'reported'"
        in found
    )
    assert "states[6]: non-terminal state 'limbo' has no way out (dead end)" in found


def test_trap_states_that_never_finish() -> None:
    """States that loop without ever reaching a terminal state are reported."""
    spec = loop_spec()
    states = [
        *spec.states,
        StateSpec(name="a", label_zh="甲"),
        StateSpec(name="b", label_zh="乙"),
    ]
    loops = [
        TransitionSpec(sources=["reported"], command="handle", target="a"),
        TransitionSpec(sources=["a"], command="accept", target="b"),
        TransitionSpec(sources=["b"], command="accept", target="a"),
    ]
    found = problems(states=states, transitions=[*spec.transitions, *loops])
    assert "states[6]: state 'a' can never reach a terminal state" in found
    assert "states[7]: state 'b' can never reach a terminal state" in found


def test_duplicates_and_exits_from_terminal_states() -> None:
    """Duplicate names and (state, command) pairs, exits from terminal states."""
    spec = loop_spec()
    extra = [
        TransitionSpec(sources=["reported"], command="accept", target="handled"),
        TransitionSpec(sources=["closed"], command="accept", target="accepted"),
    ]
    states = [*spec.states, StateSpec(name="closed", label_zh="重复")]
    found = problems(transitions=[*spec.transitions, *extra], states=states)
    assert any(
        "transitions[6]: command 'accept' from state 'reported' is already "
        "defined by transitions[0]" in p
        for p in found
    )
    assert "states[6].name: duplicate name 'closed'" in found
    assert "states[4]: terminal state 'closed' must have no way out" in found


def test_target_forms_are_exclusive() -> None:
    """A transition needs exactly one of target or target_field+targets."""
    spec = loop_spec()
    extra = [
        TransitionSpec(
            sources=["verified"],
            command="cancel",
            target="void",
            target_field="x",
            targets=["void"],
        ),
        TransitionSpec(sources=["handled"], command="cancel", target_field="x"),
    ]
    found = problems(transitions=[*spec.transitions, *extra])
    assert (
        "transitions[6]: give either target, or target_field with targets (not both)"
        in found
    )
    assert "transitions[7].targets: must list the states target_field may name" in found


@pytest.mark.parametrize(
    ("guard", "path", "message"),
    [
        (
            GuardSpec(kind="telepathy"),
            "guards[0].kind",
            "unknown guard kind 'telepathy'",
        ),
        (
            GuardSpec(kind="quorum", params={"present": "p"}),
            "guards[0].params.total",
            "required parameter is missing",
        ),
        (
            GuardSpec(
                kind="quorum", params={"present": "p", "total": "t", "at_least": "3/2"}
            ),
            "guards[0].params.at_least",
            "a fraction in (0, 1]",
        ),
        (
            GuardSpec(
                kind="majority", params={"approvals": "a", "due": "d", "more_than": "x"}
            ),
            "guards[0].params.more_than",
            "a fraction in (0, 1]",
        ),
        (
            GuardSpec(kind="field_present", params={"field": "f", "colour": "red"}),
            "guards[0].params.colour",
            "unknown parameter",
        ),
        (
            GuardSpec(kind="min_days_in_state", params={"days": "two"}),
            "guards[0].params.days",
            "a whole number",
        ),
        (
            GuardSpec(kind="field_in", params={"field": "f", "values": " , "}),
            "guards[0].params.values",
            "comma-separated",
        ),
    ],
)
def test_bad_guard_parameters_are_located(guard, path, message) -> None:
    """Unknown kinds and missing, unknown or bad parameters are located."""
    spec = loop_spec()
    t = spec.transitions[0]
    import attrs

    bad = attrs.evolve(t, guards=[guard])
    found = problems(transitions=[bad, *spec.transitions[1:]])
    assert any(
        p.startswith(f"transitions[0].{path}: ") and message in p for p in found
    ), found


def test_custom_guard_kinds_extend_the_registry() -> None:
    """An app-registered guard kind compiles; a name cannot be registered twice."""

    def build(params):
        def check(instance, actor, at, fields):
            return None if params["tag"] else "no tag"

        return check

    kind = GuardKind(
        name="audit",
        label_zh="审计",
        summary="always passes",
        build=build,
        required=("tag",),
    )
    registry = BUILTIN_GUARDS.with_kind(kind)
    spec = loop_spec()
    import attrs

    t0 = attrs.evolve(
        spec.transitions[0], guards=[GuardSpec(kind="audit", params={"tag": "t"})]
    )
    flow = compile_flow(
        attrs.evolve(spec, transitions=[t0, *spec.transitions[1:]]), guards=registry
    )
    assert flow.transitions[0].guards[0].describe() == "audit(tag=t)"
    with pytest.raises(SpecError, match="unknown guard kind 'audit'"):
        compile_flow(attrs.evolve(spec, transitions=[t0, *spec.transitions[1:]]))
    from gridgov.errors import DuplicateEntityError, UnknownEntityError

    with pytest.raises(DuplicateEntityError):
        registry.with_kind(kind)
    with pytest.raises(UnknownEntityError, match="known: audit"):
        registry.get("nope")
    assert registry.get("audit") is kind


def test_unused_commands_and_missing_terminal() -> None:
    """A command no transition uses, and a flow without terminal states, are errors."""
    from gridgov.flow import CommandSpec

    spec = loop_spec()
    found = problems(
        commands=[*spec.commands, CommandSpec(name="dance", label_zh="跳舞")]
    )
    assert "commands[6]: command 'dance' is used by no transition" in found
