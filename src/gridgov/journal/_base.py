"""
The behaviour the three stores share: argument checks, paging, decoding, verify.

A store subclasses `JournalBase` and supplies the primitives: write one plan in a
transaction, fetch a page of rows, read a stream's version and the chain head,
read and record the township the journal belongs to.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Self

import cattrs

from gridgov.domain.events import Event
from gridgov.errors import ConcurrencyError, GridgovError, InvalidValueError
from gridgov.journal._append import (
    AppendPlan,
    Expectations,
    check_expect,
    check_expected_version,
    is_count,
)
from gridgov.journal.chain import (
    Anchor,
    EventCodec,
    check_verify_args,
    is_hash,
    is_storable_name,
    verify_rows,
)
from gridgov.journal.errors import StoreError, WrongTownshipError
from gridgov.journal.records import (
    ChainHead,
    DamagedRow,
    JournalTownship,
    RecordedEvent,
    StoredRow,
    Verification,
)
from gridgov.logs import get_logger

__all__ = [
    "PAGE_SIZE",
    "JournalBase",
    "StoreDamage",
    "merged_township",
    "translated",
]

_log = get_logger("gridgov.journal")

PAGE_SIZE = 1000
"""Rows fetched per query when reading. Reads never hold one long transaction;
``verify`` does (one read-only snapshot), so that what it walks is consistent."""

Fetch = Callable[[int, int], Sequence[StoredRow]]


class StoreDamage(Exception):  # noqa: N818 - internal signal, never escapes
    """
    A store's own data cannot be read (a corrupt page of a SQLite file).

    Raised by `JournalBase._verify_page`; ``verify`` reports it as the first
    broken link.
    """


def merged_township(
    recorded: JournalTownship | None, given: JournalTownship
) -> tuple[JournalTownship, bool]:
    """
    Return what a journal records when *given* is recorded, and whether to write.

    Nothing recorded: *given*. The same township (name and code): the recorded
    one, its digest kept, with *given*'s specs directory when it names one.
    Another township: the recorded one, unchanged (the caller refuses).
    """
    if recorded is None:
        return given, True
    if (
        recorded.same_township(given)
        and given.specs is not None
        and given.specs != recorded.specs
    ):
        return JournalTownship(
            recorded.name, recorded.code, recorded.specs_digest, given.specs
        ), True
    return recorded, False


def _check_township(township: object) -> JournalTownship:
    if not isinstance(township, JournalTownship):
        raise InvalidValueError("township", "a JournalTownship", township)
    for name in ("name", "code"):
        value: object = getattr(township, name)
        if not (isinstance(value, str) and is_storable_name(value)):
            raise InvalidValueError(f"township.{name}", "non-empty text", value)
    digest: object = township.specs_digest  # attrs does not check types
    if not is_hash(digest):
        raise InvalidValueError(
            "township.specs_digest", "a SHA-256 hex digest (64 digits)", digest
        )
    specs: object = township.specs
    if specs is not None and not (isinstance(specs, str) and is_storable_name(specs)):
        raise InvalidValueError("township.specs", "None or a directory path", specs)
    return township


def _count(name: str, value: int, minimum: int) -> int:
    if not is_count(value, minimum):
        raise InvalidValueError(name, f"an integer >= {minimum}", value)
    return value


def _type_names(types: Iterable[object]) -> tuple[str, ...]:
    names: list[str] = []
    for t in types:
        if isinstance(t, str):
            names.append(t)
        elif isinstance(t, type) and issubclass(t, Event):
            names.append(t.__name__)
        else:
            raise InvalidValueError("types[]", "an Event subclass or a type name", t)
    return tuple(sorted(set(names)))


def _as_batch(events: object) -> list[Event]:
    if isinstance(events, Event) or not isinstance(events, Iterable):
        raise InvalidValueError(
            "events", "a list of events (wrap a single event in a list)", events
        )
    return list(events)


@contextmanager
def translated(
    store: str,
    operation: str,
    *,
    conflicts: tuple[type[BaseException], ...],
    failures: tuple[type[BaseException], ...],
    where: str = "",
) -> Iterator[None]:
    """
    Turn a driver's exceptions into gridgov errors; callers never see the driver's.

    Args:
        store: The store's name for messages (``"sqlite"``).
        operation: What was being done (``"append"``, ``"read"`` …).
        conflicts: Driver exceptions meaning another writer got there first
            (unique violations): raised as `ConcurrencyError`.
        failures: Every other driver exception: raised as `StoreError`.
        where: Appended to the message (a file name).
    """
    try:
        yield
    except GridgovError:
        raise
    except conflicts as exc:
        raise ConcurrencyError(
            f"another writer recorded the same position first ({exc})"
        ) from exc
    except failures as exc:
        detail = str(exc).strip()
        raise StoreError(
            store, operation, f"{detail} ({where})" if where else detail
        ) from exc


class JournalBase(abc.ABC):
    """
    Shared implementation of the `Journal` protocol over a few store primitives.

    Args:
        converter: The converter used to (de)serialise events; a fresh
            `gridgov.io.make_converter` one by default.
    """

    store_name = "journal"
    """The store's name in messages (``"sqlite"``, ``"postgres"`` …)."""

    read_only = False
    """True when opened read-only (for ``verify``): appends and township
    records are refused, and nothing in the store is created or changed."""

    chain = "main"
    """The chain's name (PostgreSQL keeps several chains in one database)."""

    def __init__(self, *, converter: cattrs.Converter | None = None) -> None:
        self._codec = EventCodec(converter)

    # -- the store's primitives ------------------------------------------------

    @abc.abstractmethod
    def _write(
        self,
        events: Sequence[Event],
        payloads: Sequence[str],
        expected_version: int | None,
        expect: Expectations,
    ) -> AppendPlan:
        """Plan and write one append atomically; return the plan written."""

    @abc.abstractmethod
    def _rows_after(self, after: int, limit: int) -> Sequence[StoredRow]:
        """Return up to *limit* rows with sequence > *after*, in order."""

    @abc.abstractmethod
    def _stream_rows(self, stream: str, after: int, limit: int) -> Sequence[StoredRow]:
        """Return up to *limit* rows of *stream* with version > *after*, in order."""

    @abc.abstractmethod
    def _type_rows(
        self, names: tuple[str, ...], after: int, limit: int
    ) -> Sequence[StoredRow]:
        """Return up to *limit* rows of the given types with sequence > *after*."""

    @abc.abstractmethod
    def stream_version(self, stream: str) -> int:
        """Return the stream's current version (0 if it has no events)."""

    @abc.abstractmethod
    def head(self) -> ChainHead:
        """Return the last link of the chain (sequence 0 when empty)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the store's resources (idempotent)."""

    @abc.abstractmethod
    def township(self) -> JournalTownship | None:
        """Return the township the journal records, or None if it records none."""

    @abc.abstractmethod
    def _record_township(self, township: JournalTownship) -> JournalTownship:
        """
        Record *township* atomically as `merged_township` says; return the record.

        A store reads what is recorded and writes what `merged_township`
        returns (when it says to) in one transaction or under one lock.
        """

    def _verify_page(self, after: int, limit: int) -> Sequence[StoredRow | DamagedRow]:
        """
        Return up to *limit* rows after *after* for ``verify``, damaged ones marked.

        Stores whose rows can hold damaged data override this to return
        `DamagedRow` where a row cannot be read, and raise `StoreDamage` where
        the store itself cannot be read; the default trusts `_rows_after`.
        """
        return self._rows_after(after, limit)

    # -- the protocol ------------------------------------------------------------

    def append(
        self,
        events: Sequence[Event],
        *,
        expected_version: int | None = None,
        expect: Mapping[str, int] | None = None,
    ) -> tuple[RecordedEvent, ...]:
        """Record *events* atomically; see `gridgov.journal.Journal.append`."""
        batch = _as_batch(events)
        expectations = check_expect(expect)
        if not batch:
            return ()
        self._refuse_if_read_only("append")
        payloads = [self._codec.encode(e) for e in batch]
        check_expected_version(batch, expected_version)
        plan = self._write(batch, payloads, expected_version, expectations)
        return tuple(
            RecordedEvent(row.sequence, row.version, event, row.hash)
            if event is not None
            else self._codec.decode(row)
            for row, event in zip(plan.results, plan.fresh, strict=True)
        )

    def read_stream(
        self, stream: str, *, from_version: int = 1
    ) -> Iterator[RecordedEvent]:
        """Yield the events of *stream* in version order, from *from_version*."""
        start = _count("from_version", from_version, 1) - 1
        return self._decoded(
            lambda after, n: self._stream_rows(stream, after, n),
            start,
            lambda row: row.version,
        )

    def read_all(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[RecordedEvent]:
        """Yield events in sequence order after global position *after*."""
        start = _count("after", after, 0)
        if limit is not None:
            _count("limit", limit, 0)
        rows = self._paged(self._rows_after, start, lambda row: row.sequence)
        return self._decode_rows(rows, limit)

    def read_types(
        self, types: Iterable[type[Event] | str], *, after: int = 0
    ) -> Iterator[RecordedEvent]:
        """Yield events of the given types (classes or names) after *after*."""
        names = _type_names(types)
        start = _count("after", after, 0)
        if not names:
            return iter(())
        return self._decoded(
            lambda pos, n: self._type_rows(names, pos, n),
            start,
            lambda row: row.sequence,
        )

    def verify(
        self, *, anchor: Anchor | None = None, expect_count: int | None = None
    ) -> Verification:
        """
        Walk the whole chain and report the first broken link, if any.

        Never raises on damaged data: a row that cannot be read, a gap, a
        repeat, a version out of step or a hash that does not match is
        reported as the first broken link. A broken chain is also logged as a
        warning on ``gridgov.journal``. Writes nothing.

        Args:
            anchor: A head published earlier (`ChainHead`), or just its hash;
                the chain must still contain it.
            expect_count: The journal must hold at least this many events.

        Raises:
            InvalidValueError: *anchor* or *expect_count* is not usable.
            StoreError: The store cannot be read at all.
        """
        check_verify_args(anchor, expect_count)
        result = self._verify(anchor, expect_count)
        if result.broken is not None:
            _log.warning("%r: the hash chain is broken at %s", self, result.broken)
        return result

    def _verify(self, anchor: Anchor | None, expect_count: int | None) -> Verification:
        """
        Walk the chain (a store adds its own checks by extending this).

        A store whose appends commit while a walk pages through it overrides
        this to walk one consistent snapshot.
        """
        return verify_rows(self._verify_rows(), anchor, expect_count=expect_count)

    def _verify_rows(self) -> Iterator[StoredRow | DamagedRow]:
        """
        Yield every row in sequence order, page by page.

        Where the store is damaged, row by row up to the first row that cannot
        be read, then a `DamagedRow` without a sequence.
        """
        after = 0
        while True:
            try:
                page = self._verify_page(after, PAGE_SIZE)
            except StoreDamage:
                yield from self._verify_one_by_one(after)
                return
            yield from page
            last = page[-1].sequence if page else None
            if len(page) < PAGE_SIZE or last is None:
                return
            after = last

    def _verify_one_by_one(self, after: int) -> Iterator[StoredRow | DamagedRow]:
        while True:
            try:
                page = self._verify_page(after, 1)
            except StoreDamage as exc:
                yield DamagedRow(None, f"the store cannot be read here ({exc})")
                return
            if not page:
                return
            yield page[0]
            last = page[0].sequence
            if last is None:
                return
            after = last

    def record_township(self, township: JournalTownship) -> JournalTownship:
        """
        Record which township this journal belongs to; return what it records.

        The name, code and specs digest are written once: by the first call on
        a journal that records none (a new journal, or one written before
        gridgov recorded townships). A later call for the same township (name
        and code) returns that record, with its original digest — compare it
        with yours to see whether the specs changed — and updates only the
        specs directory, when *township* names one. Writes no event.

        Raises:
            WrongTownshipError: The journal records another township (named
                with *township*); nothing is changed.
            InvalidValueError: *township* is not a valid `JournalTownship`.
            StoreError: The journal is read-only, or cannot be written.
        """
        given = _check_township(township)
        self._refuse_if_read_only("record its township")
        recorded = self._record_township(given)
        if not recorded.same_township(given):
            raise WrongTownshipError(recorded, given)
        return recorded

    def _refuse_if_read_only(self, operation: str) -> None:
        if self.read_only:
            raise StoreError(
                self.store_name,
                operation,
                "the journal was opened read-only (for verify); open it without "
                "read_only to write",
            )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers -----------------------------------------------------------------

    def _decoded(
        self, fetch: Fetch, start: int, position: Callable[[StoredRow], int]
    ) -> Iterator[RecordedEvent]:
        return self._decode_rows(self._paged(fetch, start, position), None)

    def _decode_rows(
        self, rows: Iterator[StoredRow], limit: int | None
    ) -> Iterator[RecordedEvent]:
        decode = self._codec.decode
        for count, row in enumerate(rows):
            if limit is not None and count >= limit:
                return
            yield decode(row)

    @staticmethod
    def _paged(
        fetch: Fetch, start: int, position: Callable[[StoredRow], int]
    ) -> Iterator[StoredRow]:
        after = start
        while True:
            page = fetch(after, PAGE_SIZE)
            yield from page
            if len(page) < PAGE_SIZE:
                return
            after = position(page[-1])
