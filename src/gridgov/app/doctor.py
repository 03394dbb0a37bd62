"""
Checking a journal as a Workspace folds it, and the way out of a bad event (体检).

The unit of work never appends an event the fold would refuse, but a journal
written by an earlier version of gridgov, or by hand, may hold one. Opening a
Workspace on it then raises `gridgov.app.FoldError` naming the event. `examine`
walks the whole journal the way the Workspace does and reports every refused
event (sequence, stream, type, why), the hash chain's verdict, and a warning
when the installed holiday notices run out within 60 days. `set_aside` is the
explicit repair: it records an `EventSetAside` — a compensating event, the
refused one stays in the journal and in its hash chain — and from then on the
fold skips that event. Both are what ``gridgov doctor`` runs.

>>> from datetime import date, datetime
>>> from gridgov.app import Workspace, sample_config
>>> from gridgov.domain import CHINA_TZ
>>> ws = Workspace.in_memory(sample_config())
>>> _ = ws.record_visit("PC0001", "W06", at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ))
>>> report = examine(ws.config, ws.journal, today=date(2026, 6, 1))
>>> report.ok, report.events, report.problems
(True, 2, ())
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import attrs

from gridgov.app.config import WorkspaceConfig
from gridgov.app.events import EventSetAside, set_aside_stream
from gridgov.app.state import State
from gridgov.calendar import _china
from gridgov.domain.events import Event
from gridgov.errors import GridgovError, InvalidValueError
from gridgov.journal import Journal
from gridgov.journal.records import RecordedEvent, Verification

__all__ = [
    "NOTICE_WARNING_DAYS",
    "Examination",
    "FoldProblem",
    "examine",
    "fold_refusal",
    "set_aside",
    "set_aside_sequences",
]

NOTICE_WARNING_DAYS = 60
"""`examine` warns when the installed holiday notices end within this many days."""


@attrs.frozen
class FoldProblem:
    """
    One event the fold refuses.

    Attributes:
        sequence: Its position in the journal.
        stream: Its stream.
        type_name: Its type.
        key: Its key.
        reason: Why the fold refused it.
    """

    sequence: int
    stream: str
    type_name: str
    key: str
    reason: str

    def __str__(self) -> str:
        return (
            f"event {self.sequence} ({self.type_name} on {self.stream!r}, key "
            f"{self.key!r}): {self.reason}"
        )


@attrs.frozen
class Examination:
    """
    What `examine` found.

    Attributes:
        events: Events read.
        problems: Events the fold refuses (not set aside), in journal order.
        set_aside: Sequences already set aside (skipped by the fold).
        verification: The hash chain's verdict.
        calendar_warning: A warning that the holiday notices end soon, or ``""``.
    """

    events: int
    problems: tuple[FoldProblem, ...]
    set_aside: tuple[int, ...]
    verification: Verification
    calendar_warning: str = ""

    @property
    def ok(self) -> bool:
        """The chain is intact and every event folds."""
        return self.verification.ok and not self.problems


def fold_refusal(exc: BaseException) -> str | None:
    """The reason a fold refused an event, or None for an error that is no refusal."""
    if isinstance(exc, GridgovError):
        return str(exc)
    if isinstance(exc, LookupError | TypeError | ValueError):
        return f"{type(exc).__name__}: {exc}"
    return None


def set_aside_sequences(journal: Journal) -> frozenset[int]:
    """The sequences of every event set aside in *journal*."""
    found = journal.read_types([EventSetAside])
    return frozenset(
        r.event.sequence for r in found if isinstance(r.event, EventSetAside)
    )


def _fold_all(
    config: WorkspaceConfig, records: Iterable[RecordedEvent], skip: frozenset[int]
) -> tuple[int, list[FoldProblem]]:
    state = State(config)
    count = 0
    problems: list[FoldProblem] = []
    for recorded in records:
        count += 1
        if recorded.sequence in skip:
            continue
        event = recorded.event
        try:
            state.apply(event)
        except Exception as exc:
            reason = fold_refusal(exc)
            if reason is None:
                raise
            problems.append(
                FoldProblem(
                    recorded.sequence, event.stream, event.type_name, event.key, reason
                )
            )
    return count, problems


def _calendar_warning(today: date | None) -> str:
    if today is None:
        return ""
    last = date(_china.LAST_PUBLISHED_YEAR, 12, 31)
    left = (last - today).days
    if left > NOTICE_WARNING_DAYS:
        return ""
    return (
        f"the installed holiday notices end on {last} ({left} days from {today}): "
        "deadlines after that day are provisional until a newer holidays package "
        "or the township's calendar.toml enters the next year's notice"
    )


def examine(
    config: WorkspaceConfig, journal: Journal, *, today: date | None = None
) -> Examination:
    """
    Fold every event of *journal* as a Workspace would, and verify its chain.

    Args:
        config: The township the journal belongs to.
        journal: The journal (read only).
        today: The day to measure the holiday notices' end from (none: no
            calendar warning).
    """
    skip = set_aside_sequences(journal)
    count, problems = _fold_all(config, journal.read_all(), skip)
    return Examination(
        events=count,
        problems=tuple(problems),
        set_aside=tuple(sorted(skip)),
        verification=journal.verify(),
        calendar_warning=_calendar_warning(today),
    )


def set_aside(
    config: WorkspaceConfig,
    journal: Journal,
    sequence: int,
    *,
    reason: str,
    at: datetime,
    actor: str,
) -> EventSetAside:
    """
    Record that the fold skips event *sequence* (a refused one), with the reason.

    Raises:
        InvalidValueError: *sequence* is not an event the fold refuses, or no
            reason or actor is given.
    """
    if not reason or not actor:
        raise InvalidValueError("reason", "a reason and who decided", reason or actor)
    found = {p.sequence: p for p in examine(config, journal).problems}
    problem = found.get(sequence)
    if problem is None:
        raise InvalidValueError(
            "sequence",
            f"one of the refused events {sorted(found) or '(none)'}",
            sequence,
        )
    event = EventSetAside(
        stream=set_aside_stream(),
        key=str(sequence),
        occurred_at=at,
        sequence=sequence,
        event_stream=problem.stream,
        event_type=problem.type_name,
        event_key=problem.key,
        reason=reason,
        actor=actor,
    )
    recorded = journal.append([event])
    result: Event = recorded[0].event
    assert isinstance(result, EventSetAside)  # noqa: S101 - what was appended
    return result
