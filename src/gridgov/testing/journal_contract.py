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
from collections.abc import Sequence
from decimal import Decimal

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
    ChainHead,
    Journal,
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
