"""
The event journal (事件日志): append-only, idempotent, versioned, hash-chained.

Three stores behind one `Journal` protocol:

* `MemoryJournal` — the default, in this process;
* `SqliteJournal` — one durable file, several processes on one machine;
* `PostgresJournal` — many processes and machines (extra ``gridgov[postgres]``).

`open_journal` picks one from a target string. See ``docs/journal.md``.
"""

from gridgov.journal.chain import EventCodec, canonical_json, link_hash, verify_rows
from gridgov.journal.errors import (
    ChainBrokenError,
    SchemaVersionError,
    StoreError,
    WrongVersionError,
)
from gridgov.journal.memory import MemoryJournal
from gridgov.journal.opening import open_journal
from gridgov.journal.postgres import PostgresJournal
from gridgov.journal.protocol import Journal
from gridgov.journal.records import (
    GENESIS_HASH,
    BrokenLink,
    ChainHead,
    RecordedEvent,
    StoredRow,
    Verification,
)
from gridgov.journal.sqlite import SqliteJournal

__all__ = [
    "GENESIS_HASH",
    "BrokenLink",
    "ChainBrokenError",
    "ChainHead",
    "EventCodec",
    "Journal",
    "MemoryJournal",
    "PostgresJournal",
    "RecordedEvent",
    "SchemaVersionError",
    "SqliteJournal",
    "StoreError",
    "StoredRow",
    "Verification",
    "WrongVersionError",
    "canonical_json",
    "link_hash",
    "open_journal",
    "verify_rows",
]
