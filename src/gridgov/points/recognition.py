"""
Recognition (认定): one pure function from a claim to the ledger events it posts.

`recognise` is the only place a claim becomes points; `ClaimDesk.recognise`
calls it, and so should any other shell (the Workspace). It reads the rule book
and the ledger and changes neither:

1. **Decide on the day of the conduct.** `RuleBook.evaluate` runs with
   ``on=conduct_on`` and the account's cap usage from the ledger, which counts
   every award in the period of *its* conduct (``PointsPosted.conduct_on``). So
   conduct on 31 March recognised on 3 April fills March's monthly cap and
   leaves April's alone, whatever order claims are recognised in.
2. **Check the approver's role** against every rule that would post
   (`RuleSpec.approval`), through `APPROVAL_ROLES`:

   ===============  =============================================
   rule approval    recognised by an approver with a role of
   ===============  =============================================
   ``none``         anyone (no role needed)
   ``worker``       ``worker`` (网格员) or ``committee`` (评议小组)
   ``committee``    ``committee`` only
   ===============  =============================================

   A resident — any role not in the table — approves nothing. One rule short
   and the whole claim is refused with `ApprovalRefusedError`, naming each rule,
   the approval it needs and who tried.
3. **Build the events** the ledger would build — same stream, key
   (``claim:<claim id>:<rule id>`` by default), id and payload — and return
   them in a `Recognition` for the caller to commit (`Ledger.commit`) or to
   append to a journal: an award per rule with points (with ``conduct_on``),
   a deduction of at most the balance where deductions are allowed, and a
   `ConductRecorded` for a negative rule under 积分不扣分.

>>> from datetime import date, datetime
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.flow import Actor
>>> from gridgov.points.book import compile_rulebook
>>> from gridgov.points.ledger import Ledger
>>> from gridgov.points.spec import RuleBookSpec, RuleSpec
>>> book = compile_rulebook(
...     RuleBookSpec(
...         id="demo",
...         name_zh="示范村",
...         version="1",
...         rules=(
...             RuleSpec(
...                 id="clean", name_zh="环境整治", points=5, approval=Approval.WORKER
...             ),
...         ),
...     )
... )
>>> ledger = Ledger()
>>> done = recognise(
...     book,
...     ledger,
...     claim_id="C1",
...     account="H1",
...     facts={},
...     conduct_on=date(2026, 3, 31),
...     approver=Actor("网格员", frozenset({"worker"})),
...     at=datetime(2026, 4, 3, 9, tzinfo=CHINA_TZ),
... )
>>> [(e.key, e.amount, e.conduct_on) for e in done.events]
[('claim:C1:clean', 5, datetime.date(2026, 3, 31))]
>>> ledger.balance("H1")  # nothing committed yet
0
>>> _ = ledger.commit(done.events)
>>> ledger.balance("H1")
5
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, TypeAlias

import attrs

from gridgov.domain.events import Event
from gridgov.domain.people import Household
from gridgov.errors import GridgovError, IdempotencyConflictError, InvalidValueError
from gridgov.flow import Actor
from gridgov.points.book import RuleBook
from gridgov.points.claim_flow import COMMITTEE, WORKER
from gridgov.points.decisions import Decision, Outcome, RuleOutcome
from gridgov.points.events import ConductRecorded, PointsPosted, PostingKind
from gridgov.points.ledger import Ledger
from gridgov.points.postings import (
    award_fields,
    build,
    conduct_fields,
    deduction_fields,
    member_account,
    payload,
)
from gridgov.points.spec import Approval

__all__ = [
    "APPROVAL_ROLES",
    "ApprovalRefusedError",
    "Posting",
    "Recognition",
    "approval_level",
    "may_approve",
    "recognise",
]

APPROVAL_ROLES: Mapping[str, Approval] = MappingProxyType(
    {WORKER: Approval.WORKER, COMMITTEE: Approval.COMMITTEE}
)
"""
The highest approval each claim-flow role may give.

``worker`` (网格员) gives ``worker`` approval; ``committee`` (评议小组,
业主委员会, 村委会) gives ``committee`` approval, which covers ``worker``
approval too. Any other role (``resident``, …) gives none. The roles are the
claim flow's (`gridgov.points.claim_flow.WORKER`, ``COMMITTEE``); a shell with
its own role names maps them first (the Workspace's ``claim_actor``).
"""

_RANK: Mapping[Approval, int] = MappingProxyType(
    {Approval.NONE: 0, Approval.WORKER: 1, Approval.COMMITTEE: 2}
)

Posting: TypeAlias = PointsPosted | ConductRecorded
"""A ledger event a recognition posts: an award or deduction, or a conduct record."""


def approval_level(roles: Iterable[str]) -> Approval:
    """
    The highest approval *roles* may give (`Approval.NONE` for a resident).

    >>> approval_level({"resident"}), approval_level({"worker", "committee"})
    (<Approval.NONE: 'none'>, <Approval.COMMITTEE: 'committee'>)
    """
    levels = [APPROVAL_ROLES[r] for r in roles if r in APPROVAL_ROLES]
    return max(levels, key=_RANK.__getitem__, default=Approval.NONE)


def may_approve(roles: Iterable[str], required: Approval) -> bool:
    """
    Whether an approver with *roles* satisfies a rule's *required* approval.

    >>> may_approve({"committee"}, Approval.WORKER)
    True
    >>> may_approve({"worker"}, Approval.COMMITTEE), may_approve(set(), Approval.NONE)
    (False, True)
    """
    return _RANK[approval_level(roles)] >= _RANK[required]


class ApprovalRefusedError(GridgovError, PermissionError):
    """
    The approver's role does not give the approval a rule needs (审批权限不足).

    Attributes:
        claim_id: The claim.
        approver: Who tried.
        roles: Their roles.
        needed: ``(rule id, rule name, approval needed)`` for every rule short.
    """

    def __init__(
        self,
        claim_id: str,
        approver: Actor,
        needed: Sequence[tuple[str, str, Approval]],
    ) -> None:
        self.claim_id = claim_id
        self.approver = approver.id
        self.roles = approver.roles
        self.needed = tuple(needed)
        level = approval_level(approver.roles)
        gives = "no approval" if level is Approval.NONE else f"{level.value} approval"
        roles = ", ".join(sorted(approver.roles)) or "none"
        rules = "; ".join(
            f"rule {rule_id!r} ({name}) needs {need.value} approval ({need.zh})"
            for rule_id, name, need in self.needed
        )
        super().__init__(
            f"claim {claim_id!r} cannot be recognised by {approver.id!r} "
            f"(roles: {roles}; gives {gives}): {rules}"
        )

    def __str__(self) -> str:
        return str(self.args[0])


@attrs.frozen
class Recognition:
    """
    What recognising one claim decided and the events it posts (not committed).

    Attributes:
        claim_id: The claim.
        account: The account credited (or whose conduct is recorded).
        conduct_on: The day of the conduct (validity, eligibility, cap period).
        approver: The approver's id, carried by every posting.
        decision: The rule book's decision, rule by rule.
        events: The ledger events to commit or append, in book order; an event
            the ledger already holds under the same key and payload is that
            original event (committing it again changes nothing).
    """

    claim_id: str
    account: str
    conduct_on: date
    approver: str
    decision: Decision
    events: tuple[Posting, ...]

    @property
    def posting_ids(self) -> tuple[str, ...]:
        """The ids of `events` (``PointsPosted`` and ``ConductRecorded``)."""
        return tuple(e.event_id for e in self.events)

    @property
    def points(self) -> int:
        """Net change of the account's balance once the events are committed."""
        total = 0
        for event in self.events:
            if isinstance(event, PointsPosted):
                sign = -1 if event.posting is PostingKind.DEDUCTION else 1
                total += sign * event.amount
        return total


def recognise(
    book: RuleBook,
    ledger: Ledger,
    *,
    claim_id: str,
    account: str,
    facts: Mapping[str, Any],
    conduct_on: date,
    approver: Actor,
    at: datetime,
    household: Household | None = None,
    evidence: Sequence[str] = (),
    rule_ids: Sequence[str] | None = None,
    key_prefix: str | None = None,
    trace: bool = False,
) -> Recognition:
    """
    Decide a claim at 认定 and build the ledger events it posts; change nothing.

    Args:
        book: The rule book.
        ledger: The ledger the events are for (read only: cap usage, balance,
            policy for expiry, keys already posted).
        claim_id: The claim (recorded on every posting).
        account: The household account.
        facts: The claim's field values.
        conduct_on: The day of the conduct: rules in force, eligibility and the
            cap period are taken on this day, and awards carry it.
        approver: Who recognises: an id and claim-flow roles (`APPROVAL_ROLES`).
        at: When the points post (timezone-aware).
        household: The account's household, for eligibility (None: not checked).
        evidence: Evidence the claim carries (``photo`` or ``photo:0305-3``).
        rule_ids: Only these rules (None: every rule; an empty list: none).
        key_prefix: Idempotency key prefix; a posting's key is the prefix and
            the rule id. Default ``claim:<claim_id>:``.
        trace: Explain failed conditions clause by clause in the decision.

    Raises:
        ApprovalRefusedError: A rule that would post needs more approval than
            *approver*'s roles give (nothing is built).
        IdempotencyConflictError: The ledger already holds a different posting
            under one of the keys (the claim was recognised before).
        InvalidValueError: A naive *at*, an empty approver id or a bad account.
        UnknownEntityError: An unknown rule id.
    """
    member_account(account)
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError("at", "a timezone-aware datetime", at)
    if not approver.id:
        raise InvalidValueError("approver", "an Actor with a non-empty id", approver)
    decision = book.evaluate(
        facts,
        on=conduct_on,
        household=household,
        usage=ledger.usage(account),
        evidence=evidence,
        approved_by=approver.id,
        rule_ids=rule_ids,
        trace=trace,
    )
    short = [
        (o.rule_id, o.name_zh, need)
        for o in decision.matched
        if not may_approve(approver.roles, need := book.rule(o.rule_id).spec.approval)
    ]
    if short:
        raise ApprovalRefusedError(claim_id, approver, short)
    prefix = f"claim:{claim_id}:" if key_prefix is None else key_prefix
    balance = ledger.balance(account)
    events: list[Posting] = []
    for outcome in decision.matched:
        event = _posting(
            ledger,
            outcome,
            prefix + outcome.rule_id,
            balance,
            claim_id=claim_id,
            account=account,
            version=decision.version,
            conduct_on=conduct_on,
            approver=approver.id,
            at=at,
            evidence=evidence,
        )
        if event is None:
            continue
        if isinstance(event, PointsPosted):
            sign = -1 if event.posting is PostingKind.DEDUCTION else 1
            balance += sign * event.amount
        events.append(_settled(ledger, event, claim_id))
    return Recognition(
        claim_id, account, conduct_on, approver.id, decision, tuple(events)
    )


def _posting(
    ledger: Ledger,
    outcome: RuleOutcome,
    key: str,
    balance: int,
    *,
    claim_id: str,
    account: str,
    version: str,
    conduct_on: date,
    approver: str,
    at: datetime,
    evidence: Sequence[str],
) -> Posting | None:
    """The event one matched outcome posts, as the ledger's commands build it."""
    reason = outcome.name_zh
    if outcome.points > 0:
        fields = award_fields(
            account,
            outcome.points,
            rule_id=outcome.rule_id,
            rule_version=version,
            claim_id=claim_id,
            evidence=evidence,
            approver=approver,
            reason=reason,
            expires_on=ledger.expires_on(at),
            conduct_on=conduct_on,
        )
        return build(PointsPosted, ledger.stream, key, at, fields)
    if outcome.points < 0 and balance > 0:
        # A deduction (扣分, deductions allowed) takes at most the balance.
        fields = deduction_fields(
            account,
            min(-outcome.points, balance),
            rule_id=outcome.rule_id,
            rule_version=version,
            claim_id=claim_id,
            approver=approver,
            reason=reason,
        )
        return build(PointsPosted, ledger.stream, key, at, fields)
    if outcome.outcome is Outcome.CAPPED:
        return None  # the cap is reached: nothing to post
    # 积分不扣分 (recorded), or a deduction from an empty account: record it.
    fields = conduct_fields(
        account,
        outcome.rule_id,
        outcome.nominal,
        claim_id=claim_id,
        approver=approver,
        reason=reason,
    )
    return build(ConductRecorded, ledger.stream, key, at, fields)


def _settled(ledger: Ledger, event: Posting, claim_id: str) -> Posting:
    """*event*, or the ledger's original under its key if it is the same fact."""
    prior: Event | None = ledger.posted(event.key)
    if prior is None:
        return event
    same = payload(prior) == payload(event)
    if same and isinstance(prior, PointsPosted | ConductRecorded):
        return prior
    raise IdempotencyConflictError(
        event.key,
        detail=f"claim {claim_id!r} already posted {prior.type_name} "
        f"{prior.event_id} under it",
    )
