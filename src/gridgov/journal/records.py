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
