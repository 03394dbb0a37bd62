"""
The SQL of `gridgov.journal.PostgresJournal`: its tables and its queries.

One journal database holds several chains; every table's key starts with
``chain`` (the distribution key when the tables are sharded, see
docs/journal.md). The schema is created when a journal opens, under an
advisory lock so that processes opening at once do not race.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "CREATE", "FIND", "INSERT_ROW", "SCHEMA_LOCK", "SELECT"]

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
)
"""The schema, created (if missing) when a journal opens."""

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
