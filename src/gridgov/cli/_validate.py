"""
``gridgov validate``: check spec files and print every located error.

Whatever the files hold, validate prints a report and exits 1 if any file is
invalid, 0 only if all are valid; it writes nothing but its report. Text that
the terminal cannot show (a lone surrogate, a character outside the console's
code page) is printed as a backslash escape, never as a traceback.

Without ``--kind`` each argument's kind is told from what it is (`detect_kind`):
a folder is a township directory (checked whole, by `gridgov.app.load_config`);
a file by its top-level keys, matched against the fields of each kind's spec
class (``villages`` and ``household_tables`` make a township, ``floor`` and
``triggers`` a visit policy, ``flow`` a workflow …). The report says which kind
it took (``按走访制度检查`` / ``checked as a visit policy``); a file whose keys
fit no kind, or two equally, gets one message naming the kinds and ``--kind``.

Problems print in Chinese by default (``kind：应为 'urban'、'rural'、'dedicated'
之一，实为 'suburban'``) and in English with ``--lang en``; ``--json`` gives each
problem's path, its English ``message``, its ``code`` and its ``text`` in the
chosen language.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from gridgov.errors import GridgovError, SpecError, SpecProblem
from gridgov.io.township import load_township
from gridgov.labels import Lang, describe, problem_line

__all__ = [
    "KIND_NAMES",
    "VALIDATORS",
    "UnknownKindError",
    "detect_kind",
    "kind_argument",
    "register_validate",
]


def _pick(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _validate_township(path: str, lang: str = "zh") -> str:
    roster = load_township(path)
    regions, households = len(roster.regions), len(roster.households)
    workers = len(roster.workers)
    return _pick(
        lang,
        f"花名册 {roster.name}：{regions} 个区划，{households} 户，"
        f"{workers} 名网格人员",
        f"township {roster.name}: {regions} regions, {households} households, "
        f"{workers} workers",
    )


def _validate_rulebook(path: str, lang: str = "zh") -> str:
    from gridgov.io.rulebook import load_rulebook  # noqa: PLC0415

    book = load_rulebook(path)
    name, count = book.spec.name_zh, len(book.rules)
    return _pick(
        lang,
        f"积分细则 {name}（{book.version} 版）：{count} 条规则",
        f"rule book {name} v{book.version}: {count} rules",
    )


def _validate_visit_policy(path: str, lang: str = "zh") -> str:
    from gridgov.io.visits import load_visit_policy  # noqa: PLC0415

    policy = load_visit_policy(path).policy
    count = len(policy.rules)
    return _pick(
        lang,
        f"走访制度 {policy.name}：{count} 条规则",
        f"visit policy {policy.name}: {count} rules",
    )


def _validate_workflow(path: str, lang: str = "zh") -> str:
    from gridgov.io.workflows import load_workflow  # noqa: PLC0415

    flow = load_workflow(path).flow
    count = len(flow.states)
    return _pick(
        lang,
        f"事件办理流程 {flow.spec.label_zh or flow.name}：{count} 个环节",
        f"workflow {flow.name}: {count} states",
    )


def _validate_directory(path: str, lang: str = "zh") -> str:
    from gridgov.app import load_config  # noqa: PLC0415

    if not (Path(path) / "township.toml").is_file():
        raise SpecError([SpecProblem.of("", "no_township")], source=path)
    config = load_config(path)
    parts = [
        _pick(lang, zh, en)
        for zh, en, present in (
            ("积分细则", "rule book", config.rulebook),
            ("走访制度", "visit policy", config.visit_policy),
            ("办理时限", "deadlines", config.deadlines),
            ("升级规则", "escalation", config.escalation),
        )
        if present is not None
    ]
    name = config.roster.name
    households, flows = len(config.roster.households), len(config.workflows)
    workers = len(config.roster.workers)
    if lang == "en":
        extras = ", ".join(parts) or "roster only"
        return (
            f"township directory {name}: {households} households, {workers} "
            f"workers, {flows} workflows, {extras}"
        )
    extras = "、".join(parts) or "仅花名册"
    return (
        f"乡镇文件夹 {name}：{households} 户，{workers} 名网格人员，"
        f"{flows} 个办理流程，{extras}"
    )


VALIDATORS: dict[str, Callable[[str, str], str]] = {
    "township": _validate_township,
    "rulebook": _validate_rulebook,
    "visit-policy": _validate_visit_policy,
    "workflow": _validate_workflow,
    "directory": _validate_directory,
}
"""Spec kinds ``gridgov validate`` understands: kind → loader returning a summary.

A loader takes the path and the language (``"zh"`` or ``"en"``) and raises
`gridgov.errors.SpecError` with every located problem."""


def _say(text: str) -> None:
    """Print *text*, escaping what the output's encoding cannot carry."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    safe = text.encode(encoding, "backslashreplace").decode(encoding, "replace")
    print(safe)


KIND_NAMES: Mapping[str, tuple[str, str]] = {
    "township": ("花名册", "a township roster"),
    "rulebook": ("积分细则", "a points rule book"),
    "visit-policy": ("走访制度", "a visit policy"),
    "workflow": ("事件办理流程", "a case workflow"),
    "directory": ("乡镇文件夹", "a township directory"),
}
"""Each kind's name in Chinese and English, for "checked as …"."""

_SCHEMA_KINDS = {
    "township": "township",
    "rulebook": "rulebook",
    "visit-policy": "visit_policy",
    "workflow": "workflow",
}


_FILE_KINDS = {
    "township.toml": "township",
    "rulebook.toml": "rulebook",
    "visit_policy.toml": "visit-policy",
}
"""The kind a file of a township directory holds, by its name (breaks ties)."""


class UnknownKindError(SpecError):
    """A file whose kind cannot be told from its top-level keys: pass ``--kind``."""


def _fields() -> dict[str, frozenset[str]]:
    from gridgov.io.schema import spec_kind  # noqa: PLC0415

    return {
        kind: frozenset(f.name for f in attrs.fields(spec_kind(schema).cls))
        for kind, schema in _SCHEMA_KINDS.items()
    }


def _unknown_kind(path: str, keys: list[str]) -> UnknownKindError:
    problem = SpecProblem.of(
        "",
        "unknown_kind",
        keys=", ".join(keys) or "none",
        key_list=tuple(keys),
        kinds="; ".join(f"{k} ({en})" for k, (_, en) in KIND_NAMES.items()),
        kinds_zh="、".join(zh for zh, _ in KIND_NAMES.values()),
    )
    return UnknownKindError([problem], source=path)


def detect_kind(path: str) -> str:
    """
    The kind of spec *path* holds: ``directory`` for a folder, else by its keys.

    Each kind scores the top-level keys it has as fields (a key only one kind
    has counts double) less the keys it does not have; the best score wins,
    and a tie goes to the kind the file's name has in a township directory
    (``visit_policy.toml``, ``workflows/…``).

    Raises:
        SpecError: The file cannot be read or parsed (located problems).
        UnknownKindError: No kind fits, or two fit equally (the message lists
            the kinds and ``--kind``; its problem is said in Chinese by
            `gridgov.labels.problem_text`).
    """
    if Path(path).is_dir():
        return "directory"
    from gridgov.io.documents import spec_data  # noqa: PLC0415

    data, _ = spec_data(path)
    keys = [str(k) for k in data if not str(k).startswith("$")]
    fields = _fields()
    owners = {k: [kind for kind, names in fields.items() if k in names] for k in keys}
    scores = {
        kind: sum((2 if len(owners[k]) == 1 else 1) if k in names else -1 for k in keys)
        for kind, names in fields.items()
    }
    best = max(scores.values(), default=0)
    winners = [kind for kind, score in scores.items() if score == best]
    if best > 0 and len(winners) > 1:  # a tie: the township layout's file name
        named = _FILE_KINDS.get(Path(path).name)
        if Path(path).parent.name == "workflows":
            named = "workflow"
        winners = [k for k in winners if k == named] or winners
    if best <= 0 or len(winners) != 1:
        raise _unknown_kind(path, keys)
    return winners[0]


def _problems(err: GridgovError, lang: Lang) -> list[dict[str, str]]:
    """
    Each problem: its path, its English message, its code and its text in *lang*.

    ``message`` stays English whatever the language (scripts read it);
    ``text`` is the line the report prints (`gridgov.labels.problem_line`).
    """
    if isinstance(err, SpecError):
        return [
            {
                "path": p.path,
                "message": p.message,
                "code": p.code,
                "text": problem_line(p, lang),
            }
            for p in err.problems
        ]
    return [{"path": "", "message": str(err), "code": "", "text": describe(err, lang)}]


def _check(path: str, kind: str | None, lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {"spec": path, "kind": kind, "detected": kind is None}
    try:
        chosen = kind or detect_kind(path)
        result["kind"] = chosen
        result["summary"] = VALIDATORS[chosen](path, lang)
    except GridgovError as err:
        result.update(ok=False, problems=_problems(err, "en" if lang == "en" else "zh"))
    else:
        result["ok"] = True
    return result


def _checked_as(result: dict[str, Any], lang: str) -> str:
    kind = result.get("kind")
    if kind is None:
        return ""
    zh, en = KIND_NAMES[kind]
    return f" (checked as {en})" if lang == "en" else f"（按{zh}检查）"


def _run_validate(args: argparse.Namespace) -> int:
    lang = str(getattr(args, "lang", "zh") or "zh")
    results = [_check(path, args.kind, lang) for path in args.specs]
    if args.json:
        _say(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            shown = f"{result['spec']}{_checked_as(result, lang)}"
            colon = ": " if lang == "en" or not _checked_as(result, lang) else "："
            if result["ok"]:
                _say(f"OK  {shown}{colon}{result['summary']}")
                continue
            count = len(result["problems"])
            noun = "problem(s)" if lang == "en" else "处问题"
            _say(f"BAD {shown}{colon}{count} {noun}")
            for p in result["problems"]:
                _say(f"  {p['text']}")
    return 0 if all(r["ok"] for r in results) else 1


def kind_argument(text: str) -> str:
    """
    ``--kind``: a kind's name, or its Chinese name (``走访制度`` → ``visit-policy``).

    >>> kind_argument("走访制度"), kind_argument("workflow")
    ('visit-policy', 'workflow')
    """
    by_zh = {zh: kind for kind, (zh, _) in KIND_NAMES.items()}
    return by_zh.get(text.strip(), text.strip())


def register_validate(sub: Any) -> None:
    parser = sub.add_parser(
        "validate",
        help="check spec files and print every located error",
        description="Check spec files (TOML or JSON) or township folders. Each "
        "file's kind is told from its keys unless --kind; prints every problem "
        "with its path; exits 1 if any spec is invalid, 0 otherwise.",
    )
    parser.add_argument(
        "specs", nargs="+", metavar="SPEC", help="spec files or township folders"
    )
    parser.add_argument(
        "--kind",
        choices=sorted(VALIDATORS),
        type=kind_argument,
        default=None,
        help="what kind of spec the files are, by name or Chinese name (花名册, "
        "积分细则, 走访制度, 事件办理流程, 乡镇文件夹); default: told from each "
        "file's top-level keys, a folder being a township directory",
    )
    parser.add_argument("--json", action="store_true", help="print JSON results")
    parser.set_defaults(run=_run_validate)
