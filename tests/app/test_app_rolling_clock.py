"""A Workspace starts rolling visit rules' clock on the day its journal began."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from gridgov.app import Workspace, sample_config
from gridgov.domain import CHINA_TZ
from gridgov.domain.periods import Period
from gridgov.visits import (
    Anchor,
    FrequencyRule,
    VisitPolicy,
    Window,
    compile_policy,
)


def _workspace() -> Workspace:
    policy = compile_policy(
        VisitPolicy(
            "rolling",
            floor=FrequencyRule("roll", anchor=Anchor.LAST_VISIT, per=Period.MONTH),
        )
    )
    return Workspace.in_memory(attrs.evolve(sample_config(), visit_policy=policy))


def _household_of(ws: Workspace) -> tuple[str, str]:
    roster = ws.state.roster
    home = next(iter(roster.households.values()))
    worker = next(
        w.id
        for w in roster.workers.values()
        if roster.households_of(w.id, date(2026, 10, 1))
    )
    return home.id, worker


def test_the_first_month_is_judged_from_the_day_the_journal_began() -> None:
    """October is the first month: every household is due by 31 October. A visit
    on 10 October makes November's due by 10 November (the look starts with the
    journal, not with the month asked about)."""
    ws = _workspace()
    home, worker = _household_of(ws)
    ws.record_visit(home, worker, at=datetime(2026, 10, 10, 9, tzinfo=CHINA_TZ))
    assert ws.state.began == date(2026, 10, 10)
    (october,) = [
        o
        for o in ws.obligations(Window(date(2026, 10, 1), date(2026, 11, 1)))
        if o.household == home
    ]
    assert october.due_by is None
    (november,) = [
        o
        for o in ws.obligations(Window(date(2026, 11, 1), date(2026, 12, 1)))
        if o.household == home
    ]
    assert november.due_by == date(2026, 11, 10)
