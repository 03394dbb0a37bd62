"""
One idempotency rule for every command: the request record (请求登记).

Every command the Workspace records is preceded, in the same atomic append, by
a `RequestRecorded` on the stream ``requests:<subject>`` under the client's key.
It holds the command's kind and its **business payload**: every field but
``at`` and ``key``, as canonical JSON. A later command with the same subject and
key is the same request:

* the same kind and business payload → the original result, whatever ``at``
  the host stamped on the retry (a request time taken on receipt differs);
* anything else → `IdempotencyConflictError` naming the client's key and the
  fields that differ, with personal numbers masked in its message (a hotline
  key is often the caller's number; the error's ``key`` keeps it whole).

Two processes racing the same request cannot both record it: the request's
stream is expected at version 0 and the journal keeps ``(stream, key)``
unique, so the loser catches up and answers from the winner's record.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, get_origin

import attrs
import cattrs

from gridgov.domain.events import Event
from gridgov.errors import IdempotencyConflictError
from gridgov.flow import Actor
from gridgov.io.converter import make_converter

if TYPE_CHECKING:
    from gridgov.app.commands._base import Command

__all__ = [
    "RequestRecorded",
    "business_payload",
    "check_same_request",
    "command_converter",
    "request_record",
    "request_stream",
]


def request_stream(subject: str) -> str:
    """Return the stream of a subject's request records: ``requests:<subject>``."""
    return f"requests:{subject}"


@attrs.frozen(kw_only=True)
class RequestRecorded(Event):
    """
    A command was accepted under an idempotency key (请求登记).

    Attributes:
        command: The command's kind (its class name: ``FireCase``).
        payload: Its business payload as canonical JSON (no ``at``, no ``key``).
        refs: Ids its result is read from, when the command says so.
    """

    command: str
    payload: str
    refs: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        """The subject the request is recorded on (its stream without the prefix)."""
        return self.stream.removeprefix(request_stream(""))


def _is_set(cls: Any) -> bool:
    return cls in (set, frozenset) or get_origin(cls) in (set, frozenset, AbstractSet)


@functools.cache
def command_converter() -> cattrs.Converter:
    """
    The converter commands are read and written with (built once, shared).

    The io converter, with sets written as sorted lists so that a payload is
    the same text in every process (set order follows string hashing).
    """
    conv = make_converter()
    conv.register_unstructure_hook_func(
        _is_set, lambda v: sorted((conv.unstructure(x) for x in v), key=repr)
    )

    # An actor is written as an id (a roster worker) or an object with roles.
    def actor(value: object, _: object) -> Actor | str:
        if isinstance(value, str):
            return value
        return conv.structure(value, Actor)

    conv.register_structure_hook(Actor | str, actor)
    conv.register_structure_hook(
        Actor | str | None, lambda v, t: None if v is None else actor(v, t)
    )
    return conv


def business_payload(command: Command[Any]) -> dict[str, Any]:
    """Every field of *command* but ``at`` and ``key``, unstructured."""
    data: dict[str, Any] = command_converter().unstructure(command)
    data.pop("at", None)
    data.pop("key", None)
    return data


def _canonical(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def request_record(
    command: Command[Any], refs: tuple[str, ...] = ()
) -> RequestRecorded:
    """The `RequestRecorded` that goes in front of *command*'s events."""
    return RequestRecorded(
        stream=request_stream(command.subject),
        key=command.request_key,
        occurred_at=command.when,
        command=type(command).__name__,
        payload=_canonical(business_payload(command)),
        refs=refs,
    )


def _differences(before: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    names = sorted(set(before) | set(now))
    return [
        f"{name}: {before.get(name)!r} then, {now.get(name)!r} now"
        for name in names
        if before.get(name) != now.get(name)
    ]


def check_same_request(prior: RequestRecorded, command: Command[Any]) -> None:
    """
    Refuse *command* unless it repeats the request *prior* recorded.

    Raises:
        IdempotencyConflictError: Another kind of command, or the same kind
            with a different business payload; the message names the key and
            what differs (personal numbers masked).
    """
    kind = type(command).__name__
    key = command.request_key
    if prior.command != kind:
        raise IdempotencyConflictError(
            key,
            detail=f"on {command.subject} it was a {prior.command}, now a {kind}",
        )
    before = json.loads(prior.payload)
    now = json.loads(_canonical(business_payload(command)))
    if before != now:
        what = "; ".join(_differences(before, now))
        raise IdempotencyConflictError(
            key, detail=f"{kind} on {command.subject} differs in {what}"
        )
