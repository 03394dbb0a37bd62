"""
Where the fold of one event gets its deadlines: recorded on the event, or computed.

A `ClockEvent` decided by a command (`gridgov.cases.open_case`, `fire_case`,
`accept_transfer` …) carries the deadlines the command computed
(`RecordedDeadline`); folding it starts, extends or resumes the clocks from
those facts and sets the recorded deadlines, without asking the calendar or
the deadline table. An event without them (``deadlines=None``: written before
deadlines were recorded) is folded as it always was: the deadlines are
computed with the rules' calendar. `Clocks.decided` tells a command what to
record.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from gridgov.calendar import calendar_version
from gridgov.cases import deadlines as dl
from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import (
    CaseEvent,
    ClockEvent,
    RecordedDeadline,
    RevisedDeadline,
)
from gridgov.errors import IntegrityError, InvalidValueError

__all__ = ["Clocks", "set_deadlines"]


def set_deadlines(
    clock: dl.DeadlineClock, new: RecordedDeadline | RevisedDeadline
) -> dl.DeadlineClock:
    """Return *clock* with the deadlines *new* records (no calendar asked)."""
    return attrs.evolve(
        clock,
        original_deadline=new.original_deadline,
        current_deadline=new.current_deadline,
        warn_at=new.warn_at,
        calendar=new.calendar,
        provisional_years=new.provisional_years,
    )


def _recorded(clock: dl.DeadlineClock, version: str) -> RecordedDeadline:
    return RecordedDeadline(
        kind=clock.kind,
        limit=clock.limit,
        warn_at_percent=clock.warn_at_percent,
        original_deadline=clock.original_deadline,
        current_deadline=clock.current_deadline,
        warn_at=clock.warn_at,
        calendar=clock.calendar,
        calendar_version=version,
        provisional_years=clock.provisional_years,
    )


def _may_change(clock: dl.DeadlineClock, at: datetime) -> None:
    """The checks `gridgov.cases.deadlines.extend` and ``resume`` make first."""
    if clock.stopped_at is not None:
        raise dl.DeadlineClockError(
            f"the {clock.kind.value} clock stopped at {clock.stopped_at.isoformat()}; "
            "a stopped clock cannot change"
        )
    if at < clock.last_change:
        raise InvalidValueError(
            "at", f"an instant on or after {clock.last_change.isoformat()}", at
        )


class Clocks:
    """
    The deadline source of one event's fold.

    Args:
        rules: The rules the case is handled under (their calendar and time
            limits are read only for an event without recorded deadlines).
        event: The event being folded.
    """

    __slots__ = ("_computed", "_recorded", "consulted", "rules", "version")

    def __init__(self, rules: CaseRules, event: CaseEvent) -> None:
        self.rules = rules
        found = event.deadlines if isinstance(event, ClockEvent) else None
        self._recorded = None if found is None else {d.kind: d for d in found}
        self._computed: dict[dl.ClockKind, RecordedDeadline] = {}
        self.consulted = False
        """Whether a clock was started, extended or resumed (or a limit sought)."""
        self.version = ""
        """The calendar version of the last deadlines set ("" if none)."""

    @property
    def decided(self) -> tuple[RecordedDeadline, ...] | None:
        """
        What the event should record: the computed deadlines, response first.

        None when nothing was computed, or when the deadlines were recorded.
        """
        if self._recorded is not None or not self.consulted:
            return None
        return tuple(self._computed[k] for k in dl.ClockKind if k in self._computed)

    def _take(self, kind: dl.ClockKind, what: str) -> RecordedDeadline:
        assert self._recorded is not None  # noqa: S101 - callers check
        found = self._recorded.get(kind)
        if found is None:
            msg = f"the event {what} the {kind.value} clock but records no deadline"
            raise IntegrityError(msg)
        self.version = found.calendar_version
        return found

    def _note(self, clock: dl.DeadlineClock) -> dl.DeadlineClock:
        self.version = calendar_version(self.rules.calendar)
        self._computed[clock.kind] = _recorded(clock, self.version)
        return clock

    def start(
        self, case: Case, kind: dl.ClockKind, at: datetime
    ) -> dl.DeadlineClock | None:
        """Start clock *kind* at *at* (None when no limit applies)."""
        self.consulted = True
        if self._recorded is not None:
            new = self._recorded.get(kind)
            if new is None:  # the decision found no limit
                return None
            self.version = new.calendar_version
            return dl.DeadlineClock(
                kind=kind,
                limit=new.limit,
                started_at=at,
                calendar=new.calendar,
                warn_at_percent=new.warn_at_percent,
                original_deadline=new.original_deadline,
                current_deadline=new.current_deadline,
                warn_at=new.warn_at,
                provisional_years=new.provisional_years,
            )
        index = self.rules.limits
        if index is None:
            return None
        limit = index.limit(
            kind,
            category=case.category,
            urgency=case.urgency.value,
            level=case.level.value,
            step=case.state,
        )
        if limit is None:
            return None
        return self._note(
            dl.start(
                kind,
                limit,
                at=at,
                calendar=self.rules.calendar,
                warn_at_percent=index.table.warn_at_percent,
            )
        )

    def extend(
        self,
        clock: dl.DeadlineClock,
        days: int,
        *,
        at: datetime,
        approved_by: str,
        reason: str,
    ) -> dl.DeadlineClock:
        """Add an approved extension (延期) of *days* working days."""
        self.consulted = True
        if self._recorded is None:
            return self._note(
                dl.extend(
                    clock,
                    days,
                    at=at,
                    calendar=self.rules.calendar,
                    approved_by=approved_by,
                    reason=reason,
                )
            )
        _may_change(clock, at)
        ext = dl.Extension(days, at, approved_by, reason)
        moved = attrs.evolve(clock, extensions=(*clock.extensions, ext))
        return set_deadlines(moved, self._take(clock.kind, "extends"))

    def resume(self, clock: dl.DeadlineClock, *, at: datetime) -> dl.DeadlineClock:
        """End the open pause; the deadlines move by what it covered."""
        self.consulted = True
        if self._recorded is None:
            return self._note(dl.resume(clock, at=at, calendar=self.rules.calendar))
        _may_change(clock, at)
        if clock.paused_since is None:
            raise dl.DeadlineClockError(f"the {clock.kind.value} clock is not paused")
        closed = attrs.evolve(clock.pauses[-1], end=at)
        moved = attrs.evolve(clock, pauses=(*clock.pauses[:-1], closed))
        return set_deadlines(moved, self._take(clock.kind, "resumes"))
