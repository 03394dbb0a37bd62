"""
裴村社区 (义马市新区街道): load the sample township and ask it questions.

The community of seed 002: 社区党总支 → 网格党支部 → 微网格党小组 → 党员,
5 grids, 20 micro-grids, 24 grid staff, "不漏一户". Run from the repository root:

    python examples/peicun/run.py
"""

from __future__ import annotations

from datetime import date

from gridgov.io import to_json
from gridgov.io.township import load_township, sample_township_path
from gridgov.roster import Roster, check_all, summarize

ARTICLE_DAY = date(2026, 5, 8)


def load() -> Roster:
    """The sample township shipped with gridgov."""
    return load_township(sample_township_path())


def grid_staff(roster: Roster) -> list[str]:
    """Names of the 网格长 and 专/兼职网格员: the article's 网格队伍."""
    roles = {"grid_chief", "full_time_grid_worker", "part_time_grid_worker"}
    return [w.name for w in roster.workers.values() if w.role.value in roles]


def main() -> None:
    roster = load()
    print("\n".join(summarize(roster, ARTICLE_DAY).lines()))
    print(f"\n网格队伍 {len(grid_staff(roster))} 人")
    ru = next(w for w in roster.workers.values() if w.name == "茹雪梅")
    homes = roster.households_of(ru.id, ARTICLE_DAY)
    elderly = [h.id for h in homes if h.has_tag("empty_nest_elderly", ARTICLE_DAY)]
    print(f"{ru.name} ({ru.role.zh}): {len(homes)} 户, 空巢老人 {len(elderly)} 户")
    # The 赵 family moves from 二网格 to 三网格 on 2026-05-15 (recorded in the spec).
    for day in (date(2026, 5, 14), date(2026, 5, 15)):
        region = roster.region_of("PC8002", day)
        print(f"PC8002 on {day}: {region.name if region else '-'}")
    print("\nFindings 检查结果:")
    for finding in check_all(roster, ARTICLE_DAY):
        print(f"  {finding}")
    print("\nMasked export of 陈海军's household:")
    print(to_json(roster.household("PC8001")))


if __name__ == "__main__":
    main()
