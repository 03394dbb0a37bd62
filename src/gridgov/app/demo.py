"""
A month in 裴村社区: a seeded simulation that drives every command of the Workspace.

`simulate_month` plays one month on the sample township, one working day at a
time, each day in one transaction: grid workers visit their households
(elderly households twice), grid chiefs patrol their grids and findings become
cases that go round the 数字城管 loop, disputes go through 矛盾纠纷调解 (one is
escalated to the community, which adds a visit trigger) and resolved ones file
points claims for the parties, items arrive from the street office (上级交办),
the volunteer team holds activities (some ordered from the 点单 menu) whose
participants claim points, claims are verified, published and recognised
after the notice period, and households redeem points in the supermarket.
The same seed gives the same journal, event for event.

>>> from gridgov.app.workspace import Workspace
>>> ws = Workspace.in_memory()
>>> stats = simulate_month(ws, "2026-11", seed=7, share=0.05)
>>> stats.days, stats.events == ws.position > 0
(21, True)
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import attrs

from gridgov.app.activities import ActivityKind, MenuItem
from gridgov.app.workspace import Workspace
from gridgov.cases.vocabulary import CaseSource
from gridgov.domain.periods import parse_period
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.domain.workforce import Role
from gridgov.flow import Actor
from gridgov.visits.patrols import PatrolFinding
from gridgov.visits.policy import VisitKind

__all__ = ["DemoStats", "simulate_month"]

Progress = Callable[[int, int, date], None]
Action = Callable[[], None]

_CITY = frozenset({"operator", "dispatcher", "handler", "supervisor", "leader"})
_MEDIATOR = frozenset({"mediator", "grid_worker"})
_FINDINGS = (
    ("electricity", "flying_lead", "楼道飞线充电"),
    ("fire", "blocked_exit", "消防通道堆放杂物"),
    ("environment", "garbage", "垃圾未及时清运"),
)
_DISPUTES = ("邻里噪音纠纷", "宅基地边界纠纷", "楼上漏水纠纷", "停车位纠纷", "赡养纠纷")
_MISSED_SHARE = 0.06
_PARTIES = 2
_MEDIATION_COMMITTEE = "PC-TWH"
"""The community mediation committee (调委会) of the sample township."""
_FINDING_SHARE = 0.4
_SOAP_PRICE = 5
_ASSIGNED = ("道路破损修补", "路灯不亮", "违章搭建核查", "防汛隐患排查")


@attrs.frozen
class DemoStats:
    """What a simulated month did: days played and events recorded."""

    days: int
    events: int
    visits: int
    patrols: int
    cases: int
    claims: int


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), CHINA_TZ)


class _Month:
    """The simulation's state: the agenda of actions per day."""

    def __init__(
        self, ws: Workspace, days: list[date], rng: random.Random, share: float
    ) -> None:
        self.ws = ws
        self.days = days
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
                for n in range(times):
                    if (
                        self.rng.random() < _MISSED_SHARE
                    ):  # a few visits never happen: 漏访
                        continue
                    half = len(self.days) // times
                    day = self.days[n * half + self.rng.randrange(half)]
                    kind = VisitKind.PHONE if n and elderly else VisitKind.HOME
                    self.schedule(day, self._visit(h.id, w.id, day, kind))

    def _visit(self, household: str, worker: str, day: date, kind: VisitKind) -> Action:
        minute = self.rng.randrange(8 * 60)

        def act() -> None:
            self.ws.record_visit(
                household, worker, at=_at(day, 9 + minute // 60, minute % 60), kind=kind
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
                at=_at(day, 10),
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
                actor=Actor(who, _CITY),
                at=_at(day, hour, 30),
                key=command,
                fields=fields,
            )

        return act

    # -- disputes, assigned items ----------------------------------------------------

    def plan_disputes(self, count: int) -> None:
        roster = self.ws.state.roster
        for n in range(count):
            day = self.days[self.rng.randrange(len(self.days) - 8)]
            w = self.rng.choice(self.workers)
            homes = roster.households_of(w.id, day)
            if len(homes) < _PARTIES:
                continue
            a, b = self.rng.sample(list(homes), 2)
            self.schedule(
                day,
                self._dispute(
                    f"TJ-{day:%m%d}-{n}", w.id, a=a.id, b=b.id, day=day, escalate=n == 0
                ),
            )

    def _dispute(
        self, case_id: str, worker: str, *, a: str, b: str, day: date, escalate: bool
    ) -> Action:
        title = self.rng.choice(_DISPUTES)

        def act() -> None:
            ws = self.ws
            region = ws.state.roster.region_of(a, day)
            assert region is not None  # noqa: S101 - placed households only
            ws.open_case(
                case_id,
                category="邻里纠纷",
                region=region.code,
                actor=worker,
                at=_at(day, 9),
                household=a,
                title=title,
                workflow=ws.config.dispute_workflow,
            )
            me = Actor(worker, _MEDIATOR)
            if escalate:
                ws.escalate_case(
                    case_id,
                    to_unit=_MEDIATION_COMMITTEE,
                    to_level=Level.VILLAGE,
                    reason="涉及多户",
                    actor=me,
                    at=_at(day, 10),
                    key="up",
                )
                ws.accept_case(
                    case_id,
                    unit=_MEDIATION_COMMITTEE,
                    actor=Actor(_MEDIATION_COMMITTEE, _MEDIATOR),
                    at=_at(day, 11),
                    key="acc",
                )
            ws.fire_case(case_id, "mediate", actor=me, at=_at(day, 14), key="mediate")
            self.schedule(
                self.later(day, 2), self._settle(case_id, me, a, b, self.later(day, 2))
            )

        return act

    def _settle(
        self, case_id: str, me: Actor, a: str, b: str, day: date | None
    ) -> Action:
        def act() -> None:
            assert day is not None  # noqa: S101
            ws = self.ws
            ws.fire_case(
                case_id,
                "agree",
                actor=me,
                at=_at(day, 9),
                key="agree",
                fields={"agreement": "双方签字"},
            )
            ws.fire_case(
                case_id,
                "follow_up",
                actor=me,
                at=_at(day, 15),
                key="follow_up",
                fields={"visit_note": "已履行", "performance": "performed"},
            )
            ws.fire_case(
                case_id,
                "resolve",
                actor=me,
                at=_at(day, 16),
                key="resolve",
                fields={"satisfaction": "satisfied"},
                claim_for=(a, b),
            )
            for claim in (f"{case_id}:{a}", f"{case_id}:{b}"):
                self.claim_flow(claim, day)

        return act

    def plan_assigned(self) -> None:
        town_unit = self.ws.state.roster.roots()[0].code
        for n, title in enumerate(_ASSIGNED):
            day = self.days[self.rng.randrange(len(self.days) - 6)]
            chief = self.rng.choice(self.chiefs)
            grid = chief.scope.regions[0]

            def act(
                n: int = n,
                title: str = title,
                day: date = day,
                chief: str = chief.id,
                grid: str = grid,
            ) -> None:
                case_id = f"JB-{n + 1:03d}"
                self.ws.open_case(
                    case_id,
                    category="交办事项",
                    region=grid,
                    actor=town_unit,
                    at=_at(day, 8, 30),
                    source=CaseSource.ASSIGNED,
                    title=title,
                )
                self.loop(case_id, day, chief)

            self.schedule(day, act)

    # -- claims, activities, supermarket --------------------------------------------

    def claim_flow(self, claim_id: str, day: date) -> None:
        """核实 and 公示 the next working day; 认定 after the notice period."""
        verify_day = self.later(day, 1)

        def verify() -> None:
            assert verify_day is not None  # noqa: S101
            self.ws.step_claim(
                claim_id, "verify", actor="网格员", at=_at(verify_day, 9), key="verify"
            )
            self.ws.step_claim(
                claim_id,
                "publish",
                actor="网格员",
                at=_at(verify_day, 10),
                key="publish",
            )

        self.schedule(verify_day, verify)
        if verify_day is None:
            return
        ready = verify_day + timedelta(days=3)
        recog_day = next((d for d in self.days if d > ready), None)

        def recognise() -> None:
            assert recog_day is not None  # noqa: S101
            self.ws.recognise_claim(
                claim_id, actor="评议小组", at=_at(recog_day, 16), key="recognise"
            )

        self.schedule(recog_day, recognise)

    def plan_activities(self, count: int) -> None:
        menu = self.ws.config.menu
        people = [
            (p.id, h.id)
            for h in self.ws.state.roster.households.values()
            for p in h.members[:1]
        ]
        for n in range(count):
            day = self.days[self.rng.randrange(len(self.days) - 6)]
            item = menu[n % len(menu)] if menu else None
            crew = self.rng.sample(people, 6)
            hours: dict[str, Decimal] = {
                p: Decimal(self.rng.choice((2, 3, 4))) for p, _ in crew
            }
            served = self.rng.randrange(20, 120)

            def act(
                n: int = n,
                day: date = day,
                item: MenuItem | None = item,
                hours: dict[str, Decimal] = hours,
                served: int = served,
            ) -> None:
                ws = self.ws
                answers: tuple[str, ...] = ()
                kind = ActivityKind.CIVILITY
                title = "新时代文明实践活动"
                if item is not None:
                    order = f"DD-{n + 1:03d}"
                    ws.order_service(
                        order, item.code, by="裴村社区居民", at=_at(day, 8)
                    )
                    answers, kind, title = (order,), item.kind, item.title
                activity = f"HD-{n + 1:03d}"
                ws.record_activity(
                    activity,
                    team=self.team,
                    kind=kind,
                    title=title,
                    organiser="W04",
                    at=_at(day, 15),
                    participants=hours,
                    served=served,
                    answers=answers,
                    claim_points=True,
                )
                for person in hours:
                    self.claim_flow(f"{activity}:{person}", day)

            self.schedule(day, act)

    def plan_shopping(self) -> None:
        last = self.days[-1]

        def act() -> None:
            ws = self.ws
            ledger = ws.state.ledger
            # By lifetime earnings, which spending never lowers: a rerun picks the
            # same households and its orders are answered as retries.
            earned = ledger.lifetime_earnings()
            rich = sorted(earned, key=lambda a: (-earned[a], a))[:4]
            for n, account in enumerate(rich):
                placed = f"DH-{n + 1:03d}" in {
                    o.id for o in ws.state.supermarket.orders()
                }
                if placed or ledger.redeemable(account) >= _SOAP_PRICE:
                    order = ws.place_order(
                        f"DH-{n + 1:03d}", account, {"soap": 1}, at=_at(last, 10)
                    )
                    ws.hand_over(order.id, at=_at(last, 10, 30), approver="超市管理员")

        self.schedule(last, act)


def simulate_month(
    ws: Workspace,
    period: str = "2026-11",
    *,
    seed: int = 2026,
    share: float = 1.0,
    progress: Progress | None = None,
) -> DemoStats:
    """
    Play one month on *ws* (the sample township), deterministically from *seed*.

    Args:
        ws: A workspace on the sample township (or one with the same workforce roles).
        period: The month (``"2026-11"``).
        seed: The random seed; the same seed records the same events.
        share: The share of households the workers visit (1.0 = every household).
        progress: Called after each day as ``progress(done, total, day)``.
    """
    _, span = parse_period(period)
    assert span.start is not None  # noqa: S101 - a month is bounded
    assert span.end is not None  # noqa: S101
    all_days = [
        span.start + timedelta(days=i) for i in range((span.end - span.start).days)
    ]
    days = [d for d in all_days if ws.config.calendar.is_working_day(d)]
    rng = random.Random(seed)  # noqa: S311 - a simulation, not a secret
    month = _Month(ws, days, rng, share)
    month.plan_visits()
    month.plan_patrols()
    month.plan_disputes(8)
    month.plan_assigned()
    month.plan_activities(10)
    month.plan_shopping()
    for n, day in enumerate(days):
        with ws.transaction():
            for action in month.agenda.get(day, []):
                action()
        if progress is not None:
            progress(n + 1, len(days), day)
    state = ws.state
    return DemoStats(
        days=len(days),
        events=ws.position,
        visits=len(state.visits),
        patrols=len(state.patrols),
        cases=len(state.cases),
        claims=len(state.claims),
    )
