"""
Points-claim commands (积分申报 → 核实 → 公示 → 认定) and their handlers.

Claims run on the one claim flow, `gridgov.points.claim_flow` (申报 → 核实 →
公示 → 认定 or 驳回, 异议 back to 申报), bound to the workspace's calendar and
the rule book's ``policy.notice_days``. `FileClaim` files one (its subject is
the claim, its key ``"filed"`` by default: the claim id is the request's
identity); `StepClaim` fires 核实, 公示, 异议 or 驳回; `RecogniseClaim` fires 认定
and posts what the one recognition function, `gridgov.points.recognise`,
decides — in the same append.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import Command, Decision, Handler, strings, text
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    DuplicateEntityError,
    InvalidValueError,
    SpecError,
    UnknownEntityError,
)
from gridgov.flow import Step
from gridgov.points.book import RuleBook
from gridgov.points.claim_events import (
    ClaimFiled,
    ClaimStepped,
    claim_stream,
    recorded_conduct_on,
)
from gridgov.points.claim_record import (
    Claim,
    ClaimActor,
    claim_actor,
    claim_channel,
    claim_stepped,
    fire_claim,
    fold_claim,
    open_claim,
)
from gridgov.points.recognition import recognise

if TYPE_CHECKING:
    from gridgov.app.state import State


__all__ = [
    "FileClaim",
    "RecogniseClaim",
    "StepClaim",
    "claim_as_of",
    "claim_of",
    "decide_file_claim",
    "rulebook_of",
]


def _numbers(value: Mapping[str, Decimal | int] | None) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in (value or {}).items()}


def _texts(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def rulebook_of(state: State) -> RuleBook:
    """The rule book (raises `UnknownEntityError` if the workspace has none)."""
    book = state.config.rulebook
    if book is None:
        raise UnknownEntityError("rule book", "(none configured)")
    return book


def claim_of(state: State, claim_id: str) -> Claim:
    """A claim by id (raises `UnknownEntityError`)."""
    try:
        return state.claims[claim_id]
    except KeyError:
        raise UnknownEntityError("claim", claim_id) from None


@attrs.frozen(kw_only=True)
class _OnClaim(Command[Claim]):
    claim_id: str

    @property
    def subject(self) -> str:
        """The claim's stream."""
        return claim_stream(self.claim_id)


def claim_as_of(state: State, claim_id: str, key: str) -> Claim:
    """
    The claim as its step recorded under *key* left it (current if the last).

    A retried 核实 is answered with the claim as verified, even if it was
    publicised since; points come only with the 认定 step, which is last.
    """
    events = state.claim_events.get(claim_id, [])
    last = max((i for i, e in enumerate(events) if e.key == key), default=None)
    current = claim_of(state, claim_id)
    if last is None or last == len(events) - 1:
        return current
    filed, *steps = events[: last + 1]
    assert isinstance(filed, ClaimFiled)  # noqa: S101 - a claim starts filed
    claim = open_claim(state.claim_flow, filed)
    for step in steps:
        assert isinstance(step, ClaimStepped)  # noqa: S101 - then only steps
        claim = fold_claim(state.claim_flow, claim, step)
    return claim


def _claim_answer(command: _OnClaim, state: State, _refs: tuple[str, ...]) -> Claim:
    return claim_as_of(state, command.claim_id, command.request_key)


@attrs.frozen(kw_only=True)
class FileClaim(_OnClaim):
    """
    File a points claim (积分申报) for household *account*.

    ``conduct_on`` is the day of the conduct when it is not the filing day
    (China time; None: the filing day); the rule book decides on it at 认定.
    """

    label_zh = "积分申报"
    default_key = "filed"

    account: str
    at: datetime
    actor: str
    text: Mapping[str, str] = attrs.field(factory=dict, converter=_texts)
    numbers: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_numbers)
    rule_ids: tuple[str, ...] = attrs.field(default=(), converter=strings)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=strings)
    origin: str = ""
    key: str | None = None
    conduct_on: date | None = None


def decide_file_claim(command: FileClaim, state: State) -> Decision:
    """
    The `ClaimFiled` a claim's filing records (also used across engines).

    The channel is ``worker`` when the filer acts as a claim-flow worker or
    committee member (`gridgov.points.claim_actor`), else ``self``.

    Raises:
        UnknownEntityError: No rule book, an unknown household or rule.
        DuplicateEntityError: A claim with this id exists.
        SpecError: The facts do not fit the rule book's fields (every problem).
        InvalidValueError: ``conduct_on`` is after the filing day.
    """
    book = rulebook_of(state)
    claim_id = text("claim_id", command.claim_id)
    if claim_id in state.claims:
        raise DuplicateEntityError("claim", claim_id)
    state.household(command.account)
    for rule in command.rule_ids:
        book.rule(rule)
    conduct_on = command.conduct_on
    filing_day = command.when.astimezone(CHINA_TZ).date()
    if conduct_on is not None and conduct_on > filing_day:
        raise InvalidValueError(
            "conduct_on", "a day on or before the filing day", conduct_on
        )
    filer = claim_actor(command.actor, state.roster) if command.actor else None
    filed = ClaimFiled(
        stream=claim_stream(claim_id),
        key=command.request_key,
        occurred_at=command.when,
        claim_id=claim_id,
        account=command.account,
        text=dict(command.text),
        numbers=dict(command.numbers),
        rule_ids=command.rule_ids,
        evidence=command.evidence,
        origin=command.origin,
        actor=command.actor,
        conduct_on=recorded_conduct_on(conduct_on, command.when),
        channel="self" if filer is None else claim_channel(filer),
    )
    problems = book.check_facts(filed.facts)
    if problems:
        raise SpecError(problems, source=f"claim {claim_id}")
    return Decision((filed,))


@attrs.frozen(kw_only=True)
class StepClaim(_OnClaim):
    """
    Fire ``verify`` 核实, ``publicise`` 公示, ``object`` 异议 or ``reject`` 驳回.

    The actor is an `gridgov.flow.Actor` with Workspace roles, or an id (a
    roster worker acts as ``worker``); see `gridgov.app.claim_actor`. The note
    is the reason, required to object or reject.
    """

    label_zh = "积分审核"

    command: str
    actor: ClaimActor
    at: datetime
    key: str
    note: str = ""


def _fired(state: State, command: StepClaim) -> Step:
    """The step *command* takes, checked against the flow (nothing changes)."""
    claim = claim_of(state, command.claim_id)
    return fire_claim(
        state.claim_flow,
        claim,
        command.command,
        actor=claim_actor(command.actor, state.roster),
        at=command.when,
        key=command.request_key,
        note=command.note,
    )


def _decide_step(command: StepClaim, state: State) -> Decision:
    if command.command == "recognise":
        raise InvalidValueError(
            "command", "verify, publicise, object or reject", command.command
        )
    return Decision((claim_stepped(_fired(state, command)),))


@attrs.frozen(kw_only=True)
class RecogniseClaim(_OnClaim):
    """
    认定: after the notice window, post the points the rule book gives.

    The actor must hold the ``committee`` role (see `gridgov.app.claim_actor`),
    and each rule's ``approval`` must be met by the actor's roles; the rule
    book is read on the day of the conduct, caps counted in its period (one
    function decides: `gridgov.points.recognise`).
    """

    label_zh = "积分认定"

    actor: ClaimActor
    at: datetime
    key: str


def _decide_recognise(command: RecogniseClaim, state: State) -> Decision:
    step = _fired(
        state,
        StepClaim(
            claim_id=command.claim_id,
            command="recognise",
            actor=command.actor,
            at=command.at,
            key=command.key,
        ),
    )
    claim = claim_of(state, command.claim_id)
    done = recognise(
        rulebook_of(state),
        state.ledger,
        claim_id=claim.id,
        account=claim.account,
        facts=claim.facts,
        conduct_on=claim.conduct_on,
        household=state.household(claim.account),
        evidence=claim.evidence,
        rule_ids=claim.rule_ids,
        approver=claim_actor(command.actor, state.roster),
        at=command.when,
    )
    stepped: ClaimStepped = claim_stepped(step, postings=done.posting_ids)
    return Decision((stepped, *done.events), reads=(state.ledger.stream,))


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    FileClaim: Handler(decide_file_claim, _claim_answer),
    StepClaim: Handler(_decide_step, _claim_answer),
    RecogniseClaim: Handler(_decide_recognise, _claim_answer),
}
"""The handler of every claim command."""
