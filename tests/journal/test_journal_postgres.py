"""The journal contract suite against PostgresJournal, tampering and failures."""

import importlib

import psycopg
import pytest

from gridgov.errors import InvalidValueError, MissingExtraError
from gridgov.journal import PostgresJournal, StoreError, open_journal
from gridgov.testing.journal_contract import JournalContract, PostgresStores, note

pytestmark = pytest.mark.postgres


class TestPostgresJournal(JournalContract):
    @pytest.fixture
    def journal_store(self, pg_dsn):
        stores = PostgresStores(pg_dsn)
        yield stores
        stores.close_all()


@pytest.fixture
def filled(pg_dsn):
    stores = PostgresStores(pg_dsn)
    journal = stores.fresh()
    journal.append([note(f"s{i % 3}", str(i), f"网格 {i}") for i in range(12)])
    yield journal
    stores.close_all()


def _execute(dsn, sql, params=()):
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql, params)


@pytest.mark.parametrize(
    "column", ["stream", "version", "key", "type", "payload", "hash"]
)
def test_changing_a_stored_byte_breaks_the_chain_there(pg_dsn, filled, column):
    """Changing one character of any column of event 6 makes verify() fail at 6."""
    if column == "version":
        change = "version + 1000"
    else:
        position = 1 if column == "stream" else 20
        change = (
            f"overlay({column} placing chr(ascii(substr({column}, {position}, 1)) # 1) "
            f"from {position} for 1)"
        )
    _execute(
        pg_dsn,
        f"UPDATE gridgov_events SET {column} = {change} "  # noqa: S608
        "WHERE chain = %s AND sequence = 6",
        (filled.chain,),
    )
    broken = filled.verify().broken
    assert broken is not None
    assert broken.sequence == 6


def test_deleting_the_tail_is_noticed(pg_dsn, filled):
    """Deleting the last events is caught by the chain head row."""
    _execute(
        pg_dsn,
        "DELETE FROM gridgov_events WHERE chain = %s AND sequence > 10",
        (filled.chain,),
    )
    broken = filled.verify().broken
    assert broken is not None
    assert broken.sequence == 11


def test_chains_are_independent(pg_dsn):
    """Two chains in one database number and verify separately."""
    stores = PostgresStores(pg_dsn)
    try:
        a, b = stores.fresh(), stores.fresh()
        a.append([note("x", "1"), note("x", "2")])
        b.append([note("x", "1", "other text")])
        assert (a.head().sequence, b.head().sequence) == (2, 1)
        assert a.verify().ok
        assert b.verify().ok
    finally:
        stores.close_all()


def test_unreachable_server_is_a_store_error():
    """A server that does not answer raises StoreError, not a psycopg error."""
    with pytest.raises(StoreError, match="connect"):
        PostgresJournal("postgresql://nobody@127.0.0.1:1/none", connect_timeout=2)


def test_missing_extra(monkeypatch):
    """Without psycopg, PostgresJournal says which extra to install."""
    real = importlib.import_module

    def fake(name, *args):
        if name == "psycopg":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(MissingExtraError, match=r"gridgov\[postgres\]"):
        PostgresJournal("postgresql://nobody@127.0.0.1:1/none")


def test_bad_chain_name(pg_dsn):
    """An empty chain name is refused."""
    with pytest.raises(InvalidValueError, match="chain"):
        PostgresJournal(pg_dsn, chain="")


def test_open_journal_url(pg_dsn):
    """open_journal() with a postgresql:// URL opens a PostgresJournal."""
    with open_journal(pg_dsn, chain="open-journal-test") as journal:
        assert isinstance(journal, PostgresJournal)


def _drop_connection(dsn, journal):
    """Terminate the journal's server session, as a restart or failover would."""
    _execute(dsn, "SELECT pg_terminate_backend(%s)", (journal._conn.info.backend_pid,))


def test_a_dropped_connection_fails_one_call_then_reconnects(pg_dsn, filled, caplog):
    """The call in flight gets a StoreError (never a silent gap); the next call
    opens a new connection, says so in the log, and sees the same journal."""
    head = filled.head()
    _drop_connection(pg_dsn, filled)
    with pytest.raises(StoreError, match="read"):
        filled.head()
    with caplog.at_level("INFO", logger="gridgov.journal"):
        assert filled.head() == head
    assert "connection lost, reconnected" in caplog.text
    assert [r.sequence for r in filled.read_all()] == list(range(1, 13))


@pytest.mark.parametrize("one_trip", [True, False])
def test_an_append_cut_off_is_retried_exactly_once(pg_dsn, filled, one_trip):
    """An append on a dropped connection fails with StoreError; the caller's
    retry of the same events reconnects and records them once, and a further
    retry returns the same records (an append that did commit before the drop
    is answered the same way: appends are idempotent by key)."""
    filled._one_trip = one_trip and filled._one_trip
    batch = [note("s9", "a", "重试"), note("s9", "b", "重试")]
    _drop_connection(pg_dsn, filled)
    with pytest.raises(StoreError, match="append"):
        filled.append(batch)
    first = filled.append(batch)
    again = filled.append(batch)
    assert [r.sequence for r in first] == [13, 14] == [r.sequence for r in again]
    assert filled.stream_version("s9") == 2
    assert filled.verify().ok


def test_a_closed_journal_does_not_reconnect(pg_dsn):
    """After close() every call raises StoreError; nothing reopens behind it."""
    journal = PostgresJournal(pg_dsn, chain="closed-test")
    journal.close()
    journal.close()  # idempotent
    with pytest.raises(StoreError, match="the journal is closed"):
        journal.head()
    with pytest.raises(StoreError, match="closed"):
        journal.append([note("s", "1")])
