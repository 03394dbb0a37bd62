"""Any command sequence: declared states only, replay, idempotent retries."""

from __future__ import annotations

from datetime import timedelta

from flow_fixtures import CHIEF, CLERK, T0, WORKER, loop_spec
from hypothesis import given
from hypothesis import strategies as st

from gridgov.errors import TransitionRefusedError
from gridgov.flow import compile_flow, fire, replay, start

FLOW = compile_flow(loop_spec())
ACTORS = st.sampled_from([CLERK, WORKER, CHIEF])
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "result": st.sampled_from(["fixed", ""]),
        "check": st.sampled_from(["pass", "fail"]),
        "reason": st.just("r"),
        "to_step": st.sampled_from(["accepted", "reported", "closed"]),
    },
)
COMMANDS = st.lists(
    st.tuples(st.sampled_from(sorted(FLOW.commands)), ACTORS, FIELDS), max_size=30
)


@given(COMMANDS)
def test_any_sequence_stays_declared_and_replays(commands) -> None:
    """Accepted or refused, every command leaves the instance in a declared state and
    the accepted steps replay to the same instance; a retry returns the same result."""
    inst, first = start(FLOW, "c", actor=CLERK, at=T0, command_id="open")
    history = [first]
    for i, (command, actor, fields) in enumerate(commands):
        at = T0 + timedelta(minutes=i)
        try:
            new, step = fire(
                FLOW,
                inst,
                command,
                actor=actor,
                at=at,
                command_id=f"c{i}",
                fields=fields,
            )
        except TransitionRefusedError:
            continue
        assert new.state in FLOW.states
        assert step.source == inst.state
        if new.state == "closed":
            assert inst.state == "verified", "closed without verification"
        assert fire(
            FLOW, new, command, actor=actor, at=at, command_id=f"c{i}", fields=fields
        ) == (new, step)
        inst = new
        history.append(step)
    assert replay(FLOW, history) == inst
    assert inst.version == len(history) - 1
