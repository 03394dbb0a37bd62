"""
送庄镇 (洛阳市孟津区): 小网格, 小村规, 小服务 — seed 000 as a simulated year.

The article (2023-02) describes three things, each reproduced here:

* 小网格: "为全镇各村民小组配备136名网格员，实现了全覆盖" — 17 villages, 136
  village groups, one 网格员 per group (``township.toml``, made by
  ``generate.py``); the roster checks show every household covered.
* 小村规: village rules (``rulebook.toml``) under which each quarter's
  红榜 praises the best and 黑榜 names breaches (乱倒垃圾, 乱停乱放, 邻里吵架,
  大操大办 …), with 星级文明户, 好婆婆好媳妇 and 五美庭院 selected at the end of
  the year (``selections.toml``). Breaches are recorded, not deducted. Every
  item goes 申报 → 核实 → 公示 (3 working days) → 认定 through the claim desk.
  As the article says, breaches become rarer as the year goes on.
* 小服务: "2022年以来，共组织开展志愿服务20余次，参与志愿者5000余人次" —
  24 volunteer activities (theory talks, pension-certification help, clean-ups
  …) with 5000+ participations; each participation earns volunteer points,
  capped at 12 a month per household by the rule book.

Conduct is synthetic and seeded, so every run gives the same figures.

Run from the repository root:

    python examples/songzhuang/run.py
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import attrs

from gridgov.calendar import ChinaCalendar
from gridgov.domain import CHINA_TZ, DateSpan, Level
from gridgov.flow import Actor
from gridgov.io import read_document, structure
from gridgov.io.rulebook import load_rulebook
from gridgov.io.township import load_township
from gridgov.labels import masked_name
from gridgov.points import (
    BlackListEntry,
    ClaimDesk,
    Ledger,
    Placing,
    StarRating,
    StarStandard,
    black_list,
    ranking,
    red_list,
    star_ratings,
)
from gridgov.roster import Roster

HERE = Path(__file__).resolve().parent
YEAR = 2022
QUARTERS = tuple(
    DateSpan(date(YEAR, m, 1), date(YEAR + (m == 10), (m + 3 - 1) % 12 + 1, 1))
    for m in (1, 4, 7, 10)
)
THE_YEAR = DateSpan(date(YEAR, 1, 1), date(YEAR + 1, 1, 1))
RED_LIST_SIZE = 10
WORKER = Actor("SZ-worker", frozenset({"worker"}))
COMMITTEE = Actor("SZ-committee", frozenset({"committee"}))
GOOD = {"courtyard": 0.35, "filial": 0.06, "help": 0.10, "simple_ceremony": 0.01}
# Monthly chance of a breach per household, falling quarter by quarter as the
# village rules take hold ("乱倒垃圾、乱停乱放的少了 … 大操大办的少了").
BAD = {"dumping": 0.05, "parking": 0.04, "quarrel": 0.02, "lavish": 0.005}
FALLING = (1.0, 0.7, 0.45, 0.25)
THEMES = (
    "理论政策宣讲",
    "养老保险手机认证帮办",
    "环境卫生整治",
    "红色基因传承",
    "扶危帮困",
    "移风易俗宣传",
)
ACTIVITIES = 24
PARTICIPANTS = 212  # per activity: 24 × 212 = 5088 人次


@attrs.frozen
class Selection:
    """One honour chosen by points under named rules (好婆婆好媳妇, 五美庭院)."""

    id: str
    label_zh: str
    rules: tuple[str, ...]
    min_points: int
    places: int


@attrs.frozen
class Activity:
    """A volunteer activity (志愿服务活动) and who took part."""

    id: str
    day: date
    theme: str
    village: str
    hours: Decimal
    participants: tuple[str, ...]


@attrs.frozen
class Year:
    """Everything the simulated year produced, for the report and the tests."""

    roster: Roster
    desk: ClaimDesk
    ledger: Ledger
    conduct: tuple[tuple[str, str, date], ...]
    activities: tuple[Activity, ...]
    stars: tuple[StarStandard, ...]
    selections: tuple[Selection, ...]
    capped: tuple[tuple[str, str], ...]
    """(activity, household) pairs whose points the monthly cap cut or refused."""

    def village_households(self, name: str) -> list[str]:
        """Household ids of the village called *name*."""
        code = next(
            r.code
            for r in self.roster.regions.values()
            if r.level is Level.VILLAGE and r.name == name
        )
        return [h.id for h in self.roster.households_in(code, date(YEAR, 6, 30))]

    def red(self, village: str, quarter: int) -> tuple[Placing, ...]:
        """红榜 of a village for quarter 1–4: a household on 黑榜 is not praised."""
        named = {e.account for e in self.black(village, quarter)}
        accounts = [a for a in self.village_households(village) if a not in named]
        return red_list(
            self.ledger, QUARTERS[quarter - 1], accounts, size=RED_LIST_SIZE
        )

    def black(self, village: str, quarter: int) -> tuple[BlackListEntry, ...]:
        """黑榜 of a village for quarter 1–4."""
        accounts = set(self.village_households(village))
        rows = black_list(self.ledger, QUARTERS[quarter - 1])
        return tuple(e for e in rows if e.account in accounts)

    def star_ratings(self, village: str) -> dict[str, StarRating]:
        """星级文明户 of a village for the year."""
        accounts = self.village_households(village)
        return star_ratings(self.ledger, THE_YEAR, self.stars, accounts)

    def selected(self, village: str, selection_id: str) -> tuple[Placing, ...]:
        """The households a village selects for an honour in the year."""
        sel = next(s for s in self.selections if s.id == selection_id)
        earned = self.ledger.earnings(THE_YEAR, frozenset(sel.rules))
        scores = {a: earned.get(a, 0) for a in self.village_households(village)}
        # An honour goes to every household tied for the last place (并列).
        placed = ranking(scores, top=sel.places, keep_ties=True)
        return tuple(p for p in placed if p.score >= sel.min_points)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA_TZ)


def _claim(desk: ClaimDesk, claim_id: str, account: str, rule: str, day: date) -> None:
    """申报 → 核实 → 公示 → 认定, each on its working day."""
    cal = desk.calendar
    submitted = cal.add_working_days(day, 0) if cal.is_working_day(day) else day
    desk.submit(
        claim_id,
        account,
        {},
        on=day,
        actor=WORKER,
        at=_at(submitted, 9),
        rule_ids=[rule],
    )
    checked = cal.add_working_days(submitted, 1)
    desk.verify(claim_id, actor=WORKER, at=_at(checked, 9))
    desk.publicise(claim_id, actor=WORKER, at=_at(checked, 10))
    ends = desk.notice_ends(claim_id)
    assert ends is not None
    desk.recognise(claim_id, actor=COMMITTEE, at=_at(ends, 10))


def _conduct(roster: Roster, rng: random.Random) -> list[tuple[str, str, date]]:
    rows = []
    households = sorted(roster.households)
    for month in range(1, 13):
        fall = FALLING[(month - 1) // 3]
        for hid in households:
            for rule, p in GOOD.items():
                if rng.random() < p:
                    rows.append((hid, rule, date(YEAR, month, rng.randint(1, 20))))
            for rule, p in BAD.items():
                if rng.random() < p * fall:
                    rows.append((hid, rule, date(YEAR, month, rng.randint(1, 20))))
    return rows


def _volunteering(roster: Roster, rng: random.Random) -> list[Activity]:
    villages = sorted(
        (r for r in roster.regions.values() if r.level is Level.VILLAGE),
        key=lambda r: r.code,
    )
    households = sorted(roster.households)
    out = []
    for n in range(ACTIVITIES):
        day = date(YEAR, 1, 8) + timedelta(days=15 * n)
        out.append(
            Activity(
                id=f"ACT-{n + 1:02d}",
                day=day,
                theme=THEMES[n % len(THEMES)],
                village=villages[n % len(villages)].name,
                hours=Decimal(rng.choice((2, 3, 4))),
                participants=tuple(sorted(rng.sample(households, PARTICIPANTS))),
            )
        )
    return out


def simulate(seed: int = 2022) -> Year:
    """Run the year: conduct through the claim desk, then the volunteer activities."""
    rng = random.Random(seed)  # noqa: S311 - a seeded simulation
    roster = load_township(HERE / "township.toml")
    book = load_rulebook(HERE / "rulebook.toml")
    chosen = read_document(HERE / "selections.toml")
    stars = structure(chosen["stars"], tuple[StarStandard, ...])
    selections = structure(chosen["selections"], tuple[Selection, ...])
    ledger = Ledger("songzhuang", policy=book.spec.policy)
    desk = ClaimDesk(book, ledger, ChinaCalendar(), households=roster.households)
    conduct = sorted(_conduct(roster, rng), key=lambda r: (r[2], r[0], r[1]))
    for n, (hid, rule, day) in enumerate(conduct):
        _claim(desk, f"C{n + 1:05d}", hid, rule, day)
    activities = _volunteering(roster, rng)
    capped = []
    for act in activities:
        for hid in act.participants:
            decision = book.evaluate(
                {"hours": act.hours},
                on=act.day,
                usage=ledger.usage(hid),
                rule_ids=("volunteer",),
            )
            full = int(act.hours) * book.rule("volunteer").spec.points
            if sum(o.points for o in decision.matched) < full:
                capped.append((act.id, hid))
            for outcome in decision.matched:
                if outcome.points > 0:
                    ledger.award(
                        f"{act.id}:{hid}",
                        hid,
                        outcome.points,
                        at=_at(act.day, 17),
                        rule_id=outcome.rule_id,
                        rule_version=book.version,
                        evidence=(f"签到表 {act.id}",),
                        approver="文明实践站",
                        reason=f"{act.theme} {act.hours} 小时",
                    )
    return Year(
        roster=roster,
        desk=desk,
        ledger=ledger,
        conduct=tuple(conduct),
        activities=tuple(activities),
        stars=stars,
        selections=selections,
        capped=tuple(capped),
    )


QUARTER_ZH = ("一", "二", "三", "四")


def report(year: Year) -> str:
    """The year as the town would publish it (Markdown), households by name."""
    r = year.roster
    groups = [g for g in r.regions.values() if g.level is Level.GRID]
    villages = [v for v in r.regions.values() if v.level is Level.VILLAGE]
    book = year.desk.book
    star_names = {s.id: s.label_zh for s in year.stars}

    def who(account: str) -> str:
        home = r.households[account]
        head = home.members[0].name if home.members else ""
        return f"{home.address} {masked_name(head)}"

    def breaches(rules: tuple[str, ...]) -> str:
        return "、".join(book.rule(rule).spec.name_zh for rule in dict.fromkeys(rules))

    lines = [
        f"# 送庄镇 {YEAR} 年基层治理",
        "",
        "## 小网格",
        (
            f"- 行政村 {len(villages)} 个，村民小组 {len(groups)} 个，"
            f"网格员 {len(r.workers)} 名（每个村民小组 1 名），"
            f"在册 {len(r.households)} 户"
        ),
        "",
        "## 小村规",
    ]
    per_quarter = Counter(
        (d.month - 1) // 3 + 1 for _h, rule, d in year.conduct if rule in BAD
    )
    lines.append(
        "- 全镇违约记录（不扣分，上黑榜）："
        + "，".join(
            f"第{QUARTER_ZH[q - 1]}季度 {per_quarter[q]} 次" for q in range(1, 5)
        )
    )
    for q in range(1, 5):
        red = year.red("梁凹村", q)
        black = year.black("梁凹村", q)
        lines += [
            "",
            f"### 梁凹村 {YEAR} 年第{QUARTER_ZH[q - 1]}季度",
            "红榜（表彰）："
            + "、".join(f"{who(p.account)}（{p.score} 分）" for p in red),
            "黑榜（通报）："
            + "、".join(
                f"{who(e.account)}（{breaches(e.rules)}，{e.times} 次）" for e in black
            ),
        ]
    rated = year.star_ratings("梁凹村")
    by_count = Counter(s.count for s in rated.values())
    earned = Counter(star for s in rated.values() for star in s.stars)
    withdrawn = Counter(star for s in rated.values() for star, _rule in s.removed)
    lines += [
        "",
        "### 梁凹村评选表彰",
        "星级文明户："
        + "，".join(
            f"{n} 星 {by_count[n]} 户" for n in sorted(by_count, reverse=True) if n
        ),
        "  各星获评："
        + "，".join(f"{star_names[s]} {earned[s]} 户" for s in star_names if earned[s]),
        "  退星："
        + "，".join(
            f"{star_names[s]} {withdrawn[s]} 户" for s in star_names if withdrawn[s]
        ),
    ]
    best = sorted(rated.items(), key=lambda kv: (-kv[1].count, kv[0]))[:3]
    for account, rating in best:
        stars = "、".join(star_names[s] for s in rating.stars)
        lines.append(f"  {who(account)}：{rating.count} 星（{stars}）")
    for sel in year.selections:
        placed = year.selected("梁凹村", sel.id)
        lines.append(f"{sel.label_zh}：" + "、".join(who(p.account) for p in placed))
    people = sum(len(a.participants) for a in year.activities)
    themes = "、".join(dict.fromkeys(a.theme for a in year.activities))
    lines += [
        "",
        "## 小服务",
        f"- 开展志愿服务 {len(year.activities)} 次，参与志愿者 {people} 人次",
        f"  （{themes}）",
        f"- 志愿服务积分每户每月最多 12 分，{len(year.capped)} 人次因封顶少得或不得分",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run the year and print the town's report."""
    print(report(simulate()))


if __name__ == "__main__":
    main()
