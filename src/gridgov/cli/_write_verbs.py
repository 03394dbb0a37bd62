"""
The table of the CLI's writing verbs: what each one asks and the command it builds.

Each `WriteVerb` adds its own arguments and turns them into a command written
as JSON data (``{"type": "RecordVisit", ...}``, the form `gridgov run` reads),
without ``at``, ``key`` and the actor: `gridgov.cli._write` adds those, by one
rule for every verb, and runs the command. So a verb is only a builder; a new
verb is one row of `WRITE_VERBS`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from gridgov.cases.vocabulary import CaseSource, Urgency
from gridgov.cli._common import iso_day
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError
from gridgov.visits.policy import VisitKind

__all__ = ["WRITE_VERBS", "WriteVerb", "pair"]

Builder = Callable[[argparse.Namespace], dict[str, Any]]


@attrs.frozen
class WriteVerb:
    """
    One writing verb of the CLI (``gridgov visit``, ``gridgov case open`` …).

    Attributes:
        path: Its words after ``gridgov`` (``("case", "open")``).
        help_zh: What it does, in Chinese (the first line of its help).
        help_en: The same in English.
        arguments: Adds its own arguments to its parser.
        build: Its arguments → the command as JSON data (with ``"type"``),
            without ``at``, ``key`` or the actor.
        actor: The command fields ``--actor`` may fill (the first the command
            has and its data lacks: ``("worker",)`` for a visit); empty: the
            command records no actor.
        actor_required: Whether ``--actor`` must be given.
        roles: Whether the actor may act in ``--role`` roles (a case or claim
            workflow's roles); else ``--actor`` is a plain id.
        example: A command line, for the help's epilog and docs/cli.md.
    """

    path: tuple[str, ...]
    help_zh: str
    help_en: str
    arguments: Callable[[argparse.ArgumentParser], None]
    build: Builder
    actor: tuple[str, ...] = ("actor",)
    actor_required: bool = True
    roles: bool = False
    example: str = ""

    @property
    def name(self) -> str:
        """Its words, as typed (``case open``)."""
        return " ".join(self.path)


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


def _visit_arguments(parser: argparse.ArgumentParser) -> None:
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


def _visit(args: argparse.Namespace) -> dict[str, Any]:
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


def _patrol_arguments(parser: argparse.ArgumentParser) -> None:
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


def _patrol(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "type": "RecordPatrol",
        "region": args.region,
        "checklists": args.checklist,
        "findings": args.finding,
        "open_cases": not args.no_cases,
    }


# -- cases --------------------------------------------------------------------


def _case_open_arguments(parser: argparse.ArgumentParser) -> None:
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


def _case_open(args: argparse.Namespace) -> dict[str, Any]:
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


def _case_fire_arguments(parser: argparse.ArgumentParser) -> None:
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


def _case_fire(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "type": "FireCase",
        "case_id": args.case_id,
        "command": args.workflow_command,
        "fields": dict(args.field),
        "claim_for": args.claim_for,
    }


def _case_escalate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case_id", metavar="CASE", help="事项编号 the case's id")
    parser.add_argument("--to-unit", required=True, help="接收单位 the unit sent to")
    parser.add_argument(
        "--to-level",
        required=True,
        choices=_choices(Level),
        help="上报层级 that unit's level (village 村社区, town 乡镇街道 …)",
    )
    parser.add_argument("--reason", required=True, help="上报理由 why")


def _case_escalate(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "type": "EscalateCase",
        "case_id": args.case_id,
        "to_unit": args.to_unit,
        "to_level": args.to_level,
        "reason": args.reason,
    }


# -- points claims, the supermarket -------------------------------------------


def _claim_file_arguments(parser: argparse.ArgumentParser) -> None:
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


def _claim_file(args: argparse.Namespace) -> dict[str, Any]:
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


def _claim_step_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("claim_id", metavar="CLAIM", help="申报编号 the claim's id")
    parser.add_argument(
        "step",
        choices=_STEPS,
        help="verify 核实, publicise 公示, object 异议, reject 驳回, recognise 认定",
    )
    parser.add_argument("--note", default="", help="the reason (to object or reject)")


def _claim_step(args: argparse.Namespace) -> dict[str, Any]:
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


def _order_arguments(parser: argparse.ArgumentParser) -> None:
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


def _order(args: argparse.Namespace) -> dict[str, Any]:
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


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="CMD.json",
        help="a command as JSON (command_to_json's form); - reads stdin",
    )


def _run(args: argparse.Namespace) -> dict[str, Any]:
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


WRITE_VERBS: tuple[WriteVerb, ...] = (
    WriteVerb(
        ("visit",),
        "走访登记：记录一次走访（填写发现问题则同时立案）。",
        "Record a visit; with --problem, also open a case from it.",
        _visit_arguments,
        _visit,
        actor=("worker",),
        example="gridgov visit PC0001 --actor W06 --kind phone --note 身体好 --db t.db",
    ),
    WriteVerb(
        ("patrol",),
        "巡查登记：记录一次网格巡查及其发现的问题（每个问题立案）。",
        "Record a patrol and its findings; each finding opens a case.",
        _patrol_arguments,
        _patrol,
        actor=("worker",),
        example="gridgov patrol 410381003002001 --actor W01 --checklist fire --db t.db",
    ),
    WriteVerb(
        ("case", "open"),
        "受理：受理一件事项。",
        "Receive (open) a case.",
        _case_open_arguments,
        _case_open,
        roles=True,
        example="gridgov case open C-1 --category 路灯不亮 --region 410381003002001 "
        "--actor W01 --db t.db",
    ),
    WriteVerb(
        ("case", "fire"),
        "办理：在事项上执行一个流程环节（立案、派遣、处置、调解……）。",
        "Fire a workflow command on a case (register, dispatch, mediate …).",
        _case_fire_arguments,
        _case_fire,
        roles=True,
        example="gridgov case fire C-1 register --actor 接线员 --role operator "
        "--db t.db",
    ),
    WriteVerb(
        ("case", "escalate"),
        "上报：把事项上报上级单位（对方接收后生效）。",
        "Escalate a case to a unit higher up (it moves once accepted).",
        _case_escalate_arguments,
        _case_escalate,
        roles=True,
        example="gridgov case escalate C-1 --to-unit PC-TWH --to-level village "
        '--reason "涉及多户" --actor W06 --db t.db',
    ),
    WriteVerb(
        ("claim", "file"),
        "积分申报：为一户申报积分。",
        "File a points claim for a household.",
        _claim_file_arguments,
        _claim_file,
        example="gridgov claim file J-1 --account PC0001 --fact kind=volunteer "
        "--number hours=3 --actor W06 --db t.db",
    ),
    WriteVerb(
        ("claim", "step"),
        "积分审核：核实、公示、异议、驳回或认定一项申报。",
        "Take a claim's next step: verify, publicise, object, reject or recognise.",
        _claim_step_arguments,
        _claim_step,
        roles=True,
        example="gridgov claim step J-1 verify --actor 网格员 --role grid_worker "
        "--db t.db",
    ),
    WriteVerb(
        ("order",),
        "积分兑换：在积分超市下一张兑换单（冻结积分、预留库存）。",
        "Place a points-supermarket order (holds points, reserves stock).",
        _order_arguments,
        _order,
        actor=(),
        example="gridgov order DH-1 --account PC1485 --item soap=1 --db t.db",
    ),
    WriteVerb(
        ("run",),
        "执行命令：执行一条写成 JSON 的命令（任何一种命令）。",
        "Execute any command written as JSON (command_from_json's form).",
        _run_arguments,
        _run,
        actor=("actor", "worker"),
        actor_required=False,
        roles=True,
        example="gridgov run visit.json --db t.db",
    ),
)
"""Every writing verb, in help order (``gridgov import visits`` is separate)."""
