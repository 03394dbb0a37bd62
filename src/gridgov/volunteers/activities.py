"""
Volunteer activities (志愿服务) and 新时代文明实践, with the 点单 menu.

A volunteer team is an `gridgov.domain.Organisation` of kind
``volunteer_team`` in the roster. Its activities — 理论宣讲, 文明实践, 义诊,
普法, 送戏下乡, 治安巡逻, 环境整治 … — are recorded as `ActivityRecorded`
events with the organiser, the participants and their hours, and the number of
people served. Residents order services from a menu (点单服务: 群众点单、中心派单、
志愿者接单、群众评单): an `ServiceOrdered` event names the menu item and, when
the activity is held, the activity answers the order.

`ActivityBook` folds these events: the activities held and the orders, and
which activity answered which order; `gridgov.reports.volunteer_figures`
turns a book into the figures a report publishes (activities held, volunteers
taking part, service hours and people served, per team and per kind).
Participation can become points claims (the Workspace files one claim per
participant; see `participation_facts`).

>>> from datetime import datetime
>>> from decimal import Decimal
>>> from gridgov.domain import CHINA_TZ
>>> at = datetime(2026, 11, 7, 9, tzinfo=CHINA_TZ)
>>> book = ActivityBook()
>>> book.apply(
...     ActivityRecorded(
...         stream="activity:A1",
...         key="A1",
...         occurred_at=at,
...         activity_id="A1",
...         team="PC-ZYD",
...         kind=ActivityKind.FREE_CLINIC,
...         title="义诊进社区",
...         organiser="W04",
...         participants=(("P1", Decimal(3)), ("P2", Decimal("2.5"))),
...         served=46,
...     )
... )
>>> [a.hours for a in book.held()], ActivityKind.FREE_CLINIC.zh
([Decimal('5.5')], '义诊')
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

import attrs

from gridgov.domain.events import Event
from gridgov.domain.privacy import masked_repr
from gridgov.domain.spans import CHINA_TZ, DateSpan

__all__ = [
    "ActivityBook",
    "ActivityKind",
    "ActivityRecorded",
    "MenuItem",
    "ServiceOrdered",
    "activity_stream",
    "menu_order_stream",
    "participation_facts",
]


class ActivityKind(enum.StrEnum):
    """What a volunteer activity is (活动类别)."""

    THEORY_TALK = "theory_talk"
    CIVILITY = "civility"
    FREE_CLINIC = "free_clinic"
    LEGAL_AID = "legal_aid"
    OPERA = "opera"
    SECURITY_PATROL = "security_patrol"
    CLEANUP = "cleanup"
    ELDERLY_CARE = "elderly_care"
    OTHER = "other"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _KIND_ZH[self.value]


_KIND_ZH = {
    "theory_talk": "理论宣讲",
    "civility": "文明实践",
    "free_clinic": "义诊",
    "legal_aid": "普法",
    "opera": "送戏下乡",
    "security_patrol": "治安巡逻",
    "cleanup": "环境整治",
    "elderly_care": "关爱老人",
    "other": "其他",
}


def activity_stream(activity_id: str) -> str:
    """Return an activity's stream: ``activity:<id>``."""
    return f"activity:{activity_id}"


def menu_order_stream(order_id: str) -> str:
    """Return a 点单 order's stream: ``menu-order:<id>``."""
    return f"menu-order:{order_id}"


@attrs.frozen
class MenuItem:
    """
    One item of a 点单 menu (服务菜单), e.g. a 理论宣讲 topic a resident can order.

    Attributes:
        code: Identifier.
        title: What is offered (``"党的二十届四中全会精神宣讲"``).
        kind: The kind of activity that delivers it.
        team: The volunteer team that offers it.
    """

    code: str
    title: str
    kind: ActivityKind
    team: str


@masked_repr
@attrs.frozen(kw_only=True)
class ServiceOrdered(Event):
    """
    A resident (or a household, a grid) ordered an item from the menu (点单).

    Attributes:
        order_id: The order.
        item: The menu item's code.
        by: Who ordered (a household id or a region code).
        note: What they asked for.
    """

    order_id: str
    item: str
    by: str
    note: str = ""


@masked_repr
@attrs.frozen(kw_only=True)
class ActivityRecorded(Event):
    """
    A volunteer activity was held (志愿服务活动).

    Attributes:
        activity_id: The activity.
        team: The volunteer team (an organisation id).
        kind: What kind of activity.
        title: Its title.
        organiser: Who organised it (a worker or person id).
        participants: ``(person or household id, hours)`` per volunteer.
        served: How many people it served (服务群众人次).
        region: Where it was held (a region code), if known.
        answers: The menu orders (点单) it delivered.
    """

    activity_id: str
    team: str
    kind: ActivityKind
    title: str
    organiser: str
    participants: tuple[tuple[str, Decimal], ...] = ()
    served: int = 0
    region: str = ""
    answers: tuple[str, ...] = ()

    @property
    def day(self) -> date:
        """The day it was held, in China time."""
        return self.occurred_at.astimezone(CHINA_TZ).date()

    @property
    def hours(self) -> Decimal:
        """Service hours of all participants together."""
        return sum((h for _, h in self.participants), Decimal(0))


def participation_facts(
    activity: ActivityRecorded, hours: Decimal
) -> dict[str, str | Decimal]:
    """The claim facts for one participant's hours (``kind = "volunteer"``)."""
    return {"kind": "volunteer", "hours": hours, "activity": activity.kind.value}


class ActivityBook:
    """Activities and menu orders, folded from their events."""

    def __init__(self) -> None:
        self.activities: dict[str, ActivityRecorded] = {}
        self.orders: dict[str, ServiceOrdered] = {}
        self._answered: dict[str, str] = {}

    def copy(self) -> ActivityBook:
        """An independent copy (its own tables) to fold tentative events into."""
        book = ActivityBook()
        book.activities = dict(self.activities)
        book.orders = dict(self.orders)
        book._answered = dict(self._answered)
        return book

    def apply(self, event: Event) -> None:
        """Fold one `ActivityRecorded` or `ServiceOrdered` (others are ignored)."""
        if isinstance(event, ActivityRecorded):
            self.activities[event.activity_id] = event
            for order in event.answers:
                self._answered.setdefault(order, event.activity_id)
        elif isinstance(event, ServiceOrdered):
            self.orders[event.order_id] = event

    def answered_by(self, order_id: str) -> str | None:
        """The activity that delivered a menu order, if any."""
        return self._answered.get(order_id)

    def held(self, span: DateSpan | None = None) -> list[ActivityRecorded]:
        """Activities held in *span* (all if None), in the order recorded."""
        return [
            a for a in self.activities.values() if span is None or span.contains(a.day)
        ]
