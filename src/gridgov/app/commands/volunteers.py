"""
Volunteer commands (志愿服务, 点单服务) and their handlers.

`RecordActivity` records an activity with its participants and hours; with
``claim_points=True`` it files one points claim per participant household
(``kind = "volunteer"``, ``hours``) in the same append, which then goes
through the claim flow (核实 → 公示 → 认定) like any other. `OrderService`
records a resident's order from the 点单 menu; the activity that delivers it
names it. Subjects: the activity (``activity:<id>``) and the menu order
(``menu-order:<id>``); the key defaults to ``"held"`` / ``"ordered"``: the id
is the request's identity.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.app.commands._base import Command, Decision, Handler, strings, text
from gridgov.app.commands.claims import FileClaim, decide_file_claim
from gridgov.domain.events import Event
from gridgov.errors import DuplicateEntityError, InvalidValueError, UnknownEntityError
from gridgov.volunteers.activities import (
    ActivityKind,
    ActivityRecorded,
    ServiceOrdered,
    activity_stream,
    menu_order_stream,
    participation_facts,
)

if TYPE_CHECKING:
    from gridgov.app.state import State

__all__ = ["OrderService", "RecordActivity"]


def _hours(value: Mapping[str, Decimal | int]) -> tuple[tuple[str, Decimal], ...]:
    return tuple((p, Decimal(h)) for p, h in dict(value).items())


def _kind(kind: object) -> ActivityKind:
    try:
        return ActivityKind(str(kind))
    except ValueError:
        choices = ", ".join(k.value for k in ActivityKind)
        raise InvalidValueError("kind", f"one of {choices}", kind) from None


@attrs.frozen(kw_only=True)
class RecordActivity(Command[ActivityRecorded]):
    """
    Record a volunteer activity; with *claim_points*, file a claim per participant.

    Participants are person or household ids mapped to their hours.
    """

    label_zh = "志愿服务登记"
    default_key = "held"

    activity_id: str
    team: str
    kind: ActivityKind = attrs.field(converter=_kind)
    title: str
    organiser: str
    at: datetime
    participants: tuple[tuple[str, Decimal], ...] = attrs.field(
        default=(), converter=_hours
    )
    served: int = 0
    region: str = ""
    answers: tuple[str, ...] = attrs.field(default=(), converter=strings)
    claim_points: bool = False
    key: str | None = None

    @property
    def subject(self) -> str:
        """The activity's stream."""
        return activity_stream(self.activity_id)


def _decide_activity(command: RecordActivity, state: State) -> Decision:
    roster = state.roster
    activity_id = text("activity_id", command.activity_id)
    if command.team not in roster.organisations:
        raise UnknownEntityError("volunteer team", command.team)
    if command.region:
        roster.region(command.region)
    for order in command.answers:
        if order not in state.activities.orders:
            raise UnknownEntityError("menu order", order)
    if activity_id in state.activities.activities:
        raise DuplicateEntityError("activity", activity_id)
    event = ActivityRecorded(
        stream=command.subject,
        key=command.request_key,
        occurred_at=command.when,
        activity_id=activity_id,
        team=command.team,
        kind=command.kind,
        title=command.title,
        organiser=command.organiser,
        participants=command.participants,
        served=command.served,
        region=command.region,
        answers=command.answers,
    )
    events: list[Event] = [event]
    if command.claim_points:
        homes = {p: state.household_of(p) for p, _ in command.participants}
        missing = [p for p, h in homes.items() if h is None]
        if missing:
            raise UnknownEntityError("participant", ", ".join(missing))
        for person, hours in command.participants:
            facts = participation_facts(event, hours)
            filing = FileClaim(
                claim_id=f"{activity_id}:{person}",
                account=str(homes[person]),
                at=command.when,
                actor=command.organiser,
                text={k: v for k, v in facts.items() if isinstance(v, str)},
                numbers={k: v for k, v in facts.items() if isinstance(v, Decimal)},
                origin=command.subject,
            )
            events.extend(decide_file_claim(filing, state).events)
    return Decision(tuple(events))


def _activity_answer(
    command: RecordActivity, state: State, _refs: tuple[str, ...]
) -> ActivityRecorded:
    return state.activities.activities[command.activity_id]


@attrs.frozen(kw_only=True)
class OrderService(Command[ServiceOrdered]):
    """A resident orders an item from the 点单 menu."""

    label_zh = "点单"
    default_key = "ordered"

    order_id: str
    item: str
    by: str
    at: datetime
    note: str = ""
    key: str | None = None

    @property
    def subject(self) -> str:
        """The menu order's stream."""
        return menu_order_stream(self.order_id)


def _decide_order(command: OrderService, state: State) -> Decision:
    order_id = text("order_id", command.order_id)
    if command.item not in {m.code for m in state.config.menu}:
        raise UnknownEntityError("menu item", command.item)
    if order_id in state.activities.orders:
        raise DuplicateEntityError("menu order", order_id)
    event = ServiceOrdered(
        stream=command.subject,
        key=command.request_key,
        occurred_at=command.when,
        order_id=order_id,
        item=command.item,
        by=command.by,
        note=command.note,
    )
    return Decision((event,))


def _order_answer(
    command: OrderService, state: State, _refs: tuple[str, ...]
) -> ServiceOrdered:
    return state.activities.orders[command.order_id]


HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    RecordActivity: Handler(_decide_activity, _activity_answer),
    OrderService: Handler(_decide_order, _order_answer),
}
"""The handler of every volunteer command."""
