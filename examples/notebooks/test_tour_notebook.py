"""The tour notebook executes headless, top to bottom, and shows what it promises."""

from __future__ import annotations

import importlib.util
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


def _execute(monkeypatch: pytest.MonkeyPatch) -> Any:
    import nbformat  # noqa: PLC0415 - optional: the test is skipped without it
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = nbformat.read(NOTEBOOK, as_version=4)
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
    """Every cell runs; coverage, the case funnel, a ranking and the report appear."""
    nb = _execute(monkeypatch)
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    everything = "\n".join(_text(c) for c in code)
    assert "一网格" in everything  # coverage by grid, with Chinese grid names
    assert "'received': " in everything  # the case funnel
    assert "yellow" in everything or "green" in everything  # deadline lights
    assert "rank" in everything  # the ranking table
    assert "<table" in everything  # rich HTML display
    assert "走访" in everything  # the month's report


def test_committed_notebook_has_no_outputs() -> None:
    """The notebook is committed clean, so diffs show code changes only."""
    import nbformat  # noqa: PLC0415 - optional: the test is skipped without it

    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs
            assert cell.execution_count is None
