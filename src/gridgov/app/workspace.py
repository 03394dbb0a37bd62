"""
`Workspace`: the one object a host application or a notebook holds.

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ
>>> ws = Workspace.in_memory(sample_config())
>>> at = datetime(2026, 11, 2, 9, 30, tzinfo=CHINA_TZ)
>>> ws.record_visit("PC0001", "W06", at=at).household
'PC0001'
>>> len(ws.state.visits)
1

A Workspace is composed of a `gridgov.app.unit_of_work.UnitOfWork` (the
journal, the state folded from it and the lock) and the typed command methods
of `gridgov.app.conveniences.CommandMethods`, each of which builds a command
value and runs it through `execute`. See docs/workspace.md for a whole session
and docs/embedding.md for transactions, idempotency keys, scoping, threads and
processes.

A journal knows its township: the Workspace records the township's name,
region code and a digest of its specs when it creates the journal (or first
opens one written before journals recorded it), and refuses a journal that
records another township (`gridgov.journal.WrongTownshipError`):

>>> ws.township.name, ws.township == township_of(ws.config)
('裴村社区', True)
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Any, Self, TypeVar

import cattrs

from gridgov.app.commands import HANDLERS, Command
from gridgov.app.commands.case_opening import case_of
from gridgov.app.commands.claims import claim_of, rulebook_of
from gridgov.app.config import WorkspaceConfig, sample_config
from gridgov.app.conveniences import CommandMethods
from gridgov.app.reporting import ScopeFilter, workspace_report
from gridgov.app.scope import ScopedView, ViewScope, scope_of
from gridgov.app.state import State
from gridgov.app.unit_of_work import UnitOfWork
from gridgov.app.visit_reading import coverage_of, obligations, plan_of
from gridgov.cases.case import Case
from gridgov.cases.listing import CaseTable
from gridgov.domain.people import Household
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.io.converter import make_converter
from gridgov.journal import (
    Journal,
    JournalTownship,
    MemoryJournal,
    WrongTownshipError,
    open_journal,
    save_anchor,
)
from gridgov.journal.chain import Anchor
from gridgov.journal.opening import SQLITE_CHAIN
from gridgov.journal.records import ChainHead, Verification
from gridgov.logs import get_logger
from gridgov.points.book import RuleBook
from gridgov.points.claim_flow import ClaimState, notice_ends
from gridgov.points.claim_record import Claim
from gridgov.points.decisions import Decision
from gridgov.reports.model import PeriodReport
from gridgov.types import Clock
from gridgov.visits.coverage import CoverageReport, GroupKey
from gridgov.visits.obligations import Obligation
from gridgov.visits.periods import Window
from gridgov.visits.planner import Plan

__all__ = ["Workspace", "specs_digest", "township_of"]

_log = get_logger("gridgov.app")

R = TypeVar("R")


class Workspace(CommandMethods):
    """
    A township's specs, its journal and every engine's state, behind commands.

    Build one with `Workspace.in_memory` or `Workspace.open`; every command
    takes ``at=`` (when it happened) and a ``key`` (its idempotency key), is
    decided on the state, appended to the journal and only then applied.
    Reopening the same journal replays it into the same state.

    One Workspace may be shared by the threads of a server: commands and reads
    take its lock, and every read first catches up with what other processes
    appended (see docs/embedding.md).

    Args:
        config: The township's specs.
        journal: Where events are recorded (any `gridgov.journal.Journal`).
        clock: An optional clock for `now` (the engines never read it).
        specs: The township directory *config* was loaded from, recorded in
            the journal so that tools find the specs again (``gridgov report``
            without ``--township``).

    Attributes:
        specs_changed: Whether *config*'s specs differ from those the journal
            was created with (`township` holds their digest): allowed, logged.

    Raises:
        WrongTownshipError: The journal records another township (both named).
        FoldError: The journal holds an event the fold refuses (named).
    """

    def __init__(
        self,
        config: WorkspaceConfig,
        journal: Journal,
        *,
        clock: Clock | None = None,
        specs: str | PathLike[str] | None = None,
    ) -> None:
        self.config = config
        self.journal = journal
        self.clock = clock
        self._specs = specs
        self._township, self.specs_changed = _claim_township(config, journal, specs)
        self._uow = UnitOfWork(config, journal, HANDLERS)
        started = time.perf_counter()
        count = self._uow.catch_up()
        _log.info(
            "Workspace %s on %r: replayed %d events in %.3f s",
            config.roster.name,
            journal,
            count,
            time.perf_counter() - started,
        )

    @classmethod
    def in_memory(
        cls, config: WorkspaceConfig | None = None, *, clock: Clock | None = None
    ) -> Workspace:
        """A workspace on a `MemoryJournal` (default config: the sample township)."""
        return cls(config or sample_config(), MemoryJournal(), clock=clock)

    @classmethod
    def open(
        cls,
        target: str | PathLike[str],
        config: WorkspaceConfig | None = None,
        *,
        clock: Clock | None = None,
        chain: str | None = None,
        specs: str | PathLike[str] | None = None,
    ) -> Workspace:
        """
        Open (or create) the journal *target* names and replay it.

        A new journal records the township (name, region code, digest of its
        specs, and *specs*); a journal written before gridgov recorded
        townships is adopted by the first Workspace that opens it (see
        docs/journal.md); a journal recording another township is refused.

        Args:
            target: A SQLite file path, ``":memory:"`` or a ``postgresql://`` URL.
            config: The township's specs (default: the sample township).
            clock: An optional clock.
            chain: For PostgreSQL, the chain (one per region): by default the
                code of the roster's town (乡镇街道), the distribution key when the
                journal is sharded by region (see docs/journal.md).
            specs: The township directory *config* was loaded from, to record
                in the journal.

        Raises:
            StoreError: The store cannot be opened.
            MissingExtraError: A PostgreSQL URL without the ``postgres`` extra.
            WrongTownshipError: The journal records another township; the
                message names both.
            FoldError: The journal holds an event the fold refuses (named).
        """
        config = config or sample_config()
        region = chain or _region_key(config)
        journal: Journal = open_journal(os.fspath(target), chain=region)
        try:
            return cls(config, journal, clock=clock, specs=specs)
        except BaseException:
            journal.close()
            raise

    def reopen(self) -> Workspace:
        """A fresh Workspace on the same journal and config, replayed from the start."""
        return Workspace(self.config, self.journal, clock=self.clock, specs=self._specs)

    @property
    def township(self) -> JournalTownship:
        """
        The township the journal records (its digest: the specs it was created with).

        `specs_changed` says whether this Workspace's specs differ from them.
        """
        return self._township

    def save_anchor(self, path: str | PathLike[str]) -> ChainHead:
        """
        Write the journal's head to an anchor file; return the head.

        Keep the file (or the head it holds) away from the journal; later,
        ``gridgov verify DB --anchor-file FILE`` (or ``verify(anchor=head)``)
        shows that no event up to it was changed or removed. See
        `gridgov.journal.opening` for the file's form.
        """
        head = self.journal.head()
        chain = str(getattr(self.journal, "chain", SQLITE_CHAIN))
        save_anchor(path, {chain: head}, township=self._township)
        return head

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = self._uow.state
        return (
            f"<Workspace {self.config.roster.name}: {state.position} events, "
            f"{len(state.cases)} cases, {len(state.claims)} claims>"
        )

    # -- the unit of work -------------------------------------------------------

    def execute(self, command: Command[R]) -> R:
        """
        Run one command value (`gridgov.app.commands`) and return its result.

        Raises:
            GridgovError: The command is refused (its own error, nothing
                recorded), its key was used for another request
                (`IdempotencyConflictError`), or other writers kept changing
                what it reads (`ConcurrencyError`).
        """
        return self._uow.execute(command)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """
        Group commands into one atomic journal append.

        Inside the block every command sees the ones before it; their events
        reach the journal together when the block ends, if no stream any of
        them read was changed by another process meanwhile (else
        `ConcurrencyError`, and nothing is appended). If the block raises,
        nothing is appended and the state is as before. The Workspace's lock
        is held for the whole block.
        """
        with self._uow.transaction():
            yield

    @property
    def state(self) -> State:
        """
        The projections, as of `position` (read them; change them only by commands).

        A raw view: it does not catch up and takes no lock. Reading methods
        (`case`, `cases`, `balance`, `report` …) do both.
        """
        return self._uow.state

    @property
    def lock(self) -> threading.RLock:
        """
        The lock every command and read takes (re-entrant).

        Hold it to read several things as one consistent state, e.g. a case and
        the balance its resolution changed.
        """
        return self._uow.lock

    @property
    def position(self) -> int:
        """The journal sequence the projections have read up to."""
        return self._uow.state.position

    def refresh(self) -> int:
        """Fold events appended by others since the last read; return how many."""
        return self._uow.catch_up()

    @contextmanager
    def _reading(self) -> Iterator[State]:
        """Hold the lock, catch up, and give the state to read."""
        with self._uow.lock:
            self._uow.catch_up()
            yield self._uow.state

    def verify(
        self, *, anchor: Anchor | None = None, expect_count: int | None = None
    ) -> Verification:
        """Walk the journal's hash chain (see `gridgov.journal.Journal.verify`)."""
        return self.journal.verify(anchor=anchor, expect_count=expect_count)

    def now(self) -> datetime:
        """The clock's time (for hosts holding a clock; commands still take ``at``)."""
        if self.clock is None:
            raise InvalidValueError("clock", "a Clock given to the Workspace", None)
        at: object = self.clock.now()
        if not isinstance(at, datetime) or at.utcoffset() is None:
            raise InvalidValueError("clock.now()", "a timezone-aware datetime", at)
        return at

    def _day(self, on: date | None) -> date:
        """*on*, else the clock's day, else today in China time (reads only)."""
        if on is not None:
            return on
        if self.clock is None:  # a read needs a day, not a clock: take today's
            return datetime.now(CHINA_TZ).date()
        return self.now().astimezone(CHINA_TZ).date()

    def close(self) -> None:
        """Close the journal."""
        self.journal.close()

    # -- reading ----------------------------------------------------------------

    def households(self, on: date | None = None) -> tuple[Household, ...]:
        """Every household placed on *on* (default: the clock's day, or today)."""
        day = self._day(on)
        with self._reading() as state:
            return tuple(
                h for h in state.roster.households.values() if h.region_on(day)
            )

    def case(self, case_id: str) -> Case:
        """A case by id (raises `UnknownEntityError`)."""
        with self._reading() as state:
            return case_of(state, case_id)

    def cases(self) -> CaseTable:
        """Every case, in the order opened (a tuple that shows itself as a table)."""
        with self._reading() as state:
            return CaseTable(state.cases.values())

    def claim(self, claim_id: str) -> Claim:
        """A claim by id (raises `UnknownEntityError`)."""
        with self._reading() as state:
            return claim_of(state, claim_id)

    def claims(self, state: ClaimState | None = None) -> tuple[Claim, ...]:
        """Every claim (or those in *state*), in the order filed."""
        with self._reading() as now:
            return tuple(
                c for c in now.claims.values() if state is None or c.state is state
            )

    @property
    def rulebook(self) -> RuleBook:
        """The rule book (raises if the workspace has none)."""
        return rulebook_of(self._uow.state)

    def claim_notice_ends(self, claim_id: str) -> date | None:
        """While 公示: the first day the claim may be recognised (working days)."""
        with self._reading() as state:
            return notice_ends(
                self.config.calendar,
                claim_of(state, claim_id).instance,
                state.notice_days,
            )

    def evaluate_claim(self, claim_id: str, *, trace: bool = False) -> Decision:
        """What the rule book says the claim is worth, rule by rule (nothing posted)."""
        with self._reading() as state:
            filed = claim_of(state, claim_id).filed
            return rulebook_of(state).evaluate(
                filed.facts,
                on=claim_of(state, claim_id).conduct_on,
                household=state.household(filed.account),
                usage=state.ledger.usage(filed.account),
                evidence=filed.evidence,
                approved_by=filed.actor or None,
                rule_ids=filed.rule_ids or None,
                trace=trace,
            )

    def balance(self, account: str) -> int:
        """An account's points balance."""
        with self._reading() as state:
            return state.ledger.balance(account)

    def obligations(
        self, window: Window, households: Iterable[Household] | None = None
    ) -> list[Obligation]:
        """应访: the visit obligations whose window ends inside *window*."""
        with self._reading() as state:
            return obligations(state, window, households)

    def coverage(
        self,
        period: str,
        *,
        as_of: date | None = None,
        by: GroupKey | None = None,
        households: Iterable[Household] | None = None,
    ) -> CoverageReport:
        """
        走访覆盖 for a period label (``"2026-11"``), grouped by grid by default.

        Args:
            period: A month, quarter, week (``"2026-W48"``) or day.
            as_of: The day coverage is counted on (default: the period's end).
            by: How rows are grouped (`gridgov.visits.by_level` …).
            households: Only these households (default: every one).
        """
        with self._reading() as state:
            return coverage_of(state, period, as_of=as_of, by=by, households=households)

    def plan(self, worker: str, period: str, *, as_of: date | None = None) -> Plan:
        """A worker's visit plan for a day, week (``"2026-W48"``) or month."""
        with self._reading() as state:
            return plan_of(state, worker, period, as_of=as_of)

    # -- scoped views -----------------------------------------------------------

    def view(
        self,
        *,
        worker: str | None = None,
        grid: str | None = None,
        village: str | None = None,
        on: date | None = None,
    ) -> ScopedView:
        """
        A view that sees and writes only one worker's, grid's or village's share.

        Raises:
            InvalidValueError: Not exactly one of worker, grid, village.
            UnknownEntityError: Unknown worker or region.
        """
        day = self._day(on)
        with self._reading() as state:
            scope = scope_of(
                state.roster, day, worker=worker, grid=grid, village=village
            )
        return ScopedView(self, scope)

    def in_scope(self, case: Case, scope: ViewScope | None) -> bool:
        """Whether *case* lies in *scope* (by the region and household it names)."""
        return ScopeFilter(self._uow.state, scope).case(case)

    # -- reports ----------------------------------------------------------------

    def report(
        self, period: str, *, as_of: date | None = None, scope: ViewScope | None = None
    ) -> PeriodReport:
        """The period report (``"2026-11"``, ``"2026-Q4"`` …), township or a scope."""
        with self._reading():
            return workspace_report(self, period, as_of=as_of, scope=scope)


def _region_key(config: WorkspaceConfig) -> str:
    """The township's region code: the chain name of its PostgreSQL journal."""
    roster = config.roster
    towns = [r.code for r in roster.regions.values() if r.level is Level.TOWN]
    return towns[0] if towns else roster.roots()[0].code


def township_of(
    config: WorkspaceConfig, specs: str | PathLike[str] | None = None
) -> JournalTownship:
    """
    The township *config* describes, as a journal records it.

    Its name is the roster's, its code the region code of its town (the chain
    name of its PostgreSQL journal), its digest `specs_digest`; *specs* (the
    township directory, made absolute) is recorded so that tools find it.
    """
    directory = None if specs is None else str(Path(specs).resolve())
    return JournalTownship(
        config.roster.name, _region_key(config), specs_digest(config), directory
    )


_DIGESTS: dict[int, tuple[weakref.ref[WorkspaceConfig], str]] = {}
_DIGESTS_LOCK = threading.Lock()


def specs_digest(config: WorkspaceConfig) -> str:
    """
    SHA-256 (hex) of the township's specs: what a journal records at creation.

    Covers the roster (regions, households, workers, organisations, 党员中心户,
    care tags, norms), the rule book, visit policy, checklists, workflows,
    deadline table, supermarket, menu, escalation policy and the names of the
    default workflows and ledger — as the gridgov converter writes them, in
    canonical JSON. Not the calendar. The same specs give the same digest in
    every process; computed once per config object.
    """
    key = id(config)
    with _DIGESTS_LOCK:
        cached = _DIGESTS.get(key)
        if cached is not None and cached[0]() is config:
            return cached[1]
    digest = _compute_digest(config)
    with _DIGESTS_LOCK:
        _DIGESTS[key] = (weakref.ref(config, lambda _: _DIGESTS.pop(key, None)), digest)
    return digest


@functools.cache
def _digest_converter() -> cattrs.Converter:
    return make_converter()


def _compute_digest(config: WorkspaceConfig) -> str:
    roster = config.roster
    conv = _digest_converter()

    def part(value: object) -> Any:
        try:
            return conv.unstructure(value)
        except (TypeError, ValueError, AttributeError):
            return type(value).__qualname__

    parts = {
        "roster": {
            "name": roster.name,
            "regions": part(list(roster.regions.values())),
            "households": part(list(roster.households.values())),
            "workers": part(list(roster.workers.values())),
            "organisations": part(list(roster.organisations.values())),
            "central_households": part(list(roster.central_households.values())),
            "vocabulary": part(list(roster.vocabulary.values())),
            "norms": part(roster.norms),
        },
        "rulebook": part(config.rulebook),
        "visit_policy": part(getattr(config.visit_policy, "policy", None)),
        "checklists": part(config.checklists),
        "workflows": {
            name: part(getattr(flow, "spec", name))
            for name, flow in sorted(config.workflows.items())
        },
        "deadlines": part(getattr(config.deadlines, "table", config.deadlines)),
        "catalogue": part(config.catalogue),
        "menu": part(config.menu),
        "escalation": part(config.escalation),
        "dispute_workflow": config.dispute_workflow,
        "case_workflow": config.case_workflow,
        "ledger_id": config.ledger_id,
    }
    text = json.dumps(
        parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: object) -> object:
    """What the digest writes for what JSON cannot: stable across processes."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if callable(value):
        name = getattr(value, "__qualname__", type(value).__qualname__)
        return f"{getattr(value, '__module__', '')}.{name}"
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _claim_township(
    config: WorkspaceConfig, journal: Journal, specs: str | PathLike[str] | None
) -> tuple[JournalTownship, bool]:
    """
    Record the township in *journal* (or check it, when read-only).

    Returns the record and whether the specs changed since the journal was
    created.
    """
    expected = township_of(config, specs)
    if getattr(journal, "read_only", False):
        recorded = journal.township() or expected
        if not recorded.same_township(expected):
            raise WrongTownshipError(recorded, expected)
    else:
        recorded = journal.record_township(expected)
    changed = recorded.specs_digest != expected.specs_digest
    if changed:
        _log.warning(
            "Workspace %s on %r: the specs differ from those the journal was "
            "created with (digest %s…, now %s…): the township edited its specs "
            "since; allowed",
            config.roster.name,
            journal,
            recorded.specs_digest[:12],
            expected.specs_digest[:12],
        )
    return recorded, changed
