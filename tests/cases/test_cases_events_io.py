"""Case events and workflow specs survive the io converter unchanged (journal-ready)."""

from __future__ import annotations

from cases_fixtures import EVERYONE, T0, opened, rules

from gridgov.cases import (
    CaseWorkflowSpec,
    TransferKind,
    accept_transfer,
    fire_case,
    replay_case,
    request_transfer,
    supervise,
)
from gridgov.domain.events import Event
from gridgov.domain.regions import Level
from gridgov.io import structure, unstructure
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names

R = rules("digital_city")


def test_every_case_event_round_trips() -> None:
    """unstructure → structure gives equal events, and the case replays from them."""
    case, first = opened()
    events = [first]
    case, e = fire_case(R, case, "register", actor=EVERYONE, at=T0, command_id="r")
    events.append(e)
    case, e = request_transfer(
        R,
        case,
        kind=TransferKind.ESCALATE,
        to_unit="v",
        to_level=Level.VILLAGE,
        reason="跨村",
        actor=EVERYONE,
        at=T0,
        command_id="t",
    )
    events.append(e)
    case, e = accept_transfer(R, case, unit="v", actor=EVERYONE, at=T0, command_id="a")
    events.append(e)
    case, e = supervise(
        R, case, kind="supervise", card="yellow", actor=EVERYONE, at=T0, command_id="s"
    )
    events.append(e)
    data = [unstructure(e) for e in events]
    assert [d["type"] for d in data] == [
        "CaseOpened",
        "CaseAdvanced",
        "CaseTransferRequested",
        "CaseTransferAccepted",
        "CaseSupervised",
    ]
    back = [structure(d, Event) for d in data]
    assert back == events
    assert replay_case(R, back) == case


def test_workflow_specs_round_trip() -> None:
    """Every built-in spec unstructures and structures back to itself."""
    for name in builtin_workflow_names():
        spec = builtin_workflow(name).spec
        assert structure(unstructure(spec), CaseWorkflowSpec) == spec
