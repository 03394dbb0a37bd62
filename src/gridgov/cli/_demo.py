"""``gridgov demo``: the sample township, a simulated month and its report."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from gridgov.cli._common import iso_day
from gridgov.roster import check_all, summarize

__all__ = ["DEMO_DAY", "DEMO_PERIOD", "register_demo"]

DEMO_DAY = date(2026, 5, 8)
"""The day of the source article (河南日报, 5月8日) used by the demo."""
DEMO_PERIOD = "2026-11"
"""The month the demo simulates."""


def _progress(quiet: bool) -> Callable[[int, int, date], None] | None:
    if quiet:
        return None

    def show(done: int, total: int, day: date) -> None:
        bar = "#" * (30 * done // total)
        sys.stderr.write(f"\r模拟 simulating [{bar:<30}] {done}/{total} {day}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _run_demo(args: argparse.Namespace) -> int:
    from gridgov.app import Workspace, sample_config  # noqa: PLC0415 - heavy import
    from gridgov.demo import simulate_month  # noqa: PLC0415

    config = sample_config()
    roster = config.roster
    on: date = args.on
    summary = summarize(roster, on)
    findings = check_all(roster, on)
    db = args.db or str(Path(tempfile.mkdtemp(prefix="gridgov-demo-")) / "peicun.db")
    with Workspace.open(db, config) as ws:
        stats = simulate_month(
            ws, args.period, seed=args.seed, progress=_progress(args.quiet or args.json)
        )
        report = ws.report(args.period)
    if args.json:
        from gridgov.io.export import to_json  # noqa: PLC0415

        print(
            to_json(
                {
                    "summary": summary,
                    "findings": findings,
                    "db": db,
                    "stats": attrs.asdict(stats),
                    "report": report.to_records(),
                }
            )
        )
        return 0
    print("\n".join(summary.lines()))
    worker = next(w for w in roster.workers.values() if w.name == "茹雪梅")
    homes = roster.households_of(worker.id, on)
    print(f"Lookup: {worker.role.zh} {worker.name} looks after {len(homes)} 户 on {on}")
    print(f"Findings 检查结果 ({len(findings)}):")
    for finding in findings:
        print(f"  {finding}")
    print(
        f"\nJournal 事件日志 {db}: {stats.events} events "
        f"({stats.visits} visits, {stats.patrols} patrols, {stats.cases} cases, "
        f"{stats.claims} claims)\n"
    )
    print(report.to_markdown())
    return 0


def register_demo(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="simulate a month in the sample township (裴村社区) and print its report",
        description="Load the sample township shipped with gridgov (义马市新区街道"
        "裴村社区), print its structure and roster findings, build it in a SQLite "
        "journal, simulate a month of visits, patrols, cases, points claims and "
        "volunteer activities (seeded, so the same seed records the same events), "
        "and print the month's report.",
    )
    parser.add_argument(
        "--on", type=iso_day, default=DEMO_DAY, help="the day to look at (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--db", help="the SQLite journal to write (default: a new temporary file)"
    )
    parser.add_argument(
        "--period", default=DEMO_PERIOD, help=f"the month to simulate ({DEMO_PERIOD})"
    )
    parser.add_argument("--seed", type=int, default=2026, help="the random seed")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_demo)
