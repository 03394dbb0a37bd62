r"""
The canonical form of an event, the SHA-256 hash chain (哈希链) and its verification.

Every store keeps an event as its **canonical payload**: the event unstructured by
the gridgov converter (``{"type": "CaseOpened", "stream": ..., ...}``; datetimes as
ISO 8601, Decimals as text, enums by value, personal identifiers NOT masked) and
written as JSON with sorted keys, no whitespace, UTF-8 text kept as is
(``ensure_ascii=False``) and no NaN or infinity. The same event always gives the
same bytes, which is what idempotency compares and what the chain hashes.

Each record's hash covers everything stored about it and the hash before it::

    header = JSON [sequence, stream, version, key, type, previous_hash]
    hash   = SHA-256( header + "\n" + payload )      (UTF-8, hex digest)

The first record's previous hash is `GENESIS_HASH` (64 zeros). Changing any byte
of any stored column of record *n* changes the hash recomputed for *n*, so
`verify_rows` reports *n* as the first broken link. Rewriting every later hash
as well goes unnoticed unless the head is anchored: publish `ChainHead`
(sequence and hash) somewhere else — a notice board, a report, another system —
and pass it to ``verify(anchor=...)``; that also catches a truncated tail.

>>> link_hash(GENESIS_HASH, 1, "s", 1, "k", "T", "{}")[:16]
'48245e44d6af5280'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

import cattrs

from gridgov.domain.events import Event, event_type
from gridgov.errors import GridgovError, IntegrityError, InvalidValueError
from gridgov.io.converter import make_converter
from gridgov.journal.records import (
    GENESIS_HASH,
    BrokenLink,
    ChainHead,
    RecordedEvent,
    StoredRow,
    Verification,
)

_quote = json.encoder.encode_basestring  # JSON string literal, UTF-8 kept

__all__ = ["EventCodec", "canonical_json", "link_hash", "verify_rows"]


def canonical_json(data: Any) -> str:
    """
    Write unstructured *data* as canonical JSON (sorted keys, no spaces, UTF-8).

    >>> canonical_json({"b": 1, "a": "网格"})
    '{"a":"网格","b":1}'
    """
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def link_hash(  # noqa: PLR0917 - one positional per hashed column
    previous: str,
    sequence: int,
    stream: str,
    version: int,
    key: str,
    type_name: str,
    payload: str,
) -> str:
    """Return the chain hash of one record (see the module docstring)."""
    # Byte for byte json.dumps([...], separators=(",", ":"), ensure_ascii=False),
    # without building the list and running the general encoder.
    header = (
        f"[{sequence},{_quote(stream)},{version},{_quote(key)},"
        f"{_quote(type_name)},{_quote(previous)}]"
    )
    return hashlib.sha256(f"{header}\n{payload}".encode()).hexdigest()


def row_hash(row: StoredRow, previous: str) -> str:
    """Recompute *row*'s chain hash given the previous record's hash."""
    return link_hash(
        previous, row.sequence, row.stream, row.version, row.key, row.type, row.payload
    )


def is_storable_name(value: str) -> bool:
    """
    Return whether every store can keep *value* as a stream name or key.

    It must be non-empty: PostgreSQL text holds no NUL and UTF-8 has no lone
    surrogates.
    """
    if not value or "\x00" in value:
        return False
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _check_name(name: str, value: str) -> None:
    if not is_storable_name(value):
        raise InvalidValueError(
            name, "non-empty text without NUL characters or lone surrogates", value
        )


class EventCodec:
    """
    Turns events into canonical payloads and stored rows back into events.

    Args:
        converter: A converter from `gridgov.io.make_converter` (a fresh one if
            omitted); pass your own if your events need extra hooks.
    """

    def __init__(self, converter: cattrs.Converter | None = None) -> None:
        self._converter = converter if converter is not None else make_converter()

    def encode(self, event: object) -> str:
        """
        Return the canonical payload of *event*, refusing what would not round-trip.

        Raises:
            InvalidValueError: *event* is not an `Event`, does not serialise to
                JSON, or does not read back equal to itself.
        """
        if not isinstance(event, Event):
            raise InvalidValueError(
                "events[]", "an instance of an Event subclass", event
            )
        _check_name("stream", event.stream)
        _check_name("key", event.key)
        try:
            data = self._converter.unstructure(event)
            payload = canonical_json(data)
            back = self._converter.structure(json.loads(payload), type(event))
        except (TypeError, ValueError, cattrs.BaseValidationError) as exc:
            raise InvalidValueError(
                "event", f"an event that serialises to JSON losslessly ({exc})", event
            ) from None
        try:
            payload.encode()
        except UnicodeEncodeError:
            raise InvalidValueError(
                "event", "text that is valid Unicode (no lone surrogates)", event
            ) from None
        if back != event:
            raise InvalidValueError(
                "event", "an event that reads back equal to itself from JSON", event
            )
        return payload

    def decode(self, row: StoredRow) -> RecordedEvent:
        """
        Rebuild the recorded event of a stored *row*.

        Raises:
            UnknownEntityError: The event type is not registered in this process
                (import the module that defines it).
            IntegrityError: The payload cannot be read as that event type.
        """
        cls = event_type(row.type)
        try:
            event = self._converter.structure(json.loads(row.payload), cls)
        except (GridgovError, TypeError, ValueError, cattrs.BaseValidationError) as exc:
            raise IntegrityError(
                f"event {row.sequence} ({row.type}) cannot be read: {exc}"
            ) from None
        return RecordedEvent(row.sequence, row.version, event, row.hash)


def verify_rows(
    rows: Iterable[StoredRow], anchor: ChainHead | None = None
) -> Verification:
    """
    Walk *rows* in sequence order and report the first broken link.

    Checks, for each row: its sequence is the next one (no gap, no repeat), its
    stream version is the next one for its stream, and its stored hash equals the
    hash recomputed from its columns and the previous hash. With an *anchor*, the
    row at the anchor's sequence must carry the anchor's hash, and the journal
    must reach that far.
    """
    previous = GENESIS_HASH
    expected = 1
    versions: dict[str, int] = {}
    for row in rows:
        reason = _row_problem(row, expected, previous, versions)
        if reason is None and _misses_anchor(row, anchor):
            reason = "its hash differs from the anchored head"
        if reason is not None:
            return Verification(
                expected - 1,
                ChainHead(expected - 1, previous),
                BrokenLink(expected, reason),
            )
        versions[row.stream] = row.version
        previous = row.hash
        expected += 1
    last = expected - 1
    if anchor is not None and anchor.sequence > last:
        missing = BrokenLink(
            expected,
            f"the journal ends at event {last} but the anchored head is event "
            f"{anchor.sequence}",
        )
        return Verification(last, ChainHead(last, previous), missing)
    return Verification(last, ChainHead(last, previous))


def _misses_anchor(row: StoredRow, anchor: ChainHead | None) -> bool:
    return (
        anchor is not None
        and row.sequence == anchor.sequence
        and (row.hash != anchor.hash)
    )


def _row_problem(
    row: StoredRow, expected: int, previous: str, versions: dict[str, int]
) -> str | None:
    if row.sequence != expected:
        return f"expected event {expected} next, found event {row.sequence}"
    want_version = versions.get(row.stream, 0) + 1
    if row.version != want_version:
        return (
            f"stream {row.stream!r} should be at version {want_version}, "
            f"found {row.version}"
        )
    if row_hash(row, previous) != row.hash:
        return "its stored hash does not match its content and the previous link"
    return None
