"""
What every command shares: a value with a subject and a key, and its handler.

A command (`Command`) is an immutable attrs value: *what* is asked (its fields),
*who* asks (its actor field), *when* (``at``) and under which idempotency key
(``key``). It names its **subject**: the stream whose requests the key is unique
within (a case, a claim, a household's visits …), so ``key="verify"`` on one
claim and on another are two requests, while the same key on the same subject
is the same request.

A `Handler` turns a command into a `Decision` on the Workspace's state: the
events to append and the streams the decision read. Its ``answer`` reads the
command's result back from the state once the events are applied, which is how
a retried request is answered too (the same code, from the same state).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import attrs

from gridgov.domain.events import Event
from gridgov.errors import InvalidValueError

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = [
    "RESERVED_KEY_PREFIX",
    "Command",
    "Decision",
    "Handler",
    "aware",
    "derived_key",
    "strings",
    "text",
]

RESERVED_KEY_PREFIX = "gridgov:"
"""Keys gridgov derives for events on another subject's stream start with this.

A command that writes to streams besides its subject's (an automatic
escalation writes to each case it sends up) keys those events under this
prefix and its own request key, so they can never collide with a key a client
chose; a client's key may not start with it."""

R = TypeVar("R")
C = TypeVar("C", bound="Command[Any]")


def aware(name: str, at: object) -> datetime:
    """
    Return *at* if it is a timezone-aware datetime.

    Raises:
        InvalidValueError: Naming *name*, for anything else.
    """
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidValueError(name, "a timezone-aware datetime", at)
    return at


def text(name: str, value: object, *, empty: bool = False) -> str:
    """
    Return *value* if it is a string (non-empty unless *empty*).

    Raises:
        InvalidValueError: Naming *name*, for anything else.
    """
    if not isinstance(value, str) or (not empty and not value):
        wanted = "a string" if empty else "a non-empty string"
        raise InvalidValueError(name, wanted, value)
    return value


def derived_key(command: Command[Any], *parts: str) -> str:
    """
    The key of an event *command* records on a stream other than its subject's.

    ``gridgov:<the command's request key>[:<part>…]``: unique per request, and
    out of clients' reach (`RESERVED_KEY_PREFIX`).
    """
    return ":".join((RESERVED_KEY_PREFIX + command.request_key, *parts))


def strings(value: Iterable[str]) -> tuple[str, ...]:
    """A command field's converter: any iterable of ids to a tuple."""
    return tuple(value)


@attrs.frozen(kw_only=True)
class Command(abc.ABC, Generic[R]):
    """
    Base of every Workspace command (a value; see `gridgov.app.commands`).

    Subclasses are frozen attrs classes with keyword-only fields, among them
    ``at`` (when it happened, timezone-aware) and ``key`` (the idempotency key;
    ``None`` picks the command's documented default).
    """

    label_zh: ClassVar[str] = ""
    """The command's Chinese name (走访登记, 立案 …)."""

    @property
    @abc.abstractmethod
    def subject(self) -> str:
        """The stream this command's key is unique within."""

    default_key: ClassVar[str | None] = None
    """The key when none is given, for a command whose subject is its identity
    (an opening: ``"open"``, ``"filed"`` …); None: derived, or required."""

    @property
    def request_key(self) -> str:
        """
        The idempotency key this request is recorded under.

        ``key`` when given (a non-empty string), else `derived_key`.

        Raises:
            InvalidValueError: A key that is not a non-empty string, or none
                for a command that needs one.
        """
        key: object = getattr(self, "key", None)
        if key is not None:
            return text("key", key)
        derived = self.derived_key()
        if derived is None:
            raise InvalidValueError("key", "a non-empty string (required here)", key)
        return derived

    def derived_key(self) -> str | None:
        """The key when none is given: `default_key` unless a command derives one."""
        return self.default_key

    @property
    def when(self) -> datetime:
        """When it happened (``at``, checked timezone-aware)."""
        at: object = getattr(self, "at", None)
        return aware("at", at)


@attrs.frozen
class Decision:
    """
    What a handler decided: the events to append and what it read.

    Attributes:
        events: The events, in order (may be empty: nothing to record).
        reads: Streams the decision read besides those it writes; the unit of
            work appends only if none of them moved meanwhile.
        refs: Ids the result is read back from (e.g. the cases an automatic
            escalation moved); recorded with the request so a retry answers
            the same.
        points: Whether deciding ran the ledger's own checks on the live
            ledger (which then must be restored if the append does not happen).
    """

    events: tuple[Event, ...] = ()
    reads: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    points: bool = False


@attrs.frozen
class Handler(Generic[C, R]):
    """
    How one command kind is decided and answered.

    Attributes:
        decide: ``decide(command, state)`` → `Decision`; raises a
            `gridgov.errors.GridgovError` to refuse (nothing is recorded).
        answer: ``answer(command, state, refs)`` → the command's result, read
            from the state after its events were applied (or on a retry).
    """

    decide: Callable[[C, State], Decision]
    answer: Callable[[C, State, tuple[str, ...]], R]
