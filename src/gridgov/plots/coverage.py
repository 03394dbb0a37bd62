"""Visit coverage (走访覆盖) as figures: by grid, and over time."""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from gridgov.display import percent
from gridgov.plots._style import Style, drawing, root_figure, style
from gridgov.roster import Roster
from gridgov.visits.coverage import UNASSIGNED, CoverageReport
from gridgov.visits.periods import Window

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["coverage_by_grid", "coverage_trend", "group_label"]

_BAR = "#2a7ab0"
_WEEK, _QUARTER, _YEAR = 7, 3, 12  # days; months; months


def group_label(key: str, roster: Roster | None, look: Style) -> str:
    """
    The label of a coverage group: the region's or worker's name, not its code.

    In English a region's English name (``name_en``) when the roster has one.
    Without a CJK font a Chinese name gives way to it, or to the region's own
    digits of its code (``#001`` for 410381003002001): no box is drawn for a
    missing glyph.
    """
    if key == UNASSIGNED:
        return look.say("未划入网格", "unassigned")
    if key == "total":
        return look.say("合计", "total")
    if roster is not None and key in roster.regions:
        region = roster.region(key)
        if not look.zh and region.name_en:
            return region.name_en
        # The code's own digits (#001), short enough to sit under a bar.
        own = key[len(region.parent) :] if region.parent else key
        return look.name(region.name, f"#{own}")
    if roster is not None and key in roster.workers:
        return look.name(roster.worker(key).name, key)
    return key


def _percent(rate: Fraction | None) -> float:
    return float(rate * 100) if rate is not None else 0.0


def _period(window: Window) -> str:
    """
    A short name for a period: ``2026-11``, ``2026-W45``, ``2026-Q4``, ``2026``.

    Other windows are named by their first and last days (``11-02–11-05``).
    """
    start, end = window.start, window.end
    if start.day == 1 and end.day == 1:
        months = (end.year - start.year) * 12 + end.month - start.month
        if months == 1:
            return f"{start:%Y-%m}"
        if months == _QUARTER and start.month % _QUARTER == 1:
            return f"{start.year}-Q{start.month // _QUARTER + 1}"
        if months == _YEAR and start.month == 1:
            return str(start.year)
    if window.days == _WEEK and start.isoweekday() == 1:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start:%m-%d}–{window.last_day:%m-%d}"


def coverage_by_grid(
    report: CoverageReport,
    roster: Roster | None = None,
    *,
    lang: str = "zh",
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
) -> Figure:
    """
    Bar chart of 走访覆盖率 per group (grid) of a coverage report.

    Each bar is labelled with the grid's name from *roster* (一网格 …), and
    shows the rate (已访/应访, in visit obligations) above it. Groups with
    nothing expected are left out; households placed in no grid show as
    未划入网格.

    Args:
        report: From `Workspace.coverage` or `gridgov.visits.coverage`.
        roster: Names the groups (regions or workers); without it, the keys.
        lang: ``"zh"`` (default) or ``"en"``.
        ax: Draw on these axes; by default on a new figure.
        font: A font file or family for Chinese; by default an installed
            CJK font (`find_cjk_font`).

    Returns:
        The figure.
    """
    look = style(lang, font)
    rows = [row for row in report.rows.values() if row.expected]
    with drawing(look, ax, (6.4, 3.6)) as axes:
        labels = [group_label(row.key, roster, look) for row in rows]
        bars = axes.bar(labels, [_percent(row.rate) for row in rows], color=_BAR)
        axes.bar_label(
            bars,
            labels=[f"{percent(r.rate)}\n{r.visited}/{r.expected}" for r in rows],
            padding=2,
            fontsize="small",
        )
        axes.axhline(100, color="grey", linewidth=0.8)
        axes.set_ylim(0, 125)
        axes.set_yticks(range(0, 101, 20))
        axes.set_ylabel(look.say("走访覆盖率（%）", "visit coverage (%)"))
        axes.set_xlabel(
            look.say("网格（柱上：已访/应访，次）", "grid (on bars: visited/expected)")
        )
        when = _period(report.period)
        axes.set_title(
            look.say(f"走访覆盖率（按网格），{when}", f"Visit coverage by grid, {when}")
        )
    return root_figure(axes)


def coverage_trend(
    reports: Sequence[CoverageReport],
    roster: Roster | None = None,
    *,
    groups: bool = True,
    lang: str = "zh",
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
) -> Figure:
    """
    Line chart of 走访覆盖率 period by period (`gridgov.visits.coverage_series`).

    One line for all groups together (合计) and, with *groups*, one per group
    named from *roster*. A period with nothing expected leaves a gap.

    Args:
        reports: One report per period, in time order (e.g. the months of
            ``coverage_series``, or ``[ws.coverage(m) for m in months]``).
        roster: Names the groups.
        groups: Draw a line per group as well as the total.
        lang: ``"zh"`` (default) or ``"en"``.
        ax: Draw on these axes; by default on a new figure.
        font: A font file or family for Chinese.

    Returns:
        The figure.
    """
    look = style(lang, font)
    periods = [_period(r.period) for r in reports]
    keys = sorted({k for r in reports for k in r.rows}) if groups else []

    def line(rates: list[Fraction | None]) -> list[float]:
        return [float(x * 100) if x is not None else float("nan") for x in rates]

    with drawing(look, ax, (6.4, 3.6)) as axes:
        for key in keys:
            rates = [r.rows[key].rate if key in r.rows else None for r in reports]
            axes.plot(
                periods,
                line(rates),
                marker=".",
                linewidth=1,
                alpha=0.7,
                label=group_label(key, roster, look),
            )
        axes.plot(
            periods,
            line([r.total.rate for r in reports]),
            marker="o",
            linewidth=2.5,
            color="black",
            label=look.say("合计", "total"),
        )
        axes.set_ylim(0, 105)
        axes.set_ylabel(look.say("走访覆盖率（%）", "visit coverage (%)"))
        axes.set_xlabel(look.say("期间", "period"))
        axes.set_title(look.say("走访覆盖率趋势", "Visit coverage over time"))
        axes.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5))
    return root_figure(axes)
