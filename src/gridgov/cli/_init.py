"""
``gridgov init`` and ``gridgov template``: a new township folder, a blank 台账.

``gridgov init PLACE`` writes a township directory (`gridgov.io.scaffold`):
into ``PLACE/`` unless ``--dir``, refusing a folder that is not empty unless
``--force``. The files are staged beside the target and checked with
`gridgov.app.load_config` before they are moved into place, so the folder it
leaves validates and reports at once, and a failure leaves nothing behind.

``gridgov template households|workers`` writes a blank 台账 (`TEMPLATES` in
`gridgov.io.templates`): ``-o FILE.xlsx`` (the default, styled, with drop-down
lists and a 说明 sheet) or ``-o FILE.csv``; ``--township DIR`` takes the care
tags of the drop-down list from that township. An existing file is refused
unless ``--force``; the file is written beside its target and renamed, so it
is whole or absent.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from gridgov.errors import GridgovError, InvalidValueError, MissingExtraError
from gridgov.io.templates import TEMPLATES, template, write_table

__all__ = ["register_init", "register_template"]

_FILE_ROLES = {
    "README.md": ("说明与下一步", "what each file is, and the next commands"),
    "township.toml": ("花名册：村、网格、台账文件", "the roster: villages, grids"),
    "households.csv": ("住户台账", "the household 台账"),
    "households.xlsx": ("住户台账（Excel）", "the household 台账 in Excel"),
    "workers.csv": ("网格队伍台账", "the worker 台账"),
    "workers.xlsx": ("网格队伍台账（Excel）", "the worker 台账 in Excel"),
    "rulebook.toml": ("文明积分细则", "the points rule book"),
    "visit_policy.toml": ("走访制度", "the visit policy"),
}


class _RefusedError(GridgovError):
    """A refusal already worded for the reader (in the chosen language)."""


def _lang(args: argparse.Namespace) -> str:
    return str(getattr(args, "lang", "zh") or "zh")


def _say(args: argparse.Namespace, zh: str, en: str) -> str:
    return en if _lang(args) == "en" else zh


def _check(folder: Path) -> None:
    from gridgov.app import load_config  # noqa: PLC0415 - heavy import

    load_config(folder)


def _run_init(args: argparse.Namespace) -> int:
    from gridgov.io.scaffold import (  # noqa: PLC0415
        FolderNotEmptyError,
        UnknownWorkflowError,
        scaffold_township,
    )

    workflows = None if args.workflows is None else args.workflows.split(",")
    try:
        made = scaffold_township(
            args.place,
            args.dir,
            workflows=workflows,
            force=args.force,
            check=_check,
        )
    except UnknownWorkflowError as err:
        if _lang(args) == "en":
            raise
        titles = "、".join(err.titles.values())
        hint = (
            f"；是不是“{err.titles.get(err.suggestion, err.suggestion)}”？"
            if err.suggestion
            else "；"
        )
        raise _RefusedError(
            f"没有名为“{err.key}”的内置办理流程{hint}可选：{titles}，未写入任何文件"
        ) from None
    except InvalidValueError as err:
        if _lang(args) == "en" or err.name not in ("place", "folder"):
            raise
        if err.name == "folder":
            raise _RefusedError(
                f"{err.value} 是一个文件，不是文件夹；未写入任何文件"
            ) from None
        raise _RefusedError(
            f"地名“{args.place}”不能用作文件夹名：不能为空、不能以 . 开头、不能含 "
            '" \\ / : * ? < > | 等字符；未写入任何文件'
        ) from None
    except FolderNotEmptyError:
        target = args.dir or args.place
        raise _RefusedError(
            _say(
                args,
                f"文件夹 {target} 不是空的，未写入任何文件；请用 --dir 另选文件夹，"
                "或加 --force 覆盖 gridgov init 生成的同名文件",
                f"{target} is not empty; nothing was written: choose another "
                "folder with --dir, or pass --force to replace the files "
                "gridgov init writes",
            )
        ) from None
    if args.json:
        print(
            json.dumps(
                {
                    "directory": str(made.directory),
                    "files": list(made.files),
                    "skipped": list(made.skipped),
                    "replaced": list(made.replaced),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    _report_init(args, made.directory, made.files, made.skipped, made.replaced)
    return 0


def _workflow_role(name: str) -> tuple[str, str]:
    from gridgov.io.workflows import builtin_workflow  # noqa: PLC0415

    flow = Path(name).stem
    title = builtin_workflow(flow).flow.spec.label_zh
    return f"事件办理流程：{title}", f"a case workflow: {flow}"


def _report_init(
    args: argparse.Namespace,
    directory: Path,
    files: tuple[str, ...],
    skipped: tuple[str, ...],
    replaced: tuple[str, ...],
) -> None:
    en = _lang(args) == "en"
    count = len(files)
    print(
        f"created {directory}/ ({count} files):"
        if en
        else f"已创建 {directory}/（{count} 个文件）："
    )
    for name in files:
        zh_role, en_role = _FILE_ROLES.get(name) or _workflow_role(name)
        print(f"  {name:<34} {en_role if en else zh_role}")
    for name in replaced:
        print(f"  replaced: {name}" if en else f"  已覆盖：{name}")
    for name in skipped:
        print(
            f"  not written: {name} (needs openpyxl: pip install 'gridgov[excel]')"
            if en
            else f"  未写入：{name}（需安装 openpyxl：pip install 'gridgov[excel]'）"
        )
    shown = args.dir or args.place
    print("next:" if en else "下一步：")
    print(f"  gridgov validate {shown}")
    print(f"  gridgov report --township {shown} --period 2026-11")


def register_init(sub: Any) -> None:
    """Add ``gridgov init``."""
    parser = sub.add_parser(
        "init",
        help="create a township folder that validates and reports at once",
        description="Create a township directory for PLACE (e.g. 杏花村): "
        "township.toml, households and workers as CSV and XLSX with Chinese "
        "headers, a rule book, a visit policy, workflows and a README. "
        "Refuses a folder that is not empty unless --force.",
    )
    parser.add_argument("place", metavar="PLACE", help="the place's name, e.g. 杏花村")
    parser.add_argument("--dir", help="the folder to create (default: PLACE)")
    parser.add_argument(
        "--workflows",
        metavar="A,B",
        help="built-in workflows to copy into workflows/, by name or Chinese "
        "title (default: all; digital_city 数字城管闭环, five_matters 五事工作法, "
        "four_deliberations 四议两公开, mediation 矛盾纠纷调解)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty, replacing same-named files",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead")
    parser.set_defaults(run=_run_init)


def _run_template(args: argparse.Namespace) -> int:
    chosen = template(args.kind)
    target = Path(args.output or f"{chosen.title_zh}.xlsx")
    if target.exists() and not args.force:
        raise _RefusedError(
            _say(
                args,
                f"{target} 已存在，未写入；换一个文件名，或加 --force 覆盖",
                f"{target} exists; nothing was written: choose another name or "
                "pass --force",
            )
        )
    care_tags = None
    if args.township:
        from gridgov.io.township import load_township  # noqa: PLC0415

        care_tags = load_township(Path(args.township) / "township.toml").vocabulary
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".template-") as tmp:
        staged = Path(tmp) / target.name
        try:
            write_table(chosen, staged, care_tags=care_tags)
        except MissingExtraError:
            if _lang(args) == "en":
                raise
            raise _RefusedError(
                "写 Excel 模板需要安装 openpyxl：pip install 'gridgov[excel]'；"
                "或用 -o 文件名.csv 写 CSV 模板"
            ) from None
        staged.replace(target)
    print(
        _say(
            args,
            f"已写入空白{chosen.title_zh}：{target}（{len(chosen.columns)} 列）",
            f"wrote a blank {chosen.kind} template: {target} "
            f"({len(chosen.columns)} columns)",
        )
    )
    return 0


def register_template(sub: Any) -> None:
    """Add ``gridgov template``."""
    parser = sub.add_parser(
        "template",
        help="write a blank 台账 (households, workers) as XLSX or CSV",
        description="Write a blank 台账 with Chinese headers: XLSX with a styled "
        "header row, drop-down lists for care tags and roles, and a 说明 sheet; "
        "or CSV (UTF-8 with BOM, opens in Excel).",
    )
    parser.add_argument("kind", choices=sorted(TEMPLATES), help="which 台账")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="FILE.xlsx or FILE.csv (default: the 台账's Chinese title, .xlsx)",
    )
    parser.add_argument(
        "--township",
        metavar="DIR",
        help="take the care tags of the drop-down list from this township",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace FILE if it exists"
    )
    parser.set_defaults(run=_run_template)
