"""
The one claim record: a `Claim` folded from its events, and who may step it.

A claim is a `ClaimFiled` plus its `ClaimStepped` events
(`gridgov.points.claim_events`). `open_claim` opens the record on the claim
flow (`gridgov.points.claim_flow`: 申报 → 核实 → 公示 → 认定 or 驳回, 异议 back
to 申报); `fire_claim` checks a step against the flow (roles, reason, the
notice window) without changing anything; `claim_stepped` is the event a
checked step records; `fold_claim` applies a recorded step, checking only that
it fits the flow (replay does not re-check roles or the window). Both shells
run on these: `gridgov.points.ClaimDesk` folds the events it builds, the
Workspace folds them from its journal — so a claim is the same record
whichever door it came through.

Folding is cheap — the Workspace folds every claim event on replay: a step
allocates the flow's `Step`, its instance and one `Claim`; the claim's fields
(``facts``, ``conduct_on`` …) are read from the filing only when asked.

Actors are mapped to the flow's roles in one place, `claim_actor`:

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
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import TypeAlias

import attrs

from gridgov.domain.ids import WorkerId
from gridgov.domain.spans import CHINA_TZ
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
from gridgov.points.claim_events import ClaimFiled, ClaimStepped, claim_stream
from gridgov.points.claim_flow import COMMITTEE, WORKER, ClaimState
from gridgov.points.decisions import Decision
from gridgov.roster.model import Roster

__all__ = [
    "CLAIM_ROLES",
    "Claim",
    "ClaimActor",
    "claim_actor",
    "claim_channel",
    "claim_roles",
    "claim_stepped",
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


def claim_channel(actor: Actor) -> str:
    """
    How a claim filed by *actor* (claim-flow roles) came in: ``"worker"`` or ``"self"``.

    Staff (``worker``, ``committee``) enter it (网格员录入); anyone else
    reports their own conduct (住户自评).
    """
    return "worker" if actor.roles & {WORKER, COMMITTEE} else "self"


@attrs.frozen
class Claim:
    """
    One points claim, folded from its events (`open_claim`, `fold_claim`).

    Everything about the filing is read from ``filed`` (`id`, `account`,
    `facts`, `conduct_on`, `evidence`, `rule_ids`, `channel`, `filed_at`);
    where it stands is ``instance`` (`state`).

    Attributes:
        filed: The filing event (account, facts, rules, evidence, origin).
        instance: Where it stands in the claim flow.
        points: Net points it moved on the account at 认定 (0 before).
        history: Every step taken, oldest first (the opening step first).
        postings: The ids of the ledger events 认定 posted (awards,
            deductions, conduct records); empty before.
        decision: The rule book's decision, rule by rule, where the shell that
            recognised it kept one (`ClaimDesk` does; the Workspace recomputes
            it on request, ``Workspace.evaluate_claim``).
    """

    filed: ClaimFiled
    instance: FlowInstance
    points: int = 0
    history: tuple[Step, ...] = ()
    postings: tuple[str, ...] = ()
    decision: Decision | None = None

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
        """The current state (申报, 核实, 公示, 认定 or 驳回)."""
        return ClaimState(self.instance.state)

    @property
    def filed_at(self) -> datetime:
        """When it was filed."""
        return self.filed.occurred_at

    @property
    def conduct_on(self) -> date:
        """The day of the conduct: what it was filed with, else the filing day."""
        filed = self.filed
        if filed.conduct_on is not None:
            return filed.conduct_on
        return filed.occurred_at.astimezone(CHINA_TZ).date()

    @property
    def facts(self) -> dict[str, str | int | Decimal]:
        """The claim's field values, as the rule book reads them (a fresh dict)."""
        return self.filed.facts

    @property
    def evidence(self) -> tuple[str, ...]:
        """The evidence it carries (``photo``, ``sign_in:0305`` …)."""
        return self.filed.evidence

    @property
    def rule_ids(self) -> tuple[str, ...] | None:
        """The rules claimed under; None: every rule is considered."""
        return self.filed.rule_ids or None

    @property
    def channel(self) -> str:
        """``"self"`` (住户自评) or ``"worker"`` (网格员录入); ``""``: not recorded."""
        return self.filed.channel


def _fields(note: str) -> Mapping[str, str]:
    """A step's note is the flow's ``reason`` field (required to object or reject)."""
    return {"reason": note} if note else EMPTY_FIELDS


def open_claim(flow: Flow, filed: ClaimFiled) -> Claim:
    """Return the claim a `ClaimFiled` opens (state 申报)."""
    instance, step = start(
        flow,
        filed.claim_id,
        actor=Actor(filed.actor or filed.account),
        at=filed.occurred_at,
        command_id=filed.key,
    )
    return Claim(filed, instance, 0, (step,))


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
    (`claim_stepped`) is applied (`fold_claim`). A retry of the step that
    produced *claim* (same key and payload) returns that step,
    ``claim.instance.last`` itself.

    Raises:
        TransitionRefusedError: The flow refused it (wrong state, a missing
            role or reason, or the notice window says no — with its reason).
        IdempotencyConflictError: *key* was the last step's, with another payload.
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


def claim_stepped(step: Step, *, postings: tuple[str, ...] = ()) -> ClaimStepped:
    """
    The `ClaimStepped` that records a checked *step* (`fire_claim`).

    Its key is the step's command id, its note the step's ``reason``;
    *postings* are the ledger event ids a 认定 posts with it.
    """
    return ClaimStepped(
        stream=claim_stream(step.instance_id),
        key=step.command_id,
        occurred_at=step.at,
        claim_id=step.instance_id,
        command=step.command,
        source_state=step.source,
        target_state=step.target,
        actor=step.actor,
        note=step.fields.get("reason", ""),
        postings=postings,
    )


def fold_claim(flow: Flow, claim: Claim, event: ClaimStepped) -> Claim:
    """
    Apply a recorded `ClaimStepped` to *claim* (its points come from the ledger).

    Like a case event, the step was checked when it was taken: replay checks
    that it fits the flow, not the roles or the notice window again.

    Raises:
        IntegrityError: The step does not follow the claim's state in *flow*.
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
    return Claim(
        claim.filed,
        apply_step(flow, claim.instance, step),
        claim.points,
        (*claim.history, step),
        claim.postings + event.postings if event.postings else claim.postings,
        claim.decision,
    )
