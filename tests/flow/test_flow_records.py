"""The tuple-backed flow records: exact equality, JSON round trips, table rows."""

from __future__ import annotations

import operator
from datetime import timedelta

import pytest
from flow_fixtures import CHIEF, CLERK, T0, WORKER, loop_spec
from hypothesis import given
from hypothesis import strategies as st

from gridgov.errors import SpecError, TransitionRefusedError
from gridgov.flow import FlowInstance, Step, compile_flow, fire, replay, start
from gridgov.io import from_json, to_json
from gridgov.io.frames import records_of

FLOW = compile_flow(loop_spec())
STEP = Step("i", "c", "accept", "reported", "accepted", "x", T0, 1, {"k": "v"})
INSTANCE = FlowInstance("loop", STEP, {"k": "v"})


@pytest.mark.parametrize(
    "other",
    [
        tuple(STEP),
        list(STEP),
        FlowInstance("loop", STEP),
        STEP._replace(version=2),
        None,
    ],
    ids=["tuple", "list", "instance", "other-version", "none"],
)
def test_a_step_equals_only_a_step_with_the_same_values(other: object) -> None:
    """Tuple-backed, yet a Step is never equal to a bare tuple or another record,
    from either side of ``==``."""
    assert operator.ne(STEP, other)
    assert operator.ne(other, STEP)
    assert not operator.eq(STEP, other)
    assert not operator.eq(other, STEP)


def test_equal_records_are_equal_and_hash_alike() -> None:
    """Same values, same record: equal, and equal hashes when the values hash."""
    twin = Step(*STEP[:-1], fields={"k": "v"})
    assert twin == STEP
    assert FlowInstance("loop", twin, {"k": "v"}) == INSTANCE
    # Defining __eq__ drops a class's __hash__ unless it is kept on purpose.
    hashable = STEP._replace(fields=())  # a hashable stand-in for the mapping
    assert len({hashable, STEP._replace(fields=())}) == 1
    assert operator.ne(INSTANCE, tuple(INSTANCE))


def test_a_step_converts_to_an_object_with_field_names() -> None:
    """In JSON a step is an object keyed by field name, not a positional list."""
    text = to_json(INSTANCE)
    assert '"instance_id": "i"' in text
    assert '"target": "accepted"' in text
    assert from_json(text, FlowInstance) == INSTANCE


def test_an_unknown_key_in_a_step_is_a_located_spec_error() -> None:
    """A misspelt key is refused with where it was, like any other record."""
    text = to_json(STEP).replace('"actor"', '"actr"')
    with pytest.raises(SpecError, match="actr"):
        from_json(text, Step)


def test_records_of_a_history_gives_one_row_per_step() -> None:
    """An analyst's table of a history: every field, named, one row per step."""
    inst, first = start(FLOW, "c", actor=CLERK, at=T0, command_id="open")
    _, second = fire(FLOW, inst, "accept", actor=CLERK, at=T0, command_id="1")
    rows = records_of([first, second])
    assert [r["command"] for r in rows] == ["*start*", "accept"]
    assert list(rows[1]) == list(Step._fields)
    assert rows[1]["at"] == T0.isoformat()


ACTORS = st.sampled_from([CLERK, WORKER, CHIEF])
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "result": st.text(min_size=1, max_size=5),
        "check": st.sampled_from(["pass", "fail"]),
        "reason": st.text(max_size=5),
        "to_step": st.sampled_from(["accepted", "reported"]),
    },
)


@given(st.lists(st.tuples(st.sampled_from(sorted(FLOW.commands)), ACTORS, FIELDS)))
def test_any_history_round_trips_through_json(commands) -> None:
    """Every history, written as JSON and read back, is the same history and
    replays to the same instance."""
    inst, first = start(FLOW, "c", actor=CLERK, at=T0, command_id="open")
    history = [first]
    for i, (command, actor, fields) in enumerate(commands):
        try:
            inst, step = fire(
                FLOW,
                inst,
                command,
                actor=actor,
                at=T0 + timedelta(minutes=i),
                command_id=f"c{i}",
                fields=fields,
            )
        except TransitionRefusedError:
            continue
        history.append(step)
    back = from_json(to_json(history), list[Step])
    assert back == history
    assert replay(FLOW, back) == inst
    assert from_json(to_json(inst), FlowInstance) == inst
