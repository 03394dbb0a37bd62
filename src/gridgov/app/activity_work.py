"""
Volunteer activities through the Workspace (志愿服务, 点单服务).

`record_activity` records an activity with its participants and hours; with
``claim_points=True`` it files one points claim per participant household
(``kind = "volunteer"``, ``hours``) in the same append, which then goes through
the claim flow (核实 → 公示 → 认定) like any other. `order_service` records a
resident's order from the 点单 menu; the activity that delivers it names it.
See docs/activities.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from gridgov.app.activities import (
    ActivityKind,
    ActivityRecorded,
    ServiceOrdered,
    activity_stream,
    participation_facts,
)
from gridgov.app.core import _aware
from gridgov.app.points_work import PointsWork
from gridgov.errors import InvalidValueError, UnknownEntityError

__all__ = ["ActivityWork"]


class ActivityWork(PointsWork):
    """Commands on volunteer activities and menu orders (mixed into the Workspace)."""

    def record_activity(
        self,
        activity_id: str,
        *,
        team: str,
        kind: ActivityKind,
        title: str,
        organiser: str,
        at: datetime,
        participants: Mapping[str, Decimal | int] = {},
        served: int = 0,
        region: str = "",
        answers: Sequence[str] = (),
        claim_points: bool = False,
    ) -> ActivityRecorded:
        """
        Record a volunteer activity; with *claim_points*, file a claim per participant.

        Participants are person or household ids mapped to their hours.

        Raises:
            UnknownEntityError: Unknown team, region, menu order or participant.
        """
        at = _aware("at", at)
        roster = self._state.roster
        if team not in roster.organisations:
            raise UnknownEntityError("volunteer team", team)
        if region:
            roster.region(region)
        for order in answers:
            if order not in self._state.activities.orders:
                raise UnknownEntityError("menu order", order)
        stream = activity_stream(activity_id)
        event = ActivityRecorded(
            stream=stream,
            key="held",
            occurred_at=at,
            activity_id=activity_id,
            team=team,
            kind=_activity_kind(kind),
            title=title,
            organiser=organiser,
            participants=tuple((p, Decimal(h)) for p, h in participants.items()),
            served=served,
            region=region,
            answers=tuple(answers),
        )
        with self._command():
            prior = self._replayed(stream, "held", ActivityRecorded, event)
            if isinstance(prior, ActivityRecorded):
                return prior
            homes = {p: self._state.household_of(p) for p, _ in event.participants}
            if claim_points:
                missing = [p for p, h in homes.items() if h is None]
                if missing:
                    raise UnknownEntityError("participant", ", ".join(missing))
            self._emit([event])
            if claim_points:
                for person, hours in event.participants:
                    facts = participation_facts(event, hours)
                    self.file_claim(
                        f"{activity_id}:{person}",
                        str(homes[person]),
                        at=at,
                        actor=organiser,
                        text={
                            k: str(v) for k, v in facts.items() if isinstance(v, str)
                        },
                        numbers={
                            k: v for k, v in facts.items() if isinstance(v, Decimal)
                        },
                        origin=stream,
                    )
            return event

    def order_service(
        self, order_id: str, item: str, *, by: str, at: datetime, note: str = ""
    ) -> ServiceOrdered:
        """A resident orders an item from the 点单 menu."""
        at = _aware("at", at)
        if item not in {m.code for m in self.config.menu}:
            raise UnknownEntityError("menu item", item)
        stream = f"menu-order:{order_id}"
        event = ServiceOrdered(
            stream=stream,
            key="ordered",
            occurred_at=at,
            order_id=order_id,
            item=item,
            by=by,
            note=note,
        )
        with self._command():
            prior = self._replayed(stream, "ordered", ServiceOrdered, event)
            if isinstance(prior, ServiceOrdered):
                return prior
            self._emit([event])
            return event


def _activity_kind(kind: object) -> ActivityKind:
    try:
        return ActivityKind(str(kind))
    except ValueError:
        choices = ", ".join(k.value for k in ActivityKind)
        raise InvalidValueError("kind", f"one of {choices}", kind) from None
