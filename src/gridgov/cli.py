"""
The gridgov command line: ``demo``, ``validate``, ``plan``, ``report``, ``verify``.

* ``gridgov demo`` shows the sample township (裴村社区), builds it in a SQLite
  journal (a temporary directory unless ``--db``), simulates a month of visits,
  patrols, cases, claims and activities with a progress bar on stderr, and
  prints the month's report;
* ``gridgov validate SPEC...`` checks spec files and prints every located error;
* ``gridgov plan --worker W --week 2026-W48`` prints a worker's visit plan;
* ``gridgov report --period 2026-11`` prints a period report (Markdown, HTML or JSON);
* ``gridgov verify DB`` walks a journal's hash chain.

Every subcommand takes ``--help``; most take ``--json``. A failure exits
non-zero with the error's message on stderr (never a traceback). ``gridgov -v``
shows what the journal and the Workspace log (``-vv``: every batch), on stderr,
with personal numbers masked as everywhere (see `gridgov.logs`).

Each subcommand is one ``_register_*`` function that adds its parser and sets
``run`` (a function from the parsed arguments to an exit code); `SUBCOMMANDS`
lists them in help order, so adding a subcommand is adding one function.
Validators for ``gridgov validate --kind`` live in `VALIDATORS`.

>>> main(["validate", "--help"])  # doctest: +ELLIPSIS
usage: gridgov validate [-h]
                        [--kind {directory,rulebook,township,visit-policy,workflow}]
...
0
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gridgov._version import __version__
from gridgov.domain.periods import parse_period
from gridgov.errors import GridgovError, SpecError, UnknownEntityError
from gridgov.io.township import load_township
from gridgov.logs import ROOT
from gridgov.roster import check_all, summarize

if TYPE_CHECKING:
    from gridgov.app import Workspace

__all__ = ["SUBCOMMANDS", "VALIDATORS", "main"]

DEMO_DAY = date(2026, 5, 8)
"""The day of the source article (河南日报, 5月8日) used by the demo."""
DEMO_PERIOD = "2026-11"
"""The month the demo simulates."""


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"expected a date like 2026-05-08, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _validate_township(path: str) -> str:
    roster = load_township(path)
    return (
        f"township {roster.name}: {len(roster.regions)} regions, "
        f"{len(roster.households)} households, {len(roster.workers)} workers"
    )


def _validate_rulebook(path: str) -> str:
    from gridgov.io.rulebook import load_rulebook  # noqa: PLC0415

    book = load_rulebook(path)
    return f"rule book {book.spec.name_zh} v{book.version}: {len(book.rules)} rules"


def _validate_visit_policy(path: str) -> str:
    from gridgov.io.visits import load_visit_policy  # noqa: PLC0415

    policy = load_visit_policy(path).policy
    return f"visit policy {policy.name}: {len(policy.rules)} rules"


def _validate_workflow(path: str) -> str:
    from gridgov.io.workflows import load_workflow  # noqa: PLC0415

    flow = load_workflow(path).flow
    return f"workflow {flow.name}: {len(flow.states)} states"


def _validate_directory(path: str) -> str:
    from gridgov.app import load_config  # noqa: PLC0415

    config = load_config(path)
    parts = [
        name
        for name, present in (
            ("rule book", config.rulebook),
            ("visit policy", config.visit_policy),
            ("deadlines", config.deadlines),
            ("escalation", config.escalation),
        )
        if present is not None
    ]
    extras = ", ".join(parts) or "roster only"
    return (
        f"township directory {config.roster.name}: {len(config.roster.households)} "
        f"households, {len(config.workflows)} workflows, {extras}"
    )


VALIDATORS: dict[str, Callable[[str], str]] = {
    "township": _validate_township,
    "rulebook": _validate_rulebook,
    "visit-policy": _validate_visit_policy,
    "workflow": _validate_workflow,
    "directory": _validate_directory,
}
"""Spec kinds ``gridgov validate`` understands: kind → loader returning a summary.

A loader raises `gridgov.errors.SpecError` with every located problem."""


# -- demo ---------------------------------------------------------------------


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
    from gridgov.app.demo import simulate_month  # noqa: PLC0415

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


def _register_demo(sub: Any) -> None:
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
        "--on", type=_day, default=DEMO_DAY, help="the day to look at (YYYY-MM-DD)"
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


# -- validate -----------------------------------------------------------------


def _run_validate(args: argparse.Namespace) -> int:
    loader = VALIDATORS[args.kind]
    results: list[dict[str, Any]] = []
    for path in args.specs:
        try:
            results.append({"spec": path, "ok": True, "summary": loader(path)})
        except SpecError as err:
            problems = [{"path": p.path, "message": p.message} for p in err.problems]
            results.append({"spec": path, "ok": False, "problems": problems})
        except GridgovError as err:
            problem = {"path": "", "message": str(err)}
            results.append({"spec": path, "ok": False, "problems": [problem]})
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            if result["ok"]:
                print(f"OK  {result['spec']}: {result['summary']}")
                continue
            count = len(result["problems"])
            print(f"BAD {result['spec']}: {count} problem(s)")
            for p in result["problems"]:
                print(
                    f"  {p['path']}: {p['message']}"
                    if p["path"]
                    else f"  {p['message']}"
                )
    return 0 if all(r["ok"] for r in results) else 1


def _register_validate(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check spec files and print every located error",
        description="Check one or more spec files (TOML or JSON). Prints every "
        "problem with its path; exits 1 if any spec is invalid, 0 otherwise.",
    )
    parser.add_argument("specs", nargs="+", metavar="SPEC", help="spec files")
    parser.add_argument(
        "--kind",
        choices=sorted(VALIDATORS),
        default="township",
        help="what kind of spec the files are (default: township)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON results")
    parser.set_defaults(run=_run_validate)


# -- plan, report, verify: commands on a workspace ------------------------------


def _workspace(args: argparse.Namespace) -> Workspace:
    """Open ``--db`` (which must exist) on ``--township``, or the sample in memory."""
    from gridgov.app import Workspace, load_config, sample_config  # noqa: PLC0415

    config = load_config(args.township) if args.township else sample_config()
    db: str | None = args.db
    if db is None:
        return Workspace.in_memory(config)
    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).is_file():
        raise UnknownEntityError("journal file", db)
    return Workspace.open(db, config)


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


def _register_plan(sub: Any) -> None:
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
        "--as-of", type=_day, default=None, help="first day that may be planned"
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


def _register_report(sub: Any) -> None:
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
    parser.add_argument("--as-of", type=_day, default=None, help="the report day")
    parser.add_argument("--format", choices=("markdown", "html"), default="markdown")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--grid", help="report one grid only (its code)")
    scope.add_argument("--village", help="report one village only (its code)")
    scope.add_argument("--worker", help="report one worker's households only")
    parser.add_argument(
        "--on",
        type=_day,
        default=None,
        help="the day the scope's households are taken on (default: first of period)",
    )
    _workspace_options(parser)
    parser.set_defaults(run=_run_report)


def _run_verify(args: argparse.Namespace) -> int:
    from gridgov.journal import open_journal  # noqa: PLC0415

    db: str = args.db
    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).is_file():
        raise UnknownEntityError("journal file", db)
    with open_journal(db) as journal:
        result = journal.verify()
    broken = result.broken
    if args.json:
        print(
            json.dumps(
                {
                    "ok": result.ok,
                    "events": result.checked,
                    "broken": None if broken is None else str(broken),
                },
                ensure_ascii=False,
            )
        )
    elif result.ok:
        print(f"OK  {db}: {result.checked} events, hash chain intact")
    else:
        print(f"BAD {db}: {broken}")
    return 0 if result.ok else 1


def _register_verify(sub: Any) -> None:
    parser = sub.add_parser(
        "verify",
        help="walk a journal's hash chain and report the first broken link",
        description="Verify a journal (SQLite file or postgresql:// URL): every "
        "event's SHA-256 link to the one before. Exits 1 at the first broken link.",
    )
    parser.add_argument("db", metavar="DB", help="the journal to verify")
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_verify)


SUBCOMMANDS: list[Callable[[Any], None]] = [
    _register_demo,
    _register_validate,
    _register_plan,
    _register_report,
    _register_verify,
]
"""The subcommand registrars, in help order."""


def build_parser() -> argparse.ArgumentParser:
    """Return the ``gridgov`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="gridgov",
        description="gridgov: grassroots grid governance (网格化服务管理) tools.",
    )
    parser.add_argument("--version", action="version", version=f"gridgov {__version__}")
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log to stderr: -v what the journal and workspace do, -vv every batch",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code.

    ``--help``, ``--version`` and usage errors return their code instead of exiting.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 1
    if getattr(args, "run", None) is None:
        parser.print_help()
        return 2
    run: Callable[[argparse.Namespace], int] = args.run
    with _logging_to_stderr(args.verbose):
        try:
            return run(args)
        except GridgovError as err:
            print(f"gridgov {args.command}: error: {err}", file=sys.stderr)
            return 1


@contextmanager
def _logging_to_stderr(verbosity: int) -> Iterator[None]:
    """Show gridgov's log records on stderr while a command runs (``-v``, ``-vv``)."""
    if not verbosity:
        yield
        return
    logger = logging.getLogger(ROOT)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    level = logging.INFO if verbosity == 1 else logging.DEBUG
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
