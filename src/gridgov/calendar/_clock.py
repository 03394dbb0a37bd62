"""
Deadline clocks (计时器): pure values that time one step against a `Limit`.

A `DeadlineClock` keeps the facts (start, approved extensions, pauses, stop)
and the deadlines `compute_deadlines` derives from them: the original
deadline, the current one and the instant the warning share is reached.
`start`, `extend`, `pause`, `resume` and `stop` return new clocks; `status`
(green/yellow/red) is computed from ``as_of`` and never stored, and `outcome`
(on time or late) is fixed once the clock stops. The public home of these
names is `gridgov.cases.deadlines`; see docs/deadlines.md.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from gridgov.calendar._base import check_instant
from gridgov.calendar._limits import Limit, compute_deadlines, is_positive_int
from gridgov.errors import GridgovError, InvalidValueError
from gridgov.types import WorkCalendar

__all__ = [
    "ClockKind",
    "DeadlineClock",
    "DeadlineClockError",
    "DeadlineStatus",
    "Extension",
    "Outcome",
    "Pause",
    "extend",
    "is_percent",
    "outcome",
    "pause",
    "recompute",
    "resume",
    "start",
    "status",
    "stop",
]


class DeadlineClockError(GridgovError, ValueError):
    """A clock operation does not fit the clock's state (resume a running clock)."""


class _Labelled(enum.Enum):
    @property
    def zh(self) -> str:
        """Chinese label."""
        return _ZH[self.value]


class ClockKind(_Labelled):
    """Which clock: taking the case on (签收) or finishing it (办结)."""

    RESPONSE = "response"
    RESOLUTION = "resolution"


class DeadlineStatus(_Labelled):
    """Traffic light of a clock at an instant (computed, never stored)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


class Outcome(_Labelled):
    """How a stopped clock ended."""

    ON_TIME = "on_time"
    LATE = "late"


_ZH = {
    "response": "签收",
    "resolution": "办结",
    "green": "正常",
    "yellow": "预警",
    "red": "超时",
    "on_time": "按期",
    "late": "超期",
}


def _positive(_inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    if not is_positive_int(value):
        raise InvalidValueError(attribute.name, "an integer >= 1", value)


def is_percent(value: object) -> bool:
    """Whether *value* is an integer share from 1 to 99."""
    return is_positive_int(value) and value < 100  # noqa: PLR2004


@attrs.frozen
class Extension:
    """An approved extension (延期): *days* working days added at *approved_at*."""

    days: int = attrs.field(validator=_positive)
    approved_at: datetime
    approved_by: str = ""
    reason: str = ""


@attrs.frozen
class Pause:
    """A paused interval (挂起) ``[start, end)``; ``end`` is None while paused."""

    start: datetime
    end: datetime | None = None
    reason: str = ""


@attrs.frozen(kw_only=True)
class DeadlineClock:
    """
    One running or stopped clock; build it with `start`, change it with the functions.

    Attributes:
        kind: Response (签收) or resolution (办结).
        limit: The limit the clock started with.
        started_at: When it started.
        calendar: ``describe()`` of the calendar that computed the deadlines.
        warn_at_percent: Share of the limit that turns the clock yellow.
        original_deadline: The deadline before any extension or pause (原定时限).
        current_deadline: The deadline now (current 时限).
        warn_at: The instant the clock turns yellow.
        extensions: Approved extensions, oldest first.
        pauses: Paused intervals, oldest first; the last may be open.
        stopped_at: When the clock stopped, or None while running.
        provisional_years: Years without a holiday notice whose estimated
            working days the deadlines rest on (暂定); empty normally.
    """

    kind: ClockKind
    limit: Limit
    started_at: datetime
    calendar: str
    warn_at_percent: int = 80
    original_deadline: datetime
    current_deadline: datetime
    warn_at: datetime
    extensions: tuple[Extension, ...] = ()
    pauses: tuple[Pause, ...] = ()
    stopped_at: datetime | None = None
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        """Whether its deadlines rest on a provisional year (暂定)."""
        return bool(self.provisional_years)

    @property
    def paused_since(self) -> datetime | None:
        """Start of the open pause, or None when the clock is not paused."""
        if self.pauses and self.pauses[-1].end is None:
            return self.pauses[-1].start
        return None

    @property
    def last_change(self) -> datetime:
        """The latest instant recorded in the clock; operations may not go before it."""
        times = [self.started_at, *(e.approved_at for e in self.extensions)]
        for p in self.pauses:
            times += [p.start] if p.end is None else [p.start, p.end]
        return max([*times, *([self.stopped_at] if self.stopped_at else [])])


def _derive(clock: DeadlineClock, calendar: WorkCalendar) -> DeadlineClock:
    """Recompute the deadlines of *clock* from its facts."""
    found = compute_deadlines(
        clock.limit,
        started_at=clock.started_at,
        calendar=calendar,
        extension_days=sum(e.days for e in clock.extensions),
        pauses=[(p.start, p.end) for p in clock.pauses if p.end is not None],
        warn_at_percent=clock.warn_at_percent,
    )
    return attrs.evolve(
        clock,
        calendar=calendar.describe(),
        original_deadline=found.original,
        current_deadline=found.current,
        warn_at=found.warn_at,
        provisional_years=found.provisional_years,
    )


def _check_at(clock: DeadlineClock, at: object) -> datetime:
    if clock.stopped_at is not None:
        raise DeadlineClockError(
            f"the {clock.kind.value} clock stopped at {clock.stopped_at.isoformat()}; "
            "a stopped clock cannot change"
        )
    when = check_instant("at", at)
    if when < clock.last_change:
        raise InvalidValueError(
            "at", f"an instant on or after {clock.last_change.isoformat()}", at
        )
    return when


def start(
    kind: ClockKind,
    limit: Limit,
    *,
    at: datetime,
    calendar: WorkCalendar,
    warn_at_percent: int = 80,
) -> DeadlineClock:
    """
    Start a clock of *kind* with *limit* at *at*.

    >>> from gridgov.calendar import ChinaCalendar, LimitUnit
    >>> from gridgov.domain.spans import CHINA_TZ
    >>> clock = start(
    ...     ClockKind.RESOLUTION,
    ...     Limit(3, LimitUnit.WORKING_DAYS),
    ...     at=datetime(2026, 9, 29, 10, 0, tzinfo=CHINA_TZ),
    ...     calendar=ChinaCalendar(),
    ... )
    >>> print(clock.current_deadline)  # 9-30, then 国庆 10-01..07, then 10-08, 10-09
    2026-10-10 00:00:00+08:00
    """
    if not isinstance(kind, ClockKind):
        raise InvalidValueError("kind", "a ClockKind", kind)
    if not isinstance(limit, Limit):
        raise InvalidValueError("limit", "a Limit", limit)
    if not is_percent(warn_at_percent):
        raise InvalidValueError(
            "warn_at_percent", "an integer from 1 to 99", warn_at_percent
        )
    when = check_instant("at", at)
    blank = DeadlineClock(
        kind=kind,
        limit=limit,
        started_at=when,
        calendar="",
        warn_at_percent=warn_at_percent,
        original_deadline=when,
        current_deadline=when,
        warn_at=when,
    )
    return _derive(blank, calendar)


def extend(
    clock: DeadlineClock,
    days: int,
    *,
    at: datetime,
    calendar: WorkCalendar,
    approved_by: str = "",
    reason: str = "",
) -> DeadlineClock:
    """Add an approved extension (延期) of *days* working days; keeps the original."""
    when = _check_at(clock, at)
    _positive(None, attrs.fields(Extension).days, days)
    ext = Extension(days, when, approved_by, reason)
    return _derive(attrs.evolve(clock, extensions=(*clock.extensions, ext)), calendar)


def pause(clock: DeadlineClock, *, at: datetime, reason: str = "") -> DeadlineClock:
    """Pause the clock (挂起); time until `resume` does not count."""
    when = _check_at(clock, at)
    if clock.paused_since is not None:
        raise DeadlineClockError(
            f"the {clock.kind.value} clock is already paused "
            f"since {clock.paused_since.isoformat()}"
        )
    return attrs.evolve(clock, pauses=(*clock.pauses, Pause(when, None, reason)))


def resume(
    clock: DeadlineClock, *, at: datetime, calendar: WorkCalendar
) -> DeadlineClock:
    """End the open pause and move the deadlines by what it covered."""
    when = _check_at(clock, at)
    since = clock.paused_since
    if since is None:
        raise DeadlineClockError(f"the {clock.kind.value} clock is not paused")
    closed = attrs.evolve(clock.pauses[-1], end=when)
    return _derive(attrs.evolve(clock, pauses=(*clock.pauses[:-1], closed)), calendar)


def recompute(clock: DeadlineClock, *, calendar: WorkCalendar) -> DeadlineClock:
    """
    Recompute the deadlines of *clock* from its facts with another *calendar*.

    Start, limit, extensions and pauses stay; the deadlines, the warning
    instant, the calendar description and the provisional years are those
    *calendar* gives. For a deadline that rested on a provisional year, once
    the year's notice is known (see `gridgov.cases.revise_deadlines`).
    """
    if not isinstance(clock, DeadlineClock):
        raise InvalidValueError("clock", "a DeadlineClock", clock)
    return _derive(clock, calendar)


def stop(clock: DeadlineClock, *, at: datetime) -> DeadlineClock:
    """
    Stop the clock at *at*: the step it timed is done; `outcome` is now fixed.

    Stopping a paused clock stops it at *at*; its open pause stays open, so the
    time since the pause began does not count.
    """
    when = _check_at(clock, at)
    return attrs.evolve(clock, stopped_at=when)


def _effective(clock: DeadlineClock, as_of: datetime) -> datetime:
    t = as_of
    if clock.stopped_at is not None:
        t = min(t, clock.stopped_at)
    if (since := clock.paused_since) is not None:
        t = min(t, since)
    return t


def status(clock: DeadlineClock, as_of: datetime) -> DeadlineStatus:
    """
    Traffic light at *as_of*: green, yellow from the warning share, red when late.

    A paused clock keeps the colour it had when paused; a stopped clock the
    colour it had when stopped.
    """
    t = _effective(clock, check_instant("as_of", as_of))
    if t > clock.current_deadline:
        return DeadlineStatus.RED
    if t >= clock.warn_at:
        return DeadlineStatus.YELLOW
    return DeadlineStatus.GREEN


def outcome(clock: DeadlineClock) -> Outcome | None:
    """On time (stopped at or before the deadline) or late; None while running."""
    if clock.stopped_at is None:
        return None
    done = _effective(clock, clock.stopped_at)
    return Outcome.LATE if done > clock.current_deadline else Outcome.ON_TIME
