"""
`PostgresJournal`: a journal in PostgreSQL for many processes and machines.

Needs the ``postgres`` extra (``pip install 'gridgov[postgres]'``, psycopg 3),
imported only when a `PostgresJournal` is created; without it you get
`gridgov.errors.MissingExtraError`.

* **Chains**: one database can hold several independent journals, one per
  ``chain`` name (default ``"main"``). Every table's key starts with ``chain``,
  so a sharded PostgreSQL such as Citus can distribute all three tables by it —
  use the region code (区划代码) of a county or town as the chain name and each
  region's journal lives, locks and commits on one shard (see docs/journal.md).
* **Serialised appends**: each append is one transaction that first locks its
  chain's row in ``gridgov_chain_heads`` (``SELECT … FOR UPDATE``); appends to
  one chain queue up there, from any process on any machine, and the chain stays
  one line. Appends to different chains never wait for each other.
* **One round trip**: an append is one call of the server-side function
  ``gridgov_append_v2`` (created with the tables; see `gridgov.journal._pg_append`),
  which locks, looks up keys, checks ``expected_version`` and ``expect``, links
  and inserts, and commits as one statement. When it refuses (a conflict, a
  wrong version) or when the server cannot hash exactly as Python does (checked
  when the journal opens), the append runs in steps — lock, look up, plan in
  Python, insert, commit — which raises the precise error.
* **Acknowledged means committed**: ``append`` returns after ``COMMIT``; with the
  server's default ``synchronous_commit = on`` the commit is flushed to the
  server's WAL first.
* **Self-anchored**: the head row records the last sequence and hash, so
  ``verify()`` also notices events deleted from the end of the chain. It reads
  the events (page by page) and the head row in one ``REPEATABLE READ, READ
  ONLY`` transaction — one snapshot — so an append committing meanwhile (even
  the last COMMIT of a client killed mid-append, which the server completes
  after the client is gone) is wholly in the walk or wholly outside it.
* **Read-only opening** (``read_only=True``, what ``gridgov verify`` uses): no
  table, function or head row is created, every transaction of the session is
  ``READ ONLY``, a database without gridgov's tables is refused
  (`gridgov.journal.errors.NotAJournalError`) and so is a chain it does not
  hold. `PostgresJournal.list_chains` names every chain of a database.
* **Townships**: ``gridgov_townships`` records, per chain, the township the
  chain belongs to (see `JournalTownship`).

Every psycopg error is translated into a gridgov error
(`gridgov.journal.errors.StoreError`, or `gridgov.errors.ConcurrencyError`).

**A dropped connection** (a server restart, a failover, an idle timeout) fails
the call in flight with `StoreError`, never silently; the next call opens a new
connection (logged on ``gridgov.journal``). An append that failed that way may
or may not have committed: retry it with the same events. Appends are
idempotent by key, so the retry returns the recorded events or appends them
once, never twice. After `close`, nothing reconnects.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

import cattrs

from gridgov.domain.events import Event
from gridgov.errors import (
    InvalidValueError,
    MissingExtraError,
    UnknownEntityError,
)
from gridgov.journal._append import AppendPlan, Expectations, plan_append
from gridgov.journal._base import JournalBase, merged_township, translated
from gridgov.journal._pg_append import (
    APPEND_CALL,
    APPEND_ONE_CALL,
    FUNCTION_SIGNATURES,
    FUNCTIONS,
    HASH_CALL,
    HASH_PROBE,
)
from gridgov.journal._pg_sql import (
    CHAINS,
    COLUMNS,
    CREATE,
    INSERT_ROW,
    SCHEMA_LOCK,
    SELECT,
    TABLES,
    PostgresView,
    stream_version,
)
from gridgov.journal.chain import Anchor, link_hash
from gridgov.journal.errors import NotAJournalError, SchemaVersionError, StoreError
from gridgov.journal.records import (
    GENESIS_HASH,
    BrokenLink,
    ChainHead,
    DamagedRow,
    JournalTownship,
    StoredRow,
    Verification,
)
from gridgov.journal.sqlite import SCHEMA_VERSION
from gridgov.logs import get_logger

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresJournal"]

_log = get_logger("gridgov.journal")
_ONE_STATEMENT_ROWS = 500  # 8 parameters a row, well under PostgreSQL's 65,535


def _is_name(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def _driver() -> Any:
    try:
        return importlib.import_module("psycopg")
    except ImportError:
        raise MissingExtraError("postgres", "psycopg", "PostgresJournal") from None


class PostgresJournal(JournalBase):
    """
    A journal in PostgreSQL, safe for many processes on many machines.

    Args:
        dsn: A libpq connection string or URL (``postgresql://user@host/db``).
        chain: Which journal of the database to use (e.g. a region code).
        connect_timeout: Seconds to wait for the server.
        read_only: Open an existing chain without creating or changing
            anything (reads and ``verify`` only).
        converter: The converter used to (de)serialise events.

    Raises:
        MissingExtraError: psycopg is not installed.
        StoreError: The server cannot be reached or the tables cannot be created.
        NotAJournalError: With *read_only*: the database has no gridgov tables.
        UnknownEntityError: With *read_only*: the database holds no such chain.
        SchemaVersionError: The database was written by a newer gridgov.
    """

    store_name = "postgres"

    def __init__(
        self,
        dsn: str,
        *,
        chain: str = "main",
        connect_timeout: int = 10,
        read_only: bool = False,
        converter: cattrs.Converter | None = None,
    ) -> None:
        super().__init__(converter=converter)
        if not _is_name(chain):
            raise InvalidValueError("chain", "a non-empty name", chain)
        self.chain = chain
        self.read_only = bool(read_only)
        self._psycopg = _driver()
        self._lock = threading.RLock()
        self._dsn, self._connect_timeout = dsn, connect_timeout
        self._closed = False
        self._one_trip = False
        self._conn: psycopg.Connection[Any] = self._connect()
        try:
            if self.read_only:
                self._check_journal()
            else:
                with self._translate("open"):
                    self._setup()
        except BaseException:
            self._conn.close()
            raise
        info = self._conn.info  # host, port and database: never the password
        _log.info(
            "opened %r on %s:%s/%s; %s",
            self,
            info.host,
            info.port,
            info.dbname,
            "read-only"
            if self.read_only
            else "appends take "
            + ("one round trip" if self._one_trip else "several round trips"),
        )

    @classmethod
    def list_chains(cls, dsn: str, *, connect_timeout: int = 10) -> tuple[str, ...]:
        """
        Name every chain of the database at *dsn*, in order; change nothing.

        Raises:
            NotAJournalError: The database has no gridgov tables.
            StoreError: The server cannot be reached.
        """
        with cls(dsn, connect_timeout=connect_timeout, read_only=True, chain="*") as j:
            return j.chains()

    def chains(self) -> tuple[str, ...]:
        """Name every chain of this journal's database (with events or a head row)."""
        with self._lock, self._translate("read"):
            return tuple(row[0] for row in self._live().execute(CHAINS).fetchall())

    def _connect(self) -> psycopg.Connection[Any]:
        with self._translate("connect"):
            conn: psycopg.Connection[Any] = self._psycopg.connect(
                self._dsn, autocommit=True, connect_timeout=self._connect_timeout
            )
            if self.read_only:  # the server then refuses any write of the session
                conn.execute("SET default_transaction_read_only = on")
        return conn

    def _live(self) -> psycopg.Connection[Any]:
        """
        The connection, opened again if the last one was lost (callers hold the lock).

        Raises:
            StoreError: The journal was closed, or the server cannot be reached.
        """
        conn = self._conn
        if conn.closed or conn.broken:
            if self._closed:
                raise StoreError("postgres", "use", "the journal is closed")
            self._conn = conn = self._connect()
            _log.info("%r: connection lost, reconnected", self)
        return conn

    def _where(self) -> str:
        info = self._conn.info  # never the password
        return f"database {info.dbname!r} on {info.host}:{info.port}"

    def _check_journal(self) -> None:
        """Refuse (read-only) a database or chain that is not a gridgov journal."""
        with self._translate("open"):
            present = self._conn.execute(
                "SELECT " + ", ".join(["to_regclass(%s) IS NOT NULL"] * len(TABLES)),
                TABLES,
            ).fetchone()
            if present is None or not all(present):
                raise NotAJournalError(
                    "postgres", self._where(), "it has no gridgov tables"
                )
            row = self._conn.execute(
                "SELECT value FROM gridgov_journal_meta WHERE name = 'schema_version'"
            ).fetchone()
            if row is None or not str(row[0]).isdigit():
                raise NotAJournalError(
                    "postgres", self._where(), "it records no schema version"
                )
            if int(row[0]) > SCHEMA_VERSION:
                raise SchemaVersionError("postgres", int(row[0]), SCHEMA_VERSION)
        if self.chain == "*":  # list_chains: any chain will do
            return
        known = self.chains()
        if self.chain not in known:
            shown = ", ".join(known[:20]) + (" …" if len(known) > 20 else "")  # noqa: PLR2004
            raise UnknownEntityError(
                "journal chain",
                self.chain,
                hint=f"the database holds {len(known)}: {shown}"
                if known
                else "the database holds no chain",
            )

    def _setup(self) -> None:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            for statement in CREATE:
                self._conn.execute(statement)
            row = self._conn.execute(
                "SELECT value FROM gridgov_journal_meta WHERE name = 'schema_version'"
            ).fetchone()
            if row is None:
                self._conn.execute(
                    "INSERT INTO gridgov_journal_meta VALUES ('schema_version', %s)",
                    (str(SCHEMA_VERSION),),
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise SchemaVersionError("postgres", int(row[0]), SCHEMA_VERSION)
            self._conn.execute(
                "INSERT INTO gridgov_chain_heads VALUES (%s, 0, %s) "
                "ON CONFLICT (chain) DO NOTHING",
                (self.chain, GENESIS_HASH),
            )
            self._one_trip = self._create_functions()

    def _create_functions(self) -> bool:
        """
        Create the append functions if missing; say whether appends take one trip.

        They do when the functions exist and hash exactly as Python does; a role
        that may not create them, or a database whose encoding cannot hold the
        probe, appends in steps instead.
        """
        try:
            with self._conn.transaction():  # a savepoint: a failure spoils nothing
                missing = self._conn.execute(
                    "SELECT "
                    + ", ".join(["to_regprocedure(%s) IS NULL"] * len(FUNCTIONS)),
                    FUNCTION_SIGNATURES,
                ).fetchone()
                for create, absent in zip(FUNCTIONS, missing or (), strict=True):
                    if absent:
                        self._conn.execute(create)
                row = self._conn.execute(HASH_CALL, HASH_PROBE).fetchone()
        except self._psycopg.Error as exc:
            _log.warning(
                "%r: appends take several round trips: the server-side append "
                "functions could not be created (%s)",
                self,
                str(exc).strip(),
            )
            return False
        if row is None or row[0] != link_hash(*HASH_PROBE):
            _log.warning(
                "%r: appends take several round trips: the server hashes the "
                "probe event differently from Python (database encoding?)",
                self,
            )
            return False
        return True

    def _translate(self, operation: str) -> AbstractContextManager[None]:
        """Turn psycopg errors into gridgov errors; callers never see the driver's."""
        return translated(
            "postgres",
            operation,
            conflicts=(self._psycopg.errors.UniqueViolation,),
            failures=(self._psycopg.Error,),
        )

    def _write(
        self,
        events: Sequence[Event],
        payloads: Sequence[str],
        expected_version: int | None,
        expect: Expectations,
    ) -> AppendPlan:
        self._refuse_if_read_only("append")
        if self._one_trip:
            plan = self._call_append(events, payloads, expected_version, expect)
            if plan is not None:
                return plan
        return self._write_in_steps(events, payloads, expected_version, expect)

    def _call_append(
        self,
        events: Sequence[Event],
        payloads: Sequence[str],
        expected_version: int | None,
        expect: Expectations,
    ) -> AppendPlan | None:
        """
        Append in one round trip (`gridgov_append_v2`, its own transaction).

        Returns None when the function wrote nothing because the append is to be
        refused; `_write_in_steps` then raises the precise error.
        """
        params: tuple[object, ...]
        if len(events) == 1:
            event = events[0]
            call = APPEND_ONE_CALL
            params = (event.stream, event.key, event.type_name, payloads[0])
        else:
            call = APPEND_CALL
            params = (
                [e.stream for e in events],
                [e.key for e in events],
                [e.type_name for e in events],
                payloads,
            )
        expected = (
            (expected_version, [s for s, _ in expect], [v for _, v in expect])
            if expect
            else (expected_version, None, None)
        )
        with self._lock, self._translate("append"):
            found = (
                self._live().execute(call, (self.chain, *params, *expected)).fetchall()
            )
        if not found:
            return None
        new_rows: list[StoredRow] = []
        results: list[StoredRow] = []
        fresh: list[Event | None] = []
        for event, payload, (sequence, version, type_name, digest, is_new) in zip(
            events, payloads, found, strict=True
        ):
            row = StoredRow(
                sequence, event.stream, version, event.key, type_name, payload, digest
            )
            results.append(row)
            fresh.append(event if is_new else None)
            if is_new:
                new_rows.append(row)
        return AppendPlan(tuple(new_rows), tuple(results), tuple(fresh))

    def _write_in_steps(
        self,
        events: Sequence[Event],
        payloads: Sequence[str],
        expected_version: int | None,
        expect: Expectations,
    ) -> AppendPlan:
        """The general path: lock, look up, plan in Python, insert, commit."""
        chain = self.chain
        with self._lock, self._translate("append"), self._live().transaction():
            locked = self._conn.execute(
                "SELECT sequence, hash FROM gridgov_chain_heads "
                "WHERE chain = %s FOR UPDATE",
                (chain,),
            ).fetchone()
            if locked is None:
                raise StoreError(
                    "postgres", "append", f"chain {chain!r} has no head row"
                )
            view = PostgresView(self._conn, chain, ChainHead(locked[0], locked[1]))
            plan = plan_append(events, payloads, expected_version, view, expect)
            if plan.head is not None:
                self._insert(plan.new_rows, plan.head)
            return plan

    def _insert(self, rows: Sequence[StoredRow], head: ChainHead) -> None:
        """Insert *rows* and move the head row, in one statement when small."""
        chain = self.chain
        insert = f"INSERT INTO gridgov_events (chain, {COLUMNS}) VALUES "  # noqa: S608
        update = (
            "UPDATE gridgov_chain_heads SET sequence = %s, hash = %s WHERE chain = %s"
        )
        moved = (head.sequence, head.hash, chain)
        if len(rows) <= _ONE_STATEMENT_ROWS:
            values = ", ".join([INSERT_ROW] * len(rows))
            params = [value for row in rows for value in (chain, *row)]
            self._conn.execute(
                f"WITH added AS ({insert}{values}) {update}",
                (*params, *moved),
            )
            return
        with self._conn.cursor() as cur:
            cur.executemany(insert + INSERT_ROW, [(chain, *row) for row in rows])
        self._conn.execute(update, moved)

    def _select(self, sql: str, params: Sequence[object]) -> list[StoredRow]:
        with self._lock, self._translate("read"):
            return list(
                map(StoredRow._make, self._live().execute(sql, params).fetchall())
            )

    def _rows_after(self, after: int, limit: int) -> Sequence[StoredRow]:
        return self._select(
            f"{SELECT} AND sequence > %s ORDER BY sequence LIMIT %s",
            (self.chain, after, limit),
        )

    def _stream_rows(self, stream: str, after: int, limit: int) -> Sequence[StoredRow]:
        return self._select(
            f"{SELECT} AND stream = %s AND version > %s ORDER BY version LIMIT %s",
            (self.chain, stream, after, limit),
        )

    def _type_rows(
        self, names: tuple[str, ...], after: int, limit: int
    ) -> Sequence[StoredRow]:
        return self._select(
            f"{SELECT} AND type = ANY(%s) AND sequence > %s ORDER BY sequence LIMIT %s",
            (self.chain, list(names), after, limit),
        )

    def stream_version(self, stream: str) -> int:
        """Return the stream's current version (0 if it has no events)."""
        with self._lock, self._translate("read"):
            return stream_version(self._live(), self.chain, stream)

    def head(self) -> ChainHead:
        """Return the last link of the chain, as the head row records it."""
        with self._lock, self._translate("read"):
            row = (
                self._live()
                .execute(
                    "SELECT sequence, hash FROM gridgov_chain_heads WHERE chain = %s",
                    (self.chain,),
                )
                .fetchone()
            )
        return ChainHead() if row is None else ChainHead(row[0], row[1])

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """
        One read-only transaction: every query inside sees the same snapshot.

        Callers hold the lock. REPEATABLE READ takes the snapshot at the first
        query; READ ONLY makes the server refuse any write inside.
        """
        conn = self._live()
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    def _verify_page(self, after: int, limit: int) -> Sequence[StoredRow | DamagedRow]:
        """
        Rows of the chain, in sequence order.

        The first page has no lower bound, so that a row numbered 0 or below
        (tampered) is walked, and reported, first.
        """
        bound, params = (
            ("AND sequence > %s ", (self.chain, after, limit))
            if after
            else ("", (self.chain, limit))
        )
        with self._lock, self._translate("read"):
            raw = (
                self._live()
                .execute(f"{SELECT} {bound}ORDER BY sequence LIMIT %s", params)
                .fetchall()
            )
        # The schema types every column (text NOT NULL, bigint) and the server
        # keeps text valid: a row reads as a StoredRow, or not at all.
        return list(map(StoredRow._make, raw))

    def _verify(self, anchor: Anchor | None, expect_count: int | None) -> Verification:
        """
        Walk the chain, then check that the head row agrees with its last event.

        The events and the head row are read in one snapshot (`_snapshot`). The
        head row is written in the same transaction as the events, so a
        disagreement means rows were deleted or edited behind the journal's back.
        """
        with self._lock, self._translate("verify"), self._snapshot():
            result = super()._verify(anchor, expect_count)
            found = (
                self._live()
                .execute(
                    "SELECT sequence, hash FROM gridgov_chain_heads WHERE chain = %s",
                    (self.chain,),
                )
                .fetchone()
            )
        if not result.ok:
            return result
        walked = result.head
        if found is None:
            link = BrokenLink(
                walked.sequence + 1 if walked.sequence == 0 else walked.sequence,
                "the chain has no head row (deleted behind the journal's back)",
            )
            return Verification(result.checked, walked, link)
        stored = ChainHead(found[0], found[1])
        if stored == walked:
            return result
        if stored.sequence == walked.sequence:
            reason = "the chain head row holds a different hash"
            at = stored.sequence
        elif stored.sequence > walked.sequence:
            reason = (
                f"the chain head row records event {stored.sequence}, "
                "but the events end before it"
            )
            at = walked.sequence + 1
        else:
            reason = (
                f"the event lies beyond the chain head row (event {stored.sequence})"
            )
            at = max(stored.sequence, 0) + 1
        return Verification(result.checked, walked, BrokenLink(max(at, 1), reason))

    def township(self) -> JournalTownship | None:
        """Return the township this chain records, or None if it records none."""
        with self._lock, self._translate("read"):
            conn = self._live()
            exists = conn.execute(
                "SELECT to_regclass('gridgov_townships') IS NOT NULL"
            ).fetchone()
            if exists is None or not exists[0]:  # a database from before townships
                return None
            return self._read_township(conn)

    def _read_township(self, conn: psycopg.Connection[Any]) -> JournalTownship | None:
        row = conn.execute(
            "SELECT name, code, specs_digest, specs FROM gridgov_townships "
            "WHERE chain = %s",
            (self.chain,),
        ).fetchone()
        return None if row is None else JournalTownship(*row)

    def _record_township(self, township: JournalTownship) -> JournalTownship:
        with self._lock, self._translate("record its township"):
            conn = self._live()
            with conn.transaction():
                # Two processes recording at once: the second waits on the
                # first's row and then finds it.
                conn.execute(
                    "INSERT INTO gridgov_townships VALUES (%s, %s, %s, %s, %s) "
                    "ON CONFLICT (chain) DO NOTHING",
                    (
                        self.chain,
                        township.name,
                        township.code,
                        township.specs_digest,
                        township.specs,
                    ),
                )
                current = conn.execute(
                    "SELECT name, code, specs_digest, specs FROM gridgov_townships "
                    "WHERE chain = %s FOR UPDATE",
                    (self.chain,),
                ).fetchone()
                recorded, write = merged_township(
                    None if current is None else JournalTownship(*current), township
                )
                if write:
                    conn.execute(
                        "UPDATE gridgov_townships SET specs = %s WHERE chain = %s",
                        (recorded.specs, self.chain),
                    )
            return recorded

    def close(self) -> None:
        """Close the connection (idempotent); later calls raise `StoreError`."""
        with self._lock, self._translate("close"):
            self._closed = True
            self._conn.close()

    def __repr__(self) -> str:
        mode = ", read_only=True" if self.read_only else ""
        return f"PostgresJournal(chain={self.chain!r}{mode})"
