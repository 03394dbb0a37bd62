"""
The journal's own refinements of the gridgov error tree.

Drivers' exceptions (``sqlite3.Error``, ``psycopg.Error``) never reach a caller:
each store translates them into one of these, or into
`gridgov.errors.ConcurrencyError` / `gridgov.errors.IdempotencyConflictError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gridgov.errors import ConcurrencyError, GridgovError, IntegrityError

if TYPE_CHECKING:
    from gridgov.journal.records import JournalTownship

__all__ = [
    "ChainBrokenError",
    "NotAJournalError",
    "SchemaVersionError",
    "StoreError",
    "WrongTownshipError",
    "WrongVersionError",
]


class StoreError(GridgovError):
    """
    The store could not be read or written (locked too long, unreachable, …).

    Attributes:
        store: Which store failed (``"sqlite"``, ``"postgres"``).
        operation: What it was doing (``"append"``, ``"read"``, ``"open"`` …).
    """

    def __init__(self, store: str, operation: str, detail: str) -> None:
        self.store = store
        self.operation = operation
        self.detail = detail
        super().__init__(f"{store} journal could not {operation}: {detail}")


class SchemaVersionError(StoreError):
    """The database holds a journal schema this version of gridgov does not know."""

    def __init__(self, store: str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            store,
            "open",
            f"schema version {found} is newer than the supported {supported}; "
            "upgrade gridgov",
        )


class NotAJournalError(StoreError):
    """
    The file or database is not a gridgov journal (不是 gridgov 事件日志).

    Raised when a journal is opened read-only (``gridgov verify``) on another
    program's SQLite file, an empty file, a text file, or a PostgreSQL
    database without gridgov's tables. Nothing is created or changed.

    >>> print(NotAJournalError("sqlite", "town.db", "the file is empty"))
    sqlite journal could not open: town.db is not a gridgov journal: the file is empty
    """

    def __init__(self, store: str, where: str, why: str) -> None:
        self.where = where
        self.why = why
        super().__init__(store, "open", f"{where} is not a gridgov journal: {why}")


class WrongTownshipError(GridgovError):
    """
    The journal belongs to another township (日志属于另一个乡镇).

    Attributes:
        recorded: The township the journal records.
        given: The township it was opened for.
    """

    def __init__(self, recorded: JournalTownship, given: JournalTownship) -> None:
        self.recorded = recorded
        self.given = given
        super().__init__(
            f"this journal belongs to {recorded}, not to {given}: open it with "
            f"{recorded.name}'s specs (gridgov: --township DIR), or use "
            f"{given.name}'s own journal"
        )


class ChainBrokenError(IntegrityError):
    """
    The hash chain is broken; ``sequence`` is the first event that fails.

    >>> err = ChainBrokenError(7, "hash mismatch")
    >>> err.sequence, str(err)
    (7, 'hash chain broken at event 7: hash mismatch')
    """

    def __init__(self, sequence: int, reason: str) -> None:
        self.sequence = sequence
        self.reason = reason
        super().__init__(f"hash chain broken at event {sequence}: {reason}")


class WrongVersionError(ConcurrencyError):
    """
    An append expected a stream version that is no longer current (版本冲突).

    Attributes:
        stream: The stream that moved: appended to (``expected_version``), or
            named in ``expect`` (appended to or only read).
        expected: The version the caller expected (0: the stream must be new).
        actual: The stream's version in the journal.
    """

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        self.stream = stream
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream {stream!r} is at version {actual}, but the append expected "
            f"version {expected}; re-read the stream and decide again"
        )
