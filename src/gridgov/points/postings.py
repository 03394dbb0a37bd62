"""
Ledger postings built without a ledger: where each posting's fields are set.

`gridgov.points.ledger.Ledger` commits what these functions build (its
``award``, ``deduct`` and ``record_conduct`` go through them), and
`gridgov.points.recognition.recognise` builds the very same events — same
stream, key, id and payload — *without* changing the ledger, so a caller can
decide first and commit (or append to a journal) afterwards.

>>> from datetime import datetime
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.points.events import PointsPosted
>>> at = datetime(2026, 4, 3, 9, 0, tzinfo=CHINA_TZ)
>>> fields = award_fields("H1", 5, rule_id="vol", conduct_on=date(2026, 3, 31))
>>> event = build(PointsPosted, "ledger:points", "claim:C1:vol", at, fields)
>>> event.target, event.amount, event.conduct_on
('H1', 5, datetime.date(2026, 3, 31))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from gridgov.domain.events import Event
from gridgov.domain.ids import AccountId
from gridgov.domain.periods import period_span
from gridgov.errors import InvalidValueError
from gridgov.points.events import (
    ISSUANCE,
    SYSTEM_ACCOUNTS,
    PostingKind,
)
from gridgov.points.spec import PolicySpec

__all__ = [
    "DERIVED_FIELDS",
    "award_fields",
    "build",
    "conduct_fields",
    "deduction_fields",
    "entry_args",
    "expiry_day",
    "member_account",
    "payload",
    "whole_points",
]

E = TypeVar("E", bound=Event)

DERIVED_FIELDS = frozenset({"occurred_at", "event_id", "expires_on"})
"""Fields left out when two postings under one key are compared (a retry)."""

_PAYLOAD_FIELDS: dict[type, tuple[str, ...]] = {}


def payload(event: Event) -> tuple[Any, ...]:
    """What makes two events under one key the same fact (type and fields)."""
    cls = type(event)
    names = _PAYLOAD_FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in attrs.fields(cls) if f.name not in DERIVED_FIELDS)
        _PAYLOAD_FIELDS[cls] = names
    return (cls, *[getattr(event, n) for n in names])


def whole_points(amount: object) -> int:
    """Check an amount: a whole number of points > 0 (`InvalidValueError`)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidValueError("amount", "a whole number of points > 0", amount)
    return amount


def member_account(account: object) -> AccountId:
    """Check an account: a household or person id, never a system account."""
    if not isinstance(account, str) or not account or account in SYSTEM_ACCOUNTS:
        raise InvalidValueError("account", "a household or person account id", account)
    return AccountId(account)


def entry_args(stream: str, key: object, at: datetime) -> dict[str, Any]:
    """The event envelope: ``stream``, ``key`` (checked non-empty) and time."""
    if not isinstance(key, str) or not key:
        raise InvalidValueError("key", "a non-empty idempotency key", key)
    return {"stream": stream, "key": key, "occurred_at": at}


def build(
    cls: type[E], stream: str, key: object, at: datetime, fields: Mapping[str, Any]
) -> E:
    """Build one ledger event (its id derived from *stream* and *key*)."""
    return cls(**entry_args(stream, key, at), **fields)


def expiry_day(policy: PolicySpec, day: date) -> date | None:
    """The first day points earned on *day* no longer count, under *policy*."""
    if policy.reset is not None:
        return period_span(day, policy.reset).end
    if policy.expiry_months is not None:
        first = date(day.year, day.month, 1)
        return first + relativedelta(months=policy.expiry_months)
    return None


def award_fields(
    account: str,
    amount: int,
    *,
    rule_id: str = "",
    rule_version: str = "",
    claim_id: str = "",
    evidence: Sequence[str] = (),
    approver: str = "",
    reason: str = "",
    expires_on: date | None = None,
    conduct_on: date | None = None,
) -> dict[str, Any]:
    """The fields of an award (积分奖励) from the village issuance account."""
    return {
        "source": ISSUANCE,
        "target": member_account(account),
        "amount": whole_points(amount),
        "rule_id": rule_id,
        "rule_version": rule_version,
        "claim_id": claim_id,
        "evidence": tuple(evidence),
        "approver": approver,
        "reason": reason,
        "posting": PostingKind.AWARD,
        "expires_on": expires_on,
        "conduct_on": conduct_on,
    }


def deduction_fields(
    account: str,
    amount: int,
    *,
    rule_id: str = "",
    rule_version: str = "",
    claim_id: str = "",
    approver: str = "",
    reason: str = "",
) -> dict[str, Any]:
    """The fields of a deduction (扣分) back to the village issuance account."""
    return {
        "source": member_account(account),
        "target": ISSUANCE,
        "amount": whole_points(amount),
        "rule_id": rule_id,
        "rule_version": rule_version,
        "claim_id": claim_id,
        "approver": approver,
        "reason": reason,
        "posting": PostingKind.DEDUCTION,
    }


def conduct_fields(
    account: str,
    rule_id: str,
    points: int,
    *,
    claim_id: str = "",
    approver: str = "",
    reason: str = "",
) -> dict[str, Any]:
    """The fields of a conduct record (积分不扣分: no points move)."""
    return {
        "account": member_account(account),
        "rule_id": rule_id,
        "points": points,
        "claim_id": claim_id,
        "approver": approver,
        "reason": reason,
    }
