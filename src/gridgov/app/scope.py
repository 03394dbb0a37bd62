"""
Scoped views (分级授权): a worker, a grid or a village sees and writes only its share.

`Workspace.view` returns a `ScopedView` over one `ViewScope`:

* a **worker** (网格员, 楼栋长 …) sees the households in their scope on the
  view's day, and the regions their scope names;
* a **grid** or a **village** sees every household living in it that day and
  every region below it.

A view returns only households, people, cases, claims, accounts and reports
inside its scope. Every write goes through the same checks first and raises
`gridgov.errors.ScopeError` — before anything is recorded — if it touches a
household, region, case, claim or account outside the scope (a worker view also
refuses visits recorded in another worker's name).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from gridgov.cases.case import Case
from gridgov.cases.listing import CaseTable
from gridgov.domain.ids import HouseholdId, RegionCode
from gridgov.domain.people import Household, Person
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError, ScopeError
from gridgov.roster.model import Roster

if TYPE_CHECKING:
    from gridgov.app.claims import Claim
    from gridgov.app.workspace import Workspace
    from gridgov.reports.model import PeriodReport
    from gridgov.visits.planner import Plan

__all__ = ["ScopedView", "ViewScope", "scope_of"]


@attrs.frozen
class ViewScope:
    """
    What one view may see, fixed on its day.

    Attributes:
        kind: ``"worker"``, ``"grid"`` or ``"village"``.
        id: The worker id or region code.
        label: A display name (the worker's or region's name).
        on: The day the scope was taken.
        regions: The regions in scope (each with its subtree).
        households: The households in scope.
        worker: The worker, for a worker view.
    """

    kind: str
    id: str
    label: str
    on: date
    regions: frozenset[RegionCode]
    households: frozenset[HouseholdId]
    worker: str | None = None

    def has_household(self, household: str) -> bool:
        """Whether *household* is in scope."""
        return household in self.households

    def has_region(self, roster: Roster, region: str) -> bool:
        """Whether *region* lies inside a region in scope."""
        if region not in roster.regions:
            return False
        return any(roster.within(region, r) for r in self.regions)

    def has_case(self, roster: Roster, fields: Mapping[str, str]) -> bool:
        """Whether a case opened with *fields* (region, household) is in scope."""
        household = fields.get("household")
        if household is not None:
            return self.has_household(household)
        return self.has_region(roster, fields.get("region", ""))

    def teams(self, roster: Roster) -> list[str]:
        """The volunteer teams based in the scope's regions."""
        return [
            o.id
            for o in roster.organisations.values()
            if o.region is not None and self.has_region(roster, o.region)
        ]


def scope_of(
    roster: Roster,
    on: date,
    *,
    worker: str | None = None,
    grid: str | None = None,
    village: str | None = None,
) -> ViewScope:
    """
    The scope of a worker, grid or village on *on*.

    Raises:
        InvalidValueError: Not exactly one of *worker*, *grid*, *village*, or a
            region of the wrong level.
        UnknownEntityError: Unknown worker or region.
    """
    given = [
        (k, v)
        for k, v in (("worker", worker), ("grid", grid), ("village", village))
        if v
    ]
    if len(given) != 1:
        raise InvalidValueError(
            "scope", "exactly one of worker, grid, village", dict(given)
        )
    kind, ident = given[0]
    if kind == "worker":
        w = roster.worker(ident)
        homes = frozenset(h.id for h in roster.households_of(ident, on))
        return ViewScope(
            kind, ident, w.name, on, frozenset(w.scope.regions), homes, ident
        )
    region = roster.region(ident)
    wanted = Level.GRID if kind == "grid" else Level.VILLAGE
    if region.level is not wanted:
        raise InvalidValueError(kind, f"a region at level {wanted.value}", ident)
    homes = frozenset(h.id for h in roster.households_in(ident, on))
    return ViewScope(kind, ident, region.name, on, frozenset({region.code}), homes)


def _refuse(scope: ViewScope, what: str, ident: object) -> ScopeError:
    return ScopeError(
        f"{what} {ident!r} is outside the {scope.kind} view of {scope.label}"
    )


class ScopedView:
    """
    A read and write window onto a Workspace, limited to one `ViewScope`.

    Reads return only what is in scope; writes check first and raise
    `ScopeError` before anything is recorded.
    """

    def __init__(self, workspace: Workspace, scope: ViewScope) -> None:
        # Private on purpose: code handed a view should not reach the whole workspace.
        self._ws = workspace
        self.scope = scope

    def __repr__(self) -> str:
        s = self.scope
        return f"<ScopedView {s.kind} {s.label}: {len(s.households)} households>"

    # -- reads --------------------------------------------------------------------

    def households(self) -> tuple[Household, ...]:
        """The households in scope."""
        roster = self._ws.state.roster
        return tuple(roster.household(h) for h in sorted(self.scope.households))

    def people(self) -> tuple[Person, ...]:
        """The members of the households in scope."""
        return tuple(p for h in self.households() for p in h.members)

    def cases(self) -> CaseTable:
        """The cases in scope (a tuple that shows itself as a table)."""
        ws = self._ws
        return CaseTable(c for c in ws.cases() if ws._case_in(c, self.scope))  # noqa: SLF001

    def claims(self) -> tuple[Claim, ...]:
        """The points claims of accounts in scope."""
        return tuple(
            c for c in self._ws.claims() if self.scope.has_household(c.account)
        )

    def accounts(self) -> dict[str, int]:
        """Balances of the accounts in scope that hold any points."""
        ledger = self._ws.state.ledger
        return {
            a: ledger.balance(a)
            for a in sorted(ledger.member_accounts())
            if self.scope.has_household(a)
        }

    def balance(self, account: str) -> int:
        """One account's balance (in scope only)."""
        self._household(account)
        return self._ws.balance(account)

    def plan(self, period: str, *, as_of: date | None = None) -> Plan:
        """A worker view's visit plan for a day, week or month (worker views only)."""
        if self.scope.worker is None:
            raise _refuse(self.scope, "visit plan of", "a worker")
        return self._ws.plan(self.scope.worker, period, as_of=as_of)

    def report(self, period: str, *, as_of: date | None = None) -> PeriodReport:
        """The period report for this scope only."""
        return self._ws.report(period, as_of=as_of, scope=self.scope)

    # -- checks ---------------------------------------------------------------------

    def _household(self, household: str) -> None:
        if not self.scope.has_household(household):
            raise _refuse(self.scope, "household", household)

    def _region(self, region: str) -> None:
        if not self.scope.has_region(self._ws.state.roster, region):
            raise _refuse(self.scope, "region", region)

    def _case(self, case_id: str) -> None:
        ws = self._ws
        if not ws._case_in(ws.case(case_id), self.scope):  # noqa: SLF001
            raise _refuse(self.scope, "case", case_id)

    def _worker(self, worker: str) -> None:
        if self.scope.worker is not None and worker != self.scope.worker:
            raise _refuse(self.scope, "worker", worker)

    # -- writes ---------------------------------------------------------------------

    def record_visit(self, household: str, worker: str, **kw: Any) -> Any:
        """`Workspace.record_visit`: a household in scope, by this view's worker."""
        self._household(household)
        self._worker(worker)
        return self._ws.record_visit(household, worker, **kw)

    def record_patrol(self, worker: str, region: str, **kw: Any) -> Any:
        """`Workspace.record_patrol`, in a region in scope."""
        self._worker(worker)
        self._region(region)
        return self._ws.record_patrol(worker, region, **kw)

    def open_case(
        self, case_id: str, *, region: str, household: str | None = None, **kw: Any
    ) -> Case:
        """`Workspace.open_case`, in a region (and for a household) in scope."""
        if household is not None:
            self._household(household)
        else:
            self._region(region)
        return self._ws.open_case(case_id, region=region, household=household, **kw)

    def fire_case(self, case_id: str, command: str, **kw: Any) -> Case:
        """`Workspace.fire_case`: a case in scope; claims for households in scope."""
        self._case(case_id)
        for household in kw.get("claim_for", ()):
            self._household(household)
        return self._ws.fire_case(case_id, command, **kw)

    def escalate_case(self, case_id: str, **kw: Any) -> Case:
        """`Workspace.escalate_case`, on a case in scope."""
        self._case(case_id)
        return self._ws.escalate_case(case_id, **kw)

    def accept_case(self, case_id: str, **kw: Any) -> Case:
        """`Workspace.accept_case`, on a case in scope."""
        self._case(case_id)
        return self._ws.accept_case(case_id, **kw)

    def supervise_case(self, case_id: str, **kw: Any) -> Case:
        """`Workspace.supervise_case`, on a case in scope."""
        self._case(case_id)
        return self._ws.supervise_case(case_id, **kw)

    def file_claim(self, claim_id: str, account: str, **kw: Any) -> Claim:
        """`Workspace.file_claim`, for an account in scope."""
        self._household(account)
        return self._ws.file_claim(claim_id, account, **kw)

    def step_claim(self, claim_id: str, command: str, **kw: Any) -> Claim:
        """`Workspace.step_claim`, on a claim of an account in scope."""
        self._household(self._ws.claim(claim_id).account)
        return self._ws.step_claim(claim_id, command, **kw)

    def recognise_claim(self, claim_id: str, **kw: Any) -> Claim:
        """`Workspace.recognise_claim`, on a claim of an account in scope."""
        self._household(self._ws.claim(claim_id).account)
        return self._ws.recognise_claim(claim_id, **kw)

    def place_order(
        self, order_id: str, account: str, lines: Mapping[str, int], **kw: Any
    ) -> Any:
        """`Workspace.place_order`, for an account in scope."""
        self._household(account)
        return self._ws.place_order(order_id, account, lines, **kw)

    def hand_over(self, order_id: str, **kw: Any) -> Any:
        """`Workspace.hand_over`, for an order of an account in scope."""
        self._household(self._ws.state.supermarket.order(order_id).account)
        return self._ws.hand_over(order_id, **kw)

    def cancel_order(self, order_id: str, **kw: Any) -> Any:
        """`Workspace.cancel_order`, for an order of an account in scope."""
        self._household(self._ws.state.supermarket.order(order_id).account)
        return self._ws.cancel_order(order_id, **kw)

    def move_household(self, household: str, to_region: str | None, **kw: Any) -> Any:
        """`Workspace.move_household`: a household in scope, to a region in scope."""
        self._household(household)
        if to_region is not None:
            self._region(to_region)
        return self._ws.move_household(household, to_region, **kw)
