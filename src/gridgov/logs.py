"""
Logging (日志): what the shell tells an operator, with personal data masked.

gridgov logs through the standard `logging` module under the ``gridgov``
logger and configures nothing: like any library it adds only a
`logging.NullHandler`, and the host application decides where records go and
at which level. Only the shell logs (journal stores, the Workspace); the pure
engines never do, they return what happened.

Every gridgov logger carries a `MaskPersonal` filter, so ID numbers and
phone numbers in a message — a key a hotline built from a caller's number, a
case title — are masked before any handler sees the record, at every level
(DEBUG included) and in every written form `gridgov.domain.privacy` lists, as
they are in reprs and exports. There is no switch to unmask a log. Records from
other libraries are left alone (attach a `MaskPersonal` to a handler to mask
them too).

>>> import logging, sys
>>> handler = logging.StreamHandler(sys.stdout)
>>> log = get_logger("gridgov.example")
>>> log.addHandler(handler)
>>> log.warning("case %s reported by %s", "c-1", "13812345678")
case c-1 reported by 138****5678
>>> log.setLevel(logging.DEBUG)
>>> log.debug("retried key %r answered", "hotline-+86 137 0013 5799")
retried key 'hotline-+86 137****5799' answered
>>> log.setLevel(logging.NOTSET)
>>> log.removeHandler(handler)

What is logged, by logger:

=====================  =======  ================================================
logger                 level    event
=====================  =======  ================================================
gridgov.journal        INFO     a journal opened (store, chain; never a password)
gridgov.journal        WARNING  PostgreSQL appends fall back to several round trips
gridgov.journal        WARNING  ``verify()`` found a broken chain link
gridgov.journal        INFO     a lost PostgreSQL connection was opened again
gridgov.app            INFO     a Workspace replayed its journal (events, seconds)
gridgov.app            INFO     another writer got in first: a command is decided
                                again, or a transaction caught up after its append
gridgov.app            INFO     ``escalate_due`` sent a case up (level, reason)
gridgov.app            DEBUG    a batch appended; a dropped transaction's points
                                restored; a retried key answered from its record
gridgov.calendar       WARNING  deadlines reach a year without a holiday notice
                                (once per year per process; they are provisional)
=====================  =======  ================================================
"""

from __future__ import annotations

import logging

from gridgov.domain.privacy import mask_in_text
from gridgov.errors import InvalidValueError

__all__ = ["ROOT", "MaskPersonal", "get_logger"]

ROOT = "gridgov"
"""The name of the library's top logger; every gridgov logger is below it."""

logging.getLogger(ROOT).addHandler(logging.NullHandler())


class MaskPersonal(logging.Filter):
    """
    Mask ID numbers and phone numbers in a record's message (never drops one).

    The message is formatted once with its arguments and masked with
    `gridgov.domain.privacy.mask_in_text`; when anything was masked the record
    carries the masked text and no arguments, so no handler or formatter can
    reach the raw values. A record with nothing to mask is left as it was.
    Tracebacks attached to a record are not rewritten: gridgov logs none, and
    a gridgov error's own message is masked already (`gridgov.errors`).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask *record* in place; always keep it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A broken format string: leave it to the handler, which reports it
            # (logging.raiseExceptions); a log call must never raise here.
            return True
        masked = mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_MASK = MaskPersonal()


def get_logger(name: str) -> logging.Logger:
    """
    Return the logger *name* (under ``gridgov``) with `MaskPersonal` attached.

    A logger's filters apply to the records created on it, so each gridgov
    module takes its logger from here rather than from `logging.getLogger`.

    Raises:
        InvalidValueError: *name* is not ``gridgov`` or below it.
    """
    if name != ROOT and not name.startswith(ROOT + "."):
        raise InvalidValueError("name", f"a logger name under {ROOT!r}", name)
    logger = logging.getLogger(name)
    if _MASK not in logger.filters:
        logger.addFilter(_MASK)
    return logger
