"""
A scope's share of every engine's state, gathered into a `PeriodReport`.

The report builders in `gridgov.reports` are pure and take plain inputs; this
module picks those inputs out of the Workspace's projections for the whole
township or for one `gridgov.app.ViewScope` (its households, its regions, its
cases, its accounts and the volunteer teams based in it).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import attrs

from gridgov.app.scope import ViewScope
from gridgov.app.state import State, finding_ref
from gridgov.cases.case import Case
from gridgov.cases.vocabulary import Conclusion
from gridgov.domain.periods import parse_period
from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.domain.workforce import OrgKind
from gridgov.labels import masked_name
from gridgov.reports.build import (
    build_report,
    patrol_figures,
    points_figures,
    visit_figures,
    volunteer_figures,
)
from gridgov.reports.model import PeriodReport, VolunteerFigures
from gridgov.visits.coverage import UNASSIGNED
from gridgov.visits.patrols import PatrolFindingRecorded
from gridgov.visits.periods import Window

if TYPE_CHECKING:
    from gridgov.app.workspace import Workspace

__all__ = ["ScopeFilter", "workspace_report"]


class ScopeFilter:
    """What a report keeps: everything (no scope), or one scope's share."""

    def __init__(self, state: State, scope: ViewScope | None) -> None:
        self.state = state
        self.scope = scope

    @property
    def label(self) -> str:
        """The scope's name (the township's when unscoped)."""
        return self.scope.label if self.scope else self.state.roster.name

    def household(self, household: str) -> bool:
        """Whether a household (or a household account) is kept."""
        return self.scope is None or self.scope.has_household(household)

    def region(self, region: str) -> bool:
        """Whether a region is kept."""
        return self.scope is None or self.scope.has_region(self.state.roster, region)

    def case(self, case: Case) -> bool:
        """Whether a case is kept (by the region and household it was opened for)."""
        if self.scope is None:
            return True
        opened = self.state.opening(case.id)
        if opened is None:
            return False
        return self.scope.has_case(self.state.roster, opened.fields)


def workspace_report(
    ws: Workspace,
    period: str,
    *,
    as_of: date | None = None,
    scope: ViewScope | None = None,
) -> PeriodReport:
    """The period report of *ws* for *period*, whole or for *scope*."""
    kind, span = parse_period(period)
    assert span.start is not None  # noqa: S101 - parse_period spans are bounded
    assert span.end is not None  # noqa: S101
    window = Window(span.start, span.end)
    day = as_of or window.end
    state = ws.state
    keep = ScopeFilter(state, scope)
    homes = [h for h in state.roster.households.values() if keep.household(h.id)]
    cover = ws.coverage(period, as_of=day, households=homes)
    cutoff = datetime.combine(day, time(), CHINA_TZ)

    def fixed(finding: PatrolFindingRecorded) -> bool:
        case = state.cases.get(state.case_of_finding.get(finding_ref(finding), ""))
        return (
            case is not None
            and case.conclusion is Conclusion.RESOLVED
            and case.concluded_at is not None
            and case.concluded_at < cutoff
        )

    recognised = sum(
        1
        for c in state.claims.values()
        if keep.household(c.account)
        and c.points
        and span.contains(c.instance.since.astimezone(CHINA_TZ).date())
    )
    placed_on = min(day, window.last_day)
    return build_report(
        title=f"{keep.label} {period} 工作报表",
        scope=keep.label,
        period=f"{period} ({kind.zh})",
        span=span,
        as_of=day,
        households=sum(1 for h in homes if h.region_on(placed_on)),
        visits=visit_figures(
            (v for v in state.visits if keep.household(v.household)),
            cover,
            span,
            names={
                UNASSIGNED: "未入格",
                **{code: r.name for code, r in state.roster.regions.items()},
            },
        ),
        patrols=patrol_figures(
            (p for p in state.patrols if keep.region(p.region)),
            (f for f in state.findings.values() if keep.region(f.region)),
            span,
            fixed=fixed,
        ),
        cases=[c for c in state.cases.values() if keep.case(c)],
        points=points_figures(
            state.ledger.entries_between(DateSpan()),
            span,
            accounts=keep.household,
            claims_recognised=recognised,
            # a public ranking names households by their head, masked (陈*军)
            names={h.id: masked_name(h.head.name) for h in homes if h.head},
        ),
        volunteers=_volunteers(state, span, scope),
    )


def _volunteers(
    state: State, span: DateSpan, scope: ViewScope | None
) -> VolunteerFigures:
    """Activity figures, with the scope's volunteer teams and registered members."""
    roster = state.roster
    wanted = None if scope is None else set(scope.teams(roster))
    teams = [
        o
        for o in roster.organisations.values()
        if o.kind is OrgKind.VOLUNTEER_TEAM and (wanted is None or o.id in wanted)
    ]
    figures = volunteer_figures(state.activities, span, teams=wanted)
    return attrs.evolve(
        figures,
        teams=len(teams),
        registered=len({m.member for t in teams for m in t.members}),
    )
