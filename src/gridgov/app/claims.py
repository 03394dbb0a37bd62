"""
Points claims (积分申报) on the flow core: 申报 → 核实 → 公示 → 认定 or 驳回.

A claim names an account and the facts of some conduct; the rule book decides
what it is worth when it is recognised (认定), so a claim filed under one rule
book version and recognised under the same one posts exactly what the notice
board showed. During 公示 anyone may object (异议), which sends the claim back to
核实. Recognition waits until the notice has stood for the rule book's notice
days (a ``min_days_in_state`` guard).

>>> CLAIM_FLOW.initial, sorted(CLAIM_FLOW.states)
('submitted', ['published', 'recognised', 'rejected', 'submitted', 'verified'])
>>> ClaimState.PUBLISHED.zh
'公示'
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from gridgov.app.events import ClaimFiled, ClaimStepped
from gridgov.flow import (
    Actor,
    CommandSpec,
    Flow,
    FlowInstance,
    FlowSpec,
    GuardSpec,
    StateSpec,
    TransitionSpec,
    compile_flow,
    fire,
    start,
)

__all__ = [
    "CLAIM_FLOW",
    "NOTICE_DAYS",
    "Claim",
    "ClaimState",
    "claim_flow",
    "claim_stream",
    "fold_claim",
]

NOTICE_DAYS = 3
"""Days a claim stays on the notice board (公示期) before it can be recognised."""


class ClaimState(enum.StrEnum):
    """Where a claim stands."""

    SUBMITTED = "submitted"
    VERIFIED = "verified"
    PUBLISHED = "published"
    RECOGNISED = "recognised"
    REJECTED = "rejected"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _ZH[self.value]


_ZH = {
    "submitted": "申报",
    "verified": "核实",
    "published": "公示",
    "recognised": "认定",
    "rejected": "驳回",
}


def claim_stream(claim_id: str) -> str:
    """Return a claim's stream: ``claim:<id>``."""
    return f"claim:{claim_id}"


def claim_flow(notice_days: int = NOTICE_DAYS) -> Flow:
    """
    Build the claim flow with a notice period of *notice_days* days.

    Commands: ``verify`` (核实, by a grid worker), ``publish`` (公示),
    ``object`` (异议, anyone, while published), ``recognise`` (认定, by the
    committee, after the notice period) and ``reject`` (驳回).
    """
    states = [
        StateSpec(name=s.value, label_zh=s.zh, terminal=s in _ENDS) for s in ClaimState
    ]
    commands = [
        CommandSpec(name=name, label_zh=zh)
        for name, zh in (
            ("verify", "核实"),
            ("publish", "公示"),
            ("object", "异议"),
            ("recognise", "认定"),
            ("reject", "驳回"),
        )
    ]
    wait = GuardSpec(kind="min_days_in_state", params={"days": str(notice_days)})
    transitions = [
        TransitionSpec(sources=["submitted"], command="verify", target="verified"),
        TransitionSpec(sources=["verified"], command="publish", target="published"),
        TransitionSpec(sources=["published"], command="object", target="verified"),
        TransitionSpec(
            sources=["published"],
            command="recognise",
            target="recognised",
            guards=[wait],
        ),
        TransitionSpec(
            sources=["submitted", "verified", "published"],
            command="reject",
            target="rejected",
        ),
    ]
    spec = FlowSpec(
        name="points_claim",
        label_zh="积分申报",
        initial="submitted",
        states=states,
        commands=commands,
        transitions=transitions,
    )
    return compile_flow(spec)


_ENDS = frozenset({ClaimState.RECOGNISED, ClaimState.REJECTED})

CLAIM_FLOW = claim_flow()
"""The claim flow with the default notice period."""


@attrs.frozen
class Claim:
    """
    One claim, derived from its events.

    Attributes:
        filed: The filing event (account, facts, rules, evidence, origin).
        instance: Where it stands in the claim flow.
        points: Points posted when it was recognised (0 before).
    """

    filed: ClaimFiled
    instance: FlowInstance
    points: int = 0

    @property
    def id(self) -> str:
        """The claim id."""
        return self.filed.claim_id

    @property
    def account(self) -> str:
        """The account that earns the points."""
        return self.filed.account

    @property
    def state(self) -> ClaimState:
        """The current state."""
        return ClaimState(self.instance.state)

    @property
    def filed_at(self) -> datetime:
        """When it was filed."""
        return self.filed.occurred_at


def open_claim(flow: Flow, filed: ClaimFiled) -> Claim:
    """Return the claim a `ClaimFiled` opens (state 申报)."""
    instance, _ = start(
        flow,
        filed.claim_id,
        actor=Actor(filed.actor or filed.account),
        at=filed.occurred_at,
        command_id=filed.key,
    )
    return Claim(filed, instance)


def step_claim(
    flow: Flow, claim: Claim, command: str, *, actor: str, at: datetime, key: str
) -> tuple[Claim, str]:
    """
    Fire *command* on *claim*; return the new claim and its target state.

    Raises:
        TransitionRefusedError: The flow refused the command (wrong state, or
            the notice period is not over).
    """
    instance, step = fire(
        flow, claim.instance, command, actor=Actor(actor), at=at, command_id=key
    )
    return attrs.evolve(claim, instance=instance), step.target


def fold_claim(flow: Flow, claim: Claim, event: ClaimStepped) -> Claim:
    """Apply a recorded `ClaimStepped` to *claim* (its points come from the ledger)."""
    folded, _ = step_claim(
        flow,
        claim,
        event.command,
        actor=event.actor,
        at=event.occurred_at,
        key=event.key,
    )
    return folded
