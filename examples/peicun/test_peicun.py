"""
The 裴村社区 sample reproduces the structure seed 002 describes, and its patrols
open cases; this folder's township is the sample shipped with gridgov.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gridgov.app import sample_config
from gridgov.domain import Level, OrgKind
from gridgov.io.township import sample_township_path
from gridgov.roster import Roster, check_all

# Load run.py under a unique name: every example folder has a run.py.
_spec = importlib.util.spec_from_file_location(
    "peicun_run", Path(__file__).with_name("run.py")
)
assert _spec is not None
assert _spec.loader is not None
run = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # attrs/cattrs resolve annotations through it
_spec.loader.exec_module(run)
ARTICLE_DAY = run.ARTICLE_DAY
grid_staff = run.grid_staff
load = run.load


@pytest.fixture(scope="module")
def roster() -> Roster:
    return load()


def test_five_grids_twenty_micro_grids(roster: Roster) -> None:
    """对照划分5个网格, 20个微网格."""
    levels = Counter(r.level for r in roster.regions.values())
    assert levels[Level.GRID] == 5
    assert levels[Level.MICRO_GRID] == 20


def test_twenty_four_grid_staff(roster: Roster) -> None:
    """选优配强网格队伍24人, 茹雪梅 among them."""
    staff = grid_staff(roster)
    assert len(staff) == 24
    assert "茹雪梅" in staff


def test_four_level_party_structure(roster: Roster) -> None:
    """社区党总支 → 网格党支部 → 微网格党小组 → 党员."""
    orgs = roster.organisations
    general = [o for o in orgs.values() if o.kind is OrgKind.PARTY_GENERAL_BRANCH]
    branches = [o for o in orgs.values() if o.kind is OrgKind.PARTY_BRANCH]
    groups = [o for o in orgs.values() if o.kind is OrgKind.PARTY_GROUP]
    assert len(general) == 1
    assert len(branches) == 5
    assert len(groups) == 20
    assert all(b.parent == general[0].id for b in branches)
    assert all(orgs[g.parent].kind is OrgKind.PARTY_BRANCH for g in groups if g.parent)
    assert sum(len(g.members) for g in groups) > 0


def test_real_sized(roster: Roster) -> None:
    """A real-sized community: about 1,500 households placed on the article's day."""
    placed = [h for h in roster.households.values() if h.region_on(ARTICLE_DAY)]
    assert 1400 <= len(placed) <= 1600


def test_planted_findings(roster: Roster) -> None:
    """The demo shows exactly the planted findings, the uncovered family first."""
    findings = check_all(roster, ARTICLE_DAY)
    codes = Counter(f"{f.check}.{f.code}" for f in findings)
    assert codes == {
        "partition.non_leaf": 1,
        "coverage.uncovered": 1,
        "span.over": 2,
        "span.under": 1,
    }
    uncovered = next(f for f in findings if f.check == "coverage")
    assert uncovered.households == ("PC9001",)


def test_mid_month_move(roster: Roster) -> None:
    """The 赵 family is in 二网格 up to 14 May and in 三网格 from 15 May."""
    before = roster.region_of("PC8002", date(2026, 5, 14))
    after = roster.region_of("PC8002", date(2026, 5, 15))
    assert before is not None
    assert after is not None
    assert roster.ancestors(before.code)[0].name == "二网格"
    assert roster.ancestors(after.code)[0].name == "三网格"


def test_this_folder_is_the_sample_township() -> None:
    """The township here is the package's sample: same 台账, same roster.

    Only the workers are kept differently: a 台账 of their own here
    (workers.csv), [[workers]] tables in the package's peicun.toml.
    """
    here = Path(__file__).parent
    table = sample_township_path().with_name("peicun_households.csv")
    assert (here / "households.csv").read_bytes() == table.read_bytes()
    mine, sample = run.load(), sample_config().roster
    assert mine.workers == sample.workers
    assert mine.households == sample.households
    assert mine.regions == sample.regions
    assert mine.organisations == sample.organisations
    assert mine.central_households == sample.central_households


def test_patrols_open_cases_and_most_are_fixed() -> None:
    """已开展网格巡查200余次, 整治…问题40余起: patrols, findings, one case each."""
    month = run.record_patrols(run.Workspace.in_memory(run.load_config(run.HERE)))
    assert 200 < month.patrols < 300
    assert 40 < len(month.findings) < 50
    assert len(set(month.cases)) == len(month.findings)
    patrols = month.workspace.report(run.MAY).patrols
    assert patrols.patrols == month.patrols
    assert patrols.findings == len(month.findings)
    assert 0 < patrols.fixed < patrols.findings


def test_the_script_prints_patrols_and_their_cases(
    capsys: pytest.CaptureFixture[str], english_leaks: Any
) -> None:
    """The README's line: 5 grids, 20 micro-grids, patrols opening cases, in Chinese."""
    run.main()
    text = capsys.readouterr().out
    assert "网格：5 个网格，20 个微网格" in text
    assert "网格队伍：24 人" in text
    found = re.search(r"网格巡查：(\d+) 次，发现问题 (\d+) 起，立为事项 (\d+) 件", text)
    assert found is not None
    patrols, problems, cases = map(int, found.groups())
    assert patrols > 0
    assert cases == problems > 0
    assert text.count("事项状态：") == cases
    assert "付*民 没有责任网格员（不漏一户）" in text
    assert "PC" not in text
    assert english_leaks(text) == []
