"""Issue 13, "inconsistent calls": the same call works the same way everywhere."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridgov.app import Workspace, sample_config
from gridgov.domain import CHINA_TZ, Level
from gridgov.visits import VISITING_ROLES, Window, by_worker

LEAF = "410381003002001"  # 裴村社区, 一网格
VILLAGE = "410381003002"
AT = datetime(2026, 11, 3, 9, tzinfo=CHINA_TZ)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return Workspace.in_memory(sample_config())


def test_households_without_a_day_or_a_clock_are_todays(ws: Workspace) -> None:
    """`ws.households()` needed `on` (or a clock); the view's did not."""
    today = datetime.now(CHINA_TZ).date()
    assert ws.households() == ws.households(on=today)
    assert len(ws.households()) > 1000


def test_a_workers_id_escalates_a_case() -> None:
    """`escalate_case(actor="W02")` acts as that worker, as other commands do."""
    ws = Workspace.in_memory(sample_config())
    ws.open_case(
        "C1", category="路灯不亮", region=LEAF, actor="W06", at=AT, household="PC0001"
    )
    case = ws.escalate_case(
        "C1",
        to_unit=VILLAGE,
        to_level=Level.VILLAGE,
        reason="需社区协调",
        actor="W02",
        at=AT,
        key="up",
    )
    assert case.pending is not None
    assert (case.pending.to_unit, case.pending.requested_by) == (VILLAGE, "W02")


def test_by_worker_defaults_to_the_visiting_roles(ws: Workspace) -> None:
    """`by_worker(roster)` no longer needs the roles passed by hand."""
    roster = ws.state.roster
    obs = ws.obligations(Window(date(2026, 11, 1), date(2026, 12, 1)))[:200]
    default, explicit = by_worker(roster), by_worker(roster, VISITING_ROLES)
    keys = [default(ob) for ob in obs]
    assert keys == [explicit(ob) for ob in obs]
    assert any(k in roster.workers for k in keys)
