"""
金庄村 (溧阳市社渚镇): "三个一" — 一格, 一访, 一党员 — as a half year of visits.

Seed 001: four grids by natural village and resettlement compound (一格); grid
workers must visit 空巢老人, 留守儿童, 残疾人, 优抚对象, 流动人口 and 困难居民 and
cover every ordinary household once a month (一访); a 党员中心户 for every 5–15
households (一党员).

The script loads the township (``township.toml`` + 台账 CSV) and the visit
policy (``visit_policy.toml``), then simulates January–June 2026: each month
every 网格员 takes the planner's list and visits it on the planned working days
(State Council calendar), with three things that happen in a real village:

* the 南塘 grid worker is off sick 16–20 March, and the plan is not re-made,
  so some March obligations are missed (the report lists them, with reasons);
* household JZ1005 moves from 金庄网格 to 东庄网格 on 15 March (counted once);
* household JZ4007 is taken to hospital on 10 April (a 24-hour trigger);
* the 春节 holiday (15–23 February) has no working day, so the weekly visit
  to severe 困难居民 that week cannot be planned: the planner says so, and the
  report lists the week as missed (a 党员中心户's phone call does not count for
  a home-visit rule: 走访方式不符).

Run from the repository root:

    python examples/jinzhuang/run.py
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import attrs

from gridgov.calendar import ChinaCalendar
from gridgov.domain import CHINA_TZ, HouseholdId, Level, Role, WorkerId
from gridgov.domain.periods import Period
from gridgov.io.township import load_township
from gridgov.io.visits import load_visit_policy
from gridgov.labels import masked_name
from gridgov.roster import Roster
from gridgov.visits import (
    STANDARD_CHECKLISTS,
    CompiledPolicy,
    ContactRow,
    CoverageReport,
    CoverageRow,
    HouseholdChangeNoted,
    Obligation,
    PatrolFinding,
    PatrolFindingRecorded,
    TriggerKind,
    VisitIndex,
    VisitKind,
    VisitRecorded,
    Window,
    by_level,
    coverage,
    derive_obligations,
    party_contact_coverage,
    percent,
    plan_visits,
    record_patrol,
    windows,
)

HERE = Path(__file__).resolve().parent
HALF_YEAR = Window(date(2026, 1, 1), date(2026, 7, 1))
MONTHS = windows(Period.MONTH, HALF_YEAR.start, HALF_YEAR.end)
SICK = Window(date(2026, 3, 16), date(2026, 3, 21))
SICK_WORKER = "JZ-3-WGY"
MOVER, MOVE_DAY = "JZ1005", date(2026, 3, 15)
PATIENT, HOSPITAL_AT = "JZ4007", datetime(2026, 4, 10, 16, 30, tzinfo=CHINA_TZ)
# One 党员中心户 that does not reach two of its households in May.
LAPSED_CENTRAL, LAPSED_MONTH = "JZ-2-DY2", 5


@attrs.frozen
class Simulation:
    """Everything the half year produced, for the report and the tests."""

    roster: Roster
    policy: CompiledPolicy
    obligations: tuple[Obligation, ...]
    visits: tuple[VisitRecorded, ...]
    index: VisitIndex
    unplanned: tuple[Obligation, ...]
    """Obligations the planner could not fit (no working day before the deadline)."""

    def month(self, n: int) -> Window:
        """The window of month *n* of 2026."""
        return MONTHS[n - 1]

    def by_grid(self, n: int) -> CoverageReport:
        """Coverage per grid for month *n*, as of the end of June."""
        return coverage(
            self.obligations,
            self.index,
            period=self.month(n),
            as_of=HALF_YEAR.end,
            by=by_level(Level.GRID),
        )

    def by_rule(self, n: int) -> CoverageReport:
        """Coverage per rule (care category) for month *n*."""
        return coverage(
            self.obligations,
            self.index,
            period=self.month(n),
            as_of=HALF_YEAR.end,
            by=lambda ob: ob.rule,
        )

    def party(self, n: int) -> tuple[ContactRow, ...]:
        """一党员: each 党员中心户's contact with its linked households in month *n*."""
        return party_contact_coverage(self.roster, self.visits, self.month(n))


def load() -> tuple[Roster, CompiledPolicy]:
    """The village and its policy, from the spec files next to this script."""
    roster = load_township(HERE / "township.toml")
    roster = roster.move(MOVER, "320481105210002", on=MOVE_DAY)
    policy = load_visit_policy(HERE / "visit_policy.toml", care_tags=roster.vocabulary)
    return roster, policy


def _visit(
    hid: str, worker: str, day: date, kind: VisitKind = VisitKind.HOME
) -> VisitRecorded:
    return VisitRecorded(
        stream=f"visits:{hid}",
        key=f"{day}:{worker}",
        occurred_at=datetime.combine(day, time(9, 30), CHINA_TZ),
        household=HouseholdId(hid),
        worker=WorkerId(worker),
        kind=kind,
    )


def simulate() -> Simulation:
    """Plan and visit month by month; return the half year's facts."""
    roster, policy = load()
    calendar = ChinaCalendar()
    change = HouseholdChangeNoted(
        stream=f"visits:{PATIENT}",
        key="hospital-0410",
        occurred_at=HOSPITAL_AT,
        household=HouseholdId(PATIENT),
        change=TriggerKind.HOSPITAL_STAY,
        detail="溧阳市人民医院",
    )
    households = list(roster.households.values())
    obligations = derive_obligations(households, policy, HALF_YEAR, changes=[change])
    grid_workers = [
        w.id
        for w in roster.workers.values()
        if w.role in {Role.FULL_TIME_GRID_WORKER, Role.PART_TIME_GRID_WORKER}
    ]
    visits: list[VisitRecorded] = []
    unplanned: list[Obligation] = []
    for month in MONTHS:
        index = VisitIndex.from_visits(visits)
        for wid in grid_workers:
            plan = plan_visits(
                wid,
                obligations,
                index,
                directory=roster,
                calendar=calendar,
                window=month,
                as_of=month.start,
            )
            unplanned += plan.unplanned
            visits += [
                _visit(item.household, wid, item.day)
                for item in plan.items
                if not (wid == SICK_WORKER and SICK.contains(item.day))
            ]
        for cid in roster.central_households:
            linked = roster.links_of(cid, month.last_day)
            skip = (
                2 if (cid, month.start.month) == (LAPSED_CENTRAL, LAPSED_MONTH) else 0
            )
            visits += [
                _visit(h.id, cid, month.start.replace(day=20), VisitKind.PHONE)
                for h in linked[skip:]
            ]
    return Simulation(
        roster,
        policy,
        tuple(obligations),
        tuple(visits),
        VisitIndex.from_visits(visits),
        tuple(unplanned),
    )


CASE_CATEGORIES = {"safety_hazard": "安全隐患"}
"""Chinese names of the patrol findings' case categories."""


def rule_labels(policy: CompiledPolicy) -> dict[str, str]:
    """The Chinese label of every rule and trigger of the visit policy, by id."""
    spec = policy.policy
    labels = {r.id: r.label_zh for r in spec.rules}
    if spec.floor is not None:
        labels[spec.floor.id] = spec.floor.label_zh
    labels |= {f"trigger:{t.on}": t.label_zh for t in spec.triggers}
    return labels


def _row(label: str, row: CoverageRow) -> str:
    rate = percent(row.rate)
    missed = len({m.household for m in row.missed})
    return (
        f"  {label}：应访 {row.expected} 项，已访 {row.visited} 项，"
        f"走访率 {rate}，漏访 {missed} 户"
    )


def _who(roster: Roster, household: str) -> str:
    home = roster.households[household]
    head = home.members[0].name if home.members else ""
    return f"{home.address} {masked_name(head)}".rstrip()


def header(sim: Simulation) -> list[str]:
    """三个一 as the village has it: grids, must-visit categories, Party members."""
    roster = sim.roster
    grids = [r for r in roster.regions.values() if r.level is Level.GRID]
    labels = rule_labels(sim.policy)
    six = [
        labels[rule_id]
        for rule_id in (
            "empty_nest",
            "left_behind_child",
            "disabled",
            "entitled",
            "floating",
            "difficult_monthly",
        )
    ]
    centrals = roster.central_households.values()
    sizes = [len(c.links) for c in centrals]
    return [
        (
            f"{roster.name}：{len(roster.households)} 户，"
            f"2026 年 1–6 月走访 {len(sim.visits)} 人次"
        ),
        "三个一工作法：",
        f"  一格：全村划为 {len(grids)} 个网格（{'、'.join(g.name for g in grids)}）",
        f"  一访：六类必访对象各有走访频次（{'；'.join(six)}），{labels['ordinary']}",
        f"  一党员：党员中心户 {len(sizes)} 户，每户联系 {min(sizes)}–{max(sizes)} 户",
    ]


def main() -> None:
    sim = simulate()
    roster = sim.roster
    names = {code: r.name for code, r in roster.regions.items()}
    labels = rule_labels(sim.policy)
    print("\n".join(header(sim)))
    print("\n应访、已访按走访任务计（一户一月可有多项），漏访按户计。")
    for n in range(1, 7):
        report = sim.by_grid(n)
        print(f"\n{n} 月")
        print(_row("全村", report.total))
        for code, row in report.rows.items():
            print(_row(names.get(code, code), row))
        for missed in report.total.missed:
            ob = missed.obligation
            when = f"{ob.start:%-m月%-d日}–{ob.last_day:%-m月%-d日}"
            print(
                f"  漏访 {_who(roster, ob.household)}（{labels[ob.rule]}，{when}）："
                f"{missed.reason_zh}"
            )
    print("\n3 月 必访对象覆盖（按走访制度）：")
    for rule_id, row in sim.by_rule(3).rows.items():
        print(_row(labels[rule_id], row))
    print("\n5 月 党员中心户联系覆盖（一党员）：")
    for c in sim.party(5):
        if c.uncontacted:
            central = roster.central_households[c.central]
            missed = "、".join(_who(roster, h) for h in c.uncontacted)
            print(
                f"  党员中心户 {masked_name(central.name)}：联系 {len(c.contacted)} 户"
                f"（共 {len(c.linked)} 户），未联系 {missed}"
            )
    finding = PatrolFinding(
        "electricity", "flying_lead", place="3号楼", note="飞线充电"
    )
    patrol, found = record_patrol(
        STANDARD_CHECKLISTS,
        key="patrol-0508",
        worker="JZ-4-WGY",
        region="320481105210004",
        at=datetime(2026, 5, 8, 9, tzinfo=CHINA_TZ),
        checklists=("electricity", "fire"),
        findings=[finding],
    )
    assert isinstance(found, PatrolFindingRecorded)
    lists = "、".join(
        STANDARD_CHECKLISTS.checklist(c).label_zh for c in patrol.checklists
    )
    worker = roster.workers[patrol.worker]
    print(
        f"\n巡查：5月8日 {worker.name} 在{names[patrol.region]}巡查（{lists}），"
        f"在{finding.place}发现{found.label_zh}，转为事项办理"
        f"（{CASE_CATEGORIES[found.case_category]}）"
    )


if __name__ == "__main__":
    main()
