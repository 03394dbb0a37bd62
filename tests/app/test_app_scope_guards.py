"""
Every guarded argument of every command, refused outside the view's scope.

`SCOPE_GUARDS` is the one table a view's checks come from. These tests check
that it covers every command kind, that each kind runs through a view when
everything is in scope, and — one case per guard — that an argument naming
another grid's household, region, case, claim, order, team, participant or
worker is refused with `ScopeError`, the journal and the state unchanged and
nothing of the other grid's record revealed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from commands_world import (
    COMMAND_CASES,
    GRID1,
    GRID2,
    H2,
    LEAF21,
    CommandCase,
    at,
    fresh,
    world,
)

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.app.commands import HANDLERS, Command
from gridgov.app.scope import SCOPE_GUARDS, ScopedView
from gridgov.errors import ScopeError
from gridgov.flow import Actor
from gridgov.visits.patrols import PatrolFinding

CASES = {case.kind.__name__: case for case in COMMAND_CASES}
VILLAGE_WIDE = {"Restock", "ReviseDeadlines"}


def test_the_guard_table_covers_every_command_kind() -> None:
    """A command kind with no guards cannot be run through a view by mistake."""
    assert set(SCOPE_GUARDS) == set(HANDLERS)
    assert all(SCOPE_GUARDS.values())


@pytest.fixture(scope="module")
def base(config: WorkspaceConfig) -> Workspace:
    """The world, built once."""
    return world(config)


def _in_scope(case: CommandCase) -> Command[Any]:
    """The case's command, adjusted to lie in grid 1's view."""
    command = case.make(at(11, 20))
    if case.kind.__name__ == "RecordActivity":
        command = attrs.evolve(command, team="PC-ZB1")
    return command


def _view(ws: Workspace, kind: str) -> ScopedView:
    day = date(2026, 11, 20)
    if kind == "worker":
        return ws.view(worker="W01", on=day)  # 网格长 of grid 1
    if kind == "village":
        return ws.view(village="410381003002", on=day)
    return ws.view(grid=GRID1, on=day)


@pytest.mark.parametrize("case", COMMAND_CASES, ids=list(CASES))
def test_each_command_runs_through_a_view_when_in_scope(
    base: Workspace, case: CommandCase
) -> None:
    """The view's counterpart of every command works inside the scope."""
    ws = fresh(base, case)
    kind = "village" if case.kind.__name__ in VILLAGE_WIDE else "grid"
    head = ws.journal.head()
    _view(ws, kind).execute(_in_scope(case))
    assert ws.journal.head() != head


OUTSIDE: list[tuple[str, str, Any, str]] = [
    ("RecordVisit", "household", H2, "grid"),
    ("RecordVisit", "worker", "W02", "worker"),
    ("RecordPatrol", "worker", "W02", "worker"),
    ("RecordPatrol", "region", GRID2, "grid"),
    (
        "RecordPatrol",
        "finding_households",
        (PatrolFinding("electricity", "flying_lead", household=H2),),
        "grid",
    ),
    ("MoveHousehold", "household", H2, "grid"),
    ("MoveHousehold", "to_region", LEAF21, "grid"),
    ("OpenCase", "case_id", "C3", "grid"),
    ("OpenCase", "region", LEAF21, "grid"),
    ("OpenCase", "household", H2, "grid"),
    ("OpenCase", "unit", GRID2, "grid"),
    ("FireCase", "case_id", "C3", "grid"),
    ("FireCase", "claim_for", (H2,), "grid"),
    ("EscalateCase", "case_id", "C3", "grid"),
    ("AcceptCase", "case_id", "C3", "grid"),
    ("SuperviseCase", "case_id", "C3", "grid"),
    ("EscalateDue", "regions", (GRID2,), "grid"),
    ("FileClaim", "claim_id", "K3", "grid"),
    ("FileClaim", "account", H2, "grid"),
    ("StepClaim", "claim_id", "K3", "grid"),
    ("RecogniseClaim", "claim_id", "K4", "grid"),
    ("PlaceOrder", "order_id", "O3", "grid"),
    ("PlaceOrder", "account", H2, "grid"),
    ("HandOver", "order_id", "O3", "grid"),
    ("CancelOrder", "order_id", "O3", "grid"),
    ("Restock", "sku", "soap", "grid"),
    ("ReviseDeadlines", "reason", "2027年放假通知", "grid"),
    ("RecordActivity", "activity_id", "A2", "grid"),
    ("RecordActivity", "team", "PC-ZB2", "grid"),
    ("RecordActivity", "region", GRID2, "grid"),
    ("RecordActivity", "participants", {H2: Decimal(2)}, "grid"),
    ("RecordActivity", "answers", ("M2",), "grid"),
    ("OrderService", "order_id", "M2", "grid"),
    ("OrderService", "by", H2, "grid"),
    # A worker view acts in its own worker's name only.
    ("OpenCase", "actor", "W02", "worker"),
    ("FireCase", "actor", Actor("W02", frozenset({"operator"})), "worker"),
    ("EscalateCase", "actor", "W02", "worker"),
    ("AcceptCase", "actor", "W02", "worker"),
    ("SuperviseCase", "actor", "W02", "worker"),
    ("EscalateDue", "actor", "W02", "worker"),
    ("FileClaim", "actor", "W02", "worker"),
    ("StepClaim", "actor", "W02", "worker"),
    ("RecogniseClaim", "actor", Actor("W02", frozenset({"committee"})), "worker"),
    ("HandOver", "approver", "W02", "worker"),
    ("RecordActivity", "organiser", "W02", "worker"),
]
"""(command kind, guarded field, a value outside grid 1 / worker W01, view)."""

# The field RecordPatrol's guard reads is derived from its findings.
_SOURCE_FIELD = {("RecordPatrol", "finding_households"): "findings"}


def test_every_guard_has_an_outside_case() -> None:
    """Each guard in the table is exercised by a case below."""
    listed = {(kind, field) for kind, field, _, _ in OUTSIDE}
    table = {
        (kind.__name__, guard.field)
        for kind, guards in SCOPE_GUARDS.items()
        for guard in guards
    }
    assert table == listed


@pytest.mark.parametrize(
    ("kind", "field", "value", "view"),
    OUTSIDE,
    ids=[f"{k}.{f}" for k, f, _, _ in OUTSIDE],
)
def test_an_argument_outside_the_scope_is_refused_before_anything_is_recorded(
    base: Workspace, kind: str, field: str, value: Any, view: str
) -> None:
    """ScopeError, the journal and state unchanged, the other record not shown."""
    ws = fresh(base, CASES[kind])
    command = _in_scope(CASES[kind])
    command = attrs.evolve(command, **{_SOURCE_FIELD.get((kind, field), field): value})
    snapshot, head = ws.state.snapshot(), ws.journal.head()
    with pytest.raises(ScopeError) as err:
        _view(ws, view).execute(command)
    assert ws.journal.head() == head
    assert ws.state.snapshot() == snapshot
    assert "二网格" not in str(err.value)  # another grid's record is not described
    if field in {"actor", "approver", "organiser"}:
        assert "actor 'W02'" in str(err.value)
