"""
``gridgov import visits``: a visit ledger (走访台账) recorded as visits, all or nothing.

The file (CSV or XLSX, Chinese or English headers) is read by
`gridgov.io.visit_tables`; each row becomes a `gridgov.app.commands.RecordVisit`:

* **who**: the 工号 column, or the 网格员 column by name (one worker of that
  name on the roster; else the row is refused, naming the candidates);
* **when**: the day, at its 时间 or 09:00, China time;
* **its key**: ``import-`` and a digest of what the row says (day, time,
  household, worker, way, text): importing the same ledger again, or the
  ledger with rows added, records each visit once. A row edited after it was
  imported is a new visit.

Every row is checked — its cells, then against the roster, by the very
handler that records it — before anything is written; every problem is
reported by file, line and column, and then nothing is written (exit 1).
Without ``--apply`` it is a dry run: it prints what would be recorded and
writes nothing. With ``--apply`` the rows go to the journal in one
transaction (`gridgov.app.Workspace.transaction`): an import that fails or
is stopped half-way records nothing. A progress bar shows on stderr when it
is a terminal, or always with ``--progress``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from gridgov._masking import mask_in_text
from gridgov.cli._common import WORKDAY_START, progress_bar
from gridgov.cli._write import add_journal_options, open_for_write
from gridgov.domain.privacy import mask_name as masked_name
from gridgov.errors import (
    GridgovError,
    ImportRowsError,
    RowProblem,
    UnknownEntityError,
    closest,
    problem_message,
)

if TYPE_CHECKING:
    from gridgov.app import Workspace
    from gridgov.app.commands import RecordVisit
    from gridgov.io.visit_tables import VisitRow, VisitTable

__all__ = ["IMPORT_KEY_PREFIX", "import_key", "register_import"]

IMPORT_KEY_PREFIX = "import-"
"""The start of the request key of an imported row (see `import_key`)."""


@attrs.frozen
class _Planned:
    """A row and the visit it records."""

    row: VisitRow
    command: RecordVisit
    recorded_before: bool


def import_key(row: VisitRow, worker: str) -> str:
    """
    The request key of *row*, recorded by *worker*: ``import-`` and a digest.

    Of what the row says (`gridgov.io.visit_tables.VisitRow.content`) with the
    worker's id, so a name or an id in the ledger gives the same key.
    """
    content = (*row.content[:3], worker, *row.content[5:])
    text = json.dumps(content, ensure_ascii=False)
    return IMPORT_KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:20]


def _worker(row: VisitRow, table: VisitTable, ws: Workspace) -> str:
    """The id of the worker *row* names (by 工号, or by name), or CellError."""
    workers = ws.state.roster.workers
    if row.worker:
        if row.worker not in workers:
            hint = closest(row.worker, list(workers))
            raise _RowError(
                table.header_of("worker"), "unknown_worker", suggestion=hint
            )
        if row.worker_name and workers[row.worker].name != row.worker_name:  # type: ignore[index]  # a plain str names a worker id
            raise _RowError(
                table.header_of("worker_name"),
                "worker_name_mismatch",
                worker=row.worker,
                name=row.worker_name,
            )
        return row.worker
    named = sorted(w.id for w in workers.values() if w.name == row.worker_name)
    if len(named) == 1:
        return named[0]
    column = table.header_of("worker_name")
    if named:
        ids = ", ".join(named)
        raise _RowError(column, "worker_name_ambiguous", count=len(named), ids=ids)
    hint = closest(row.worker_name, [w.name for w in workers.values()])
    raise _RowError(column, "worker_name_unknown", suggestion=hint)


class _RowError(Exception):
    """A row that cannot become a visit: the column and why (a problem code)."""

    def __init__(self, column: str, code: str, /, **params: Any) -> None:
        super().__init__(problem_message(code, params))
        self.column = column
        self.code = code
        self.params = params


def _plan(table: VisitTable, ws: Workspace) -> tuple[list[_Planned], list[RowProblem]]:
    """Each good row's visit; the rows whose worker is not found."""
    from gridgov.app.commands import RecordVisit  # noqa: PLC0415
    from gridgov.domain.spans import CHINA_TZ  # noqa: PLC0415

    planned: list[_Planned] = []
    problems: list[RowProblem] = []
    for row in table.rows:
        try:
            worker = _worker(row, table, ws)
        except _RowError as err:
            problems.append(
                RowProblem(
                    row.line, err.column, str(err), code=err.code, params=err.params
                )
            )
            continue
        at = datetime.combine(row.day, row.time or WORKDAY_START, tzinfo=CHINA_TZ)
        command = RecordVisit(
            household=row.household,
            worker=worker,
            at=at,
            kind=row.kind,
            note=row.note,
            problem=row.problem,
            key=import_key(row, worker),
        )
        before = ws.state.seen(command.subject, command.request_key) is not None
        planned.append(_Planned(row, command, before))
    return planned, problems


def _column(err: GridgovError, table: VisitTable) -> str:
    """The column a refusal is about (an unknown household …), else the row."""
    kind = getattr(err, "kind", None) or getattr(err, "name", None)
    if isinstance(err, UnknownEntityError) and kind in ("household", "worker"):
        return table.header_of(kind)
    if kind == "household":
        return table.header_of("household")
    return ""


class _DryRun(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside the transaction to drop it: a dry run, or bad rows."""


def _record(
    ws: Workspace,
    planned: Sequence[_Planned],
    table: VisitTable,
    *,
    write: bool,
    progress: Callable[[int, int, str], None] | None,
) -> list[RowProblem]:
    """
    Execute every row in one transaction; keep it only if *write* and all pass.

    Each row is decided by the handler that records it, so a dry run finds
    what an import would refuse; a refused row is reported and the others go
    on, then the block is dropped.
    """
    problems: list[RowProblem] = []
    step = max(1, len(planned) // 100)
    # The block is dropped by raising out of it: nothing reaches the journal.
    with contextlib.suppress(_DryRun), ws.transaction():
        for n, item in enumerate(planned, start=1):
            try:
                ws.execute(item.command)
            except GridgovError as err:
                column = _column(err, table)
                problems.append(
                    RowProblem(
                        item.row.line,
                        column,
                        str(err),
                        code="refused",
                        params={"error": err},
                    )
                )
            if progress is not None and (n % step == 0 or n == len(planned)):
                progress(n, len(planned), item.row.day.isoformat())
        if problems or not write:
            raise _DryRun
    return problems


def _row_line(item: _Planned, ws: Workspace, lang: str) -> str:
    cmd = item.command
    roster = ws.state.roster
    home = roster.households.get(cmd.household)  # type: ignore[call-overload]  # a plain str names a household id
    # English shows the 户号 alone: a masked name is no name.
    named = home is not None and home.members and lang != "en"
    head = f"（{masked_name(home.members[0].name)}）" if named else ""
    who = roster.workers[cmd.worker].name  # type: ignore[index]  # a plain str names a worker id
    when = cmd.when.strftime("%Y-%m-%d %H:%M")
    en = lang == "en"
    parts = [
        f"line {item.row.line}" if en else f"第 {item.row.line} 行",
        when,
        f"{cmd.household}{head}" if en else f"户 {cmd.household}{head}",
        f"{who} ({cmd.worker})" if en else f"{who}（{cmd.worker}）",
        cmd.kind.value if en else cmd.kind.zh,
        mask_in_text(cmd.note),
    ]
    if cmd.problem:
        found = "problem: " if en else "发现问题："
        parts.append(found + mask_in_text(cmd.problem))
    if item.recorded_before:
        parts.append("(recorded before)" if en else "（此前已登记）")
    return "  " + "  ".join(p for p in parts if p)


def _summary(
    table: VisitTable, new: int, before: int, *, applied: bool, lang: str
) -> str:
    source = table.source
    if lang == "en":
        if applied:
            return f"{source}: {new} visit(s) recorded, {before} recorded before"
        return (
            f"{source}: dry run: {new} visit(s) would be recorded, {before} were "
            "recorded before; nothing written (--apply records them)"
        )
    if applied:
        return f"{source}：已登记 {new} 条走访，{before} 条此前已登记"
    return (
        f"{source}：试运行：将登记 {new} 条走访，{before} 条此前已登记；"
        "未写入任何内容（加 --apply 写入）"
    )


def _json(
    table: VisitTable,
    planned: Sequence[_Planned],
    problems: Sequence[RowProblem],
    *,
    applied: bool,
) -> str:
    from gridgov.io.export import to_json  # noqa: PLC0415

    visits = [
        {
            "line": p.row.line,
            "at": p.command.when.isoformat(),
            "household": p.command.household,
            "worker": p.command.worker,
            "kind": p.command.kind.value,
            "note": p.command.note,
            "problem": p.command.problem,
            "key": p.command.request_key,
            "recorded_before": p.recorded_before,
        }
        for p in planned
    ]
    new = sum(not p.recorded_before for p in planned)
    data: dict[str, Any] = {
        "source": table.source,
        "applied": applied,
        "new": 0 if problems else new,
        "recorded_before": len(planned) - new,
        "visits": visits,
        "problems": [
            {"line": p.line, "column": p.column, "message": p.message} for p in problems
        ],
    }
    return to_json(data)


def _run_import_visits(args: argparse.Namespace) -> int:
    from gridgov.io.visit_tables import read_visits  # noqa: PLC0415

    lang = getattr(args, "lang", "zh")
    table = read_visits(args.file, sheet=args.sheet, on_error="skip")
    problems = list(table.skipped)
    shown = args.progress or sys.stderr.isatty()
    label = "Importing" if lang == "en" else "导入走访"
    with open_for_write(args, keep_created=args.apply) as ws:
        planned, unplaced = _plan(table, ws)
        problems += unplaced
        write = args.apply and not problems
        problems += _record(
            ws,
            planned,
            table,
            write=write,
            progress=progress_bar(label) if shown else None,
        )
        problems.sort(key=lambda p: p.line)
        applied = write and not problems
        lines = [_row_line(p, ws, lang) for p in planned] if not args.apply else []
    new = sum(not p.recorded_before for p in planned)
    if args.json:
        print(_json(table, planned, problems, applied=applied))
        if problems:
            print(ImportRowsError(problems, source=table.source), file=sys.stderr)
        return 1 if problems else 0
    if lines:
        print("\n".join(lines))
    if problems:
        raise ImportRowsError(problems, source=table.source)
    print(_summary(table, new, len(planned) - new, applied=applied, lang=lang))
    return 0


def register_import(sub: Any) -> None:
    """Add ``gridgov import visits``."""
    parser = sub.add_parser(
        "import",
        help="导入台账：把走访台账登记为走访。 Import a ledger (台账) into a journal.",
        description="导入台账。Import a ledger (台账) into a journal.",
    )
    kinds = parser.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    visits = kinds.add_parser(
        "visits",
        help="走访台账 a visit ledger (CSV or XLSX)",
        description="把走访台账（CSV 或 XLSX；中文或英文表头：日期、户号、网格员/工号、"
        "方式、情况/备注……）登记为走访。默认试运行：列出将登记的走访和每个有问题的行"
        "（文件、行、列），不写入；加 --apply 才写入，全部成功或全部不写。\n"
        "Record a visit ledger (CSV or XLSX; Chinese or English headers) as "
        "visits. A dry run by default: it lists what would be recorded and every "
        "bad row (file, line, column) and writes nothing; --apply records them, "
        "all or nothing. Each row's key is derived from what it says, so "
        "importing the same ledger again records nothing twice.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="例 example: gridgov import visits 走访台账.csv --db t.db --apply",
    )
    visits.add_argument("file", metavar="FILE", help="the ledger: .csv or .xlsx")
    visits.add_argument("--sheet", help="XLSX: the sheet (default: the first)")
    visits.add_argument(
        "--apply", action="store_true", help="record the visits (default: dry run)"
    )
    visits.add_argument(
        "--progress",
        action="store_true",
        help="show a progress bar on stderr even when it is not a terminal",
    )
    add_journal_options(visits)
    visits.set_defaults(run=_run_import_visits, command="import visits")
