"""
`Workspace`: the one object a host application or a notebook holds.

>>> from datetime import datetime
>>> from gridgov.domain import CHINA_TZ
>>> ws = Workspace.in_memory(sample_config())
>>> at = datetime(2026, 11, 2, 9, 30, tzinfo=CHINA_TZ)
>>> ws.record_visit("PC0001", "W06", at=at).household
'PC0001'
>>> ws.journal.head().sequence, len(ws.state.visits)
(1, 1)

See docs/workspace.md for a whole session and docs/embedding.md for
transactions, idempotency keys, scoping and scaling out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, timedelta
from os import PathLike
from typing import Self

from gridgov.app.activity_work import ActivityWork
from gridgov.app.config import WorkspaceConfig, sample_config
from gridgov.app.reporting import ScopeFilter, workspace_report
from gridgov.app.scope import ScopedView, ViewScope, scope_of
from gridgov.cases.case import Case
from gridgov.cases.listing import CaseTable
from gridgov.domain.people import Household
from gridgov.domain.periods import parse_period
from gridgov.domain.regions import Level
from gridgov.domain.spans import DateSpan
from gridgov.journal import Journal, MemoryJournal, open_journal
from gridgov.reports.model import PeriodReport
from gridgov.types import Clock
from gridgov.visits.coverage import CoverageReport, GroupKey, by_level, coverage
from gridgov.visits.obligations import Obligation, derive_obligations
from gridgov.visits.periods import Window
from gridgov.visits.planner import Plan, plan_visits

__all__ = ["Workspace"]


def _window(span: DateSpan) -> Window:
    assert span.start is not None  # noqa: S101 - parse_period spans are bounded
    assert span.end is not None  # noqa: S101
    return Window(span.start, span.end)


class Workspace(ActivityWork):
    """
    A township's specs, its journal and every engine's state, behind commands.

    Build one with `Workspace.in_memory` or `Workspace.open`; every command
    takes ``at=`` (when it happened) and a ``key`` (its idempotency key), appends
    its events to the journal and updates the projections. Reopening the same
    journal replays it into the same state.
    """

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
    ) -> Workspace:
        """
        Open (or create) the journal *target* names and replay it.

        Args:
            target: A SQLite file path, ``":memory:"`` or a ``postgresql://`` URL.
            config: The township's specs (default: the sample township).
            clock: An optional clock.
            chain: For PostgreSQL, the chain (one per region): by default the
                code of the roster's town (乡镇街道), the distribution key when the
                journal is sharded by region (see docs/journal.md).

        Raises:
            StoreError: The store cannot be opened.
            MissingExtraError: A PostgreSQL URL without the ``postgres`` extra.
        """
        config = config or sample_config()
        region = chain or _region_key(config)
        journal: Journal = open_journal(os.fspath(target), chain=region)
        return cls(config, journal, clock=clock)

    def reopen(self) -> Workspace:
        """A fresh Workspace on the same journal and config, replayed from the start."""
        return Workspace(self.config, self.journal, clock=self.clock)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"<Workspace {self.config.roster.name}: {self.position} events, "
            f"{len(self.state.cases)} cases, {len(self.state.claims)} claims>"
        )

    # -- reading ----------------------------------------------------------------

    def households(self, on: date) -> tuple[Household, ...]:
        """Every household placed somewhere on *on*."""
        return tuple(
            h for h in self._state.roster.households.values() if h.region_on(on)
        )

    def cases(self) -> CaseTable:
        """Every case, in the order opened (a tuple that shows itself as a table)."""
        return CaseTable(self._state.cases.values())

    def balance(self, account: str) -> int:
        """An account's points balance."""
        return self._state.ledger.balance(account)

    def obligations(
        self, window: Window, households: Iterable[Household] | None = None
    ) -> list[Obligation]:
        """应访: the visit obligations whose window ends inside *window*."""
        policy = self.config.visit_policy
        if policy is None:
            return []
        homes = (
            self._state.roster.households.values() if households is None else households
        )
        return derive_obligations(
            homes,
            policy,
            window,
            visits=self._state.visit_index,
            changes=self._state.changes,
        )

    def coverage(
        self,
        period: str,
        *,
        as_of: date | None = None,
        by: GroupKey | None = None,
        households: Iterable[Household] | None = None,
    ) -> CoverageReport:
        """走访覆盖 for a period label (``"2026-11"``), grouped by grid by default."""
        _, span = parse_period(period)
        window = _window(span)
        day = as_of or window.end
        return coverage(
            self.obligations(window, households),
            self._state.visit_index,
            period=window,
            as_of=day,
            by=by or by_level(Level.GRID),
        )

    def plan(self, worker: str, period: str, *, as_of: date | None = None) -> Plan:
        """A worker's visit plan for a day, week (``"2026-W48"``) or month."""
        _, span = parse_period(period)
        window = _window(span)
        homes = self._state.roster.households_of(worker, window.start)
        horizon = Window(window.start, window.end + timedelta(days=62))
        return plan_visits(
            worker,
            self.obligations(horizon, homes),
            self._state.visit_index,
            directory=self._state.roster,
            calendar=self.config.calendar,
            window=window,
            as_of=as_of or window.start,
        )

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
        scope = scope_of(
            self._state.roster, self._day(on), worker=worker, grid=grid, village=village
        )
        return ScopedView(self, scope)

    # -- reports --------------------------------------------------------------------

    def report(
        self, period: str, *, as_of: date | None = None, scope: ViewScope | None = None
    ) -> PeriodReport:
        """The period report (``"2026-11"``, ``"2026-Q4"`` …), township or a scope."""
        return workspace_report(self, period, as_of=as_of, scope=scope)

    def _case_in(self, case: Case, scope: ViewScope | None) -> bool:
        return ScopeFilter(self._state, scope).case(case)


def _region_key(config: WorkspaceConfig) -> str:
    """The township's region code: the chain name of its PostgreSQL journal."""
    roster = config.roster
    towns = [r.code for r in roster.regions.values() if r.level is Level.TOWN]
    return towns[0] if towns else roster.roots()[0].code
