"""
Case events: the facts a case is made of (past tense, frozen, journal-ready).

Each lives on the stream ``case:<case id>`` with the caller's command id as its
key, so a retried command yields the same event id. `gridgov.cases.replay_case`
folds them back into the `gridgov.cases.Case` they produced.

The events that start or move a deadline clock (`ClockEvent`: the opening,
a workflow step, an accepted transfer) carry the deadlines the command
computed with the calendar in force when it was decided (`RecordedDeadline`):
deadlines are facts, and a replay under a newer calendar gives them back
unchanged. Only `DeadlinesRevised` changes them afterwards.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from gridgov.cases.deadlines import ClockKind, Limit
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
    "ClockEvent",
    "DeadlinesRevised",
    "RecordedDeadline",
    "RevisedDeadline",
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
class RecordedDeadline:
    """
    One clock's deadlines as the event that started or moved it decided them.

    Everything a `gridgov.cases.deadlines.DeadlineClock` derives from a
    calendar, plus the limit it started with, so the fold rebuilds the clock
    without asking a calendar or the deadline table.

    Attributes:
        kind: Which clock (签收 or 办结).
        limit: The time limit the clock runs with (looked up when it started).
        warn_at_percent: The share of the limit that turns it yellow.
        original_deadline: Its original deadline (原定时限).
        current_deadline: Its current deadline, after extensions and pauses.
        warn_at: The instant it turns yellow.
        calendar: ``describe()`` of the calendar that computed them.
        calendar_version: `gridgov.calendar.calendar_version` of that calendar.
        provisional_years: Years without a holiday notice they rest on (暂定).
    """

    kind: ClockKind
    limit: Limit
    warn_at_percent: int = 80
    original_deadline: datetime
    current_deadline: datetime
    warn_at: datetime
    calendar: str
    calendar_version: str
    provisional_years: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class ClockEvent(CaseEvent):
    """
    Base of the case events that may start or move a deadline clock.

    Attributes:
        deadlines: The deadlines of every clock the event started, extended
            or resumed, as computed when it was decided; ``()`` when it
            looked for a limit and found none. None on an event that computed
            nothing, and on events written before deadlines were recorded:
            for those the fold computes the deadlines with the installed
            calendar, as it always did.
    """

    abstract = True

    deadlines: tuple[RecordedDeadline, ...] | None = None


@attrs.frozen(kw_only=True)
class CaseOpened(ClockEvent):
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
class CaseAdvanced(ClockEvent):
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
class CaseTransferAccepted(ClockEvent):
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


@attrs.frozen(kw_only=True)
class RevisedDeadline:
    """
    The new deadlines of one clock, as `DeadlinesRevised` records them.

    Attributes:
        kind: Which clock (签收 or 办结).
        original_deadline: Its new original deadline (原定时限).
        current_deadline: Its new current deadline.
        warn_at: Its new warning instant.
        calendar: ``describe()`` of the calendar that computed them.
        provisional_years: Years without a notice they still rest on (暂定).
    """

    kind: ClockKind
    original_deadline: datetime
    current_deadline: datetime
    warn_at: datetime
    calendar: str
    provisional_years: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class DeadlinesRevised(CaseEvent):
    """
    The running clocks got new deadlines from a newer calendar (时限修正).

    Recorded by `gridgov.cases.revise_deadlines` when a case's deadlines were
    provisional (computed for a year without a holiday notice) and the notice
    is now known, or still unknown but estimated differently. Replaying it
    sets exactly these deadlines, whatever calendar is installed then.

    Attributes:
        reason: Why (e.g. ``"国务院办公厅2027年节假日安排通知已发布"``).
        deadlines: The new deadlines, one per revised clock.
        calendar_version: The `gridgov.calendar.calendar_version` of the
            calendar that computed them.
    """

    reason: str
    deadlines: tuple[RevisedDeadline, ...]
    calendar_version: str
