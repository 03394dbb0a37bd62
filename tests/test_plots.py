"""gridgov.plots: Chinese labels with names, bins over every household, the fallback."""

from __future__ import annotations

import io
import itertools
import os
import re
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridgov import plots
from gridgov.app import Workspace
from gridgov.demo import simulate_month
from gridgov.domain import DateSpan, Level
from gridgov.errors import InvalidValueError, MissingExtraError
from gridgov.plots import _style
from gridgov.points import ranking

matplotlib = pytest.importorskip("matplotlib", reason="the plots need matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the headless backend
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

# The Chinese figures need a CJK font (CI installs fonts-noto-cjk). Without
# one they are skipped, unless the run requires everything (CI): then they fail.
needs_cjk_font = pytest.mark.skipif(
    plots.find_cjk_font() is None and os.environ.get("GRIDGOV_REQUIRE_EXTRAS") != "1",
    reason="no CJK font installed (apt install fonts-noto-cjk)",
)

NOVEMBER = DateSpan(date(2026, 11, 1), date(2026, 12, 1))
LAST_DAY = date(2026, 11, 30)
MASKED = re.compile(r"^\d+\. .\*+.?$")  # "3. 陈*军", "4. 张*" (privacy.mask_name)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    """The sample township after a seeded November."""
    workspace = Workspace.in_memory()
    simulate_month(workspace, "2026-11", seed=7)
    return workspace


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on a machine without a CJK font: the lookup finds none."""
    monkeypatch.setattr(_style, "find_cjk_font", lambda: None)
    _style._warn_no_cjk_font.cache_clear()
    yield
    _style._warn_no_cjk_font.cache_clear()


def _texts(fig: Figure) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _ticks(fig: Figure, axis: str) -> list[str]:
    fig.canvas.draw()
    (ax,) = fig.axes
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [t.get_text() for t in labels]


def _render(fig: Figure) -> list[str]:
    """Render to PNG; the warnings about glyphs missing from the font."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def _head(ws: Workspace, account: str) -> str:
    head = ws.state.roster.household(account).head
    assert head is not None
    return head.name


def _grid_names(ws: Workspace) -> list[str]:
    regions = ws.state.roster.regions.values()
    return [r.name for r in regions if r.level is Level.GRID]


@needs_cjk_font
def test_coverage_bars_are_named_by_grid_in_chinese(ws: Workspace) -> None:
    """一网格 … on the axis, not codes; Chinese title and units; no tofu."""
    fig = plots.coverage_by_grid(ws.coverage("2026-11"), ws.state.roster)
    assert isinstance(fig, Figure)
    ticks = _ticks(fig, "x")
    assert ticks == ["未划入网格", *_grid_names(ws)]
    assert ticks[1:] == ["一网格", "二网格", "三网格", "四网格", "五网格"]
    (ax,) = fig.axes
    assert ax.get_ylabel() == "走访覆盖率（%）"
    assert ax.get_title().startswith("走访覆盖率（按网格）")
    assert not any(re.search(r"\d{15}", t) for t in _texts(fig))  # no region code
    assert _render(fig) == []


@needs_cjk_font
def test_coverage_in_english_keeps_the_grids_names(ws: Workspace) -> None:
    """lang="en": English words; a grid's name is its name (the font draws it)."""
    fig = plots.coverage_by_grid(ws.coverage("2026-11"), ws.state.roster, lang="en")
    (ax,) = fig.axes
    assert ax.get_ylabel() == "visit coverage (%)"
    assert _ticks(fig, "x")[1] == "一网格"
    assert _render(fig) == []


@needs_cjk_font
def test_case_funnel_steps_in_chinese_never_grow(ws: Workspace) -> None:
    """上报 → 立案 → 核查通过 → 结案, each bar its count, counts never grow."""
    cases = ws.cases()
    fig = plots.case_funnel(cases)
    assert _ticks(fig, "y") == ["结案", "核查通过", "立案", "上报"]
    counts = plots.funnel_counts(cases)
    assert counts["received"] == len(cases)
    values = list(counts.values())
    assert values == sorted(values, reverse=True)
    (ax,) = fig.axes
    assert [int(p.get_width()) for p in ax.patches] == values[::-1]
    assert ax.get_xlabel() == "案件数（件）"
    assert _render(fig) == []


@needs_cjk_font
def test_points_histogram_counts_every_household_on_the_roll(ws: Workspace) -> None:
    """The bars add up to the 1,549 households, those with 0 points included."""
    households = ws.households(LAST_DAY)
    ledger = ws.state.ledger
    assert len(ledger.member_accounts()) < len(households)  # most hold nothing
    fig = plots.points_distribution(ledger, households)
    (ax,) = fig.axes
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == len(households) == 1549
    assert len(heights) >= 5  # not 2 bins
    assert ax.get_ylabel() == "户数（户）"
    assert f"{len(households)} 户" in ax.get_title()
    assert _render(fig) == []


@given(st.lists(st.integers(-50, 500), max_size=60))
def test_bins_are_whole_points_and_hold_every_value_once(values: list[int]) -> None:
    """Equal integer steps from a multiple of the step past the largest value."""
    edges = plots.points_bins(values)
    steps = {b - a for a, b in itertools.pairwise(edges)}
    assert len(steps) == 1
    (step,) = steps
    assert step >= 1
    assert all(isinstance(e, int) for e in edges)
    for v in values:
        assert sum(1 for a in edges[:-1] if a <= v < a + step) == 1
    if values and min(values) != max(values):
        assert edges[0] % step == 0


@needs_cjk_font
def test_ranking_shows_ten_households_by_masked_head_names(ws: Workspace) -> None:
    """top=10 is ten bars, named 名次. 陈** (masked); the tie left out is said."""
    top = ranking(ws.state.ledger.earnings(NOVEMBER), top=10)
    assert len(top) == 10
    roster = ws.state.roster
    fig = plots.points_ranking(top, roster)
    labels = _ticks(fig, "y")
    assert len(labels) == 10
    assert all(MASKED.match(label) for label in labels), labels
    heads = {_head(ws, p.account) for p in top}
    assert not heads & {label.split(" ", 1)[1] for label in labels}
    (ax,) = fig.axes
    assert ax.get_title().startswith("积分排行（前 10 名）")
    assert f"另有 {top.tied_out} 户并列" in ax.get_title()
    assert _render(fig) == []
    whole = _ticks(plots.points_ranking(top, roster, unmasked=True), "y")
    assert {label.split(" ", 1)[1] for label in whole} == heads


@needs_cjk_font
def test_coverage_trend_names_the_groups(ws: Workspace) -> None:
    """One line per grid (by name) and 合计, per period."""
    reports = [ws.coverage("2026-W47"), ws.coverage("2026-11")]
    fig = plots.coverage_trend(reports, ws.state.roster)
    (ax,) = fig.axes
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert set(_grid_names(ws)) <= set(legend)
    assert legend[-1] == "合计"
    assert _render(fig) == []


@needs_cjk_font
def test_draws_on_the_axes_it_is_given(ws: Workspace) -> None:
    """ax=: the plot lands there and its figure is returned."""
    fig, (left, right) = plt.subplots(1, 2)
    assert plots.case_funnel(ws.cases(), ax=left) is fig
    assert (
        plots.coverage_by_grid(ws.coverage("2026-11"), ws.state.roster, ax=right) is fig
    )
    assert "一网格" in [t.get_text() for t in right.get_xticklabels()]
    assert _render(fig) == []
    outer = plt.figure()
    inner = outer.subfigures(1, 2)[1].subplots()
    assert plots.case_funnel(ws.cases(), ax=inner) is outer  # the root Figure


def test_no_cjk_font_warns_once_and_falls_back_to_english(
    ws: Workspace, no_cjk_font: None
) -> None:
    """One warning naming the fix; English labels, codes for names: no boxes."""
    roster = ws.state.roster
    with pytest.warns(plots.MissingCJKFontWarning) as caught:
        figs = [
            plots.coverage_by_grid(ws.coverage("2026-11"), roster),
            plots.case_funnel(ws.cases()),
            plots.points_ranking(
                ranking(ws.state.ledger.earnings(NOVEMBER), top=5), roster
            ),
        ]
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "apt install fonts-noto-cjk" in message
    assert "font=" in message
    assert caught[0].filename == __file__  # points at the caller
    for fig in figs:
        assert all(t.isascii() for t in _texts(fig)), _texts(fig)
        assert _render(fig) == []
    assert _ticks(figs[1], "y")[-1] == "reported"


@needs_cjk_font
def test_nothing_is_written_to_global_rcparams(ws: Workspace) -> None:
    """Fonts are set in a context: rcParams are the same before and after."""
    before = dict(matplotlib.rcParams)
    plots.coverage_by_grid(ws.coverage("2026-11"), ws.state.roster)
    plots.points_distribution(ws.state.ledger, ws.households(LAST_DAY))
    assert dict(matplotlib.rcParams) == before


def test_a_font_file_can_be_named(ws: Workspace) -> None:
    """font= a file: its family draws the labels."""
    found = [
        path
        for path in matplotlib.font_manager.findSystemFonts()
        if "NotoSansCJK-Regular" in path
    ]
    if not found:
        pytest.skip("fonts-noto-cjk is not installed")
    fig = plots.case_funnel(ws.cases(), font=found[0])
    (ax,) = fig.axes
    assert "CJK" in ax.title.get_fontname()
    assert _render(fig) == []


def test_bad_arguments_say_which_and_what(ws: Workspace, tmp_path: Path) -> None:
    """A wrong lang or font is an InvalidValueError naming the argument."""
    with pytest.raises(InvalidValueError, match="lang: expected 'zh' or 'en'"):
        plots.case_funnel(ws.cases(), lang="fr")
    with pytest.raises(InvalidValueError, match="font: expected an existing font"):
        plots.case_funnel(ws.cases(), font=tmp_path / "missing.ttf")
    with pytest.raises(InvalidValueError, match="font: expected an installed font"):
        plots.case_funnel(ws.cases(), font="No Such Font Family")


def test_without_matplotlib_the_extra_is_named(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MissingExtraError: pip install 'gridgov[plot]'."""
    blocked: dict[str, Any] = {"matplotlib": None, "matplotlib.pyplot": None}
    for name, module in blocked.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setattr(_style, "find_cjk_font", lambda: None)
    with pytest.raises(MissingExtraError, match=r"gridgov\[plot\]"):
        plots.case_funnel(ws.cases(), lang="en")
