"""
Plots (图表): the figures an analyst draws from gridgov, labelled in Chinese.

Every function draws one figure from the library's own objects and returns
the `matplotlib.figure.Figure` (on *ax* when given, else on a new pyplot
figure, so Jupyter shows it); none calls ``show()`` or changes matplotlib's
global settings:

* `coverage_by_grid`: 走访覆盖率 per grid, each bar named (一网格 …);
* `coverage_trend`: 走访覆盖率 period by period (`gridgov.visits.coverage_series`);
* `case_funnel`: 上报 → 立案 → 核查通过 → 结案 (`funnel_counts`);
* `points_distribution`: the points balance of every household on the roll,
  0 included, in whole-point bins (`points_bins`);
* `points_ranking`: a ranking's households by their heads' masked names.

Labels are Chinese by default (``lang="zh"``), English with ``lang="en"``.
Chinese needs a font that draws it: `find_cjk_font` looks for an installed one
(Noto Sans CJK SC, Source Han Sans, WenQuanYi, Microsoft YaHei, SimHei …; see
`CJK_FAMILIES`), or pass ``font=`` a font file or family. When there is none,
the plots warn once (`MissingCJKFontWarning`, saying how to install one:
``apt install fonts-noto-cjk``) and fall back to English labels, with region
codes or English names for the grids and accounts for the households, so that
no glyph is drawn as an empty box.

matplotlib is the optional ``plot`` extra (``pip install 'gridgov[plot]'``):
it is imported when a figure is drawn, and without it the functions raise
`gridgov.errors.MissingExtraError`.

This package sits at the edge beside `gridgov.demo`: it reads the objects of
the engines (coverage reports, cases, the ledger, rankings, the roster) and
nothing imports it.
"""

from gridgov.plots._style import (
    CJK_FAMILIES,
    MissingCJKFontWarning,
    find_cjk_font,
)
from gridgov.plots.cases import FUNNEL_STAGES, case_funnel, funnel_counts
from gridgov.plots.coverage import coverage_by_grid, coverage_trend
from gridgov.plots.points import (
    points_bins,
    points_distribution,
    points_ranking,
)

__all__ = [
    "CJK_FAMILIES",
    "FUNNEL_STAGES",
    "MissingCJKFontWarning",
    "case_funnel",
    "coverage_by_grid",
    "coverage_trend",
    "find_cjk_font",
    "funnel_counts",
    "points_bins",
    "points_distribution",
    "points_ranking",
]
