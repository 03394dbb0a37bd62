"""
The Workspace's plumbing: journal, projections, commands and transactions.

Every command follows the same path:

1. catch up with the journal (`WorkspaceCore.refresh`: events other processes
   appended since we last read);
2. check its input against the projections and let the engine build the
   events (an engine that refuses raises, and nothing has changed);
3. apply the events to the projections (`gridgov.app.state.State.apply`);
4. append them to the journal in ONE atomic append — at the end of the
   command, or at the end of the enclosing `WorkspaceCore.transaction`.

If anything fails after step 3 (a journal error, an engine refusing midway
through a multi-event command, an exception inside a transaction), the
projections are rebuilt from the journal, so memory never holds what the
journal does not. If another process appended between our catch-up and our
append, the projections are rebuilt too, so they always equal a replay of the
journal.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime

from gridgov.app.config import WorkspaceConfig
from gridgov.app.state import State
from gridgov.domain.events import Event
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import IdempotencyConflictError, InvalidValueError
from gridgov.journal import Journal
from gridgov.journal.records import ChainHead, Verification
from gridgov.logs import get_logger
from gridgov.types import Clock

__all__ = ["WorkspaceCore"]

_log = get_logger("gridgov.app")


def _aware(name: str, at: object) -> datetime:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError(name, "a timezone-aware datetime", at)
    return at


class WorkspaceCore:
    """
    The journal, the projections and the command/transaction machinery.

    Args:
        config: The township's specs.
        journal: Where events are recorded (any `gridgov.journal.Journal`).
        clock: An optional clock for `now` (the engines never read it).
    """

    def __init__(
        self, config: WorkspaceConfig, journal: Journal, *, clock: Clock | None = None
    ) -> None:
        self.config = config
        self.journal = journal
        self.clock = clock
        self._state = State(config)
        self._pending: list[Event] = []
        self._depth = 0
        self._transactions = 0
        self._aborted = False
        started = time.perf_counter()
        count = self.refresh()
        _log.info(
            "Workspace %s on %r: replayed %d events in %.3f s",
            config.roster.name,
            journal,
            count,
            time.perf_counter() - started,
        )

    # -- reading the journal ------------------------------------------------------

    @property
    def state(self) -> State:
        """The projections (read them; change them only through commands)."""
        return self._state

    @property
    def position(self) -> int:
        """The journal sequence the projections have read up to."""
        return self._state.position

    def refresh(self) -> int:
        """Apply events appended by others since the last read; return how many."""
        if self._depth:
            return 0
        count = 0
        state = self._state
        for recorded in self.journal.read_all(after=state.position):
            state.apply(recorded.event)
            state.position = recorded.sequence
            count += 1
        return count

    def _rebuild(self) -> None:
        self._state = State(self.config)
        self._pending.clear()
        self.refresh()

    def verify(self, *, anchor: ChainHead | None = None) -> Verification:
        """Walk the journal's hash chain (see `gridgov.journal.Journal.verify`)."""
        return self.journal.verify(anchor=anchor)

    def now(self) -> datetime:
        """The clock's time (for hosts holding a clock; commands still take ``at``)."""
        if self.clock is None:
            raise InvalidValueError("clock", "a Clock given to the Workspace", None)
        return _aware("clock.now()", self.clock.now())

    def _day(self, on: date | None) -> date:
        if on is not None:
            return on
        return self.now().astimezone(CHINA_TZ).date()

    # -- writing --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """
        Group commands into one atomic journal append.

        Inside the block every command updates the projections at once (later
        commands see earlier ones); the events reach the journal together when
        the block ends. If the block raises, nothing is appended and the
        projections are rebuilt from the journal.
        """
        if self._depth == 0:
            self.refresh()
            self._aborted = False
        self._depth += 1
        self._transactions += 1
        state = self._state
        try:
            yield
        except BaseException:
            self._depth -= 1
            self._transactions -= 1
            self._abort(state)
            if not self._transactions:
                self._aborted = False  # the error itself reports the failure
            raise
        self._depth -= 1
        self._transactions -= 1
        if self._depth == 0:
            if self._aborted:
                self._aborted = False
                raise InvalidValueError(
                    "transaction", "no failed command inside it", "a command failed"
                )
            self._flush()

    @contextmanager
    def _command(self) -> Iterator[None]:
        """Run one command: catch up, then flush (or roll back) at the end."""
        if self._aborted:
            raise InvalidValueError(
                "transaction", "a transaction without a failed command", "aborted"
            )
        if self._depth == 0:
            self.refresh()
        state, mark = self._state, self._state.changed
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if state.changed != mark:
                self._abort(state)
            raise
        self._depth -= 1
        if self._depth == 0:
            self._flush()

    def _abort(self, state: State) -> None:
        """Roll back to the journal (once: *state* is what the failed block saw)."""
        if self._transactions:
            self._aborted = True
        if self._state is state:
            _log.debug("a command failed: projections rebuilt from the journal")
            self._rebuild()
        elif self._depth == 0:
            self._pending.clear()

    def _emit(self, events: Sequence[Event]) -> None:
        """Apply *events* to the projections and queue them for the journal."""
        for event in events:
            if self._state.apply(event):
                self._pending.append(event)

    def _flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        before = self._state.position
        try:
            recorded = self.journal.append(batch)
        except BaseException:
            self._rebuild()
            raise
        fresh = [r.sequence for r in recorded if r.sequence > before]
        if _log.isEnabledFor(logging.DEBUG):  # the type list costs a set per batch
            _log.debug(
                "appended %d of %d events (%s)",
                len(fresh),
                len(batch),
                ", ".join(sorted({e.type_name for e in batch})),
            )
        if fresh and fresh[0] != before + 1:
            # Another process appended in between: replay to hold exactly the journal.
            _log.info(
                "another writer appended events %d to %d: rebuilding from the journal",
                before + 1,
                fresh[0] - 1,
            )
            self._rebuild()
            return
        self._state.position = max([before, *fresh])

    def _replayed(
        self, stream: str, key: str, kind: type[Event], candidate: Event | None = None
    ) -> Event | None:
        """
        Answer a retried command: the event already recorded under its key.

        With *candidate* (the event this call would record), the recorded one
        must be the same fact: same key and payload give the original back.

        Raises:
            IdempotencyConflictError: The key was used for another kind of
                event, or for a different payload.
        """
        prior = self._state.seen(stream, key)
        if prior is None:
            return None
        if not isinstance(prior, kind):
            raise IdempotencyConflictError(key, detail=f"it recorded {prior.type_name}")
        if candidate is not None and prior != candidate:
            raise IdempotencyConflictError(
                key, detail=f"it recorded a different {prior.type_name}"
            )
        _log.debug("key %s already recorded: answered with %s", key, prior.type_name)
        return prior

    def close(self) -> None:
        """Close the journal."""
        self.journal.close()
