"""
银田寺社区 (韶山市银田镇): "党建+积分管理" as a simulated half year.

Seed 003: all registered households of each compound (小区) and outside households
resident 3 months or more take part; 积分不扣分，正面激励为主; 住户自评自述、
业主委员会公示认定; every month the top 3 of each compound win 50 / 40 / 30 yuan;
every half year the community names a progress award (进步奖) and a half-year
winner (半年优胜奖), 50 yuan each.

The script loads this folder as a township directory (``township.toml`` with
two of the community's six grids, one per compound, the households in
``households.csv`` and the rule book ``rulebook.toml``), carries over the 2025
second-half totals, and runs January–June 2026 through the claim flow on the
State Council calendar: routine claims every month, and a hand-written March
with a cap reached, a duplicate rejected, an outside household not yet
eligible, a tie for third, a littering record (recorded, not deducted) and an
objection during 公示 that sends a claim back so it is recognised only on
1 April.

Run from the repository root:

    python examples/yintian/run.py
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from gridgov.app import load_config
from gridgov.calendar import ChinaCalendar
from gridgov.domain import CHINA_TZ, Household
from gridgov.domain.periods import Period, period_span
from gridgov.domain.spans import DateSpan
from gridgov.flow import Actor
from gridgov.labels import masked_name
from gridgov.points import (
    BlackListEntry,
    ClaimDesk,
    Ledger,
    Placing,
    black_list,
    progress_ranking,
    ranking,
    scoped_ranking,
)

HERE = Path(__file__).resolve().parent
MONTHLY_PRIZES = (Decimal(50), Decimal(40), Decimal(30))
HALF_YEAR_PRIZE = (Decimal(50),)
WORKER = Actor("网格员-银田寺1", frozenset({"worker"}))
COMMITTEE = Actor("业主委员会", frozenset({"committee"}))
NEIGHBOUR = Actor("Y02-户主", frozenset({"resident"}))
H1_2026 = DateSpan(date(2026, 1, 1), date(2026, 7, 1))
H2_2025 = DateSpan(date(2025, 7, 1), date(2026, 1, 1))

OPENING_2025_H2 = {
    "Y01": 40,
    "Y02": 10,
    "Y03": 75,
    "S01": 30,
    "S02": 20,
    "S03": 25,
    "S04": 40,
}
"""2025 second-half totals carried over (for the progress award)."""

ROUTINE: dict[str, list[dict[str, Any]]] = {
    "Y01": [{"kind": "meeting"}, {"kind": "hygiene"}],
    "Y02": [{"kind": "volunteer", "hours": 2}],
    "Y03": [{"kind": "volunteer", "hours": 5}],
    "Y04": [{"kind": "meeting"}],
    "Y05": [{"kind": "volunteer", "hours": 3}],
    "S01": [{"kind": "meeting"}],
    "S02": [{"kind": "hygiene"}],
    "S03": [{"kind": "help", "count": 2}],
    "S04": [{"kind": "mediation"}],
}
"""What each household claims on the 10th of every month except March."""

MARCH: list[tuple[str, int, dict[str, Any]]] = [
    ("Y01", 3, {"kind": "volunteer", "hours": 6}),
    ("Y01", 5, {"kind": "meeting"}),
    ("Y01", 6, {"kind": "hygiene"}),
    ("Y01", 12, {"kind": "hygiene"}),  # a duplicate: the worker rejects it
    ("Y02", 7, {"kind": "patrol", "hours": 3}),
    ("Y02", 9, {"kind": "help", "count": 3}),
    ("Y02", 5, {"kind": "meeting"}),
    ("Y03", 14, {"kind": "volunteer", "hours": 12}),  # 24 points, capped at 20
    ("Y04", 6, {"kind": "hygiene"}),
    ("Y04", 5, {"kind": "meeting"}),
    ("Y04", 18, {"kind": "mediation"}),  # objected to during 公示
    ("Y05", 14, {"kind": "volunteer", "hours": 8}),  # resident under 3 months
    ("S01", 2, {"kind": "honour", "level": "county"}),
    ("S01", 5, {"kind": "meeting"}),
    ("S02", 3, {"kind": "volunteer", "hours": 4}),
    ("S02", 7, {"kind": "patrol", "hours": 2}),
    ("S02", 6, {"kind": "hygiene"}),
    ("S02", 16, {"kind": "litter"}),  # recorded by the worker, no points taken
    ("S03", 10, {"kind": "help", "count": 8}),  # 16 points, capped at 10
    ("S03", 5, {"kind": "meeting"}),
    ("S04", 11, {"kind": "mediation"}),
    ("S04", 6, {"kind": "hygiene"}),
    ("S04", 5, {"kind": "meeting"}),
    ("S04", 12, {"kind": "meeting"}),
    ("S04", 19, {"kind": "meeting"}),  # third meeting in a month: capped (2 times)
]


@attrs.frozen
class Simulation:
    """Everything the half year produced."""

    desk: ClaimDesk
    households: dict[str, Household]
    compounds: dict[str, str]
    monthly: dict[int, tuple[Placing, ...]]
    progress: tuple[Placing, ...]
    winner: tuple[Placing, ...]
    black_q1: tuple[BlackListEntry, ...]

    @property
    def ledger(self) -> Ledger:
        """The scheme's ledger."""
        return self.desk.ledger

    def payouts(self) -> dict[str, Decimal]:
        """Yuan paid per household over the half year (monthly + half-year prizes)."""
        paid: dict[str, Decimal] = defaultdict(Decimal)
        for placings in [*self.monthly.values(), self.progress, self.winner]:
            for p in placings:
                paid[p.account] += p.prize
        return dict(paid)


def load_households() -> tuple[dict[str, Household], dict[str, str]]:
    """The township directory's households, and the compound (小区) of each."""
    roster = load_config(HERE).roster
    compounds = {}
    for hid in roster.households:
        grid = roster.region_of(hid, H1_2026.start)
        assert grid is not None  # every household of the example is placed
        compounds[hid] = grid.name
    return dict(roster.households), compounds


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA_TZ)


def _evidence(facts: dict[str, Any]) -> tuple[str, ...]:
    return ("sign_in",) if facts["kind"] == "volunteer" else ()


def claim(
    desk: ClaimDesk, claim_id: str, household: str, day: date, facts: dict[str, Any]
) -> None:
    """申报 on the day (self, or the worker for misconduct); 核实 and 公示 next day."""
    by = (
        WORKER
        if facts["kind"] == "litter"
        else Actor(f"{household}-户主", frozenset({"resident"}))
    )
    desk.submit(
        claim_id,
        household,
        facts,
        on=day,
        actor=by,
        at=_at(day, 18),
        evidence=_evidence(facts),
    )
    desk.verify(claim_id, actor=WORKER, at=_at(day + timedelta(1), 9))
    desk.publicise(claim_id, actor=WORKER, at=_at(day + timedelta(1), 10))


def recognise_due(desk: ClaimDesk, today: date) -> None:
    """认定 every claim whose notice window has closed by *today*."""
    for c in desk.claims():
        end = desk.notice_ends(c.id)
        if end is not None and end <= today:
            desk.recognise(c.id, actor=COMMITTEE, at=_at(end, 10))


def simulate() -> Simulation:
    """Run January–June 2026."""
    households, compounds = load_households()
    book = load_config(HERE).rulebook
    assert book is not None  # the folder has a rulebook.toml
    desk = ClaimDesk(book, Ledger("yintian"), ChinaCalendar(), households=households)
    for hh, points in OPENING_2025_H2.items():
        desk.ledger.award(
            f"opening:{hh}",
            hh,
            points,
            at=_at(date(2025, 12, 31), 12),
            rule_id="opening",
            reason="2025年下半年积分结转",
        )
    for month in range(1, 7):
        if month == 3:
            for n, (hh, d, facts) in enumerate(MARCH):
                claim(desk, f"2026-03-{n:02d}", hh, date(2026, 3, d), facts)
            desk.reject(
                "2026-03-03",
                actor=WORKER,
                at=_at(date(2026, 3, 13), 15),
                reason="重复申报",
            )
            desk.object(
                "2026-03-10",
                actor=NEIGHBOUR,
                at=_at(date(2026, 3, 20), 16),
                reason="调解尚未达成协议",
            )
            desk.verify("2026-03-10", actor=WORKER, at=_at(date(2026, 3, 27), 9))
            desk.publicise("2026-03-10", actor=WORKER, at=_at(date(2026, 3, 27), 10))
        else:
            for hh, items in ROUTINE.items():
                for n, facts in enumerate(items):
                    claim(
                        desk,
                        f"2026-{month:02d}-{hh}-{n}",
                        hh,
                        date(2026, month, 10),
                        facts,
                    )
        recognise_due(desk, date(2026, month, 28))
    recognise_due(desk, date(2026, 6, 30))
    monthly = {
        m: scoped_ranking(
            desk.ledger.earnings(period_span(date(2026, m, 1), Period.MONTH)),
            compounds,
            top=3,
            prizes=MONTHLY_PRIZES,
        )
        for m in range(1, 7)
    }
    progress = progress_ranking(
        desk.ledger,
        current=H1_2026,
        previous=H2_2025,
        accounts=households,
        top=1,
        prizes=HALF_YEAR_PRIZE,
    )
    winner = ranking(
        {a: desk.ledger.earnings(H1_2026).get(a, 0) for a in households},
        top=1,
        prizes=HALF_YEAR_PRIZE,
    )  # type: ignore[call-overload]
    black = black_list(desk.ledger, period_span(date(2026, 1, 1), Period.QUARTER))
    return Simulation(desk, households, compounds, monthly, progress, winner, black)


def report(sim: Simulation) -> str:
    """A notice-board summary in Chinese: names (masked), not household numbers."""
    book = sim.desk.book

    def who(account: str) -> str:
        return masked_name(sim.households[account].members[0].name)

    def rule_name(rule_id: str) -> str:
        return "上期结转" if rule_id == "opening" else book.rule(rule_id).spec.name_zh

    lines = [
        "银田寺社区 2026 年上半年积分评比",
        "（积分不扣分，正面激励为主；住户自评自述，业主委员会公示认定）",
        "",
    ]
    for month, placings in sim.monthly.items():
        lines.append(f"{month} 月各小区前三名：")
        lines += [
            f"  {p.scope} 第{p.rank}名 {who(p.account)} {p.score} 分 奖励 {p.prize} 元"
            for p in placings
        ]
    lines.append(
        "半年进步奖："
        + "、".join(
            f"{who(p.account)}（比上半年多 {p.score} 分，奖励 {p.prize} 元）"
            for p in sim.progress
        )
    )
    lines.append(
        "半年优胜奖："
        + "、".join(
            f"{who(p.account)}（{p.score} 分，奖励 {p.prize} 元）" for p in sim.winner
        )
    )
    lines.append(
        "一季度黑榜（积分不扣分，记录在案）："
        + "、".join(
            f"{who(e.account)} {'、'.join(rule_name(r) for r in e.rules)} {e.times} 次"
            for e in sim.black_q1
        )
    )
    y03 = who("Y03")
    lines += ["", f"{y03} 的积分明细（为什么有这些积分）："]
    for s in sim.ledger.statement("Y03"):
        why = [rule_name(s.rule_id)]
        why += [f"{s.approver}认定"] if s.approver else []
        why += [s.reason] if s.reason not in why else []
        lines.append(
            f"  {s.day} {s.kind.zh} {s.change:+d} 分，余 {s.balance} 分  "
            + "  ".join(why)
        )
    march_y05 = sim.desk.claim("2026-03-11").decision
    if march_y05 is not None:
        lines += ["", f"{who('Y05')} 三月申报的认定结果："]
        lines += [
            f"  {o.name_zh}：{o.outcome.zh}（{o.detail_zh}），{o.points} 分"
            for o in march_y05.outcomes
            if o.rule_id == "volunteer"
        ]
    lines.append("")
    paid = sorted(sim.payouts().items(), key=lambda kv: (-kv[1], kv[0]))
    lines.append("奖金合计：" + "，".join(f"{who(a)} {v} 元" for a, v in paid))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(simulate()))
