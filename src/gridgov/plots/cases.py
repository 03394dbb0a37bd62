"""The case funnel (案件闭环): how many cases reached each step."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from gridgov.cases.case import Case
from gridgov.plots._style import drawing, root_figure, style

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["FUNNEL_STAGES", "case_funnel", "funnel_counts"]

FUNNEL_STAGES = (
    ("received", "上报", "reported"),
    ("accepted", "立案", "accepted"),
    ("verified", "核查通过", "verified"),
    ("concluded", "结案", "concluded"),
)
"""The funnel's steps: key, Chinese label, English label."""


def _stage(case: Case) -> int:
    """The furthest step a case reached (0 received … 3 concluded)."""
    if case.is_concluded:
        return 3
    if case.verified:
        return 2
    return 1 if case.first_receiver is not None else 0


def funnel_counts(cases: Iterable[Case]) -> dict[str, int]:
    """
    Cases that reached each step of the funnel, or a later one.

    上报 (received) counts every case; 立案 those a unit accepted (首问受理);
    核查通过 those whose work passed verification; 结案 those concluded
    (resolved, referred, declined or voided). A case counts at every step up
    to the furthest it reached, so the counts never grow down the funnel.
    """
    counts = dict.fromkeys((key for key, _, _ in FUNNEL_STAGES), 0)
    keys = list(counts)
    for case in cases:
        for key in keys[: _stage(case) + 1]:
            counts[key] += 1
    return counts


def case_funnel(
    cases: Iterable[Case],
    *,
    lang: str = "zh",
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
) -> Figure:
    """
    Horizontal funnel 上报 → 立案 → 核查通过 → 结案, counts in 件 (cases).

    Args:
        cases: The cases (``ws.cases()``), as they stand now.
        lang: ``"zh"`` (default) or ``"en"``.
        ax: Draw on these axes; by default on a new figure.
        font: A font file or family for Chinese.

    Returns:
        The figure.
    """
    look = style(lang, font)
    counts = funnel_counts(cases)
    with drawing(look, ax, (6.4, 3.0)) as axes:
        labels = [look.say(zh, en) for _, zh, en in FUNNEL_STAGES][::-1]
        values = [counts[key] for key, _, _ in FUNNEL_STAGES][::-1]
        bars = axes.barh(labels, values, color="#5b9e4d")
        axes.bar_label(
            bars, labels=[look.say(f"{v} 件", f"{v}") for v in values], padding=3
        )
        axes.set_xlim(0, max(values, default=0) * 1.15 + 1)
        axes.set_xlabel(look.say("案件数（件）", "cases"))
        axes.set_title(look.say("案件闭环漏斗", "Case funnel"))
    return root_figure(axes)
