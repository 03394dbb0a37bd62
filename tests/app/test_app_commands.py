"""
One idempotency rule and one JSON form for every command kind.

Each test runs over every command kind (`COMMAND_CASES`): a retry with the
same key and business payload answers the original result whatever ``at``
the host stamped, and records nothing; a different payload under the same key
raises `IdempotencyConflictError` naming the client's key and the field that
differs, and records nothing; every command survives JSON.
"""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from commands_world import COMMAND_CASES, CommandCase, at, fresh, world
from hypothesis import given, settings
from hypothesis import strategies as st

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.app.commands import HANDLERS, command_from_json, command_to_json
from gridgov.app.requests import business_payload
from gridgov.errors import IdempotencyConflictError

IDS = [case.kind.__name__ for case in COMMAND_CASES]


def test_every_command_kind_is_exercised() -> None:
    """A command kind added without a case here fails this test."""
    assert {case.kind for case in COMMAND_CASES} == set(HANDLERS)


@pytest.fixture(scope="module")
def base(config: WorkspaceConfig) -> Workspace:
    """The world, built once; each test works on a reopened copy of its journal."""
    return world(config)


@pytest.mark.parametrize("case", COMMAND_CASES, ids=IDS)
def test_a_retry_answers_the_original_whatever_its_time(
    base: Workspace, case: CommandCase
) -> None:
    """Same key, same business payload, later ``at``: same result, nothing new."""
    ws = fresh(base, case)
    first = ws.execute(case.make(at(11, 20)))
    head = ws.journal.head()
    again = ws.execute(case.make(at(11, 20) + timedelta(hours=3)))
    assert again == first
    assert ws.journal.head() == head
    assert ws.reopen().execute(case.make(at(11, 21))) == first


@pytest.mark.parametrize("case", COMMAND_CASES, ids=IDS)
def test_a_different_payload_under_the_same_key_is_refused(
    base: Workspace, case: CommandCase
) -> None:
    """The conflict names the client's key and what differs; nothing is written."""
    ws = fresh(base, case)
    command = case.make(at(11, 20))
    ws.execute(command)
    snapshot, head = ws.state.snapshot(), ws.journal.head()
    other = case.changed(command)
    before, now = business_payload(command), business_payload(other)
    differing = sorted(k for k in before if before[k] != now[k])
    assert differing, "the changed command must differ in its business payload"
    with pytest.raises(IdempotencyConflictError) as err:
        ws.execute(other)
    assert err.value.key == command.request_key
    assert repr(command.request_key) in str(err.value)
    assert all(name in str(err.value) for name in differing)
    assert ws.journal.head() == head
    assert ws.state.snapshot() == snapshot


@pytest.mark.parametrize("case", COMMAND_CASES, ids=IDS)
def test_every_command_survives_json(case: CommandCase) -> None:
    """command_from_json(command_to_json(c)) == c, for every kind."""
    command = case.make(at(11, 20))
    assert command_from_json(command_to_json(command)) == command


@settings(max_examples=60, deadline=None)
@given(
    case=st.sampled_from(COMMAND_CASES),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 30),
)
def test_the_request_record_ignores_only_the_time(
    case: CommandCase, minutes: int
) -> None:
    """Property: a command's business payload never depends on ``at``."""
    first = case.make(at(11, 20))
    later = attrs.evolve(first, at=at(11, 20) + timedelta(minutes=minutes))
    assert business_payload(first) == business_payload(later)


@pytest.mark.parametrize(
    "case",
    [c for c in COMMAND_CASES if c.later is not None],
    ids=lambda c: c.kind.__name__,
)
def test_a_retry_answers_the_result_as_it_first_was(
    base: Workspace, case: CommandCase
) -> None:
    """After a later command moved the record on, a retry still gets the original."""
    ws = fresh(base, case)
    first = ws.execute(case.make(at(11, 20)))
    assert case.later is not None
    case.later(ws)
    assert ws.execute(case.make(at(11, 20, 15))) == first
    assert ws.reopen().execute(case.make(at(11, 22))) == first
