"""
Argument helpers shared by the subcommands, and how a command finds its township.

A journal records the township it belongs to (see docs/journal.md). A command
on a journal (``plan``, ``report``, ``verify --fold``, ``doctor``) takes its
specs from ``--township DIR`` when given; otherwise from the township directory
the journal records, or the sample township when the journal is the sample's;
otherwise it asks for ``--township`` with a message saying why. ``plan`` and
``report`` then check, read-only, that the journal belongs to that township and
that its hash chain verifies (unless ``--no-verify``) before opening it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from gridgov.errors import GridgovError, IntegrityError, UnknownEntityError

if TYPE_CHECKING:
    from gridgov.app import WorkspaceConfig
    from gridgov.journal import JournalTownship

__all__ = [
    "WORKDAY_START",
    "Specs",
    "TownshipRequiredError",
    "UnverifiedJournalError",
    "check_journal",
    "existing_journal",
    "iso_day",
    "iso_moment",
    "journal_chain",
    "progress_bar",
    "township_specs",
]


def iso_day(text: str) -> date:
    """An argparse type: an ISO date (``2026-05-08``), or a usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"expected a date like 2026-05-08, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


WORKDAY_START = time(9)
"""The time a day given without one stands for (``--at 2026-11-02``: 09:00)."""


def iso_moment(text: str) -> datetime:
    """
    An argparse type: an ISO time, China time unless it gives an offset.

    ``2026-11-02T09:30``, ``2026-11-02 09:30``, ``2026-11-02T09:30+08:00``, or
    a day (``2026-11-02``: 09:00, `WORKDAY_START`); else a usage error.
    """
    from gridgov.domain.spans import CHINA_TZ  # noqa: PLC0415

    try:
        if len(text.strip()) == len("2026-11-02"):
            moment = datetime.combine(date.fromisoformat(text.strip()), WORKDAY_START)
        else:
            moment = datetime.fromisoformat(text.strip())
    except ValueError:
        msg = f"expected a time like 2026-11-02T09:30 or a day, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA_TZ)


def progress_bar(
    label: str, stream: TextIO | None = None
) -> Callable[[int, int, str], None]:
    """
    A progress bar on *stream* (stderr): ``show(done, total, what)`` redraws it.

    ``label [#####         ] 12/300 what``, on one line, ended when done.
    """

    def show(done: int, total: int, what: str) -> None:
        out = stream or sys.stderr
        bar = "#" * (30 * done // max(total, 1))
        out.write(f"\r{label} [{bar:<30}] {done}/{total} {what}")
        if done >= total:
            out.write("\n")
        out.flush()

    return show


def existing_journal(db: str) -> str:
    """
    Return *db* if it names a journal to open: a PostgreSQL URL or a file.

    Raises:
        UnknownEntityError: A file path that does not exist (a typo must not
            create a new, empty journal).
    """
    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).is_file():
        raise UnknownEntityError("journal file", db)
    return db


class TownshipRequiredError(GridgovError):
    """The journal does not say which township's specs to use: pass ``--township``."""


class UnverifiedJournalError(IntegrityError):
    """The journal fails ``verify``; the command refuses it unless ``--no-verify``."""


class Specs(NamedTuple):
    """A township's specs and the directory they were loaded from (if any)."""

    config: WorkspaceConfig
    directory: Path | None


def journal_chain(db: str, chain: str | None = None) -> str:
    """
    The chain of *db* a command works on when it does not know the township.

    SQLite: its one chain. PostgreSQL: *chain* if given, else the database's
    only chain.

    Raises:
        TownshipRequiredError: The database holds several chains (or none).
    """
    from gridgov.journal import PostgresJournal  # noqa: PLC0415 - heavy import
    from gridgov.journal.opening import (  # noqa: PLC0415
        SQLITE_CHAIN,
        is_postgres,
        shown_target,
    )

    if not is_postgres(db):
        return SQLITE_CHAIN
    if chain is not None:
        return chain
    chains = PostgresJournal.list_chains(db)
    if len(chains) != 1:
        raise TownshipRequiredError(
            f"{shown_target(db)} holds {len(chains)} journal chains; say which "
            "township's journal to use with --township DIR"
        )
    return chains[0]


def township_specs(
    township: str | None, db: str | None, *, chain: str | None = None
) -> Specs:
    """
    The specs a command on journal *db* uses.

    ``--township`` (*township*) when given; without a journal, the sample;
    else the directory the journal records, or the sample when the journal is
    the sample township's.

    Raises:
        TownshipRequiredError: The journal records no township, or one whose
            specs it cannot point to; the message says what to pass.
        NotAJournalError: *db* is not a gridgov journal.
        SpecError: The township directory's specs are invalid.
    """
    from gridgov.app import load_config, sample_config  # noqa: PLC0415
    from gridgov.app.workspace import township_of  # noqa: PLC0415
    from gridgov.journal import open_journal  # noqa: PLC0415
    from gridgov.journal.opening import shown_target  # noqa: PLC0415

    if township:
        return Specs(load_config(township), Path(township).resolve())
    if db is None:
        return Specs(sample_config(), None)
    shown = shown_target(db)
    with open_journal(db, chain=journal_chain(db, chain), read_only=True) as journal:
        recorded = journal.township()
    if recorded is None:
        raise TownshipRequiredError(
            f"{shown} does not record which township it belongs to (it was "
            "written before gridgov recorded townships): name its township "
            "directory with --township DIR; the first Workspace that opens it "
            "records that township"
        )
    if recorded.specs is not None:
        if not Path(recorded.specs).is_dir():
            raise TownshipRequiredError(
                f"{shown} belongs to {recorded}, whose specs it records in "
                f"{recorded.specs}, which is not a directory here: pass "
                "--township DIR"
            )
        return Specs(load_config(recorded.specs), Path(recorded.specs))
    sample = sample_config()
    if recorded.same_township(township_of(sample)):
        return Specs(sample, None)
    raise TownshipRequiredError(
        f"{shown} belongs to {recorded} but does not record where its specs "
        "are: pass --township DIR (that township's directory)"
    )


def check_journal(db: str, specs: Specs, *, verify: bool) -> JournalTownship | None:
    """
    Check, read-only, that *db* is a journal of *specs*' township that verifies.

    Returns the township the journal records (None: none yet).

    Raises:
        NotAJournalError: *db* is not a gridgov journal.
        UnknownEntityError: A PostgreSQL database without the township's chain.
        WrongTownshipError: The journal records another township (both named).
        UnverifiedJournalError: With *verify*, the hash chain is broken.
    """
    from gridgov.app.workspace import township_of  # noqa: PLC0415
    from gridgov.journal import WrongTownshipError, open_journal  # noqa: PLC0415
    from gridgov.journal.opening import shown_target  # noqa: PLC0415

    expected = township_of(specs.config, specs.directory)
    with open_journal(db, chain=expected.code, read_only=True) as journal:
        recorded = journal.township()
        if recorded is not None and not recorded.same_township(expected):
            raise WrongTownshipError(recorded, expected)
        result = journal.verify() if verify else None
    if result is not None and result.broken is not None:
        shown = shown_target(db)
        raise UnverifiedJournalError(
            f"{shown} fails verify at {result.broken}: its figures cannot be "
            f"trusted (gridgov verify {shown} shows the break; --no-verify "
            "uses the journal anyway)"
        )
    return recorded
