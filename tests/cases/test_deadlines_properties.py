"""Deadline clocks: pauses and extensions never shorten; status is monotonic."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from gridgov.calendar import ChinaCalendar, compute_deadlines
from gridgov.cases.deadlines import (
    ClockKind,
    DeadlineClock,
    DeadlineStatus,
    Limit,
    LimitUnit,
    Outcome,
    extend,
    outcome,
    pause,
    resume,
    start,
    status,
    stop,
)
from gridgov.domain.spans import CHINA_TZ
from gridgov.io import make_converter, structure, unstructure

CAL = ChinaCalendar()
CONV = make_converter()  # one per module: building a converter costs milliseconds
ORDER = {DeadlineStatus.GREEN: 0, DeadlineStatus.YELLOW: 1, DeadlineStatus.RED: 2}

# Starts in 2016–2024 keep every deadline, extension and pause inside published years.
instants = st.builds(
    lambda d, minutes: (
        datetime(d.year, d.month, d.day, tzinfo=CHINA_TZ) + timedelta(minutes=minutes)
    ),
    st.dates(min_value=date(2016, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
limits = st.builds(
    Limit,
    st.integers(min_value=1, max_value=40),
    st.sampled_from(list(LimitUnit)),
)
gaps = st.integers(min_value=0, max_value=20 * 24 * 60).map(
    lambda m: timedelta(minutes=m)
)


def started(limit: Limit, at: datetime) -> DeadlineClock:
    return start(ClockKind.RESOLUTION, limit, at=at, calendar=CAL)


@given(limits, instants)
def test_deadline_order(limit: Limit, at: datetime) -> None:
    """start <= warning instant <= deadline, and original == current at the start."""
    c = started(limit, at)
    assert c.started_at <= c.warn_at <= c.current_deadline
    assert c.original_deadline == c.current_deadline


@given(limits, instants, gaps, gaps)
def test_pauses_never_shorten(
    limit: Limit, at: datetime, a: timedelta, b: timedelta
) -> None:
    """Pausing and resuming never moves the deadline or the warning earlier."""
    c = started(limit, at)
    r = resume(pause(c, at=at + a), at=at + a + b, calendar=CAL)
    assert r.current_deadline >= c.current_deadline
    assert r.warn_at >= c.warn_at
    assert r.original_deadline == c.original_deadline


@given(limits, instants, gaps, st.integers(min_value=1, max_value=10))
def test_extensions_never_shorten(
    limit: Limit, at: datetime, a: timedelta, n: int
) -> None:
    """An extension moves the deadline strictly later and keeps the original."""
    c = started(limit, at)
    e = extend(c, n, at=at + a, calendar=CAL)
    assert e.current_deadline > c.current_deadline
    assert e.original_deadline == c.original_deadline


@given(limits, instants, gaps, gaps)
def test_status_is_monotonic_in_time(
    limit: Limit, at: datetime, a: timedelta, b: timedelta
) -> None:
    """For a running clock the colour never goes back from red to yellow or green."""
    c = started(limit, at)
    early, late = sorted((at + a, at + b))
    assert ORDER[status(c, early)] <= ORDER[status(c, late)]


@given(limits, instants, gaps)
def test_outcome_agrees_with_status_at_stop(
    limit: Limit, at: datetime, a: timedelta
) -> None:
    """A stopped clock is late exactly when it was red at the moment it stopped."""
    c = stop(started(limit, at), at=at + a)
    late = outcome(c) is Outcome.LATE
    assert late == (status(c, at + a) is DeadlineStatus.RED)


class ClockMachine(RuleBasedStateMachine):
    """Random pauses, resumes, extensions and a stop, in time order."""

    @initialize(limit=limits, at=instants)
    def begin(self, limit: Limit, at: datetime) -> None:
        self.clock = started(limit, at)
        self.now = at
        self.first_deadline = self.clock.current_deadline
        self.last_deadline = self.clock.current_deadline

    def _advance(self, gap: timedelta) -> datetime:
        self.now += gap
        return self.now

    @precondition(lambda self: self.clock.stopped_at is None)
    @rule(gap=gaps)
    def toggle_pause(self, gap: timedelta) -> None:
        when = self._advance(gap)
        if self.clock.paused_since is None:
            self.clock = pause(self.clock, at=when)
        else:
            self.clock = resume(self.clock, at=when, calendar=CAL)

    @precondition(lambda self: self.clock.stopped_at is None)
    @rule(gap=gaps, days=st.integers(min_value=1, max_value=5))
    def approve_extension(self, gap: timedelta, days: int) -> None:
        self.clock = extend(self.clock, days, at=self._advance(gap), calendar=CAL)

    @precondition(lambda self: self.clock.stopped_at is None)
    @rule(gap=gaps)
    def finish(self, gap: timedelta) -> None:
        self.clock = stop(self.clock, at=self._advance(gap))

    @rule(gap=gaps)
    def look(self, gap: timedelta) -> None:
        # Observing never changes the clock; a stopped clock's colour is fixed.
        colour = status(self.clock, self.now + gap)
        if self.clock.stopped_at is not None:
            assert colour is status(self.clock, self.clock.stopped_at)

    @invariant()
    def deadline_never_moves_earlier(self) -> None:
        assert self.clock.current_deadline >= self.last_deadline
        assert self.clock.original_deadline == self.first_deadline
        self.last_deadline = self.clock.current_deadline

    @invariant()
    def facts_replay_to_the_same_deadlines(self) -> None:
        c = self.clock
        again = compute_deadlines(
            c.limit,
            started_at=c.started_at,
            calendar=CAL,
            extension_days=sum(e.days for e in c.extensions),
            pauses=[(p.start, p.end) for p in c.pauses if p.end is not None],
        )
        assert (again.original, again.current, again.warn_at) == (
            c.original_deadline,
            c.current_deadline,
            c.warn_at,
        )

    @invariant()
    def outcome_only_when_stopped(self) -> None:
        assert (outcome(self.clock) is None) == (self.clock.stopped_at is None)

    @invariant()
    def round_trips(self) -> None:
        data = unstructure(self.clock, converter=CONV)
        assert structure(data, DeadlineClock, converter=CONV) == self.clock


ClockMachine.TestCase.settings = settings(stateful_step_count=12)
TestClockMachine = ClockMachine.TestCase
