"""
Visit events: the facts the visits engine derives everything from.

A worker's visit is a `VisitRecorded`; a major change that calls for a prompt
visit (a case opened, a hospital stay) is a `HouseholdChangeNoted`. Obligation
status and coverage are computed from these and never stored.

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ, HouseholdId, WorkerId
>>> v = VisitRecorded(
...     stream="visits:H001",
...     key="2026-03-02-w1",
...     occurred_at=datetime(2026, 3, 2, 9, 30, tzinfo=CHINA_TZ),
...     household=HouseholdId("H001"),
...     worker=WorkerId("w1"),
... )
>>> v.day, v.kind.zh
(datetime.date(2026, 3, 2), '入户')
"""

from __future__ import annotations

from datetime import date

import attrs

from gridgov.domain.events import Event
from gridgov.domain.ids import HouseholdId, WorkerId
from gridgov.domain.privacy import masked_repr
from gridgov.domain.spans import CHINA_TZ
from gridgov.visits.policy import TriggerKind, VisitKind

__all__ = ["HouseholdChangeNoted", "VisitRecorded", "change_stream", "visit_stream"]


def change_stream(household: HouseholdId) -> str:
    """
    Return the stream of a household's major changes (visit triggers).

    >>> change_stream(HouseholdId("H001"))
    'changes:H001'
    """
    return f"changes:{household}"


def visit_stream(household: HouseholdId) -> str:
    """
    Return the journal stream of a household's visits.

    >>> visit_stream(HouseholdId("H001"))
    'visits:H001'
    """
    return f"visits:{household}"


@masked_repr
@attrs.frozen(kw_only=True)
class VisitRecorded(Event):
    """
    A household was visited (走访记录).

    Attributes:
        household: Who was visited.
        worker: Who visited.
        kind: 入户, 电话 or 视频.
        note: What was found or done (走访情况).
    """

    household: HouseholdId
    worker: WorkerId
    kind: VisitKind = VisitKind.HOME
    note: str = ""

    @property
    def day(self) -> date:
        """The day of the visit in China time."""
        return self.occurred_at.astimezone(CHINA_TZ).date()


@masked_repr
@attrs.frozen(kw_only=True)
class HouseholdChangeNoted(Event):
    """
    A major change in a household that calls for a prompt visit (重大变化).

    New care tags are read from the household itself; cases, hospital stays
    and other changes arrive as this event (the app layer emits it when a case
    is opened for the household).

    Attributes:
        household: The household concerned.
        change: What happened.
        detail: Free text (case id, hospital …).
    """

    household: HouseholdId
    change: TriggerKind
    detail: str = ""
