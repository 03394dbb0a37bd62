"""Workflow files: the built-ins load, and every mistake in a file is located."""

from __future__ import annotations

import copy
import tomllib

import pytest

from gridgov.errors import SpecError, UnknownEntityError
from gridgov.io.workflows import (
    builtin_workflow,
    builtin_workflow_names,
    builtin_workflow_text,
    load_flow,
    load_workflow,
)


def digital_city() -> dict:
    return tomllib.loads(builtin_workflow_text("digital_city"))


def problems(data: dict) -> list[str]:
    with pytest.raises(SpecError) as info:
        load_workflow(data)
    return [str(p) for p in info.value.problems]


def test_builtins_are_listed_and_load() -> None:
    """The four shipped workflows load and have Chinese labels on every state."""
    assert builtin_workflow_names() == (
        "digital_city",
        "five_matters",
        "four_deliberations",
        "mediation",
    )
    for name in builtin_workflow_names():
        wf = builtin_workflow(name)
        assert wf.name == name
        assert all(s.label_zh for s in wf.flow.states.values())
        from gridgov.cases import CaseEffect

        assert wf.commands_with(CaseEffect.RESOLVE)
        assert wf.commands_with(CaseEffect.ACCEPT)


def test_a_copied_file_loads_the_same(tmp_path) -> None:
    """Copying a built-in to a file and loading it gives the same definition."""
    path = tmp_path / "my_town.toml"
    path.write_text(builtin_workflow_text("mediation"), encoding="utf-8")
    assert load_workflow(path).spec == builtin_workflow("mediation").spec


def test_unknown_builtin() -> None:
    """Asking for a workflow that is not shipped lists those that are."""
    with pytest.raises(UnknownEntityError, match="built in: digital_city"):
        builtin_workflow("teleport")


def test_flow_errors_are_prefixed_with_flow() -> None:
    """Problems inside the flow table carry the flow. prefix of the file."""
    data = digital_city()
    data["flow"]["transitions"][0]["target"] = "nowhere"
    found = problems(data)
    assert any(
        p.startswith("flow.transitions[0].target: unknown state 'nowhere'")
        for p in found
    )


def test_case_section_errors() -> None:
    """Effects on unknown commands, missing fields and unverified closing are errors."""
    data = digital_city()
    effects = data["case"]["effects"]
    effects["teleport"] = ["resolve"]
    effects["handle"] = ["resolve"]
    effects["feed_back"] = ["extend"]
    data["case"]["verified_states"].append("limbo")
    found = problems(data)
    assert (
        "case.effects.teleport: unknown command 'teleport'; known: register, "
        "dispatch, handle, feed_back, verify, rework, close, evaluate, send_back, "
        "extend, park, defer, recover, void" in found
    )
    assert (
        "flow.transitions[2].sources: 'handle' resolves the case, so it may leave "
        "only verified states; 'dispatched' is not in case.verified_states"
    ) in found
    assert (
        "case.effects.feed_back: effect 'extend' reads field 'days'; add it to the "
        "fields of flow.transitions[3]"
    ) in found
    assert "case.verified_states[1]: unknown state 'limbo'" in found


def test_structural_errors_are_located_by_the_converter() -> None:
    """A misspelt effect or field type is reported at its path, all at once."""
    data = digital_city()
    data["case"]["effects"]["register"] = ["acept"]
    data["flow"]["states"][0]["terminal"] = "yes"
    found = problems(data)
    assert any(
        p.startswith("case.effects.register[0]: expected one of accept") for p in found
    )
    assert any(
        p.startswith("flow.states[0].terminal: expected true or false") for p in found
    )


def test_no_resolving_command_is_an_error() -> None:
    """A case workflow must be able to resolve a case."""
    data = digital_city()
    data["case"]["effects"]["close"] = ["verify"]
    assert "case.effects: no command has the effect 'resolve'" in problems(data)


def test_bad_guard_parameters_in_a_file(tmp_path) -> None:
    """A bad guard parameter in a file names the file and the parameter's path."""
    data = copy.deepcopy(tomllib.loads(builtin_workflow_text("four_deliberations")))
    data["flow"]["transitions"][1]["guards"][0]["params"]["at_least"] = "5/3"
    text = builtin_workflow_text("four_deliberations").replace(
        'at_least = "2/3"', 'at_least = "5/3"', 1
    )
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_workflow(path)
    assert info.value.source == str(path)
    assert info.value.paths == ("flow.transitions[1].guards[0].params.at_least",)
    assert problems(data)


def test_load_flow_reads_a_plain_flow() -> None:
    """A file with a flow at the top level (no case table) loads with load_flow."""
    flow = load_flow(digital_city()["flow"])
    assert flow.name == "digital_city"
