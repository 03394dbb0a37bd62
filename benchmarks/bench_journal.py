"""
bench_journal: journal appends against raw driver inserts, and replay.

Appends: one event per append, one transaction per append, against a raw
``sqlite3`` (and ``psycopg``) insert of the same row into the same table with the
same durability (WAL + ``synchronous=FULL``; PostgreSQL's default
``synchronous_commit=on``). The raw baseline does no idempotency check, no
version check, no hashing and no serialisation: the ratio is what gridgov's
guarantees cost. The PostgreSQL table also shows the raw insert sent as one
autocommit statement (one round trip, as a gridgov append makes) beside the
``BEGIN``/``INSERT``/``COMMIT`` baseline. Target: >= 0.5x of raw.

Replay: read every event back and fold it into a small projection (events per
stream), at 100k and 1M events (quick mode: 1k and 10k), with the growth exponent.

    python benchmarks/bench_journal.py [--quick]

PostgreSQL rows need GRIDGOV_PG_DSN (``source .ci/services`` starts a server).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from gridgov.journal import (
    Journal,
    MemoryJournal,
    PostgresJournal,
    SqliteJournal,
    canonical_json,
    link_hash,
)
from gridgov.testing.journal_contract import note
from harness import Case, compare, growth, write_table

ROW_SQL = (
    "INSERT INTO raw_events (sequence, stream, version, key, type, payload, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
RAW_TABLE = """CREATE TABLE raw_events (
    sequence INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
    key TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, hash TEXT NOT NULL,
    UNIQUE (stream, version), UNIQUE (stream, key))"""


def _payload(i: int) -> str:
    return canonical_json(
        {
            "type": "ContractNoteFiled",
            "stream": f"s{i % 50}",
            "key": str(i),
            "text": "x",
        }
    )


def _raw_row(i: int) -> tuple[int, str, int, str, str, str, str]:
    """The row a raw insert writes: same shape and size as the journal's."""
    stream, key, payload = f"s{i % 50}", str(i), _payload(i)
    digest = link_hash(
        "0" * 64, i, stream, i // 50 + 1, key, "ContractNoteFiled", payload
    )
    return (i, stream, i // 50 + 1, key, "ContractNoteFiled", payload, digest)


def _appender(journal: Journal) -> Callable[[], object]:
    counter = itertools.count()

    def append() -> object:
        i = next(counter)
        return journal.append([note(f"s{i % 50}", str(i))])

    return append


def _raw_sqlite(path: Path) -> Callable[[], None]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(RAW_TABLE)
    counter = itertools.count(1)

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(ROW_SQL, _raw_row(next(counter)))
        conn.execute("COMMIT")

    return insert


def _raw_postgres(dsn: str, *, one_statement: bool = False) -> Callable[[], None]:
    """
    A raw insert in its own transaction: ``BEGIN``, ``INSERT``, ``COMMIT`` (three
    round trips, the baseline), or with *one_statement* the bare ``INSERT`` on the
    autocommit connection (its own transaction, one round trip, same durability).
    """
    import psycopg  # noqa: PLC0415 - optional extra

    conn = psycopg.connect(dsn, autocommit=True)
    table = f"raw_{uuid.uuid4().hex}"
    conn.execute(RAW_TABLE.replace("raw_events", table).replace("INTEGER", "bigint"))
    sql = ROW_SQL.replace("raw_events", table).replace("?", "%s")
    counter = itertools.count(1)

    def insert() -> None:
        with conn.transaction():
            conn.execute(sql, _raw_row(next(counter)))

    def insert_one_statement() -> None:
        conn.execute(sql, _raw_row(next(counter)))

    return insert_one_statement if one_statement else insert


def appends(workdir: Path) -> list[object]:
    """Append throughput tables: SQLite (and memory), then PostgreSQL."""
    sqlite_table = compare(
        "append one event per transaction: SQLite (WAL, synchronous=FULL)",
        [
            Case("gridgov SqliteJournal", _appender(SqliteJournal(workdir / "j.db"))),
            Case(
                "raw sqlite3 insert", _raw_sqlite(workdir / "raw.db"), note="baseline"
            ),
            Case("gridgov MemoryJournal", _appender(MemoryJournal()), note="no disk"),
        ],
        baseline="raw sqlite3 insert",
    )
    tables: list[object] = [sqlite_table]
    dsn = os.environ.get("GRIDGOV_PG_DSN")
    if dsn:
        chain = f"bench-{uuid.uuid4().hex}"
        tables.append(
            compare(
                "append one event per transaction: PostgreSQL (synchronous_commit=on)",
                [
                    Case(
                        "gridgov PostgresJournal",
                        _appender(PostgresJournal(dsn, chain=chain)),
                    ),
                    Case("raw psycopg insert", _raw_postgres(dsn), note="baseline"),
                    Case(
                        "raw psycopg insert, one statement",
                        _raw_postgres(dsn, one_statement=True),
                        note="autocommit, no BEGIN/COMMIT",
                    ),
                ],
                baseline="raw psycopg insert",
            )
        )
    else:
        print("GRIDGOV_PG_DSN is unset: PostgreSQL rows skipped")
    return tables


def _filled(journal: Journal, size: int) -> Journal:
    batch = 10_000
    for start in range(0, size, batch):
        journal.append(
            [
                note(f"s{i % 500}", str(i))
                for i in range(start, min(size, start + batch))
            ]
        )
    return journal


def _replay(journal: Journal) -> Callable[[], object]:
    def replay() -> object:
        per_stream: Counter[str] = Counter()
        for record in journal.read_all():
            per_stream[record.event.stream] += 1
        return per_stream

    return replay


def replays(workdir: Path) -> list[object]:
    """Replay growth tables for SQLite and memory."""
    sizes = (100_000, 1_000_000)
    sqlite_growth = growth(
        "replay every event into a projection: SQLite",
        "SqliteJournal.read_all",
        lambda size: _replay(
            _filled(SqliteJournal(workdir / f"replay-{size}.db"), size)
        ),
        sizes=sizes,
        repeat=2,
    )
    memory_growth = growth(
        "replay every event into a projection: memory",
        "MemoryJournal.read_all",
        lambda size: _replay(_filled(MemoryJournal(), size)),
        sizes=sizes,
        repeat=2,
    )
    return [sqlite_growth, memory_growth]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gridgov-bench-") as tmp:
        workdir = Path(tmp)
        write_table([*appends(workdir), *replays(workdir)], "journal")  # type: ignore[list-item]


if __name__ == "__main__":
    main()
