"""
The one path from a command to the journal (the unit of work, 工作单元).

Every command — from a Workspace method, a scoped view, the CLI or a web
handler — runs here, under the Workspace's lock:

1. **catch up**: fold the events other processes appended since the state's
   position (only those: never a full replay);
2. **answer a retry**: if the command's subject already holds a request under
   its key, answer from the state (same payload) or refuse
   (`IdempotencyConflictError`, naming the key and what differs);
3. **decide**: the command's handler checks it against the state and returns
   the events to record and the streams it read; a refusal raises and nothing
   has changed; a decision with nothing to record appends nothing;
4. **append** the request record and the events in one atomic append that
   expects every stream the decision read or writes at the version the state
   holds (optimistic concurrency, 乐观并发);
5. **apply** the events to the projections, only after the journal
   acknowledged them.

If another process changed one of those streams in between, the journal says
so (`ConcurrencyError`); the unit of work folds just the new events and
decides again, up to `MAX_ATTEMPTS` times. A command no longer allowed (the
case was voided meanwhile) is then refused exactly as if it had come second
in one process — so an event the fold would refuse is never appended.

Inside `UnitOfWork.transaction` the commands of a block are decided one after
another on a fork of the state (`State.fork`) with the block's earlier events
applied, and appended together when the block ends, expecting every stream
any of them read at the version it had when the block began. A dropped block
leaves the state as it was (the fork is forgotten); a committed one is merged
back, or — when another process appended in between — the new events are
folded in journal order. Nothing is ever replayed from the start.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from gridgov.app.commands._base import (
    RESERVED_KEY_PREFIX,
    Command,
    Decision,
    Handler,
)
from gridgov.app.config import WorkspaceConfig
from gridgov.app.doctor import fold_refusal, set_aside_sequences
from gridgov.app.events import EventSetAside
from gridgov.app.requests import (
    RequestRecorded,
    check_same_request,
    request_record,
)
from gridgov.app.state import State
from gridgov.domain.events import Event
from gridgov.errors import (
    ConcurrencyError,
    IdempotencyConflictError,
    IntegrityError,
    InvalidValueError,
)
from gridgov.journal import Journal
from gridgov.journal.records import RecordedEvent
from gridgov.logs import get_logger

__all__ = ["MAX_ATTEMPTS", "FoldError", "UnitOfWork"]

_log = get_logger("gridgov.app")

R = TypeVar("R")

MAX_ATTEMPTS = 8
"""How many times a command is decided again after another writer got in first."""


class FoldError(IntegrityError):
    """
    The journal holds an event the Workspace's fold refuses (折叠失败).

    Raised when opening or catching up reaches such an event (written by an
    earlier version of gridgov, or by hand). `gridgov doctor` reports it.

    Attributes:
        sequence: The event's position in the journal.
        stream: Its stream.
        type_name: Its type.
        reason: Why the fold refused it.
    """

    def __init__(self, recorded: RecordedEvent, reason: str) -> None:
        event = recorded.event
        self.sequence = recorded.sequence
        self.stream = event.stream
        self.type_name = event.type_name
        self.reason = reason
        super().__init__(
            f"event {recorded.sequence} ({event.type_name} on {event.stream!r}, "
            f"key {event.key!r}) cannot be folded: {reason}. `gridgov doctor` "
            "lists every such event; `gridgov doctor --set-aside SEQUENCE` (or "
            "gridgov.app.doctor.set_aside) records that the fold skips it"
        )


class _Block:
    """An open transaction: the state it began on, its events, its expectations."""

    def __init__(self, main: State) -> None:
        self.main = main
        self.commits = main.ledger.commits
        self.events: list[Event] = []
        self.expect: dict[str, int] = {}
        self.written: Counter[str] = Counter()
        self.failed = False


class UnitOfWork:
    """
    A journal, the state folded from it, and the lock that keeps them in step.

    Args:
        config: The township's specs.
        journal: Where events are recorded.
        handlers: The handler of every command kind.
    """

    def __init__(
        self,
        config: WorkspaceConfig,
        journal: Journal,
        handlers: Mapping[type[Command[Any]], Handler[Any, Any]],
    ) -> None:
        self.config = config
        self.journal = journal
        self.handlers = handlers
        self.lock = threading.RLock()
        self.state = State(config)
        self._block: _Block | None = None
        self._skip: set[int] | None = None

    # -- reading the journal ----------------------------------------------------

    def catch_up(self) -> int:
        """Fold the events appended since the state's position; return how many."""
        with self.lock:
            if self._block is not None:
                return 0  # a transaction decides on the state it began with
            return self._fold(self.journal.read_all(after=self.state.position))

    def _fold(self, records: Iterator[RecordedEvent] | Sequence[RecordedEvent]) -> int:
        state = self.state
        if self._skip is None:
            self._skip = set(set_aside_sequences(self.journal))
        count = 0
        for recorded in records:
            if recorded.sequence <= state.position:
                continue
            event = recorded.event
            if isinstance(event, EventSetAside):
                self._skip.add(event.sequence)
            if recorded.sequence in self._skip:
                state.pass_over(event)
            else:
                self._apply_one(recorded)
            state.position = recorded.sequence
            count += 1
        return count

    def _apply_one(self, recorded: RecordedEvent) -> None:
        try:
            self.state.apply(recorded.event)
        except Exception as exc:
            reason = fold_refusal(exc)
            if reason is None:
                raise
            # Set aside by another process since we last looked?
            self._skip = set(set_aside_sequences(self.journal))
            if recorded.sequence not in self._skip:
                raise FoldError(recorded, reason) from exc
            self.state.pass_over(recorded.event)

    # -- commands ---------------------------------------------------------------

    def execute(self, command: Command[R]) -> R:
        """
        Run *command* (see the module docs); return its result.

        Raises:
            GridgovError: The command is refused (its own error), its key was
                used for another request (`IdempotencyConflictError`), or other
                writers kept changing what it reads (`ConcurrencyError`, after
                `MAX_ATTEMPTS`).
        """
        handler = self._handler(command)
        if command.request_key.startswith(RESERVED_KEY_PREFIX):
            raise InvalidValueError(
                "key",
                f"a key not starting with {RESERVED_KEY_PREFIX!r} (gridgov's own)",
                command.request_key,
            )
        with self.lock:
            if self._block is not None:
                return self._execute_in_block(command, handler, self._block)
            for attempt in range(1, MAX_ATTEMPTS + 1):
                self.catch_up()
                prior = self.state.request(command.subject, command.request_key)
                if prior is not None:
                    return self._answer_retry(command, handler, prior)
                decision = self._decide(command, handler)
                if not decision.events:
                    return handler.answer(command, self.state, decision.refs)
                events = (request_record(command, decision.refs), *decision.events)
                expect = self._expectations(decision, events)
                if self._append(events, expect, decision, attempt):
                    return handler.answer(command, self.state, decision.refs)
            raise ConcurrencyError(
                f"{type(command).__name__} on {command.subject}: other writers "
                f"changed what it reads {MAX_ATTEMPTS} times running; try again"
            )

    def _answer_retry(
        self, command: Command[R], handler: Handler[Any, R], prior: RequestRecorded
    ) -> R:
        """The same request again: the original result, or a conflict."""
        check_same_request(prior, command)
        _log.debug(
            "key %s already recorded on %s: answered with the %s it recorded",
            prior.key,
            command.subject,
            prior.command,
        )
        return handler.answer(command, self.state, prior.refs)

    def _handler(self, command: Command[R]) -> Handler[Any, R]:
        handler: Handler[Any, R] | None = self.handlers.get(type(command))
        if handler is None:
            raise InvalidValueError(
                "command", "a gridgov.app.commands command", type(command).__name__
            )
        return handler

    def _decide(self, command: Command[Any], handler: Handler[Any, Any]) -> Decision:
        commits = self.state.ledger.commits
        try:
            return handler.decide(command, self.state)
        except BaseException:
            if self.state.ledger.commits != commits:
                self.state.restore_points()
            raise

    def _expectations(
        self, decision: Decision, events: Sequence[Event]
    ) -> dict[str, int]:
        state = self.state
        streams = {*decision.reads, *(e.stream for e in events)}
        return {s: state.version(s) for s in sorted(streams)}

    def _append(
        self,
        events: Sequence[Event],
        expect: Mapping[str, int],
        decision: Decision,
        attempt: int,
    ) -> bool:
        """Append and apply; False when another writer got in first."""
        try:
            recorded = self.journal.append(events, expect=expect)
        except (ConcurrencyError, IdempotencyConflictError) as exc:
            if decision.points:
                self.state.restore_points()
            if isinstance(exc, IdempotencyConflictError) and not self.catch_up():
                raise  # not explained by anything another writer did
            _log.info("attempt %d: another writer got in first (%s)", attempt, exc)
            return False
        except BaseException:
            if decision.points:
                self.state.restore_points()
            raise
        self._apply_recorded(recorded)
        if _log.isEnabledFor(logging.DEBUG):  # the type list costs a set per batch
            _log.debug(
                "appended %d events (%s)",
                len(events),
                ", ".join(sorted({e.type_name for e in events})),
            )
        return True

    def _apply_recorded(self, recorded: Sequence[RecordedEvent]) -> None:
        state = self.state
        fresh = [r for r in recorded if r.sequence > state.position]
        start = state.position + 1
        if [r.sequence for r in fresh] == list(range(start, start + len(fresh))):
            self._fold(fresh)
            return
        # Another process appended in between: fold its events and ours in order.
        _log.info("another writer appended before us: catching up from %d", start)
        self.catch_up()

    # -- transactions -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group commands into one atomic append (see the module docs)."""
        with self.lock:
            if self._block is not None:
                yield  # nested: part of the enclosing block
                return
            self.catch_up()
            main = self.state
            block = self._block = _Block(main)
            self.state = main.fork()
            try:
                yield
            except BaseException:
                self._block = None
                self._drop(block)
                raise
            self._block = None
            if block.failed:
                self._drop(block)
                raise InvalidValueError(
                    "transaction", "no failed command inside it", "a command failed"
                )
            self._commit(block)

    def _execute_in_block(
        self, command: Command[R], handler: Handler[Any, R], block: _Block
    ) -> R:
        if block.failed:
            raise InvalidValueError(
                "transaction", "a transaction without a failed command", "aborted"
            )
        state = self.state
        prior = state.request(command.subject, command.request_key)
        if prior is not None:
            return self._answer_retry(command, handler, prior)
        decision = self._decide(command, handler)
        if not decision.events:
            return handler.answer(command, state, decision.refs)
        events = (request_record(command, decision.refs), *decision.events)
        for stream, version in self._expectations(decision, events).items():
            block.expect.setdefault(stream, version - block.written[stream])
        try:
            for event in events:
                if state.apply(event):
                    block.events.append(event)
                    block.written[event.stream] += 1
        except BaseException:
            block.failed = True
            raise
        return handler.answer(command, state, decision.refs)

    def _commit(self, block: _Block) -> None:
        if not block.events:
            self._drop(block)
            return
        main, fork = block.main, self.state
        try:
            recorded = self.journal.append(block.events, expect=block.expect)
        except BaseException:
            self._drop(block)
            raise
        before = main.position
        fresh = [r.sequence for r in recorded if r.sequence > before]
        if fresh == list(range(before + 1, before + 1 + len(fresh))):
            fork.position = max([before, *fresh])
            main.merge(fork)
            self.state = main
            return
        # Another process appended to other streams first: fold its events and
        # ours from the journal, in the journal's order (only the new ones).
        _log.info("another writer appended before the transaction: catching up")
        self._drop(block)
        self.catch_up()

    def _drop(self, block: _Block) -> None:
        """Forget the block's fork; put the ledger back if the block touched it."""
        main, fork = block.main, self.state
        self.state = main
        if fork.ledger is not main.ledger or main.ledger.commits != block.commits:
            _log.debug("transaction dropped: points restored from memory")
            main.restore_points()
