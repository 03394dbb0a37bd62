"""
孟封镇 (太原市清徐县): 三治融合 — seed 004 as a simulated 2023.

What the article describes, and where it lives here:

* 党建微网格: "将辖区内20个行政村划分为162个微网格，配备42名网格员" —
  ``township.toml`` (made by ``generate.py``); every household is covered.
* 五事工作法 (听村民说事、让村民议事、帮村民办事、邀村民评事、向村民晒事):
  one village matter per village on the built-in ``five_matters`` workflow,
  one of them sent back at 评事 and redone (返工).
* 四议两公开: three village decisions on the built-in ``four_deliberations``
  workflow, whose quorum (2/3) and majority (> 1/2) guards refuse a meeting
  that is not quorate and a motion without a majority.
* 首问负责制 and 限时办结制 with 马上办/代着办/领着办/上门办: the service desk
  (``workflows/service_desk.toml``): 463 consultations, 864 business licences and 100
  food-shop filings, each with the time limit of its category; licence
  requests that arrive at the wrong window are transferred, and the first
  window stays accountable until the licence window accepts.
* "2023年该镇排查化解矛盾纠纷123起，化解率达100%": 123 disputes on the built-in
  ``mediation`` workflow; most are settled in the village (小事不出村), some go
  up to the town's 矛盾纠纷调处中心, and 31 (工程施工, 交通事故, 家庭矛盾) are
  settled by 杨房村's 清阳法治服务点 — every one resolved. The disputes are
  recorded through a `gridgov.app.Workspace`, so they sit in a hash-chained
  journal (in memory, or a SQLite file with ``simulate(store=...)``) and the
  town's period report (`Workspace.report`) publishes their 化解率.

* 志愿服务: "成立志愿服务队伍20余支，注册志愿者839人，开展志愿服务60余次" —
  the teams and their members are organisations of the township
  (``township.toml``), and 62 activities are recorded through the Workspace,
  so the town's report counts 839 registered volunteers from the roster.
* 走访: every 网格员 visits each of their households once in the year and the
  空巢老人 every quarter (``visit_policy.toml``; the article gives no
  frequency, this one is illustrative), recorded through the Workspace: the
  report's 走访人次 and 走访率 come from those visits.
* 推广积分超市, 星级文明户: November's points month of 杨房村 and 孟封村
  (``rulebook.toml``, ``stars.toml``, ``supermarket.toml``): every household
  starts from a base score of 100 that can never be spent, misconduct costs
  points, 申报 → 核实 → 公示 → 认定, the households shop in the 积分超市 (one
  order refused, one cancelled, one returned), stars are rated with 退星 for
  gambling, and on 1 January the earned points are cleared (年底清零).

Everything is seeded, so every run gives the same figures.

Run from the repository root:

    python examples/mengfeng/run.py
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import attrs

from gridgov.app import Workspace, WorkspaceConfig, load_config
from gridgov.calendar import ChinaCalendar
from gridgov.cases import (
    Case,
    CaseAdvanced,
    CaseMetrics,
    CaseRules,
    CaseSource,
    HandlingMode,
    TransferKind,
    Urgency,
    accept_transfer,
    case_metrics,
    fire_case,
    open_case,
    request_transfer,
)
from gridgov.domain import CHINA_TZ, Level, OrgKind
from gridgov.domain.periods import Period, period_span
from gridgov.errors import LedgerError, TransitionRefusedError
from gridgov.flow import Actor
from gridgov.io import load_spec
from gridgov.io.workflows import builtin_workflow
from gridgov.labels import masked_name
from gridgov.points import (
    SUPERMARKET,
    ClaimDesk,
    Ledger,
    StarRating,
    StarStandard,
    Supermarket,
    star_ratings,
)
from gridgov.reports.render import rows
from gridgov.roster import Roster
from gridgov.visits import VisitKind
from gridgov.volunteers.activities import ActivityKind

HERE = Path(__file__).resolve().parent
YEAR = 2023
START = datetime(YEAR, 1, 1, tzinfo=CHINA_TZ)
END = datetime(YEAR + 1, 1, 1, tzinfo=CHINA_TZ)
CALENDAR = ChinaCalendar()

CLERK = Actor("便民服务中心", frozenset({"clerk"}))
MEDIATOR = Actor("调解员", frozenset({"mediator", "grid_worker"}))
CADRE = Actor("村两委", frozenset({"village_cadre", "village_committee"}))
BRANCH = Actor("村党支部", frozenset({"party_branch"}))
REPRESENTATIVE = Actor("村民代表", frozenset({"villager_representative"}))

# The service desk (便民服务中心) windows.
CONSULTATION_DESK = "便民服务中心综合窗口"
LICENCE_WINDOW = "便民服务中心市场监管窗口"
SERVICES = (  # category, count, handling modes with their counts, limit note
    ("consultation", 463, ((HandlingMode.IMMEDIATE, 463),)),
    (
        "business_licence",
        864,
        (
            (HandlingMode.PROXY, 800),
            (HandlingMode.ACCOMPANIED, 40),
            (HandlingMode.DOORSTEP, 24),
        ),
    ),
    ("food_shop_filing", 100, ((HandlingMode.PROXY, 100),)),
)
MISROUTED = 20  # licence requests first received at the consultation desk
LATE = 12  # licences finished after their 3 working days (限时办结 breached)

DISPUTES = 123
TO_TOWN = 23  # disputes escalated to the town 矛盾纠纷调处中心
TOWN_CENTRE = "孟封镇矛盾纠纷调处中心"
LEGAL_POINT = "杨房村清阳法治服务点"
LEGAL_POINT_CASES = 31  # "累计化解工程施工类、交通事故类、家庭矛盾类纠纷30余例"
LEGAL_CATEGORIES = ("工程施工", "交通事故", "家庭矛盾")
OTHER_CATEGORIES = ("邻里纠纷", "土地纠纷", "婚姻家庭", "劳资纠纷")
BREACHED = 5  # agreements not performed at the follow-up visit: mediated again

ACTIVITIES = 62  # "开展志愿服务60余次"
ACTIVITY_THEMES = (  # "在治安巡逻防范、国家安全、禁赌禁毒、反诈防骗等…宣传教育"
    (ActivityKind.SECURITY_PATROL, "治安巡逻防范"),
    (ActivityKind.LEGAL_AID, "国家安全宣传"),
    (ActivityKind.LEGAL_AID, "禁赌禁毒宣传"),
    (ActivityKind.LEGAL_AID, "反诈防骗宣传"),
)
TALK_TEAM = "MF-ZYD-LLXJ"  # 理论宣讲志愿服务队: 二十大精神, 核心价值观

# The points month: eight households of 杨房村 (MF021xx) and 孟封村 (MF011xx).
WORKER = Actor("网格员", frozenset({"worker"}))
COUNCIL = Actor("道德评议会", frozenset({"committee"}))
POINTS_HOUSEHOLDS = (
    "MF02101", "MF02102", "MF02103", "MF02104",
    "MF01101", "MF01102", "MF01103", "MF01104",
)  # fmt: skip
NOVEMBER = period_span(date(YEAR, 11, 1), Period.MONTH)
CLAIMS: list[tuple[str, int, dict[str, Any]]] = [
    ("MF02101", 3, {"kind": "volunteer", "hours": 6}),
    ("MF02101", 4, {"kind": "patrol"}),
    ("MF02101", 6, {"kind": "courtyard", "rating": "beautiful"}),
    ("MF02101", 5, {"kind": "meeting"}),
    ("MF02102", 8, {"kind": "simple_wedding"}),
    ("MF02102", 9, {"kind": "filial"}),
    ("MF02102", 5, {"kind": "meeting"}),
    ("MF02103", 6, {"kind": "courtyard", "rating": "clean"}),
    ("MF02103", 17, {"kind": "gambling"}),
    ("MF02104", 10, {"kind": "anti_fraud"}),
    ("MF02104", 3, {"kind": "volunteer", "hours": 3}),
    ("MF01101", 9, {"kind": "filial"}),
    ("MF01101", 6, {"kind": "courtyard", "rating": "beautiful"}),
    ("MF01101", 3, {"kind": "volunteer", "hours": 5}),
    ("MF01102", 5, {"kind": "meeting"}),
    ("MF01102", 18, {"kind": "high_brideprice"}),
    ("MF01103", 4, {"kind": "patrol"}),
    ("MF01103", 10, {"kind": "anti_fraud"}),
    ("MF01103", 3, {"kind": "volunteer", "hours": 12}),  # 24 points, capped at 20
    ("MF01103", 17, {"kind": "litter"}),
    ("MF01104", 12, {"kind": "simple_funeral"}),
    ("MF01104", 6, {"kind": "courtyard", "rating": "clean"}),
]
ORDERS: list[tuple[str, str, dict[str, int]]] = [
    ("O1", "MF02101", {"rice": 1}),  # 50 points: more than it may spend
    ("O2", "MF02101", {"detergent": 1, "soap": 1}),
    ("O3", "MF02102", {"oil": 1}),  # returned on 2 December
    ("O4", "MF01101", {"detergent": 1, "towel": 1}),  # cancelled before hand-over
    ("O5", "MF01104", {"detergent": 1}),
    ("O6", "MF01103", {"soap": 4}),
]


@attrs.frozen
class StarScheme:
    """The 星级文明户 standards file (``stars.toml``)."""

    standards: tuple[StarStandard, ...]


@attrs.frozen
class PointsMonth:
    """November's points, the supermarket, the stars and the year-end clearing."""

    desk: ClaimDesk
    shop: Supermarket
    stars: dict[str, StarRating]
    refused: dict[str, tuple[int, int]]
    """Orders refused: (points the order needs, points the household may spend)."""
    balances_nov30: dict[str, tuple[int, int]]
    balances_after_clearing: dict[str, int]

    @property
    def ledger(self) -> Ledger:
        """The town's points ledger."""
        return self.desk.ledger


@attrs.frozen
class Town:
    """Everything the simulated year produced, for the report and the tests."""

    roster: Roster
    desk: Mapping[str, Case]
    disputes: Mapping[str, Case]
    five_matters: Mapping[str, Case]
    deliberations: Mapping[str, Case]
    refusals: tuple[TransitionRefusedError, ...]
    pending_snapshots: Mapping[str, Case]
    late: frozenset[str]
    commands: Mapping[str, tuple[str, ...]]
    """The workflow commands each case went through, in order."""
    workspace: Workspace
    """The Workspace (and its journal): disputes, visits and volunteering."""
    points: PointsMonth
    """November's points month (积分, 星级文明户, 积分超市)."""

    def desk_metrics(self, category: str | None = None) -> CaseMetrics:
        """办结率 and 按期办结率 of the service desk (one category or all)."""
        cases = [c for c in self.desk.values() if category in {None, c.category}]
        return case_metrics(cases, start=START, end=END)

    def dispute_metrics(self) -> CaseMetrics:
        """化解率 and the share settled at each level."""
        return case_metrics(self.disputes.values(), start=START, end=END)


Log = dict[str, list[CaseAdvanced]]
Commands = dict[str, list[str]]


def _fire(log: Log, rules: CaseRules, case: Case, command: str, **kw: Any) -> Case:
    """Fire a command and keep its event (the case keeps only where it stands)."""
    case, event = fire_case(rules, case, command, **kw)
    log.setdefault(case.id, []).append(event)
    return case


def _working_day(n: int) -> date:
    """The n-th working day of the year (wrapping), so nothing lands on a rest day."""
    first = CALENDAR.add_working_days(date(YEAR, 1, 2), 0)
    return CALENDAR.add_working_days(first, n % 240)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA_TZ)


def _service_desk(
    rules: CaseRules, log: Log
) -> tuple[dict[str, Case], dict[str, Case]]:
    cases: dict[str, Case] = {}
    snapshots: dict[str, Case] = {}
    n = late = 0
    for category, _count, modes in SERVICES:
        for mode, count in modes:
            for _ in range(count):
                n += 1
                cid = f"BM{n:04d}"
                day = _working_day(n // 6)
                misrouted = category == "business_licence" and n % 43 == 0
                first = CONSULTATION_DESK if misrouted else LICENCE_WINDOW
                if category == "consultation":
                    first = CONSULTATION_DESK
                case, _ = open_case(
                    rules,
                    case_id=cid,
                    category=category,
                    urgency=Urgency.NORMAL,
                    source=CaseSource.RESIDENT,
                    level=Level.TOWN,
                    unit=first,
                    actor=CLERK,
                    at=_at(day, 9),
                    command_id=f"{cid}:open",
                    handling_mode=mode,
                )
                case = _fire(
                    log, rules, case, "sign", actor=CLERK, at=_at(day, 9, 30),
                    command_id=f"{cid}:sign",
                )  # fmt: skip
                if misrouted:  # 首问负责: transfer, stay accountable until accepted
                    case, _ = request_transfer(
                        rules, case, kind=TransferKind.TRANSFER, to_unit=LICENCE_WINDOW,
                        reason="营业执照由市场监管窗口办理", actor=CLERK,
                        at=_at(day, 10), command_id=f"{cid}:transfer",
                    )  # fmt: skip
                    snapshots[cid] = case
                    case, _ = accept_transfer(
                        rules, case, unit=LICENCE_WINDOW, actor=CLERK,
                        at=_at(day, 11), command_id=f"{cid}:accept",
                    )  # fmt: skip
                if category == "consultation":
                    done = _at(day, 11)  # 马上办: answered the same morning
                elif category == "business_licence" and n % 37 == 0 and late < LATE:
                    late += 1  # 限时办结 breached: finished on the 6th working day
                    done = _at(CALENDAR.add_working_days(day, 6), 16)
                else:
                    done = _at(CALENDAR.add_working_days(day, 2), 16)
                case = _fire(
                    log, rules, case, "complete", actor=CLERK, at=done,
                    command_id=f"{cid}:complete", fields={"result": "已办结"},
                )  # fmt: skip
                cases[cid] = case
    return cases, snapshots


def _late(cases: Mapping[str, Case]) -> list[str]:
    """Cases completed more than three working days after they were received."""
    return [
        cid
        for cid, c in cases.items()
        if c.concluded_at is not None
        and CALENDAR.working_days_between(c.opened_at.date(), c.concluded_at.date()) > 3
    ]


def _mediate(
    ws: Workspace, cid: str, day: date, log: Commands, *, breach: bool
) -> Case:
    steps: list[tuple[str, dict[str, str]]] = [
        ("agree", {"agreement": "调解协议书"}),
    ]
    if breach:
        steps += [
            ("breach", {"reason": "一方未按期履行"}),
            ("agree", {"agreement": "补充协议"}),
        ]
    steps += [
        ("follow_up", {"visit_note": "回访", "performance": "performed"}),
        ("resolve", {"satisfaction": "satisfied"}),
    ]
    for k, (command, fields) in enumerate(steps, start=1):
        at = _at(CALENDAR.add_working_days(day, 2 * k), 15)
        ws.fire_case(
            cid, command, actor=MEDIATOR, at=at, key=f"{command}:{k}", fields=fields
        )
        log.setdefault(cid, []).append(command)
    return ws.case(cid)


def record_disputes(
    ws: Workspace, *, seed: int = 2023, log: Commands | None = None
) -> dict[str, Case]:
    """Record the year's disputes in *ws*: each command is journaled."""
    rng = random.Random(seed)  # noqa: S311 - a seeded simulation
    log = {} if log is None else log
    roster = ws.state.roster
    villages = sorted(
        (r for r in roster.regions.values() if r.level is Level.VILLAGE),
        key=lambda r: r.code,
    )
    yangfang = next(v for v in villages if v.name == "杨房村")
    out: dict[str, Case] = {}
    for n in range(DISPUTES):
        cid = f"JF{n + 1:03d}"
        day = _working_day(n * 2 + 1)
        if n < LEGAL_POINT_CASES:
            village, unit = yangfang, LEGAL_POINT
            category = LEGAL_CATEGORIES[n % 3]
        else:
            village = villages[n % len(villages)]
            unit = f"{village.name}矛盾纠纷调处中心"
            category = rng.choice(OTHER_CATEGORIES)
        ws.open_case(
            cid, category=category, region=village.code, actor=MEDIATOR.id,
            at=_at(day, 9), source=CaseSource.VISIT, title=f"{category}纠纷",
            workflow="mediation", level=Level.VILLAGE, unit=unit,
        )  # fmt: skip
        ws.fire_case(cid, "mediate", actor=MEDIATOR, at=_at(day, 10), key="mediate")
        log.setdefault(cid, []).append("mediate")
        if DISPUTES - n <= TO_TOWN:  # beyond the village: up to the town
            ws.escalate_case(
                cid, to_unit=TOWN_CENTRE, to_level=Level.TOWN, reason="村级调解未果",
                actor=MEDIATOR, at=_at(day, 16), key="up",
            )  # fmt: skip
            ws.accept_case(
                cid, unit=TOWN_CENTRE, actor=MEDIATOR,
                at=_at(CALENDAR.add_working_days(day, 1), 9), key="take",
            )  # fmt: skip
        out[cid] = _mediate(ws, cid, day, log, breach=n % 25 == 7)
    return out


def _five_matters(rules: CaseRules, roster: Roster, log: Log) -> dict[str, Case]:
    """说事 → 议事 → 办事 → 评事 → 晒事, one matter per village; one is redone."""
    villages = sorted(
        (r for r in roster.regions.values() if r.level is Level.VILLAGE),
        key=lambda r: r.code,
    )
    matters = ("修缮村内道路", "增设路灯", "垃圾清运", "文化广场修缮", "排水沟清淤")
    out: dict[str, Case] = {}
    for n, village in enumerate(villages):
        cid, day = f"WS{n + 1:02d}", _working_day(10 * n + 3)
        case, _ = open_case(
            rules, case_id=cid, category=matters[n % len(matters)],
            urgency=Urgency.NORMAL, source=CaseSource.RESIDENT, level=Level.VILLAGE,
            unit=village.name, actor=REPRESENTATIVE, at=_at(day, 9),
            command_id=f"{cid}:open", title=matters[n % len(matters)],
        )  # fmt: skip
        steps: list[tuple[str, Actor, dict[str, str]]] = [
            ("take_up", CADRE, {}),
            ("decide", CADRE, {"decision": "村民议事会决定实施"}),
            ("finish", CADRE, {"result": "已完工"}),
        ]
        if n == 3:
            steps += [
                ("redo", REPRESENTATIVE, {"reason": "路面不平"}),
                ("finish", CADRE, {"result": "返工完成"}),
            ]
        steps += [
            ("approve", REPRESENTATIVE, {"satisfaction": "satisfied"}),
            ("publish", CADRE, {"where": "村务公开栏"}),
        ]
        for k, (command, actor, fields) in enumerate(steps, start=1):
            at = _at(CALENDAR.add_working_days(day, k), 10)
            case = _fire(
                log, rules, case, command, actor=actor, at=at,
                command_id=f"{cid}:{command}:{k}", fields=fields,
            )  # fmt: skip
        out[cid] = case
    return out


def _four_deliberations(
    rules: CaseRules, log: Log
) -> tuple[dict[str, Case], list[TransitionRefusedError]]:
    """四议两公开: a quorate, approved decision; an inquorate meeting; a rejection."""
    out: dict[str, Case] = {}
    refusals: list[TransitionRefusedError] = []
    topics = {
        "SY1": "村集体土地流转",
        "SY2": "村内道路硬化工程",
        "SY3": "村集体资产出租",
    }
    for n, (cid, topic) in enumerate(topics.items()):
        day = _working_day(30 * n + 20)
        case, _ = open_case(
            rules, case_id=cid, category=topic, urgency=Urgency.NORMAL,
            source=CaseSource.RESIDENT, level=Level.VILLAGE, unit="孟封村",
            actor=BRANCH, at=_at(day, 9), command_id=f"{cid}:open", title=topic,
        )  # fmt: skip
        case = _fire(
            log, rules, case, "consult", actor=CADRE, at=_at(day, 10),
            command_id=f"{cid}:consult", fields={"minutes": "两委会议纪要"},
        )  # fmt: skip
        if cid == "SY2":  # 6 of 11 党员 present: not 2/3, the meeting is refused
            try:
                fire_case(
                    rules, case, "review", actor=BRANCH, at=_at(day, 15),
                    command_id=f"{cid}:review:1",
                    fields={"members": "11", "present": "6", "approvals": "6"},
                )  # fmt: skip
            except TransitionRefusedError as refused:
                refusals.append(refused)
        review = {"members": "11", "present": "9", "approvals": "8"}
        case = _fire(
            log, rules, case, "review", actor=BRANCH,
            at=_at(CALENDAR.add_working_days(day, 2), 15),
            command_id=f"{cid}:review", fields=review,
        )  # fmt: skip
        vote = {"representatives": "45", "attending": "38", "votes_for": "33"}
        if cid == "SY3":  # the representatives vote it down: 15 of 38
            vote = {**vote, "votes_for": "15"}
            try:
                fire_case(
                    rules, case, "resolve", actor=CADRE,
                    at=_at(CALENDAR.add_working_days(day, 4), 15),
                    command_id=f"{cid}:resolve", fields=vote,
                )  # fmt: skip
            except TransitionRefusedError as refused:
                refusals.append(refused)
            case = _fire(
                log, rules, case, "reject", actor=CADRE,
                at=_at(CALENDAR.add_working_days(day, 4), 16),
                command_id=f"{cid}:reject", fields={"reason": "村民代表会议未通过"},
            )  # fmt: skip
            out[cid] = case
            continue
        steps = [
            ("resolve", vote),
            ("publish_resolution", {"where": "村务公开栏"}),
            ("implement", {"result": "已实施"}),
            ("publish_results", {"where": "村务公开栏"}),
        ]
        for k, (command, fields) in enumerate(steps, start=4):
            at = _at(CALENDAR.add_working_days(day, k), 15)
            case = _fire(
                log, rules, case, command, actor=CADRE, at=at,
                command_id=f"{cid}:{command}", fields=fields,
            )  # fmt: skip
        out[cid] = case
    return out, refusals


def record_visits(ws: Workspace) -> int:
    """Each 网格员 visits every household once a year, 空巢老人 every quarter."""
    roster = ws.state.roster
    made = 0
    for wid in sorted(roster.workers):
        homes = roster.households_of(wid, date(YEAR, 1, 2))
        for n, home in enumerate(homes):
            day = _working_day(n * 5 + 3)
            ws.record_visit(home.id, wid, at=_at(day, 15), key=f"{YEAR}:{wid}")
            made += 1
            if home.has_tag("empty_nest_elderly", day):
                for q in range(4):
                    when = _working_day(60 * q + n % 40 + 20)
                    if when != day:
                        ws.record_visit(
                            home.id, wid, at=_at(when, 10), kind=VisitKind.HOME,
                            key=f"{YEAR}-Q{q + 1}:{wid}",
                        )  # fmt: skip
                        made += 1
    return made


def record_volunteering(ws: Workspace) -> None:
    """The teams' 62 activities: patrols and talks, 2 hours for each volunteer."""
    roster = ws.state.roster
    teams = sorted(
        (o for o in roster.organisations.values() if o.kind is OrgKind.VOLUNTEER_TEAM),
        key=lambda o: o.id,
    )
    for n in range(ACTIVITIES):
        team = teams[n % len(teams)]
        if team.id == TALK_TEAM:
            kind, title = ActivityKind.THEORY_TALK, "党的二十大精神宣讲"
        else:
            kind, title = ACTIVITY_THEMES[n % len(ACTIVITY_THEMES)]
        crew = team.members[n % 5 :: 3]
        ws.record_activity(
            f"HD{n + 1:02d}", team=team.id, kind=kind, title=title,
            organiser=team.name, at=_at(_working_day(4 * n + 2), 14),
            participants={m.member: 2 for m in crew}, served=40 + n % 30,
            region=team.region or "",
        )  # fmt: skip


def points_month(config: WorkspaceConfig) -> PointsMonth:
    """November: claims, the shopping day, a return, stars and the clearing."""
    book = config.rulebook
    assert book is not None  # the folder has a rulebook.toml
    stars = load_spec(HERE / "stars.toml", StarScheme).standards
    households = dict(config.roster.households)
    ledger = Ledger("mengfeng", policy=book.spec.policy)
    for h in POINTS_HOUSEHOLDS:
        ledger.grant_base(f"base:{h}", h, at=_at(date(YEAR, 1, 1), 9))
    desk = ClaimDesk(book, ledger, CALENDAR, households=households)
    for n, (h, day, facts) in enumerate(CLAIMS):
        cid = f"MF-{YEAR}-11-{n:02d}"
        conduct = date(YEAR, 11, day)
        desk.submit(cid, h, facts, on=conduct, actor=WORKER, at=_at(conduct, 17))
        desk.verify(cid, actor=WORKER, at=_at(conduct + timedelta(1), 9))
        desk.publicise(cid, actor=WORKER, at=_at(conduct + timedelta(1), 10))
    # Recognise in the order the notice windows close (so deductions follow awards).
    for c in sorted(desk.claims(), key=lambda c: (desk.notice_ends(c.id), c.id)):
        end = desk.notice_ends(c.id)
        assert end is not None
        desk.recognise(c.id, actor=COUNCIL, at=_at(end, 15))
    balances = {h: (ledger.balance(h), ledger.redeemable(h)) for h in POINTS_HOUSEHOLDS}
    shop = Supermarket(ledger, config.catalogue)
    prices = {i.sku: i.price for i in config.catalogue}
    refused: dict[str, tuple[int, int]] = {}
    shopping = _at(date(YEAR, 11, 30), 10)
    for order_id, h, lines in ORDERS:
        try:
            shop.place(order_id, h, lines, at=shopping)
        except LedgerError:
            needs = sum(prices[sku] * units for sku, units in lines.items())
            refused[order_id] = (needs, ledger.redeemable(h))
            continue
        if order_id == "O4":
            shop.cancel(order_id, at=shopping + timedelta(minutes=5), reason="改换商品")
        else:
            shop.hand_over(
                order_id, at=shopping + timedelta(minutes=10), approver="超市管理员"
            )
    shop.return_goods("O3", at=_at(date(YEAR, 12, 4), 9), reason="食用油包装破损")
    rated = star_ratings(ledger, NOVEMBER, stars, POINTS_HOUSEHOLDS)
    ledger.expire(f"清零:{YEAR}", as_of=_at(date(YEAR + 1, 1, 1), 0))
    after = {h: ledger.balance(h) for h in POINTS_HOUSEHOLDS}
    return PointsMonth(desk, shop, rated, refused, balances, after)


def simulate(seed: int = 2023, *, store: str | Path = ":memory:") -> Town:
    """
    Run 2023 in 孟封镇: service desk, disputes, 五事 and 四议两公开.

    The disputes go through a `Workspace` whose journal is *store* (a SQLite
    file path, or ``":memory:"``); reopening it replays the same cases.
    """
    config = load_config(HERE, calendar=CALENDAR)
    roster = config.roster
    ws = Workspace.open(store, config)
    desk_rules = CaseRules(workflow=config.workflow("service_desk"), calendar=CALENDAR)
    log: Log = {}
    desk, snapshots = _service_desk(desk_rules, log)
    rules = {
        name: CaseRules(workflow=builtin_workflow(name), calendar=CALENDAR)
        for name in ("five_matters", "four_deliberations")
    }
    commands: Commands = {}
    disputes = record_disputes(ws, seed=seed, log=commands)
    record_visits(ws)
    record_volunteering(ws)
    matters = _five_matters(rules["five_matters"], roster, log)
    decisions, refusals = _four_deliberations(rules["four_deliberations"], log)
    return Town(
        roster=roster,
        desk=desk,
        disputes=disputes,
        five_matters=matters,
        deliberations=decisions,
        refusals=tuple(refusals),
        pending_snapshots=snapshots,
        late=frozenset(_late(desk)),
        commands={
            **{cid: tuple(e.command for e in events) for cid, events in log.items()},
            **{cid: tuple(names) for cid, names in commands.items()},
        },
        workspace=ws,
        points=points_month(config),
    )


def report(town: Town) -> str:
    """The year as the town would publish it (Markdown)."""
    r = town.roster
    micro = [g for g in r.regions.values() if g.level is Level.MICRO_GRID]
    villages = [v for v in r.regions.values() if v.level is Level.VILLAGE]
    d = town.dispute_metrics()
    lines = [
        f"# 孟封镇 {YEAR} 年乡村治理",
        "",
        (
            f"- 行政村 {len(villages)} 个, 微网格 {len(micro)} 个, "
            f"网格员 {len(r.workers)} 名"
        ),
        f"- 排查化解矛盾纠纷 {d.received} 起, 化解率 {d.resolution.percent}",
    ]
    order = list(Level)
    for level, rate in sorted(
        d.resolved_at_level.items(), key=lambda kv: order.index(kv[0]), reverse=True
    ):
        lines.append(f"  - {level.zh}级化解 {rate.numerator} 起 ({rate.percent})")
    legal = sum(1 for c in town.disputes.values() if c.first_receiver == LEGAL_POINT)
    lines.append(f"- 清阳法治服务点化解 {legal} 例")
    for category, label in (
        ("consultation", "受理群众咨询"),
        ("business_licence", "办理营业执照"),
        ("food_shop_filing", "食品小经营店备案"),
    ):
        m = town.desk_metrics(category)
        lines.append(
            f"- {label} {m.received} 件, 办结率 {m.completion.percent}, "
            f"按期办结率 {m.on_time.percent}"
        )
    published = sum(1 for c in town.five_matters.values() if c.state == "published")
    lines.append(f"- 五事工作法: {len(town.five_matters)} 件说事, {published} 件已晒事")
    passed = sum(
        1 for c in town.deliberations.values() if c.state == "results_published"
    )
    lines.append(f"- 四议两公开: {len(town.deliberations)} 件, {passed} 件实施并公开")
    lines += ["", *workspace_lines(town), "", *points_lines(town)]
    return "\n".join(lines)


def workspace_lines(town: Town) -> list[str]:
    """The Workspace's own 2023 report: visits, disputes and volunteers."""
    report = town.workspace.report(str(YEAR))
    out = [f"## {YEAR} 年工作报表（走访、矛盾纠纷、志愿服务）"]
    heading = ""
    for section, _metric, label, value in rows(report):
        if section not in {"visits", "disputes", "volunteers"}:
            continue
        title = {"visits": "走访", "disputes": "矛盾纠纷", "volunteers": "志愿服务"}
        if section != heading:
            heading = section
            out.append(f"{title[section]}:")
        shown = value.percent if hasattr(value, "percent") else value
        out.append(f"  - {label} {shown}")
    return out


def points_lines(town: Town) -> list[str]:
    """November's points month on the village notice board."""
    month = town.points
    roster = town.roster
    prices = {i.sku: i.name_zh for i in month.shop.catalogue()}

    def who(account: str) -> str:
        home = roster.households[account]
        return f"{home.address} {masked_name(home.members[0].name)}"

    standards = {
        s.id: s.label_zh for s in load_spec(HERE / "stars.toml", StarScheme).standards
    }
    book = month.desk.book
    lines = [f"## {YEAR} 年 11 月 积分、星级文明户与积分超市（杨房村、孟封村）"]
    lines.append("11 月 30 日积分（总分 / 可兑换，基础分 100 分不可兑换）：")
    lines += [
        f"  {who(h)} {b} 分 / {r} 分" for h, (b, r) in month.balances_nov30.items()
    ]
    lines.append("星级文明户：")
    for h, rating in month.stars.items():
        stars = "、".join(standards[s] for s in rating.stars)
        removed = "，".join(
            f"退{standards[s]}（{book.rule(r).spec.name_zh}）"
            for s, r in rating.removed
        )
        text = f"{rating.count} 星：{stars}" if rating.count else "无星"
        lines.append(f"  {who(h)} {text}{'，' + removed if removed else ''}")
    lines.append("积分超市：")
    numbers = {order_id: n for n, (order_id, _h, _l) in enumerate(ORDERS, start=1)}
    for order_id, h, wanted in ORDERS:
        goods = "、".join(f"{prices[sku]} {units} 件" for sku, units in wanted.items())
        head = f"  第 {numbers[order_id]} 单 {who(h)} {goods}"
        if order_id in month.refused:
            needs, has = month.refused[order_id]
            lines.append(
                f"{head}：未成交，可兑换积分不足（需 {needs} 分，可兑换 {has} 分）"
            )
            continue
        order = month.shop.order(order_id)
        lines.append(f"{head}：{order.points} 分，{order.status.zh}")
    lines.append(
        "  库存："
        + "，".join(f"{i.name_zh} {i.stock} 件" for i in month.shop.catalogue())
    )
    spent = month.ledger.balance(SUPERMARKET)
    value = spent * book.spec.policy.yuan_per_point
    lines.append(f"  超市累计兑出 {spent} 分（折合 {value} 元）")
    lines.append(
        f"{YEAR + 1} 年 1 月 1 日清零后（只留基础分）："
        + "，".join(
            f"{who(h)} {b} 分" for h, b in month.balances_after_clearing.items()
        )
    )
    return lines


def main() -> None:
    """Run the year and print the town's report."""
    print(report(simulate()))


if __name__ == "__main__":
    main()
