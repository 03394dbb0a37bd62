"""
Tampering with a SQLite journal: verify names the first bad event, every time.

Random tamperings of a journal file — any byte of a stored column changed
(stream, key, type, payload, hash; invalid UTF-8 included), a version or a
sequence changed or retyped, rows deleted, rows reordered, the tail cut off —
are applied with a raw ``sqlite3`` connection; ``verify`` (read-only, with the
head published before the tampering as its anchor) must name exactly the first
event that differs from the intact chain, never raise, never echo the stored
bytes. Random bit flips anywhere in the file must never escape as anything but
a `GridgovError` and never pass a changed event as intact.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gridgov.errors import GridgovError
from gridgov.journal import (
    ChainHead,
    NotAJournalError,
    SqliteJournal,
    StoreError,
    Verification,
    verify_target,
)
from gridgov.testing.journal_contract import note

EVENTS = 24
TEXT_COLUMNS = ("stream", "key", "type", "payload", "hash")
TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ChainHead]:
    """A journal of 24 events over three streams, and its head (the anchor)."""
    path = tmp_path_factory.mktemp("tamper") / "intact.db"
    with SqliteJournal(path) as journal:
        journal.append(
            [note(f"s{i % 3}", f"k{i}", f"网格 {i} 走访 ✓") for i in range(EVENTS - 4)]
        )
        journal.append([note("s9", f"b{i}", "批次") for i in range(4)])
        head = journal.head()
    assert not path.with_name("intact.db-wal").exists()  # everything in the file
    return path, head


@attrs.frozen
class Tamper:
    """One tampering: what it does, and the event verify must name (None: none)."""

    kind: str
    sequence: int
    detail: tuple[object, ...] = ()


def _flip_bit(data: bytes, index: int, bit: int) -> bytes:
    i = index % len(data)
    return data[:i] + bytes([data[i] ^ (1 << bit)]) + data[i + 1 :]


def _apply(conn: sqlite3.Connection, t: Tamper, last: int) -> int | None:  # noqa: PLR0911
    """Apply *t*; return the first sequence verify must name with an anchor."""
    seq = t.sequence
    if t.kind == "flip":
        column, index, bit = t.detail
        (raw,) = conn.execute(
            f"SELECT CAST({column} AS BLOB) FROM gridgov_events WHERE sequence = ?",  # noqa: S608
            (seq,),
        ).fetchone()
        conn.execute(
            f"UPDATE gridgov_events SET {column} = CAST(? AS TEXT) WHERE sequence = ?",  # noqa: S608
            (_flip_bit(raw, int(index), int(bit)), seq),
        )
        return seq
    if t.kind == "invalid-utf8":
        column, index = t.detail
        (raw,) = conn.execute(
            f"SELECT CAST({column} AS BLOB) FROM gridgov_events WHERE sequence = ?",  # noqa: S608
            (seq,),
        ).fetchone()
        i = int(index) % len(raw)
        bad = raw[:i] + b"\xff" + raw[i + 1 :]
        conn.execute(
            f"UPDATE gridgov_events SET {column} = CAST(? AS TEXT) WHERE sequence = ?",  # noqa: S608
            (bad, seq),
        )
        return seq
    if t.kind in {"version-xor", "sequence-xor"}:
        column = t.kind.split("-")[0]
        (bit,) = t.detail
        mask = 1 << int(bit)
        conn.execute(
            f"UPDATE gridgov_events SET {column} = ({column} | ?) - ({column} & ?) "  # noqa: S608
            "WHERE sequence = ?",
            (mask, mask, seq),
        )
        moved_to = seq ^ mask if column == "sequence" else seq
        return max(1, min(seq, moved_to))
    if t.kind == "version-retype":
        (value,) = t.detail
        conn.execute(
            "UPDATE gridgov_events SET version = ? WHERE sequence = ?", (value, seq)
        )
        return seq
    if t.kind == "delete":
        conn.execute("DELETE FROM gridgov_events WHERE sequence = ?", (seq,))
        return seq
    if t.kind == "swap":
        (other,) = t.detail
        for a, b in ((seq, -1), (other, seq), (-1, other)):
            conn.execute(
                "UPDATE gridgov_events SET sequence = ? WHERE sequence = ?", (b, a)
            )
        return min(seq, int(other))
    if t.kind == "truncate":
        conn.execute("DELETE FROM gridgov_events WHERE sequence >= ?", (seq,))
        return seq
    msg = f"unknown tampering {t.kind}"
    raise AssertionError(msg)


@st.composite
def tamperings(draw: st.DrawFn) -> list[Tamper]:
    """One to three tamperings of distinct events of a 24-event journal."""
    count = draw(st.integers(1, 3))
    picked = draw(
        st.lists(st.integers(1, EVENTS), min_size=count, max_size=count, unique=True)
    )
    result: list[Tamper] = []
    used = set(picked)
    for seq in picked:
        kind = draw(
            st.sampled_from(
                [
                    "flip",
                    "flip",
                    "flip",
                    "invalid-utf8",
                    "version-xor",
                    "sequence-xor",
                    "version-retype",
                    "delete",
                    "swap",
                ]
            )
        )
        if kind == "flip":
            detail: tuple[object, ...] = (
                draw(st.sampled_from(TEXT_COLUMNS)),
                draw(st.integers(0, 400)),
                draw(st.integers(0, 7)),
            )
        elif kind == "invalid-utf8":
            detail = (draw(st.sampled_from(TEXT_COLUMNS)), draw(st.integers(0, 400)))
        elif kind in {"version-xor", "sequence-xor"}:
            detail = (draw(st.integers(0, 40)),)
        elif kind == "version-retype":
            detail = (draw(st.sampled_from(["x", "2.5x", 2.5, b"\x01\x02"])),)
        elif kind == "swap":
            free = [s for s in range(1, EVENTS + 1) if s not in used]
            other = draw(st.sampled_from(free))
            used.add(other)
            detail = (other,)
        else:
            detail = ()
        result.append(Tamper(kind, seq, detail))
    if draw(st.booleans()):
        # cut the tail after every other tampering
        start = draw(st.integers(max(used) + 1, EVENTS + 1))
        if start <= EVENTS:
            result.append(Tamper("truncate", start))
    return result


def _copy(path: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="gridgov-tamper-"))
    copy = folder / "town.db"
    shutil.copyfile(path, copy)
    return copy


def _verify(path: Path, anchor: ChainHead | None) -> Verification:
    with SqliteJournal(path, read_only=True) as journal:
        return journal.verify(anchor=anchor)


_TAMPER = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@_TAMPER
@given(plan=tamperings())
def test_verify_names_the_first_tampered_event(
    intact: tuple[Path, ChainHead], plan: list[Tamper]
) -> None:
    """Any byte changed, rows deleted, reordered or cut off: the first is named."""
    path, head = intact
    copy = _copy(path)
    try:
        expected: list[int] = []
        with sqlite3.connect(copy, isolation_level=None) as conn:
            for t in plan:
                try:
                    first = _apply(conn, t, head.sequence)
                except sqlite3.IntegrityError:  # a unique index refused it
                    assume(False)
                assert first is not None
                expected.append(first)
            first = min(expected)
            (after,) = conn.execute(
                "SELECT count(*) FROM gridgov_events WHERE sequence >= ? "
                "OR sequence < 1",
                (first,),
            ).fetchone()
        conn.close()
        before = copy.read_bytes()
        result = _verify(copy, head)
        assert copy.read_bytes() == before  # verify changed nothing
        assert result.broken is not None, plan
        assert result.broken.sequence == first, (plan, result)
        assert result.checked == first - 1
        assert len(result.broken.reason) < 200  # never the stored bytes
        # Without the anchor, only a tail cut off (nothing left from the first
        # tampered event on) goes unseen.
        plain = _verify(copy, None)
        if after:
            assert plain.broken is not None
            assert plain.broken.sequence == first
        else:
            assert plain.ok
            assert plain.checked == first - 1
        for t in plan:
            TRIED[t.kind] += 1
        TRIED["examples"] += 1
    finally:
        shutil.rmtree(copy.parent)


def test_every_character_of_every_column_is_covered(
    intact: tuple[Path, ChainHead],
) -> None:
    """Every bit of every byte of event 13's text columns, flipped in turn, is named."""
    path, head = intact
    copy = _copy(path)
    tried = 0
    try:
        with (
            sqlite3.connect(copy, isolation_level=None) as conn,
            SqliteJournal(copy, read_only=True) as journal,
        ):
            for column in TEXT_COLUMNS:
                (raw,) = conn.execute(
                    f"SELECT CAST({column} AS BLOB) FROM gridgov_events "  # noqa: S608
                    "WHERE sequence = 13"
                ).fetchone()
                for index, bit in itertools.product(range(len(raw)), range(8)):
                    try:
                        conn.execute(
                            f"UPDATE gridgov_events SET {column} = CAST(? AS TEXT) "  # noqa: S608
                            "WHERE sequence = 13",
                            (_flip_bit(raw, index, bit),),
                        )
                    except sqlite3.IntegrityError:
                        continue
                    broken = journal.verify(anchor=head).broken
                    assert broken is not None, (column, index, bit)
                    assert broken.sequence == 13, (column, index, bit, broken)
                    tried += 1
                conn.execute(
                    f"UPDATE gridgov_events SET {column} = CAST(? AS TEXT) "  # noqa: S608
                    "WHERE sequence = 13",
                    (raw,),
                )
            assert journal.verify(anchor=head).ok
        TRIED["single-bit sweep"] += tried
        assert tried > 2000
    finally:
        shutil.rmtree(copy.parent)


def test_invalid_utf8_is_named_without_echoing_the_payload(
    intact: tuple[Path, ChainHead],
) -> None:
    """A payload that is no longer UTF-8 is reported at its event; no raw bytes."""
    path, head = intact
    copy = _copy(path)
    try:
        with sqlite3.connect(copy, isolation_level=None) as conn:
            conn.execute(
                "UPDATE gridgov_events SET payload = CAST(CAST(payload AS BLOB) "
                "|| X'C3' AS TEXT) WHERE sequence = 9"
            )
        conn.close()
        result = _verify(copy, head)
        assert result.broken is not None
        assert result.broken.sequence == 9
        assert result.broken.reason == "its payload is not valid UTF-8 text"
        with (
            SqliteJournal(copy, read_only=True) as journal,
            pytest.raises(StoreError) as caught,
        ):
            list(journal.read_all())  # the plain reads
        assert "网格" not in str(caught.value)
    finally:
        shutil.rmtree(copy.parent)


# -- bit flips anywhere in the file -------------------------------------------------


def _raw_rows(path: Path) -> tuple[list[tuple[object, ...]], bool]:
    """Every events row, typed, read independently of gridgov; and whether all read."""
    rows: list[tuple[object, ...]] = []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return rows, False
    try:
        cursor = conn.execute(
            "SELECT sequence, CAST(stream AS BLOB), version, CAST(key AS BLOB), "
            "CAST(type AS BLOB), CAST(payload AS BLOB), CAST(hash AS BLOB) "
            "FROM gridgov_events ORDER BY sequence"
        )
        while True:
            row = cursor.fetchone()
            if row is None:
                return rows, True
            rows.append(tuple((type(v).__name__, v) for v in row))
    except sqlite3.Error:
        return rows, False
    finally:
        conn.close()


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    flips=st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 7)), min_size=1, max_size=6
    )
)
def test_bit_flips_in_the_file_never_escape_nor_pass(
    intact: tuple[Path, ChainHead], flips: list[tuple[int, int]]
) -> None:
    """
    Random bits flipped anywhere in the file: verify returns or raises a
    GridgovError; a changed event is never passed as intact, and when the rows
    can still be read it names exactly the first that changed.
    """
    path, head = intact
    original, complete = _raw_rows(path)
    assert complete
    copy = _copy(path)
    try:
        data = bytearray(copy.read_bytes())
        for index, bit in flips:
            data[index % len(data)] ^= 1 << bit
        copy.write_bytes(bytes(data))
        before = hashlib.sha256(bytes(data)).hexdigest()
        try:
            (check,) = verify_target(copy, anchor=head)
        except GridgovError:
            TRIED["file flips refused"] += 1
            return
        finally:
            assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
        result = check.verification
        read, whole = _raw_rows(copy)
        differs = next(
            (i for i, (a, b) in enumerate(zip(read, original, strict=False)) if a != b),
            None,
        )
        if whole and differs is None and len(read) == len(original):
            assert result.ok, (flips, result)
            TRIED["file flips harmless"] += 1
            return
        assert result.broken is not None, flips
        if whole:
            first = (
                differs + 1
                if differs is not None
                else min(len(read), len(original)) + 1
            )
            assert result.broken.sequence == first, (flips, result)
        else:
            # The independent read stopped at an unreadable page; sqlite3's
            # cursor reads one row ahead, so it loses the row before the damage
            # that verify (reading up to the damage row by row) still checks.
            limit = differs + 1 if differs is not None else len(read) + 2
            assert 1 <= result.broken.sequence <= limit, (flips, result)
        TRIED["file flips named"] += 1
    finally:
        shutil.rmtree(copy.parent)


# -- read-only: refuse what is not a journal, change nothing --------------------


def _foreign(tmp_path: Path) -> Path:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('保留')")
    conn.close()
    return other


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (_foreign, "no gridgov tables"),
        (lambda p: _write(p / "empty.db", b""), "empty"),
        (
            lambda p: _write(p / "notes.txt", "走访记录\n".encode() * 300),
            "not a readable SQLite",
        ),
        (
            lambda p: _write(p / "head.db", b"SQLite format 3\x00" + b"\x00" * 84),
            "SQLite",
        ),
    ],
)
def test_not_a_journal_is_refused_and_left_alone(
    tmp_path: Path, make: object, why: str
) -> None:
    """Another program's database, an empty file, a text file: refused, unchanged."""
    assert callable(make)
    path: Path = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir()), path.read_bytes()
    with pytest.raises(NotAJournalError, match=why) as caught:
        verify_target(path)
    assert isinstance(caught.value, GridgovError)
    assert str(path) in str(caught.value)
    with pytest.raises(NotAJournalError):
        SqliteJournal(path, read_only=True)
    after = sorted(p.name for p in tmp_path.iterdir()), path.read_bytes()
    assert after == before


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_verify_leaves_a_rollback_journal_file_as_it_is(tmp_path: Path) -> None:
    """A journal file not in WAL mode stays so: verify sets no pragma that writes."""
    path = tmp_path / "town.db"
    with SqliteJournal(path) as journal:
        journal.append([note("a", "1"), note("a", "2")])
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = path.read_bytes()
    (check,) = verify_target(path)
    assert check.ok
    assert check.verification.checked == 2
    assert path.read_bytes() == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_read_only_journal_refuses_writes(tmp_path: Path) -> None:
    """Opened read-only, a journal refuses appends and township records."""
    from gridgov.journal import JournalTownship

    path = tmp_path / "town.db"
    SqliteJournal(path).close()
    with SqliteJournal(path, read_only=True) as journal:
        with pytest.raises(StoreError, match="read-only"):
            journal.append([note("a", "1")])
        with pytest.raises(StoreError, match="read-only"):
            journal.record_township(JournalTownship("裴村社区", "410381003", "a" * 64))
        assert journal.head().sequence == 0
    with pytest.raises(NotAJournalError, match="no such file"):
        SqliteJournal(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()
