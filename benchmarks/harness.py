"""
The shared benchmark harness: peers and baselines side by side, reported as ratios.

Stdlib only. A benchmark script declares what it measures and runs everything in
ONE process, so the ratios compare like with like on the same (shared, noisy)
machine. Absolute numbers are reported too, but the ratios are what we publish.

Three kinds of table:

* `compare` — time per operation of several `Case` s, each as a ratio of a named
  baseline (timeit-style: calibration that doubles as warm-up, then ``repeat``
  interleaved rounds of ``number`` loops; best and median reported).
* `growth` — time per call at growing sizes (10k / 100k / 1M by default) and the
  fitted growth exponent (1.0 = linear, 0.0 = constant).
* `memory` — bytes per object from tracemalloc, as a ratio of a baseline.

A script looks like this::

    from harness import Case, compare, write_table


    def main() -> None:
        results = compare(
            "add 20 working days",
            [
                Case("gridgov", lambda: cal.add_working_days(d, 20)),
                Case("naive loop", lambda: naive(d, 20)),
            ],
            baseline="naive loop",
        )
        write_table(results, "calendar")  # benchmarks/results/calendar.md/.json


    if __name__ == "__main__":
        main()

Quick mode (``--quick`` on the command line or ``GRIDGOV_BENCH_QUICK=1``) makes
every benchmark finish in seconds: one short round, sizes divided by 100, and
results written under ``benchmarks/results/quick/`` so CI smoke runs never
overwrite the published figures. ``benchmarks/run_all.py`` runs every
``bench_*.py`` that way.
"""

from __future__ import annotations

import gc
import json
import math
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "DEFAULT_SIZES",
    "RESULTS_DIR",
    "Case",
    "GrowthResults",
    "GrowthRow",
    "MemoryCase",
    "MemoryResults",
    "MemoryRow",
    "Results",
    "Row",
    "compare",
    "fit_exponent",
    "growth",
    "is_quick",
    "memory",
    "write_table",
]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
QUICK_ENV = "GRIDGOV_BENCH_QUICK"

Timer = Callable[[], float]


def is_quick() -> bool:
    """Return True when benchmarks should only smoke-test (CI)."""
    flag = os.environ.get(QUICK_ENV, "").strip().lower()
    return flag not in {"", "0", "false", "no"} or "--quick" in sys.argv[1:]


# --------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True)
class Case:
    """
    One measured callable.

    Attributes:
        name: Row label; the baseline is chosen by this name.
        fn: Called with no argument, or with ``setup()``'s result if *setup* is set.
        setup: Untimed; called before every timed round (fresh state per round).
        ops: Operations per call of *fn*, so that rates are per operation
            (e.g. a call that fires 6 transitions has ``ops=6``).
        note: Free text shown in the table (version of a peer, caveats).
    """

    name: str
    fn: Callable[..., object]
    setup: Callable[[], object] | None = None
    ops: int = 1
    note: str = ""


@dataclass(frozen=True)
class MemoryCase:
    """
    One kind of object whose size is measured.

    Attributes:
        name: Row label.
        factory: ``factory(i)`` builds the i-th object (vary it by *i* so that
            interned or cached values do not flatter the figure).
        note: Free text shown in the table.
    """

    name: str
    factory: Callable[[int], object]
    note: str = ""


# --------------------------------------------------------------------------
# Results


class _Table(Protocol):
    title: str

    def to_markdown(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Row:
    """One case of a comparison; times are seconds per operation."""

    name: str
    best: float
    median: float
    ops_per_sec: float
    speed_vs_baseline: float  # baseline time / this time; >1 means faster
    loops: int
    note: str = ""


@dataclass(frozen=True)
class Results:
    """A comparison table; `rows` are in declaration order."""

    title: str
    baseline: str
    rows: tuple[Row, ...]
    repeat: int
    quick: bool
    kind: str = "compare"

    def row(self, name: str) -> Row:
        """Return the row called *name*."""
        for r in self.rows:
            if r.name == name:
                return r
        raise KeyError(name)

    def to_markdown(self) -> str:
        """Render as a Markdown section."""
        return markdown_section(
            self.title,
            f"Ratio = speed relative to **{self.baseline}** (higher is faster); "
            f"best of {self.repeat} rounds, median alongside.",
            ["case", "per op (best)", "per op (median)", "ops/s", "× baseline", "note"],
            [
                [
                    r.name,
                    format_seconds(r.best),
                    format_seconds(r.median),
                    format_rate(r.ops_per_sec),
                    f"{r.speed_vs_baseline:.2f}×",
                    r.note,
                ]
                for r in self.rows
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class GrowthRow:
    """Time per call at one size."""

    size: int
    per_call: float
    per_item: float


@dataclass(frozen=True)
class GrowthResults:
    """How time per call grows with size; `exponent` is the log-log slope."""

    title: str
    name: str
    rows: tuple[GrowthRow, ...]
    exponent: float
    quick: bool
    kind: str = "growth"

    def to_markdown(self) -> str:
        """Render as a Markdown section."""
        return markdown_section(
            self.title,
            f"{self.name}: growth exponent **{self.exponent:.2f}** "
            "(time ∝ size^exponent; 1.00 = linear, 0.00 = constant).",
            ["size", "per call", "per item"],
            [
                [f"{r.size:,}", format_seconds(r.per_call), format_seconds(r.per_item)]
                for r in self.rows
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class MemoryRow:
    """Bytes per object of one `MemoryCase`."""

    name: str
    bytes_per_object: float
    vs_baseline: float  # this size / baseline size; <1 means smaller
    note: str = ""


@dataclass(frozen=True)
class MemoryResults:
    """Memory per object, measured with tracemalloc."""

    title: str
    baseline: str
    count: int
    rows: tuple[MemoryRow, ...]
    quick: bool
    kind: str = "memory"

    def to_markdown(self) -> str:
        """Render as a Markdown section."""
        return markdown_section(
            self.title,
            f"Bytes per object over {self.count:,} live objects (tracemalloc); "
            f"ratio = size relative to **{self.baseline}** (lower is smaller).",
            ["case", "bytes/object", "× baseline", "note"],
            [
                [r.name, f"{r.bytes_per_object:,.0f}", f"{r.vs_baseline:.2f}×", r.note]
                for r in self.rows
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return asdict(self)


@dataclass
class _Timing:
    case: Case
    loops: int = 1
    rounds: list[float] = field(default_factory=list)  # seconds per operation


# --------------------------------------------------------------------------
# Measuring


def _run(case: Case, loops: int, timer: Timer) -> float:
    """Time *loops* calls of the case; return seconds per operation."""
    fn = case.fn
    if case.setup is None:
        start = timer()
        for _ in range(loops):
            fn()
        elapsed = timer() - start
    else:
        state = case.setup()
        start = timer()
        for _ in range(loops):
            fn(state)
        elapsed = timer() - start
    return elapsed / (loops * case.ops)


def _calibrate(case: Case, min_time: float, timer: Timer) -> int:
    """Find a loop count whose round lasts at least *min_time* (also warms up)."""
    loops = 1
    while True:
        per_op = _run(case, loops, timer)
        elapsed = per_op * loops * case.ops
        if elapsed >= min_time or loops >= 10**9:
            return loops
        if elapsed <= 0:
            loops *= 10
        else:
            # Aim a little past min_time, but never grow by more than 10x at once.
            loops = min(
                loops * 10, max(loops + 1, math.ceil(loops * min_time * 1.2 / elapsed))
            )


def compare(
    title: str,
    cases: Sequence[Case],
    *,
    baseline: str,
    repeat: int = 5,
    min_time: float = 0.2,
    timer: Timer = time.perf_counter,
) -> Results:
    """
    Time every case in this process and express each as a ratio of *baseline*.

    Rounds are interleaved (A, B, C, A, B, C …) so drift on a shared machine
    hits every case alike; the garbage collector is off during the rounds.
    In quick mode: one round of at least 10 ms.
    """
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise ValueError(f"case names must be unique: {names}")
    if baseline not in names:
        raise ValueError(f"baseline {baseline!r} is not one of {names}")
    quick = is_quick()
    if quick:
        repeat, min_time = 1, min(min_time, 0.01)
    timings = [_Timing(c, _calibrate(c, min_time, timer)) for c in cases]
    # Like timeit: collect once, then keep the collector out of the rounds.
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            for t in timings:
                t.rounds.append(_run(t.case, t.loops, timer))
    finally:
        if gc_was_enabled:
            gc.enable()
    base = min(next(t for t in timings if t.case.name == baseline).rounds)
    rows = tuple(
        Row(
            name=t.case.name,
            best=min(t.rounds),
            median=statistics.median(t.rounds),
            ops_per_sec=_rate(min(t.rounds)),
            speed_vs_baseline=_ratio(base, min(t.rounds)),
            loops=t.loops,
            note=t.case.note,
        )
        for t in timings
    )
    return Results(title, baseline, rows, repeat, quick)


def fit_exponent(sizes: Sequence[int], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    if len(sizes) != len(times) or len(sizes) < 2:
        msg = "need at least two (size, time) points"
        raise ValueError(msg)
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-12)) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        msg = "sizes must differ"
        raise ValueError(msg)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def growth(
    title: str,
    name: str,
    build: Callable[[int], Callable[[], object]],
    *,
    sizes: Sequence[int] = DEFAULT_SIZES,
    repeat: int = 3,
    min_time: float = 0.2,
    timer: Timer = time.perf_counter,
) -> GrowthResults:
    """
    Time ``build(size)()`` at each size and fit the growth exponent.

    *build* is untimed setup (build the data set of that size) and returns the
    zero-argument callable to time. Quick mode divides sizes by 100 (min 10).
    """
    quick = is_quick()
    if quick:
        sizes = [max(10, s // 100) for s in sizes]
        repeat, min_time = 1, min(min_time, 0.01)
    rows = []
    for size in sizes:
        case = Case(f"{name}@{size}", build(size))
        loops = _calibrate(case, min_time, timer)
        per_call = min(_run(case, loops, timer) for _ in range(repeat))
        rows.append(GrowthRow(size, per_call, per_call / size))
    exponent = fit_exponent([r.size for r in rows], [r.per_call for r in rows])
    return GrowthResults(title, name, tuple(rows), exponent, quick)


def memory(
    title: str,
    cases: Sequence[MemoryCase],
    *,
    baseline: str,
    count: int = 10_000,
) -> MemoryResults:
    """
    Measure bytes per live object: build *count* objects and divide the growth.

    The list that holds them is subtracted; everything the objects reference
    and nobody else does (dicts, strings, tuples) is counted.
    """
    names = [c.name for c in cases]
    if baseline not in names:
        raise ValueError(f"baseline {baseline!r} is not one of {names}")
    quick = is_quick()
    if quick:
        count = max(100, count // 10)
    sizes: dict[str, float] = {}
    for case in cases:
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            kept: list[object] = [None] * count
            list_bytes = tracemalloc.get_traced_memory()[0] - before
            for i in range(count):
                kept[i] = case.factory(i)
            after = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        sizes[case.name] = (after - before - list_bytes) / count
        del kept
    rows = tuple(
        MemoryRow(c.name, sizes[c.name], _ratio(sizes[c.name], sizes[baseline]), c.note)
        for c in cases
    )
    return MemoryResults(title, baseline, count, rows, quick)


# --------------------------------------------------------------------------
# Output


def environment() -> dict[str, str]:
    """Where the figures were measured (stored with every JSON table)."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": platform.machine(),
        "system": platform.system(),
        "cpus": str(os.cpu_count()),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_table(results: _Table | Sequence[_Table], path_stem: str | Path) -> Path:
    """
    Print the table(s) and write ``<stem>.md`` and ``<stem>.json``; return the .md.

    A bare name (``"calendar"``) goes to ``benchmarks/results/`` (or
    ``benchmarks/results/quick/`` in quick mode); a path is used as given.
    """
    tables = [results] if not isinstance(results, Sequence) else list(results)
    stem = Path(path_stem)
    if stem.parent == Path():
        stem = (RESULTS_DIR / "quick" if is_quick() else RESULTS_DIR) / stem
    stem.parent.mkdir(parents=True, exist_ok=True)
    env = environment()
    header = (
        f"<!-- generated by benchmarks/harness.py; Python {env['python']} "
        f"on {env['system']} {env['machine']}, {env['cpus']} CPUs, "
        f"{env['measured_at']} -->"
    )
    text = "\n\n".join([header, *(t.to_markdown() for t in tables)]) + "\n"
    md = stem.with_suffix(".md")
    md.write_text(text, encoding="utf-8")
    payload = {"environment": env, "tables": [t.to_dict() for t in tables]}
    stem.with_suffix(".json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(text)
    return md


def markdown_section(
    title: str, intro: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> str:
    """A ``###`` heading, a sentence, and a table (first column left, others right)."""
    align = ["---"] + ["---:"] * (len(header) - 1)
    if header[-1] == "note":
        align[-1] = "---"
    lines = [f"### {title}", "", intro, "", _table_row(header), _table_row(align)]
    lines += [_table_row(r) for r in rows]
    return "\n".join(lines)


def _table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def format_seconds(seconds: float) -> str:
    """Render a duration with a unit that keeps 3 significant digits."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_rate(per_sec: float) -> str:
    """Render a rate compactly (12.3k, 4.56M)."""
    for suffix, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if per_sec >= scale:
            return f"{per_sec / scale:.3g}{suffix}"
    return f"{per_sec:.3g}"


def _rate(seconds: float) -> float:
    return 1.0 / seconds if seconds > 0 else math.inf


def _ratio(numerator: float, denominator: float) -> float:
    if denominator > 0:
        return numerator / denominator
    return 1.0 if numerator == 0 else math.inf
