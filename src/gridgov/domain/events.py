"""
The base of every domain event.

Facts are events; state is derived (DESIGN.md, principle 1). An event is a frozen,
past-tense record — ``ClaimSubmitted``, ``PointsPosted``, ``VisitRecorded``,
``CaseEscalated`` — carrying:

* ``stream``: what it is about (``"case:C-2026-0001"``, ``"account:H001"``);
* ``key``: its idempotency key; the same key on the same stream is the same fact;
* ``occurred_at``: a timezone-aware instant, passed in by the shell (the core
  never reads the clock);
* ``event_id``: derived from stream and key unless given, so retries of one
  command produce one event id.

Subclasses are registered by class name when they are defined, which is how the
io converter and the journal turn a stored ``{"type": "CaseOpened", ...}`` back
into a ``CaseOpened``:

>>> import attrs
>>> from datetime import datetime
>>> from gridgov.domain.spans import CHINA_TZ
>>> @attrs.frozen(kw_only=True)
... class LampReported(Event):
...     lamp: str
>>> e = LampReported(
...     stream="lamp:7",
...     key="r1",
...     lamp="7",
...     occurred_at=datetime(2026, 11, 2, 9, 0, tzinfo=CHINA_TZ),
... )
>>> event_type("LampReported") is LampReported, e.type_name
(True, 'LampReported')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from gridgov.domain.ids import EventId, derive_event_id
from gridgov.domain.privacy import masked_repr
from gridgov.errors import DuplicateEntityError, InvalidValueError, UnknownEntityError

__all__ = ["Event", "event_type", "registered_event_types"]

_REGISTRY: dict[str, type[Event]] = {}


def _aware(
    _instance: object, attribute: attrs.Attribute[datetime], value: datetime
) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(attribute.name, "a timezone-aware datetime", value)


def _default_id(self: Event) -> EventId:
    return derive_event_id(self.stream, self.key)


@attrs.frozen(kw_only=True)
class Event:
    """
    Base class of all gridgov events. Subclass with ``@attrs.frozen(kw_only=True)``.

    Attributes:
        stream: The stream (aggregate) the event belongs to.
        key: Idempotency key, unique within the stream.
        occurred_at: When it happened (timezone-aware).
        event_id: Deterministic id derived from stream and key.
    """

    abstract: ClassVar[bool] = True
    """Set ``abstract = True`` on intermediate base classes: they stay unregistered."""

    stream: str
    key: str
    occurred_at: datetime = attrs.field(validator=_aware)
    event_id: EventId = attrs.field(default=attrs.Factory(_default_id, takes_self=True))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        # attrs re-creates slotted classes; the second creation replaces the first.
        existing = _REGISTRY.get(cls.__name__)
        if existing is not None and existing.__qualname__ != cls.__qualname__:
            raise DuplicateEntityError("event type", cls.__name__)
        _REGISTRY[cls.__name__] = cls
        # Every event's repr masks personal numbers typed into its text (a case
        # title, a visit note, a hotline key): attrs' generated repr, wrapped.
        generated = cls.__dict__.get("__repr__")
        if generated is not None and not getattr(generated, "masked", False):
            masked_repr(cls)

    @property
    def type_name(self) -> str:
        """The registered name of this event's type (its class name)."""
        return type(self).__name__


def event_type(name: str) -> type[Event]:
    """Return the event class registered under *name*."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownEntityError("event type", name) from None


def registered_event_types() -> Mapping[str, type[Event]]:
    """Return a read-only view of every registered event type, by name."""
    return MappingProxyType(_REGISTRY)
