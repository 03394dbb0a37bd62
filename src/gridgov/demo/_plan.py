"""
The agenda of a simulated month, and the field work planned on it.

`MonthAgenda` holds the working days and, per day, the actions to run that
day. It plans the field work of `gridgov.demo`: grid workers' visits
(elderly households twice, a few visits missed), weekly patrols by the grid
chiefs, and each finding's case round the 数字城管 loop over the next working
days. The demo adds disputes, claims, activities and shopping on top.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from gridgov.app.workspace import Workspace
from gridgov.domain.periods import Period, parse_period, period_span
from gridgov.domain.spans import CHINA_TZ
from gridgov.domain.workforce import Role
from gridgov.flow import Actor
from gridgov.visits.patrols import PatrolFinding
from gridgov.visits.policy import VisitKind

__all__ = [
    "CITY_ROLES",
    "Action",
    "MonthAgenda",
    "at_hour",
    "period_parts",
    "working_days",
]

Action = Callable[[], None]
"""Something to do on a day of the agenda."""

CITY_ROLES = frozenset({"operator", "dispatcher", "handler", "supervisor", "leader"})
"""Every role of the 数字城管 workflow (the demo's case handlers act in all)."""
_FINDINGS = (
    ("electricity", "flying_lead", "楼道飞线充电"),
    ("fire", "blocked_exit", "消防通道堆放杂物"),
    ("environment", "garbage", "垃圾未及时清运"),
)
_MISSED_SHARE = 0.06
_FINDING_SHARE = 0.4


def at_hour(day: date, hour: int, minute: int = 0) -> datetime:
    """*day* at *hour*:*minute*, China time."""
    return datetime.combine(day, time(hour, minute), CHINA_TZ)


class MonthAgenda:
    """The working days of a month, the actions planned per day, and field work."""

    def __init__(
        self,
        ws: Workspace,
        days: list[date],
        rng: random.Random,
        share: float,
        *,
        tag: str = "",
    ) -> None:
        self.ws = ws
        self.days = days
        self.tag = tag
        """Qualifies the ids this agenda makes (cases, activities, orders)."""
        self.rng = rng
        self.share = share
        self.agenda: dict[date, list[Action]] = defaultdict(list)
        roster = ws.state.roster
        self.workers = [
            w
            for w in roster.workers.values()
            if w.role in {Role.FULL_TIME_GRID_WORKER, Role.PART_TIME_GRID_WORKER}
        ]
        self.chiefs = [w for w in roster.workers.values() if w.role is Role.GRID_CHIEF]
        self.team = next(
            (
                o.id
                for o in roster.organisations.values()
                if o.kind.value == "volunteer_team"
            ),
            "",
        )

    def pick(self, spare: int = 0) -> date:
        """
        A working day drawn at random, leaving *spare* days after it if it can.

        In a short period (a week, a day) there may be fewer than *spare*
        days left: the draw is then from the first day only, and what would
        follow it beyond the period does not happen.
        """
        return self.days[self.rng.randrange(max(1, len(self.days) - spare))]

    def later(self, day: date, n: int) -> date | None:
        """The working day *n* working days after *day*, if still in the month."""
        i = self.days.index(day) + n
        return self.days[i] if i < len(self.days) else None

    def schedule(self, day: date | None, action: Action) -> None:
        if day is not None:
            self.agenda[day].append(action)

    # -- visits ---------------------------------------------------------------------

    def plan_visits(self) -> None:
        first = self.days[0]
        for w in self.workers:
            homes = self.ws.state.roster.households_of(w.id, first)
            for h in homes:
                if self.rng.random() >= self.share:
                    continue
                elderly = h.has_tag("empty_nest_elderly", first) or h.has_tag(
                    "elderly_living_alone", first
                )
                times = 2 if elderly else 1
                # The period split in as many parts as visits (one part when
                # the period has fewer working days than visits: a single day).
                part = max(1, len(self.days) // times)
                for n in range(times):
                    if (
                        self.rng.random() < _MISSED_SHARE
                    ):  # a few visits never happen: 漏访
                        continue
                    index = n * part + self.rng.randrange(part)
                    day = self.days[min(index, len(self.days) - 1)]
                    kind = VisitKind.PHONE if n and elderly else VisitKind.HOME
                    self.schedule(day, self._visit(h.id, w.id, day, kind))

    def _visit(self, household: str, worker: str, day: date, kind: VisitKind) -> Action:
        minute = self.rng.randrange(8 * 60)

        def act() -> None:
            self.ws.record_visit(
                household,
                worker,
                at=at_hour(day, 9 + minute // 60, minute % 60),
                kind=kind,
            )

        return act

    # -- patrols and their cases -----------------------------------------------

    def plan_patrols(self) -> None:
        for chief in self.chiefs:
            for week_start in range(0, len(self.days), 5):
                day = self.days[
                    min(week_start + self.rng.randrange(5), len(self.days) - 1)
                ]
                self.schedule(day, self._patrol(chief.id, chief.scope.regions[0], day))

    def _patrol(self, worker: str, grid: str, day: date) -> Action:
        picks = [f for f in _FINDINGS if self.rng.random() < _FINDING_SHARE]

        def act() -> None:
            found = [PatrolFinding(c, i, note=n) for c, i, n in picks]
            _, findings = self.ws.record_patrol(
                worker,
                grid,
                at=at_hour(day, 10),
                checklists=("electricity", "fire", "environment"),
                findings=found,
                key=f"patrol-{day}",
            )
            for f in findings:
                case_id = self.ws.state.case_of_finding[f"{f.stream}/{f.key}"]
                self.loop(case_id, day, worker)

        return act

    def loop(self, case_id: str, day: date, worker: str) -> None:
        """Take a case round the 数字城管 loop over the next working days."""
        steps = [
            ("register", {}),
            ("dispatch", {"unit": "物业服务中心"}),
            ("handle", {"result": "已整改"}),
            ("feed_back", {}),
            ("verify", {"photo": "整改后照片"}),
            ("close", {}),
            (
                "evaluate",
                {"satisfaction": self.rng.choice(("satisfied", "very_satisfied"))},
            ),
        ]
        offset = 0
        for n, (command, fields) in enumerate(steps):
            offset += 0 if n in {0, 4, 5} else self.rng.choice((0, 1, 1, 2))
            when = self.later(day, offset)
            self.schedule(
                when,
                self._fire(
                    case_id, command, fields, when, hour=11 + n // 2, who=worker
                ),
            )

    def _fire(
        self,
        case_id: str,
        command: str,
        fields: dict[str, str],
        day: date | None,
        *,
        hour: int,
        who: str,
    ) -> Action:
        def act() -> None:
            assert day is not None  # noqa: S101 - scheduled only when in the month
            self.ws.fire_case(
                case_id,
                command,
                actor=Actor(who, CITY_ROLES),
                at=at_hour(day, hour, 30),
                key=command,
                fields=fields,
            )

        return act


def period_parts(period: str) -> list[tuple[str, date, date]]:
    """
    The parts a period is played in: ``(label, start, end)``, half-open.

    A day, a week or a month is one part; a quarter, a half year or a year
    is played month by month, each month as it would be on its own (its own
    random stream and ids), so a quarter holds the three months' events.
    """
    kind, span = parse_period(period)
    assert span.start is not None  # noqa: S101 - parsed periods are bounded
    assert span.end is not None  # noqa: S101
    if kind.months <= 1:
        return [(period, span.start, span.end)]
    parts: list[tuple[str, date, date]] = []
    start = span.start
    while start < span.end:
        end = period_span(start, Period.MONTH).end
        assert end is not None  # noqa: S101
        parts.append((f"{start:%Y-%m}", start, end))
        start = end
    return parts


def working_days(ws: Workspace, start: date, end: date) -> list[date]:
    """The working days of ``[start, end)`` on the workspace's calendar."""
    days = (start + timedelta(days=i) for i in range((end - start).days))
    return [d for d in days if ws.config.calendar.is_working_day(d)]
