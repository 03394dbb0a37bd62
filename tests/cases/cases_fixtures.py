"""Shared helpers for case tests: rules per built-in workflow and the usual actors."""

from __future__ import annotations

from datetime import datetime

from gridgov.calendar import ChinaCalendar
from gridgov.cases import CaseRules, CaseSource, Urgency, open_case
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import Actor
from gridgov.io.workflows import builtin_workflow

CALENDAR = ChinaCalendar()
T0 = datetime(2026, 9, 28, 9, 0, tzinfo=CHINA_TZ)  # Monday before 国庆

EVERYONE = Actor(
    "u-1",
    frozenset(
        {
            "operator",
            "dispatcher",
            "handler",
            "supervisor",
            "leader",
            "village_cadre",
            "villager_representative",
            "village_committee",
            "party_branch",
            "mediator",
            "grid_worker",
        }
    ),
)
OPERATOR = Actor("op-1", frozenset({"operator"}))
DISPATCHER = Actor("disp-1", frozenset({"dispatcher"}))
HANDLER = Actor("dept-1", frozenset({"handler"}))
SUPERVISOR = Actor("sup-1", frozenset({"supervisor"}))
LEADER = Actor("lead-1", frozenset({"leader"}))
RESIDENT = Actor("res-1")

_RULES: dict[str, CaseRules] = {}


def rules(name: str) -> CaseRules:
    """Return (cached) rules for a built-in workflow with the China calendar."""
    if name not in _RULES:
        _RULES[name] = CaseRules(workflow=builtin_workflow(name), calendar=CALENDAR)
    return _RULES[name]


def opened(name: str = "digital_city", *, case_id: str = "C-1", **kw: object):
    """Open a case at grid level in unit grid-1 at T0."""
    args: dict[str, object] = {
        "case_id": case_id,
        "category": "暴露垃圾",
        "urgency": Urgency.NORMAL,
        "source": CaseSource.PATROL,
        "level": Level.GRID,
        "unit": "grid-1",
        "actor": EVERYONE,
        "at": T0,
        "command_id": f"open-{case_id}",
    }
    args.update(kw)
    return open_case(rules(name), **args)  # type: ignore[arg-type]
