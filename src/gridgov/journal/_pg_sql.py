"""
The SQL of `gridgov.journal.PostgresJournal`: tables, queries, the append's view.

`PostgresView` is what an append plans against while it holds the chain's lock.
One journal database holds several chains; every table's key starts with
``chain`` (the distribution key when the tables are sharded, see
docs/journal.md). The schema is created when a journal opens, under an
advisory lock so that processes opening at once do not race.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gridgov.journal.records import ChainHead, StoredRow

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "CHAINS",
    "COLUMNS",
    "CREATE",
    "FIND",
    "INSERT_ROW",
    "SCHEMA_LOCK",
    "SELECT",
    "TABLES",
    "PostgresView",
    "stream_version",
]

SCHEMA_LOCK = 0x67726964
"""The advisory lock (\"grid\") that serialises schema creation across processes."""

CREATE = (
    """CREATE TABLE IF NOT EXISTS gridgov_journal_meta (
        name text PRIMARY KEY,
        value text NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS gridgov_chain_heads (
        chain text PRIMARY KEY,
        sequence bigint NOT NULL,
        hash text NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS gridgov_events (
        chain text NOT NULL,
        sequence bigint NOT NULL,
        stream text NOT NULL,
        version bigint NOT NULL,
        key text NOT NULL,
        type text NOT NULL,
        payload text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (chain, sequence),
        UNIQUE (chain, stream, version),
        UNIQUE (chain, stream, key)
    )""",
    """CREATE INDEX IF NOT EXISTS gridgov_events_by_type
        ON gridgov_events (chain, type, sequence)""",
    """CREATE TABLE IF NOT EXISTS gridgov_townships (
        chain text PRIMARY KEY,
        name text NOT NULL,
        code text NOT NULL,
        specs_digest text NOT NULL,
        specs text
    )""",
)
"""The schema, created (if missing) when a journal opens."""

TABLES = ("gridgov_journal_meta", "gridgov_chain_heads", "gridgov_events")
"""The tables every gridgov journal database has (``gridgov_townships`` came later)."""

CHAINS = """WITH RECURSIVE walked AS (
        (SELECT chain FROM gridgov_events ORDER BY chain LIMIT 1)
        UNION ALL
        SELECT (SELECT e.chain FROM gridgov_events AS e WHERE e.chain > w.chain
                ORDER BY e.chain LIMIT 1)
          FROM walked AS w WHERE w.chain IS NOT NULL
    )
    SELECT chain FROM walked WHERE chain IS NOT NULL
    UNION SELECT chain FROM gridgov_chain_heads
    ORDER BY 1"""
"""Every chain of the database: those with a head row or with events (an index
skip-scan over the events' primary key, one step per chain)."""

COLUMNS = "sequence, stream, version, key, type, payload, hash"
"""The columns of a stored row, in `gridgov.journal.records.StoredRow` order."""
SELECT = f"SELECT {COLUMNS} FROM gridgov_events WHERE chain = %s"  # noqa: S608
"""Rows of one chain; callers add their conditions, order and limit."""
FIND = (
    "SELECT e.sequence, e.stream, e.version, e.key, e.type, e.payload, e.hash, "
    "(SELECT MAX(version) FROM gridgov_events WHERE chain = %s AND stream = %s) "
    "FROM (SELECT 1) AS one LEFT JOIN gridgov_events AS e "
    "ON e.chain = %s AND e.stream = %s AND e.key = %s"
)
"""A stream's row under a key (or NULLs) and the stream's version, in one trip."""
INSERT_ROW = "(%s, %s, %s, %s, %s, %s, %s, %s)"
"""The placeholders of one inserted row (chain, then `COLUMNS`)."""


class PostgresView:
    """The `AppendView` inside a transaction that holds the chain's head lock."""

    def __init__(
        self, conn: psycopg.Connection[Any], chain: str, head: ChainHead
    ) -> None:
        self._conn = conn
        self._chain = chain
        self._head = head
        # The chain is locked, so a stream's version cannot change under us.
        self._versions: dict[str, int] = {}

    def head(self) -> ChainHead:
        """The chain's head, read under the lock."""
        return self._head

    def version(self, stream: str) -> int:
        """The stream's version (it cannot change while the chain is locked)."""
        if stream not in self._versions:
            self._versions[stream] = stream_version(self._conn, self._chain, stream)
        return self._versions[stream]

    def find(self, stream: str, key: str) -> StoredRow | None:
        """The stream's event under *key*, if any; notes the stream's version."""
        # One round trip answers both questions an append asks about a stream.
        row = self._conn.execute(FIND, (self._chain, stream, self._chain, stream, key))
        found = row.fetchone()
        if found is None:  # pragma: no cover - the query always returns a row
            return None
        self._versions[stream] = int(found[-1] or 0)
        return None if found[0] is None else StoredRow._make(found[:-1])


def stream_version(conn: psycopg.Connection[Any], chain: str, stream: str) -> int:
    """The version of *stream* on *chain* (0 when it has no events)."""
    row = conn.execute(
        "SELECT MAX(version) FROM gridgov_events WHERE chain = %s AND stream = %s",
        (chain, stream),
    ).fetchone()
    return int(row[0] or 0) if row is not None else 0
