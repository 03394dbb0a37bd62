"""
The one append algorithm every store runs inside its own transaction or lock.

A store opens its transaction (or takes its lock), hands `plan_append` a view of
the committed state (`AppendView`), writes the rows of the returned plan and
commits. Everything that decides *what* to write — idempotency, the version
checks, sequence numbers, stream versions and hashes — is here, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import attrs

from gridgov.domain.events import Event
from gridgov.errors import IdempotencyConflictError, InvalidValueError
from gridgov.journal.chain import is_storable_name, link_hash
from gridgov.journal.errors import WrongVersionError
from gridgov.journal.records import ChainHead, StoredRow

__all__ = [
    "AppendPlan",
    "AppendView",
    "Expectations",
    "check_expect",
    "check_expected_version",
    "plan_append",
]

Expectations = tuple[tuple[str, int], ...]
"""The ``(stream, version)`` pairs of an append's ``expect``, in the caller's order."""


class AppendView(Protocol):
    """What the append algorithm needs to read, inside the writer's transaction."""

    def head(self) -> ChainHead:
        """Return the last committed link."""
        ...

    def version(self, stream: str) -> int:
        """Return the stream's current version (0 if it has no events)."""
        ...

    def find(self, stream: str, key: str) -> StoredRow | None:
        """Return the row recorded under *stream* and *key*, if any."""
        ...


@attrs.frozen
class AppendPlan:
    """
    What an append writes and what it returns.

    Attributes:
        new_rows: Rows to insert, in sequence order (empty for a pure retry).
        results: One row per input event, in input order (original rows for
            events already recorded).
        fresh: For each result, the caller's event when it is new in this append
            (so it need not be decoded again), else None.
    """

    new_rows: tuple[StoredRow, ...]
    results: tuple[StoredRow, ...]
    fresh: tuple[Event | None, ...]

    @property
    def head(self) -> ChainHead | None:
        """The new chain head, or None when nothing is written."""
        if not self.new_rows:
            return None
        last = self.new_rows[-1]
        return ChainHead(last.sequence, last.hash)


def is_count(value: object, minimum: int = 0) -> bool:
    """Return whether *value* is a true ``int`` (not a bool) of at least *minimum*."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def check_expected_version(
    events: Sequence[Event], expected_version: int | None
) -> None:
    """
    Refuse an *expected_version* that is not a count, or a batch across streams.

    Raises:
        InvalidValueError: Naming ``expected_version`` and what was given.
    """
    if expected_version is None:
        return
    if not is_count(expected_version):
        raise InvalidValueError(
            "expected_version", "None or an integer >= 0", expected_version
        )
    streams = sorted({e.stream for e in events})
    if len(streams) > 1:
        raise InvalidValueError(
            "expected_version",
            "events of a single stream when a version is expected",
            streams,
        )


def check_expect(expect: object) -> Expectations:
    """
    Return *expect* as ``(stream, version)`` pairs, refusing what is not one.

    *expect* must be None or a mapping of non-empty stream names (text a store
    can keep) to versions (integers >= 0, not bools).

    Raises:
        InvalidValueError: Naming ``expect`` or the entry ``expect[...]`` at fault.
    """
    if expect is None:
        return ()
    if not isinstance(expect, Mapping):
        raise InvalidValueError(
            "expect", "None or a mapping of stream names to versions", expect
        )
    pairs: list[tuple[str, int]] = []
    for stream, version in expect.items():
        if not (isinstance(stream, str) and is_storable_name(stream)):
            raise InvalidValueError(
                f"expect[{stream!r}]",
                "a stream name: non-empty text without NUL characters or lone "
                "surrogates",
                stream,
            )
        if not is_count(version):
            raise InvalidValueError(f"expect[{stream!r}]", "an integer >= 0", version)
        pairs.append((stream, version))
    return tuple(pairs)


def plan_append(
    events: Sequence[Event],
    payloads: Sequence[str],
    expected_version: int | None,
    view: AppendView,
    expect: Expectations = (),
) -> AppendPlan:
    """
    Decide what appending *events* (already encoded as *payloads*) writes.

    Events already recorded under the same stream and key with the same payload
    are returned as recorded and not written again; the version checks apply
    only when something new is written, so retrying a successful append returns
    its original records instead of failing.

    Raises:
        IdempotencyConflictError: A stream and key already recorded (or repeated
            in the batch) with a different payload.
        WrongVersionError: *expected_version* is not the batch's stream's
            version, or a stream of *expect* is not at its version (the first
            that differs, checked in that order).
    """
    known: dict[tuple[str, str], StoredRow | None] = {}
    pending: dict[tuple[str, str], str] = {}
    for event, payload in zip(events, payloads, strict=True):
        slot = (event.stream, event.key)
        if slot in pending:
            if pending[slot] != payload:
                raise IdempotencyConflictError(
                    event.key,
                    detail=f"repeated in one append to stream {event.stream!r}",
                )
            continue
        if slot not in known:
            known[slot] = view.find(*slot)
        found = known[slot]
        if found is None:
            pending[slot] = payload
        elif found.payload != payload:
            raise IdempotencyConflictError(
                event.key,
                detail=f"stream {event.stream!r} recorded it as event {found.sequence}",
            )
    if pending:
        _check_versions(events[0].stream, expected_version, expect, view)
    return _assign(events, payloads, known, view)


def _check_versions(
    stream: str, expected_version: int | None, expect: Expectations, view: AppendView
) -> None:
    """Raise `WrongVersionError` for the first expected version that is not current."""
    checks = expect
    if expected_version is not None:
        checks = ((stream, expected_version), *expect)
    for name, version in checks:
        actual = view.version(name)
        if actual != version:
            raise WrongVersionError(name, version, actual)


def _assign(
    events: Sequence[Event],
    payloads: Sequence[str],
    known: dict[tuple[str, str], StoredRow | None],
    view: AppendView,
) -> AppendPlan:
    head = view.head() if any(row is None for row in known.values()) else ChainHead()
    sequence, previous = head.sequence, head.hash
    versions: dict[str, int] = {}
    written: dict[tuple[str, str], StoredRow] = {}
    new_rows: list[StoredRow] = []
    results: list[StoredRow] = []
    fresh: list[Event | None] = []
    for event, payload in zip(events, payloads, strict=True):
        slot = (event.stream, event.key)
        row = known[slot] or written.get(slot)
        if row is not None:
            results.append(row)
            fresh.append(None)
            continue
        if event.stream not in versions:
            versions[event.stream] = view.version(event.stream)
        versions[event.stream] += 1
        sequence += 1
        version = versions[event.stream]
        type_name = event.type_name
        digest = link_hash(
            previous, sequence, event.stream, version, event.key, type_name, payload
        )
        row = StoredRow(
            sequence, event.stream, version, event.key, type_name, payload, digest
        )
        previous = digest
        written[slot] = row
        new_rows.append(row)
        results.append(row)
        fresh.append(event)
    return AppendPlan(tuple(new_rows), tuple(results), tuple(fresh))
