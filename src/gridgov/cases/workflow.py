"""
Case workflows: a flow plus what each command means for a case.

A case workflow file has two tables: ``[flow]`` (a `gridgov.flow.FlowSpec`) and
``[case]`` (a `CaseSection`): which commands carry which `CaseEffect`, the
states in which the work has been verified, and default time limits::

    [case]
    verified_states = ["verified"]

    [case.effects]
    register = ["accept"]
    close = ["resolve"]

    [[case.deadlines.rules]]
    resolution = { amount = 5, unit = "working_days" }

`compile_case_workflow` checks the pair together, with located errors: effects
must name commands of the flow; a command that resolves a case may be fired only
from a verified state (so no case is closed without verification); commands
whose effect needs an input must require it (``assign`` → ``unit``, ``extend`` →
``days``, ``evaluate`` → ``satisfaction``, ``return`` → ``reason``).
Built-in workflows ship as TOML files; ``gridgov.io.builtin_workflow`` loads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from gridgov.cases.deadlines import DeadlineIndex, DeadlineTable, compile_table
from gridgov.cases.vocabulary import CaseEffect
from gridgov.errors import SpecError, SpecProblem
from gridgov.flow import (
    BUILTIN_GUARDS,
    Flow,
    FlowSpec,
    GuardRegistry,
    compile_flow,
)

__all__ = [
    "REQUIRED_FIELDS",
    "CaseSection",
    "CaseWorkflow",
    "CaseWorkflowSpec",
    "compile_case_workflow",
]

REQUIRED_FIELDS: Mapping[CaseEffect, str] = MappingProxyType(
    {
        CaseEffect.ASSIGN: "unit",
        CaseEffect.EXTEND: "days",
        CaseEffect.EVALUATE: "satisfaction",
        CaseEffect.RETURN: "reason",
    }
)
"""The field each effect reads; its commands must require it."""


@attrs.frozen(kw_only=True)
class CaseSection:
    """
    The ``[case]`` table of a workflow file.

    Attributes:
        effects: Command name → the effects it has on the case.
        verified_states: States reached only after the work was verified
            (核查); ``resolve`` commands may be fired only from these.
        deadlines: Default time limits; a township may pass its own table.
    """

    effects: dict[str, list[CaseEffect]] = attrs.field(factory=dict)
    verified_states: list[str] = attrs.field(factory=list)
    deadlines: DeadlineTable | None = None


@attrs.frozen(kw_only=True)
class CaseWorkflowSpec:
    """
    A whole case workflow file: the flow and its case section.

    Attributes:
        flow: The state machine.
        case: What its commands mean for a case.
    """

    flow: FlowSpec
    case: CaseSection = attrs.field(factory=CaseSection)


@attrs.frozen(eq=False)
class CaseWorkflow:
    """
    A compiled case workflow, shared by every case that runs on it.

    Attributes:
        spec: The spec it was compiled from.
        flow: The compiled flow.
        effects: Command name → its effects (commands without effects absent).
        verified_states: Where the work counts as verified.
        deadlines: The default deadline index, or None.
    """

    spec: CaseWorkflowSpec
    flow: Flow
    effects: Mapping[str, frozenset[CaseEffect]]
    verified_states: frozenset[str]
    deadlines: DeadlineIndex | None

    @property
    def name(self) -> str:
        """The workflow's name (its flow's name)."""
        return self.flow.name

    def commands_with(self, effect: CaseEffect) -> tuple[str, ...]:
        """Return the commands that carry *effect*, in spec order."""
        return tuple(c for c in self.flow.commands if effect in self.effects.get(c, ()))


def _check_effects(flow: Flow, section: CaseSection) -> list[SpecProblem]:
    problems: list[SpecProblem] = []
    known = ", ".join(flow.commands)
    for command, effects in section.effects.items():
        where = f"case.effects.{command}"
        if command not in flow.commands:
            problems.append(
                SpecProblem.of(
                    where,
                    "unknown_ref_known",
                    kind="command",
                    key=command,
                    known=known,
                    known_list=tuple(flow.commands),
                )
            )
            continue
        transitions = [t for t in flow.transitions if t.command == command]
        for effect in effects:
            field = REQUIRED_FIELDS.get(effect)
            lacking = [t.index for t in transitions if field and field not in t.fields]
            if lacking:
                problems.append(
                    SpecProblem.of(
                        where,
                        "effect_field",
                        effect=effect.value,
                        field=field,
                        first=f"flow.transitions[{lacking[0]}]",
                    )
                )
            if effect is CaseEffect.RESOLVE:
                problems.extend(
                    SpecProblem.of(
                        f"flow.transitions[{t.index}].sources",
                        "resolve_unverified",
                        command=command,
                        state=s,
                    )
                    for t in transitions
                    for s in t.sources
                    if s not in section.verified_states
                )
    return problems


def compile_case_workflow(
    spec: CaseWorkflowSpec, *, guards: GuardRegistry = BUILTIN_GUARDS
) -> CaseWorkflow:
    """
    Validate and compile a case workflow.

    Raises:
        SpecError: Every problem in the flow or the case section, with paths
            relative to the file (``flow.transitions[3].sources``).
    """
    try:
        flow = compile_flow(spec.flow, guards=guards)
    except SpecError as exc:
        raise SpecError(
            [p.at(f"flow.{p.path}") for p in exc.problems],
            source=exc.source,
        ) from None
    section = spec.case
    problems = _check_effects(flow, section)
    problems += [
        SpecProblem.of(f"case.verified_states[{i}]", "unknown_ref", kind="state", key=s)
        for i, s in enumerate(section.verified_states)
        if s not in flow.states
    ]
    if not any(CaseEffect.RESOLVE in e for e in section.effects.values()):
        problems.append(SpecProblem.of("case.effects", "no_effect", effect="resolve"))
    if problems:
        raise SpecError(problems, source=flow.name)
    return CaseWorkflow(
        spec=spec,
        flow=flow,
        effects=MappingProxyType(
            {c: frozenset(e) for c, e in section.effects.items() if e}
        ),
        verified_states=frozenset(section.verified_states),
        deadlines=compile_table(section.deadlines) if section.deadlines else None,
    )
