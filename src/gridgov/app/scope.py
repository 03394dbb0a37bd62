"""
Scoped views (分级授权): a worker, a grid or a village sees and writes only its share.

`Workspace.view` returns a `ScopedView` over one `ViewScope`:

* a **worker** (网格员, 楼栋长 …) sees the households in their scope on the
  view's day, and the regions their scope names;
* a **grid** or a **village** sees every household living in it that day and
  every region below it.

A view returns only households, people, cases, claims, accounts and reports
inside its scope. It has every command method of the Workspace (they are the
same methods: `gridgov.app.conveniences.CommandMethods`), and its `execute`
first catches up with the journal, then checks the command against one table,
`SCOPE_GUARDS`: for each command kind, every argument that names a household,
region, case, claim, order, team, participant or worker, and the check it
gets. An argument outside the scope raises `gridgov.errors.ScopeError` before
anything is recorded; an id that names another scope's record (a case id
reused by a grid next door) is refused the same way, without saying what that
record holds. A worker view also refuses work recorded in another worker's
name; the supermarket's shelf is a village's or the township's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from gridgov.app.commands import (
    Command,
    EscalateDue,
)
from gridgov.app.conveniences import CommandMethods
from gridgov.app.scope_guards import (
    SCOPE_GUARDS,
    Guard,
    case_in_scope,
    check_case,
    check_claim,
    refuse,
)
from gridgov.app.state import State
from gridgov.cases.case import Case
from gridgov.cases.listing import CaseTable
from gridgov.domain.ids import HouseholdId, RegionCode
from gridgov.domain.people import Household, Person
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError
from gridgov.roster.model import Roster

if TYPE_CHECKING:
    from gridgov.app.workspace import Workspace
    from gridgov.points.claim_record import Claim
    from gridgov.reports.model import PeriodReport
    from gridgov.visits.planner import Plan

__all__ = ["SCOPE_GUARDS", "Guard", "ScopedView", "ViewScope", "scope_of"]

R = TypeVar("R")


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


class ScopedView(CommandMethods):
    """
    A read and write window onto a Workspace, limited to one `ViewScope`.

    Reads return only what is in scope; every command method of the Workspace
    is here too, and each checks its arguments against `SCOPE_GUARDS` after
    catching up with the journal, before anything is recorded.
    """

    def __init__(self, workspace: Workspace, scope: ViewScope) -> None:
        # Private on purpose: code handed a view should not reach the whole workspace.
        self._ws = workspace
        self.scope = scope

    def __repr__(self) -> str:
        s = self.scope
        return f"<ScopedView {s.kind} {s.label}: {len(s.households)} households>"

    # -- writes -------------------------------------------------------------------

    def execute(self, command: Command[R]) -> R:
        """
        Check *command* against this view's scope, then run it on the Workspace.

        Raises:
            ScopeError: An argument names something outside the scope.
            InvalidValueError: A command kind without scope guards.
        """
        guards = SCOPE_GUARDS.get(type(command))
        if guards is None:
            raise InvalidValueError(
                "command", "a command with scope guards", type(command).__name__
            )
        ws = self._ws
        with ws.lock:
            ws.refresh()
            command = self._narrowed(command)
            state = ws.state
            for guard in guards:
                guard.run(self.scope, state, command)
            return ws.execute(command)

    def _narrowed(self, command: Command[R]) -> Command[R]:
        if isinstance(command, EscalateDue) and not command.regions:
            # A view's automatic escalation sends up its own cases only.
            regions = tuple(sorted(self.scope.regions))
            return cast("Command[R]", attrs.evolve(command, regions=regions))
        return command

    # -- reads --------------------------------------------------------------------

    def _state(self) -> State:
        self._ws.refresh()
        return self._ws.state

    def households(self, on: date | None = None) -> tuple[Household, ...]:
        """
        The households in scope on the view's day.

        *on* is there for symmetry with `Workspace.households`: None or the
        view's own day.
        """
        if on is not None and on != self.scope.on:
            raise InvalidValueError("on", f"the view's day {self.scope.on}", on)
        roster = self._state().roster
        return tuple(roster.household(h) for h in sorted(self.scope.households))

    def people(self) -> tuple[Person, ...]:
        """The members of the households in scope."""
        return tuple(p for h in self.households() for p in h.members)

    def case(self, case_id: str) -> Case:
        """A case in scope (`ScopeError` for another scope's case)."""
        with self._ws.lock:
            state = self._state()
            check_case(self.scope, state, case_id)
            return state.cases[case_id]

    def cases(self) -> CaseTable:
        """The cases in scope (a tuple that shows itself as a table)."""
        with self._ws.lock:
            state = self._state()
            return CaseTable(
                c
                for c in state.cases.values()
                if case_in_scope(self.scope, state, c.id)
            )

    def claim(self, claim_id: str) -> Claim:
        """A claim of an account in scope (`ScopeError` otherwise)."""
        with self._ws.lock:
            state = self._state()
            check_claim(self.scope, state, claim_id)
            return state.claims[claim_id]

    def claims(self) -> tuple[Claim, ...]:
        """The points claims of accounts in scope."""
        return tuple(
            c for c in self._ws.claims() if self.scope.has_household(c.account)
        )

    def accounts(self) -> dict[str, int]:
        """Balances of the accounts in scope that hold any points."""
        with self._ws.lock:
            ledger = self._state().ledger
            return {
                a: ledger.balance(a)
                for a in sorted(ledger.member_accounts())
                if self.scope.has_household(a)
            }

    def balance(self, account: str) -> int:
        """One account's balance (in scope only)."""
        if not self.scope.has_household(account):
            raise refuse(self.scope, "household", account)
        return self._ws.balance(account)

    def plan(self, period: str, *, as_of: date | None = None) -> Plan:
        """A worker view's visit plan for a day, week or month (worker views only)."""
        if self.scope.worker is None:
            raise refuse(self.scope, "visit plan of", "a worker")
        return self._ws.plan(self.scope.worker, period, as_of=as_of)

    def report(self, period: str, *, as_of: date | None = None) -> PeriodReport:
        """The period report for this scope only."""
        return self._ws.report(period, as_of=as_of, scope=self.scope)
