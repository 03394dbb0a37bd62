"""
PostgresJournal's one-trip append (`gridgov_append_v2`) against its in-steps path.

The server-side function must hash byte for byte as `link_hash` does, write the
same rows as the Python planner, refuse exactly what the planner refuses, and
take one round trip per append.
"""

import logging
import os
import tempfile
import uuid

import attrs
import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gridgov.errors import GridgovError
from gridgov.journal import PostgresJournal, WrongVersionError, link_hash
from gridgov.journal import postgres as postgres_module
from gridgov.journal._pg_append import HASH_CALL
from gridgov.testing.journal_contract import JournalContract, PostgresStores, note

pytestmark = pytest.mark.postgres

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"))
_name = _text.filter(bool)
_bigint = st.integers(min_value=0, max_value=2**63 - 1)


@attrs.define
class InStepsStores(PostgresStores):
    """Journals that never take the one-trip path (the reference behaviour)."""

    def _open(self, chain: str) -> PostgresJournal:
        journal = super()._open(chain)
        journal._one_trip = False
        return journal


class TestPostgresJournalInSteps(JournalContract):
    """The contract holds on the in-steps path too (refusals and odd servers)."""

    @pytest.fixture
    def journal_store(self, pg_dsn):
        stores = InStepsStores(pg_dsn)
        yield stores
        stores.close_all()


@pytest.fixture(scope="module")
def conn():
    dsn = os.environ.get("GRIDGOV_PG_DSN", "")
    if not dsn:
        pytest.skip("GRIDGOV_PG_DSN is unset")
    PostgresJournal(dsn, chain="one-trip-functions").close()  # creates them
    with psycopg.connect(dsn, autocommit=True) as connection:
        yield connection


@settings(max_examples=300, deadline=None)
@given(
    args=st.tuples(
        st.one_of(st.just("0" * 64), _text),  # previous hash
        _bigint,  # sequence
        _name,  # stream
        _bigint,  # version
        _name,  # key
        _name,  # type
        _text,  # payload
    )
)
def test_server_hash_is_link_hash(conn, args):
    """gridgov_link_hash_v1 gives exactly link_hash's hex digest, for any text."""
    (server,) = conn.execute(HASH_CALL, args).fetchone()
    assert server == link_hash(*args)


def test_server_hash_of_escapes(conn):
    """Every character JSON escapes (and some it does not) hashes the same."""
    tricky = "".join(chr(c) for c in range(1, 0x80)) + "\u2028\u2029\ufeff网格😀"
    args = ("0" * 64, 1, tricky, 2, tricky[::-1], f"T{tricky}", tricky)
    (server,) = conn.execute(HASH_CALL, args).fetchone()
    assert server == link_hash(*args)


_streams = st.sampled_from(["a", "b", "网格"])
_keys = st.sampled_from(["1", "2", "3", 'k"\\'])
_texts = st.sampled_from(["x", "y"])
_event = st.builds(note, _streams, _keys, _texts)
_append = st.tuples(
    st.lists(_event, min_size=1, max_size=5),
    st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    st.one_of(
        st.none(),
        st.dictionaries(
            st.sampled_from(["a", "b", "网格", "read-only"]),
            st.integers(min_value=0, max_value=4),
            max_size=3,
        ),
    ),
)


def _outcome(journal, events, expected, expect=None):
    try:
        return journal.append(events, expected_version=expected, expect=expect)
    except GridgovError as exc:
        return type(exc), str(exc)


def _rows(conn, chain):
    return conn.execute(
        "SELECT sequence, stream, version, key, type, payload, hash "
        "FROM gridgov_events WHERE chain = %s ORDER BY sequence",
        (chain,),
    ).fetchall()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(appends=st.lists(_append, min_size=1, max_size=8))
def test_one_trip_writes_what_the_planner_writes(pg_dsn, conn, appends):
    """Same appends, same answers (records or errors) and the same stored bytes."""
    fast = PostgresJournal(pg_dsn, chain=f"fast-{uuid.uuid4().hex}")
    slow = PostgresJournal(pg_dsn, chain=f"slow-{uuid.uuid4().hex}")
    slow._one_trip = False
    try:
        assert fast._one_trip
        for events, expected, expect in appends:
            assert _outcome(fast, events, expected, expect) == _outcome(
                slow, events, expected, expect
            )
        assert _rows(conn, fast.chain) == _rows(conn, slow.chain)
        assert fast.head() == slow.head()
        assert fast.verify().ok
    finally:
        fast.close()
        slow.close()


def test_expect_refused_by_the_function_is_raised_precisely(pg_dsn):
    """When gridgov_append_v2 refuses for expect (one event or a batch, a stream
    written or only read), the in-steps path raises the precise error; nothing
    is written."""
    with PostgresJournal(pg_dsn, chain=f"expect-{uuid.uuid4().hex}") as journal:
        assert journal._one_trip
        journal.append([note("a", "1"), note("read", "1")])
        for batch in ([note("a", "2")], [note("a", "2"), note("b", "1")]):
            with pytest.raises(WrongVersionError) as caught:
                journal.append(batch, expect={"a": 1, "read": 0})
            wrong = caught.value
            assert (wrong.stream, wrong.expected, wrong.actual) == ("read", 0, 1)
        assert journal.head().sequence == 2
        recorded = journal.append(
            [note("a", "2"), note("b", "1")], expect={"a": 1, "read": 1, "b": 0}
        )
        assert [r.sequence for r in recorded] == [3, 4]
        assert journal.verify().ok


def test_a_journal_written_in_steps_continues_in_one_trip(pg_dsn):
    """Chains written before the function existed verify and go on."""
    chain = f"old-{uuid.uuid4().hex}"
    with PostgresJournal(pg_dsn, chain=chain) as old:
        old._one_trip = False
        old.append([note(f"s{i % 3}", str(i), f"网格 {i}") for i in range(7)])
        old.append([note("s0", "7")], expected_version=3)
    with PostgresJournal(pg_dsn, chain=chain) as new:
        assert new._one_trip
        assert new.append([note("s0", "0", "网格 0")])[0].sequence == 1  # a retry
        new.append([note("s0", "8")], expected_version=4)
        new.append([note("s1", "9"), note("s2", "10")])
        assert new.verify().ok
        assert new.head().sequence == 11


def test_a_server_hashing_otherwise_appends_in_steps(pg_dsn, monkeypatch, caplog):
    """If the server's hash of the probe differs, appends run in steps, and the
    journal says so in a warning when it opens."""
    monkeypatch.setattr(postgres_module, "link_hash", lambda *args: "not it")
    with (
        caplog.at_level(logging.INFO, logger="gridgov.journal"),
        PostgresJournal(pg_dsn, chain=f"odd-{uuid.uuid4().hex}") as journal,
    ):
        assert not journal._one_trip
        warning, opened = caplog.records
        assert warning.levelno == logging.WARNING
        assert "hashes the probe event differently" in warning.getMessage()
        assert opened.getMessage().endswith("appends take several round trips")
        journal.append([note("s", "1"), note("s", "2")])
        monkeypatch.undo()
        assert journal.verify().ok


def test_functions_that_cannot_be_created_mean_appends_in_steps(
    pg_dsn, monkeypatch, caplog
):
    """A server refusing the functions (here: a statement it cannot run) leaves
    the journal working in steps, with a warning that says why."""
    monkeypatch.setattr(postgres_module, "FUNCTIONS", ("CREATE FUNCTION (",))
    monkeypatch.setattr(
        postgres_module, "FUNCTION_SIGNATURES", ("gridgov_absent_v0(text)",)
    )
    with (
        caplog.at_level(logging.WARNING, logger="gridgov.journal"),
        PostgresJournal(pg_dsn, chain=f"nofn-{uuid.uuid4().hex}") as journal,
    ):
        assert not journal._one_trip
        journal.append([note("s", "1")])
        assert journal.verify().ok
    (warning,) = caplog.records
    assert "functions could not be created (syntax error" in warning.getMessage()


def test_opening_logs_where_without_the_connection_string(pg_dsn, caplog):
    """The INFO record names host, port and database, never the DSN (which may
    hold a password), and says the appends take one round trip."""
    conninfo = psycopg.conninfo.conninfo_to_dict(pg_dsn)
    with (
        caplog.at_level(logging.INFO, logger="gridgov.journal"),
        PostgresJournal(pg_dsn, chain=f"log-{uuid.uuid4().hex}"),
    ):
        pass
    (opened,) = caplog.records
    message = opened.getMessage()
    assert f"/{conninfo['dbname']}; appends take one round trip" in message
    assert pg_dsn not in message


def _round_trips(journal, append):
    """Count the messages that end a request (Sync, simple Query) in a libpq trace."""
    pgconn = journal._conn.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        try:
            pgconn.trace(trace.fileno())
        except psycopg.NotSupportedError:
            pytest.skip("this libpq cannot trace")
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        append()
        pgconn.untrace()
        trace.seek(0)
        lines = trace.read().splitlines()
    return sum(
        line.startswith("F") and ("\tSync" in line or "\tQuery" in line)
        for line in lines
    )


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize("expect", [False, True])
def test_an_append_is_one_round_trip(pg_dsn, size, expect):
    """Appending (one event or a batch, with or without expect) sends one
    request and waits once."""
    with PostgresJournal(pg_dsn, chain=f"trips-{uuid.uuid4().hex}") as journal:

        def append(tag):
            guard = {"s": journal.stream_version("s"), "other": 0} if expect else None
            journal.append([note("s", f"{tag}-{j}") for j in range(size)], expect=guard)

        for i in range(8):  # past psycopg's prepare threshold
            append(i)
        guard = {"s": 8 * size, "other": 0} if expect else None
        trips = _round_trips(
            journal,
            lambda: journal.append(
                [note("s", f"x{j}") for j in range(size)], expect=guard
            ),
        )
        assert trips == 1
        journal._one_trip = False
        assert _round_trips(journal, lambda: journal.append([note("s", "y")])) == 5
