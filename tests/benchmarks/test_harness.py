"""The benchmark harness computes ratios and writes tables (fake timers, no timing)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from types import ModuleType

HARNESS_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "harness.py"


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("harness", HARNESS_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["harness"] = module
    spec.loader.exec_module(module)
    return module


harness = _load_harness()


class FakeClock:
    """A timer that only moves when a benchmarked function says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def costs(self, seconds: float):
        def fn(*_args: object) -> None:
            self.now += seconds

        return fn


@pytest.fixture(autouse=True)
def _not_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIDGOV_BENCH_QUICK", raising=False)


def test_compare_ratios_relative_to_baseline() -> None:
    """A case twice as fast as the baseline gets ratio 2; the baseline gets 1."""
    clock = FakeClock()
    cases = [
        harness.Case("slow", clock.costs(2e-3)),
        harness.Case("fast", clock.costs(1e-3)),
        harness.Case("batched", clock.costs(4e-3), ops=8),
    ]
    res = harness.compare("t", cases, baseline="slow", min_time=0.01, timer=clock)
    assert res.row("slow").speed_vs_baseline == pytest.approx(1.0)
    assert res.row("fast").speed_vs_baseline == pytest.approx(2.0)
    # 4 ms per call of 8 ops = 0.5 ms per op: 4x the baseline's speed.
    assert res.row("batched").best == pytest.approx(0.5e-3)
    assert res.row("batched").speed_vs_baseline == pytest.approx(4.0)
    assert res.row("fast").ops_per_sec == pytest.approx(1000.0)
    assert len(res.rows) == 3
    assert res.repeat == 5


def test_calibration_reaches_min_time() -> None:
    """The loop count grows until one round lasts at least min_time."""
    clock = FakeClock()
    res = harness.compare(
        "t", [harness.Case("a", clock.costs(1e-4))], baseline="a", min_time=0.05
    )
    assert res.row("a").loops * 1e-4 >= 0.05


def test_setup_result_is_passed_and_fresh_each_round() -> None:
    """Setup runs untimed before each round and its value reaches fn."""
    clock = FakeClock()
    seen: list[list[int]] = []

    def setup() -> list[int]:
        clock.now += 100.0  # untimed: must not show up in the figures
        state: list[int] = []
        seen.append(state)
        return state

    def fn(state: list[int]) -> None:
        state.append(1)
        clock.now += 1e-3

    res = harness.compare(
        "t",
        [harness.Case("s", fn, setup=setup)],
        baseline="s",
        repeat=3,
        min_time=0.001,
        timer=clock,
    )
    assert res.row("s").best == pytest.approx(1e-3)
    assert len(seen) >= 3
    assert all(len(state) == res.row("s").loops for state in seen[-3:])


def test_unknown_baseline_and_duplicate_names_are_refused() -> None:
    """A baseline that is not a case, or two cases with one name, is an error."""
    clock = FakeClock()
    with pytest.raises(ValueError, match="baseline 'x'"):
        harness.compare("t", [harness.Case("a", clock.costs(1))], baseline="x")
    with pytest.raises(ValueError, match="unique"):
        harness.compare(
            "t",
            [harness.Case("a", clock.costs(1)), harness.Case("a", clock.costs(1))],
            baseline="a",
        )


def test_growth_exponent_linear_and_constant() -> None:
    """Time proportional to size fits exponent 1; constant time fits 0."""
    clock = FakeClock()
    linear = harness.growth(
        "g",
        "linear",
        lambda n: clock.costs(n * 1e-7),
        sizes=(1_000, 10_000, 100_000),
        min_time=0.001,
        timer=clock,
    )
    assert linear.exponent == pytest.approx(1.0)
    assert [r.size for r in linear.rows] == [1_000, 10_000, 100_000]
    assert linear.rows[0].per_item == pytest.approx(1e-7)
    flat = harness.growth(
        "g", "flat", lambda _n: clock.costs(1e-3), sizes=(10, 100), timer=clock
    )
    assert flat.exponent == pytest.approx(0.0, abs=1e-9)


def test_fit_exponent_quadratic_and_bad_input() -> None:
    """The fit recovers a square law and refuses fewer than two points."""
    assert harness.fit_exponent([10, 100, 1000], [1.0, 100.0, 10_000.0]) == (
        pytest.approx(2.0)
    )
    with pytest.raises(ValueError, match="two"):
        harness.fit_exponent([10], [1.0])
    with pytest.raises(ValueError, match="differ"):
        harness.fit_exponent([10, 10], [1.0, 2.0])


def test_memory_per_object_and_ratio() -> None:
    """bytearray(2000) measures about twice bytearray(1000), list excluded."""
    res = harness.memory(
        "m",
        [
            harness.MemoryCase("k1", lambda _i: bytearray(1000)),
            harness.MemoryCase("k2", lambda _i: bytearray(2000)),
        ],
        baseline="k1",
        count=2000,
    )
    small = res.rows[0].bytes_per_object
    assert 1000 <= small < 1200
    assert res.rows[1].vs_baseline == pytest.approx(2.0, rel=0.1)
    assert res.rows[0].vs_baseline == pytest.approx(1.0)


def test_markdown_table_format() -> None:
    """The Markdown table has one row per case with the ratio and units."""
    row = harness.Row("gridgov", 1.5e-6, 2e-6, 666_666.0, 0.25, 100, "v1")
    res = harness.Results("add days", "naive", (row,), repeat=5, quick=False)
    md = res.to_markdown()
    assert md.splitlines()[0] == "### add days"
    assert "| gridgov | 1.5 µs | 2 µs | 667k | 0.25× | v1 |" in md
    assert "**naive**" in md


def test_format_helpers() -> None:
    """Durations and rates keep three significant digits with a unit."""
    assert harness.format_seconds(2.5) == "2.5 s"
    assert harness.format_seconds(0.0123) == "12.3 ms"
    assert harness.format_seconds(4.2e-8) == "42 ns"
    assert harness.format_rate(1_234_567) == "1.23M"
    assert harness.format_rate(12.0) == "12"


def test_write_table_markdown_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """write_table prints the tables and writes matching .md and .json files."""
    clock = FakeClock()
    res = harness.compare(
        "cmp",
        [harness.Case("a", clock.costs(2e-3)), harness.Case("b", clock.costs(1e-3))],
        baseline="a",
        repeat=2,
        min_time=0.001,
        timer=clock,
    )
    grow = harness.growth(
        "grow", "g", lambda n: clock.costs(n * 1e-6), sizes=(10, 20), timer=clock
    )
    md_path = harness.write_table([res, grow], tmp_path / "out")
    assert md_path == tmp_path / "out.md"
    text = md_path.read_text(encoding="utf-8")
    assert "### cmp" in text
    assert "### grow" in text
    assert "2.00×" in text
    assert text in capsys.readouterr().out
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [t["kind"] for t in data["tables"]] == ["compare", "growth"]
    assert data["tables"][0]["rows"][1]["speed_vs_baseline"] == pytest.approx(2.0)
    assert "python" in data["environment"]


def test_quick_mode_shrinks_work_and_writes_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quick mode runs one round, shrinks sizes and writes under results/quick/."""
    monkeypatch.setenv("GRIDGOV_BENCH_QUICK", "1")
    monkeypatch.setattr(harness, "RESULTS_DIR", tmp_path)
    assert harness.is_quick()
    clock = FakeClock()
    res = harness.compare(
        "q", [harness.Case("a", clock.costs(1e-3))], baseline="a", timer=clock
    )
    assert res.quick
    assert res.repeat == 1
    assert len(res.row("a").__dict__) > 0
    grow = harness.growth(
        "g", "g", lambda n: clock.costs(n * 1e-6), sizes=(10_000, 100_000), timer=clock
    )
    assert [r.size for r in grow.rows] == [100, 1000]
    harness.write_table(res, "named")
    assert (tmp_path / "quick" / "named.md").exists()
    assert (tmp_path / "quick" / "named.json").exists()
