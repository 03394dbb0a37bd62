"""
Events the Workspace records about its own work (the engines record the rest).

Each engine holds its own events: visits, patrols and household changes in
`gridgov.visits`, cases in `gridgov.cases`, claims, ledger postings and
supermarket orders in `gridgov.points`, activities in `gridgov.volunteers`,
household moves in `gridgov.roster`. What is the Workspace's own is here: the
repair that sets aside an event the fold refuses (`EventSetAside`); the
request record of every command is `gridgov.app.requests.RequestRecorded`.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from gridgov.domain.events import Event

__all__ = [
    "ClaimFiled",
    "ClaimStepped",
    "EventSetAside",
    "set_aside_stream",
]


def set_aside_stream() -> str:
    """Return the stream of the journal's repairs: ``repairs:set-aside``."""
    return "repairs:set-aside"


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
    """

    claim_id: str
    account: str
    text: dict[str, str] = attrs.field(factory=dict)
    numbers: dict[str, Decimal] = attrs.field(factory=dict)
    rule_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    origin: str = ""
    actor: str = ""

    @property
    def facts(self) -> dict[str, str | Decimal]:
        """Every field, as the rule book reads them."""
        return {**self.text, **self.numbers}


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
    """

    claim_id: str
    command: str
    source_state: str
    target_state: str
    actor: str
    note: str = ""


@attrs.frozen(kw_only=True)
class EventSetAside(Event):
    """
    The fold skips an event it refuses (一条无法折叠的事件被搁置).

    A compensating record written by `gridgov.app.doctor.set_aside` (``gridgov
    doctor --set-aside``): the refused event stays in the journal and its hash
    chain; the Workspace no longer folds it.

    Attributes:
        sequence: The refused event's position in the journal.
        event_stream: Its stream.
        event_type: Its type.
        event_key: Its key.
        reason: Why it was set aside.
        actor: Who decided.
    """

    sequence: int
    event_stream: str
    event_type: str
    event_key: str
    reason: str
    actor: str
