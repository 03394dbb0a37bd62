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

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from gridgov.app.commands import (
    AcceptCase,
    CancelOrder,
    Command,
    EscalateCase,
    EscalateDue,
    FileClaim,
    FireCase,
    HandOver,
    MoveHousehold,
    OpenCase,
    OrderService,
    PlaceOrder,
    RecogniseClaim,
    RecordActivity,
    RecordPatrol,
    RecordVisit,
    Restock,
    ReviseDeadlines,
    StepClaim,
    SuperviseCase,
)
from gridgov.app.conveniences import CommandMethods
from gridgov.app.state import State
from gridgov.cases.case import Case
from gridgov.cases.listing import CaseTable
from gridgov.domain.ids import HouseholdId, RegionCode
from gridgov.domain.people import Household, Person
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError, ScopeError, UnknownEntityError
from gridgov.roster.model import Roster

if TYPE_CHECKING:
    from gridgov.app.claims import Claim
    from gridgov.app.workspace import Workspace
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


def _refuse(scope: ViewScope, what: str, ident: object) -> ScopeError:
    return ScopeError(
        f"{what} {ident!r} is outside the {scope.kind} view of {scope.label}"
    )


Check = Callable[[ViewScope, State, Any], None]
"""A scope check on one argument's value: raises `ScopeError` when outside."""


def _household(scope: ViewScope, _state: State, value: Any) -> None:
    if not scope.has_household(value):
        raise _refuse(scope, "household", value)


def _region(scope: ViewScope, state: State, value: Any) -> None:
    if not scope.has_region(state.roster, value):
        raise _refuse(scope, "region", value)


def _unit(scope: ViewScope, state: State, value: Any) -> None:
    # A unit that is a region code must lie in scope; other units (a 司法所,
    # a department) name no territory.
    if value in state.roster.regions:
        _region(scope, state, value)


def _worker(scope: ViewScope, _state: State, value: Any) -> None:
    if scope.worker is not None and value != scope.worker:
        raise _refuse(scope, "worker", value)


def _case_in(scope: ViewScope, state: State, case_id: str) -> bool:
    opened = state.opening(case_id)
    return opened is not None and scope.has_case(state.roster, opened.fields)


def _case(scope: ViewScope, state: State, value: Any) -> None:
    if value not in state.cases:
        raise UnknownEntityError("case", value)
    if not _case_in(scope, state, value):
        raise _refuse(scope, "case", value)


def _new_case(scope: ViewScope, state: State, value: Any) -> None:
    if value in state.cases and not _case_in(scope, state, value):
        raise _refuse(scope, "case id", value)


def _claim(scope: ViewScope, state: State, value: Any) -> None:
    claim = state.claims.get(value)
    if claim is None:
        raise UnknownEntityError("claim", value)
    if not scope.has_household(claim.account):
        raise _refuse(scope, "claim", value)


def _new_claim(scope: ViewScope, state: State, value: Any) -> None:
    claim = state.claims.get(value)
    if claim is not None and not scope.has_household(claim.account):
        raise _refuse(scope, "claim id", value)


def _order_account(state: State, order_id: str) -> str | None:
    try:
        return state.supermarket.order(order_id).account
    except UnknownEntityError:
        return None


def _order(scope: ViewScope, state: State, value: Any) -> None:
    account = _order_account(state, value)
    if account is None:
        raise UnknownEntityError("order", value)
    if not scope.has_household(account):
        raise _refuse(scope, "order", value)


def _new_order(scope: ViewScope, state: State, value: Any) -> None:
    account = _order_account(state, value)
    if account is not None and not scope.has_household(account):
        raise _refuse(scope, "order id", value)


def _team(scope: ViewScope, state: State, value: Any) -> None:
    if value not in scope.teams(state.roster):
        raise _refuse(scope, "volunteer team", value)


def _participant(scope: ViewScope, state: State, value: Any) -> None:
    # A participant who is a resident must live in scope; a volunteer from
    # outside the roster names no household and reveals nothing.
    person, _hours = value
    home = state.household_of(person)
    if home is not None and not scope.has_household(home):
        raise _refuse(scope, "participant", person)


def _by(scope: ViewScope, state: State, value: Any) -> None:
    if not (scope.has_household(value) or scope.has_region(state.roster, value)):
        raise _refuse(scope, "orderer", value)


def _menu_order(scope: ViewScope, state: State, value: Any) -> None:
    order = state.activities.orders.get(value)
    if order is None:
        raise UnknownEntityError("menu order", value)
    _by(scope, state, order.by)


def _new_activity(scope: ViewScope, state: State, value: Any) -> None:
    held = state.activities.activities.get(value)
    if held is not None and held.team not in scope.teams(state.roster):
        raise _refuse(scope, "activity id", value)


def _new_menu_order(scope: ViewScope, state: State, value: Any) -> None:
    order = state.activities.orders.get(value)
    if order is not None:
        _by(scope, state, order.by)


def _village_wide(scope: ViewScope, _state: State, value: Any) -> None:
    # The supermarket's shelf and the deadline calendar are the village's.
    if scope.kind != "village":
        raise _refuse(scope, "village-wide", value)


@attrs.frozen
class Guard:
    """
    One scope check: a command argument and how it is checked.

    Attributes:
        field: The command's attribute (``household``, ``case_id`` …).
        check: The check (raises `ScopeError` when the value is outside).
        each: The argument is a sequence: check every item.
    """

    field: str
    check: Check
    each: bool = False

    def run(self, scope: ViewScope, state: State, command: Command[Any]) -> None:
        """Check this guard's argument of *command* (None or ``""`` is skipped)."""
        value = getattr(command, self.field)
        items: Iterable[Any] = value if self.each else (value,)
        for item in items:
            if item is not None and item != "":
                self.check(scope, state, item)


SCOPE_GUARDS: Mapping[type[Command[Any]], tuple[Guard, ...]] = {
    RecordVisit: (Guard("household", _household), Guard("worker", _worker)),
    RecordPatrol: (
        Guard("worker", _worker),
        Guard("region", _region),
        Guard("finding_households", _household, each=True),
    ),
    MoveHousehold: (Guard("household", _household), Guard("to_region", _region)),
    OpenCase: (
        Guard("case_id", _new_case),
        Guard("region", _region),
        Guard("household", _household),
        Guard("unit", _unit),
    ),
    FireCase: (Guard("case_id", _case), Guard("claim_for", _household, each=True)),
    EscalateCase: (Guard("case_id", _case),),
    AcceptCase: (Guard("case_id", _case),),
    SuperviseCase: (Guard("case_id", _case),),
    EscalateDue: (Guard("regions", _region, each=True),),
    FileClaim: (Guard("claim_id", _new_claim), Guard("account", _household)),
    StepClaim: (Guard("claim_id", _claim),),
    RecogniseClaim: (Guard("claim_id", _claim),),
    PlaceOrder: (Guard("order_id", _new_order), Guard("account", _household)),
    HandOver: (Guard("order_id", _order),),
    CancelOrder: (Guard("order_id", _order),),
    Restock: (Guard("sku", _village_wide),),
    ReviseDeadlines: (Guard("reason", _village_wide),),
    RecordActivity: (
        Guard("activity_id", _new_activity),
        Guard("team", _team),
        Guard("region", _region),
        Guard("participants", _participant, each=True),
        Guard("answers", _menu_order, each=True),
    ),
    OrderService: (Guard("order_id", _new_menu_order), Guard("by", _by)),
}
"""Every command kind → the scope checks of the arguments that name something."""


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
            _case(self.scope, state, case_id)
            return state.cases[case_id]

    def cases(self) -> CaseTable:
        """The cases in scope (a tuple that shows itself as a table)."""
        with self._ws.lock:
            state = self._state()
            return CaseTable(
                c for c in state.cases.values() if _case_in(self.scope, state, c.id)
            )

    def claim(self, claim_id: str) -> Claim:
        """A claim of an account in scope (`ScopeError` otherwise)."""
        with self._ws.lock:
            state = self._state()
            _claim(self.scope, state, claim_id)
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
            raise _refuse(self.scope, "household", account)
        return self._ws.balance(account)

    def plan(self, period: str, *, as_of: date | None = None) -> Plan:
        """A worker view's visit plan for a day, week or month (worker views only)."""
        if self.scope.worker is None:
            raise _refuse(self.scope, "visit plan of", "a worker")
        return self._ws.plan(self.scope.worker, period, as_of=as_of)

    def report(self, period: str, *, as_of: date | None = None) -> PeriodReport:
        """The period report for this scope only."""
        return self._ws.report(period, as_of=as_of, scope=self.scope)
