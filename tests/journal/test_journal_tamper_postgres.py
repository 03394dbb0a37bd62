"""
Tampering with a PostgreSQL journal, and verifying a whole database read-only.

The smaller twin of ``test_journal_tamper.py``: random tamperings of one
chain's rows — a character of a column changed, a version or sequence changed,
rows deleted, reordered, the tail cut off — and ``verify`` (read-only) must
name the first tampered event, with or without an anchor (the chain's head row
anchors the tail). ``verify_target`` checks every chain of a database, or the
one named, and creates nothing: no head row, no table, no function.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs
import psycopg
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gridgov.cli import main
from gridgov.errors import UnknownEntityError
from gridgov.journal import (
    ChainHead,
    NotAJournalError,
    PostgresJournal,
    StoreError,
    verify_target,
)
from gridgov.testing.journal_contract import PostgresStores, note

pytestmark = pytest.mark.postgres

EVENTS = 12
TEXT_COLUMNS = ("stream", "key", "type", "payload", "hash")


def _execute(dsn: str, sql: str, params: tuple[object, ...] = ()) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql, params)


@contextmanager
def _new_database(pg_dsn: str) -> Iterator[str]:
    """A database of its own (the shared one holds every contract test's chains)."""
    name = f"gridgov_tamper_{uuid.uuid4().hex[:12]}"
    _execute(pg_dsn, f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(pg_dsn)._replace(path=f"/{name}"))
    finally:
        _execute(pg_dsn, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def database(pg_dsn: str) -> Iterator[str]:
    """A database for the module's tamperings."""
    with _new_database(pg_dsn) as dsn:
        yield dsn


@pytest.fixture
def own_database(pg_dsn: str) -> Iterator[str]:
    """A database for one test, holding only the chains it makes."""
    with _new_database(pg_dsn) as dsn:
        yield dsn


@pytest.fixture
def stores(database: str) -> Iterator[PostgresStores]:
    made = PostgresStores(database)
    yield made
    made.close_all()


@attrs.frozen
class Tamper:
    kind: str
    sequence: int
    detail: tuple[object, ...] = ()


@st.composite
def tamperings(draw: st.DrawFn) -> list[Tamper]:
    """One or two tamperings of distinct events, maybe the tail cut after them."""
    count = draw(st.integers(1, 2))
    picked = draw(
        st.lists(st.integers(1, EVENTS), min_size=count, max_size=count, unique=True)
    )
    used = set(picked)
    plan: list[Tamper] = []
    for seq in picked:
        kind = draw(
            st.sampled_from(
                ["char", "char", "version-xor", "sequence-xor", "delete", "swap"]
            )
        )
        detail: tuple[object, ...] = ()
        if kind == "char":
            detail = (
                draw(st.sampled_from(TEXT_COLUMNS)),
                draw(st.integers(0, 300)),
                draw(st.integers(0, 15)),
            )
        elif kind in {"version-xor", "sequence-xor"}:
            detail = (draw(st.integers(0, 30)),)
        elif kind == "swap":
            other = draw(
                st.sampled_from([s for s in range(1, EVENTS + 1) if s not in used])
            )
            used.add(other)
            detail = (other,)
        plan.append(Tamper(kind, seq, detail))
    if draw(st.booleans()):
        start = draw(st.integers(max(used) + 1, EVENTS + 1))
        if start <= EVENTS:
            plan.append(Tamper("truncate", start))
    return plan


def _apply(conn: psycopg.Connection[tuple[object, ...]], chain: str, t: Tamper) -> int:
    """Apply *t* to *chain*; return the first sequence verify must name."""
    seq = t.sequence
    where = "WHERE chain = %s AND sequence = %s"
    if t.kind == "char":
        column, index, bit = t.detail
        row = conn.execute(
            f"SELECT {column} FROM gridgov_events {where}",  # noqa: S608
            (chain, seq),
        ).fetchone()
        assert row is not None
        text = str(row[0])
        i = int(index) % len(text)
        code = ord(text[i]) ^ (1 << int(bit))
        assume(code != 0 and not 0xD800 <= code <= 0xDFFF and code < 0x110000)
        changed = text[:i] + chr(code) + text[i + 1 :]
        conn.execute(
            f"UPDATE gridgov_events SET {column} = %s {where}",  # noqa: S608
            (changed, chain, seq),
        )
        return seq
    if t.kind in {"version-xor", "sequence-xor"}:
        column = t.kind.split("-")[0]
        mask = 1 << int(t.detail[0])
        conn.execute(
            f"UPDATE gridgov_events SET {column} = {column} # %s {where}",  # noqa: S608
            (mask, chain, seq),
        )
        return max(1, min(seq, seq ^ mask)) if column == "sequence" else seq
    if t.kind == "delete":
        conn.execute(f"DELETE FROM gridgov_events {where}", (chain, seq))  # noqa: S608
        return seq
    if t.kind == "swap":
        other = int(t.detail[0])
        for a, b in ((seq, -1), (other, seq), (-1, other)):
            conn.execute(
                f"UPDATE gridgov_events SET sequence = %s {where}",  # noqa: S608
                (b, chain, a),
            )
        return min(seq, other)
    conn.execute(
        "DELETE FROM gridgov_events WHERE chain = %s AND sequence >= %s", (chain, seq)
    )
    return seq


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=tamperings())
def test_verify_names_the_first_tampered_event(
    database: str, stores: PostgresStores, plan: list[Tamper]
) -> None:
    """Any character changed, rows deleted, reordered or cut off: the first is named."""
    journal = stores.fresh()
    assert isinstance(journal, PostgresJournal)
    journal.append([note(f"s{i % 3}", f"k{i}", f"网格 {i} ✓") for i in range(EVENTS)])
    head = journal.head()
    expected: list[int] = []
    with psycopg.connect(database, autocommit=True) as conn:
        for t in plan:
            try:
                expected.append(_apply(conn, journal.chain, t))
            except psycopg.errors.UniqueViolation:
                assume(False)
    first = min(expected)
    with PostgresJournal(database, chain=journal.chain, read_only=True) as reader:
        anchored = reader.verify(anchor=head)
        plain = reader.verify()  # the head row anchors the tail
    for result in (anchored, plain):
        assert result.broken is not None, plan
        assert result.broken.sequence == first, (plan, result)
        assert len(result.broken.reason) < 200


@pytest.mark.parametrize(
    ("change", "at", "why"),
    [
        ("DELETE FROM gridgov_chain_heads WHERE chain = %s", 5, "no head row"),
        (
            (
                "UPDATE gridgov_chain_heads SET hash = md5(hash) || md5(hash) "
                "WHERE chain = %s"
            ),
            5,
            "different hash",
        ),
        (
            "UPDATE gridgov_chain_heads SET sequence = 7 WHERE chain = %s",
            6,
            "end before it",
        ),
        (
            "UPDATE gridgov_chain_heads SET sequence = 3 WHERE chain = %s",
            4,
            "beyond the chain head",
        ),
    ],
)
def test_a_tampered_head_row_is_named(
    database: str, stores: PostgresStores, change: str, at: int, why: str
) -> None:
    """The head row deleted or changed: verify says so, at the end of the chain."""
    journal = stores.fresh()
    assert isinstance(journal, PostgresJournal)
    journal.append([note("a", str(i)) for i in range(5)])
    _execute(database, change, (journal.chain,))
    broken = journal.verify().broken
    assert broken is not None
    assert (broken.sequence, why in broken.reason) == (at, True), broken


def _tables(dsn: str) -> list[str]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT relname FROM pg_class WHERE relname LIKE 'gridgov%%' ORDER BY 1"
        ).fetchall()
    return [r[0] for r in rows]


def _heads(dsn: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(
            "SELECT * FROM gridgov_chain_heads ORDER BY chain"
        ).fetchall()


def test_every_chain_is_verified_and_none_created(own_database: str) -> None:
    """verify_target checks each chain of the own_database and adds no chain."""
    stores = PostgresStores(own_database)
    try:
        a, b = stores.fresh(), stores.fresh()
        a.append([note("x", str(i)) for i in range(30)])
        b.append([note("y", str(i)) for i in range(7)])
        before = _heads(own_database)
        checks = {c.chain: c for c in verify_target(own_database)}
        assert {
            checks[a.chain].verification.checked,
            checks[b.chain].verification.checked,
        } == {30, 7}
        assert all(c.ok for c in checks.values())
        assert "main" not in checks
        assert _heads(own_database) == before  # verify created no chain
        (one,) = verify_target(own_database, chain=b.chain)
        assert (one.chain, one.verification.checked) == (b.chain, 7)
        with pytest.raises(UnknownEntityError, match="nowhere"):
            verify_target(own_database, chain="nowhere")
        assert _heads(own_database) == before
        _execute(
            own_database,
            "DELETE FROM gridgov_events WHERE chain = %s AND sequence = 3",
            (a.chain,),
        )
        broken = {c.chain: c for c in verify_target(own_database)}[a.chain]
        assert broken.verification.broken is not None
        assert broken.verification.broken.sequence == 3
    finally:
        stores.close_all()


def test_a_read_only_journal_refuses_writes_on_the_server(database: str) -> None:
    """Read-only, appends are refused; the session itself refuses writes too."""
    stores = PostgresStores(database)
    try:
        chain = stores.fresh()
        assert isinstance(chain, PostgresJournal)
        with PostgresJournal(database, chain=chain.chain, read_only=True) as reader:
            with pytest.raises(StoreError, match="read-only"):
                reader.append([note("a", "1")])
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                reader._conn.execute("CREATE TABLE gridgov_sneaky (x int)")
    finally:
        stores.close_all()


def test_a_database_without_a_journal_is_refused_untouched(pg_dsn: str) -> None:
    """An empty database: NotAJournalError, and no table or function created."""
    name = f"gridgov_empty_{uuid.uuid4().hex[:12]}"
    _execute(pg_dsn, f'CREATE DATABASE "{name}"')
    dsn = urlunsplit(urlsplit(pg_dsn)._replace(path=f"/{name}"))
    try:
        with pytest.raises(NotAJournalError, match="no gridgov tables"):
            verify_target(dsn)
        with pytest.raises(NotAJournalError):
            PostgresJournal(dsn, read_only=True)
        assert main(["verify", dsn]) == 1
        assert _tables(dsn) == []
        with psycopg.connect(dsn, autocommit=True) as conn:
            (functions,) = conn.execute(
                "SELECT count(*) FROM pg_proc WHERE proname LIKE 'gridgov%%'"
            ).fetchone() or (0,)
        assert functions == 0
    finally:
        _execute(pg_dsn, f'DROP DATABASE "{name}" WITH (FORCE)')


def test_cli_verifies_every_chain(
    own_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """gridgov verify URL: one line per chain; --chain one; anchors per chain."""
    stores = PostgresStores(own_database)
    try:
        a = stores.fresh()
        a.append([note("x", str(i)) for i in range(4)])
        assert isinstance(a, PostgresJournal)
        capsys.readouterr()
        assert main(["verify", own_database]) == 0
        out = capsys.readouterr().out
        assert f"链 {a.chain}：4 条事件" in out  # Chinese by default
        assert main(["--lang", "en", "verify", own_database]) == 0
        assert f"chain {a.chain}: 4 events" in capsys.readouterr().out
        head = a.head()
        assert (
            main(
                [
                    "verify",
                    own_database,
                    "--chain",
                    a.chain,
                    "--anchor",
                    f"{head.sequence}:{head.hash}",
                ]
            )
            == 0
        )
        assert (
            main(["verify", own_database, "--chain", a.chain, "--expect-count", "5"])
            == 1
        )
        assert "BAD" in capsys.readouterr().out
        stores.fresh().append([note("z", "1")])  # now two chains
        assert main(["verify", own_database, "--expect-count", "5"]) == 1
        assert "--chain" in capsys.readouterr().err
    finally:
        stores.close_all()


def test_anchor_file_names_a_missing_chain(own_database: str, tmp_path: Path) -> None:
    """A chain named by the anchor file but gone from the database is broken at 1."""
    from gridgov.journal import save_anchor

    anchor = tmp_path / "heads.json"
    save_anchor(anchor, {"gone-chain": ChainHead(3, "a" * 64)})
    assert main(["verify", own_database, "--anchor-file", str(anchor)]) == 1
