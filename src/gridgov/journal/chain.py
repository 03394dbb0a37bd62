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
from collections.abc import Iterable, Sequence
from typing import Any, TypeGuard

import cattrs

from gridgov.domain.events import Event, event_type
from gridgov.errors import GridgovError, IntegrityError, InvalidValueError
from gridgov.io.converter import make_converter
from gridgov.journal.records import (
    GENESIS_HASH,
    BrokenLink,
    ChainHead,
    DamagedRow,
    RecordedEvent,
    StoredRow,
    Verification,
)

_quote = json.encoder.encode_basestring  # JSON string literal, UTF-8 kept

__all__ = [
    "Anchor",
    "EventCodec",
    "canonical_json",
    "check_verify_args",
    "is_hash",
    "link_hash",
    "stored_row",
    "verify_rows",
]


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


Anchor = ChainHead | str
"""What ``verify(anchor=...)`` takes: a `ChainHead` (sequence and hash), or just
the hash of a link published earlier."""

_TEXT_COLUMNS = ("stream", "key", "type", "payload", "hash")


def check_verify_args(anchor: object, expect_count: object) -> None:
    """
    Refuse an anchor or expected count that ``verify`` cannot use.

    Raises:
        InvalidValueError: Naming ``anchor`` or ``expect_count``.
    """
    if anchor is not None and not _is_anchor(anchor):
        raise InvalidValueError(
            "anchor",
            "None, a ChainHead with a sequence >= 0 and a 64-digit hex hash, or "
            "such a hash",
            anchor,
        )
    if expect_count is not None and not (
        isinstance(expect_count, int)
        and not isinstance(expect_count, bool)
        and expect_count >= 0
    ):
        raise InvalidValueError("expect_count", "None or an integer >= 0", expect_count)


def _is_anchor(anchor: object) -> bool:
    if isinstance(anchor, str):
        return is_hash(anchor)
    if isinstance(anchor, ChainHead):
        seq: object = anchor.sequence  # attrs does not check types
        return (
            isinstance(seq, int)
            and not isinstance(seq, bool)
            and seq >= 0
            and is_hash(anchor.hash)
        )
    return False


def is_hash(value: object) -> TypeGuard[str]:
    """Whether *value* is a SHA-256 hex digest as the chain writes it (64 digits)."""
    return (
        isinstance(value, str)
        and len(value) == len(GENESIS_HASH)
        and all(c in "0123456789abcdef" for c in value)
    )


def stored_row(values: Sequence[Any]) -> StoredRow | DamagedRow:
    """
    Read one raw events-table row as a `StoredRow`, or a `DamagedRow` saying why not.

    *values* are the seven columns in `StoredRow` order as a driver returned
    them; text may come as UTF-8 bytes (read so that invalid UTF-8 is
    reported, never raised). The reason never quotes the stored value.
    """
    try:  # the common case, fast: integers and UTF-8 bytes as written
        sequence, stream, version, key, type_name, payload, digest = values
        if type(sequence) is int and type(version) is int:
            return StoredRow(
                sequence,
                stream.decode(),
                version,
                key.decode(),
                type_name.decode(),
                payload.decode(),
                digest.decode(),
            )
    except (AttributeError, UnicodeDecodeError, ValueError, TypeError):
        pass
    return _checked_row(values)


def _checked_row(values: Sequence[object]) -> StoredRow | DamagedRow:
    """`stored_row` the slow way: every column checked, the fault named."""
    if len(values) != len(StoredRow._fields):
        return DamagedRow(None, "a row of the events table has the wrong columns")
    sequence, stream, version, key, type_name, payload, digest = values
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        return DamagedRow(None, "a row's sequence is not a whole number")
    if not isinstance(version, int) or isinstance(version, bool):
        return DamagedRow(sequence, "its stream version is not a whole number")
    texts: list[str] = []
    for column, value in zip(
        _TEXT_COLUMNS, (stream, key, type_name, payload, digest), strict=True
    ):
        text = _text(value)
        if text is None:
            what = "missing" if value is None else "not valid UTF-8 text"
            return DamagedRow(sequence, f"its {column} is {what}")
        texts.append(text)
    return StoredRow(
        sequence, texts[0], version, texts[1], texts[2], texts[3], texts[4]
    )


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return value if is_utf8(value) else None
    if isinstance(value, bytes | bytearray | memoryview):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def is_utf8(text: str) -> bool:
    """Whether *text* encodes to UTF-8 (no lone surrogates)."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def verify_rows(
    rows: Iterable[StoredRow | DamagedRow],
    anchor: Anchor | None = None,
    *,
    expect_count: int | None = None,
) -> Verification:
    """
    Walk *rows* in sequence order and report the first broken link.

    Checks, for each row: it could be read (a `DamagedRow` is broken there),
    its sequence is the next one (no gap, no repeat), its stream version is
    the next one for its stream, and its stored hash equals the hash
    recomputed from its columns and the previous hash. With an *anchor*
    (`ChainHead`), the row at the anchor's sequence must carry the anchor's
    hash, and the journal must reach that far; with an anchor that is only a
    hash, some row must carry it. With *expect_count*, the journal must hold
    at least that many events (a journal only grows). Never raises on
    damaged rows: the first bad one is named in the result.

    Raises:
        InvalidValueError: *anchor* or *expect_count* is not usable.
    """
    check_verify_args(anchor, expect_count)
    previous = GENESIS_HASH
    expected = 1
    versions: dict[str, int] = {}
    met_anchor = not isinstance(anchor, str) or anchor == GENESIS_HASH
    for row in rows:
        reason = _row_problem(row, expected, previous, versions)
        if reason is None and _misses_anchor(row, anchor):
            reason = "its hash differs from the anchored head"
        if reason is not None or not isinstance(row, StoredRow):
            return Verification(
                expected - 1,
                ChainHead(expected - 1, previous),
                BrokenLink(expected, reason or "it cannot be read"),
            )
        if not met_anchor and row.hash == anchor:
            met_anchor = True
        versions[row.stream] = row.version
        previous = row.hash
        expected += 1
    last = expected - 1
    head = ChainHead(last, previous)
    missing = _short_end(last, anchor, met_anchor, expect_count)
    if missing is not None:
        return Verification(last, head, BrokenLink(expected, missing))
    return Verification(last, head)


def _short_end(
    last: int, anchor: Anchor | None, met_anchor: bool, expect_count: int | None
) -> str | None:
    """Why the journal ends too early for its anchor or count, or None."""
    if isinstance(anchor, ChainHead) and anchor.sequence > last:
        return (
            f"the journal ends at event {last} but the anchored head is event "
            f"{anchor.sequence}"
        )
    if not met_anchor:
        return (
            f"the journal ends at event {last} without the anchored hash: events "
            "were removed from its end, or the chain was rewritten"
        )
    if expect_count is not None and last < expect_count:
        return (
            f"the journal ends at event {last} but {expect_count} events were "
            "expected: events were removed from its end"
        )
    return None


def _misses_anchor(row: StoredRow | DamagedRow, anchor: Anchor | None) -> bool:
    return (
        isinstance(anchor, ChainHead)
        and row.sequence == anchor.sequence
        and isinstance(row, StoredRow)
        and row.hash != anchor.hash
    )


def _row_problem(
    row: StoredRow | DamagedRow,
    expected: int,
    previous: str,
    versions: dict[str, int],
) -> str | None:
    if row.sequence is not None and row.sequence != expected:
        if row.sequence < expected:
            return (
                f"found event {row.sequence} where event {expected} should be "
                "(a sequence number out of place)"
            )
        return f"expected event {expected} next, found event {row.sequence}"
    if isinstance(row, DamagedRow):
        return row.reason
    want_version = versions.get(row.stream, 0) + 1
    if row.version != want_version:
        return (
            f"stream {row.stream!r} should be at version {want_version}, "
            f"found {row.version}"
        )
    if row_hash(row, previous) != row.hash:
        return "its stored hash does not match its content and the previous link"
    return None
