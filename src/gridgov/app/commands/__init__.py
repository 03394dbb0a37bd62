"""
Workspace commands as values (命令), grouped by the engine they drive.

Every command is a frozen attrs value carrying what is asked, who asks, when
(``at``) and its idempotency key (``key``); `gridgov.app.Workspace.execute`
runs any of them through the one unit of work. The Workspace's methods
(`record_visit`, `fire_case` …) are typed conveniences that build one and
execute it. Commands read and write as JSON (`command_to_json`,
`command_from_json`), tagged by their class name, so a queue, a web handler
or the CLI can carry them:

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ
>>> cmd = RecordVisit(
...     household="PC0001",
...     worker="W06",
...     at=datetime(2026, 11, 2, 9, tzinfo=CHINA_TZ),
...     key="req-1",
... )
>>> text = command_to_json(cmd)
>>> command_from_json(text) == cmd
True
>>> cmd.subject, cmd.request_key
('visits:PC0001', 'req-1')

See docs/embedding.md for the table of subjects and keys.
"""

from __future__ import annotations

import json
from typing import Any

from gridgov.app.commands import case_sweeps, cases, claims, shop, visits, volunteers
from gridgov.app.commands._base import Command, Decision, Handler
from gridgov.app.commands.case_sweeps import EscalateDue, ReviseDeadlines
from gridgov.app.commands.cases import (
    AcceptCase,
    EscalateCase,
    FireCase,
    OpenCase,
    SuperviseCase,
)
from gridgov.app.commands.claims import FileClaim, RecogniseClaim, StepClaim
from gridgov.app.commands.shop import CancelOrder, HandOver, PlaceOrder, Restock
from gridgov.app.commands.visits import MoveHousehold, RecordPatrol, RecordVisit
from gridgov.app.commands.volunteers import OrderService, RecordActivity
from gridgov.app.requests import command_converter
from gridgov.errors import InvalidValueError
from gridgov.io.converter import structure

__all__ = [
    "COMMANDS",
    "HANDLERS",
    "AcceptCase",
    "CancelOrder",
    "Command",
    "Decision",
    "EscalateCase",
    "EscalateDue",
    "FileClaim",
    "FireCase",
    "HandOver",
    "Handler",
    "MoveHousehold",
    "OpenCase",
    "OrderService",
    "PlaceOrder",
    "RecogniseClaim",
    "RecordActivity",
    "RecordPatrol",
    "RecordVisit",
    "Restock",
    "ReviseDeadlines",
    "StepClaim",
    "SuperviseCase",
    "command_from_json",
    "command_to_json",
]

HANDLERS: dict[type[Command[Any]], Handler[Any, Any]] = {
    **visits.HANDLERS,
    **cases.HANDLERS,
    **case_sweeps.HANDLERS,
    **claims.HANDLERS,
    **shop.HANDLERS,
    **volunteers.HANDLERS,
}
"""Every command kind and its handler."""

COMMANDS: dict[str, type[Command[Any]]] = {c.__name__: c for c in HANDLERS}
"""Every command kind by its name (the ``"type"`` tag of its JSON)."""


def command_to_json(command: Command[Any]) -> str:
    """
    A command as JSON text: its fields and ``"type": <its kind>``.

    Lossless, like the journal's own encoding (a command sent on a queue must
    arrive as it was given), so personal numbers typed into its fields are not
    masked: treat the text as the journal's data, not as an export.
    """
    data = command_converter().unstructure(command)
    return json.dumps(
        {"type": type(command).__name__, **data},
        ensure_ascii=False,
        sort_keys=True,
    )


def command_from_json(text: str | bytes) -> Command[Any]:
    """
    Read a command written by `command_to_json` (or by any client).

    Raises:
        SpecError: Not JSON, an unknown kind, or fields that do not fit it
            (every problem, by its path).
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidValueError("command", "JSON text", f"{exc}") from None
    if not isinstance(data, dict):
        raise InvalidValueError("command", "a JSON object", type(data).__name__)
    kind = data.pop("type", None)
    cls = COMMANDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InvalidValueError("command", f"one of {', '.join(COMMANDS)}", kind)
    command: Command[Any] = structure(
        data, cls, converter=command_converter(), source=f"command {kind}"
    )
    return command
