"""
The CLI's writing verbs, and the one path every one of them takes to the journal.

``gridgov visit``, ``patrol``, ``case open|fire|escalate``, ``claim file|step``,
``order`` and ``run`` are generated from one table
(`gridgov.cli._write_verbs.WRITE_VERBS`); each verb only builds a command value
(`gridgov.app.commands`) as JSON data, the form ``gridgov run CMD.json`` reads.
Everything else is here, once, for every verb:

* the options: ``--db`` (required), ``--township``, ``--no-verify``,
  ``--create``, ``--key``, ``--at``, ``--actor`` (and ``--role``), ``--json``,
  ``--lang``;
* **when**: ``--at`` (an ISO time, China time unless it says otherwise; a day
  alone is 09:00), by default now;
* **the request key**: ``--key``; else the key the JSON gives (``run``); else
  the command's own when its id is the request (``open`` for a case, ``filed``
  for a claim, ``placed`` for an order); else ``cli-`` and a digest of the
  command's kind, its business payload and its time — the day when ``--at`` is
  not given — so the same shell line run again (the same day) is the same
  request and records nothing twice;
* **the journal**: an existing ``--db`` is checked as ``plan`` and ``report``
  check it (its township, its hash chain); a missing file is refused unless
  ``--create``, and a journal created for a command that is then refused is
  removed again;
* **the outcome**: the result in Chinese (``--lang en``: English), or as JSON
  with personal numbers masked (``--json``); a repeated request prints the same
  and says on stderr that nothing new was written; a refusal exits 1 with one
  line on stderr and writes nothing.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.cli._common import iso_moment, township_specs
from gridgov.cli._write_show import result_lines
from gridgov.cli._write_verbs import WRITE_VERBS, WriteVerb
from gridgov.errors import UnknownEntityError
from gridgov.labels import LANGS

if TYPE_CHECKING:
    from gridgov.app import Workspace
    from gridgov.app.commands import Command

__all__ = [
    "CLI_KEY_PREFIX",
    "add_journal_options",
    "cli_key",
    "open_for_write",
    "register_write",
]

CLI_KEY_PREFIX = "cli-"
"""The start of a request key the CLI derives (see `cli_key`)."""


def add_journal_options(parser: argparse.ArgumentParser) -> None:
    """Add the options saying which journal and how to answer (``--db`` …)."""
    parser.add_argument(
        "--db",
        required=True,
        help="日志 the journal: a SQLite file or a postgresql:// URL",
    )
    parser.add_argument(
        "--township",
        help="乡镇目录 a township directory (default: the one the journal "
        "records; with --create, the sample 裴村社区)",
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help="新建 create the journal file if it does not exist (else refused: "
        "a mistyped path must not start an empty journal)",
    )
    parser.add_argument(
        "--no-verify",
        action="store_true",
        help="use the journal even if its hash chain does not verify",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the result as JSON (personal numbers masked)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=argparse.SUPPRESS,
        help="language of the output: zh 中文 (default) or en English",
    )


def _add_request_options(parser: argparse.ArgumentParser, verb: WriteVerb) -> None:
    parser.add_argument(
        "--key",
        help="请求键 the request's idempotency key (default: derived from the "
        "command's content and its day, or its --at: the same line run again "
        "records nothing twice)",
    )
    parser.add_argument(
        "--at",
        type=iso_moment,
        help="发生时间 when it happened: 2026-11-02T09:30 (China time unless an "
        "offset is given; a day alone is 09:00); default: now",
    )
    if verb.actor:
        parser.add_argument(
            "--actor",
            *(["--worker"] if verb.actor == ("worker",) else []),
            required=verb.actor_required,
            help="经办人 who does it: a worker id (W06) or a unit or person's id",
        )
    if verb.roles:
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            help="with --actor: a role the actor acts in (operator, mediator, "
            "committee …; repeat); a roster worker's own roles need none",
        )


def _now() -> datetime:
    from gridgov.domain.spans import CHINA_TZ  # noqa: PLC0415

    return datetime.now(CHINA_TZ).replace(microsecond=0)


def cli_key(command: Command[Any], *, exact_time: bool) -> str:
    """
    The request key the CLI derives for *command* when none is given.

    ``cli-`` and a digest of its kind, its business payload (every field but
    ``at`` and ``key``) and its time: the day (China time) unless
    *exact_time*.
    """
    from gridgov.app.requests import business_payload  # noqa: PLC0415
    from gridgov.domain.spans import CHINA_TZ  # noqa: PLC0415

    at = command.when.astimezone(CHINA_TZ)
    when = at.isoformat() if exact_time else at.date().isoformat()
    text = json.dumps(
        [type(command).__name__, business_payload(command), when],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return CLI_KEY_PREFIX + hashlib.sha256(text.encode()).hexdigest()[:20]


def _actor(args: argparse.Namespace) -> str | dict[str, Any]:
    roles: list[str] = getattr(args, "role", [])
    if roles:
        return {"id": args.actor, "roles": sorted(set(roles))}
    actor: str = args.actor
    return actor


def _command(verb: WriteVerb, args: argparse.Namespace) -> Command[Any]:
    """The verb's command, with its time, actor and request key."""
    from gridgov.app.commands import COMMANDS, command_from_json  # noqa: PLC0415

    data = verb.build(args)
    tag = data.get("type")
    kind = COMMANDS.get(tag) if isinstance(tag, str) else None
    fields = attrs.fields_dict(kind) if kind is not None else {}
    exact = args.at is not None or "at" in data
    data.setdefault("at", (args.at or _now()).isoformat())
    actor = getattr(args, "actor", None)
    if actor is not None:
        name = next((f for f in verb.actor if f in fields and f not in data), None)
        if name is not None:
            data[name] = _actor(args)
    given = args.key or data.get("key")
    # A placeholder lets a command whose key is required be read; it is
    # replaced below (the business payload never includes the key).
    data["key"] = given or "-"
    command = command_from_json(json.dumps(data, ensure_ascii=False))
    if given:
        return command
    key = (
        None if command.default_key is not None else cli_key(command, exact_time=exact)
    )
    changes: dict[str, Any] = {"key": key}
    return attrs.evolve(command, **changes)


def _remove_journal(db: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(db + suffix).unlink(missing_ok=True)


@contextmanager
def open_for_write(
    args: argparse.Namespace, *, keep_created: bool = True
) -> Iterator[Workspace]:
    """
    The Workspace of ``--db`` for a writing command (closed at the end).

    An existing journal is checked as ``plan`` and ``report`` check it (its
    township, its hash chain unless ``--no-verify``). A missing file is
    created with ``--create`` (for ``--township``, or the sample township) and
    removed again if the block raises (a refused first command leaves no
    journal behind), or in any case unless *keep_created* (a dry run).

    Raises:
        UnknownEntityError: A missing file without ``--create``.
    """
    from gridgov.app import Workspace  # noqa: PLC0415
    from gridgov.cli._workspace import _workspace  # noqa: PLC0415
    from gridgov.journal.opening import is_postgres  # noqa: PLC0415

    db: str = args.db
    if is_postgres(db) or Path(db).exists():
        with _workspace(args) as ws:
            yield ws
        return
    if not args.create:
        raise UnknownEntityError(
            "journal file", db, hint="pass --create to start a new journal there"
        )
    specs = township_specs(args.township, None)
    ws = Workspace.open(db, specs.config, specs=specs.directory)
    try:
        with ws:
            yield ws
    except BaseException:
        _remove_journal(db)
        raise
    if not keep_created:
        _remove_journal(db)


def _run_verb(verb: WriteVerb, args: argparse.Namespace) -> int:
    """Build the verb's command, execute it on the journal, print the result."""
    from gridgov.io.export import to_json  # noqa: PLC0415

    command = _command(verb, args)
    lang = getattr(args, "lang", "zh")
    with open_for_write(args) as ws:
        # Asked before executing: a command may rightly record nothing new.
        with ws.lock:
            ws.refresh()
            prior = ws.state.request(command.subject, command.request_key)
        result = ws.execute(command)
        repeated = prior is not None
        lines = [] if args.json else result_lines(command, result, ws, lang)
    if args.json:
        print(
            to_json(
                {
                    "command": type(command).__name__,
                    "subject": command.subject,
                    "key": command.request_key,
                    "result": result,
                }
            )
        )
    else:
        print("\n".join(lines))
    if repeated:
        print(_repeat_note(args, command, lang), file=sys.stderr)
    return 0


def _repeat_note(args: argparse.Namespace, command: Command[Any], lang: str) -> str:
    from gridgov._masking import mask_in_text  # noqa: PLC0415

    if lang == "en":
        key = mask_in_text(command.request_key)
        return (
            f"gridgov {args.command}: note: request {key} was recorded before; "
            "nothing new was written"
        )
    return f"gridgov {args.command}：说明：此请求此前已登记，本次未重复写入"


def _verb_parser(sub: Any, verb: WriteVerb) -> None:
    parser = sub.add_parser(
        verb.path[-1],
        help=f"{verb.help_zh} {verb.help_en}",
        description=f"{verb.help_zh}\n{verb.help_en}",
        epilog=f"例 example: {verb.example}" if verb.example else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verb.arguments(parser)
    _add_request_options(parser, verb)
    add_journal_options(parser)
    # Messages name the whole verb: "gridgov case fire: error: …".
    parser.set_defaults(run=functools.partial(_run_verb, verb), command=verb.name)


_GROUPS = {
    "case": (
        "事项办理：受理、办理、上报。",
        "Open a case, fire a command on it, escalate it.",
    ),
    "claim": ("积分申报与审核。", "File a points claim, take its next step."),
}


def register_write(sub: Any) -> None:
    """Add every writing verb of `WRITE_VERBS` (``visit`` … ``run``)."""
    groups: dict[str, Any] = {}
    for verb in WRITE_VERBS:
        if len(verb.path) == 1:
            _verb_parser(sub, verb)
            continue
        group = verb.path[0]
        if group not in groups:
            zh, en = _GROUPS[group]
            parser = sub.add_parser(group, help=f"{zh} {en}", description=f"{zh}\n{en}")
            groups[group] = parser.add_subparsers(
                dest=f"{group}_action", metavar="ACTION", required=True
            )
        _verb_parser(groups[group], verb)
