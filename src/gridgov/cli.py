"""
The gridgov command line: ``gridgov demo``, ``gridgov validate SPEC...``.

Each subcommand is one ``_register_*`` function that adds its parser and sets
``run`` (a function from the parsed arguments to an exit code); `SUBCOMMANDS`
lists them in help order, so adding a subcommand is adding one function.
Validators for ``gridgov validate --kind`` live in `VALIDATORS`.

>>> main(["validate", "--help"])  # doctest: +ELLIPSIS
usage: gridgov validate [-h] [--kind {township}] [--json] SPEC [SPEC ...]
...
0
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from gridgov._version import __version__
from gridgov.errors import GridgovError, SpecError
from gridgov.io.township import load_township, sample_township_path
from gridgov.roster import check_all, summarize

__all__ = ["SUBCOMMANDS", "VALIDATORS", "main"]

DEMO_DAY = date(2026, 5, 8)
"""The day of the source article (河南日报, 5月8日) used by the demo."""


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


VALIDATORS: dict[str, Callable[[str], str]] = {"township": _validate_township}
"""Spec kinds ``gridgov validate`` understands: kind → loader returning a summary.

A loader raises `gridgov.errors.SpecError` with every located problem."""


# -- demo ---------------------------------------------------------------------


def _run_demo(args: argparse.Namespace) -> int:
    roster = load_township(sample_township_path())
    on: date = args.on
    summary = summarize(roster, on)
    findings = check_all(roster, on)
    if args.json:
        from gridgov.io.export import to_json  # noqa: PLC0415

        print(to_json({"summary": summary, "findings": findings}))
        return 0
    print("\n".join(summary.lines()))
    worker = next(w for w in roster.workers.values() if w.name == "茹雪梅")
    homes = roster.households_of(worker.id, on)
    print(f"Lookup: {worker.role.zh} {worker.name} looks after {len(homes)} 户 on {on}")
    print(f"Findings 检查结果 ({len(findings)}):")
    for finding in findings:
        print(f"  {finding}")
    return 0


def _register_demo(sub: Any) -> None:
    parser = sub.add_parser(
        "demo",
        help="load the sample township (裴村社区) and show its structure and findings",
        description="Load the sample township shipped with gridgov (义马市新区街道"
        "裴村社区), print its regions with household counts, its workforce by role, "
        "its Party overlay, and the roster findings (partition, coverage, spans).",
    )
    parser.add_argument(
        "--on", type=_day, default=DEMO_DAY, help="the day to look at (YYYY-MM-DD)"
    )
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


SUBCOMMANDS: list[Callable[[Any], None]] = [_register_demo, _register_validate]
"""The subcommand registrars, in help order."""


def build_parser() -> argparse.ArgumentParser:
    """Return the ``gridgov`` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="gridgov",
        description="gridgov: grassroots grid governance (网格化服务管理) tools.",
    )
    parser.add_argument("--version", action="version", version=f"gridgov {__version__}")
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
    return run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
