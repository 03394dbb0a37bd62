# ruff: noqa: S101, PLR2004 - a pytest suite: plain asserts and literal expectations
"""
The journal contract suite (日志契约测试): one set of pytest tests for any `Journal`.

Subclass `JournalContract` in a test module and give it a ``journal_store``
fixture that yields a `StoreFactory` — something that opens fresh, empty
journals of your store and re-opens them. Every test then runs against it::

    import pytest
    from gridgov.testing.journal_contract import JournalContract, SqliteStores


    class TestMyJournal(JournalContract):
        @pytest.fixture
        def journal_store(self, tmp_path):
            stores = SqliteStores(tmp_path)
            yield stores
            stores.close_all()

gridgov runs it against `MemoryJournal`, `SqliteJournal` and `PostgresJournal`
(see ``tests/journal/``). Ready-made factories: `MemoryStores`, `SqliteStores`,
`PostgresStores`. The events it records (`ContractNoteFiled`,
`ContractNoteStruck`) are registered when this module is imported. The
factories, events and strategies live in `gridgov.testing.journal_stores` and
are re-exported here.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from gridgov.domain.events import Event
from gridgov.errors import (
    ConcurrencyError,
    IdempotencyConflictError,
    InvalidValueError,
)
from gridgov.journal import (
    GENESIS_HASH,
    ChainHead,
    Journal,
    JournalTownship,
    WrongTownshipError,
    WrongVersionError,
)
from gridgov.journal._base import PAGE_SIZE
from gridgov.testing.journal_stores import (
    NOTE_AT,
    ContractNoteFiled,
    ContractNoteStruck,
    MemoryStores,
    PostgresStores,
    SqliteStores,
    StoreFactory,
    contract_events,
    note,
)

__all__ = [
    "ContractNoteFiled",
    "ContractNoteStruck",
    "JournalContract",
    "MemoryStores",
    "PostgresStores",
    "SqliteStores",
    "StoreFactory",
    "contract_events",
    "note",
]


def _unique(events: Sequence[Event]) -> list[Event]:
    seen: dict[tuple[str, str], Event] = {}
    for e in events:
        seen.setdefault((e.stream, e.key), e)
    return list(seen.values())


# Each subclass runs these on its own store (a different "executor"); the
# factory fixture only opens stores, and every example opens a fresh one.
_PROPERTY = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.differing_executors,
    ]
)


# -- the suite -----------------------------------------------------------------------


class JournalContract:
    """
    The behaviour every `Journal` must have.

    Subclass it with a ``journal_store`` fixture yielding a `StoreFactory`.
    """

    @pytest.fixture
    def journal(self, journal_store: StoreFactory) -> Journal:
        """A fresh, empty journal of the store under test."""
        return journal_store.fresh()

    # appending and reading

    def test_empty_journal(self, journal: Journal) -> None:
        """An empty journal has head 0, no events, version 0 and verifies."""
        assert journal.head() == ChainHead()
        assert list(journal.read_all()) == []
        assert journal.stream_version("a") == 0
        assert journal.verify().ok

    def test_append_numbers_events(self, journal: Journal) -> None:
        """Sequences are global and gap-free; versions count per stream."""
        records = journal.append([note("a", "1"), note("b", "1"), note("a", "2")])
        assert [(r.sequence, r.stream, r.version) for r in records] == [
            (1, "a", 1),
            (2, "b", 1),
            (3, "a", 2),
        ]
        assert journal.head() == ChainHead(3, records[-1].hash)
        assert journal.stream_version("a") == 2

    def test_reads(self, journal: Journal) -> None:
        """Reads by stream, from a position and by type return the right events."""
        journal.append([note("a", "1"), note("b", "1")])
        struck = ContractNoteStruck(
            stream="a", key="x", reason="wrong", occurred_at=NOTE_AT
        )
        journal.append([struck, note("a", "3")])
        assert [r.version for r in journal.read_stream("a")] == [1, 2, 3]
        assert [r.version for r in journal.read_stream("a", from_version=2)] == [2, 3]
        assert [r.sequence for r in journal.read_all(after=2)] == [3, 4]
        assert [r.sequence for r in journal.read_all(after=1, limit=2)] == [2, 3]
        assert [r.event for r in journal.read_types([ContractNoteStruck])] == [struck]
        assert [
            r.sequence for r in journal.read_types(["ContractNoteFiled"], after=1)
        ] == [
            2,
            4,
        ]
        assert list(journal.read_stream("nobody")) == []

    def test_reads_page_through_long_journals(self, journal: Journal) -> None:
        """Reads page through more events than one query fetches."""
        count = PAGE_SIZE * 2 + 7
        journal.append([note(f"s{i % 3}", str(i)) for i in range(count)])
        assert [r.sequence for r in journal.read_all()] == list(range(1, count + 1))
        assert len(list(journal.read_stream("s1"))) == len(range(1, count, 3))
        assert len(list(journal.read_types([ContractNoteFiled], after=5))) == count - 5
        assert journal.verify().checked == count

    # idempotency and concurrency

    def test_retry_returns_the_original(self, journal: Journal) -> None:
        """Appending the same event again returns its record and writes nothing."""
        first = journal.append([note("a", "1")])
        again = journal.append([note("a", "1")])
        assert again == first
        assert journal.head().sequence == 1

    def test_conflicting_retry_is_refused(self, journal: Journal) -> None:
        """The same stream and key with another payload raises; nothing is written."""
        journal.append([note("a", "1", "first")])
        with pytest.raises(IdempotencyConflictError) as caught:
            journal.append([note("b", "1"), note("a", "1", "second")])
        assert caught.value.key == "1"
        assert journal.head().sequence == 1

    def test_conflict_inside_one_batch(self, journal: Journal) -> None:
        """One batch carrying a key twice with different payloads is refused whole."""
        with pytest.raises(IdempotencyConflictError):
            journal.append([note("a", "1", "x"), note("a", "1", "y")])
        assert journal.head().sequence == 0
        records = journal.append([note("a", "1", "x"), note("a", "1", "x")])
        assert records[0] == records[1]

    def test_expected_version(self, journal: Journal) -> None:
        """A stale expected version raises and writes nothing; the right one appends."""
        journal.append([note("a", "1")], expected_version=0)
        with pytest.raises(WrongVersionError) as caught:
            journal.append([note("a", "2")], expected_version=0)
        assert (caught.value.expected, caught.value.actual) == (0, 1)
        assert isinstance(caught.value, ConcurrencyError)
        assert journal.stream_version("a") == 1
        journal.append([note("a", "2"), note("a", "3")], expected_version=1)
        assert journal.stream_version("a") == 3

    def test_retry_with_stale_version_returns_original(self, journal: Journal) -> None:
        """A retry of a recorded append succeeds despite its old expected version."""
        first = journal.append([note("a", "1")], expected_version=0)
        assert journal.append([note("a", "1")], expected_version=0) == first

    # expect: the versions of several streams

    def test_expect_matching_versions_appends(self, journal: Journal) -> None:
        """When every stream of expect is at its version, the append is written."""
        journal.append([note("a", "1"), note("b", "1"), note("b", "2")])
        records = journal.append(
            [note("a", "2"), note("c", "1")], expect={"a": 1, "b": 2, "c": 0}
        )
        assert [(r.stream, r.version) for r in records] == [("a", 2), ("c", 1)]
        journal.append([note("a", "3")], expected_version=2, expect={"b": 2})
        journal.append([note("a", "4")], expect={})
        assert journal.stream_version("a") == 4
        assert journal.verify().ok

    @pytest.mark.parametrize("moved", ["a", "b", "c"])
    def test_expect_any_stream_moved_writes_nothing(
        self, journal: Journal, moved: str
    ) -> None:
        """
        One stream of expect that moved refuses the whole append, naming it.

        Written to by the append or not, the stream is named by the
        WrongVersionError with its expected and actual versions; nothing is
        written.
        """
        journal.append([note("a", "1"), note("b", "1")])
        expect = {"a": 1, "b": 1, "c": 0}
        journal.append([note(moved, "late")])
        head = journal.head()
        with pytest.raises(WrongVersionError) as caught:
            journal.append([note("a", "x"), note("b", "x")], expect=expect)
        wrong = caught.value
        assert isinstance(wrong, ConcurrencyError)
        assert (wrong.stream, wrong.expected, wrong.actual) == (
            moved,
            expect[moved],
            expect[moved] + 1,
        )
        assert journal.head() == head
        assert list(journal.read_all(after=head.sequence)) == []

    def test_expect_names_the_first_stream_that_moved(self, journal: Journal) -> None:
        """Streams are checked expected_version first, then in expect's order."""
        journal.append([note("a", "1"), note("b", "1")])
        with pytest.raises(WrongVersionError) as caught:
            journal.append([note("c", "1")], expect={"c": 0, "b": 0, "a": 0})
        assert caught.value.stream == "b"
        with pytest.raises(WrongVersionError) as caught:
            journal.append([note("a", "2")], expected_version=0, expect={"b": 0})
        assert (caught.value.stream, caught.value.actual) == ("a", 1)
        with pytest.raises(WrongVersionError) as caught:
            journal.append([note("a", "2")], expected_version=1, expect={"b": 0})
        assert (caught.value.stream, caught.value.actual) == ("b", 1)
        assert journal.head().sequence == 2

    def test_expect_a_stream_read_but_not_written(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """A decision resting on a stream it only read is refused once it moved."""
        other = journal_store.reopen(journal)
        journal.append([note("policy", "p1")])
        seen = journal.stream_version("policy")
        journal.append([note("case", "1")], expect={"policy": seen})
        other.append([note("policy", "p2")])
        with pytest.raises(WrongVersionError) as caught:
            journal.append([note("case", "2")], expect={"policy": seen})
        wrong = caught.value
        assert (wrong.stream, wrong.expected, wrong.actual) == ("policy", 1, 2)
        assert journal.stream_version("case") == 1
        journal.append([note("case", "2")], expect={"policy": 2, "case": 1})
        assert other.stream_version("case") == 2

    def test_expect_retry_returns_the_original(self, journal: Journal) -> None:
        """
        A pure retry returns the original records whatever expect says now.

        A retry carrying one new event is checked again.
        """
        batch = [note("a", "1"), note("b", "1")]
        first = journal.append(batch, expect={"a": 0, "p": 0})
        journal.append([note("p", "1")])
        assert journal.append(batch, expect={"a": 0, "p": 0}) == first
        with pytest.raises(WrongVersionError) as caught:
            journal.append([*batch, note("a", "2")], expect={"p": 0})
        assert (caught.value.stream, caught.value.actual) == ("p", 1)
        assert journal.head().sequence == 3

    @pytest.mark.parametrize(
        ("expect", "name"),
        [
            ([("a", 0)], "expect"),
            ("a", "expect"),
            ({"": 0}, "expect['']"),
            ({1: 0}, "expect[1]"),
            ({"a\x00": 0}, "expect['a\\x00']"),
            ({"\ud800": 0}, "expect['\\ud800']"),
            ({"a": -1}, "expect['a']"),
            ({"a": True}, "expect['a']"),
            ({"a": 1.0}, "expect['a']"),
            ({"a": "1"}, "expect['a']"),
            ({"a": None}, "expect['a']"),
            ({"a": 0, "b": -2}, "expect['b']"),
        ],
    )
    def test_bad_expect_is_refused(
        self, journal: Journal, expect: Any, name: str
    ) -> None:
        """A bad expect raises InvalidValueError naming it (even on a retry)."""
        with pytest.raises(InvalidValueError) as caught:
            journal.append([note("a", "1")], expect=expect)
        assert caught.value.name == name
        assert journal.head().sequence == 0
        journal.append([note("a", "1")])
        with pytest.raises(InvalidValueError):
            journal.append([note("a", "1")], expect=expect)

    def test_expect_races_have_one_winner_per_version(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """
        Threads racing expect-guarded appends: exactly one wins each version.

        Each thread, on its own handle, appends round after round to a shared
        stream and its own (one batch), expecting the shared stream's version;
        every loser is refused with the version the winner made, and writes
        nothing.
        """
        workers, rounds = 4, 10
        handles = [journal_store.reopen(journal) for _ in range(workers)]
        start = threading.Barrier(workers, timeout=300)  # a hang fails, not blocks
        won: list[list[int]] = [[] for _ in range(workers)]
        lost: list[tuple[str, int, int, int]] = []
        failures: list[BaseException] = []

        def race(worker: int) -> None:
            try:
                for version in range(rounds):
                    start.wait()
                    batch = [
                        note("race", f"w{worker}-v{version}"),
                        note(f"own{worker}", f"v{version}"),
                    ]
                    try:
                        handles[worker].append(batch, expect={"race": version})
                    except WrongVersionError as exc:
                        lost.append((exc.stream, exc.expected, exc.actual, version))
                    else:
                        won[worker].append(version)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                failures.append(exc)
                start.abort()

        threads = [threading.Thread(target=race, args=(w,)) for w in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert sorted(v for versions in won for v in versions) == list(range(rounds))
        assert len(lost) == (workers - 1) * rounds
        assert all((s, e, a) == ("race", v, v + 1) for s, e, a, v in lost)
        winner = {v: w for w, versions in enumerate(won) for v in versions}
        assert [(r.version, r.key) for r in journal.read_stream("race")] == [
            (v + 1, f"w{winner[v]}-v{v}") for v in range(rounds)
        ]
        for worker in range(workers):
            mine = [r.key for r in journal.read_stream(f"own{worker}")]
            assert mine == [f"v{v}" for v in won[worker]]
        assert journal.head().sequence == 2 * rounds
        assert journal.verify().ok

    def test_second_handle_shares_the_store(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """Two handles on one store see each other's appends and version checks."""
        other = journal_store.reopen(journal)
        journal.append([note("a", "1")])
        assert [r.key for r in other.read_stream("a")] == ["1"]
        with pytest.raises(ConcurrencyError):
            other.append([note("a", "2")], expected_version=0)
        other.append([note("a", "2")], expected_version=1)
        assert journal.head() == other.head()
        assert journal.verify().ok

    # refusals

    @pytest.mark.parametrize(
        "call",
        [
            lambda j: j.append(note("a", "1")),
            lambda j: j.append(["not an event"]),
            lambda j: j.append([note("a", "1"), note("b", "1")], expected_version=0),
            lambda j: j.append([note("a", "1")], expected_version=-1),
            lambda j: j.append([note("a", "1")], expected_version=True),
            lambda j: j.append([note("a", "k\x00")]),
            lambda j: j.append([note("", "1")]),
            lambda j: j.append([note("a", "1", "\ud800")]),
            lambda j: list(j.read_all(after=-1)),
            lambda j: list(j.read_all(limit=-1)),
            lambda j: list(j.read_stream("a", from_version=0)),
            lambda j: list(j.read_types([int])),
        ],
    )
    def test_bad_input_is_refused(self, journal: Journal, call: object) -> None:
        """Bad arguments raise InvalidValueError naming them, and write nothing."""
        assert callable(call)
        with pytest.raises(InvalidValueError):
            call(journal)
        assert journal.head().sequence == 0

    # the chain

    def test_verify_while_appending(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """
        verify() in a loop while another handle appends batches.

        Every walk is intact, sees whole batches only, and never moves back.
        """
        base = PAGE_SIZE + 10  # so that a walk takes several pages
        journal.append([note("s", str(i)) for i in range(base)])
        writer = journal_store.reopen(journal)
        batches, size = 120, 3
        done = threading.Event()
        failures: list[BaseException] = []

        def write() -> None:
            try:
                for i in range(batches):
                    writer.append([note("w", f"{i}-{j}") for j in range(size)])
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                failures.append(exc)
            finally:
                done.set()

        thread = threading.Thread(target=write)
        thread.start()
        last = walks = 0
        try:
            while not done.is_set() or walks < 3:
                result = journal.verify()
                assert result.ok, result.broken
                assert result.checked >= last
                assert (result.checked - base) % size == 0
                last, walks = result.checked, walks + 1
        finally:
            thread.join()
        assert failures == []
        assert journal.verify().checked == base + batches * size

    def test_anchor(self, journal: Journal) -> None:
        """verify(anchor=) accepts a published head, rejects a wrong or future one."""
        journal.append([note("a", "1"), note("a", "2")])
        head = journal.head()
        journal.append([note("a", "3")])
        assert journal.verify(anchor=head).ok
        wrong = journal.verify(anchor=ChainHead(2, "f" * 64))
        assert wrong.broken is not None
        assert wrong.broken.sequence == 2
        future = journal.verify(anchor=ChainHead(9, "f" * 64))
        assert future.broken is not None
        assert future.broken.sequence == 4

    def test_expect_count(self, journal: Journal) -> None:
        """verify(expect_count=n) needs at least n events; fewer break at the end."""
        journal.append([note("a", "1"), note("a", "2")])
        assert journal.verify(expect_count=2).ok
        assert journal.verify(expect_count=0).ok
        short = journal.verify(expect_count=5)
        assert short.broken is not None
        assert short.broken.sequence == 3
        assert short.checked == 2
        assert short.head == journal.head()

    def test_anchor_by_hash_alone(self, journal: Journal) -> None:
        """An anchor given as a bare hash must be the hash of some event."""
        journal.append([note("a", "1"), note("a", "2"), note("a", "3")])
        middle = [r.hash for r in journal.read_all()][1]
        assert journal.verify(anchor=middle).ok
        assert journal.verify(anchor=GENESIS_HASH).ok
        missing = journal.verify(anchor="e" * 64)
        assert missing.broken is not None
        assert missing.broken.sequence == 4
        assert "anchored hash" in missing.broken.reason

    @pytest.mark.parametrize(
        ("kwargs", "name"),
        [
            ({"anchor": "short"}, "anchor"),
            ({"anchor": "G" * 64}, "anchor"),
            ({"anchor": ChainHead(-1, GENESIS_HASH)}, "anchor"),
            ({"anchor": ChainHead(1, "x")}, "anchor"),
            ({"anchor": 7}, "anchor"),
            ({"expect_count": -1}, "expect_count"),
            ({"expect_count": True}, "expect_count"),
            ({"expect_count": "3"}, "expect_count"),
        ],
    )
    def test_bad_verify_arguments(
        self, journal: Journal, kwargs: dict[str, Any], name: str
    ) -> None:
        """verify() refuses an anchor or count it cannot use, naming it."""
        with pytest.raises(InvalidValueError) as caught:
            journal.verify(**kwargs)
        assert caught.value.name == name

    # the township

    def test_new_journal_records_no_township(self, journal: Journal) -> None:
        """A journal records no township until one is recorded."""
        assert journal.township() is None

    def test_township_is_recorded_once(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """
        The first record is kept: read back on every handle, no event written.

        The same township again keeps the original digest (the specs it was
        created with) and takes a new specs directory only when one is given.
        """
        journal.append([note("a", "1")])
        head = journal.head()
        first = JournalTownship("裴村社区", "410381003", "a" * 64, "/town/specs")
        assert journal.record_township(first) == first
        assert journal.township() == first
        other = journal_store.reopen(journal)
        assert other.township() == first
        edited = JournalTownship("裴村社区", "410381003", "b" * 64)
        assert other.record_township(edited) == first
        moved = JournalTownship("裴村社区", "410381003", "c" * 64, "/new/place")
        kept = journal.record_township(moved)
        assert kept == JournalTownship("裴村社区", "410381003", "a" * 64, "/new/place")
        assert other.township() == kept
        assert journal.head() == head
        assert journal.verify().ok

    @pytest.mark.parametrize(
        "other",
        [
            JournalTownship("宋庄镇", "110112109", "a" * 64),
            JournalTownship("裴村社区", "110112109", "a" * 64),
            JournalTownship("宋庄镇", "410381003", "a" * 64),
        ],
    )
    def test_another_township_is_refused(
        self, journal: Journal, other: JournalTownship
    ) -> None:
        """A journal of one township refuses another (name or code), naming both."""
        mine = JournalTownship("裴村社区", "410381003", "a" * 64, "/town/specs")
        journal.record_township(mine)
        with pytest.raises(WrongTownshipError) as caught:
            journal.record_township(other)
        assert (caught.value.recorded, caught.value.given) == (mine, other)
        assert str(mine) in str(caught.value)
        assert str(other) in str(caught.value)
        assert journal.township() == mine

    @pytest.mark.parametrize(
        ("township", "name"),
        [
            ("裴村社区", "township"),
            (JournalTownship("", "410381003", "a" * 64), "township.name"),
            (JournalTownship("裴村社区", "", "a" * 64), "township.code"),
            (JournalTownship("裴村\x00", "410381003", "a" * 64), "township.name"),
            (JournalTownship("裴村社区", "410381003", "abc"), "township.specs_digest"),
            (JournalTownship("裴村社区", "4103", "a" * 64, ""), "township.specs"),
        ],
    )
    def test_bad_township_is_refused(
        self, journal: Journal, township: Any, name: str
    ) -> None:
        """A record that is not a valid JournalTownship is refused, naming the field."""
        with pytest.raises(InvalidValueError) as caught:
            journal.record_township(township)
        assert caught.value.name == name
        assert journal.township() is None

    def test_townships_racing_have_one_winner(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """Handles recording different townships at once: exactly one is kept."""
        workers = 4
        handles = [journal_store.reopen(journal) for _ in range(workers)]
        start = threading.Barrier(workers, timeout=300)
        kept: list[JournalTownship] = []
        refused: list[WrongTownshipError] = []
        failures: list[BaseException] = []

        def record(worker: int) -> None:
            mine = JournalTownship(f"镇{worker}", f"41038100{worker}", "d" * 64)
            try:
                start.wait()
                kept.append(handles[worker].record_township(mine))
            except WrongTownshipError as exc:
                refused.append(exc)
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                failures.append(exc)

        threads = [threading.Thread(target=record, args=(w,)) for w in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert len(kept) == 1
        assert len(refused) == workers - 1
        assert all(exc.recorded == kept[0] for exc in refused)
        assert journal.township() == kept[0]

    def test_reopened_journal_keeps_everything(
        self, journal: Journal, journal_store: StoreFactory
    ) -> None:
        """A re-opened journal reads the same events and chain."""
        records = journal.append(
            [note("a", "1", amount=Decimal("1.50")), note("b", "2")]
        )
        other = journal_store.reopen(journal)
        assert tuple(other.read_all()) == records
        assert other.verify().head == journal.head()

    # properties

    @_PROPERTY
    @given(events=st.lists(contract_events(), max_size=12))
    def test_round_trip(self, journal_store: StoreFactory, events: list[Event]) -> None:
        """Whatever is appended reads back equal, in order, and the chain verifies."""
        with journal_store.fresh() as journal:
            unique = _unique(events)
            records = journal.append(unique)
            assert [r.event for r in journal.read_all()] == unique
            assert tuple(journal.read_all()) == records
            for stream in {e.stream for e in unique}:
                mine = [e for e in unique if e.stream == stream]
                assert [r.event for r in journal.read_stream(stream)] == mine
            assert journal.verify().checked == len(unique)

    @_PROPERTY
    @given(
        events=st.lists(contract_events(), max_size=8),
        retries=st.lists(st.integers(0, 7), max_size=8),
    )
    def test_retries_are_idempotent(
        self, journal_store: StoreFactory, events: list[Event], retries: list[int]
    ) -> None:
        """Retrying any appended event returns its record and adds nothing."""
        with journal_store.fresh() as journal:
            unique = _unique(events)
            originals = [journal.append([e])[0] for e in unique]
            for i in retries:
                if i < len(unique):
                    assert journal.append([unique[i]]) == (originals[i],)
            assert journal.head().sequence == len(unique)

    def test_state_machine(self, journal_store: StoreFactory) -> None:
        """Random appends, retries, conflicts and version checks match a model."""
        run_state_machine_as_test(
            _machine(journal_store),
            settings=settings(max_examples=20, stateful_step_count=15, deadline=None),
        )


def _machine(stores: StoreFactory) -> type[RuleBasedStateMachine]:  # noqa: C901
    """Build the journal-versus-model state machine for one store."""

    class JournalMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.journal = stores.fresh()
            self.model: list[Event] = []
            self.keys = itertools.count()

        def _version(self, stream: str) -> int:
            return sum(1 for e in self.model if e.stream == stream)

        @rule(stream=st.sampled_from(["a", "b"]), check=st.booleans())
        def append_new(self, stream: str, check: bool) -> None:
            event = note(stream, f"k{next(self.keys)}")
            expected = self._version(stream) if check else None
            (record,) = self.journal.append([event], expected_version=expected)
            self.model.append(event)
            assert (record.sequence, record.version) == (
                len(self.model),
                self._version(stream),
            )

        @rule(
            stream=st.sampled_from(["a", "b"]),
            other=st.sampled_from(["a", "b", "c"]),
            stale=st.booleans(),
        )
        def append_expecting(self, stream: str, other: str, stale: bool) -> None:
            event = note(stream, f"k{next(self.keys)}")
            expect = {other: self._version(other) + (1 if stale else 0)}
            if stale:
                with pytest.raises(WrongVersionError):
                    self.journal.append([event], expect=expect)
                return
            (record,) = self.journal.append([event], expect=expect)
            self.model.append(event)
            assert record.sequence == len(self.model)

        @rule(index=st.integers(0, 50))
        def retry(self, index: int) -> None:
            if index < len(self.model):
                (record,) = self.journal.append([self.model[index]])
                assert record.sequence == index + 1

        @rule(index=st.integers(0, 50))
        def conflict(self, index: int) -> None:
            if index < len(self.model):
                old = self.model[index]
                changed = note(old.stream, old.key, "changed")
                with pytest.raises(IdempotencyConflictError):
                    self.journal.append([changed])

        @rule(stream=st.sampled_from(["a", "b"]), delta=st.integers(1, 3))
        def stale_version(self, stream: str, delta: int) -> None:
            wrong = self._version(stream) + delta
            with pytest.raises(ConcurrencyError):
                self.journal.append([note(stream, "never")], expected_version=wrong)

        @invariant()
        def matches_model(self) -> None:
            assert self.journal.head().sequence == len(self.model)
            for stream in ("a", "b"):
                assert self.journal.stream_version(stream) == self._version(stream)

        def teardown(self) -> None:
            with self.journal:
                assert [r.event for r in self.journal.read_all()] == self.model
                assert self.journal.verify().ok

    return JournalMachine
