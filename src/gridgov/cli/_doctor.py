"""``gridgov doctor``: check that a journal reopens; set aside what does not fold."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from gridgov.cli._common import existing_journal, journal_chain, township_specs
from gridgov.domain.spans import CHINA_TZ
from gridgov.labels import Lang, join, pick

if TYPE_CHECKING:
    from gridgov.app.doctor import Examination

__all__ = ["fold_lines", "register_doctor"]


def fold_lines(report: Examination, lang: Lang = "zh") -> list[str]:
    """What the fold check found, one line each, in *lang*."""
    if not report.problems:
        lines = [
            pick(
                lang,
                f"折叠  全部 {report.events} 条事件可折叠",
                f"fold  every event folds ({report.events})",
            )
        ]
    else:
        count = len(report.problems)
        lines = [
            pick(
                lang,
                f"折叠  {count} 条事件无法折叠：",
                f"fold  {count} events the fold refuses:",
            )
        ]
        lines += [f"  {problem}" for problem in report.problems]
        lines.append(
            pick(
                lang,
                "  处理：gridgov doctor 日志文件 --set-aside 序号 "
                "--reason 原因 --actor 经办人",
                "  to fix: gridgov doctor DB --set-aside SEQUENCE "
                "--reason REASON --actor WHO",
            )
        )
    if report.set_aside:
        done = join(map(str, report.set_aside), lang)
        lines.append(pick(lang, f"已搁置：{done}", f"set aside: {done}"))
    return lines


def _calendar_line(warning: str, today: date, lang: Lang) -> str:
    """The calendar warning; in Chinese, from the last day the notices cover."""
    if lang == "en":
        return f"calendar  warning: {warning}"
    from gridgov.calendar import ChinaCalendar  # noqa: PLC0415

    calendar = ChinaCalendar()
    year = today.year + 1
    while year > today.year - 1 and not calendar.is_published(year):
        year -= 1
    last = date(year, 12, 31)
    return (
        f"日历  警告：已安装的放假通知只到 {last}（距今 {(last - today).days} 天），"
        "此后的时限为暂定，待升级节假日数据或在乡镇的 calendar.toml 中填入下一年的通知"
    )


def _run_doctor(args: argparse.Namespace) -> int:
    from gridgov.app.doctor import examine, set_aside  # noqa: PLC0415
    from gridgov.app.workspace import township_of  # noqa: PLC0415
    from gridgov.journal import WrongTownshipError, open_journal  # noqa: PLC0415

    db = existing_journal(args.db)
    lang: Lang = getattr(args, "lang", "zh")
    specs = township_specs(args.township, db)
    config = specs.config
    expected = township_of(config, specs.directory)
    chain = expected.code if args.township else journal_chain(db)
    now = datetime.now(CHINA_TZ)
    with open_journal(db, chain=chain, read_only=args.set_aside is None) as journal:
        recorded = journal.township()
        if recorded is not None and not recorded.same_township(expected):
            raise WrongTownshipError(recorded, expected)
        if args.set_aside is not None:
            done = set_aside(
                config,
                journal,
                args.set_aside,
                reason=args.reason or "",
                actor=args.actor or "",
                at=now,
            )
            print(
                pick(
                    lang,
                    f"已搁置事件 {done.sequence}：{done.reason}",
                    f"set aside event {done.sequence}: {done.reason}",
                )
            )
        report = examine(config, journal, today=now.date())
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "events": report.events,
                    "chain_intact": report.verification.ok,
                    "broken": None
                    if report.verification.broken is None
                    else str(report.verification.broken),
                    "problems": [str(p) for p in report.problems],
                    "set_aside": list(report.set_aside),
                    "calendar_warning": report.calendar_warning,
                },
                ensure_ascii=False,
            )
        )
        return 0 if report.ok else 1
    walked = report.verification
    if walked.ok:
        print(
            pick(
                lang,
                f"链    {report.events} 条事件，哈希链完好",
                f"chain {report.events} events, hash chain intact",
            )
        )
    else:
        print(
            pick(
                lang,
                f"链    哈希链断裂：{walked.broken}",
                f"chain hash chain broken: {walked.broken}",
            )
        )
    for line in fold_lines(report, lang):
        print(line)
    if report.calendar_warning:
        print(_calendar_line(report.calendar_warning, now.date(), lang))
    return 0 if report.ok else 1


def register_doctor(sub: Any) -> None:
    """Add ``gridgov doctor``."""
    parser = sub.add_parser(
        "doctor",
        help="check that a journal reopens: its chain, its fold, the calendar",
        description="Examine a journal as a Workspace folds it: the hash chain, "
        "every event the fold refuses (sequence, stream, type, why), events set "
        "aside, and whether the installed holiday notices end within 60 days. "
        "--set-aside records that the fold skips one refused event (a "
        "compensating event; the refused one stays in the journal). Exits 1 "
        "when the chain is broken or an event does not fold.",
    )
    parser.add_argument("db", metavar="DB", help="the journal (SQLite file or URL)")
    parser.add_argument(
        "--township",
        help="a township directory (default: the one the journal records, or "
        "the sample 裴村社区)",
    )
    parser.add_argument(
        "--set-aside",
        type=int,
        metavar="SEQUENCE",
        help="record that the fold skips this refused event",
    )
    parser.add_argument("--reason", help="why it is set aside (with --set-aside)")
    parser.add_argument("--actor", help="who decided (with --set-aside)")
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_doctor)
