"""
``gridgov plan``, ``report`` and ``verify``: commands on a journal.

``plan`` and ``report`` refuse a journal of another township (naming both) and
one whose hash chain does not verify (unless ``--no-verify``); ``verify`` is
read-only, checks every chain of a PostgreSQL database (or ``--chain``), and
takes and saves anchors (``--anchor``, ``--anchor-file``, ``--save-anchor``,
``--expect-count``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from gridgov.cli._common import (
    check_journal,
    existing_journal,
    iso_day,
    journal_chain,
    township_specs,
)
from gridgov.cli._doctor import fold_lines
from gridgov.cli._export import (
    FORMATS,
    export_format,
    journal_options,
    output_options,
    scope_options,
    scoped_view,
    write_output,
)
from gridgov.errors import InvalidValueError
from gridgov.labels import Lang, enum_label, join, pick, rule_names

if TYPE_CHECKING:
    from gridgov.app import Workspace
    from gridgov.app.doctor import Examination
    from gridgov.journal import ChainCheck
    from gridgov.reports import PeriodReport

__all__ = ["register_plan", "register_report", "register_verify"]


def _workspace(args: argparse.Namespace) -> Workspace:
    """
    Open ``--db`` (which must exist) for its township, or the sample in memory.

    The township is ``--township``, or what the journal records; the journal
    must belong to it and verify (unless ``--no-verify``), checked read-only
    before anything is opened for writing.
    """
    from gridgov.app import Workspace  # noqa: PLC0415

    db: str | None = args.db
    specs = township_specs(args.township, None if db is None else existing_journal(db))
    if db is None:
        return Workspace.in_memory(specs.config)
    check_journal(db, specs, verify=not args.no_verify)
    ws = Workspace.open(db, specs.config, specs=specs.directory)
    if ws.specs_changed:
        print(
            f"gridgov {args.command}: note: the specs of {ws.township} differ from "
            "those its journal was created with (edited since); the figures use "
            "the current specs",
            file=sys.stderr,
        )
    return ws


def _workspace_options(parser: argparse.ArgumentParser) -> None:
    journal_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead")


def _run_plan(args: argparse.Namespace) -> int:
    period: str = args.week or args.period
    lang: Lang = getattr(args, "lang", "zh")
    with _workspace(args) as ws:
        plan = ws.plan(args.worker, period, as_of=args.as_of)
        roster = ws.state.roster
        worker = roster.worker(args.worker)
        compiled = ws.state.config.visit_policy
    if args.json:
        from gridgov.io.export import to_json  # noqa: PLC0415

        print(to_json(plan))
        return 0
    names = rule_names(None if compiled is None else compiled.policy, lang)
    role = enum_label(worker.role, lang)
    title = pick(lang, "走访计划", "visit plan")
    print(f"{role} {worker.name} ({worker.id}) {title} {period}")
    for day in plan.days:
        items = plan.on(day)
        print(f"{day} ({len(items)} " + pick(lang, "户)", "households)"))
        for item in items:
            head = roster.households[item.household].head
            who = f" {head.name}" if head is not None else ""
            where = f" {item.building}" if item.building else ""
            rules = join((names.get(r, r) for r in item.rules), lang)
            due = pick(lang, "截止", "by")
            print(
                f"  {item.household}{who}{where}  {enum_label(item.status, lang)}  "
                f"{due} {item.deadline}  {rules}"
            )
    if plan.unplanned:
        left = join(sorted({ob.household for ob in plan.unplanned}), lang)
        print(
            pick(
                lang,
                f"未能排入 {len(plan.unplanned)} 项（截止前人手已排满）：{left}",
                f"{len(plan.unplanned)} obligations not planned (over capacity "
                f"before their deadline): {left}",
            )
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
        view = scoped_view(ws, args)
        scope = None if view is None else view.scope
        report = ws.report(args.period, as_of=args.as_of, scope=scope)
    if args.format in FORMATS or args.output:
        return _export_report(args, report)
    if args.json:
        print(
            json.dumps(report.to_records(), ensure_ascii=False, indent=2, default=str)
        )
    elif args.format == "html":
        print(report.to_html(getattr(args, "lang", "zh")))
    else:
        print(report.to_markdown(getattr(args, "lang", "zh")))
    return 0


def _export_report(args: argparse.Namespace, report: PeriodReport) -> int:
    """``--format xlsx|csv`` (or ``--output``): one sheet per section, or the text."""
    from gridgov.app.exports import report_to_csv, report_to_xlsx  # noqa: PLC0415

    lang: Lang = getattr(args, "lang", "zh")
    chosen = export_format(
        args,
        default="markdown",
        text_suffixes=("md", "markdown", "html", "json", "txt"),
    )
    if chosen in FORMATS:
        return write_output(
            args,
            xlsx=lambda path: report_to_xlsx(report, path, lang=lang),
            csv=lambda target: report_to_csv(report, target, lang=lang),
        )
    if args.json:
        records = report.to_records()
        text = json.dumps(records, ensure_ascii=False, indent=2, default=str)
    elif args.format == "html":
        text = report.to_html(lang)
    else:
        text = report.to_markdown(lang)
    return write_output(args, text=text)


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
    output_options(parser, ("markdown", "html", *FORMATS))
    scope_options(parser)
    _workspace_options(parser)
    parser.set_defaults(run=_run_report)


def _run_verify(args: argparse.Namespace) -> int:
    from gridgov.journal import load_anchor, parse_anchor  # noqa: PLC0415
    from gridgov.journal.opening import (  # noqa: PLC0415
        is_postgres,
        shown_target,
        verify_target,
    )

    db = existing_journal(args.db)
    checks = verify_target(
        db,
        chain=args.chain,
        anchor=None if args.anchor is None else parse_anchor(args.anchor),
        anchors=None if args.anchor_file is None else load_anchor(args.anchor_file),
        expect_count=args.expect_count,
    )
    folded = _fold(args, db, checks) if args.fold else None
    intact = all(check.ok for check in checks)
    saved = _save_anchor(args.save_anchor, checks) if args.save_anchor else None
    ok = intact and (folded is None or not folded.problems)
    if args.json:
        print(json.dumps(_verify_json(checks, folded, saved, ok), ensure_ascii=False))
        return 0 if ok else 1
    shown = shown_target(db)
    lang: Lang = getattr(args, "lang", "zh")
    if not checks:
        print(f"OK  {shown}" + pick(lang, "：还没有事件链", ": no journal chains yet"))
    for check in checks:
        print(_verify_line(shown, check, is_postgres(db), lang))
        print("    " + _township_line(check, lang))
    if saved is not None:
        print(pick(lang, f"已保存锚点到 {saved}", f"anchor saved to {saved}"))
    elif args.save_anchor:
        print(
            pick(
                lang,
                f"未保存锚点到 {args.save_anchor}：哈希链校验未通过",
                f"anchor NOT saved to {args.save_anchor}: the chain does not verify",
            )
        )
    if folded is not None:
        for line in fold_lines(folded, lang):
            print(line)
    return 0 if ok else 1


def _township_line(check: ChainCheck, lang: Lang) -> str:
    township = check.township
    if township is not None:
        return pick(lang, f"乡镇 {township}", f"township {township}")
    return pick(
        lang,
        "未记录所属乡镇（写于日志记录乡镇之前，或从未由工作台打开）",
        "township not recorded (written before journals recorded their township, "
        "or never opened by a Workspace)",
    )


def _verify_line(shown: str, check: ChainCheck, named: bool, lang: Lang) -> str:
    """``OK …`` or ``BAD …``: the markers stay in every language (scripts grep them)."""
    chain = pick(lang, f" 链 {check.chain}", f" chain {check.chain}")
    where = f"{shown}{chain}" if named else shown
    result = check.verification
    if result.broken is not None:
        return f"BAD {where}: {result.broken}"
    head = result.head
    if lang == "zh":
        return (
            f"OK  {where}：{result.checked} 条事件，哈希链完好；"
            f"链头 {head.sequence}:{head.hash}"
        )
    return (
        f"OK  {where}: {result.checked} events, hash chain intact; "
        f"head {head.sequence}:{head.hash}"
    )


def _fold(
    args: argparse.Namespace, db: str, checks: tuple[ChainCheck, ...]
) -> Examination:
    """``--fold``: fold the one chain verified as its township's Workspace would."""
    from gridgov.app.doctor import examine  # noqa: PLC0415
    from gridgov.app.workspace import township_of  # noqa: PLC0415
    from gridgov.journal import WrongTownshipError, open_journal  # noqa: PLC0415

    if len(checks) != 1:
        raise InvalidValueError(
            "--fold", "one chain (name it with --chain)", f"{len(checks)} chains"
        )
    chain = journal_chain(db, checks[0].chain)
    specs = township_specs(args.township, db, chain=chain)
    with open_journal(db, chain=chain, read_only=True) as journal:
        recorded = journal.township()
        expected = township_of(specs.config, specs.directory)
        if recorded is not None and not recorded.same_township(expected):
            raise WrongTownshipError(recorded, expected)
        return examine(specs.config, journal)


def _save_anchor(path: str, checks: tuple[ChainCheck, ...]) -> str | None:
    """Write the verified heads to *path*, only when every chain verifies."""
    from gridgov.journal import save_anchor  # noqa: PLC0415

    if not checks or not all(check.ok for check in checks):
        return None
    townships = {check.township for check in checks}
    save_anchor(
        path,
        {check.chain: check.verification.head for check in checks},
        township=townships.pop() if len(townships) == 1 else None,
    )
    return path


def _verify_json(
    checks: tuple[ChainCheck, ...],
    folded: Examination | None,
    saved: str | None,
    ok: bool,
) -> dict[str, Any]:
    first = next((c.verification.broken for c in checks if not c.ok), None)
    out: dict[str, Any] = {
        "ok": ok,
        "events": sum(c.verification.checked for c in checks),
        "broken": None if first is None else str(first),
        "chains": [
            {
                "chain": c.chain,
                "ok": c.ok,
                "events": c.verification.checked,
                "head": {
                    "sequence": c.verification.head.sequence,
                    "hash": c.verification.head.hash,
                },
                "broken": None
                if c.verification.broken is None
                else {
                    "sequence": c.verification.broken.sequence,
                    "reason": c.verification.broken.reason,
                },
                "township": None
                if c.township is None
                else {
                    "name": c.township.name,
                    "code": c.township.code,
                    "specs_digest": c.township.specs_digest,
                    "specs": c.township.specs,
                },
            }
            for c in checks
        ],
        "anchor_saved": saved,
    }
    if folded is not None:
        out["fold_problems"] = [str(p) for p in folded.problems]
    return out


def _count(text: str) -> int:
    """An argparse type: an integer >= 0."""
    if not text.isdigit() or not text.isascii():
        msg = f"expected a number of events (0 or more), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def register_verify(sub: Any) -> None:
    parser = sub.add_parser(
        "verify",
        help="walk a journal's hash chain and report the first broken link",
        description="Verify a journal (SQLite file or postgresql:// URL), "
        "read-only: every event's SHA-256 link to the one before, every chain "
        "of a PostgreSQL database (or --chain). With an anchor (a head saved "
        "or published earlier) or --expect-count it also catches events "
        "removed from the end. Refuses a file that is not a gridgov journal; "
        "creates and changes nothing. Exits 1 at the first broken link.",
    )
    parser.add_argument("db", metavar="DB", help="the journal to verify")
    parser.add_argument(
        "--chain", help="PostgreSQL: verify only this chain (default: every chain)"
    )
    anchor = parser.add_mutually_exclusive_group()
    anchor.add_argument(
        "--anchor",
        metavar="SEQUENCE:HASH",
        help="a head published earlier (SEQUENCE:HASH, or just HASH): the "
        "chain must still hold it",
    )
    anchor.add_argument(
        "--anchor-file",
        metavar="FILE",
        help="an anchor file (from --save-anchor or Workspace.save_anchor): "
        "every chain it names must still hold its head",
    )
    parser.add_argument(
        "--expect-count",
        type=_count,
        metavar="N",
        help="the journal must hold at least N events (fewer: events removed)",
    )
    parser.add_argument(
        "--save-anchor",
        metavar="FILE",
        help="when every chain verifies, write their heads to FILE (an anchor "
        "file for --anchor-file; may be the same file)",
    )
    parser.add_argument(
        "--fold",
        action="store_true",
        help="also fold every event as a Workspace would (see gridgov doctor)",
    )
    parser.add_argument(
        "--township",
        help="with --fold: a township directory (default: the one the journal "
        "records, or the sample)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_verify)
