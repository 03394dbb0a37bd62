"""
The event journal (事件日志): append-only, idempotent, versioned, hash-chained.

Three stores behind one `Journal` protocol:

* `MemoryJournal` — the default, in this process;
* `SqliteJournal` — one durable file, several processes on one machine;
* `PostgresJournal` — many processes and machines (extra ``gridgov[postgres]``).

`open_journal` picks one from a target string; `verify_target` verifies one
read-only, every chain of it; anchors (`save_anchor`, `load_anchor`,
`parse_anchor`) keep a head elsewhere to check against; a journal records the
township it belongs to (`JournalTownship`). See ``docs/journal.md``.
"""

from gridgov.journal.chain import EventCodec, canonical_json, link_hash, verify_rows
from gridgov.journal.errors import (
    ChainBrokenError,
    NotAJournalError,
    SchemaVersionError,
    StoreError,
    WrongTownshipError,
    WrongVersionError,
)
from gridgov.journal.memory import MemoryJournal
from gridgov.journal.opening import (
    ChainCheck,
    load_anchor,
    open_journal,
    parse_anchor,
    save_anchor,
    verify_target,
)
from gridgov.journal.postgres import PostgresJournal
from gridgov.journal.protocol import Journal
from gridgov.journal.records import (
    GENESIS_HASH,
    BrokenLink,
    ChainHead,
    DamagedRow,
    JournalTownship,
    RecordedEvent,
    StoredRow,
    Verification,
)
from gridgov.journal.sqlite import SqliteJournal

__all__ = [
    "GENESIS_HASH",
    "BrokenLink",
    "ChainBrokenError",
    "ChainCheck",
    "ChainHead",
    "DamagedRow",
    "EventCodec",
    "Journal",
    "JournalTownship",
    "MemoryJournal",
    "NotAJournalError",
    "PostgresJournal",
    "RecordedEvent",
    "SchemaVersionError",
    "SqliteJournal",
    "StoreError",
    "StoredRow",
    "Verification",
    "WrongTownshipError",
    "WrongVersionError",
    "canonical_json",
    "link_hash",
    "load_anchor",
    "open_journal",
    "parse_anchor",
    "save_anchor",
    "verify_rows",
    "verify_target",
]
