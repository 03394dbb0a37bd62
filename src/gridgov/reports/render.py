"""
Rendering a `PeriodReport`: one list of rows, three outputs.

`rows` flattens a report into ``(section, metric, label_zh, value)`` in
display order; `to_markdown`, `to_html` and `PeriodReport.to_records` all read
it, so the three outputs never disagree. HTML is escaped: it is drawn by
`gridgov.display.html_table`, the renderer every gridgov table shares.

>>> from datetime import date
>>> from gridgov.reports.model import DisputeFigures, PeriodReport
>>> r = PeriodReport(
...     title="示例",
...     scope="裴村社区",
...     period="2026-11",
...     start=date(2026, 11, 1),
...     end=date(2026, 12, 1),
...     as_of=date(2026, 12, 1),
...     disputes=DisputeFigures(received=8, resolved=7),
... )
>>> [line for line in to_markdown(r).splitlines() if "化解率" in line]
['| 化解率 | — |', '| 化解率 | 87.5% (7/8) |']
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gridgov.cases.metrics import Rate
from gridgov.display import Column, html_table
from gridgov.reports.model import PeriodReport

__all__ = ["SECTIONS", "rows", "to_html", "to_markdown"]

SECTIONS = {
    "visits": "走访",
    "patrols": "巡查",
    "cases": "事项办理",
    "disputes": "矛盾纠纷",
    "assigned": "上级交办",
    "points": "积分",
    "volunteers": "志愿服务",
}
"""Section ids and their Chinese headings, in display order."""

Row = tuple[str, str, str, Any]


def _pairs(pairs: tuple[tuple[str, Any], ...]) -> str:
    return "、".join(f"{k} {v}" for k, v in pairs) or "—"


def _rated(pairs: tuple[tuple[str, Rate], ...]) -> str:
    return "、".join(f"{k} {r.percent}" for k, r in pairs) or "—"


def rows(report: PeriodReport) -> Iterator[Row]:
    """Yield every figure of *report* as ``(section, metric, label_zh, value)``."""
    v, p, c = report.visits, report.patrols, report.cases
    d, a, pt, vol = report.disputes, report.assigned, report.points, report.volunteers
    yield from (
        ("visits", "visits", "走访人次", v.visits),
        ("visits", "households_visited", "走访户数", v.households_visited),
        ("visits", "expected", "应访", v.expected),
        ("visits", "satisfied", "已访", v.satisfied),
        ("visits", "pending", "待访", v.pending),
        ("visits", "coverage", "走访率", v.coverage),
        ("visits", "missed", "漏访户数", len(v.missed)),
        ("visits", "by_group", "各网格走访率", _rated(v.by_group)),
        ("patrols", "patrols", "巡查次数", p.patrols),
        ("patrols", "findings", "发现问题", p.findings),
        ("patrols", "fixed", "整改到位", p.fixed),
        ("patrols", "fix_rate", "整改率", p.fix_rate),
        ("patrols", "by_item", "问题类别", _pairs(p.by_item)),
        ("cases", "received", "受理事项", c.received),
        ("cases", "due", "应办结", c.due),
        ("cases", "completion", "办结率", c.completion),
        ("cases", "on_time", "按期办结率", c.on_time),
        ("cases", "resolution", "化解率", c.resolution),
        ("cases", "satisfaction", "满意率", c.satisfaction),
        ("cases", "by_source", "事项来源", _pairs(c.by_source)),
        ("cases", "resolved_at_level", "各级化解占比", _rated(c.resolved_at_level)),
        ("cases", "provisional", "暂定时限 (待放假通知)", c.provisional),
        ("disputes", "received", "受理纠纷", d.received),
        ("disputes", "resolved", "化解", d.resolved),
        ("disputes", "referred", "转介", d.referred),
        ("disputes", "resolution", "化解率", d.resolution),
        ("assigned", "received", "交办事项", a.received),
        ("assigned", "concluded", "办结", a.concluded),
        ("assigned", "completion", "办结率", a.completion),
        ("points", "issued", "发放积分", pt.issued),
        ("points", "redeemed", "兑换积分", pt.redeemed),
        ("points", "reversed", "冲正积分", pt.reversed),
        ("points", "accounts", "获分户数", pt.accounts),
        ("points", "claims_recognised", "认定申报", pt.claims_recognised),
        ("points", "ranking", "积分排名", _pairs(pt.ranking[:5])),
        ("volunteers", "teams", "志愿服务队", vol.teams),
        ("volunteers", "registered", "注册志愿者", vol.registered),
        ("volunteers", "activities", "开展活动", vol.activities),
        ("volunteers", "volunteers", "参与志愿者", vol.volunteers),
        ("volunteers", "hours", "服务时长（小时）", vol.hours),
        ("volunteers", "served", "服务群众人次", vol.served),
        ("volunteers", "orders", "群众点单", vol.orders),
        ("volunteers", "orders_answered", "点单已办", vol.orders_answered),
        ("volunteers", "by_kind", "活动类别", _pairs(vol.by_kind)),
    )


def _text(value: Any) -> str:
    if isinstance(value, Rate):
        if value.denominator == 0:
            return value.percent
        return f"{value.percent} ({value.numerator}/{value.denominator})"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _heading(report: PeriodReport) -> str:
    return (
        f"范围 {report.scope} · 周期 {report.period} "
        f"({report.start} – {report.end}) · 截至 {report.as_of} · "
        f"在册 {report.households} 户"
    )


def to_markdown(report: PeriodReport) -> str:
    """Render *report* as Markdown: title, context line, one table per section."""
    out = [f"# {report.title}", "", _heading(report)]
    section = ""
    for sec, _metric, label, value in rows(report):
        if sec != section:
            section = sec
            out += ["", f"## {SECTIONS[sec]}", "", "| 指标 | 数值 |", "|---|---|"]
        out.append(f"| {label} | {_text(value)} |")
    return "\n".join(out) + "\n"


_HTML_COLUMNS = (Column("label", "metric", "指标"), Column("text", "value", "数值"))


def to_html(report: PeriodReport) -> str:
    """
    Render *report* as an HTML table (every value escaped).

    The table sits in a ``<div class="gridgov-report">``; the title is its
    caption, the context line the caption's second line, and each section a
    group headed by its Chinese name; a rate reads ``87.5% (7/8)`` as in
    Markdown.
    """
    table = html_table(
        _HTML_COLUMNS,
        (
            {"section": SECTIONS[sec], "label": label, "text": _text(value)}
            for sec, _metric, label, value in rows(report)
        ),
        caption=report.title,
        note=_heading(report),
        group_by="section",
    )
    return f'<div class="gridgov-report">\n{table}\n</div>'
