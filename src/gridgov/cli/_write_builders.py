"""
The builders of the CLI's writing verbs: each verb's arguments, and its command.

A builder turns the parsed arguments into the command as JSON data (the form
``gridgov run`` reads), without ``at``, ``key`` and the actor, which
`gridgov.cli._write` adds by one rule for every verb; `gridgov.cli._write_verbs`
lists them in one table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gridgov.cases.vocabulary import CaseSource, Urgency
from gridgov.cli._common import iso_day
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError
from gridgov.visits.policy import VisitKind

__all__ = [
    "case_escalate_arguments",
    "case_escalate_command",
    "case_fire_arguments",
    "case_fire_command",
    "case_open_arguments",
    "case_open_command",
    "claim_file_arguments",
    "claim_file_command",
    "claim_step_arguments",
    "claim_step_command",
    "order_arguments",
    "order_command",
    "pair",
    "patrol_arguments",
    "patrol_command",
    "run_arguments",
    "run_command",
    "visit_arguments",
    "visit_command",
]


def pair(text: str) -> tuple[str, str]:
    """An argparse type: ``NAME=VALUE`` (a field, a fact, an item and its count)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        msg = f"expected NAME=VALUE, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return name.strip(), value.strip()


def _choices(enum: Any) -> list[str]:
    return [member.value for member in enum]


# -- field work ---------------------------------------------------------------


def visit_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov visit``."""
    parser.add_argument("household", metavar="HOUSEHOLD", help="户号 household id")
    parser.add_argument(
        "--kind",
        choices=_choices(VisitKind),
        default=VisitKind.HOME.value,
        help="走访方式: home 入户 (default), phone 电话, video 视频",
    )
    parser.add_argument("--note", default="", help="走访情况 what was found")
    parser.add_argument(
        "--problem", help="发现问题: a problem found, which opens a case (走访发现)"
    )
    parser.add_argument("--category", help="with --problem: the case's category")


def visit_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov visit`` asks for, as JSON data."""
    data: dict[str, Any] = {
        "type": "RecordVisit",
        "household": args.household,
        "kind": args.kind,
        "note": args.note,
        "problem": args.problem,
    }
    if args.category:
        data["category"] = args.category
    return data


def _finding(text: str) -> dict[str, str]:
    """An argparse type: ``CHECKLIST:ITEM[:HOUSEHOLD][=NOTE]``."""
    where, _, note = text.partition("=")
    parts = where.split(":")
    if len(parts) not in (2, 3) or not all(p.strip() for p in parts):
        msg = f"expected CHECKLIST:ITEM[:HOUSEHOLD][=NOTE], got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    finding = {"checklist": parts[0].strip(), "item": parts[1].strip()}
    if len(parts) == 3:  # noqa: PLR2004 - the optional household
        finding["household"] = parts[2].strip()
    if note.strip():
        finding["note"] = note.strip()
    return finding


def patrol_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov patrol``."""
    parser.add_argument("region", metavar="REGION", help="网格 the region's code")
    parser.add_argument(
        "--checklist",
        action="append",
        required=True,
        help="排查清单 a checklist walked (its code; repeat for several)",
    )
    parser.add_argument(
        "--finding",
        action="append",
        type=_finding,
        default=[],
        metavar="CHECKLIST:ITEM[:HOUSEHOLD][=NOTE]",
        help="发现问题 a problem found (repeat); each opens a case",
    )
    parser.add_argument(
        "--no-cases", action="store_true", help="record the findings without cases"
    )


def patrol_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov patrol`` asks for, as JSON data."""
    return {
        "type": "RecordPatrol",
        "region": args.region,
        "checklists": args.checklist,
        "findings": args.finding,
        "open_cases": not args.no_cases,
    }


# -- cases --------------------------------------------------------------------


def case_open_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov case open``."""
    parser.add_argument("case_id", metavar="CASE", help="事项编号 the new case's id")
    parser.add_argument("--category", required=True, help="事项类别 its category")
    parser.add_argument("--region", required=True, help="所在网格 the region's code")
    parser.add_argument("--title", default="", help="事项标题 a one-line summary")
    parser.add_argument("--household", help="涉及户号 the household concerned")
    parser.add_argument(
        "--source",
        choices=_choices(CaseSource),
        default=CaseSource.RESIDENT.value,
        help="问题来源 where it came from (default: resident 群众反映)",
    )
    parser.add_argument(
        "--urgency",
        choices=_choices(Urgency),
        default=Urgency.NORMAL.value,
        help="紧急程度 (default: normal 一般)",
    )
    parser.add_argument("--workflow", help="办理流程 (default: the township's)")


def case_open_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov case open`` asks for, as JSON data."""
    return {
        "type": "OpenCase",
        "case_id": args.case_id,
        "category": args.category,
        "region": args.region,
        "title": args.title,
        "household": args.household,
        "source": args.source,
        "urgency": args.urgency,
        "workflow": args.workflow,
    }


def case_fire_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov case fire``."""
    parser.add_argument("case_id", metavar="CASE", help="事项编号 the case's id")
    parser.add_argument(
        "workflow_command",
        metavar="COMMAND",
        help="办理环节 the workflow command (register …)",
    )
    parser.add_argument(
        "--field",
        action="append",
        type=pair,
        default=[],
        metavar="NAME=VALUE",
        help="a field the command needs (unit=…, result=…; repeat)",
    )
    parser.add_argument(
        "--claim-for",
        action="append",
        default=[],
        metavar="HOUSEHOLD",
        help="when it resolves the case, file a points claim for this household",
    )


def case_fire_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov case fire`` asks for, as JSON data."""
    return {
        "type": "FireCase",
        "case_id": args.case_id,
        "command": args.workflow_command,
        "fields": dict(args.field),
        "claim_for": args.claim_for,
    }


def case_escalate_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov case escalate``."""
    parser.add_argument("case_id", metavar="CASE", help="事项编号 the case's id")
    parser.add_argument("--to-unit", required=True, help="接收单位 the unit sent to")
    parser.add_argument(
        "--to-level",
        required=True,
        choices=_choices(Level),
        help="上报层级 that unit's level (village 村社区, town 乡镇街道 …)",
    )
    parser.add_argument("--reason", required=True, help="上报理由 why")


def case_escalate_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov case escalate`` asks for, as JSON data."""
    return {
        "type": "EscalateCase",
        "case_id": args.case_id,
        "to_unit": args.to_unit,
        "to_level": args.to_level,
        "reason": args.reason,
    }


# -- points claims, the supermarket -------------------------------------------


def claim_file_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov claim file``."""
    parser.add_argument("claim_id", metavar="CLAIM", help="申报编号 the new claim's id")
    parser.add_argument("--account", required=True, help="申报户号 the household")
    parser.add_argument(
        "--fact",
        action="append",
        type=pair,
        default=[],
        metavar="NAME=TEXT",
        help="a fact the rule book reads (kind=volunteer; repeat)",
    )
    parser.add_argument(
        "--number",
        action="append",
        type=pair,
        default=[],
        metavar="NAME=N",
        help="a number the rule book reads (hours=3; repeat)",
    )
    parser.add_argument(
        "--rule", action="append", default=[], help="a rule id claimed (repeat)"
    )
    parser.add_argument(
        "--evidence", action="append", default=[], help="佐证材料 (repeat)"
    )
    parser.add_argument(
        "--conduct-on", type=iso_day, help="the day of the conduct (default: today)"
    )


def _number(name: str, text: str) -> str:
    try:
        float(text)
    except ValueError:
        raise InvalidValueError(f"--number {name}", "a number", text) from None
    return text


def claim_file_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov claim file`` asks for, as JSON data."""
    return {
        "type": "FileClaim",
        "claim_id": args.claim_id,
        "account": args.account,
        "text": dict(args.fact),
        "numbers": {k: _number(k, v) for k, v in args.number},
        "rule_ids": args.rule,
        "evidence": args.evidence,
        "conduct_on": None if args.conduct_on is None else args.conduct_on.isoformat(),
    }


_STEPS = ("verify", "publicise", "object", "reject", "recognise")


def claim_step_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov claim step``."""
    parser.add_argument("claim_id", metavar="CLAIM", help="申报编号 the claim's id")
    parser.add_argument(
        "step",
        choices=_STEPS,
        help="verify 核实, publicise 公示, object 异议, reject 驳回, recognise 认定",
    )
    parser.add_argument("--note", default="", help="the reason (to object or reject)")


def claim_step_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov claim step`` asks for, as JSON data."""
    if args.step == "recognise":
        if args.note:
            raise InvalidValueError("--note", "no note with recognise", args.note)
        return {"type": "RecogniseClaim", "claim_id": args.claim_id}
    return {
        "type": "StepClaim",
        "claim_id": args.claim_id,
        "command": args.step,
        "note": args.note,
    }


def order_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov order``."""
    parser.add_argument("order_id", metavar="ORDER", help="兑换单号 the new order's id")
    parser.add_argument("--account", required=True, help="兑换户号 the household")
    parser.add_argument(
        "--item",
        action="append",
        type=pair,
        required=True,
        metavar="SKU=COUNT",
        help="an item and how many (soap=1; repeat)",
    )


def order_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov order`` asks for, as JSON data."""
    lines: dict[str, int] = {}
    for sku, count in args.item:
        if not count.isdigit() or not count.isascii() or int(count) < 1:
            raise InvalidValueError(f"--item {sku}", "a whole number >= 1", count)
        lines[sku] = lines.get(sku, 0) + int(count)
    return {
        "type": "PlaceOrder",
        "order_id": args.order_id,
        "account": args.account,
        "lines": [[sku, n] for sku, n in sorted(lines.items())],
    }


# -- any command, as JSON -----------------------------------------------------


def run_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``gridgov run``."""
    parser.add_argument(
        "file",
        metavar="CMD.json",
        help="a command as JSON (command_to_json's form); - reads stdin",
    )


def run_command(args: argparse.Namespace) -> dict[str, Any]:
    """The command ``gridgov run`` asks for, as JSON data."""
    name = "stdin" if args.file == "-" else args.file
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            text = Path(args.file).read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidValueError(name, "a command as JSON", f"{exc}") from None
    if not isinstance(data, dict):
        raise InvalidValueError(name, "a JSON object", type(data).__name__)
    return data
