"""The tour notebook executes headless, top to bottom, and shows what it promises."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).with_name("tour.ipynb")
NEEDS = ("nbclient", "nbformat", "ipykernel", "matplotlib", "pandas")


def _missing() -> list[str]:
    return [name for name in NEEDS if importlib.util.find_spec(name) is None]


pytestmark = pytest.mark.skipif(
    bool(_missing()),
    reason=f"the notebook needs {', '.join(NEEDS)}; missing: {', '.join(_missing())}",
)


# Run after the notebook's own cells (never saved in it): every figure still
# open, rendered to PNG, with its texts, bar sizes and missing-glyph warnings.
PROBE = """
import io, json, warnings
import matplotlib.pyplot as plt
from matplotlib.text import Text
figures = []
for number in plt.get_fignums():
    figure = plt.figure(number)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    (axes,) = figure.axes
    figures.append({
        "title": axes.get_title(),
        "texts": [t.get_text() for t in figure.findobj(Text) if t.get_text()],
        "yticks": [t.get_text() for t in axes.get_yticklabels()],
        "heights": [p.get_height() for p in axes.patches],
        "missing": [str(w.message) for w in caught if "missing from" in str(w.message)],
    })
print("PROBE" + json.dumps(
    {"figures": figures, "ranking_rows": len(top), "on_roll": len(on_roll)},
    ensure_ascii=False,
))
"""


def _execute(monkeypatch: pytest.MonkeyPatch) -> Any:
    import nbformat  # noqa: PLC0415 - optional: the test is skipped without it
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    monkeypatch.setenv("MPLBACKEND", "Agg")  # headless: the kernel inherits it
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    with warnings.catch_warnings():
        # Jupyter's own deprecation notices are not gridgov's to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        client.execute()
    return nb


def _text(cell: Any) -> str:
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        parts += [str(data.get("text/plain", "")), str(data.get("text/html", ""))]
        parts.append(str(out.get("text", "")))
    return "\n".join(parts)


def test_tour_runs_and_shows_coverage_funnel_points_and_report(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every cell runs; coverage, the funnel, points, ranking and report appear."""
    nb = _execute(monkeypatch)
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    everything = "\n".join(_text(c) for c in code[:-1])
    assert "一网格" in everything  # coverage by grid, with Chinese grid names
    assert "'received': " in everything  # the case funnel
    assert "yellow" in everything or "green" in everything  # deadline lights
    assert "rank" in everything  # the ranking table
    assert "<table" in everything  # rich HTML display
    assert "走访" in everything  # the month's report
    assert "plt." not in "\n".join(c.source for c in code[:-1])  # gridgov.plots only
    if not _cjk_font() and os.environ.get("GRIDGOV_REQUIRE_EXTRAS") != "1":
        pytest.skip(
            "the figures' Chinese labels need a CJK font: apt install fonts-noto-cjk"
        )
    _check_figures(_probe(code[-1]))


def _cjk_font() -> bool:
    from gridgov.plots import find_cjk_font  # noqa: PLC0415 - needs matplotlib

    return find_cjk_font() is not None


def _probe(cell: Any) -> dict[str, Any]:
    (line,) = [x for x in _text(cell).splitlines() if x.startswith("PROBE")]
    found: dict[str, Any] = json.loads(line.removeprefix("PROBE"))
    return found


def _check_figures(probe: dict[str, Any]) -> None:
    """Four figures with Chinese labels, no missing glyph; the ranking has 10 rows."""
    figures = {f["title"].split("（")[0]: f for f in probe["figures"]}
    assert set(figures) == {"走访覆盖率", "案件闭环漏斗", "积分分布", "积分排行"}, (
        figures
    )
    for figure in probe["figures"]:
        assert figure["missing"] == [], figure["missing"]  # no tofu boxes
    coverage = figures["走访覆盖率"]["texts"]
    assert {"一网格", "五网格", "走访覆盖率（%）"} <= set(coverage)
    assert not any(t.startswith("grid") for t in coverage)
    assert {"上报", "立案", "结案", "案件数（件）"} <= set(
        figures["案件闭环漏斗"]["texts"]
    )
    points = figures["积分分布"]
    assert "户数（户）" in points["texts"]
    assert sum(points["heights"]) == probe["on_roll"] > 1000  # every household
    assert len(points["heights"]) > 2
    assert probe["ranking_rows"] == 10
    ranked = figures["积分排行"]["yticks"]
    assert len(ranked) == 10
    # 陈*军, 张*: the surname, stars, and the last character of a longer name.
    assert all(re.fullmatch(r"\d+\. .\*+.?", label) for label in ranked), ranked


def test_committed_notebook_has_no_outputs() -> None:
    """The notebook is committed clean, so diffs show code changes only."""
    import nbformat  # noqa: PLC0415 - optional: the test is skipped without it

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs
            assert cell.execution_count is None
