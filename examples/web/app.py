"""
A small JSON API over one gridgov Workspace (Starlette).

``create_app(target)`` opens ONE `gridgov.app.Workspace` on a journal (a SQLite
file, ``":memory:"`` or a ``postgresql://`` URL) and shares it between the
server's threads: every handler runs the Workspace call in Starlette's thread
pool, and the Workspace's own lock orders them. Several server processes may
each hold their own app on the same journal: the unit of work appends with the
version of every stream it read and, when another process got in first, catches
up and decides again, so a command no longer allowed is refused exactly as if
it had come second in one process.

Routes:

``POST /commands``
    A command as JSON (``gridgov.app.commands.command_from_json``: a ``"type"``
    tag and its fields). The ``Idempotency-Key`` header is its key when the
    body has none. With ``X-Worker: W06`` the command runs through that
    worker's scoped view (and must act in the worker's own name); without it,
    through the whole Workspace (the back office). A retried request (same
    subject, key and business payload) is answered from the record and gets the
    header ``Idempotent-Replayed: true`` (when this process saw the record
    before deciding; a retry racing its original in another process is
    answered the same, without the header).
``GET /cases/{case_id}``
    A case, through the signed-in worker's view if any.
``GET /households/{household}/balance``
    A household's points balance, likewise.

Every refusal is an RFC 9457 problem (``application/problem+json``: ``type``,
``title``, ``status``, ``detail``, ``instance``), its status taken from one
table, `PROBLEMS`. A 5xx never carries the error's text or a traceback: the
server logs it under a reference the problem names.

``X-Worker`` stands in for authentication here: a real deployment takes the
worker from its session or token, never from a header the client chose.

Serve it (uvicorn is not a dependency of gridgov; install it to try)::

    GRIDGOV_JOURNAL=town.db uvicorn --app-dir examples/web --factory app:app_from_env
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gridgov.app import Claim, ScopedView, Workspace, WorkspaceConfig
from gridgov.app.commands import Command, command_from_json
from gridgov.cases import Case
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    ConcurrencyError,
    DuplicateEntityError,
    GridgovError,
    IdempotencyConflictError,
    ImportRowsError,
    InvalidValueError,
    LedgerError,
    ScopeError,
    SpecError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.flow import Actor
from gridgov.io.converter import unstructure
from gridgov.journal import StoreError
from gridgov.logs import get_logger
from gridgov.types import Clock

__all__ = [
    "PROBLEMS",
    "PROBLEM_TYPES",
    "Api",
    "Problem",
    "SystemClock",
    "app_from_env",
    "case_json",
    "claim_json",
    "create_app",
    "problem_for",
    "read_command",
    "result_json",
]

_log = get_logger("gridgov.web")

PROBLEM_TYPES = "https://gridgov.readthedocs.io/en/latest/embedding.html#problem-"
"""The problem ``type`` URIs are this prefix and the row's slug (documented there)."""


class SystemClock:
    """The machine's clock, in China time (a view's day is today's)."""

    def now(self) -> datetime:
        """Now, timezone-aware."""
        return datetime.now(CHINA_TZ)


# -- refusals as problems ---------------------------------------------------------


def _reason(*reasons: str) -> Callable[[BaseException], bool]:
    """Match a `TransitionRefusedError` refused for one of *reasons*."""
    return lambda exc: getattr(exc, "reason", None) in reasons


@attrs.frozen
class Problem:
    """
    One row of the refusal table: an error class and the problem it becomes.

    Attributes:
        error: The exception class (its subclasses match too).
        status: The HTTP status.
        slug: The end of the problem ``type`` URI.
        title: A short summary, the same for every occurrence.
        members: Attributes of the error copied into the problem (extensions).
        when: An extra test on the error (the first matching row wins).
        retry_after: Seconds for ``Retry-After`` (set: the request may be
            retried as it is, with the same key).
        expose: Whether the error's own text is the ``detail`` (never for 5xx).
    """

    error: type[BaseException]
    status: int
    slug: str
    title: str
    members: tuple[str, ...] = ()
    when: Callable[[BaseException], bool] | None = None
    retry_after: int | None = None
    expose: bool = True

    def matches(self, exc: BaseException) -> bool:
        """Whether this row applies to *exc*."""
        return isinstance(exc, self.error) and (self.when is None or self.when(exc))


_STEP = ("command", "state", "reason", "allowed")

PROBLEMS: tuple[Problem, ...] = (
    Problem(ScopeError, 403, "out-of-scope", "Outside the signed-in user's scope"),
    Problem(
        UnknownEntityError, 404, "unknown-entity", "No such record", ("kind", "key")
    ),
    Problem(
        IdempotencyConflictError,
        409,
        "idempotency-conflict",
        "The key was already used for another request",
        ("key",),
    ),
    Problem(
        ConcurrencyError,
        409,
        "concurrent-update",
        "Others kept changing what the command reads; send it again",
        retry_after=1,
    ),
    Problem(
        TransitionRefusedError,
        403,
        "role-refused",
        "The workflow does not let this actor do that",
        _STEP,
        when=_reason("role"),
    ),
    Problem(
        TransitionRefusedError,
        422,
        "missing-field",
        "The step needs a field the command does not carry",
        _STEP,
        when=_reason("field"),
    ),
    Problem(
        TransitionRefusedError,
        409,
        "transition-refused",
        "Not allowed in the record's current state",
        _STEP,
    ),
    Problem(LedgerError, 409, "ledger-refused", "The points ledger refuses it now"),
    Problem(DuplicateEntityError, 409, "duplicate", "Already exists", ("kind", "key")),
    Problem(
        SpecError, 422, "invalid-command", "The command does not fit", ("problems",)
    ),
    Problem(ImportRowsError, 422, "invalid-rows", "Bad rows", ("problems",)),
    Problem(
        InvalidValueError, 422, "invalid-value", "A value is out of range", ("name",)
    ),
    Problem(
        StoreError,
        503,
        "journal-unavailable",
        "The journal cannot be reached; nothing was recorded",
        retry_after=5,
        expose=False,
    ),
    Problem(GridgovError, 500, "internal", "Internal error", expose=False),
    Problem(Exception, 500, "internal", "Internal error", expose=False),
)
"""How every refusal is answered, first matching row first (see the README)."""


def _plain(value: object) -> Any:
    """*value* as JSON data (tuples as lists, anything else as text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in value]
    return str(value)


def problem_for(exc: BaseException, instance: str) -> JSONResponse:
    """The problem response for *exc*, by the first row of `PROBLEMS` it matches."""
    row = next(p for p in PROBLEMS if p.matches(exc))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPES + row.slug,
        "title": row.title,
        "status": row.status,
        "instance": instance,
    }
    headers: dict[str, str] = {}
    if row.expose:
        body["detail"] = str(exc)
        body.update({m: _plain(getattr(exc, m, None)) for m in row.members})
    else:
        reference = uuid.uuid4().hex[:12]
        body["detail"] = f"See the server log, reference {reference}."
        _log.error(
            "%s %s failed (reference %s)", instance, row.status, reference, exc_info=exc
        )
    if row.retry_after is not None:
        body["retryable"] = True
        headers["Retry-After"] = str(row.retry_after)
    return JSONResponse(
        body,
        status_code=row.status,
        headers=headers,
        media_type="application/problem+json",
    )


# -- results as JSON ---------------------------------------------------------------


def case_json(case: Case) -> dict[str, Any]:
    """What a client sees of a case."""
    return {
        "id": case.id,
        "workflow": case.workflow,
        "state": case.state,
        "category": case.category,
        "level": case.level.value,
        "unit": case.unit,
        "conclusion": case.conclusion.value if case.conclusion else None,
        "updated_at": case.last.occurred_at.isoformat(),
    }


def claim_json(claim: Claim) -> dict[str, Any]:
    """What a client sees of a points claim."""
    return {
        "id": claim.id,
        "account": claim.account,
        "state": claim.state.value,
        "points": claim.points,
    }


def result_json(value: object) -> Any:
    """A command's result as JSON data (events, orders: as the journal has them)."""
    if isinstance(value, Case):
        return case_json(value)
    if isinstance(value, Claim):
        return claim_json(value)
    if isinstance(value, list | tuple):
        return [result_json(v) for v in value]
    return unstructure(value)


# -- the application ---------------------------------------------------------------

Target = ScopedView | Workspace


class Api:
    """
    The blocking half of every route: runs in the thread pool, on one Workspace.

    Args:
        workspace: The Workspace every thread shares.
        clock: Where "today" comes from (a worker's scope is today's).
    """

    def __init__(self, workspace: Workspace, clock: Clock) -> None:
        self.workspace = workspace
        self.clock = clock

    def _target(self, worker: str | None) -> Target:
        """The signed-in worker's view, or the whole Workspace for the back office."""
        if worker is None:
            return self.workspace
        today = self.clock.now().astimezone(CHINA_TZ).date()
        try:
            return self.workspace.view(worker=worker, on=today)
        except UnknownEntityError:
            raise ScopeError(f"{worker!r} is not a worker of this township") from None

    def run(
        self, body: bytes, header_key: str | None, worker: str | None
    ) -> tuple[dict[str, Any], bool]:
        """Run one command; return the answer and whether it was a retry."""
        command = read_command(body, header_key)
        if worker is not None:
            _check_actor(command, worker)
        ws = self.workspace
        with ws.lock:
            target = self._target(worker)
            ws.refresh()
            replayed = ws.state.request(command.subject, command.request_key)
            result = target.execute(command)
        answer = {
            "type": type(command).__name__,
            "subject": command.subject,
            "key": command.request_key,
            "result": result_json(result),
        }
        return answer, replayed is not None

    def case(self, case_id: str, worker: str | None) -> dict[str, Any]:
        """A case (in the worker's scope)."""
        return case_json(self._target(worker).case(case_id))

    def balance(self, household: str, worker: str | None) -> dict[str, Any]:
        """A household's balance (in the worker's scope)."""
        with self.workspace.lock:
            target = self._target(worker)
            self.workspace.state.roster.household(household)  # 404 if unknown
            return {"household": household, "balance": target.balance(household)}


def read_command(body: bytes, header_key: str | None) -> Command[Any]:
    """
    The command in *body*, keyed by the ``Idempotency-Key`` header if it has none.

    Raises:
        InvalidValueError: Not a JSON command, or a key in both that differ.
        SpecError: Fields that do not fit the command (every problem).
    """
    if header_key is not None:
        try:
            data = json.loads(body)
        except ValueError:
            data = None  # command_from_json says what is wrong
        if isinstance(data, dict):
            key = data.get("key")
            if key is None:
                data["key"] = header_key
                body = json.dumps(data, ensure_ascii=False).encode()
            elif key != header_key:
                raise InvalidValueError(
                    "Idempotency-Key",
                    f"the body's key {key!r} or no header",
                    header_key,
                )
    return command_from_json(body)


def _check_actor(command: Command[Any], worker: str) -> None:
    """A signed-in worker acts in their own name, with the roster's roles."""
    actor = getattr(command, "actor", None)
    if actor is None or actor == worker:
        return
    if isinstance(actor, Actor):
        raise ScopeError(
            f"a signed-in worker acts as {worker!r} with the roles the roster gives "
            f"them, not as an actor with roles of its own ({actor.id!r})"
        )
    raise ScopeError(f"actor {actor!r} is not the signed-in worker {worker!r}")


def _worker(request: Request) -> str | None:
    return request.headers.get("X-Worker") or None


def _api(request: Request) -> Api:
    api: Api = request.app.state.api
    return api


async def post_command(request: Request) -> Response:
    """POST /commands."""
    try:
        body = await request.body()
        answer, replayed = await run_in_threadpool(
            _api(request).run,
            body,
            request.headers.get("Idempotency-Key") or None,
            _worker(request),
        )
    except Exception as exc:  # noqa: BLE001 - every failure becomes a problem
        return problem_for(exc, request.url.path)
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(answer, headers=headers)


async def get_case(request: Request) -> Response:
    """GET /cases/{case_id}."""
    try:
        case = await run_in_threadpool(
            _api(request).case, request.path_params["case_id"], _worker(request)
        )
    except Exception as exc:  # noqa: BLE001
        return problem_for(exc, request.url.path)
    return JSONResponse(case)


async def get_balance(request: Request) -> Response:
    """GET /households/{household}/balance."""
    try:
        balance = await run_in_threadpool(
            _api(request).balance, request.path_params["household"], _worker(request)
        )
    except Exception as exc:  # noqa: BLE001
        return problem_for(exc, request.url.path)
    return JSONResponse(balance)


def create_app(
    workspace_target: str | os.PathLike[str] | Workspace,
    config: WorkspaceConfig | None = None,
    *,
    clock: Clock | None = None,
) -> Starlette:
    """
    The API over one Workspace, opened on *workspace_target*.

    Args:
        workspace_target: A SQLite path, ``":memory:"``, a ``postgresql://``
            URL, or a Workspace the caller opened (and closes).
        config: The township (default: the sample township 裴村社区).
        clock: Where today comes from (default: the machine's clock).

    The Workspace is ``app.state.workspace``; one the app opened is closed
    when the server shuts down.
    """
    if isinstance(workspace_target, Workspace):
        workspace, owned = workspace_target, False
    else:
        workspace, owned = Workspace.open(workspace_target, config), True

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                workspace.close()

    app = Starlette(
        routes=[
            Route("/commands", post_command, methods=["POST"]),
            Route("/cases/{case_id}", get_case, methods=["GET"]),
            Route("/households/{household}/balance", get_balance, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.workspace = workspace
    app.state.api = Api(workspace, clock or SystemClock())
    return app


def app_from_env() -> Starlette:
    """The app on the journal ``GRIDGOV_JOURNAL`` names (default ``town.db``)."""
    return create_app(os.environ.get("GRIDGOV_JOURNAL", "town.db"))
