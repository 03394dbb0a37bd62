"""Built-in guards pass and fail with reasons that say why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flow_fixtures import CLERK, T0
from hypothesis import given
from hypothesis import strategies as st

from gridgov.flow import BUILTIN_GUARDS, Actor, FlowInstance, Step


def instance(data: dict[str, str] | None = None) -> FlowInstance:
    step = Step("i", "c", "*start*", "", "s", "x", T0, 0, {})
    return FlowInstance("f", step, data or {})


def guard(kind: str, **params: str):
    return BUILTIN_GUARDS.get(kind).build(params)


def test_quorum_two_thirds() -> None:
    """四议两公开: at least 2/3 of the members must be present."""
    q = guard("quorum", present="present", total="members")
    assert q(instance(), CLERK, T0, {"present": "18", "members": "27"}) is None
    reason = q(instance(), CLERK, T0, {"present": "17", "members": "27"})
    assert reason == "quorum not met: 17 present of 27, need at least 2/3 of them"
    assert "must be a whole number" in q(
        instance(), CLERK, T0, {"present": "x", "members": "27"}
    )
    assert "'members' is missing" in q(instance(), CLERK, T0, {"present": "3"})
    assert q(instance(), CLERK, T0, {"present": "5", "members": "3"}) is not None


def test_majority_more_than_half_of_those_due() -> None:
    """四议两公开: approvals must be MORE than half of those due (half fails)."""
    m = guard("majority", approvals="yes", due="due")
    assert m(instance(), CLERK, T0, {"yes": "11", "due": "20"}) is None
    assert m(instance(), CLERK, T0, {"yes": "10", "due": "20"}) is not None
    assert m(instance(), CLERK, T0, {"yes": "0", "due": "0"}) is not None


@given(st.integers(0, 300), st.integers(1, 300))
def test_quorum_matches_exact_arithmetic(present: int, total: int) -> None:
    """The quorum guard agrees with 3 × present ≥ 2 × total (no float rounding)."""
    q = guard("quorum", present="p", total="t")
    ok = q(instance(), CLERK, T0, {"p": str(present), "t": str(total)}) is None
    assert ok == (present <= total and 3 * present >= 2 * total)


def test_fields_fall_back_to_instance_data() -> None:
    """A guard reads the command's fields first, then what earlier steps recorded."""
    g = guard("field_present", field="agreement")
    assert g(instance({"agreement": "A-1"}), CLERK, T0, {}) is None
    assert g(instance(), CLERK, T0, {}) == "field 'agreement' is missing"
    e = guard("field_equals", field="k", value="v")
    assert e(instance({"k": "v"}), CLERK, T0, {"k": "w"}) is not None


def test_field_in_and_role_in() -> None:
    """field_in and role_in accept comma-separated lists."""
    f = guard("field_in", field="result", values="satisfied, basically_satisfied")
    assert f(instance(), CLERK, T0, {"result": "satisfied"}) is None
    assert "must be one of" in f(instance(), CLERK, T0, {"result": "no"})
    r = guard("role_in", roles="chief, clerk")
    assert r(instance(), CLERK, T0, {}) is None
    assert "needs one of the roles" in r(instance(), Actor("z"), T0, {})


@pytest.mark.parametrize(("hours", "ok"), [(0, False), (119, False), (120, True)])
def test_min_days_in_state(hours: int, ok: bool) -> None:
    """公示 windows: the state must have been entered at least N natural days ago."""
    g = guard("min_days_in_state", days="5")
    result = g(instance(), CLERK, T0 + timedelta(hours=hours), {})
    assert (result is None) == ok
