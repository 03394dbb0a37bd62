"""
``gridgov export TABLE``, and where every exported file goes.

``gridgov export households|cases|coverage|plan|ranking --db … [--format
xlsx|csv] [--output FILE]`` writes one of the tables the Workspace shows, with
the Chinese headers of its notebook table (`gridgov.io.sheets.table_sheet`),
for the township or one ``--grid``, ``--village`` or ``--worker``. Every table
takes the same path: read it from the Workspace (`TABLES`), then write it as
XLSX (`gridgov.io.workbook.table_to_xlsx`) or CSV
(`gridgov.io.csv_export.table_to_csv`). ``gridgov report --format xlsx|csv``
writes through the same `write_output`.

The format is ``--format``, or else the suffix of ``--output`` (``.xlsx`` or
``.csv``), or else CSV. CSV without ``--output`` goes to stdout; XLSX needs
``--output`` (a workbook is not text). A file is written whole or not at all.
ID and phone numbers are masked unless ``--unmasked``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gridgov.cli._common import iso_day
from gridgov.domain.periods import parse_period
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import GridgovError, InvalidValueError

if TYPE_CHECKING:
    from gridgov.app import ScopedView, Workspace

__all__ = ["FORMATS", "TABLES", "register_export", "write_output"]

FORMATS = ("xlsx", "csv")
"""The export formats."""


class OptionRequiredError(GridgovError):
    """An option this export needs was not given (the message says why)."""

    def __init__(self, option: str, why: str) -> None:
        self.option = option
        super().__init__(f"{option} is needed: {why}")


def export_format(
    args: argparse.Namespace,
    *,
    default: str = "csv",
    text_suffixes: tuple[str, ...] = (),
) -> str:
    """
    ``--format``, else the suffix of ``--output`` (xlsx, csv), else *default*.

    Without ``--format``, an ``--output`` whose suffix is neither an export
    format nor one of *text_suffixes* (``report`` writes .md, .html, .json)
    is refused: ``x.pdf`` would get a file that is not what its name says.

    Raises:
        InvalidValueError: An ``--output`` suffix this command cannot write.
    """
    chosen: str | None = args.format
    if chosen:
        return chosen
    if not args.output:
        return default
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    if suffix in text_suffixes:
        return default
    listed = [
        f".{s}" for s in (*FORMATS, *text_suffixes) if s not in {"markdown", "txt"}
    ]
    known = f"{', '.join(listed[:-1])} or {listed[-1]}"
    raise InvalidValueError(
        "--output", f"a file ending in {known} (or --format)", args.output
    )


def write_output(
    args: argparse.Namespace,
    *,
    xlsx: Callable[[Path], None] | None = None,
    csv: Callable[[Path | TextIO], None] | None = None,
    text: str | None = None,
) -> int:
    """
    Write an export where ``--format`` and ``--output`` say; return the exit code.

    *xlsx* writes a workbook to a path, *csv* CSV to a path or a stream; or
    *text* (a Markdown or HTML report) is written as it is. Without
    ``--output`` CSV and text go to stdout. After writing a file, one line on
    stderr says where.

    Raises:
        OptionRequiredError: XLSX without ``--output``.
    """
    output: str | None = args.output
    path = None if output is None else Path(output)
    if text is not None:
        if path is None:
            print(text)
        else:
            from gridgov.io.sheets import atomic_target  # noqa: PLC0415

            with atomic_target(path) as tmp:
                tmp.write_text(text, encoding="utf-8")
    elif export_format(args) == "xlsx" and xlsx is not None:
        if path is None:
            raise OptionRequiredError(
                "--output", "--format xlsx writes a workbook file, not text"
            )
        xlsx(path)
    elif csv is not None:
        csv(sys.stdout if path is None else path)
    if path is not None:
        lang = getattr(args, "lang", "zh")
        done = f"已写入 {path}" if lang == "zh" else f"wrote {path}"
        print(f"gridgov {args.command}: {done}", file=sys.stderr)
    return 0


def _today() -> date:
    return datetime.now(CHINA_TZ).date()


def _day(args: argparse.Namespace) -> date:
    """The day households are taken on: ``--on``, the period's first day, today."""
    if args.on is not None:
        on: date = args.on
        return on
    start = parse_period(args.period)[1].start if args.period else None
    return start or _today()


def scoped_view(ws: Workspace, args: argparse.Namespace) -> ScopedView | None:
    """The view ``--grid``, ``--village`` or ``--worker`` asks for (`scope_options`)."""
    if not (args.grid or args.village or args.worker):
        return None
    return ws.view(
        grid=args.grid, village=args.village, worker=args.worker, on=_day(args)
    )


def _period(args: argparse.Namespace) -> str:
    if not args.period:
        raise OptionRequiredError(
            "--period", f"the {args.table} table is for a period (2026-11, 2026-W48)"
        )
    period: str = args.period
    return period


def _households(ws: Workspace, args: argparse.Namespace) -> Any:
    view = scoped_view(ws, args)
    return ws.households(_day(args)) if view is None else view.households()


def _cases(ws: Workspace, args: argparse.Namespace) -> Any:
    view = scoped_view(ws, args)
    return ws.cases() if view is None else view.cases()


def _coverage(ws: Workspace, args: argparse.Namespace) -> Any:
    view = scoped_view(ws, args)
    households = None if view is None else view.households()
    return ws.coverage(_period(args), as_of=args.as_of, households=households)


def _plan(ws: Workspace, args: argparse.Namespace) -> Any:
    if not args.worker:
        raise OptionRequiredError("--worker", "a plan is one worker's")
    return ws.plan(args.worker, _period(args), as_of=args.as_of)


def _ranking(ws: Workspace, args: argparse.Namespace) -> Any:
    """
    The points ranking, each household named by its head as a public list does.

    陈*军 (`gridgov.labels.masked_name`), the name in full with ``--unmasked``.
    """
    from gridgov.labels import masked_name  # noqa: PLC0415
    from gridgov.points import ranking  # noqa: PLC0415

    view = scoped_view(ws, args)
    scores: dict[str, int]
    if view is None:
        ledger = ws.state.ledger
        scores = {a: ledger.balance(a) for a in sorted(ledger.member_accounts())}
    else:
        scores = view.accounts()
    placed = ranking(scores, top=args.top)
    heads = {str(h.id): h.head for h in ws.state.roster.households.values()}
    names = {}
    for placing in placed:
        head = heads.get(placing.account)
        if head is not None:
            names[placing.account] = (
                head.name if args.unmasked else masked_name(head.name)
            )
    return placed.named(names)


TABLES: dict[str, tuple[Callable[[Workspace, argparse.Namespace], Any], str]] = {
    "households": (_households, "住户台账"),
    "cases": (_cases, "案件列表"),
    "coverage": (_coverage, "走访覆盖"),
    "plan": (_plan, "走访计划"),
    "ranking": (_ranking, "积分排名"),
}
"""Each exportable table: how to read it from a Workspace, its sheet's name."""


def _run_export(args: argparse.Namespace) -> int:
    from gridgov.cli._workspace import _workspace  # noqa: PLC0415
    from gridgov.io.csv_export import table_to_csv  # noqa: PLC0415
    from gridgov.io.workbook import table_to_xlsx  # noqa: PLC0415

    read, sheet_zh = TABLES[args.table]
    lang = getattr(args, "lang", "zh")
    with _workspace(args) as ws:
        table = read(ws, args)
    options: dict[str, Any] = {"lang": lang, "unmasked": args.unmasked}
    sheet = sheet_zh if lang == "zh" else args.table
    return write_output(
        args,
        xlsx=lambda path: table_to_xlsx(table, path, sheet=sheet, **options),
        csv=lambda target: table_to_csv(table, target, **options),
    )


def output_options(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """Add ``--format`` (choices *formats*) and ``--output`` to *parser*."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=None,
        help=f"the file format (default: from --output's suffix, else {formats[0]})",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="the file to write (replaced whole); CSV goes to stdout without it",
    )


def _places(text: str) -> int:
    """An argparse type: a whole number of places, 1 or more."""
    try:
        places = int(text)
    except ValueError:
        places = 0
    if places < 1:
        msg = f"expected a whole number of places, 1 or more, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return places


def scope_options(
    parser: argparse.ArgumentParser, *, worker: str = "one worker's households only"
) -> None:
    """Add a scope (``--grid``, ``--village``, ``--worker``) and its day, ``--on``."""
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--grid", help="one grid only (its code)")
    scope.add_argument("--village", help="one village only (its code)")
    scope.add_argument("--worker", help=worker)
    parser.add_argument(
        "--on",
        type=iso_day,
        default=None,
        help="the day the scope's households are taken on (default: the period's "
        "first day, else today)",
    )


def journal_options(parser: argparse.ArgumentParser) -> None:
    """
    Add ``--db``, ``--township`` and ``--no-verify``: which journal to read.

    ``plan`` and ``report`` (`gridgov.cli._workspace`) add ``--json`` too; an
    export does not (it writes a file format of its own).
    """
    parser.add_argument(
        "--db",
        help="the journal: a SQLite file or a postgresql:// URL "
        "(default: the sample township with no events)",
    )
    parser.add_argument(
        "--township",
        help="a township directory (default: the one the journal records, or "
        "the sample 裴村社区)",
    )
    parser.add_argument(
        "--no-verify",
        action="store_true",
        help="use the journal even if its hash chain does not verify",
    )


def register_export(sub: Any) -> None:
    """Add ``gridgov export``."""
    parser = sub.add_parser(
        "export",
        help="export a table (households, cases, coverage, plan, ranking) "
        "to Excel or CSV",
        description="Export one of the tables of a journal — the household 台账, "
        "the case list, visit coverage, a worker's visit plan or the points "
        "ranking — as an Excel workbook or CSV with Chinese headers. ID and "
        "phone numbers are masked unless --unmasked.",
    )
    parser.add_argument("table", choices=tuple(TABLES), help="the table to export")
    output_options(parser, ("csv", "xlsx"))
    parser.add_argument(
        "--period", help="a period label (coverage, plan): 2026-11, 2026-W48"
    )
    parser.add_argument(
        "--as-of", type=iso_day, default=None, help="the day statuses are counted on"
    )
    scope_options(parser, worker="one worker's households only (plan: whose)")
    parser.add_argument(
        "--top",
        type=_places,
        default=10,
        help="ranking: the places to show (default 10)",
    )
    parser.add_argument(
        "--unmasked",
        action="store_true",
        help="write ID and phone numbers in full (a backup; handle with care)",
    )
    journal_options(parser)
    parser.set_defaults(run=_run_export)
