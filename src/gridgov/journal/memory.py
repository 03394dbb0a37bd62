"""
`MemoryJournal`: the default journal (内存日志), held in this process only.

It keeps exactly what the durable stores keep — canonical payloads, versions and
the hash chain — so code tested against it behaves the same on SQLite or
PostgreSQL; it simply forgets everything when the process ends. Appends are
serialised by a lock, so threads may share one.

>>> import attrs
>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ, Event
>>> @attrs.frozen(kw_only=True)
... class MemoDoorKnocked(Event):
...     household: str
>>> at = datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ)
>>> journal = MemoryJournal()
>>> [
...     r.sequence
...     for r in journal.append(
...         [
...             MemoDoorKnocked(
...                 stream="hh:H001", key="v1", household="H001", occurred_at=at
...             )
...         ]
...     )
... ]
[1]
>>> journal.stream_version("hh:H001"), journal.verify().ok
(1, True)
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Sequence

import cattrs

from gridgov.domain.events import Event
from gridgov.journal._append import AppendPlan, Expectations, plan_append
from gridgov.journal._base import JournalBase, merged_township
from gridgov.journal.chain import Anchor, verify_rows
from gridgov.journal.records import ChainHead, JournalTownship, StoredRow, Verification

__all__ = ["MemoryJournal"]


class _MemoryView:
    """The `AppendView` of a memory journal (read under its lock)."""

    def __init__(self, journal: MemoryJournal) -> None:
        self._journal = journal

    def head(self) -> ChainHead:
        return self._journal.head()

    def version(self, stream: str) -> int:
        return self._journal.stream_version(stream)

    def find(self, stream: str, key: str) -> StoredRow | None:
        index = self._journal._by_key.get((stream, key))  # noqa: SLF001
        return None if index is None else self._journal._rows[index]  # noqa: SLF001


class MemoryJournal(JournalBase):
    """
    A journal in memory: fast, thread-safe, gone when the process ends.

    Args:
        converter: The converter used to (de)serialise events.
    """

    store_name = "memory"

    def __init__(self, *, converter: cattrs.Converter | None = None) -> None:
        super().__init__(converter=converter)
        self._lock = threading.Lock()
        self._rows: list[StoredRow] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self._streams: dict[str, list[int]] = {}
        self._types: dict[str, list[int]] = {}
        self._township: JournalTownship | None = None

    def _write(
        self,
        events: Sequence[Event],
        payloads: Sequence[str],
        expected_version: int | None,
        expect: Expectations,
    ) -> AppendPlan:
        with self._lock:
            plan = plan_append(
                events, payloads, expected_version, _MemoryView(self), expect
            )
            start = len(self._rows)
            # One step, so a reader without the lock sees all of a batch or none.
            self._rows.extend(plan.new_rows)
            for index, row in enumerate(plan.new_rows, start):
                self._by_key[row.stream, row.key] = index
                self._streams.setdefault(row.stream, []).append(index)
                self._types.setdefault(row.type, []).append(index)
            return plan

    def _rows_after(self, after: int, limit: int) -> Sequence[StoredRow]:
        # Sequences are 1-based and gap-free, so sequence n sits at index n - 1.
        return self._rows[after : after + limit]

    def _stream_rows(self, stream: str, after: int, limit: int) -> Sequence[StoredRow]:
        indexes = self._streams.get(stream, [])
        return [self._rows[i] for i in indexes[after : after + limit]]

    def _type_rows(
        self, names: tuple[str, ...], after: int, limit: int
    ) -> Sequence[StoredRow]:
        merged: list[int] = []
        for name in names:
            indexes = self._types.get(name, [])
            # Index i holds sequence i + 1: skip everything at or before *after*.
            start = bisect.bisect_left(indexes, after)
            merged.extend(indexes[start : start + limit])
        merged.sort()
        return [self._rows[i] for i in merged[:limit]]

    def _verify(self, anchor: Anchor | None, expect_count: int | None) -> Verification:
        """Walk the rows recorded when the walk starts (rows are never changed)."""
        with self._lock:
            count = len(self._rows)
        # The list only grows, and its first *count* rows never change.
        return verify_rows(
            itertools.islice(self._rows, count), anchor, expect_count=expect_count
        )

    def township(self) -> JournalTownship | None:
        """Return the township the journal records, or None if it records none."""
        return self._township

    def _record_township(self, township: JournalTownship) -> JournalTownship:
        with self._lock:
            recorded, write = merged_township(self._township, township)
            if write:
                self._township = recorded
            return recorded

    def stream_version(self, stream: str) -> int:
        """Return the stream's current version (0 if it has no events)."""
        return len(self._streams.get(stream, ()))

    def head(self) -> ChainHead:
        """Return the last link of the chain (sequence 0 when empty)."""
        if not self._rows:
            return ChainHead()
        last = self._rows[-1]
        return ChainHead(last.sequence, last.hash)

    def __repr__(self) -> str:
        return f"MemoryJournal({len(self._rows)} events)"

    def close(self) -> None:
        """Nothing to release; the events stay readable."""
