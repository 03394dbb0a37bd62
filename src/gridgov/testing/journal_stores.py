"""
What the journal contract suite runs on: its events, store factories and strategies.

`StoreFactory` opens fresh journals of one kind of store and re-opens them;
`MemoryStores`, `SqliteStores` and `PostgresStores` are the ready-made ones.
The suite records two event types of its own, `ContractNoteFiled` and
`ContractNoteStruck` (registered when this module is imported); `note` builds
one quickly and `contract_events` draws arbitrary ones. Everything here is also
importable from `gridgov.testing.journal_contract`.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Protocol

import attrs
from hypothesis import strategies as st

from gridgov.domain.events import Event
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.journal import Journal, MemoryJournal, PostgresJournal, SqliteJournal

__all__ = [
    "NOTE_AT",
    "ContractNoteFiled",
    "ContractNoteStruck",
    "MemoryStores",
    "PostgresStores",
    "SqliteStores",
    "StoreFactory",
    "contract_events",
    "note",
]

NOTE_AT = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)
"""The instant `note` gives every event it builds."""


@attrs.frozen(kw_only=True)
class ContractNoteFiled(Event):
    """A note filed on a stream: the contract suite's main test event."""

    text: str
    amount: Decimal = Decimal(0)
    tags: tuple[str, ...] = ()
    day: date | None = None


@attrs.frozen(kw_only=True)
class ContractNoteStruck(Event):
    """A note struck out: a second event type, for reads by type."""

    reason: str


def note(
    stream: str, key: str, text: str = "", *, amount: Decimal = Decimal(0)
) -> ContractNoteFiled:
    """Build a `ContractNoteFiled` with a fixed instant (for short tests)."""
    return ContractNoteFiled(
        stream=stream,
        key=key,
        text=text or f"{stream}/{key}",
        amount=amount,
        occurred_at=NOTE_AT,
    )


# -- stores ----------------------------------------------------------------------


class StoreFactory(Protocol):
    """Opens journals of one kind of store for the contract suite."""

    def fresh(self) -> Journal:
        """Return a new, empty journal."""
        ...

    def reopen(self, journal: Journal) -> Journal:
        """Return another handle on the same store as *journal*."""
        ...

    def close_all(self) -> None:
        """Close every journal this factory opened."""
        ...


class MemoryStores:
    """`StoreFactory` of `MemoryJournal`; re-opening returns the same object."""

    def fresh(self) -> Journal:
        """Return a new, empty memory journal."""
        return MemoryJournal()

    def reopen(self, journal: Journal) -> Journal:
        """Return *journal* itself (memory has no second handle)."""
        return journal

    def close_all(self) -> None:
        """Nothing to close."""


@attrs.define
class SqliteStores:
    """`StoreFactory` of `SqliteJournal`: one new file per fresh journal."""

    directory: Path
    _opened: list[SqliteJournal] = attrs.field(factory=list, init=False)
    _counter: Iterator[int] = attrs.field(factory=itertools.count, init=False)

    def fresh(self) -> Journal:
        """Return a journal in a new file under `directory`."""
        return self._open(self.directory / f"journal-{next(self._counter)}.db")

    def reopen(self, journal: Journal) -> Journal:
        """Open the same file again (a second connection)."""
        if not isinstance(journal, SqliteJournal):
            raise InvalidValueError("journal", "a SqliteJournal", journal)
        return self._open(journal.path)

    def _open(self, path: Path) -> SqliteJournal:
        journal = SqliteJournal(path)
        self._opened.append(journal)
        return journal

    def close_all(self) -> None:
        """Close every connection opened."""
        for journal in self._opened:
            journal.close()


@attrs.define
class PostgresStores:
    """`StoreFactory` of `PostgresJournal`: one new chain per fresh journal."""

    dsn: str
    _opened: list[PostgresJournal] = attrs.field(factory=list, init=False)

    def fresh(self) -> Journal:
        """Return a journal on a new, uniquely named chain."""
        return self._open(f"contract-{uuid.uuid4().hex}")

    def reopen(self, journal: Journal) -> Journal:
        """Connect again to the same chain."""
        if not isinstance(journal, PostgresJournal):
            raise InvalidValueError("journal", "a PostgresJournal", journal)
        return self._open(journal.chain)

    def _open(self, chain: str) -> PostgresJournal:
        journal = PostgresJournal(self.dsn, chain=chain)
        self._opened.append(journal)
        return journal

    def close_all(self) -> None:
        """Close every connection opened."""
        for journal in self._opened:
            journal.close()


# -- strategies --------------------------------------------------------------------

_names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
    min_size=1,
    max_size=8,
)
_texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
_amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2)
_instants = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from([CHINA_TZ, UTC]),
)


@st.composite
def contract_events(draw: st.DrawFn, streams: Sequence[str] = ("a", "b", "c")) -> Event:
    """Draw an arbitrary contract event on one of *streams*."""
    stream = draw(st.sampled_from(streams))
    key = draw(_names)
    at = draw(_instants)
    if draw(st.booleans()):
        return ContractNoteStruck(
            stream=stream, key=key, occurred_at=at, reason=draw(_texts)
        )
    return ContractNoteFiled(
        stream=stream,
        key=key,
        occurred_at=at,
        text=draw(_texts),
        amount=draw(_amounts),
        tags=tuple(draw(st.lists(_texts, max_size=3))),
        day=draw(st.none() | st.dates()),
    )
