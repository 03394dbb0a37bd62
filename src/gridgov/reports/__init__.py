"""
Period reports (工作报表): the figures a township publishes, as data.

A `PeriodReport` holds, for one scope and one period: visits and coverage
(走访, 走访率), patrols and the problems found and fixed (巡查, 整改率), cases by
source and level with 办结率, 按期办结率, 化解率 and 满意率, disputes and their
化解率, items assigned from above (上级交办) and their 办结率, points issued and
redeemed with the ranking, and volunteers, service hours and people served
(志愿服务). Every rate is an exact `Rate` with its denominator.

Reports are pure: `build_report` and the section builders read the engines'
results; the Workspace (`gridgov.app.Workspace.report`) gathers those for a
scope. A report renders as Markdown and HTML, shows itself in Jupyter and
flattens with `PeriodReport.to_records`. See docs/reports.md.
"""

from gridgov.reports.build import (
    DISPUTE_WORKFLOWS,
    assigned_figures,
    build_report,
    case_figures,
    dispute_figures,
    patrol_figures,
    points_figures,
    visit_figures,
    volunteer_figures,
)
from gridgov.reports.model import (
    AssignedFigures,
    CaseFigures,
    DisputeFigures,
    PatrolFigures,
    PeriodReport,
    PointsFigures,
    Rate,
    VisitFigures,
    VolunteerFigures,
)
from gridgov.reports.render import SECTIONS, rows, to_html, to_markdown

__all__ = [
    "DISPUTE_WORKFLOWS",
    "SECTIONS",
    "AssignedFigures",
    "CaseFigures",
    "DisputeFigures",
    "PatrolFigures",
    "PeriodReport",
    "PointsFigures",
    "Rate",
    "VisitFigures",
    "VolunteerFigures",
    "assigned_figures",
    "build_report",
    "case_figures",
    "dispute_figures",
    "patrol_figures",
    "points_figures",
    "rows",
    "to_html",
    "to_markdown",
    "visit_figures",
    "volunteer_figures",
]
