"""Issue 12: None or a wrong type in a public call of gridgov.cases: a GridgovError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from cases_fixtures import CALENDAR, EVERYONE, T0, opened, rules
from hypothesis import given
from hypothesis import strategies as st

from gridgov.calendar import ChinaCalendar, Limit, LimitUnit
from gridgov.cases import (
    CaseRules,
    CaseSource,
    SupervisionKind,
    TransferKind,
    Urgency,
    accept_transfer,
    decline_transfer,
    fire_case,
    open_case,
    request_transfer,
    revise_deadlines,
    supervise,
)
from gridgov.cases.deadlines import DeadlineRule, DeadlineTable, compile_table
from gridgov.domain.regions import Level
from gridgov.errors import GridgovError, InvalidValueError
from gridgov.flow import Actor
from gridgov.io.workflows import builtin_workflow

R = rules("digital_city")
CASE, _ = opened()
SENT, _ = request_transfer(
    R,
    CASE,
    kind=TransferKind.TRANSFER,
    to_unit="dept-b",
    reason="属于城管",
    actor=EVERYONE,
    at=T0,
    command_id="send",
)
LATER = T0 + timedelta(hours=1)

CALLS: dict[str, tuple[Callable[..., object], dict[str, Any], frozenset[str]]] = {
    # name: (function, valid keyword arguments, arguments that may be None)
    "open_case": (
        open_case,
        {
            "rules": R,
            "case_id": "C-9",
            "category": "暴露垃圾",
            "urgency": Urgency.NORMAL,
            "source": CaseSource.PATROL,
            "level": Level.GRID,
            "unit": "grid-1",
            "actor": EVERYONE,
            "at": T0,
            "command_id": "open-9",
            "title": "",
            "handling_mode": None,
            "fields": {},
        },
        frozenset({"handling_mode"}),
    ),
    "fire_case": (
        fire_case,
        {
            "rules": R,
            "case": CASE,
            "command": "register",
            "actor": EVERYONE,
            "at": LATER,
            "command_id": "reg",
            "fields": {},
        },
        frozenset(),
    ),
    "request_transfer": (
        request_transfer,
        {
            "rules": R,
            "case": CASE,
            "kind": TransferKind.TRANSFER,
            "to_unit": "dept-b",
            "reason": "属于城管",
            "actor": EVERYONE,
            "at": LATER,
            "command_id": "send-2",
            "to_level": None,
        },
        frozenset({"to_level"}),
    ),
    "accept_transfer": (
        accept_transfer,
        {
            "rules": R,
            "case": SENT,
            "unit": "dept-b",
            "actor": EVERYONE,
            "at": LATER,
            "command_id": "acc",
        },
        frozenset(),
    ),
    "decline_transfer": (
        decline_transfer,
        {
            "rules": R,
            "case": SENT,
            "unit": "dept-b",
            "reason": "不属本单位",
            "actor": EVERYONE,
            "at": LATER,
            "command_id": "dec",
        },
        frozenset(),
    ),
    "supervise": (
        supervise,
        {
            "rules": R,
            "case": CASE,
            "kind": SupervisionKind.URGE,
            "actor": EVERYONE,
            "at": LATER,
            "command_id": "urge",
            "card": None,
            "note": "",
        },
        frozenset({"card"}),
    ),
    "revise_deadlines": (
        revise_deadlines,
        {
            "rules": R,
            "case": CASE,
            "at": LATER,
            "reason": "2027年通知",
            "actor": "system",
            "command_id": None,
        },
        frozenset({"command_id"}),
    ),
}
ARGUMENTS = [(name, arg) for name, (_, kwargs, _) in CALLS.items() for arg in kwargs]
POSITIONAL = {"rules", "case", "command"}

WRONG = st.sampled_from(
    [
        None,
        0,
        -1,
        1.5,
        True,
        b"grid-1",
        [],
        ["grid-1"],
        {},
        {"x": 1},
        {1: "x"},
        object(),
        "",
        "   ",
        "grid-9",
        date(2026, 9, 28),
        datetime(2026, 9, 28, 9, 0),  # naive  # noqa: DTZ001
        T0 - timedelta(days=400),
        frozenset({"x"}),
        Actor("x"),
        Actor(None),  # type: ignore[arg-type]
        Actor("x", ["grid_worker"]),  # type: ignore[arg-type]
        CASE,
        R,
        CALENDAR,
    ]
)


def call(name: str, **changes: object) -> object:
    """Call *name* with its valid arguments, some replaced."""
    function, kwargs, _ = CALLS[name]
    merged = {**kwargs, **changes}
    args = [merged.pop(a) for a in ("rules", "case", "command") if a in merged]
    return function(*args, **merged)


@pytest.mark.parametrize("name", CALLS)
def test_the_valid_arguments_are_accepted(name: str) -> None:
    """The baselines are valid calls (so a refusal below is the wrong value's)."""
    result = call(name)
    # Every call returns (case, event); revise_deadlines may find nothing to do.
    assert result is None if name == "revise_deadlines" else isinstance(result, tuple)


@pytest.mark.parametrize(("name", "argument"), ARGUMENTS)
@given(value=WRONG)
def test_a_wrong_value_for_any_argument_is_a_gridgov_error(
    name: str, argument: str, value: object
) -> None:
    """Whatever one argument holds, the call returns or raises a GridgovError."""
    with contextlib.suppress(GridgovError):
        call(name, **{argument: value})


@pytest.mark.parametrize(("name", "argument"), ARGUMENTS)
def test_none_is_refused_where_the_argument_is_required(
    name: str, argument: str
) -> None:
    """None for an argument that takes no None is an InvalidValueError naming it."""
    if argument in CALLS[name][2]:
        call(name, **{argument: None})
        return
    with pytest.raises(InvalidValueError) as info:
        call(name, **{argument: None})
    assert info.value.name.split(".")[0].split("[")[0] == argument


def test_request_transfer_to_no_unit_names_to_unit() -> None:
    """Issue 12: to_unit=None raised AttributeError; it names to_unit now."""
    with pytest.raises(InvalidValueError, match="to_unit"):
        call("request_transfer", to_unit=None)


def test_case_rules_compile_a_deadline_table() -> None:
    """Issue 12: an uncompiled DeadlineTable was kept, and open_case raised
    AttributeError; CaseRules compiles it now."""
    table = DeadlineTable(
        rules=(DeadlineRule(resolution=Limit(3, LimitUnit.WORKING_DAYS)),)
    )
    compiled = CaseRules(
        workflow=builtin_workflow("digital_city"), calendar=CALENDAR, deadlines=table
    )
    assert compiled.deadlines == compile_table(table)
    valid = {k: v for k, v in CALLS["open_case"][1].items() if k != "rules"}
    case, _ = open_case(compiled, **valid)
    assert case.state == compiled.workflow.flow.spec.initial


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("deadlines", "3 days"),
        ("deadlines", {"rules": []}),
        ("workflow", "digital_city"),
        ("workflow", None),
        ("calendar", None),
        ("calendar", "china"),
    ],
)
def test_case_rules_refuse_what_they_cannot_use(field: str, value: object) -> None:
    """CaseRules refuses a wrong workflow, calendar or time limits, naming the field."""
    valid: dict[str, object] = {
        "workflow": builtin_workflow("digital_city"),
        "calendar": ChinaCalendar(),
    }
    with pytest.raises(InvalidValueError, match=field):
        CaseRules(**{**valid, field: value})  # type: ignore[arg-type]
