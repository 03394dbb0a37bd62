"""
Case events: the facts a case is made of (past tense, frozen, journal-ready).

Each lives on the stream ``case:<case id>`` with the caller's command id as its
key, so a retried command yields the same event id. `gridgov.cases.replay_case`
folds them back into the `gridgov.cases.Case` they produced.
"""

from __future__ import annotations

import attrs

from gridgov.cases.vocabulary import (
    Card,
    CaseSource,
    HandlingMode,
    SupervisionKind,
    TransferKind,
    Urgency,
)
from gridgov.domain.events import Event
from gridgov.domain.regions import Level

__all__ = [
    "CaseAdvanced",
    "CaseEvent",
    "CaseOpened",
    "CaseSupervised",
    "CaseTransferAccepted",
    "CaseTransferDeclined",
    "CaseTransferRequested",
    "case_stream",
]


def case_stream(case_id: str) -> str:
    """Return the event stream of a case: ``case:<id>``."""
    return f"case:{case_id}"


@attrs.frozen(kw_only=True)
class CaseEvent(Event):
    """Base of the case events (not registered itself)."""

    abstract = True

    actor: str


@attrs.frozen(kw_only=True)
class CaseOpened(CaseEvent):
    """
    A case was received (受理/上报) by *unit* at *level*.

    Attributes:
        case_id: The case's id.
        workflow: The name of the workflow it runs on.
        category: Its category (事项分类), a key of the deadline table.
        urgency: How urgent it is.
        source: Where it came from.
        level: The level of the receiving unit.
        unit: The receiving unit.
        title: A one-line summary.
        handling_mode: 马上办, 代着办, 领着办 or 上门办, if decided.
        fields: Further details recorded at opening.
    """

    case_id: str
    workflow: str
    category: str
    urgency: Urgency
    source: CaseSource
    level: Level
    unit: str
    title: str = ""
    handling_mode: HandlingMode | None = None
    fields: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class CaseAdvanced(CaseEvent):
    """A workflow command was fired on the case (one flow step)."""

    command: str
    source_state: str
    target_state: str
    version: int
    fields: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class CaseTransferRequested(CaseEvent):
    """
    The holder sent the case to another unit (转办, "not ours" 退回, or 上报上级).

    Until *to_unit* accepts, the accountable unit does not change (首问负责).
    """

    kind: TransferKind
    to_unit: str
    to_level: Level
    reason: str


@attrs.frozen(kw_only=True)
class CaseTransferAccepted(CaseEvent):
    """The unit a case was sent to accepted it; it is now accountable."""

    unit: str


@attrs.frozen(kw_only=True)
class CaseTransferDeclined(CaseEvent):
    """The unit a case was sent to declined it; the holder keeps it."""

    unit: str
    reason: str


@attrs.frozen(kw_only=True)
class CaseSupervised(CaseEvent):
    """催办 or 督办 was issued on the case, possibly with a 黄牌 or 红牌."""

    kind: SupervisionKind
    card: Card | None = None
    note: str = ""
