"""
Points claims in the Workspace: the claim record folded from the journal.

The Workspace runs the one claim flow, `gridgov.points.claim_flow` (申报 → 核实
→ 公示 → 认定 or 驳回, 异议 back to 申报), bound to the workspace's calendar and
the rule book's ``policy.notice_days`` (working days; 3 by default). What is
the Workspace's own: a claim is a `ClaimFiled` event plus its `ClaimStepped`
events (`Claim`, `open_claim`, `fold_claim`), and its actors are mapped to the
flow's roles here, in `claim_actor`:

* an `Actor`'s roles are read through `CLAIM_ROLES` — the flow's own roles
  (``worker``, ``committee``) and the grid workforce's (``grid_worker`` and
  the `Role` of a 网格长, 网格员 or 网格联络员 are ``worker``);
* a plain id names a roster worker (their `Role` counts the same way) or
  anyone else (a resident, a neighbour: no role — they may object, nothing
  more).

>>> from gridgov.domain.workforce import Role
>>> sorted(claim_roles({"grid_worker", "mediator"}))
['worker']
>>> sorted(claim_roles({Role.GRID_CHIEF, "committee"}))
['committee', 'worker']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TypeAlias

import attrs

from gridgov.app.events import ClaimFiled, ClaimStepped
from gridgov.domain.ids import WorkerId
from gridgov.domain.workforce import Role
from gridgov.errors import InvalidValueError
from gridgov.flow import (
    EMPTY_FIELDS,
    Actor,
    Flow,
    FlowInstance,
    Step,
    apply_step,
    fire,
    start,
)
from gridgov.points.claim_flow import COMMITTEE, WORKER, ClaimState
from gridgov.roster.model import Roster

__all__ = [
    "CLAIM_ROLES",
    "Claim",
    "ClaimActor",
    "claim_actor",
    "claim_roles",
    "claim_stream",
    "fire_claim",
    "fold_claim",
    "open_claim",
]

CLAIM_ROLES: Mapping[str, str] = MappingProxyType(
    {
        WORKER: WORKER,
        COMMITTEE: COMMITTEE,
        "grid_worker": WORKER,
        Role.GRID_CHIEF.value: WORKER,
        Role.FULL_TIME_GRID_WORKER.value: WORKER,
        Role.PART_TIME_GRID_WORKER.value: WORKER,
        Role.GRID_LIAISON.value: WORKER,
    }
)
"""Workspace role → claim-flow role; roles not listed give none."""

ClaimActor: TypeAlias = Actor | str
"""Who steps a claim: an `Actor` with Workspace roles, or an id (see `claim_actor`)."""


def claim_stream(claim_id: str) -> str:
    """Return a claim's stream: ``claim:<id>``."""
    return f"claim:{claim_id}"


def claim_roles(roles: Iterable[str]) -> frozenset[str]:
    """The claim-flow roles that Workspace *roles* give (see `CLAIM_ROLES`)."""
    return frozenset(CLAIM_ROLES[r] for r in roles if r in CLAIM_ROLES)


def claim_actor(actor: ClaimActor, roster: Roster) -> Actor:
    """
    The actor as the claim flow sees them: the one place roles are mapped.

    Raises:
        InvalidValueError: *actor* is neither an `Actor` nor a non-empty id.
    """
    if isinstance(actor, Actor):
        return Actor(actor.id, claim_roles(actor.roles))
    name: object = actor
    if not isinstance(name, str) or not name:
        raise InvalidValueError("actor", "an Actor or a non-empty id", actor)
    worker = roster.workers.get(WorkerId(name))
    return Actor(name, claim_roles([worker.role] if worker is not None else []))


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


def _fields(note: str) -> Mapping[str, str]:
    """A step's note is the flow's ``reason`` field (required to object or reject)."""
    return {"reason": note} if note else EMPTY_FIELDS


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


def fire_claim(
    flow: Flow,
    claim: Claim,
    command: str,
    *,
    actor: Actor,
    at: datetime,
    key: str,
    note: str = "",
) -> Step:
    """
    Check *command* on *claim* against the flow (roles, reason, notice window).

    Returns the step it would take; nothing changes until its `ClaimStepped`
    is applied (`fold_claim`).

    Raises:
        TransitionRefusedError: The flow refused it (wrong state, a missing
            role or reason, or the notice window says no — with its reason).
    """
    _, step = fire(
        flow,
        claim.instance,
        command,
        actor=actor,
        at=at,
        command_id=key,
        fields=_fields(note),
    )
    return step


def fold_claim(flow: Flow, claim: Claim, event: ClaimStepped) -> Claim:
    """
    Apply a recorded `ClaimStepped` to *claim* (its points come from the ledger).

    Like a case event, the step was checked when it was taken: replay checks
    that it fits the flow, not the roles or the notice window again.
    """
    step = Step(
        claim.id,
        event.key,
        event.command,
        event.source_state,
        event.target_state,
        event.actor,
        event.occurred_at,
        claim.instance.version + 1,
        _fields(event.note),
    )
    return attrs.evolve(claim, instance=apply_step(flow, claim.instance, step))
