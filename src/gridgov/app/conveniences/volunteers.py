"""
Volunteer command methods: activities (志愿服务) and menu orders (点单).

Each builds one command value and runs it through ``self.execute``; they
become methods of `gridgov.app.conveniences.CommandMethods`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from gridgov.app.commands import (
    OrderService,
    RecordActivity,
)
from gridgov.app.conveniences._protocol import Executes
from gridgov.volunteers.activities import ActivityKind, ActivityRecorded, ServiceOrdered

__all__ = [
    "order_service",
    "record_activity",
]


def record_activity(
    self: Executes,
    activity_id: str,
    *,
    team: str,
    kind: ActivityKind,
    title: str,
    organiser: str,
    at: datetime,
    participants: Mapping[str, Decimal | int] | None = None,
    served: int = 0,
    region: str = "",
    answers: Sequence[str] = (),
    claim_points: bool = False,
    key: str | None = None,
) -> ActivityRecorded:
    """
    Record a volunteer activity (`RecordActivity`).

    Raises:
        UnknownEntityError: Unknown team, region, menu order or participant.
    """
    return self.execute(
        RecordActivity(
            activity_id=activity_id,
            team=team,
            kind=kind,
            title=title,
            organiser=organiser,
            at=at,
            participants=dict(participants or {}),
            served=served,
            region=region,
            answers=tuple(answers),
            claim_points=claim_points,
            key=key,
        )
    )


def order_service(
    self: Executes,
    order_id: str,
    item: str,
    *,
    by: str,
    at: datetime,
    note: str = "",
    key: str | None = None,
) -> ServiceOrdered:
    """A resident orders an item from the 点单 menu (`OrderService`)."""
    return self.execute(
        OrderService(order_id=order_id, item=item, by=by, at=at, note=note, key=key)
    )
