"""The journal contract suite against SqliteJournal, tampering and SQLite failures."""

import sqlite3

import pytest

from gridgov.errors import InvalidValueError
from gridgov.journal import (
    SchemaVersionError,
    SqliteJournal,
    StoreError,
    open_journal,
)
from gridgov.testing.journal_contract import JournalContract, SqliteStores, note


class TestSqliteJournal(JournalContract):
    @pytest.fixture
    def journal_store(self, tmp_path):
        stores = SqliteStores(tmp_path)
        yield stores
        stores.close_all()


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "town.db"
    with SqliteJournal(path) as journal:
        journal.append([note(f"s{i % 3}", str(i), f"网格 {i}") for i in range(12)])
    return path


def _raw(path):
    return sqlite3.connect(path, isolation_level=None)


COLUMNS = ["stream", "version", "key", "type", "payload", "hash"]


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("sequence", [1, 6, 12])
def test_changing_a_stored_byte_breaks_the_chain_there(filled, column, sequence):
    """Changing one byte of any column of event n makes verify() fail at n."""
    with _raw(filled) as conn:
        (value,) = conn.execute(
            f"SELECT {column} FROM gridgov_events WHERE sequence = ?",  # noqa: S608
            (sequence,),
        ).fetchone()
        # Flip one character (the first for streams: "s0" -> "r0" cannot collide
        # with another stream's unique version); move versions out of range.
        changed = value + 1000 if isinstance(value, int) else flip(value, column)
        conn.execute(
            f"UPDATE gridgov_events SET {column} = ? WHERE sequence = ?",  # noqa: S608
            (changed, sequence),
        )
    with SqliteJournal(filled) as journal:
        result = journal.verify()
    assert result.broken is not None
    assert result.broken.sequence == sequence
    assert result.checked == sequence - 1
    with pytest.raises(Exception, match=f"event {sequence}") as caught:
        result.raise_if_broken()
    assert caught.value.sequence == sequence


def flip(text, column):
    position = 0 if column == "stream" else len(text) // 2
    return text[:position] + chr(ord(text[position]) ^ 1) + text[position + 1 :]


def test_every_character_of_a_payload_is_covered(filled):
    """Flipping each character of a stored payload in turn breaks the chain there."""
    with _raw(filled) as conn, SqliteJournal(filled) as journal:
        (payload,) = conn.execute(
            "SELECT payload FROM gridgov_events WHERE sequence = 7"
        ).fetchone()
        for position in range(len(payload)):
            bad = (
                payload[:position]
                + chr(ord(payload[position]) ^ 1)
                + payload[position + 1 :]
            )
            conn.execute(
                "UPDATE gridgov_events SET payload = ? WHERE sequence = 7", (bad,)
            )
            broken = journal.verify().broken
            assert broken is not None
            assert broken.sequence == 7, position
        conn.execute(
            "UPDATE gridgov_events SET payload = ? WHERE sequence = 7", (payload,)
        )
        assert journal.verify().ok


def test_deleted_event_is_a_gap(filled):
    """Deleting an event from the middle is reported at its sequence."""
    with _raw(filled) as conn:
        conn.execute("DELETE FROM gridgov_events WHERE sequence = 5")
    with SqliteJournal(filled) as journal:
        broken = journal.verify().broken
    assert broken is not None
    assert broken.sequence == 5


def test_newer_schema_is_refused(filled):
    """A file written by a newer gridgov is refused with SchemaVersionError."""
    with _raw(filled) as conn:
        conn.execute("UPDATE gridgov_journal_meta SET value = '99'")
    with pytest.raises(SchemaVersionError, match="99"):
        SqliteJournal(filled)


def test_not_a_database_is_a_store_error(tmp_path):
    """Opening a file that is not SQLite raises StoreError, not sqlite3.Error."""
    bogus = tmp_path / "notes.txt"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="open"):
        SqliteJournal(bogus)


def test_held_lock_is_a_store_error(filled):
    """A writer that cannot get the lock in time raises StoreError; nothing written."""
    blocker = _raw(filled)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with SqliteJournal(filled, busy_timeout=0.05) as journal:
            with pytest.raises(StoreError, match="locked"):
                journal.append([note("x", "1")])
            blocker.execute("ROLLBACK")
            assert journal.stream_version("x") == 0
    finally:
        blocker.close()


def test_closed_journal_is_a_store_error(tmp_path):
    """Using a closed journal raises StoreError."""
    journal = SqliteJournal(tmp_path / "j.db")
    journal.close()
    with pytest.raises(StoreError):
        journal.head()


def test_bad_synchronous_is_refused(tmp_path):
    """An unknown synchronous level is refused before the file is touched."""
    with pytest.raises(InvalidValueError, match="synchronous"):
        SqliteJournal(tmp_path / "j.db", synchronous="OFF")
    assert not (tmp_path / "j.db").exists()


def test_open_journal_paths(tmp_path):
    """open_journal() opens a path as SQLite and refuses what is not a target."""
    with open_journal(tmp_path / "a.db") as journal:
        assert isinstance(journal, SqliteJournal)
    with pytest.raises(InvalidValueError, match="target"):
        open_journal(42)  # type: ignore[arg-type]
