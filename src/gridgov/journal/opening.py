"""
Journal targets: open one, verify one read-only, anchor it (日志目标).

A host application's configuration names its journal in one string: a SQLite
file, a ``postgresql://`` URL or ``":memory:"``. `open_journal` opens it.

>>> open_journal(":memory:")
MemoryJournal(0 events)

**Verifying a target.** `verify_target` is what ``gridgov verify`` runs: it opens
the target **read-only** (a SQLite file with ``mode=ro``; a PostgreSQL session
whose transactions are all ``READ ONLY``), refuses a target that is not a
gridgov journal (`gridgov.journal.errors.NotAJournalError`), and verifies each
chain in one snapshot: the one chain of a SQLite file (named `SQLITE_CHAIN`);
every chain of a PostgreSQL database, or the one named. It creates nothing and
changes nothing.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> SqliteJournal(folder / "town.db").close()
>>> [(c.chain, c.ok, c.verification.checked) for c in verify_target(folder / "town.db")]
[('main', True, 0)]

**Anchors** (锚点): a chain head kept somewhere else, to check the journal
against later. A hash chain shows that no event was changed *given the head*;
whoever can rewrite the database can also cut its tail or recompute every
hash. Keep the head — a sequence and a hash — outside the database (a report, a
notice board, another machine) and pass it back to ``verify``: the chain must
still hold that exact link and reach that far. Written forms:

* on a command line, ``SEQUENCE:HASH`` (or just ``HASH``), read by `parse_anchor`;
* an **anchor file**, JSON, one head per chain, written by `save_anchor`
  (``gridgov verify DB --save-anchor FILE``, `gridgov.app.Workspace.save_anchor`)
  and read by `load_anchor` (``gridgov verify DB --anchor-file FILE``)::

      {
          "gridgov_anchor": 1,
          "chains": {"main": {"sequence": 1234, "hash": "9f86d0…"}},
          "township": "裴村社区 (410381003)",
      }

  A SQLite journal has one chain, ``"main"``; a PostgreSQL database one per
  chain name. ``township`` is for the reader; it is not checked.

>>> parse_anchor("12:" + "ab" * 32) == ChainHead(12, "ab" * 32)
True
>>> parse_anchor("AB" * 32) == "ab" * 32
True
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import attrs

from gridgov.errors import InvalidValueError, UnknownEntityError
from gridgov.journal.chain import Anchor, check_verify_args, is_hash
from gridgov.journal.memory import MemoryJournal
from gridgov.journal.postgres import PostgresJournal
from gridgov.journal.protocol import Journal
from gridgov.journal.records import (
    BrokenLink,
    ChainHead,
    JournalTownship,
    Verification,
)
from gridgov.journal.sqlite import SqliteJournal

__all__ = [
    "ANCHOR_FORMAT",
    "SQLITE_CHAIN",
    "ChainCheck",
    "is_postgres",
    "load_anchor",
    "open_journal",
    "parse_anchor",
    "save_anchor",
    "shown_target",
    "verify_target",
]

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def open_journal(
    target: str | Path | None = None, *, chain: str = "main", read_only: bool = False
) -> Journal:
    """
    Open the journal that *target* names.

    Args:
        target: ``None`` or ``":memory:"`` for a `MemoryJournal`; a URL starting
            ``postgresql://`` (or ``postgres://``) for a `PostgresJournal`; any
            other string or path is a SQLite file for a `SqliteJournal`.
        chain: The chain name, for PostgreSQL (ignored by the other stores).
        read_only: Open an existing journal without creating or changing
            anything (what ``gridgov verify`` does); ignored for memory.

    Raises:
        InvalidValueError: *target* is neither text, a path nor None.
        StoreError: The store cannot be opened.
        NotAJournalError: With *read_only*: *target* is not a gridgov journal.
        MissingExtraError: A PostgreSQL URL without the ``postgres`` extra.
    """
    if target is None or target == ":memory:":
        return MemoryJournal()
    if is_postgres(target):
        return PostgresJournal(str(target), chain=chain, read_only=read_only)
    return _sqlite(target, read_only=read_only)


def is_postgres(target: object) -> bool:
    """
    Whether *target* names a PostgreSQL database (a ``postgresql://`` URL).

    >>> is_postgres("postgresql://gridgov@db/town"), is_postgres("town.db")
    (True, False)
    """
    return isinstance(target, str) and target.startswith(_POSTGRES_SCHEMES)


def _sqlite(target: object, *, read_only: bool) -> Journal:
    if isinstance(target, str | Path) and str(target):
        return SqliteJournal(target, read_only=read_only)
    raise InvalidValueError(
        "target", "':memory:', a postgresql:// URL or a file path", target
    )


# -- verifying a target ---------------------------------------------------------

SQLITE_CHAIN = "main"
"""The name of a SQLite journal's one chain (in anchor files and reports)."""


@attrs.frozen
class ChainCheck:
    """
    The verification of one chain of a journal target (链校验).

    Attributes:
        chain: The chain's name (``"main"`` for a SQLite file).
        verification: What ``verify`` found.
        township: The township the chain records (None: none recorded, or
            the chain is missing).
    """

    chain: str
    verification: Verification
    township: JournalTownship | None = None

    @property
    def ok(self) -> bool:
        """True when the chain is intact (and reaches its anchor and count)."""
        return self.verification.ok


def verify_target(
    target: str | PathLike[str],
    *,
    chain: str | None = None,
    anchor: Anchor | None = None,
    anchors: Mapping[str, ChainHead] | None = None,
    expect_count: int | None = None,
) -> tuple[ChainCheck, ...]:
    """
    Verify, read-only, the chain(s) of the journal *target* names.

    Args:
        target: A SQLite file or a ``postgresql://`` URL.
        chain: Only this chain (PostgreSQL); by default every chain.
        anchor: A head (or hash) the one chain verified must still hold.
        anchors: Heads by chain name (from an anchor file): each chain named
            must hold its head; a chain named that the target does not hold
            is reported broken at event 1.
        expect_count: The one chain verified must hold at least this many
            events.

    Returns:
        One `ChainCheck` per chain, in chain-name order.

    Raises:
        NotAJournalError: *target* is not a gridgov journal (nothing changed).
        UnknownEntityError: *chain* is not in the database.
        InvalidValueError: *anchor* or *expect_count* with several chains and
            no *chain*, or a bad anchor or count.
        StoreError: The target cannot be read at all.
    """
    check_verify_args(anchor, expect_count)
    heads = dict(anchors or {})
    for name, head in heads.items():
        check_verify_args(head, None)
        if not isinstance(name, str):
            raise InvalidValueError(
                "anchors", "a mapping of chain names to heads", name
            )
    names = _chains(target, chain)
    single = anchor is not None or expect_count is not None
    if single and len(names) != 1:
        raise InvalidValueError(
            "anchor" if anchor is not None else "expect_count",
            "one chain to apply to: name it (--chain) when the database holds several",
            f"{len(names)} chains",
        )
    checks = [
        _check_one(
            target,
            name,
            anchor if anchor is not None else heads.get(name),
            expect_count,
        )
        for name in names
    ]
    for name in sorted(set(heads) - set(names)):
        if chain is None or name == chain:
            missing = BrokenLink(
                1,
                f"the journal holds no chain {name!r}, but the anchor names it "
                f"(event {heads[name].sequence})",
            )
            checks.append(ChainCheck(name, Verification(0, ChainHead(), missing)))
    return tuple(sorted(checks, key=lambda c: c.chain))


def _chains(target: str | PathLike[str], chain: str | None) -> tuple[str, ...]:
    if not is_postgres(target):
        if chain not in {None, SQLITE_CHAIN}:
            raise UnknownEntityError(
                "journal chain",
                chain,
                hint=f"a SQLite journal has one chain, {SQLITE_CHAIN!r}",
            )
        return (SQLITE_CHAIN,)
    if chain is not None:
        return (chain,)  # opening it read-only checks that it exists
    return PostgresJournal.list_chains(str(target))


def _open(target: str | PathLike[str], chain: str) -> Journal:
    if is_postgres(target):
        return PostgresJournal(str(target), chain=chain, read_only=True)
    return SqliteJournal(Path(target), read_only=True)


def _check_one(
    target: str | PathLike[str],
    chain: str,
    anchor: Anchor | None,
    expect_count: int | None,
) -> ChainCheck:
    with _open(target, chain) as journal:
        verification = journal.verify(anchor=anchor, expect_count=expect_count)
        township = journal.township()
    return ChainCheck(chain, verification, township)


def shown_target(target: str | PathLike[str]) -> str:
    """
    *target* as it may be printed: a PostgreSQL URL without its password.

    >>> shown_target("postgresql://clerk:s3cret@db.example/town")
    'postgresql://clerk:***@db.example/town'
    >>> shown_target("town.db")
    'town.db'
    """
    text = str(target)
    if not is_postgres(text):
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


# -- anchors ---------------------------------------------------------------------

ANCHOR_FORMAT = 1
"""The ``gridgov_anchor`` version this gridgov writes and reads."""

_MAX_BYTES = 4 * 1024 * 1024


def parse_anchor(text: str) -> ChainHead | str:
    """
    Read an anchor written ``SEQUENCE:HASH`` (a `ChainHead`) or ``HASH`` (text).

    Prefer ``SEQUENCE:HASH``: with a bare hash, a chain rewritten before the
    anchored link can only be reported at its end, not at the link.

    Raises:
        InvalidValueError: Naming ``anchor`` and what was given.
    """
    expected = "SEQUENCE:HASH or HASH (a SHA-256 digest: 64 hex digits)"
    if not isinstance(text, str):
        raise InvalidValueError("anchor", expected, text)
    sequence, colon, digest = text.strip().rpartition(":")
    digest = digest.lower()
    if not is_hash(digest):
        raise InvalidValueError("anchor", expected, text)
    if not colon:
        return digest
    if not sequence.isdigit() or not sequence.isascii():
        raise InvalidValueError("anchor", expected, text)
    return ChainHead(int(sequence), digest)


def save_anchor(
    path: str | PathLike[str],
    heads: Mapping[str, ChainHead],
    *,
    township: JournalTownship | None = None,
) -> Path:
    """
    Write *heads* (chain name → head) to the anchor file *path*; return its path.

    The file is replaced whole (written beside it, then renamed), so a reader
    never sees half of it.

    Raises:
        InvalidValueError: *heads* is not a mapping of chain names to heads.
        OSError: The file cannot be written.
    """
    given: object = heads  # callers may pass anything
    if not isinstance(given, Mapping) or not given:
        raise InvalidValueError("heads", "a mapping of chain names to heads", heads)
    chains: dict[str, dict[str, object]] = {}
    for chain, head in given.items():
        if not (isinstance(chain, str) and chain) or not isinstance(head, ChainHead):
            raise InvalidValueError(f"heads[{chain!r}]", "a ChainHead", head)
        chains[chain] = {"sequence": head.sequence, "hash": head.hash}
    document: dict[str, object] = {"gridgov_anchor": ANCHOR_FORMAT, "chains": chains}
    if township is not None:
        document["township"] = str(township)
    target = Path(path)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def load_anchor(path: str | PathLike[str]) -> dict[str, ChainHead]:
    """
    Read an anchor file written by `save_anchor`: chain name → head.

    Raises:
        InvalidValueError: The file is missing, unreadable or not an anchor
            file; the message names the file and the entry at fault.
    """
    where = str(path)
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > _MAX_BYTES:
            raise InvalidValueError(
                where, "an anchor file (under 4 MB)", f"{size} bytes"
            )
        document = json.loads(source.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise InvalidValueError(where, "a readable anchor file", exc.strerror) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidValueError(
            where, "an anchor file (JSON, UTF-8)", "something else"
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("gridgov_anchor") != ANCHOR_FORMAT
    ):
        raise InvalidValueError(
            f"{where}: gridgov_anchor",
            f"{ANCHOR_FORMAT} (a gridgov anchor file)",
            document.get("gridgov_anchor") if isinstance(document, dict) else None,
        )
    chains = document.get("chains")
    if not isinstance(chains, dict) or not chains:
        raise InvalidValueError(
            f"{where}: chains", "an object of chain names to heads", chains
        )
    heads: dict[str, ChainHead] = {}
    for chain, entry in chains.items():
        sequence = entry.get("sequence") if isinstance(entry, dict) else None
        digest = entry.get("hash") if isinstance(entry, dict) else None
        if (
            not isinstance(sequence, int)
            or isinstance(sequence, bool)
            or sequence < 0
            or not is_hash(digest)
        ):
            raise InvalidValueError(
                f"{where}: chains[{chain!r}]",
                '{"sequence": an integer >= 0, "hash": 64 hex digits}',
                entry,
            )
        heads[chain] = ChainHead(sequence, digest)
    return heads
