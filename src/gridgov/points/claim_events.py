"""
The points claim's own events: a claim is filed, then steps through the flow.

A claim (积分申报) is one stream, ``claim:<id>`` (`claim_stream`): a
`ClaimFiled` opens it and a `ClaimStepped` records each step of the claim flow
(核实, 公示, 异议, 认定, 驳回). Both shells — `gridgov.points.ClaimDesk` and the
Workspace — record these events and fold them into the one
`gridgov.points.Claim` (`gridgov.points.claim_record`); the points a claim
earns move as ledger events (`gridgov.points.events`), whose ids the 认定 step
lists.

The day of the conduct travels with the filing: ``conduct_on`` when it is not
the filing day (China time), None when it is — so a journal written before the
field existed still reads, each claim's conduct on its filing day.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import attrs

from gridgov.domain.events import Event
from gridgov.domain.privacy import masked_repr
from gridgov.domain.spans import CHINA_TZ

__all__ = [
    "ClaimFiled",
    "ClaimStepped",
    "claim_stream",
    "recorded_conduct_on",
]


def claim_stream(claim_id: str) -> str:
    """Return a claim's stream: ``claim:<id>``."""
    return f"claim:{claim_id}"


def recorded_conduct_on(conduct_on: date | None, at: datetime) -> date | None:
    """
    *conduct_on* as a `ClaimFiled` records it: None when it is the filing day.

    >>> from gridgov.domain.spans import CHINA_TZ
    >>> filed = datetime(2026, 4, 1, 9, tzinfo=CHINA_TZ)
    >>> recorded_conduct_on(date(2026, 3, 31), filed)
    datetime.date(2026, 3, 31)
    >>> recorded_conduct_on(date(2026, 4, 1), filed) is None
    True
    """
    if conduct_on is None or conduct_on == at.astimezone(CHINA_TZ).date():
        return None
    return conduct_on


@masked_repr
@attrs.frozen(kw_only=True)
class ClaimFiled(Event):
    """
    A points claim was filed (积分申报).

    Attributes:
        claim_id: The claim.
        account: The household (or person) account that would earn the points.
        text: The claim's text fields (``activity = "义诊"``).
        numbers: The claim's numeric fields (``hours = 2.5``), exact decimals.
        rule_ids: The rules claimed under; empty means every rule.
        evidence: Evidence kinds attached (``photo``, ``sign_in``).
        origin: What it came from (``case:TJ-001``, ``activity:A-7``), or ``""``.
        actor: Who filed it.
        conduct_on: The day of the conduct when it is not the filing day
            (China time); None: the filing day. Use `Claim.conduct_on`.
        channel: ``"self"`` (住户自评) or ``"worker"`` (网格员录入); ``""`` in
            journals written before it was recorded.
    """

    claim_id: str
    account: str
    text: dict[str, str] = attrs.field(factory=dict)
    numbers: dict[str, Decimal] = attrs.field(factory=dict)
    rule_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    origin: str = ""
    actor: str = ""
    conduct_on: date | None = None
    channel: str = ""

    @property
    def facts(self) -> dict[str, str | int | Decimal]:
        """
        Every field, as the rule book reads them.

        A whole number reads as an `int` (so it fits an ``integer`` field as
        well as a ``number`` one); any other number stays an exact `Decimal`.
        """
        facts: dict[str, str | int | Decimal] = dict(self.text)
        for name, value in self.numbers.items():
            whole = value.is_finite() and value == value.to_integral_value()
            facts[name] = int(value) if whole else value
        return facts


@masked_repr
@attrs.frozen(kw_only=True)
class ClaimStepped(Event):
    """
    A claim moved one step: 核实, 公示, 异议, 认定 or 驳回.

    Attributes:
        claim_id: The claim.
        command: The claim-flow command fired.
        source_state: The state before.
        target_state: The state after.
        actor: Who fired it.
        note: A reason or remark.
        postings: For 认定, the ids of the ledger events it posted (appended
            with it); empty for every other step.
    """

    claim_id: str
    command: str
    source_state: str
    target_state: str
    actor: str
    note: str = ""
    postings: tuple[str, ...] = ()
