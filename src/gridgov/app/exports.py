"""
A period report as a workbook or CSV: one sheet per section.

`report_sheets` lays a `gridgov.reports.PeriodReport` out as
`gridgov.io.sheets.Sheet` objects, one per section (走访, 巡查, 事项办理 …)
in the report's order, each with the figures `gridgov.reports.rows` yields —
the list the Markdown, the HTML and the records read too, so no export
disagrees with them. Each sheet starts with the report's title lines: the
title; the scope, the period with its first and last day, the report day
and the households on the roll; and, when some deadlines are provisional
(暂定, the year's holiday notice is not installed yet), a note saying so.
Its columns are the figure columns of every gridgov table of figures
(指标, 数值, 分子, 分母, `gridgov.cases.metrics.FIGURE_COLUMNS`): a rate is
a percent cell with its numerator and denominator beside it.

`report_to_xlsx` writes those sheets to an Excel workbook
(`gridgov.io.workbook`), `report_to_csv` to one CSV file or stream, section
after section (`gridgov.io.csv_export`). Personal numbers are masked unless
``unmasked=True``.

This sits in the application layer because it joins the pure reports with
the io writers, and io sits below the reports in gridgov's layers.

>>> from datetime import date
>>> from gridgov.reports import DisputeFigures, PeriodReport
>>> report = PeriodReport(
...     title="示范村 2026-11 工作报表",
...     scope="示范村",
...     period="2026-11",
...     start=date(2026, 11, 1),
...     end=date(2026, 12, 1),
...     as_of=date(2026, 12, 1),
...     disputes=DisputeFigures(received=8, resolved=7),
... )
>>> disputes = [s for s in report_sheets(report) if s.name == "矛盾纠纷"][0]
>>> disputes.title[1]
'范围 示范村 · 周期 2026-11（2026-11-01 至 2026-11-30）· 截至 2026-12-01 · 在册 0 户'
>>> disputes.headers
('指标', '数值', '分子', '分母')
>>> disputes.rows[-1]
('化解率', Percent(value=Fraction(7, 8), text='87.5%'), 7, 8)
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any, TextIO

from gridgov._masking import mask_in_text
from gridgov.cases.metrics import FIGURE_COLUMNS, Rate
from gridgov.io.csv_export import write_csv
from gridgov.io.sheets import Sheet, typed_cell
from gridgov.io.workbook import write_xlsx
from gridgov.labels import KINDS, Lang, check_lang
from gridgov.reports.model import PeriodReport
from gridgov.reports.render import (
    SECTIONS,
    SECTIONS_EN,
    UNITS_NOTE,
    UNITS_NOTE_EN,
    localized_rows,
)

__all__ = ["report_sheets", "report_to_csv", "report_to_xlsx"]

_COLUMNS = {c.key: c for c in FIGURE_COLUMNS}
_SHOWN = ("label_zh", "value", "numerator", "denominator")


def _title(report: PeriodReport, lang: Lang) -> tuple[str, ...]:
    last = report.end - timedelta(days=1)
    n = report.cases.provisional
    if lang == "zh":
        context = (
            f"范围 {report.scope} · 周期 {report.period}（{report.start} 至 {last}）"
            f"· 截至 {report.as_of} · 在册 {report.households} 户"
        )
        note = f"注：{n} 件在办事项的办结时限为暂定（所涉年份的放假通知尚未发布）"
        return (report.title, context, note) if n else (report.title, context)
    period = report.period
    for entry in KINDS["period"].values():  # "2026-11 (月)" → "2026-11 (month)"
        period = period.replace(f"({entry.zh})", f"({entry.en})")
    title = report.title
    if title.endswith("工作报表"):
        title = f"{title.removesuffix('工作报表').strip()} report"
    context = (
        f"Scope {report.scope} · period {period} ({report.start} to {last}) · "
        f"as of {report.as_of} · {report.households} households on the roll"
    )
    note = (
        f"Note: the deadlines of {n} open cases are provisional "
        "(the holiday notice of their year is not published yet)"
    )
    return (title, context, note) if n else (title, context)


def report_sheets(
    report: PeriodReport, *, lang: str = "zh", unmasked: bool = False
) -> list[Sheet]:
    """
    *report* as one `gridgov.io.sheets.Sheet` per section, in display order.

    The figures are `gridgov.reports.render.localized_rows` (`rows` in the
    language asked for); the visits sheet ends with the note on units
    (`gridgov.reports.render.UNITS_NOTE`: why 应访 can exceed the households).

    Args:
        report: The period report.
        lang: ``"zh"`` (default): Chinese sheet names, headers and labels;
            ``"en"``: English ones.
        unmasked: Keep ID and phone numbers in full (masked by default).

    Raises:
        InvalidValueError: *lang* is neither ``"zh"`` nor ``"en"``.
    """
    language = check_lang(lang)
    title = _title(report, language)
    if not unmasked:
        title = tuple(mask_in_text(line) for line in title)
    zh = language == "zh"
    headers = tuple(_COLUMNS[k].zh if zh else _COLUMNS[k].en for k in _SHOWN)
    sections: dict[str, list[tuple[Any, ...]]] = {}
    for section, metric, label, value in localized_rows(report, language):
        counts = (
            (value.numerator, value.denominator)
            if isinstance(value, Rate)
            else (None, None)
        )
        cell = typed_cell(metric, value, unmasked=unmasked)
        sections.setdefault(section, []).append((label, cell, *counts))
    units = f"注：{UNITS_NOTE}" if zh else f"Note: {UNITS_NOTE_EN}"
    return [
        Sheet(
            (SECTIONS if zh else SECTIONS_EN)[section],
            headers,
            tuple(figures),
            title,
            notes=(units,) if section == "visits" else (),
        )
        for section, figures in sections.items()
    ]


def report_to_xlsx(
    report: PeriodReport,
    path: str | os.PathLike[str],
    *,
    lang: str = "zh",
    unmasked: bool = False,
) -> None:
    """
    Write *report* to an Excel workbook at *path*, one sheet per section.

    Styled as every gridgov workbook (`gridgov.io.workbook`): title lines,
    a bold header row on a fill with the panes frozen below it, columns
    fitted to Chinese text, rates as percent cells. Written whole or not
    at all.

    Raises:
        MissingExtraError: openpyxl is not installed
            (``pip install 'gridgov[excel]'``).
        InvalidValueError: A bad *lang*, or *path*'s directory does not exist.
    """
    write_xlsx(report_sheets(report, lang=lang, unmasked=unmasked), path)


def report_to_csv(
    report: PeriodReport,
    target: str | os.PathLike[str] | TextIO,
    *,
    lang: str = "zh",
    unmasked: bool = False,
) -> None:
    """
    Write *report* as CSV to a path or a text stream, section after section.

    The title lines come first, then each section as a block: its name, the
    header row and the figures, an empty line between blocks (see
    `gridgov.io.csv_export`). A path is
    written UTF-8 with BOM (for Chinese Excel), atomically.

    Raises:
        InvalidValueError: A bad *lang*, or *target*'s directory does not exist.
    """
    write_csv(report_sheets(report, lang=lang, unmasked=unmasked), target)
