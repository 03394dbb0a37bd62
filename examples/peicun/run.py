"""
裴村社区 (义马市新区街道): the community, its checks, and a month of patrols.

The community of seed 002: 社区党总支 → 网格党支部 → 微网格党小组 → 党员,
5 grids, 20 micro-grids, 24 grid staff, "按线划分、不漏一地、不漏一户". This
folder is its township directory (``township.toml`` + ``households.csv``, the
same township ``gridgov demo`` loads, with the sample rule book, visit policy,
supermarket and 点单 menu). The script prints, in Chinese:

* the structure: grids and micro-grids with their households, the 网格队伍,
  the four Party levels and the 党员中心户;
* 茹雪梅's households, and the 赵 family's move between grids mid-May;
* the roster checks (检查结果): the planted problems, by name;
* "截至目前，已开展网格巡查200余次，先后整治飞线充电、杂物堆积、乱停乱放、修整
  路面等小区治理问题40余起": May 2026's patrols recorded through a
  `gridgov.app.Workspace` — every grid staff member patrols their area three
  times a week — where each problem found opens a case on the 数字城管 workflow, which
  the community registers, dispatches, handles, verifies and closes; then the
  Workspace's report for May (巡查, 事项办理).

Run from the repository root:

    python examples/peicun/run.py
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import attrs

from gridgov.app import Workspace, load_config
from gridgov.app.state import finding_ref
from gridgov.calendar import ChinaCalendar
from gridgov.domain import CHINA_TZ, Level, OrgKind
from gridgov.flow import Actor
from gridgov.labels import masked_name
from gridgov.reports.render import rows
from gridgov.roster import Finding, Roster, check_all
from gridgov.visits import PatrolFinding, PatrolFindingRecorded

HERE = Path(__file__).resolve().parent
ARTICLE_DAY = date(2026, 5, 8)
MAY = "2026-05"
CALENDAR = ChinaCalendar()
GRID_STAFF = {"grid_chief", "full_time_grid_worker", "part_time_grid_worker"}
CENTRE = Actor(
    "裴村社区网格化服务管理中心",
    frozenset({"operator", "dispatcher", "handler", "supervisor"}),
)
# What the patrols find, in the article's words: 飞线充电, 杂物堆积, 乱停乱放, 修整路面.
PROBLEMS = (
    ("electricity", "flying_lead", "楼道飞线给电动车充电"),
    ("environment", "clutter", "楼道杂物堆积"),
    ("environment", "parking", "消防通道旁乱停乱放"),
    ("environment", "road_damage", "小区路面坑洼"),
    ("electricity", "ebike_indoor", "电动车推入楼内充电"),
    ("fire", "blocked_exit", "消防通道被杂物堵塞"),
)
EVERY_NTH_FINDS = 6  # one patrol in six finds a problem: 200余次巡查, 40余起问题
UNFIXED = 3  # cases still being handled at the end of May


@attrs.frozen
class Patrols:
    """May's patrols, the findings and the cases they opened."""

    workspace: Workspace
    patrols: int
    findings: tuple[PatrolFindingRecorded, ...]
    cases: tuple[str, ...]
    """Case ids, one per finding, in the order found."""


def load() -> Roster:
    """The township of this folder (the same as the sample shipped with gridgov)."""
    return load_config(HERE, calendar=CALENDAR).roster


def grid_staff(roster: Roster) -> list[str]:
    """Names of the 网格长 and 专/兼职网格员: the article's 网格队伍."""
    return [w.name for w in roster.workers.values() if w.role.value in GRID_STAFF]


def _who(roster: Roster, household: str) -> str:
    home = roster.households[household]
    head = home.members[0].name if home.members else ""
    return f"{home.address} {masked_name(head)}".rstrip()


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA_TZ)


def record_patrols(ws: Workspace) -> Patrols:
    """Three times a week each grid staff member patrols; findings open cases."""
    roster = ws.state.roster
    staff = sorted(
        (w for w in roster.workers.values() if w.role.value in GRID_STAFF),
        key=lambda w: w.id,
    )
    days = [
        d
        for d in (date(2026, 5, 1) + timedelta(n) for n in range(31))
        if CALENDAR.is_working_day(d) and d.weekday() in {0, 2, 4}
    ]
    found: list[PatrolFindingRecorded] = []
    cases: list[str] = []
    n = 0
    for day in days:
        for worker in staff:
            n += 1
            region = worker.scope.regions[0]
            problems = []
            if n % EVERY_NTH_FINDS == 0:
                checklist, item, note = PROBLEMS[(n // EVERY_NTH_FINDS) % len(PROBLEMS)]
                problems.append(PatrolFinding(checklist, item, note=note))
            _patrol, findings = ws.record_patrol(
                worker.id,
                region,
                at=_at(day, 9),
                checklists=("electricity", "environment", "fire"),
                findings=problems,
                key=f"{day}:{worker.id}",
            )
            for finding in findings:
                found.append(finding)
                cases.append(ws.state.case_of_finding[finding_ref(finding)])
    for k, case_id in enumerate(cases):
        _fix(ws, case_id, days, done=k < len(cases) - UNFIXED)
    return Patrols(ws, n, tuple(found), tuple(cases))


def _fix(ws: Workspace, case_id: str, days: list[date], *, done: bool) -> None:
    """立案 → 派遣 → 处置 → 反馈 → 核查 → 结案, one working day apart."""
    opened = ws.case(case_id).opened_at.astimezone(CHINA_TZ).date()
    steps = [
        ("register", {}),
        ("dispatch", {"unit": "裴村社区物业服务中心"}),
        ("handle", {"result": "已整改"}),
        ("feed_back", {}),
        ("verify", {"photo": "整改后照片"}),
        ("close", {}),
    ]
    for k, (command, fields) in enumerate(steps if done else steps[:2], start=1):
        day = CALENDAR.add_working_days(opened, k // 2)
        ws.fire_case(
            case_id, command, actor=CENTRE, at=_at(day, 10 + k), key=command,
            fields=fields,
        )  # fmt: skip
    assert days  # the month has patrol days


def structure(roster: Roster) -> list[str]:
    """The community as the article describes it."""
    levels = Counter(r.level for r in roster.regions.values())
    orgs = Counter(o.kind for o in roster.organisations.values())
    centrals = roster.central_households.values()
    linked = sum(len(c.links) for c in centrals)
    day = f"{ARTICLE_DAY:%Y年%-m月%-d日}"
    lines = [
        f"{roster.name}（{day}）：在册 {len(roster.households)} 户",
        f"网格：{levels[Level.GRID]} 个网格，{levels[Level.MICRO_GRID]} 个微网格",
    ]
    for grid in (r for r in roster.regions.values() if r.level is Level.GRID):
        homes = len(roster.households_in(grid.code, ARTICLE_DAY))
        lines.append(f"  {grid.name}：{homes} 户")
    lines += [
        f"网格队伍：{len(grid_staff(roster))} 人（网格长、专职网格员、兼职网格员）",
        (
            f"党组织：党总支 {orgs[OrgKind.PARTY_GENERAL_BRANCH]} 个，"
            f"网格党支部 {orgs[OrgKind.PARTY_BRANCH]} 个，"
            f"微网格党小组 {orgs[OrgKind.PARTY_GROUP]} 个"
        ),
        f"党员中心户：{len(roster.central_households)} 户，联系 {linked} 户",
    ]
    return lines


def people(roster: Roster) -> list[str]:
    """茹雪梅's households, and the 赵 family's move mid-May."""
    ru = next(w for w in roster.workers.values() if w.name == "茹雪梅")
    homes = roster.households_of(ru.id, ARTICLE_DAY)
    elderly = [h for h in homes if h.has_tag("empty_nest_elderly", ARTICLE_DAY)]
    lines = [
        (
            f"网格员{ru.name}（{ru.role.zh}）：负责 {len(homes)} 户，"
            f"其中空巢老人 {len(elderly)} 户"
        )
    ]
    where = []
    for day in (date(2026, 5, 14), date(2026, 5, 15)):
        region = roster.region_of("PC8002", day)
        where.append(f"{day:%-m月%-d日}在{region.name if region else '未入格'}")
    lines.append(f"{_who(roster, 'PC8002')} 一家：" + "，".join(where))
    return lines


def finding_line(roster: Roster, finding: Finding) -> str:
    """A roster check's finding in Chinese, by name."""
    homes = "、".join(_who(roster, h) for h in finding.households)
    region = roster.regions[finding.region] if finding.region else None
    norms = roster.norms
    kind = f"{finding.check}.{finding.code}"
    if kind == "partition.non_leaf" and region is not None:
        return f"{homes} 登记在{region.name}（有下级网格），尚未划入网格"
    if kind == "coverage.uncovered":
        return f"{homes} 没有责任网格员（不漏一户）"
    over = "超出" if finding.code == "over" else "低于"
    if finding.worker in roster.central_households:
        central = roster.central_households[finding.worker]
        low, high = norms.central_household_min, norms.central_household_max
        return (
            f"党员中心户 {masked_name(central.name)} 联系 {finding.count} 户，"
            f"{over}规范（{low}–{high} 户）"
        )
    if finding.worker is not None:
        worker = roster.workers[finding.worker]
        norm = next(n for n in norms.spans if n.role is worker.role)
        return (
            f"{worker.role.zh} {worker.name} 负责 {finding.count} 户，"
            f"{over}规范（{norm.min}–{norm.max} 户）"
        )
    assert region is not None  # a grid-size finding names its grid
    size = next(n for n in norms.grid_sizes if n.kind is region.kind)
    return (
        f"{region.name} 有 {finding.count} 户，{over}网格规模规范"
        f"（{size.min}–{size.max} 户）"
    )


def patrol_lines(month: Patrols) -> list[str]:
    """The patrols, the problems found and the cases they opened."""
    ws = month.workspace
    roster = ws.state.roster
    kinds = Counter(f.label_zh for f in month.findings)
    lines = [
        (
            f"{MAY[:4]}年{int(MAY[5:])}月网格巡查：{month.patrols} 次，"
            f"发现问题 {len(month.findings)} 起，立为事项 {len(month.cases)} 件"
        ),
        "  问题类别：" + "，".join(f"{k} {n} 起" for k, n in kinds.most_common()),
        "巡查发现的问题和事项：",
    ]
    for finding, case_id in zip(month.findings, month.cases, strict=True):
        case = ws.case(case_id)
        worker = roster.workers[finding.worker]
        day = finding.occurred_at.astimezone(CHINA_TZ).date()
        state = ws.state.rules(case.workflow).workflow.flow.label(case.state)
        lines.append(
            f"  {day:%-m月%-d日} {roster.regions[finding.region].name} "
            f"{worker.name}：{finding.label_zh}（{finding.note}），事项状态：{state}"
        )
    report = ws.report(MAY)
    lines.append(f"{MAY[:4]}年{int(MAY[5:])}月工作报表（巡查、事项办理）：")
    for section, _metric, label, value in rows(report):
        if section in {"patrols", "cases"}:
            shown = value.percent if hasattr(value, "percent") else value
            lines.append(f"  {label} {shown}")
    return lines


def main() -> None:
    """Print the community, its checks and May's patrols."""
    config = load_config(HERE, calendar=CALENDAR)
    roster = config.roster
    print("\n".join(structure(roster)))
    print()
    print("\n".join(people(roster)))
    print("\n检查结果：")
    for finding in check_all(roster, ARTICLE_DAY):
        print(f"  {finding.severity.zh}：{finding_line(roster, finding)}")
    print()
    month = record_patrols(Workspace.in_memory(config))
    print("\n".join(patrol_lines(month)))


if __name__ == "__main__":
    main()
