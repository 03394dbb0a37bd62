"""
What a journal hands back: recorded events, the chain head and verification results.

A `RecordedEvent` (已记录事件) is an `Event` together with where the journal put
it: its global ``sequence`` (全局序号, 1, 2, 3 … with no gaps), its ``version``
within its stream (流版本, 1, 2, 3 …) and the SHA-256 ``hash`` that links it to
the event before it (哈希链). `StoredRow` is the same thing as raw columns, the
form in which every store keeps it and `gridgov.journal.chain.verify_rows`
checks it.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from gridgov.domain.events import Event
from gridgov.journal.errors import ChainBrokenError

__all__ = [
    "GENESIS_HASH",
    "BrokenLink",
    "ChainHead",
    "DamagedRow",
    "JournalTownship",
    "RecordedEvent",
    "StoredRow",
    "Verification",
]

GENESIS_HASH = "0" * 64
"""The "previous hash" of the first event of every chain (创世哈希)."""


class StoredRow(NamedTuple):
    """
    One event exactly as a store keeps it (a row of the events table).

    Attributes:
        sequence: Global position, 1-based and gap-free.
        stream: The event's stream.
        version: Position within the stream, 1-based and gap-free.
        key: The event's idempotency key (unique within the stream).
        type: The event's registered type name.
        payload: Canonical JSON of the event (see `gridgov.journal.chain`).
        hash: SHA-256 hex digest linking this row to the previous one.
    """

    sequence: int
    stream: str
    version: int
    key: str
    type: str
    payload: str
    hash: str


class DamagedRow(NamedTuple):
    """
    A row `verify` could not read as a `StoredRow` (damaged data, 损坏的记录).

    Stores hand these to `gridgov.journal.chain.verify_rows` instead of
    raising, so that a damaged row is reported as the first broken link.

    Attributes:
        sequence: The row's sequence, or None when even that cannot be read
            (the walk then stops at the next expected event).
        reason: What is wrong, in words; never the damaged bytes themselves.
    """

    sequence: int | None
    reason: str


@attrs.frozen
class RecordedEvent:
    """
    An event as recorded in a journal (已记录事件).

    Attributes:
        sequence: Global position in the journal (全局序号), from 1.
        version: Position within its stream (流版本), from 1.
        event: The event itself.
        hash: The chain hash of this record (SHA-256, hex).
    """

    sequence: int
    version: int
    event: Event
    hash: str

    @property
    def stream(self) -> str:
        """The stream the event belongs to."""
        return self.event.stream

    @property
    def key(self) -> str:
        """The event's idempotency key."""
        return self.event.key


@attrs.frozen
class ChainHead:
    """
    The last link of a hash chain (链头): publish it to anchor the chain.

    Attributes:
        sequence: Sequence number of the last event (0 for an empty journal).
        hash: Its chain hash (`GENESIS_HASH` for an empty journal).
    """

    sequence: int = 0
    hash: str = GENESIS_HASH


@attrs.frozen
class BrokenLink:
    """
    The first place where a journal stops matching its hash chain (断链).

    Attributes:
        sequence: The sequence number of the first event that fails.
        reason: What is wrong there, in words.
    """

    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"event {self.sequence}: {self.reason}"


@attrs.frozen
class Verification:
    """
    The outcome of `Journal.verify` (校验结果).

    Attributes:
        checked: How many events were checked before stopping.
        head: The last good link (the whole chain's head when ``ok``).
        broken: The first broken link, or None when the chain is intact.
    """

    checked: int
    head: ChainHead
    broken: BrokenLink | None = None

    @property
    def ok(self) -> bool:
        """True when every event matched the chain."""
        return self.broken is None

    def raise_if_broken(self) -> Verification:
        """
        Return self when intact, else raise `ChainBrokenError` at the first break.

        Raises:
            ChainBrokenError: Carrying ``sequence`` and ``reason`` of the break.
        """
        if self.broken is not None:
            raise ChainBrokenError(self.broken.sequence, self.broken.reason)
        return self


@attrs.frozen
class JournalTownship:
    """
    Which township a journal belongs to (日志所属乡镇), recorded when it is created.

    A Workspace records it when it creates a journal (or first opens one
    written before gridgov recorded it) and refuses a journal recorded for
    another township (`gridgov.journal.errors.WrongTownshipError`).

    Attributes:
        name: The township's name (the roster's name, e.g. ``"裴村社区"``).
        code: Its region code (区划代码): the code of its town, the chain
            name of its PostgreSQL journal.
        specs_digest: SHA-256 (hex) of the specs it was created with; a later
            digest that differs means the specs were edited since (allowed,
            and reported).
        specs: The township directory its specs were loaded from (absolute),
            when known, so that tools can find them again; None otherwise.

    >>> t = JournalTownship("裴村社区", "410381003", "ab" * 32)
    >>> str(t), t.same_township(JournalTownship("裴村社区", "410381003", "00" * 32))
    ('裴村社区 (410381003)', True)
    """

    name: str
    code: str
    specs_digest: str
    specs: str | None = None

    def same_township(self, other: JournalTownship) -> bool:
        """Whether *other* names the same township (name and code; not the digest)."""
        return (self.name, self.code) == (other.name, other.code)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
