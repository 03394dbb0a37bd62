"""
``gridgov demo``: the sample township, a simulated period and its report.

* ``--period`` takes every form `gridgov.domain.periods.parse_period` reads:
  a day (``2026-11-03``), a week (``2026-W48``), a month (``2026-11``, the
  default), a quarter (``2026-Q4``), a half year (``2026-H2``) or a year
  (``2026``); longer periods are played month by month.
* ``--unpublished {provisional,raise,weekends_only}`` says what the calendar
  does for a year whose State Council holiday notice is not installed yet
  (`gridgov.calendar.UnpublishedYearPolicy`); the default is the Workspace's,
  ``provisional`` (`gridgov.app.default_calendar`). Under ``raise`` such a
  year is refused with advice in terms of this flag.
* Without ``--db`` the journal lives in a temporary directory that is removed
  when the command ends, whether it succeeded or failed.
* Into an existing ``--db``, a rerun with the same ``--seed`` adds nothing; a
  rerun that would record different events for the same requests (another
  seed) adds nothing either and says what to do.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.calendar import (
    ChinaCalendar,
    UnpublishedYearPolicy,
    UnpublishedYearWarning,
)
from gridgov.cli._common import iso_day, progress_bar
from gridgov.domain.periods import parse_period
from gridgov.errors import CalendarError, GridgovError, IdempotencyConflictError
from gridgov.labels import Lang, enum_label, finding_text, pick, summary_lines
from gridgov.roster import check_all, summarize

if TYPE_CHECKING:
    from gridgov.app import WorkspaceConfig
    from gridgov.demo import DemoStats

__all__ = ["DEMO_DAY", "DEMO_PERIOD", "DemoRerunError", "register_demo"]

DEMO_DAY = date(2026, 5, 8)
"""The day of the source article (河南日报, 5月8日) used by the demo."""
DEMO_PERIOD = "2026-11"
"""The month the demo simulates."""
_POLICIES = tuple(p.value for p in UnpublishedYearPolicy)


class DemoRerunError(GridgovError):
    """A rerun into an existing journal would record other events for its requests."""


def _progress(quiet: bool, lang: Lang) -> Callable[[int, int, date], None] | None:
    """The simulation's progress on stderr: the shared bar, labelled by day."""
    if quiet:
        return None
    show = progress_bar(pick(lang, "模拟", "simulating"))
    return lambda done, total, day: show(done, total, str(day))


def _config(policy: str) -> WorkspaceConfig:
    """The sample township, its calendar under *policy* for unpublished years."""
    from gridgov.app import sample_config  # noqa: PLC0415 - heavy import

    config = sample_config()
    if policy == UnpublishedYearPolicy.PROVISIONAL.value:
        return config  # the Workspace's default calendar already
    # The sample township has no calendar.toml: only the policy changes.
    return attrs.evolve(config, calendar=ChinaCalendar(unpublished=policy))


def _unpublished_years(config: WorkspaceConfig, period: str) -> list[int]:
    """The years a run of *period* may need that have no holiday notice."""
    _, span = parse_period(period)
    assert span.start is not None  # noqa: S101 - parsed periods are bounded
    assert span.end is not None  # noqa: S101
    calendar = config.calendar
    if not isinstance(calendar, ChinaCalendar):
        return []
    # Deadlines and notice windows of the last days reach into the next year.
    years = range(span.start.year, (span.end - timedelta(days=1)).year + 2)
    return [y for y in years if not calendar.is_published(y)]


def _calendar_advice(
    config: WorkspaceConfig, args: argparse.Namespace, lang: Lang
) -> str:
    years = ", ".join(map(str, _unpublished_years(config, args.period)))
    policy = args.unpublished
    if lang == "zh":
        why = (
            "而 --unpublished raise 不允许估算其工作日"
            if policy == UnpublishedYearPolicy.RAISE.value
            else f"而 --unpublished {policy} 无法估算这么远"
        )
        return (
            f"模拟 {args.period} 需要 {f'{years} 年' if years else '某年'}的工作日，"
            "已安装的节假日数据"
            f"还没有该年的国务院放假通知，{why}。可改用 --unpublished provisional"
            "（默认：按法定节假日估算，不含调休，时限标为暂定）或 --unpublished "
            "weekends_only（只按周六周日休息），或在通知发布后升级节假日数据"
        )
    if policy == UnpublishedYearPolicy.RAISE.value:
        why = "and --unpublished raise refuses to estimate its working days"
    else:
        why = f"and --unpublished {policy} cannot estimate that far ahead"
    return (
        f"simulating {args.period} needs working days in {years or 'a year'} "
        f"without a State Council holiday notice in the installed holidays "
        f"package, {why}. Rerun with --unpublished provisional (the default: "
        "statutory holidays, no 调休, deadlines marked 暂定) or --unpublished "
        "weekends_only (Saturdays and Sundays only), or upgrade the holidays "
        "package once the notice is out"
    )


def _rerun_advice(db: str, args: argparse.Namespace, err: Exception, lang: Lang) -> str:
    key = getattr(err, "key", "")
    if lang == "zh":
        return (
            f"{db} 中已有一次模拟用同一请求编号 {key} 记录了不同内容：它是用另一个 "
            f"--seed（本次 --seed {args.seed}）或另一版本的 gridgov 写的。未添加任何"
            "内容。请换一个 --db，或用写入它的那个 --seed 重新运行"
        )
    return (
        f"{db} already holds a simulation that made request {key!r} with other "
        f"details: it was written with another --seed (this run: --seed "
        f"{args.seed}) or another gridgov version. Nothing was added. Use a new "
        "--db, or rerun with the --seed that wrote it"
    )


def _notes(
    config: WorkspaceConfig,
    args: argparse.Namespace,
    caught: list[warnings.WarningMessage],
    *,
    days: int,
    lang: Lang,
) -> None:
    """One note on stderr for what the run warned about; other warnings re-issued."""
    estimated = False
    for w in caught:
        if issubclass(w.category, UnpublishedYearWarning):
            estimated = True
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if estimated:
        years = _unpublished_years(config, args.period)
        shown = ", ".join(map(str, years))
        print(
            pick(
                lang,
                f"gridgov demo：提示：{shown} 年没有国务院放假通知，只按周六周日"
                "计算休息日（--unpublished weekends_only）",
                f"gridgov demo: note: no State Council holiday notice for {shown}; "
                "Saturdays and Sundays were counted as the only rest days "
                "(--unpublished weekends_only)",
            ),
            file=sys.stderr,
        )
    if not days:
        print(
            pick(
                lang,
                f"gridgov demo：提示：{args.period} 没有工作日，未模拟任何内容",
                f"gridgov demo: note: {args.period} has no working day; nothing "
                "was simulated",
            ),
            file=sys.stderr,
        )


def _simulate(args: argparse.Namespace, db: str, *, temporary: bool) -> int:
    from gridgov.app import Workspace  # noqa: PLC0415 - heavy import
    from gridgov.demo import simulate_month  # noqa: PLC0415

    config = _config(args.unpublished)
    roster = config.roster
    lang: Lang = getattr(args, "lang", "zh")
    on: date = args.on
    summary = summarize(roster, on)
    findings = check_all(roster, on)
    with (
        warnings.catch_warnings(record=True) as caught,
        Workspace.open(db, config) as ws,
    ):
        warnings.simplefilter("always", UnpublishedYearWarning)
        rerun = ws.position > 0
        # Into a journal that holds events already, the whole run is one
        # block: a request that conflicts drops it all, so nothing is added.
        block = ws.transaction() if rerun else contextlib.nullcontext()
        try:
            with block:
                stats = simulate_month(
                    ws,
                    args.period,
                    seed=args.seed,
                    progress=_progress(args.quiet or args.json, lang),
                )
            report = ws.report(args.period)
        except CalendarError as err:
            raise CalendarError(_calendar_advice(config, args, lang)) from err
        except IdempotencyConflictError as err:
            if not rerun:
                raise
            raise DemoRerunError(_rerun_advice(db, args, err, lang)) from err
    _notes(config, args, caught, days=stats.days, lang=lang)
    shown_db = None if temporary else db
    if args.json:
        from gridgov.io.export import to_json  # noqa: PLC0415

        print(
            to_json(
                {
                    "summary": summary,
                    "findings": findings,
                    "db": shown_db,
                    "stats": attrs.asdict(stats),
                    "report": report.to_records(),
                }
            )
        )
        return 0
    print("\n".join(summary_lines(summary, roster, lang)))
    worker = next(w for w in roster.workers.values() if w.name == "茹雪梅")
    homes = len(roster.households_of(worker.id, on))
    role = enum_label(worker.role, lang)
    print(
        pick(
            lang,
            f"查询：{role} {worker.name} 在 {on} 负责 {homes} 户",
            f"Lookup: {role} {worker.name} looks after {homes} households on {on}",
        )
    )
    print(
        pick(lang, f"台账检查（{len(findings)} 条）：", f"Findings ({len(findings)}):")
    )
    for finding in findings:
        print(f"  {finding_text(finding, roster, on, lang)}")
    print(f"\n{_journal_line(stats, shown_db, lang)}\n")
    print(report.to_markdown(lang=lang))
    return 0


def _journal_line(stats: DemoStats, db: str | None, lang: Lang) -> str:
    """What the run wrote: events by kind, with units, and where."""
    if lang == "en":
        where = db or "a temporary journal, removed on exit (--db keeps one)"
        return (
            f"Journal {where}: {stats.events} events ({stats.visits} visits, "
            f"{stats.patrols} patrols, {stats.cases} cases, {stats.claims} claims; "
            f"{stats.days} working days simulated)"
        )
    where = db or "临时日志（退出时删除；用 --db 保留）"
    return (
        f"事件日志 {where}：{stats.events} 条事件（走访 {stats.visits} 人次、"
        f"巡查 {stats.patrols} 次、事项 {stats.cases} 件、积分申报 {stats.claims} 件；"
        f"模拟 {stats.days} 个工作日）"
    )


def _run_demo(args: argparse.Namespace) -> int:
    parse_period(args.period)  # a bad period is refused before any file is made
    if args.db:
        return _simulate(args, args.db, temporary=False)
    with tempfile.TemporaryDirectory(
        prefix="gridgov-demo-", ignore_cleanup_errors=True
    ) as scratch:
        return _simulate(args, str(Path(scratch) / "peicun.db"), temporary=True)


def register_demo(sub: Any) -> None:
    """Add ``gridgov demo`` to the subcommands."""
    parser = sub.add_parser(
        "demo",
        help="simulate a month in the sample township (裴村社区) and print its report",
        description="Load the sample township shipped with gridgov (义马市新区街道"
        "裴村社区), print its structure and roster findings, build it in a SQLite "
        "journal, simulate a period of visits, patrols, cases, points claims and "
        "volunteer activities (seeded, so the same seed records the same events), "
        "and print the period's report.",
    )
    parser.add_argument(
        "--on", type=iso_day, default=DEMO_DAY, help="the day to look at (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--db",
        help="the SQLite journal to write (default: a temporary one, removed on exit)",
    )
    parser.add_argument(
        "--period",
        default=DEMO_PERIOD,
        help=f"the period to simulate: a month ({DEMO_PERIOD}, the default), a week "
        "(2026-W48), a day (2026-11-03), a quarter (2026-Q4), a half year "
        "(2026-H2) or a year (2026)",
    )
    parser.add_argument(
        "--unpublished",
        choices=_POLICIES,
        default=UnpublishedYearPolicy.PROVISIONAL.value,
        help="for a year without a State Council holiday notice: estimate it from "
        "the statutory holidays (provisional, the default), refuse (raise), or "
        "count only weekends as rest days (weekends_only)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="the random seed")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_demo)
