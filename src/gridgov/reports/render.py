"""
Rendering a `PeriodReport`: one list of rows, three outputs.

`rows` flattens a report into ``(section, metric, label_zh, value)`` in
display order; `to_markdown`, `to_html` and `PeriodReport.to_records` all read
it, so the three outputs never disagree. Every count's label states its unit
(应访（项）counts visit obligations, 漏访户数（户）households), and a note
under the visits says why 应访 can exceed the households on the roll.
`localized_rows` gives the same rows in English (``lang="en"``). HTML is
escaped: it is drawn by `gridgov.display.html_table`, the renderer every
gridgov table shares.

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
>>> [line for line in to_markdown(r, "en").splitlines() if "disputes" in line]
['| disputes received | 8 |']
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from gridgov.cases.metrics import Rate
from gridgov.display import Column, html_table
from gridgov.labels import KINDS, Lang, join, pick
from gridgov.reports.model import PeriodReport

__all__ = [
    "LABELS_EN",
    "SECTIONS",
    "SECTIONS_EN",
    "UNITS_NOTE",
    "UNITS_NOTE_EN",
    "localized_rows",
    "rows",
    "to_html",
    "to_markdown",
]

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

SECTIONS_EN = {
    "visits": "Visits",
    "patrols": "Patrols",
    "cases": "Cases",
    "disputes": "Disputes",
    "assigned": "Assigned from above",
    "points": "Points",
    "volunteers": "Volunteers",
}
"""Section ids and their English headings."""

UNITS_NOTE = (
    "应访、已访、待访按走访义务计（项：一户在一个周期内应走访一次为一项，"
    "一户可有多项）；漏访按户计；走访人次按每次走访计。"
)
"""Why 应访 can exceed the households on the roll (the note under the visits)."""

UNITS_NOTE_EN = (
    "Due, visited and pending count visit obligations (one household due one "
    "visit in one window; a household can have several); missed counts "
    "households; visits count every visit made."
)
"""`UNITS_NOTE` in English."""

Row = tuple[str, str, str, Any]


def _pairs(pairs: tuple[tuple[str, Any], ...], lang: Lang = "zh") -> str:
    return join((f"{k} {v}" for k, v in pairs), lang) or "—"


def _rated(pairs: tuple[tuple[str, Rate], ...], lang: Lang = "zh") -> str:
    return join((f"{k} {r.percent}" for k, r in pairs), lang) or "—"


def rows(report: PeriodReport) -> Iterator[Row]:
    """
    Yield every figure of *report* as ``(section, metric, label_zh, value)``.

    Every count's label states its unit: 应访/已访/待访 count visit obligations
    (项), 漏访 and 走访户数 households (户), 走访 visits (人次).
    """
    v, p, c = report.visits, report.patrols, report.cases
    d, a, pt, vol = report.disputes, report.assigned, report.points, report.volunteers
    yield from (
        ("visits", "visits", "走访（人次）", v.visits),
        ("visits", "households_visited", "走访户数（户）", v.households_visited),
        ("visits", "expected", "应访（项）", v.expected),
        ("visits", "satisfied", "已访（项）", v.satisfied),
        ("visits", "pending", "待访（项）", v.pending),
        ("visits", "coverage", "走访率", v.coverage),
        ("visits", "missed", "漏访户数（户）", len(v.missed)),
        ("visits", "by_group", "各网格走访率", _rated(v.by_group)),
        ("patrols", "patrols", "巡查（次）", p.patrols),
        ("patrols", "findings", "发现问题（个）", p.findings),
        ("patrols", "fixed", "整改到位（个）", p.fixed),
        ("patrols", "fix_rate", "整改率", p.fix_rate),
        ("patrols", "by_item", "问题类别（个）", _pairs(p.by_item)),
        ("cases", "received", "受理事项（件）", c.received),
        ("cases", "due", "应办结（件）", c.due),
        ("cases", "completion", "办结率", c.completion),
        ("cases", "on_time", "按期办结率", c.on_time),
        ("cases", "resolution", "化解率", c.resolution),
        ("cases", "satisfaction", "满意率", c.satisfaction),
        ("cases", "by_source", "事项来源（件）", _pairs(c.by_source)),
        ("cases", "resolved_at_level", "各级化解占比", _rated(c.resolved_at_level)),
        ("cases", "provisional", "暂定时限（件，待放假通知）", c.provisional),
        ("disputes", "received", "受理纠纷（件）", d.received),
        ("disputes", "resolved", "化解（件）", d.resolved),
        ("disputes", "referred", "转介（件）", d.referred),
        ("disputes", "resolution", "化解率", d.resolution),
        ("assigned", "received", "交办事项（件）", a.received),
        ("assigned", "concluded", "办结（件）", a.concluded),
        ("assigned", "completion", "办结率", a.completion),
        ("points", "issued", "发放积分（分）", pt.issued),
        ("points", "redeemed", "兑换积分（分）", pt.redeemed),
        ("points", "reversed", "冲正积分（分）", pt.reversed),
        ("points", "accounts", "获分户数（户）", pt.accounts),
        ("points", "claims_recognised", "认定申报（件）", pt.claims_recognised),
        ("points", "ranking", "积分排名（前五，分）", _pairs(pt.ranking[:5])),
        ("volunteers", "teams", "志愿服务队（支）", vol.teams),
        ("volunteers", "registered", "注册志愿者（人）", vol.registered),
        ("volunteers", "activities", "开展活动（场）", vol.activities),
        ("volunteers", "volunteers", "参与志愿者（人）", vol.volunteers),
        ("volunteers", "hours", "服务时长（小时）", vol.hours),
        ("volunteers", "served", "服务群众（人次）", vol.served),
        ("volunteers", "orders", "群众点单（单）", vol.orders),
        ("volunteers", "orders_answered", "点单已办（单）", vol.orders_answered),
        ("volunteers", "by_kind", "活动类别（场）", _pairs(vol.by_kind)),
    )


LABELS_EN: dict[tuple[str, str], str] = {
    ("visits", "visits"): "visits (visits made)",
    ("visits", "households_visited"): "households visited (households)",
    ("visits", "expected"): "due (obligations)",
    ("visits", "satisfied"): "visited (obligations)",
    ("visits", "pending"): "pending (obligations)",
    ("visits", "coverage"): "coverage",
    ("visits", "missed"): "missed (households)",
    ("visits", "by_group"): "coverage by grid",
    ("patrols", "patrols"): "patrols",
    ("patrols", "findings"): "problems found",
    ("patrols", "fixed"): "problems fixed",
    ("patrols", "fix_rate"): "fix rate",
    ("patrols", "by_item"): "problems by item",
    ("cases", "received"): "cases received",
    ("cases", "due"): "cases due",
    ("cases", "completion"): "completion rate",
    ("cases", "on_time"): "on-time completion rate",
    ("cases", "resolution"): "resolution rate",
    ("cases", "satisfaction"): "satisfaction rate",
    ("cases", "by_source"): "cases by source",
    ("cases", "resolved_at_level"): "resolved by level",
    ("cases", "provisional"): "provisional deadlines (cases)",
    ("disputes", "received"): "disputes received",
    ("disputes", "resolved"): "resolved",
    ("disputes", "referred"): "referred",
    ("disputes", "resolution"): "resolution rate",
    ("assigned", "received"): "items assigned",
    ("assigned", "concluded"): "concluded",
    ("assigned", "completion"): "completion rate",
    ("points", "issued"): "points issued",
    ("points", "redeemed"): "points redeemed",
    ("points", "reversed"): "points reversed",
    ("points", "accounts"): "households earning points",
    ("points", "claims_recognised"): "claims recognised",
    ("points", "ranking"): "ranking (top 5, points)",
    ("volunteers", "teams"): "volunteer teams",
    ("volunteers", "registered"): "registered volunteers (people)",
    ("volunteers", "activities"): "activities held",
    ("volunteers", "volunteers"): "volunteers taking part (people)",
    ("volunteers", "hours"): "service hours",
    ("volunteers", "served"): "people served (person-times)",
    ("volunteers", "orders"): "menu orders",
    ("volunteers", "orders_answered"): "menu orders delivered",
    ("volunteers", "by_kind"): "activities by kind",
}
"""The English label (with its unit) of every ``(section, metric)``."""

# Values that are lists of Chinese labels of a vocabulary: their kind, for English.
_LISTED_KINDS = {
    ("cases", "by_source"): "case_source",
    ("cases", "resolved_at_level"): "level",
    ("volunteers", "by_kind"): "activity",
}


_GROUPS_EN = {"未入格": "not in a grid", "合计": "total"}


def _english_list(kind: str, value: str) -> str:
    """Turn ``巡查 8、群众反映 8`` into ``patrol 8, resident 8`` (names stay)."""
    english = {entry.zh: entry.en for entry in KINDS[kind].values()}
    parts = []
    for part in value.split("、"):
        word, _, figure = part.rpartition(" ")
        parts.append(f"{english.get(word, word)} {figure}" if word else part)
    return ", ".join(parts)


def localized_rows(report: PeriodReport, lang: Lang = "zh") -> Iterator[Row]:
    """
    `rows` with labels (and list values) in *lang*: ``(section, metric, label, value)``.

    In English the lists of vocabulary labels (sources, levels, activity kinds)
    are English too; names (grids, checklist items, households) stay as written.
    """
    for section, metric, label_zh, value in rows(report):
        if lang == "zh":
            yield section, metric, label_zh, value
            continue
        shown = value
        kind = _LISTED_KINDS.get((section, metric))
        if isinstance(value, str):
            shown = _english_list(kind, value) if kind else value.replace("、", ", ")
            for zh, en in _GROUPS_EN.items():  # the groups the report names itself
                shown = shown.replace(f"{zh} ", f"{en} ")
        yield section, metric, LABELS_EN[(section, metric)], shown


def _text(value: Any) -> str:
    if isinstance(value, Rate):
        if value.denominator == 0:
            return value.percent
        return f"{value.percent} ({value.numerator}/{value.denominator})"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _heading(report: PeriodReport, lang: Lang = "zh") -> str:
    if lang == "en":
        period = report.period
        for entry in KINDS["period"].values():  # "2026-11 (月)" → "2026-11 (month)"
            period = period.replace(f"({entry.zh})", f"({entry.en})")
        return (
            f"scope {report.scope} · period {period} "
            f"({report.start} – {report.end}) · as of {report.as_of} · "
            f"{report.households} households on the roll"
        )
    return (
        f"范围 {report.scope} · 周期 {report.period} "
        f"({report.start} – {report.end}) · 截至 {report.as_of} · "
        f"在册 {report.households} 户"
    )


def _title(report: PeriodReport, lang: Lang) -> str:
    if lang == "en" and report.title.endswith("工作报表"):
        return f"{report.title.removesuffix('工作报表').strip()} report"
    return report.title


def to_markdown(report: PeriodReport, lang: Lang = "zh") -> str:
    """
    Render *report* as Markdown in *lang*.

    A title, the context line, one table per section, and under the visits
    the note on units (`UNITS_NOTE`).
    """
    headings = SECTIONS if lang == "zh" else SECTIONS_EN
    head = pick(lang, "| 指标 | 数值 |", "| metric | value |")
    note = pick(lang, f"注：{UNITS_NOTE}", f"Note: {UNITS_NOTE_EN}")
    out = [f"# {_title(report, lang)}", "", _heading(report, lang)]
    section = ""
    for sec, _metric, label, value in localized_rows(report, lang):
        if sec != section:
            if section == "visits":
                out += ["", note]
            section = sec
            out += ["", f"## {headings[sec]}", "", head, "|---|---|"]
        out.append(f"| {label} | {_text(value)} |")
    return "\n".join(out) + "\n"


_HTML_COLUMNS = (Column("label", "metric", "指标"), Column("text", "value", "数值"))


def to_html(report: PeriodReport, lang: Lang = "zh") -> str:
    """
    Render *report* as an HTML table in *lang* (every value escaped).

    The table sits in a ``<div class="gridgov-report">``; the title is its
    caption, the context line the caption's second line, and each section a
    group headed by its name; a rate reads ``87.5% (7/8)`` as in Markdown.
    The note on units (`UNITS_NOTE`) follows the table.
    """
    headings = SECTIONS if lang == "zh" else SECTIONS_EN
    table = html_table(
        _HTML_COLUMNS,
        (
            {"section": headings[sec], "label": label, "text": _text(value)}
            for sec, _metric, label, value in localized_rows(report, lang)
        ),
        caption=_title(report, lang),
        note=_heading(report, lang),
        group_by="section",
        lang=lang,
    )
    note = html.escape(pick(lang, f"注：{UNITS_NOTE}", f"Note: {UNITS_NOTE_EN}"))
    return (
        f'<div class="gridgov-report">\n{table}\n<p><small>{note}</small></p>\n</div>'
    )
