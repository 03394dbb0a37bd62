"""Argument helpers shared by the subcommands."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from gridgov.errors import UnknownEntityError

__all__ = ["existing_journal", "iso_day"]


def iso_day(text: str) -> date:
    """An argparse type: an ISO date (``2026-05-08``), or a usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"expected a date like 2026-05-08, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


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
