"""
The `Journal` protocol (事件日志): what every store offers, whatever it runs on.

A journal is append-only. Each recorded event has a global ``sequence``
(1, 2, 3 … without gaps), a ``version`` within its stream, and a hash linking it
to the event before. Appends are atomic: all the events of one call are recorded,
or none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

from gridgov.domain.events import Event
from gridgov.journal.records import (
    ChainHead,
    JournalTownship,
    RecordedEvent,
    Verification,
)

__all__ = ["Journal"]


@runtime_checkable
class Journal(Protocol):
    """
    An append-only, hash-chained event journal.

    Implemented by `MemoryJournal`, `SqliteJournal` and `PostgresJournal`;
    `gridgov.testing.journal_contract.JournalContract` checks any implementation.
    """

    def append(
        self,
        events: Sequence[Event],
        *,
        expected_version: int | None = None,
        expect: Mapping[str, int] | None = None,
    ) -> tuple[RecordedEvent, ...]:
        """
        Record *events* atomically; return one record per event, in order.

        Args:
            events: The events to record (any streams unless a version is expected).
            expected_version: If given, every event must be of one stream and that
                stream must be at this version (0: not yet started), else nothing
                is written (optimistic concurrency, 乐观并发).
            expect: Stream versions the append depends on, ``{stream: version}``:
                each stream must be at exactly its version (0: no events yet)
                when the events are written, whether or not the append writes
                to it (a decision may rest on a stream it only read), else
                nothing is written. Checked under the store's write lock, after
                ``expected_version``, in the mapping's order. May be combined
                with ``expected_version``, and with batches across streams.

        Returns:
            A record per event. An event whose stream and key are already recorded
            with the same payload is not written again: its original record is
            returned (idempotent retry, 幂等重试). When every event is such a
            retry, nothing is written and no version is checked.

        Raises:
            WrongVersionError: (a ``ConcurrencyError``) a stream moved on: the
                first one checked that is not at its expected version, with the
                version expected and the actual one.
            IdempotencyConflictError: a stream and key reused with another payload.
            InvalidValueError: not an event, or one that does not serialise
                losslessly; a bad ``expected_version``; ``expect`` not a mapping
                of non-empty stream names to integers >= 0 (named
                ``expect[...]``).
            StoreError: the store could not be written (nothing was).
        """
        ...

    def read_stream(
        self, stream: str, *, from_version: int = 1
    ) -> Iterator[RecordedEvent]:
        """Yield the events of *stream* in version order, from *from_version*."""
        ...

    def read_all(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[RecordedEvent]:
        """Yield events in sequence order after global position *after*."""
        ...

    def read_types(
        self, types: Iterable[type[Event] | str], *, after: int = 0
    ) -> Iterator[RecordedEvent]:
        """Yield events of the given types (classes or names) after *after*."""
        ...

    def stream_version(self, stream: str) -> int:
        """Return the stream's current version (0 if it has no events)."""
        ...

    def head(self) -> ChainHead:
        """Return the last link of the chain (sequence 0 when empty)."""
        ...

    def verify(
        self, *, anchor: ChainHead | str | None = None, expect_count: int | None = None
    ) -> Verification:
        """
        Walk the whole chain; report the first broken link, if any.

        Never raises on damaged data and writes nothing.

        Args:
            anchor: A head published earlier (`ChainHead`) or just its hash:
                the chain must still contain that link (and reach that far).
            expect_count: The journal must hold at least this many events.
        """
        ...

    def township(self) -> JournalTownship | None:
        """Return the township the journal records, or None if it records none."""
        ...

    def record_township(self, township: JournalTownship) -> JournalTownship:
        """
        Record which township the journal belongs to; return what it records.

        Name, code and specs digest are written once (the first call on a
        journal recording none); later calls for the same township return that
        record and update only its specs directory, when given.

        Raises:
            WrongTownshipError: The journal records another township.
        """
        ...

    def close(self) -> None:
        """Release the store's connection (idempotent)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
