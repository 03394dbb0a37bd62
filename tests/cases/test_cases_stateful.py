"""Stateful tests: random command sequences on EVERY built-in workflow.

Whatever is fired, by whom, with whatever fields: the case stays in a declared
state, is never resolved without verification, never loses its first receiver,
changes its accountable unit only when another unit accepts, answers retries
with the same result, and replaying its events gives the same case.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from cases_fixtures import EVERYONE, T0, opened, rules
from hypothesis import event as note_event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from gridgov.cases import (
    CaseAdvanced,
    CaseEffect,
    CaseTransferAccepted,
    Conclusion,
    Satisfaction,
    TransferKind,
    accept_transfer,
    decline_transfer,
    fire_case,
    replay_case,
    request_transfer,
    supervise,
)
from gridgov.domain.regions import Level
from gridgov.errors import GridgovError, TransitionRefusedError
from gridgov.flow import Actor
from gridgov.io.workflows import builtin_workflow_names

MEMBERS = ["27", "27", "27", "18", "17", "14", "13", "abc"]
CANDIDATES = {
    # The first value of each list is a valid one (see fire_happily).
    "satisfaction": [s.value for s in Satisfaction] + ["meh"],
    "performance": ["performed", "not_performed"],
    "consent": ["both_parties", "one_party"],
    "to_step": ["reported", "registered", "dispatched"],
    "days": ["1", "3", "zero"],
    "unit": ["dept-a", "dept-b"],
    **dict.fromkeys(
        (
            "members",
            "present",
            "approvals",
            "representatives",
            "attending",
            "votes_for",
        ),
        MEMBERS,
    ),
}
UNITS = ["village-1", "town-1", "dept-a"]


def _field_names(flow, command: str) -> list[str]:
    names: set[str] = set()
    for t in flow.transitions:
        if t.command != command:
            continue
        names.update(t.fields)
        for g in t.guards:
            names.update(
                v
                for k, v in g.params.items()
                if k in {"field", "present", "total", "approvals", "due"}
            )
    return sorted(names)


def make_machine(name: str) -> type[RuleBasedStateMachine]:
    case_rules = rules(name)
    wf = case_rules.workflow
    flow = wf.flow
    roles = sorted({r for t in flow.transitions for r in t.roles})
    actors = st.one_of(
        st.just(EVERYONE),
        st.builds(
            lambda rs: Actor("someone", frozenset(rs)),
            st.sets(st.sampled_from(roles or ["nobody"]), max_size=2),
        ),
    )

    def draw_fields(data, command: str) -> dict[str, str]:
        fields = {}
        for field in _field_names(flow, command):
            if data.draw(st.integers(0, 9)):  # usually present
                fields[field] = data.draw(
                    st.sampled_from(CANDIDATES.get(field, ["x", "x", "x", ""]))
                )
        return fields

    class CaseMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.case, first = opened(name)
            self.events = [first]
            self.tick = 0
            self.first_receiver = None

        def now(self):
            self.tick += 1
            return T0 + timedelta(hours=3 * self.tick)

        def record(self, result) -> None:
            before = self.case
            self.case, event = result
            self.events.append(event)
            if isinstance(event, CaseAdvanced):
                effects = wf.effects.get(event.command, frozenset())
                if CaseEffect.RESOLVE in effects:
                    assert event.source_state in wf.verified_states, "closed unverified"
                    if wf.commands_with(CaseEffect.VERIFY):
                        assert before.verified, "resolved without passing 核查"
                note_event(f"{name}: reached {self.case.state}")
            if before.accountable != self.case.accountable:
                assert before.accountable is None or isinstance(
                    event, CaseTransferAccepted
                ), "accountability moved without an acceptance"

        def try_fire(self, command: str, actor: Actor, fields: dict[str, str]) -> None:
            before = self.case
            try:
                result = fire_case(
                    case_rules,
                    self.case,
                    command,
                    actor=actor,
                    at=self.now(),
                    command_id=f"c{self.tick}",
                    fields=fields,
                )
            except GridgovError:
                assert self.case == before
                return
            self.record(result)

        @rule(data=st.data())
        def fire_available(self, data) -> None:
            """Mostly commands the current state has, mostly by someone allowed."""
            here = sorted(c for (s, c) in flow.table if s == self.case.state)
            if not here:
                return
            command = data.draw(st.sampled_from(here))
            actor = data.draw(st.one_of(st.just(EVERYONE), st.just(EVERYONE), actors))
            self.try_fire(command, actor, draw_fields(data, command))

        @rule(data=st.data())
        def fire_happily(self, data) -> None:
            """A command the state has, by EVERYONE, with valid fields: goes deep.

            Prefers the state's first transition in spec order (the main path).
            """
            here = [t.command for t in flow.transitions if self.case.state in t.sources]
            if not here:
                return
            command = here[data.draw(st.sampled_from([0, 0, 0, *range(len(here))]))]
            fields = {
                f: CANDIDATES.get(f, ["x"])[0] for f in _field_names(flow, command)
            }
            self.try_fire(command, EVERYONE, fields)

        @rule(
            data=st.data(), command=st.sampled_from(sorted(flow.commands)), actor=actors
        )
        def fire_any(self, data, command, actor) -> None:
            """Any command at all, by anyone: refused ones must change nothing."""
            self.try_fire(command, actor, draw_fields(data, command))

        @precondition(
            lambda self: self.events and isinstance(self.events[-1], CaseAdvanced)
        )
        @rule()
        def retry_last(self) -> None:
            last = self.events[-1]
            again = fire_case(
                case_rules,
                self.case,
                last.command,
                actor=EVERYONE if last.actor == EVERYONE.id else Actor(last.actor),
                at=last.occurred_at,
                command_id=last.key,
                fields=last.fields,
            )
            assert again == (self.case, last)

        @rule(
            kind=st.sampled_from(list(TransferKind)),
            unit=st.sampled_from(UNITS),
            level=st.sampled_from([Level.GRID, Level.VILLAGE, Level.TOWN]),
        )
        def transfer(self, kind, unit, level) -> None:
            try:
                result = request_transfer(
                    case_rules,
                    self.case,
                    kind=kind,
                    to_unit=unit,
                    to_level=level,
                    reason="r",
                    actor=EVERYONE,
                    at=self.now(),
                    command_id=f"t{self.tick}",
                )
            except GridgovError:
                return
            self.record(result)

        @precondition(lambda self: self.case.pending is not None)
        @rule(accept=st.booleans())
        def answer_transfer(self, accept) -> None:
            unit = self.case.pending.to_unit
            if accept:
                result = accept_transfer(
                    case_rules,
                    self.case,
                    unit=unit,
                    actor=EVERYONE,
                    at=self.now(),
                    command_id=f"a{self.tick}",
                )
            else:
                result = decline_transfer(
                    case_rules,
                    self.case,
                    unit=unit,
                    reason="不属本单位",
                    actor=EVERYONE,
                    at=self.now(),
                    command_id=f"d{self.tick}",
                )
            self.record(result)

        @rule(kind=st.sampled_from(["urge", "supervise"]))
        def supervise_case(self, kind) -> None:
            try:
                result = supervise(
                    case_rules,
                    self.case,
                    kind=kind,
                    actor=EVERYONE,
                    at=self.now(),
                    command_id=f"s{self.tick}",
                )
            except TransitionRefusedError:
                assert self.case.is_concluded
                return
            self.record(result)

        @invariant()
        def declared_state(self) -> None:
            assert self.case.state in flow.states

        @invariant()
        def first_receiver_kept(self) -> None:
            if self.first_receiver is not None:
                assert self.case.first_receiver == self.first_receiver
                assert self.case.accountable is not None
            self.first_receiver = self.case.first_receiver

        @invariant()
        def resolved_only_after_verification(self) -> None:
            if self.case.conclusion is Conclusion.RESOLVED:
                resolving = [
                    e
                    for e in self.events
                    if isinstance(e, CaseAdvanced)
                    and CaseEffect.RESOLVE in wf.effects.get(e.command, ())
                ]
                assert resolving
                assert resolving[0].source_state in wf.verified_states

        @invariant()
        def replay_gives_the_same_case(self) -> None:
            assert replay_case(case_rules, self.events) == self.case

    CaseMachine.__name__ = f"CaseMachine_{name}"
    return CaseMachine


MACHINES = {name: make_machine(name) for name in builtin_workflow_names()}


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_workflow_state_machine(name: str) -> None:
    """Every built-in workflow survives random command sequences (see module doc)."""
    from hypothesis import settings
    from hypothesis.stateful import run_state_machine_as_test

    # Each example is a 40-step program; half the profile's count keeps the four
    # workflows to a few seconds each (the soak profile still runs 1000 each).
    budget = max(10, settings.default.max_examples // 2)
    run_state_machine_as_test(
        MACHINES[name],
        settings=settings(max_examples=budget, stateful_step_count=40),
    )
