"""
Loading workflows: case workflow files and plain flows, built-in or your own.

The built-in case workflows ship as TOML files inside the package
(``gridgov/cases/workflows/*.toml``); copy one, edit it, and load your copy with
`load_workflow`:

>>> builtin_workflow_names()
('digital_city', 'five_matters', 'four_deliberations', 'mediation')
>>> wf = builtin_workflow("mediation")
>>> wf.flow.label("visited"), wf.flow.initial
('履行回访', 'accepted')
>>> load_workflow({"flow": {"name": "x"}})
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 5 problems in spec:
  flow.label_zh: required field is missing
  flow.initial: required field is missing
  flow.states: required field is missing
  flow.commands: required field is missing
  flow.transitions: required field is missing
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from os import PathLike
from typing import Any

from gridgov.cases.workflow import CaseWorkflow, CaseWorkflowSpec, compile_case_workflow
from gridgov.errors import UnknownEntityError
from gridgov.flow import BUILTIN_GUARDS, Flow, FlowSpec, GuardRegistry, compile_flow
from gridgov.io.documents import load_checked, parse_document

__all__ = [
    "builtin_workflow",
    "builtin_workflow_names",
    "builtin_workflow_text",
    "load_flow",
    "load_workflow",
]

_PACKAGE = "gridgov.cases.workflows"

_HOLDERS = frozenset({"flow", "states", "commands", "transitions"})
"""What the rest of a workflow refers to: never set aside (no spurious problems)."""


def load_workflow(
    source: str | PathLike[str] | Mapping[str, Any],
    *,
    guards: GuardRegistry = BUILTIN_GUARDS,
) -> CaseWorkflow:
    """
    Load and compile a case workflow from a TOML/JSON file or a mapping.

    Raises:
        SpecError: Every problem, located by its path in the file.
    """
    return load_checked(
        source,
        CaseWorkflowSpec,
        lambda spec: compile_case_workflow(spec, guards=guards),
        holders=_HOLDERS,
    )


def load_flow(
    source: str | PathLike[str] | Mapping[str, Any],
    *,
    guards: GuardRegistry = BUILTIN_GUARDS,
) -> Flow:
    """
    Load and compile a plain flow (a `FlowSpec` at the top level of the file).

    Raises:
        SpecError: Every problem, located by its path in the file.
    """
    return load_checked(
        source,
        FlowSpec,
        lambda spec: compile_flow(spec, guards=guards),
        holders=_HOLDERS,
    )


def builtin_workflow_names() -> tuple[str, ...]:
    """Return the names of the workflows shipped with gridgov, sorted."""
    folder = resources.files(_PACKAGE)
    return tuple(
        sorted(
            p.name.removesuffix(".toml")
            for p in folder.iterdir()
            if p.name.endswith(".toml")
        )
    )


def builtin_workflow_text(name: str) -> str:
    """
    Return the TOML text of a built-in workflow (to copy and edit).

    Raises:
        UnknownEntityError: If there is no built-in workflow called *name*.
    """
    names = builtin_workflow_names()
    if name not in names:
        raise UnknownEntityError("workflow", name, hint=f"built in: {', '.join(names)}")
    return resources.files(_PACKAGE).joinpath(f"{name}.toml").read_text("utf-8")


def builtin_workflow(
    name: str, *, guards: GuardRegistry = BUILTIN_GUARDS
) -> CaseWorkflow:
    """
    Load a workflow shipped with gridgov by name (see `builtin_workflow_names`).

    Raises:
        UnknownEntityError: If there is no built-in workflow called *name*.
    """
    data = parse_document(builtin_workflow_text(name), "toml", source=f"{name}.toml")
    return load_workflow(data, guards=guards)
