"""
The one table a scoped view's checks come from: `SCOPE_GUARDS`.

For each command kind, every argument that names a household, region, case,
claim, order, team, participant or worker, and the check it gets. A check
raises `gridgov.errors.ScopeError` when the value lies outside the view's
scope; an id naming another scope's record is refused the same way, without
saying what that record holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

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
from gridgov.app.state import State
from gridgov.errors import ScopeError, UnknownEntityError
from gridgov.flow import Actor

if TYPE_CHECKING:
    from gridgov.app.scope import ViewScope

__all__ = [
    "SCOPE_GUARDS",
    "Check",
    "Guard",
    "case_in_scope",
    "check_case",
    "check_claim",
    "refuse",
]


def refuse(scope: ViewScope, what: str, ident: object) -> ScopeError:
    """The refusal for *what* named *ident*, outside *scope*."""
    return ScopeError(
        f"{what} {ident!r} is outside the {scope.kind} view of {scope.label}"
    )


Check: TypeAlias = "Callable[[ViewScope, State, Any], None]"
"""A scope check on one argument's value: raises `ScopeError` when outside."""


def _household(scope: ViewScope, _state: State, value: Any) -> None:
    if not scope.has_household(value):
        raise refuse(scope, "household", value)


def _region(scope: ViewScope, state: State, value: Any) -> None:
    if not scope.has_region(state.roster, value):
        raise refuse(scope, "region", value)


def _unit(scope: ViewScope, state: State, value: Any) -> None:
    # A unit that is a region code must lie in scope; other units (a 司法所,
    # a department) name no territory.
    if value in state.roster.regions:
        _region(scope, state, value)


def _worker(scope: ViewScope, _state: State, value: Any) -> None:
    if scope.worker is not None and value != scope.worker:
        raise refuse(scope, "worker", value)


def _actor(scope: ViewScope, _state: State, value: Any) -> None:
    # A worker view acts in its worker's name only: who fires, files, organises.
    ident = value.id if isinstance(value, Actor) else value
    if scope.worker is not None and ident != scope.worker:
        raise refuse(scope, "actor", ident)


def case_in_scope(scope: ViewScope, state: State, case_id: str) -> bool:
    """Whether the case lies in *scope* (by the region and household it names)."""
    opened = state.opening(case_id)
    return opened is not None and scope.has_case(state.roster, opened.fields)


def check_case(scope: ViewScope, state: State, value: Any) -> None:
    """A known case in scope (`UnknownEntityError`, `ScopeError`)."""
    if value not in state.cases:
        raise UnknownEntityError("case", value)
    if not case_in_scope(scope, state, value):
        raise refuse(scope, "case", value)


def _new_case(scope: ViewScope, state: State, value: Any) -> None:
    if value in state.cases and not case_in_scope(scope, state, value):
        raise refuse(scope, "case id", value)


def check_claim(scope: ViewScope, state: State, value: Any) -> None:
    """A known claim of an account in scope (`UnknownEntityError`, `ScopeError`)."""
    claim = state.claims.get(value)
    if claim is None:
        raise UnknownEntityError("claim", value)
    if not scope.has_household(claim.account):
        raise refuse(scope, "claim", value)


def _new_claim(scope: ViewScope, state: State, value: Any) -> None:
    claim = state.claims.get(value)
    if claim is not None and not scope.has_household(claim.account):
        raise refuse(scope, "claim id", value)


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
        raise refuse(scope, "order", value)


def _new_order(scope: ViewScope, state: State, value: Any) -> None:
    account = _order_account(state, value)
    if account is not None and not scope.has_household(account):
        raise refuse(scope, "order id", value)


def _team(scope: ViewScope, state: State, value: Any) -> None:
    if value not in scope.teams(state.roster):
        raise refuse(scope, "volunteer team", value)


def _participant(scope: ViewScope, state: State, value: Any) -> None:
    # A participant who is a resident must live in scope; a volunteer from
    # outside the roster names no household and reveals nothing.
    person, _hours = value
    home = state.household_of(person)
    if home is not None and not scope.has_household(home):
        raise refuse(scope, "participant", person)


def _by(scope: ViewScope, state: State, value: Any) -> None:
    if not (scope.has_household(value) or scope.has_region(state.roster, value)):
        raise refuse(scope, "orderer", value)


def _menu_order(scope: ViewScope, state: State, value: Any) -> None:
    order = state.activities.orders.get(value)
    if order is None:
        raise UnknownEntityError("menu order", value)
    _by(scope, state, order.by)


def _new_activity(scope: ViewScope, state: State, value: Any) -> None:
    held = state.activities.activities.get(value)
    if held is not None and held.team not in scope.teams(state.roster):
        raise refuse(scope, "activity id", value)


def _new_menu_order(scope: ViewScope, state: State, value: Any) -> None:
    order = state.activities.orders.get(value)
    if order is not None:
        _by(scope, state, order.by)


def _village_wide(scope: ViewScope, _state: State, value: Any) -> None:
    # The supermarket's shelf and the deadline calendar are the village's.
    if scope.kind != "village":
        raise refuse(scope, "village-wide", value)


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
        Guard("actor", _actor),
        Guard("case_id", _new_case),
        Guard("region", _region),
        Guard("household", _household),
        Guard("unit", _unit),
    ),
    FireCase: (
        Guard("actor", _actor),
        Guard("case_id", check_case),
        Guard("claim_for", _household, each=True),
    ),
    EscalateCase: (Guard("case_id", check_case), Guard("actor", _actor)),
    AcceptCase: (Guard("case_id", check_case), Guard("actor", _actor)),
    SuperviseCase: (Guard("case_id", check_case), Guard("actor", _actor)),
    EscalateDue: (Guard("regions", _region, each=True), Guard("actor", _actor)),
    FileClaim: (
        Guard("actor", _actor),
        Guard("claim_id", _new_claim),
        Guard("account", _household),
    ),
    StepClaim: (Guard("claim_id", check_claim), Guard("actor", _actor)),
    RecogniseClaim: (Guard("claim_id", check_claim), Guard("actor", _actor)),
    PlaceOrder: (Guard("order_id", _new_order), Guard("account", _household)),
    HandOver: (Guard("order_id", _order), Guard("approver", _actor)),
    CancelOrder: (Guard("order_id", _order),),
    Restock: (Guard("sku", _village_wide),),
    ReviseDeadlines: (Guard("reason", _village_wide),),
    RecordActivity: (
        Guard("organiser", _actor),
        Guard("activity_id", _new_activity),
        Guard("team", _team),
        Guard("region", _region),
        Guard("participants", _participant, each=True),
        Guard("answers", _menu_order, each=True),
    ),
    OrderService: (Guard("order_id", _new_menu_order), Guard("by", _by)),
}
"""Every command kind → the scope checks of the arguments that name something."""
