"""
Building report sections from the engines' results (pure: no store, no clock).

Each function takes what an engine already computed — visit events and a
`gridgov.visits.CoverageReport`, patrol events, `gridgov.cases.Case` records,
ledger entries — plus the period, and returns one section. The Workspace
(`gridgov.app`) gathers the inputs for a scope and calls `build_report`; a
notebook can call the section functions directly on its own data.

Case rates come from `gridgov.cases.metrics.case_metrics`, so the report states
the same denominators the cases engine documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from gridgov.cases.case import Case
from gridgov.cases.deadlines import Outcome
from gridgov.cases.metrics import Rate, case_metrics
from gridgov.cases.vocabulary import CaseSource, Conclusion
from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.errors import InvalidValueError
from gridgov.points.events import (
    LedgerEntry,
    PointsPosted,
    PointsReversed,
    PostingKind,
    RedemptionFulfilled,
    RedemptionHeld,
)
from gridgov.reports.model import (
    AssignedFigures,
    CaseFigures,
    DisputeFigures,
    PatrolFigures,
    PeriodReport,
    PointsFigures,
    VisitFigures,
    VolunteerFigures,
)
from gridgov.visits.coverage import CoverageReport
from gridgov.visits.events import VisitRecorded
from gridgov.visits.patrols import PatrolFindingRecorded, PatrolRecorded
from gridgov.volunteers.activities import ActivityBook

__all__ = [
    "DISPUTE_WORKFLOWS",
    "assigned_figures",
    "build_report",
    "case_figures",
    "dispute_figures",
    "patrol_figures",
    "points_figures",
    "visit_figures",
    "volunteer_figures",
]

DISPUTE_WORKFLOWS = frozenset({"mediation"})
"""Workflows whose cases are disputes (矛盾纠纷调解)."""


def _instants(span: DateSpan) -> tuple[datetime, datetime]:
    start, end = span.start, span.end
    if start is None or end is None:
        raise InvalidValueError("span", "a period with a start and an end", span)
    return datetime.combine(start, time(), CHINA_TZ), datetime.combine(
        end, time(), CHINA_TZ
    )


def _day(at: datetime) -> date:
    return at.astimezone(CHINA_TZ).date()


def visit_figures(
    visits: Iterable[VisitRecorded],
    coverage: CoverageReport | None,
    span: DateSpan,
    *,
    names: Mapping[str, str] | None = None,
) -> VisitFigures:
    """
    走访 figures: visits in *span*, and the coverage computed for it.

    Args:
        visits: Visit events (any superset of the period's).
        coverage: Coverage of the period, grouped as the report should show
            it (by grid, by worker …); None for visit counts only.
        span: The period.
        names: Display names of the coverage groups (region names).
    """
    made = [v for v in visits if span.contains(v.day)]
    if coverage is None:
        return VisitFigures(len(made), len({v.household for v in made}))
    total = coverage.total
    label = names or {}
    return VisitFigures(
        visits=len(made),
        households_visited=len({v.household for v in made}),
        expected=total.expected,
        satisfied=total.visited,
        pending=total.pending,
        missed=tuple(sorted(set(total.missed_households))),
        by_group=tuple(
            (label.get(key, key), Rate(row.visited, row.expected))
            for key, row in coverage.rows.items()
        ),
    )


def patrol_figures(
    patrols: Iterable[PatrolRecorded],
    findings: Iterable[PatrolFindingRecorded],
    span: DateSpan,
    *,
    fixed: Callable[[PatrolFindingRecorded], bool],
) -> PatrolFigures:
    """巡查 figures: patrols and findings in *span*; *fixed* says which were fixed."""
    made = [p for p in patrols if span.contains(_day(p.occurred_at))]
    found = [f for f in findings if span.contains(_day(f.occurred_at))]
    items = Counter(f.label_zh for f in found)
    return PatrolFigures(
        patrols=len(made),
        findings=len(found),
        fixed=sum(1 for f in found if fixed(f)),
        by_item=tuple(sorted(items.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def case_figures(cases: Sequence[Case], span: DateSpan) -> CaseFigures:
    """事项 figures for the cases received in *span* (rates per `case_metrics`)."""
    start, end = _instants(span)
    m = case_metrics(cases, start=start, end=end)
    cohort = [c for c in cases if start <= c.opened_at < end]
    sources = Counter(c.source.zh for c in cohort)
    return CaseFigures(
        received=m.received,
        voided=m.voided,
        due=m.due,
        completion=m.completion,
        on_time=m.on_time,
        resolution=m.resolution,
        satisfaction=m.satisfaction,
        by_source=tuple(sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))),
        resolved_at_level=tuple((lv.zh, r) for lv, r in m.resolved_at_level.items()),
        provisional=sum(1 for c in cohort if c.provisional_deadlines),
    )


def _cohort(
    cases: Iterable[Case], span: DateSpan, keep: Callable[[Case], bool]
) -> list[Case]:
    start, end = _instants(span)
    return [
        c
        for c in cases
        if start <= c.opened_at < end
        and keep(c)
        and c.conclusion is not Conclusion.VOIDED
    ]


def _ended(case: Case, as_of: datetime) -> Conclusion | None:
    if case.concluded_at is None or case.concluded_at >= as_of:
        return None
    return case.conclusion


def dispute_figures(
    cases: Iterable[Case],
    span: DateSpan,
    *,
    as_of: datetime,
    workflows: frozenset[str] = DISPUTE_WORKFLOWS,
) -> DisputeFigures:
    """矛盾纠纷: disputes received in *span*, resolved or referred by *as_of*."""
    cohort = _cohort(cases, span, lambda c: c.workflow in workflows)
    ends = [_ended(c, as_of) for c in cohort]
    return DisputeFigures(
        received=len(cohort),
        resolved=sum(1 for e in ends if e is Conclusion.RESOLVED),
        referred=sum(1 for e in ends if e is Conclusion.REFERRED),
    )


def assigned_figures(
    cases: Iterable[Case], span: DateSpan, *, as_of: datetime
) -> AssignedFigures:
    """上级交办: items assigned in *span*, and how many concluded by *as_of*."""
    cohort = _cohort(cases, span, lambda c: c.source is CaseSource.ASSIGNED)
    done = [c for c in cohort if _ended(c, as_of) is not None]
    return AssignedFigures(
        received=len(cohort),
        concluded=len(done),
        on_time=sum(1 for c in done if c.resolution_outcome is not Outcome.LATE),
    )


def points_figures(
    entries: Iterable[LedgerEntry],
    span: DateSpan,
    *,
    accounts: Callable[[str], bool] | None = None,
    claims_recognised: int = 0,
    top: int = 10,
    names: Mapping[str, str] | None = None,
) -> PointsFigures:
    """
    积分 figures from ledger entries in *span*, for the accounts *accounts* keeps.

    *names* shows each ranked household by name instead of its account (户号):
    pass the household heads' masked names (`gridgov.labels.masked_name`,
    陈*军), as a public ranking names households. Accounts without a name stay.
    """
    keep = accounts if accounts is not None else (lambda _a: True)
    earned: Counter[str] = Counter()
    issued = redeemed = reversed_ = 0
    every = list(entries)
    # A fulfilment moves points out of the holds account; its hold names the payer.
    payer: dict[str, str] = {
        e.event_id: e.source for e in every if isinstance(e, RedemptionHeld)
    }
    for e in every:
        if not span.contains(_day(e.occurred_at)):
            continue
        if (
            isinstance(e, PointsPosted)
            and e.posting is PostingKind.AWARD
            and keep(e.target)
        ):
            issued += e.amount
            earned[e.target] += e.amount
        elif isinstance(e, RedemptionFulfilled) and keep(payer.get(e.hold_id, "")):
            redeemed += e.amount
        elif isinstance(e, PointsReversed) and (keep(e.source) or keep(e.target)):
            reversed_ += e.amount
    shown = names or {}
    ranking = [
        (shown.get(account, account), points)
        for account, points in sorted(earned.items(), key=lambda kv: (-kv[1], kv[0]))[
            :top
        ]
    ]
    return PointsFigures(
        issued=issued,
        redeemed=redeemed,
        reversed=reversed_,
        accounts=len(earned),
        claims_recognised=claims_recognised,
        ranking=tuple(ranking),
    )


def build_report(
    *,
    title: str,
    scope: str,
    period: str,
    span: DateSpan,
    as_of: date,
    households: int,
    visits: VisitFigures,
    patrols: PatrolFigures,
    cases: Sequence[Case],
    points: PointsFigures,
    volunteers: VolunteerFigures,
) -> PeriodReport:
    """Assemble a `PeriodReport` from its sections and the scope's cases."""
    at = datetime.combine(as_of, time(), CHINA_TZ)
    start, end = _instants(span)
    return PeriodReport(
        title=title,
        scope=scope,
        period=period,
        start=start.date(),
        end=end.date(),
        as_of=as_of,
        households=households,
        visits=visits,
        patrols=patrols,
        cases=case_figures(cases, span),
        disputes=dispute_figures(cases, span, as_of=at),
        assigned=assigned_figures(cases, span, as_of=at),
        points=points,
        volunteers=volunteers,
    )


def volunteer_figures(
    book: ActivityBook,
    span: DateSpan | None = None,
    *,
    teams: Iterable[str] | None = None,
) -> VolunteerFigures:
    """志愿服务 figures of the activities in *book* held in *span* (of *teams*)."""
    wanted = None if teams is None else set(teams)
    held = [a for a in book.held(span) if wanted is None or a.team in wanted]
    kinds: dict[str, int] = {}
    by_team: dict[str, int] = {}
    for a in held:
        kinds[a.kind.zh] = kinds.get(a.kind.zh, 0) + 1
        by_team[a.team] = by_team.get(a.team, 0) + 1
    orders = [
        o
        for o in book.orders.values()
        if span is None or span.contains(o.occurred_at.astimezone(CHINA_TZ).date())
    ]
    return VolunteerFigures(
        activities=len(held),
        volunteers=len({p for a in held for p, _ in a.participants}),
        hours=sum((a.hours for a in held), Decimal(0)),
        served=sum(a.served for a in held),
        orders=len(orders),
        orders_answered=sum(
            1 for o in orders if book.answered_by(o.order_id) is not None
        ),
        by_kind=tuple(sorted(kinds.items())),
        by_team=tuple(sorted(by_team.items())),
    )
