"""
The figures of a period report (工作报表), as plain frozen data.

Each section holds the counts a township publishes and the rates computed from
them, every rate an exact `gridgov.cases.metrics.Rate` (numerator over stated
denominator, never a float). `PeriodReport` gathers the sections; it renders as
Markdown or HTML (`gridgov.reports.render`), shows itself in Jupyter
(``_repr_html_``) and flattens to records (`PeriodReport.to_records`).

>>> Rate(9, 10).percent, VisitFigures().coverage.percent
('90.0%', '—')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from gridgov.cases.metrics import FIGURE_COLUMNS, Rate, figure_record
from gridgov.display import Column, TableDisplay
from gridgov.labels import Lang

__all__ = [
    "AssignedFigures",
    "CaseFigures",
    "DisputeFigures",
    "PatrolFigures",
    "PeriodReport",
    "PointsFigures",
    "Rate",
    "VisitFigures",
    "VolunteerFigures",
]


@attrs.frozen
class VisitFigures:
    """
    走访: visits made and obligation coverage (应访, 已访, 走访率).

    Attributes:
        visits: Visits recorded in the period (走访, 人次: every visit made).
        households_visited: Distinct households visited (户).
        expected: 应访 (项): visit obligations ending in the period (exempt
            ones excluded). An obligation is one household's duty to be
            visited in one window, so a household under a weekly rule has
            four or five a month: 应访 can exceed the households on the roll.
        satisfied: 已访 (项): of those obligations, satisfied.
        pending: 待访 (项): of those, still open on the report day.
        missed: Households (户) with a missed or overdue obligation (漏访).
        by_group: 走访率 per group of the coverage (each grid, by name).
    """

    visits: int = 0
    households_visited: int = 0
    expected: int = 0
    satisfied: int = 0
    pending: int = 0
    missed: tuple[str, ...] = ()
    by_group: tuple[tuple[str, Rate], ...] = ()

    @property
    def coverage(self) -> Rate:
        """走访率: satisfied / expected."""
        return Rate(self.satisfied, self.expected)


@attrs.frozen
class PatrolFigures:
    """
    巡查: patrols made, problems found, and how many of those were fixed.

    Attributes:
        patrols: Patrols recorded in the period.
        findings: Problems found on them (发现问题).
        fixed: Of those problems, the ones whose case was resolved by the
            report day (整改到位).
        by_item: Problems found per checklist item label (飞线充电 …).
    """

    patrols: int = 0
    findings: int = 0
    fixed: int = 0
    by_item: tuple[tuple[str, int], ...] = ()

    @property
    def fix_rate(self) -> Rate:
        """整改率: fixed / found."""
        return Rate(self.fixed, self.findings)


@attrs.frozen
class CaseFigures:
    """
    事项: cases received in the period, by source and level, with the rates.

    Attributes:
        received: Cases received (voided included).
        voided: Voided (作废).
        due: 应办结 (the denominator of the completion rates).
        completion: 办结率.
        on_time: 按期办结率.
        resolution: 化解率 (concluded as resolved).
        satisfaction: 满意率.
        by_source: Cases received per source (走访, 巡查, 上级交办 …).
        resolved_at_level: Resolved cases per level that resolved them
            (小事不出村: the grid and village shares).
        provisional: Open cases whose deadlines are provisional (暂定时限):
            they reach a year whose holiday notice is not installed yet.
    """

    received: int = 0
    voided: int = 0
    due: int = 0
    completion: Rate = Rate(0, 0)
    on_time: Rate = Rate(0, 0)
    resolution: Rate = Rate(0, 0)
    satisfaction: Rate = Rate(0, 0)
    by_source: tuple[tuple[str, int], ...] = ()
    resolved_at_level: tuple[tuple[str, Rate], ...] = ()
    provisional: int = 0


@attrs.frozen
class DisputeFigures:
    """
    矛盾纠纷: disputes received and 化解率.

    Attributes:
        received: Disputes received in the period (voided excluded).
        resolved: Of those, resolved (化解) by the report day.
        referred: Of those, referred on (转介).
    """

    received: int = 0
    resolved: int = 0
    referred: int = 0

    @property
    def resolution(self) -> Rate:
        """化解率: resolved / received."""
        return Rate(self.resolved, self.received)


@attrs.frozen
class AssignedFigures:
    """
    上级交办: items assigned from above and their 办结率.

    Attributes:
        received: Items assigned in the period (voided excluded).
        concluded: Of those, concluded by the report day.
        on_time: Of those concluded, concluded on time.
    """

    received: int = 0
    concluded: int = 0
    on_time: int = 0

    @property
    def completion(self) -> Rate:
        """办结率: concluded / received."""
        return Rate(self.concluded, self.received)


@attrs.frozen
class PointsFigures:
    """
    积分: points issued and redeemed, and the period's ranking.

    Attributes:
        issued: Points awarded in the period (积分发放).
        redeemed: Points spent in the supermarket (兑换完成).
        reversed: Points reversed (冲正), returns included.
        accounts: Accounts that earned points in the period.
        claims_recognised: Claims recognised (认定) in the period.
        ranking: ``(household, points earned)``, best first (前十); the
            household is shown by its head's masked name (陈*军) when the
            builder was given names, else by its account (户号).
    """

    issued: int = 0
    redeemed: int = 0
    reversed: int = 0
    accounts: int = 0
    claims_recognised: int = 0
    ranking: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class VolunteerFigures:
    """
    志愿服务: teams, registered volunteers, activities, hours and people served.

    Attributes:
        teams: Volunteer teams (志愿服务队) in the scope.
        registered: Registered volunteers (注册志愿者): their distinct members.
        activities: Activities held.
        volunteers: Distinct volunteers taking part.
        hours: Service hours (志愿服务时长).
        served: People served (服务群众人次).
        orders: Menu orders received (点单).
        orders_answered: Menu orders delivered.
        by_kind: Activities per kind (理论宣讲, 义诊 …), by Chinese label.
        by_team: Activities per volunteer team.
    """

    teams: int = 0
    registered: int = 0
    activities: int = 0
    volunteers: int = 0
    hours: Decimal = Decimal(0)
    served: int = 0
    orders: int = 0
    orders_answered: int = 0
    by_kind: tuple[tuple[str, int], ...] = ()
    by_team: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class PeriodReport(TableDisplay):
    """
    A period report: one scope (township, village, grid, worker), one period.

    Displays itself (`gridgov.display.TableDisplay`): ``to_records()``, a
    Jupyter table grouped by section, and ``to_pandas()``.

    Attributes:
        title: The report's title (``"裴村社区 2026年11月 工作报表"``).
        scope: What it covers (``"裴村社区"``, ``"一网格"``, a worker's name).
        period: The period label (``"2026-11"``).
        start: First day of the period.
        end: Day after the last day (half-open).
        as_of: The day the figures were computed for.
        households: Households in scope on the report day.
        visits: 走访.
        patrols: 巡查.
        cases: 事项 and their rates.
        disputes: 矛盾纠纷.
        assigned: 上级交办.
        points: 积分.
        volunteers: 志愿服务.
    """

    title: str
    scope: str
    period: str
    start: date
    end: date
    as_of: date
    households: int = 0
    visits: VisitFigures = VisitFigures()
    patrols: PatrolFigures = PatrolFigures()
    cases: CaseFigures = CaseFigures()
    disputes: DisputeFigures = DisputeFigures()
    assigned: AssignedFigures = AssignedFigures()
    points: PointsFigures = PointsFigures()
    volunteers: VolunteerFigures = VolunteerFigures()

    display_columns = (Column("section", "section", "板块"), *FIGURE_COLUMNS)

    def to_records(self) -> list[dict[str, Any]]:
        """
        One record per figure: ``section``, ``metric``, ``label_zh``, ``value``.

        Rates come with ``numerator`` and ``denominator`` too, so a table tool
        can recompute them; ready for ``pandas.DataFrame(report.to_records())``.
        Values are plain (service hours as exact text, ``"5"``).
        """
        from gridgov.reports.render import rows  # noqa: PLC0415 - render imports model

        return [
            {"section": section, **figure_record(metric, label, value)}
            for section, metric, label, value in rows(self)
        ]

    def to_markdown(self, lang: Lang = "zh") -> str:
        """The report as a Markdown document, in Chinese or English (*lang*)."""
        from gridgov.reports.render import to_markdown  # noqa: PLC0415

        return to_markdown(self, lang)

    def to_html(self, lang: Lang = "zh") -> str:
        """The report as an HTML table, one group per section (escaped), in *lang*."""
        from gridgov.reports.render import to_html  # noqa: PLC0415

        return to_html(self, lang)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
