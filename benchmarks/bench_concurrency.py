"""
bench_concurrency: several processes on one journal, and the cost of catching up.

**Throughput**: 1, 2 and 4 processes, each with its own Workspace on one SQLite
journal (and one PostgreSQL journal when GRIDGOV_PG_DSN is set), each recording
commands on its own households (a visit, and every fourth command a case
reported in the household's micro-grid), all released together. Reported as
commands per second over the wall time of the slowest process, and as a ratio
to one process. Every command is one atomic append with the expected version
of each stream it read; the processes write to different streams, so they do
not conflict, but they share the store's write lock (SQLite: one writer at a
time; PostgreSQL: the chain head) and this machine's cores.

**Catching up**: a Workspace on a journal of fixed size (20k events; quick
mode: 2k) while another writer appends N events (N = 10, 100, 1000); the time
of ``refresh()`` that folds them, best of several rounds. A second, smaller
journal (a quarter of the size) shows that the time depends on N, not on the
journal: catching up reads from the state's position on (an index range),
never the whole journal.

    python benchmarks/bench_concurrency.py [--quick]
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from gridgov.app import Workspace, WorkspaceConfig, sample_config
from gridgov.domain import CHINA_TZ
from harness import (
    fit_exponent,
    format_rate,
    format_seconds,
    is_quick,
    markdown_section,
    write_table,
)

START = datetime(2026, 11, 2, 8, tzinfo=CHINA_TZ)
WORKERS = ("W06", "W07", "W08", "W09")  # one micro-grid each: one per process
PROCESSES = (1, 2, 4)
CATCH_UP = (10, 100, 1000)


# -- tables --------------------------------------------------------------------


@dataclass(frozen=True)
class ThroughputRow:
    store: str
    processes: int
    commands: int
    seconds: float
    per_sec: float
    vs_one: float


@dataclass(frozen=True)
class ThroughputTable:
    title: str
    rows: tuple[ThroughputRow, ...]
    rounds: int
    quick: bool
    kind: str = "throughput"

    def to_markdown(self) -> str:
        return markdown_section(
            self.title,
            f"Commands per second over the wall time of the slowest process, "
            f"best of {self.rounds} rounds; ratio = throughput relative to one "
            "process on the same store (higher is more).",
            ["store", "processes", "commands", "wall time", "commands/s", "× 1"],
            [
                [
                    r.store,
                    str(r.processes),
                    f"{r.commands:,}",
                    format_seconds(r.seconds),
                    format_rate(r.per_sec),
                    f"{r.vs_one:.2f}×",
                ]
                for r in self.rows
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CatchUpRow:
    store: str
    journal: int
    foreign: int
    best: float
    median: float
    per_event: float


@dataclass(frozen=True)
class CatchUpTable:
    title: str
    rows: tuple[CatchUpRow, ...]
    exponent_in_n: dict[str, float]
    rounds: int
    quick: bool
    kind: str = "catch_up"

    def to_markdown(self) -> str:
        fits = ", ".join(f"{s} **{e:.2f}**" for s, e in self.exponent_in_n.items())
        return markdown_section(
            self.title,
            f"Time of `refresh()` after N foreign events, best and median of "
            f"{self.rounds} rounds. Growth exponent in N at the full journal size "
            f"(1.00 = linear): {fits}. Rows at a quarter of the size show the time "
            "does not depend on the journal's length.",
            ["store", "journal events before", "N", "best", "median", "per event"],
            [
                [
                    r.store,
                    f"{r.journal:,}",
                    f"{r.foreign:,}",
                    format_seconds(r.best),
                    format_seconds(r.median),
                    format_seconds(r.per_event),
                ]
                for r in self.rows
            ],
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- stores --------------------------------------------------------------------


@dataclass(frozen=True)
class Store:
    name: str
    target: Callable[[str], str]  # a fresh journal for a label
    chain: Callable[[str], str | None]


def stores_in(workdir: Path) -> list[Store]:
    out = [Store("SQLite", lambda label: str(workdir / f"{label}.db"), lambda _: None)]
    dsn = os.environ.get("GRIDGOV_PG_DSN", "")
    if dsn:
        run = uuid.uuid4().hex[:8]
        out.append(
            Store("PostgreSQL", lambda _: dsn, lambda label: f"bench-{run}-{label}")
        )
    else:
        print("PostgreSQL rows skipped: set GRIDGOV_PG_DSN (source .ci/services)")
    return out


# -- throughput ----------------------------------------------------------------


def writer(
    target: str, chain: str | None, worker: str, count: int, *, barrier: Any, done: Any
) -> None:
    """One process: its own Workspace; *count* commands on its worker's households."""
    config = sample_config()
    with Workspace.open(target, config, chain=chain) as ws:
        scope = ws.view(worker=worker, on=START.date()).scope
        (region,) = scope.regions
        homes = sorted(scope.households)
        barrier.wait()
        began = time.perf_counter()
        for i in range(count):
            home = homes[i % len(homes)]
            when = START + timedelta(seconds=i)
            if i % 4 == 3:
                ws.open_case(
                    f"{worker}-{i}",
                    category="路灯不亮",
                    region=region,
                    household=home,
                    actor=worker,
                    at=when,
                )
            else:
                ws.record_visit(home, worker, at=when, key=f"{worker}-{i}")
        done.put((began, time.perf_counter()))


def one_round(store: Store, label: str, processes: int, count: int) -> float:
    """Wall time of *processes* writers of *count* commands each, released together."""
    target, chain = store.target(label), store.chain(label)
    with Workspace.open(target, sample_config(), chain=chain):
        pass  # create the journal before the writers race to
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes)
    done = ctx.Queue()
    procs = [
        ctx.Process(
            target=writer,
            args=(target, chain, WORKERS[p], count),
            kwargs={"barrier": barrier, "done": done},
        )
        for p in range(processes)
    ]
    for proc in procs:
        proc.start()
    spans: list[tuple[float, float]] = []
    while len(spans) < processes:
        try:
            spans.append(done.get(timeout=1))
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                raise RuntimeError("a writer failed") from None
    for proc in procs:
        proc.join()
    return max(end for _, end in spans) - min(start for start, _ in spans)


def throughput(stores: list[Store], quick: bool) -> ThroughputTable:
    count, rounds = (20, 1) if quick else (400, 3)
    rows: list[ThroughputRow] = []
    for store in stores:
        best: dict[int, float] = {}
        for r in range(rounds):
            for n in PROCESSES:  # interleaved, so drift hits every row alike
                wall = one_round(store, f"tp-{n}-{r}", n, count)
                best[n] = min(best.get(n, wall), wall)
        one = count / best[1]
        for n in PROCESSES:
            rate = n * count / best[n]
            rows.append(
                ThroughputRow(store.name, n, n * count, best[n], rate, rate / one)
            )
    title = "commands/s of 1, 2 and 4 processes on one journal"
    return ThroughputTable(title, tuple(rows), rounds, quick)


# -- catching up ---------------------------------------------------------------


def fill(ws: Workspace, events: int, prefix: str) -> None:
    """Append about *events* events (visits: a request and a visit each)."""
    households = sorted(ws.state.roster.households)
    commands = events // 2
    for block in range(0, commands, 500):
        with ws.transaction():
            for i in range(block, min(block + 500, commands)):
                ws.record_visit(
                    households[i % len(households)],
                    "W06",
                    at=START + timedelta(seconds=i),
                    key=f"{prefix}-{i}",
                )


def catch_up_rows(
    store: Store,
    config: WorkspaceConfig,
    size: int,
    sizes: tuple[int, ...],
    rounds: int,
) -> list[CatchUpRow]:
    """Time ``refresh()`` after N foreign events, on a journal of *size* events."""
    label = f"cu-{size}"
    target, chain = store.target(label), store.chain(label)
    rows = []
    with (
        Workspace.open(target, config, chain=chain) as reader,
        Workspace.open(target, config, chain=chain) as other,
    ):
        fill(other, size, "base")
        reader.refresh()
        for n in sizes:
            before = reader.position
            times = []
            for r in range(rounds):
                fill(other, n, f"n{n}-{r}")
                began = time.perf_counter()
                folded = reader.refresh()
                times.append(time.perf_counter() - began)
                assert folded == n, (folded, n)
            best = min(times)
            rows.append(
                CatchUpRow(
                    store.name,
                    before,
                    n,
                    best,
                    statistics.median(times),
                    best / n,
                )
            )
    return rows


def catching_up(stores: list[Store], quick: bool) -> CatchUpTable:
    size, rounds = (2_000, 2) if quick else (20_000, 7)
    config = sample_config()
    rows: list[CatchUpRow] = []
    exponents: dict[str, float] = {}
    for store in stores:
        full = catch_up_rows(store, config, size, CATCH_UP, rounds)
        exponents[store.name] = fit_exponent(
            [r.foreign for r in full], [r.best for r in full]
        )
        rows += full
        rows += catch_up_rows(store, config, size // 4, CATCH_UP, rounds)
    title = f"catching up N foreign events on a journal of {size:,}"
    return CatchUpTable(title, tuple(rows), exponents, rounds, quick)


def main() -> None:
    quick = is_quick()
    with tempfile.TemporaryDirectory(prefix="gridgov-bench-") as folder:
        stores = stores_in(Path(folder))
        tables = [throughput(stores, quick), catching_up(stores, quick)]
    write_table(tables, "concurrency")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
