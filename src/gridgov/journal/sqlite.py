"""
`SqliteJournal`: a durable journal in one SQLite file (SQLite 日志).

* **One file**, in WAL mode (write-ahead log), so readers never block the writer.
* **Each append is one transaction** started with ``BEGIN IMMEDIATE``: it takes
  the database's write lock before reading the chain head, so several processes
  on one machine can append to one file and the chain stays one line. A writer
  that finds the lock taken waits up to ``busy_timeout`` seconds.
* **Acknowledged means on disk**: ``append`` returns only after ``COMMIT``, with
  ``PRAGMA synchronous=FULL`` (the default here), which syncs the WAL at every
  commit. A process killed at any moment leaves every acknowledged event and no
  partial one; ``synchronous="NORMAL"`` is faster and still survives a killed
  process, but may lose the last commits if the machine loses power.
* **verify reads one snapshot**: ``verify()`` pages through the events inside
  one read transaction (``BEGIN`` … ``COMMIT``; WAL gives it a snapshot), so
  appends committing meanwhile are simply not part of that walk. It writes
  nothing and never waits for a writer. It reads the text columns as bytes, so
  a damaged row (invalid UTF-8, a version that is not a number) or a damaged
  page of the file is reported as the first broken link, never raised.
* **Read-only opening** (``read_only=True``, what ``gridgov verify`` uses):
  the file is opened with SQLite's ``mode=ro`` and must already be a gridgov
  journal — another program's database, an empty file or a text file is
  refused with `gridgov.journal.errors.NotAJournalError`. Nothing is created,
  no pragma that writes (WAL) is set, appends are refused.
* **Versioned schema**: the table ``gridgov_journal_meta`` holds
  ``schema_version``; a file written by a newer gridgov is refused, never
  guessed at. The tables live beside any other tables of the file. The same
  table records the township (``township_name``, ``township_code``,
  ``specs_digest``, ``specs_directory``; see `JournalTownship`).

Every ``sqlite3`` error is translated: a held lock or an unreadable file becomes
`gridgov.journal.errors.StoreError`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import cattrs

from gridgov.domain.events import Event
from gridgov.errors import InvalidValueError
from gridgov.journal._append import AppendPlan, Expectations, plan_append
from gridgov.journal._base import (
    JournalBase,
    StoreDamage,
    merged_township,
    translated,
)
from gridgov.journal.chain import Anchor, stored_row
from gridgov.journal.errors import NotAJournalError, SchemaVersionError, StoreError
from gridgov.journal.records import (
    ChainHead,
    DamagedRow,
    JournalTownship,
    StoredRow,
    Verification,
)
from gridgov.logs import get_logger

__all__ = ["SCHEMA_VERSION", "SqliteJournal"]

SCHEMA_VERSION = 1
"""The version of the journal's tables that this gridgov writes and reads."""

_log = get_logger("gridgov.journal")
_SYNCHRONOUS = ("NORMAL", "FULL", "EXTRA")

_CREATE = (
    """CREATE TABLE IF NOT EXISTS gridgov_journal_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS gridgov_events (
        sequence INTEGER PRIMARY KEY,
        stream TEXT NOT NULL,
        version INTEGER NOT NULL,
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (stream, version),
        UNIQUE (stream, key)
    )""",
    (
        "CREATE INDEX IF NOT EXISTS gridgov_events_by_type "
        "ON gridgov_events (type, sequence)"
    ),
)

_SCHEMA_VERSION_QUERY = (
    "SELECT value FROM gridgov_journal_meta WHERE name = 'schema_version'"
)
_COLUMNS = "sequence, stream, version, key, type, payload, hash"
_INSERT = f"INSERT INTO gridgov_events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
# verify reads text as bytes: invalid UTF-8 is then reported, not raised.
_RAW_COLUMNS = (
    "sequence, CAST(stream AS BLOB), version, CAST(key AS BLOB), "
    "CAST(type AS BLOB), CAST(payload AS BLOB), CAST(hash AS BLOB)"
)
_TABLES = ("gridgov_events", "gridgov_journal_meta")
_TOWNSHIP_KEYS = ("township_name", "township_code", "specs_digest", "specs_directory")


class _SqliteView:
    """The `AppendView` inside an open ``BEGIN IMMEDIATE`` transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def head(self) -> ChainHead:
        return _head(self._conn)

    def version(self, stream: str) -> int:
        return _version(self._conn, stream)

    def find(self, stream: str, key: str) -> StoredRow | None:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM gridgov_events WHERE stream = ? AND key = ?",  # noqa: S608
            (stream, key),
        ).fetchone()
        return None if row is None else StoredRow._make(row)


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _head(conn: sqlite3.Connection) -> ChainHead:
    row = conn.execute(
        "SELECT sequence, hash FROM gridgov_events ORDER BY sequence DESC LIMIT 1"
    ).fetchone()
    return ChainHead() if row is None else ChainHead(row[0], row[1])


def _version(conn: sqlite3.Connection, stream: str) -> int:
    row = conn.execute(
        "SELECT MAX(version) FROM gridgov_events WHERE stream = ?", (stream,)
    ).fetchone()
    return int(row[0] or 0)


class SqliteJournal(JournalBase):
    """
    A journal in one SQLite file, safe for several processes on one machine.

    Args:
        path: The database file (created if missing, unless *read_only*).
        busy_timeout: Seconds a writer waits for another process's lock before
            giving up with `StoreError`.
        synchronous: ``"FULL"`` (default: an acknowledged append survives power
            loss), ``"EXTRA"`` or ``"NORMAL"`` (survives a killed process only).
        read_only: Open an existing journal without changing anything (SQLite
            ``mode=ro``): reads and ``verify`` only.
        converter: The converter used to (de)serialise events.

    Raises:
        StoreError: The file cannot be opened as a journal.
        NotAJournalError: With *read_only*: the file is missing or is not a
            gridgov journal (another program's database, empty, not SQLite).
        SchemaVersionError: The file was written by a newer gridgov.
    """

    store_name = "sqlite"

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = 30.0,
        synchronous: str = "FULL",
        read_only: bool = False,
        converter: cattrs.Converter | None = None,
    ) -> None:
        super().__init__(converter=converter)
        if synchronous not in _SYNCHRONOUS:
            raise InvalidValueError(
                "synchronous", f"one of {_SYNCHRONOUS}", synchronous
            )
        self.path = Path(path)
        self.read_only = bool(read_only)
        self._lock = threading.RLock()
        with self._translate("open"):
            self._conn = (
                self._connect_read_only(busy_timeout)
                if self.read_only
                else sqlite3.connect(
                    self.path,
                    timeout=busy_timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
            )
        try:
            if self.read_only:
                self._check_journal(busy_timeout)
                created = False
            else:
                created = self._setup(busy_timeout, synchronous)
        except BaseException:
            self._conn.close()
            raise
        _log.info(
            "opened %r%s%s",
            self,
            " (new journal)" if created else "",
            " read-only" if self.read_only else "",
        )

    def _connect_read_only(self, busy_timeout: float) -> sqlite3.Connection:
        """Open the file with ``mode=ro``: SQLite then writes nothing to it."""
        if not self.path.is_file():
            raise NotAJournalError("sqlite", str(self.path), "there is no such file")
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(
            uri,
            uri=True,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )

    def _check_journal(self, busy_timeout: float) -> None:
        """Refuse (read-only) a file that is not a gridgov journal; change nothing."""
        # Names in a damaged schema may not be UTF-8: read them, never raise.
        self._conn.text_factory = _lenient_text
        try:
            self._check_tables(busy_timeout)
        finally:
            self._conn.text_factory = str

    def _check_tables(self, busy_timeout: float) -> None:
        where = str(self.path)
        tables = self._table_names(busy_timeout)
        if not tables:
            empty = self.path.stat().st_size == 0
            why = "the file is empty" if empty else "the database holds no tables"
            raise NotAJournalError("sqlite", where, why)
        if not set(_TABLES) <= tables:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")  # noqa: PLR2004
            raise NotAJournalError(
                "sqlite", where, f"it has no gridgov tables (its tables: {shown})"
            )
        with self._translate("open"):
            try:
                columns = {
                    row[1]
                    for row in self._conn.execute("PRAGMA table_info(gridgov_events)")
                }
                found = self._schema_version()
            except sqlite3.OperationalError:
                raise
            except sqlite3.DatabaseError as exc:
                raise NotAJournalError(
                    "sqlite", where, f"its journal tables cannot be read ({exc})"
                ) from None
        if not set(StoredRow._fields) <= columns:
            raise NotAJournalError(
                "sqlite", where, "its gridgov_events table has other columns"
            )
        if found == 0:
            raise NotAJournalError("sqlite", where, "it records no schema version")
        if found > SCHEMA_VERSION:
            raise SchemaVersionError("sqlite", found, SCHEMA_VERSION)

    def _table_names(self, busy_timeout: float) -> set[str]:
        """The file's tables; a file SQLite cannot read is not a journal."""
        where = str(self.path)
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._conn.execute("PRAGMA query_only = ON")
            return {
                name
                for (name,) in self._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        except sqlite3.OperationalError as exc:
            raise StoreError("sqlite", "open", f"{exc} ({where})") from None
        except sqlite3.DatabaseError as exc:
            raise NotAJournalError(
                "sqlite", where, f"it is not a readable SQLite database ({exc})"
            ) from None
        except UnicodeDecodeError:  # sqlite3 quoting a damaged schema
            raise NotAJournalError(
                "sqlite", where, "its schema is damaged (not UTF-8)"
            ) from None

    def _setup(self, busy_timeout: float, synchronous: str) -> bool:
        """Configure the connection and create the tables; say if they were new."""
        created = False
        with self._translate("open"):
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError("sqlite", "open", f"WAL mode refused (got {mode!r})")
            self._conn.execute(f"PRAGMA synchronous = {synchronous}")
            if self._schema_version() == 0:
                # Only a new file needs the write lock: opening an existing
                # journal never waits for another process's append.
                with self._transaction():
                    for statement in _CREATE:
                        self._conn.execute(statement)
                    if self._schema_version() == 0:
                        self._conn.execute(
                            "INSERT INTO gridgov_journal_meta "
                            "VALUES ('schema_version', ?)",
                            (str(SCHEMA_VERSION),),
                        )
                        created = True
            found = self._schema_version()
            if found > SCHEMA_VERSION:
                raise SchemaVersionError("sqlite", found, SCHEMA_VERSION)
        return created

    def _schema_version(self) -> int:
        exists = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' "
            "AND name = 'gridgov_journal_meta'"
        ).fetchone()
        if exists is None:
            return 0
        row = self._conn.execute(_SCHEMA_VERSION_QUERY).fetchone()
        if row is None:
            return 0
        if not str(row[0]).isdigit():
            raise StoreError("sqlite", "open", f"schema_version is {row[0]!r}")
        return int(row[0])

    def _translate(self, operation: str) -> AbstractContextManager[None]:
        """Turn sqlite3 errors into gridgov errors; never let sqlite3 escape."""
        return translated(
            "sqlite",
            operation,
            conflicts=(sqlite3.IntegrityError,),
            # UnicodeDecodeError: sqlite3 decoding a message about damaged bytes
            failures=(sqlite3.Error, OSError, UnicodeDecodeError),
            where=str(self.path),
        )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """A read transaction: every query inside sees the same committed state."""
        self._conn.execute("BEGIN DEFERRED")  # takes no lock; the first read
        try:  # fixes the snapshot (WAL), which later commits do not change
            yield
        finally:
            # It wrote nothing: end it with ROLLBACK, which in a damaged file
            # may fail with the damage the walk has already reported.
            if self._conn.in_transaction:
                with suppress(sqlite3.DatabaseError):
                    self._conn.execute("ROLLBACK")

    def _write(
        self,
        events: Sequence[Event],
        payloads: Sequence[str],
        expected_version: int | None,
        expect: Expectations,
    ) -> AppendPlan:
        self._refuse_if_read_only("append")
        with self._lock, self._translate("append"), self._transaction():
            plan = plan_append(
                events, payloads, expected_version, _SqliteView(self._conn), expect
            )
            if plan.new_rows:
                self._conn.executemany(_INSERT, plan.new_rows)
            return plan

    def _select(
        self, operation: str, sql: str, params: Sequence[object]
    ) -> list[StoredRow]:
        with self._lock, self._translate(operation):
            try:
                return list(map(StoredRow._make, self._conn.execute(sql, params)))
            except sqlite3.OperationalError as exc:
                if "decode to UTF-8" not in str(exc):
                    raise
                # sqlite3 would quote the stored bytes: personal data, unmasked.
                raise StoreError(
                    "sqlite",
                    operation,
                    f"a stored event is not valid UTF-8 text: the journal is "
                    f"damaged; gridgov verify names the event ({self.path})",
                ) from None

    def _rows_after(self, after: int, limit: int) -> Sequence[StoredRow]:
        return self._select(
            "read",
            f"SELECT {_COLUMNS} FROM gridgov_events WHERE sequence > ? "  # noqa: S608
            "ORDER BY sequence LIMIT ?",
            (after, limit),
        )

    def _stream_rows(self, stream: str, after: int, limit: int) -> Sequence[StoredRow]:
        return self._select(
            "read",
            f"SELECT {_COLUMNS} FROM gridgov_events WHERE stream = ? AND version > ? "  # noqa: S608
            "ORDER BY version LIMIT ?",
            (stream, after, limit),
        )

    def _type_rows(
        self, names: tuple[str, ...], after: int, limit: int
    ) -> Sequence[StoredRow]:
        marks = ", ".join("?" * len(names))
        return self._select(
            "read",
            f"SELECT {_COLUMNS} FROM gridgov_events WHERE type IN ({marks}) "  # noqa: S608
            "AND sequence > ? ORDER BY sequence LIMIT ?",
            (*names, after, limit),
        )

    def _verify_page(self, after: int, limit: int) -> Sequence[StoredRow | DamagedRow]:
        """Rows with their text read as bytes; a damaged page raises StoreDamage."""
        # The first page walks the table from its start, without a seek: in a
        # damaged file, a seek could land past the first damaged row.
        where, params = (
            ("WHERE sequence > ? ", (after, limit)) if after else ("", (limit,))
        )
        try:
            raw = self._conn.execute(
                f"SELECT {_RAW_COLUMNS} FROM gridgov_events {where}"  # noqa: S608
                "ORDER BY sequence LIMIT ?",
                params,
            ).fetchall()
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as exc:  # a corrupt page: "malformed"
            raise StoreDamage(str(exc)) from None
        except UnicodeDecodeError:  # sqlite3 quoting damaged bytes in a message
            raise StoreDamage("damaged bytes") from None
        return [stored_row(values) for values in raw]

    def _verify(self, anchor: Anchor | None, expect_count: int | None) -> Verification:
        """Walk the chain in one read transaction (one snapshot of the file)."""
        with self._lock, self._translate("verify"), self._snapshot():
            return super()._verify(anchor, expect_count)

    def township(self) -> JournalTownship | None:
        """Return the township the journal records, or None if it records none."""
        with self._lock, self._translate("read"):
            return self._read_township()

    def _read_township(self) -> JournalTownship | None:
        marks = ", ".join("?" * len(_TOWNSHIP_KEYS))
        found = dict(
            self._conn.execute(
                f"SELECT name, value FROM gridgov_journal_meta WHERE name IN ({marks})",  # noqa: S608
                _TOWNSHIP_KEYS,
            ).fetchall()
        )
        if "township_name" not in found:
            return None
        return JournalTownship(
            str(found["township_name"]),
            str(found.get("township_code", "")),
            str(found.get("specs_digest", "")),
            None
            if found.get("specs_directory") is None
            else str(found["specs_directory"]),
        )

    def _record_township(self, township: JournalTownship) -> JournalTownship:
        with self._lock, self._translate("record its township"), self._transaction():
            recorded, write = merged_township(self._read_township(), township)
            if write:
                values = (recorded.name, recorded.code, recorded.specs_digest)
                rows = list(zip(_TOWNSHIP_KEYS, values, strict=False))
                if recorded.specs is not None:
                    rows.append(("specs_directory", recorded.specs))
                self._conn.executemany(
                    "INSERT OR REPLACE INTO gridgov_journal_meta VALUES (?, ?)", rows
                )
            return recorded

    def stream_version(self, stream: str) -> int:
        """Return the stream's current version (0 if it has no events)."""
        with self._lock, self._translate("read"):
            return _version(self._conn, stream)

    def head(self) -> ChainHead:
        """Return the last link of the chain (sequence 0 when empty)."""
        with self._lock, self._translate("read"):
            return _head(self._conn)

    def close(self) -> None:
        """Close the connection (idempotent); later calls raise `StoreError`."""
        with self._lock, self._translate("close"):
            self._conn.close()

    def __repr__(self) -> str:
        mode = ", read_only=True" if self.read_only else ""
        return f"SqliteJournal({str(self.path)!r}{mode})"
