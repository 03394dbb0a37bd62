"""
A month in 裴村社区: a seeded simulation that drives every command of the Workspace.

`simulate_month` plays one month (or a day, a week, a quarter, a half year, a
year: every period label) on the sample township, one working day at a time,
each day in one transaction: grid workers visit their households (elderly
households twice), grid chiefs patrol their grids and findings become
cases that go round the 数字城管 loop, disputes go through 矛盾纠纷调解 (one is
escalated to the community, which adds a visit trigger) and resolved ones file
points claims for the parties, items arrive from the street office (上级交办),
the volunteer team holds activities (some ordered from the 点单 menu) whose
participants claim points, claims are verified, publicised and recognised
once the notice window (in working days) has closed, and households redeem
points in the supermarket.
The same seed gives the same journal, event for event.

>>> from gridgov.app.workspace import Workspace
>>> ws = Workspace.in_memory()
>>> stats = simulate_month(ws, "2026-11", seed=7, share=0.05)
>>> stats.days, stats.events == ws.position > 0
(21, True)
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import attrs

from gridgov.app.workspace import Workspace
from gridgov.cases.vocabulary import CaseSource
from gridgov.demo._plan import (
    Action,
    MonthAgenda,
    at_hour,
    period_parts,
    working_days,
)
from gridgov.domain.regions import Level
from gridgov.flow import Actor
from gridgov.volunteers.activities import ActivityKind, MenuItem

__all__ = ["DemoStats", "simulate_month"]

Progress = Callable[[int, int, date], None]

_MEDIATOR = frozenset({"mediator", "grid_worker"})
_CLAIM_WORKER = Actor("网格员", frozenset({"grid_worker"}))
_REVIEW_PANEL = Actor("评议小组", frozenset({"committee"}))
"""The committee that recognises claims (评议小组)."""
_DISPUTES = ("邻里噪音纠纷", "宅基地边界纠纷", "楼上漏水纠纷", "停车位纠纷", "赡养纠纷")
_PARTIES = 2
_MEDIATION_COMMITTEE = "PC-TWH"
"""The community mediation committee (调委会) of the sample township."""
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


class _TownshipMonth(MonthAgenda):
    """The demo's month: field work, plus disputes, claims, activities, shopping."""

    # -- disputes, assigned items ----------------------------------------------------

    def plan_disputes(self, count: int) -> None:
        roster = self.ws.state.roster
        for n in range(count):
            day = self.pick(8)
            w = self.rng.choice(self.workers)
            homes = roster.households_of(w.id, day)
            if len(homes) < _PARTIES:
                continue
            a, b = self.rng.sample(list(homes), 2)
            self.schedule(
                day,
                self._dispute(
                    f"TJ-{day:%Y%m%d}-{n}",
                    w.id,
                    a=a.id,
                    b=b.id,
                    day=day,
                    escalate=n == 0,
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
                at=at_hour(day, 9),
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
                    at=at_hour(day, 10),
                    key="up",
                )
                ws.accept_case(
                    case_id,
                    unit=_MEDIATION_COMMITTEE,
                    actor=Actor(_MEDIATION_COMMITTEE, _MEDIATOR),
                    at=at_hour(day, 11),
                    key="acc",
                )
            ws.fire_case(
                case_id, "mediate", actor=me, at=at_hour(day, 14), key="mediate"
            )
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
                at=at_hour(day, 9),
                key="agree",
                fields={"agreement": "双方签字"},
            )
            ws.fire_case(
                case_id,
                "follow_up",
                actor=me,
                at=at_hour(day, 15),
                key="follow_up",
                fields={"visit_note": "已履行", "performance": "performed"},
            )
            ws.fire_case(
                case_id,
                "resolve",
                actor=me,
                at=at_hour(day, 16),
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
            day = self.pick(6)
            chief = self.rng.choice(self.chiefs)
            grid = chief.scope.regions[0]

            def act(
                n: int = n,
                title: str = title,
                day: date = day,
                chief: str = chief.id,
                grid: str = grid,
            ) -> None:
                case_id = f"JB-{self.tag}-{n + 1:03d}"
                self.ws.open_case(
                    case_id,
                    category="交办事项",
                    region=grid,
                    actor=town_unit,
                    at=at_hour(day, 8, 30),
                    source=CaseSource.ASSIGNED,
                    title=title,
                )
                self.loop(case_id, day, chief)

            self.schedule(day, act)

    # -- claims, activities, supermarket --------------------------------------------

    def claim_flow(self, claim_id: str, day: date) -> None:
        """核实 and 公示 the next working day; 认定 once the notice window closes."""
        verify_day = self.later(day, 1)

        def verify() -> None:
            assert verify_day is not None  # noqa: S101
            self.ws.step_claim(
                claim_id,
                "verify",
                actor=_CLAIM_WORKER,
                at=at_hour(verify_day, 9),
                key="verify",
            )
            self.ws.step_claim(
                claim_id,
                "publicise",
                actor=_CLAIM_WORKER,
                at=at_hour(verify_day, 10),
                key="publicise",
            )

        self.schedule(verify_day, verify)
        if verify_day is None:
            return
        recog_day = self.later(verify_day, self.ws.state.notice_days)

        def recognise() -> None:
            assert recog_day is not None  # noqa: S101
            self.ws.recognise_claim(
                claim_id,
                actor=_REVIEW_PANEL,
                at=at_hour(recog_day, 16),
                key="recognise",
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
            day = self.pick(6)
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
                    order = f"DD-{self.tag}-{n + 1:03d}"
                    ws.order_service(
                        order, item.code, by="裴村社区居民", at=at_hour(day, 8)
                    )
                    answers, kind, title = (order,), item.kind, item.title
                activity = f"HD-{self.tag}-{n + 1:03d}"
                ws.record_activity(
                    activity,
                    team=self.team,
                    kind=kind,
                    title=title,
                    organiser="W04",
                    at=at_hour(day, 15),
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
                order_id = f"DH-{self.tag}-{n + 1:03d}"
                placed = order_id in {o.id for o in ws.state.supermarket.orders()}
                if placed or ledger.redeemable(account) >= _SOAP_PRICE:
                    order = ws.place_order(
                        order_id, account, {"soap": 1}, at=at_hour(last, 10)
                    )
                    ws.hand_over(
                        order.id, at=at_hour(last, 10, 30), approver="超市管理员"
                    )

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
    Play a period on *ws* (the sample township), deterministically from *seed*.

    Every period form of `gridgov.domain.periods.parse_period` is played: a
    day (``"2026-11-03"``), a week (``"2026-W48"``) or a month
    (``"2026-11"``) as one agenda over its working days; a quarter, a half
    year or a year month by month. What would follow past the period's end
    (a case's next step, a claim's 认定) does not happen; a period with no
    working day plays nothing. Ids made by the simulation carry the month or
    period (``JB-2026-11-001``), so months played one by one or as a quarter
    record the same events.

    Args:
        ws: A workspace on the sample township (or one with the same workforce roles).
        period: The period (``"2026-11"``, ``"2026-W48"``, ``"2026-Q4"`` …).
        seed: The random seed; the same seed records the same events.
        share: The share of households the workers visit (1.0 = every household).
        progress: Called after each day as ``progress(done, total, day)``.

    Raises:
        InvalidValueError: *period* is not a period label.
        CalendarError: The calendar cannot say which days are working days
            (a year without a holiday notice under ``unpublished="raise"``).
    """
    parts = [
        (label, days)
        for label, start, end in period_parts(period)
        if (days := working_days(ws, start, end))
    ]
    total = sum(len(days) for _, days in parts)
    done = 0
    for label, days in parts:
        rng = random.Random(f"{seed}:{label}")  # noqa: S311 - a simulation
        month = _TownshipMonth(ws, days, rng, share, tag=label)
        month.plan_visits()
        month.plan_patrols()
        month.plan_disputes(8)
        month.plan_assigned()
        month.plan_activities(10)
        month.plan_shopping()
        for day in days:
            with ws.transaction():
                for action in month.agenda.get(day, []):
                    action()
            done += 1
            if progress is not None:
                progress(done, total, day)
    state = ws.state
    return DemoStats(
        days=total,
        events=ws.position,
        visits=len(state.visits),
        patrols=len(state.patrols),
        cases=len(state.cases),
        claims=len(state.claims),
    )
