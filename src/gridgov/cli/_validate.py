"""
``gridgov validate``: check spec files and print every located error.

Whatever the files hold, validate prints a report and exits 1 if any file is
invalid, 0 only if all are valid; it writes nothing but its report. Text that
the terminal cannot show (a lone surrogate, a character outside the console's
code page) is printed as a backslash escape, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from gridgov.errors import GridgovError, SpecError
from gridgov.io.township import load_township

__all__ = ["VALIDATORS", "register_validate"]


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


def _say(text: str) -> None:
    """Print *text*, escaping what the output's encoding cannot carry."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    safe = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    print(safe)


def _problems(err: GridgovError) -> list[dict[str, str]]:
    if isinstance(err, SpecError):
        return [{"path": p.path, "message": p.message} for p in err.problems]
    return [{"path": "", "message": str(err)}]


def _run_validate(args: argparse.Namespace) -> int:
    loader = VALIDATORS[args.kind]
    results: list[dict[str, Any]] = []
    for path in args.specs:
        try:
            results.append({"spec": path, "ok": True, "summary": loader(path)})
        except GridgovError as err:
            results.append({"spec": path, "ok": False, "problems": _problems(err)})
    if args.json:
        _say(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            if result["ok"]:
                _say(f"OK  {result['spec']}: {result['summary']}")
                continue
            count = len(result["problems"])
            _say(f"BAD {result['spec']}: {count} problem(s)")
            for p in result["problems"]:
                where = f"{p['path']}: " if p["path"] else ""
                _say(f"  {where}{p['message']}")
    return 0 if all(r["ok"] for r in results) else 1


def register_validate(sub: Any) -> None:
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
