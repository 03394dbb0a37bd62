"""
The gridgov command line: demo, validate, plan, report, verify, doctor.

* ``gridgov demo`` shows the sample township (裴村社区), builds it in a SQLite
  journal (a temporary directory unless ``--db``), simulates a month of visits,
  patrols, cases, claims and activities with a progress bar on stderr, and
  prints the month's report;
* ``gridgov init PLACE`` creates a township folder that validates and reports at
  once; ``gridgov template households|workers`` writes a blank 台账 (XLSX or CSV);
* ``gridgov validate SPEC...`` checks spec files and prints every located error;
* ``gridgov plan --worker W --week 2026-W48`` prints a worker's visit plan;
* ``gridgov report --period 2026-11`` prints a period report (Markdown, HTML or
  JSON) or writes it with ``--format xlsx|csv --output FILE``, one sheet per section;
* ``gridgov export households|cases|coverage|plan|ranking`` writes a table as XLSX
  or CSV with Chinese headers, personal numbers masked unless ``--unmasked``;
* ``gridgov verify DB`` walks a journal's hash chains read-only (every chain of
  a PostgreSQL database, or ``--chain``), given ``--anchor``/``--expect-count``
  also catches a cut tail, and with ``--fold`` folds it as a Workspace would;
* ``gridgov doctor DB`` checks that a journal reopens: chain, fold, calendar,
  and ``--set-aside SEQUENCE`` records that the fold skips a refused event.
* ``gridgov visit``, ``patrol``, ``case open|fire|escalate``, ``claim
  file|step``, ``order`` and ``run CMD.json`` record the day's work: each builds
  one command value and executes it on ``--db`` (``_write``: one table of verbs,
  one path with the request key, ``--at``, ``--actor``, ``--json``);
* ``gridgov import visits FILE`` records a 走访台账 (CSV or XLSX): a dry run
  unless ``--apply``, every bad row located, all rows in one transaction.

Every subcommand takes ``--help``; most take ``--json``. A failure exits
non-zero with the error's message on stderr (never a traceback), in Chinese
(``gridgov plan：错误：找不到人员编号 W99``) or with ``--lang en`` in English
(`error_line`). When the
reader of stdout goes away (``gridgov plan … | head``), the command stops
quietly: no BrokenPipeError traceback, the rest of its output is dropped
(stdout is pointed at the null device) and it exits 141, the code a shell
reports for a writer stopped by SIGPIPE (128 + 13), as ``yes | head`` does
under ``set -o pipefail``. ``gridgov -v``
shows what the journal and the Workspace log (``-vv``: every batch), on stderr,
with personal numbers masked as everywhere (see `gridgov.logs`).

Each subcommand is one ``register_*`` function, in the private module of its
family (``_demo``, ``_validate``, ``_workspace`` for plan, report and verify),
that adds its parser and sets ``run`` (a function from the parsed arguments to
an exit code); `SUBCOMMANDS` lists them in help order, so adding a subcommand
is adding one function. Validators for ``gridgov validate --kind`` live in
`VALIDATORS`.

>>> main(["validate", "--help"])  # doctest: +ELLIPSIS
usage: gridgov validate [-h]
                        [--kind {directory,rulebook,township,visit-policy,workflow}]
...
0
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from gridgov._version import __version__
from gridgov.cli._demo import register_demo
from gridgov.cli._doctor import register_doctor
from gridgov.cli._export import register_export
from gridgov.cli._import import register_import
from gridgov.cli._init import register_init, register_template
from gridgov.cli._usage import parser_class, wanted_lang
from gridgov.cli._validate import VALIDATORS, register_validate
from gridgov.cli._workspace import register_plan, register_report, register_verify
from gridgov.cli._write import register_write
from gridgov.errors import GridgovError
from gridgov.labels import LANGS, describe
from gridgov.logs import ROOT

__all__ = ["CLOSED_PIPE", "SUBCOMMANDS", "VALIDATORS", "error_line", "main"]


SUBCOMMANDS: list[Callable[[Any], None]] = [
    register_demo,
    register_init,
    register_template,
    register_validate,
    register_plan,
    register_report,
    register_export,
    register_verify,
    register_doctor,
    register_write,
    register_import,
]
"""The subcommand registrars, in help order."""


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """Return the ``gridgov`` argument parser; its usage errors speak *lang*."""
    parser = parser_class(lang)(
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
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="the language of the output: zh (Chinese, the default) or en (English)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(sub)
    for command in sub.choices.values():
        _lang_after_the_command(command)
    return parser


def _lang_after_the_command(parser: argparse.ArgumentParser) -> None:
    """
    Accept ``--lang`` after the command too (``gridgov plan … --lang en``).

    SUPPRESS keeps the global value when it is not given there (a subparser's
    default would overwrite it); a command that defines ``--lang`` itself keeps
    its own.
    """
    with contextlib.suppress(argparse.ArgumentError):
        parser.add_argument(
            "--lang",
            choices=LANGS,
            default=argparse.SUPPRESS,
            help="the language of the output: zh (Chinese, the default) or en",
        )


CLOSED_PIPE = 141
"""The exit code when stdout's reader went away: 128 + SIGPIPE (13)."""


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code.

    ``--help``, ``--version`` and usage errors return their code instead of exiting.
    A closed stdout (``| head``) returns `CLOSED_PIPE` without a traceback.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        _silence_stdout()
        return CLOSED_PIPE
    return code


def _silence_stdout() -> None:
    """
    Point stdout at the null device, so the interpreter's last flush succeeds.

    The standard recipe (Python docs, "Note on SIGPIPE"): what is still
    buffered goes nowhere instead of raising again at exit.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a stream without a descriptor
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(wanted_lang(words))
    try:
        args = parser.parse_args(words)
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
            print(error_line(args.command, err, args.lang), file=sys.stderr)
            return 1


def error_line(command: str, err: GridgovError, lang: str = "zh") -> str:
    """
    The line a failed command prints on stderr, in *lang*.

    Chinese (the default) says the error in people's words
    (`gridgov.labels.describe`: a spec's problems one per line, a refusal from
    its fields) and keeps the English message of an error it cannot say;
    ``--lang en`` prints the English message, as ``str(err)`` reads.

    >>> from gridgov.errors import UnknownEntityError
    >>> print(error_line("plan", UnknownEntityError("worker", "W99")))
    gridgov plan：错误：找不到人员编号 W99
    >>> print(error_line("plan", UnknownEntityError("worker", "W99"), "en"))
    gridgov plan: error: unknown worker 'W99'
    """
    if lang == "en":
        return f"gridgov {command}: error: {err}"
    return f"gridgov {command}：错误：{describe(err)}"


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
