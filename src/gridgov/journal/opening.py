"""
`open_journal`: choose a store from one target string.

A host application's configuration names its journal in one string.

>>> open_journal(":memory:")
MemoryJournal(0 events)
"""

from __future__ import annotations

from pathlib import Path

from gridgov.errors import InvalidValueError
from gridgov.journal.memory import MemoryJournal
from gridgov.journal.postgres import PostgresJournal
from gridgov.journal.protocol import Journal
from gridgov.journal.sqlite import SqliteJournal

__all__ = ["open_journal"]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_journal(target: str | Path | None = None, *, chain: str = "main") -> Journal:
    """
    Open the journal that *target* names.

    Args:
        target: ``None`` or ``":memory:"`` for a `MemoryJournal`; a URL starting
            ``postgresql://`` (or ``postgres://``) for a `PostgresJournal`; any
            other string or path is a SQLite file for a `SqliteJournal`.
        chain: The chain name, for PostgreSQL (ignored by the other stores).

    Raises:
        InvalidValueError: *target* is neither text, a path nor None.
        StoreError: The store cannot be opened.
        MissingExtraError: A PostgreSQL URL without the ``postgres`` extra.
    """
    if target is None or target == ":memory:":
        return MemoryJournal()
    if isinstance(target, str) and target.startswith(_POSTGRES_SCHEMES):
        return PostgresJournal(target, chain=chain)
    return _sqlite(target)


def _sqlite(target: object) -> Journal:
    if isinstance(target, str | Path) and str(target):
        return SqliteJournal(target)
    raise InvalidValueError(
        "target", "':memory:', a postgresql:// URL or a file path", target
    )
