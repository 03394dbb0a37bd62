"""Points (积分) as figures: the distribution over every household, the ranking."""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, cast

from gridgov.domain.people import Household
from gridgov.domain.privacy import mask_name
from gridgov.plots._style import drawing, root_figure, style
from gridgov.points.awards import Placing, Ranking
from gridgov.points.ledger_state import LedgerState
from gridgov.roster import Roster

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure

__all__ = ["points_bins", "points_distribution", "points_ranking"]

_STEPS = (1, 2, 5)
_MAX_TICKS = 16  # more edge labels than this would overlap


def _nice(width: float) -> int:
    """The smallest 1-2-5 step (1, 2, 5, 10, 20 …) at least *width*."""
    power = 1
    while True:
        for step in _STEPS:
            if step * power >= width:
                return step * power
        power *= 10


def points_bins(values: Sequence[int]) -> list[int]:
    """
    Integer bin edges for a histogram of points that cover every value.

    The width is the classic rule numpy calls ``"auto"``, computed here so it
    does not change with numpy's version: the narrower of Freedman–Diaconis'
    width (2 IQR / n^(1/3)) and Sturges' (range / (log2 n + 1)), Sturges'
    alone when the interquartile range is 0 (as when most households hold 0
    points), rounded up to a 1-2-5 step of whole points (1, 2, 5, 10 …). The
    first edge is a multiple of the step, so 0 starts a bin, and the last edge
    lies past the largest value: bin ``[a, a + step)`` holds the households
    with ``a <= points < a + step``, and every value falls in one bin.

    >>> points_bins([0] * 90 + [3, 8, 8, 12, 29])
    [0, 5, 10, 15, 20, 25, 30]
    >>> points_bins([7, 7]), points_bins([])
    ([7, 8], [0, 1])
    """
    if not values:
        return [0, 1]
    low, high = min(values), max(values)
    if low == high:
        return [low, low + 1]
    n = len(values)
    width = (high - low) / (math.log2(n) + 1)  # Sturges
    q1, _median, q3 = statistics.quantiles(values, n=4)
    if q3 > q1:  # Freedman–Diaconis, when the middle half is spread at all
        width = min(width, 2 * (q3 - q1) / n ** (1 / 3))
    step = _nice(max(width, 1.0))
    first = math.floor(low / step) * step
    return list(range(first, high + step + 1, step))


def points_distribution(
    ledger: LedgerState,
    households: Iterable[Household | str],
    *,
    lang: str = "zh",
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
) -> Figure:
    """
    Histogram of the points balance of every household on the roll (积分分布).

    Households without an account, or with nothing earned, count with 0
    points: the bars add up to the households given. Bins: `points_bins`.
    Each bar shows its number of households.

    Args:
        ledger: The points ledger (``ws.state.ledger``).
        households: The households on the roll (``ws.households(on)``), or
            their ids.
        lang: ``"zh"`` (default) or ``"en"``.
        ax: Draw on these axes; by default on a new figure.
        font: A font file or family for Chinese.

    Returns:
        The figure.
    """
    look = style(lang, font)
    ids = [h.id if isinstance(h, Household) else h for h in households]
    values = [ledger.balance(i) for i in ids]
    edges = points_bins(values)
    with drawing(look, ax, (6.4, 3.6)) as axes:
        counts, _edges, patches = axes.hist(
            values, bins=edges, color="#c0504d", edgecolor="white"
        )
        bars = cast("BarContainer", patches)  # one data set: one BarContainer
        shown = [f"{c:.0f}" if c else "" for c in counts]  # no label on empty bins
        axes.bar_label(bars, labels=shown, padding=2, fontsize="small")
        step = edges[1] - edges[0]
        every = math.ceil(len(edges) / _MAX_TICKS)
        if step == 1:  # one value a bar: the value under the bar's middle
            axes.set_xticks(
                [e + 0.5 for e in edges[:-1:every]],
                labels=[str(e) for e in edges[:-1:every]],
            )
            unit = look.say("积分余额（分）", "points balance")
        else:  # a range a bar: the edges, [a, a + step)
            axes.set_xticks(edges[::every])
            unit = look.say(
                f"积分余额（分，每组 {step} 分）", f"points balance (bins of {step})"
            )
        axes.set_xlabel(unit)
        axes.set_ylabel(look.say("户数（户）", "households"))
        axes.set_title(
            look.say(
                f"积分分布（在册 {len(ids)} 户）",
                f"Points distribution ({len(ids)} households)",
            )
        )
        axes.margins(y=0.12)
    return root_figure(axes)


def _who(placing: Placing, roster: Roster | None, unmasked: bool) -> str:
    """The household head's masked name, or the account when there is none."""
    if roster is None or placing.account not in roster.households:
        return placing.account
    head = roster.household(placing.account).head
    if head is None or not head.name:
        return placing.account
    return head.name if unmasked else mask_name(head.name)


def points_ranking(
    ranking: Ranking | Sequence[Placing],
    roster: Roster | None = None,
    *,
    unmasked: bool = False,
    lang: str = "zh",
    ax: Axes | None = None,
    font: str | os.PathLike[str] | None = None,
) -> Figure:
    """
    Horizontal bars of a ranking (积分排行), best at the top.

    Each bar is named ``名次. household head`` with the head's name masked
    (陶*; ``unmasked=True`` shows it whole) when *roster* knows the household,
    else its account; without a CJK font, the account. When the ranking left
    tied households out (`Ranking.tied_out`) the title says how many.

    Args:
        ranking: From `gridgov.points.ranking` (e.g. ``top=10``).
        roster: Names the households.
        unmasked: Show the heads' full names.
        lang: ``"zh"`` (default) or ``"en"``.
        ax: Draw on these axes; by default on a new figure.
        font: A font file or family for Chinese.

    Returns:
        The figure.
    """
    look = style(lang, font)
    rows = list(ranking)[::-1]
    tied_out = getattr(ranking, "tied_out", 0)
    with drawing(look, ax, (6.4, 0.9 + 0.32 * max(len(rows), 1))) as axes:
        labels = [
            f"{p.rank}. {look.name(_who(p, roster, unmasked), p.account)}" for p in rows
        ]
        # Positions, not labels, on the axis: two heads may share a masked name.
        bars = axes.barh(range(len(rows)), [p.score for p in rows], color="#d9822b")
        axes.set_yticks(range(len(rows)), labels=labels)
        axes.bar_label(bars, fmt="%d", padding=3, fontsize="small")
        axes.set_xlim(0, max((p.score for p in rows), default=0) * 1.15 + 1)
        axes.set_xlabel(look.say("本期所得积分（分）", "points earned in the period"))
        title = look.say(
            f"积分排行（前 {len(rows)} 名）", f"Points ranking (top {len(rows)})"
        )
        if tied_out and rows:
            last = rows[0].rank
            title += look.say(
                f"\n另有 {tied_out} 户并列第 {last} 名",
                f"\n{tied_out} more tied at rank {last}",
            )
        axes.set_title(title)
    return root_figure(axes)
