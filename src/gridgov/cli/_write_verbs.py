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
from collections.abc import Callable
from typing import Any

import attrs

from gridgov.cli import _write_builders as b

__all__ = ["WRITE_VERBS", "WriteVerb"]

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


WRITE_VERBS: tuple[WriteVerb, ...] = (
    WriteVerb(
        ("visit",),
        "走访登记：记录一次走访（填写发现问题则同时立案）。",
        "Record a visit; with --problem, also open a case from it.",
        b.visit_arguments,
        b.visit_command,
        actor=("worker",),
        example="gridgov visit PC0001 --actor W06 --kind phone --note 身体好 --db t.db",
    ),
    WriteVerb(
        ("patrol",),
        "巡查登记：记录一次网格巡查及其发现的问题（每个问题立案）。",
        "Record a patrol and its findings; each finding opens a case.",
        b.patrol_arguments,
        b.patrol_command,
        actor=("worker",),
        example="gridgov patrol 410381003002001 --actor W01 --checklist fire --db t.db",
    ),
    WriteVerb(
        ("case", "open"),
        "受理：受理一件事项。",
        "Receive (open) a case.",
        b.case_open_arguments,
        b.case_open_command,
        roles=True,
        example="gridgov case open C-1 --category 路灯不亮 --region 410381003002001 "
        "--actor W01 --db t.db",
    ),
    WriteVerb(
        ("case", "fire"),
        "办理：在事项上执行一个流程环节（立案、派遣、处置、调解……）。",
        "Fire a workflow command on a case (register, dispatch, mediate …).",
        b.case_fire_arguments,
        b.case_fire_command,
        roles=True,
        example="gridgov case fire C-1 register --actor 接线员 --role operator "
        "--db t.db",
    ),
    WriteVerb(
        ("case", "escalate"),
        "上报：把事项上报上级单位（对方接收后生效）。",
        "Escalate a case to a unit higher up (it moves once accepted).",
        b.case_escalate_arguments,
        b.case_escalate_command,
        roles=True,
        example="gridgov case escalate C-1 --to-unit PC-TWH --to-level village "
        '--reason "涉及多户" --actor W06 --db t.db',
    ),
    WriteVerb(
        ("claim", "file"),
        "积分申报：为一户申报积分。",
        "File a points claim for a household.",
        b.claim_file_arguments,
        b.claim_file_command,
        example="gridgov claim file J-1 --account PC0001 --fact kind=volunteer "
        "--number hours=3 --actor W06 --db t.db",
    ),
    WriteVerb(
        ("claim", "step"),
        "积分审核：核实、公示、异议、驳回或认定一项申报。",
        "Take a claim's next step: verify, publicise, object, reject or recognise.",
        b.claim_step_arguments,
        b.claim_step_command,
        roles=True,
        example="gridgov claim step J-1 verify --actor 网格员 --role grid_worker "
        "--db t.db",
    ),
    WriteVerb(
        ("order",),
        "积分兑换：在积分超市下一张兑换单（冻结积分、预留库存）。",
        "Place a points-supermarket order (holds points, reserves stock).",
        b.order_arguments,
        b.order_command,
        actor=(),
        example="gridgov order DH-1 --account PC1485 --item soap=1 --db t.db",
    ),
    WriteVerb(
        ("run",),
        "执行命令：执行一条写成 JSON 的命令（任何一种命令）。",
        "Execute any command written as JSON (command_from_json's form).",
        b.run_arguments,
        b.run_command,
        actor=("actor", "worker"),
        actor_required=False,
        roles=True,
        example="gridgov run visit.json --db t.db",
    ),
)
"""Every writing verb, in help order (``gridgov import visits`` is separate)."""
