"""``gridgov plan``, ``report`` and ``verify``: commands on a journal."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from gridgov.cli._common import existing_journal, iso_day
from gridgov.cli._doctor import fold_lines, township_config
from gridgov.domain.periods import parse_period

if TYPE_CHECKING:
    from gridgov.app import Workspace

__all__ = ["register_plan", "register_report", "register_verify"]


def _workspace(args: argparse.Namespace) -> Workspace:
    """Open ``--db`` (which must exist) on ``--township``, or the sample in memory."""
    from gridgov.app import Workspace, load_config, sample_config  # noqa: PLC0415

    config = load_config(args.township) if args.township else sample_config()
    db: str | None = args.db
    if db is None:
        return Workspace.in_memory(config)
    return Workspace.open(existing_journal(db), config)


def _workspace_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="the journal: a SQLite file or a postgresql:// URL "
        "(default: the sample township with no events)",
    )
    parser.add_argument(
        "--township", help="a township directory (default: the sample 裴村社区)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")


def _run_plan(args: argparse.Namespace) -> int:
    period: str = args.week or args.period
    with _workspace(args) as ws:
        plan = ws.plan(args.worker, period, as_of=args.as_of)
        worker = ws.state.roster.worker(args.worker)
    if args.json:
        from gridgov.io.export import to_json  # noqa: PLC0415

        print(to_json(plan))
        return 0
    print(f"{worker.role.zh} {worker.name} ({worker.id}) 走访计划 {period}")
    for day in plan.days:
        items = plan.on(day)
        print(f"{day} ({len(items)} 户)")
        for item in items:
            where = f" {item.building}" if item.building else ""
            print(
                f"  {item.household}{where}  {item.status.zh}  "
                f"截止 {item.deadline}  {', '.join(item.rules)}"
            )
    if plan.unplanned:
        print(
            f"未能排入 {len(plan.unplanned)} 项 (over capacity before their deadline)"
        )
    return 0


def register_plan(sub: Any) -> None:
    parser = sub.add_parser(
        "plan",
        help="print a worker's visit plan for a week (or a day or a month)",
        description="Plan a grid worker's visits (走访计划) over the working days of a "
        "week, day or month, within the worker's daily capacity, most urgent first.",
    )
    parser.add_argument("--worker", required=True, help="the worker's id (e.g. W06)")
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--week", help="an ISO week label, e.g. 2026-W48")
    when.add_argument("--period", help="a day or month label, e.g. 2026-11-23, 2026-11")
    parser.add_argument(
        "--as-of", type=iso_day, default=None, help="first day that may be planned"
    )
    _workspace_options(parser)
    parser.set_defaults(run=_run_plan)


def _run_report(args: argparse.Namespace) -> int:
    with _workspace(args) as ws:
        scope = None
        if args.grid or args.village or args.worker:
            on = args.on or parse_period(args.period)[1].start
            scope = ws.view(
                grid=args.grid, village=args.village, worker=args.worker, on=on
            ).scope
        report = ws.report(args.period, as_of=args.as_of, scope=scope)
    if args.json:
        print(
            json.dumps(report.to_records(), ensure_ascii=False, indent=2, default=str)
        )
    elif args.format == "html":
        print(report.to_html())
    else:
        print(report.to_markdown())
    return 0


def register_report(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="print the period report (工作报表) of a journal",
        description="Print the figures of a period — visits and coverage, patrols, "
        "cases and their rates, disputes, items assigned from above, points, "
        "volunteers — for the township or one grid, village or worker.",
    )
    parser.add_argument(
        "--period", required=True, help="a period label: 2026-11, 2026-Q4, 2026-W48"
    )
    parser.add_argument("--as-of", type=iso_day, default=None, help="the report day")
    parser.add_argument("--format", choices=("markdown", "html"), default="markdown")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--grid", help="report one grid only (its code)")
    scope.add_argument("--village", help="report one village only (its code)")
    scope.add_argument("--worker", help="report one worker's households only")
    parser.add_argument(
        "--on",
        type=iso_day,
        default=None,
        help="the day the scope's households are taken on (default: first of period)",
    )
    _workspace_options(parser)
    parser.set_defaults(run=_run_report)


def _run_verify(args: argparse.Namespace) -> int:
    from gridgov.journal import open_journal  # noqa: PLC0415

    db = existing_journal(args.db)
    folded = None
    with open_journal(db) as journal:
        result = journal.verify()
        if args.fold:
            from gridgov.app.doctor import examine  # noqa: PLC0415

            folded = examine(township_config(args), journal)
    broken = result.broken
    ok = result.ok and (folded is None or not folded.problems)
    if args.json:
        out: dict[str, Any] = {
            "ok": ok,
            "events": result.checked,
            "broken": None if broken is None else str(broken),
        }
        if folded is not None:
            out["fold_problems"] = [str(p) for p in folded.problems]
        print(json.dumps(out, ensure_ascii=False))
        return 0 if ok else 1
    if result.ok:
        print(f"OK  {db}: {result.checked} events, hash chain intact")
    else:
        print(f"BAD {db}: {broken}")
    if folded is not None:
        for line in fold_lines(folded):
            print(line)
    return 0 if ok else 1


def register_verify(sub: Any) -> None:
    parser = sub.add_parser(
        "verify",
        help="walk a journal's hash chain and report the first broken link",
        description="Verify a journal (SQLite file or postgresql:// URL): every "
        "event's SHA-256 link to the one before. Exits 1 at the first broken link.",
    )
    parser.add_argument("db", metavar="DB", help="the journal to verify")
    parser.add_argument(
        "--fold",
        action="store_true",
        help="also fold every event as a Workspace would (see gridgov doctor)",
    )
    parser.add_argument(
        "--township", help="with --fold: a township directory (default: the sample)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_verify)
