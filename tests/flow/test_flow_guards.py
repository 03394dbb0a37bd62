"""Built-in guards pass and fail with reasons that say why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flow_fixtures import CLERK, T0
from hypothesis import given
from hypothesis import strategies as st

from gridgov.errors import TransitionRefusedError
from gridgov.flow import BUILTIN_GUARDS, Actor, FlowInstance, Step, fire, start
from gridgov.io.workflows import builtin_workflow


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


def test_quorum_refuses_more_present_than_members_and_says_so() -> None:
    """Issue 12: 31 present of 30 is a count that does not fit, not a quorum not met."""
    q = guard("quorum", present="present", total="members")
    reason = q(instance(), CLERK, T0, {"present": "31", "members": "30"})
    assert reason == (
        "more present than there are members: field 'present' is 31 but 'members' "
        "is 30 (present cannot exceed members)"
    )
    assert "nobody to count" in q(
        instance(), CLERK, T0, {"present": "0", "members": "0"}
    )


def test_majority_refuses_more_approvals_than_present_or_due() -> None:
    """Issue 12: approvals <= present <= members, each failure named."""
    m = guard("majority", approvals="approvals", due="members", present="present")
    ok = {"approvals": "16", "present": "20", "members": "30"}
    assert m(instance(), CLERK, T0, ok) is None
    over_present = {**ok, "approvals": "25"}
    assert m(instance(), CLERK, T0, over_present).startswith(
        "more approvals than present: field 'approvals' is 25 but 'present' is 20"
    )
    over_due = {**ok, "present": "31"}
    assert m(instance(), CLERK, T0, over_due).startswith("more present than due")
    plain = guard("majority", approvals="yes", due="due")
    assert plain(instance(), CLERK, T0, {"yes": "21", "due": "20"}).startswith(
        "more approvals than due: field 'yes' is 21 but 'due' is 20"
    )


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("１８", "(full-width digits: write '18')"),
        ("１ ８", ""),
        ("²", ""),
        ("١٨", ""),
        ("18.0", ""),
        ("-3", ""),
    ],
)
def test_counts_are_ascii_digits_only(raw: str, hint: str) -> None:
    """Issue 12: full-width and other Unicode digits are refused with a clear reason."""
    q = guard("quorum", present="present", total="members")
    reason = q(instance(), CLERK, T0, {"present": raw, "members": "20"})
    assert reason is not None
    assert "must be a whole number in ASCII digits 0-9" in reason
    assert reason.endswith(hint)


def test_a_count_of_more_than_nine_digits_is_refused_not_crashed() -> None:
    """A 5,000-digit count gets a reason (int() alone would raise ValueError)."""
    q = guard("majority", approvals="a", due="d")
    reason = q(instance(), CLERK, T0, {"a": "9" * 5000, "d": "20"})
    assert "at most 9 digits" in reason
    assert len(reason) < 200


@given(
    st.integers(0, 400),
    st.integers(0, 400),
    st.integers(0, 400),
)
def test_review_votes_pass_only_when_the_counts_fit(
    approvals: int, present: int, members: int
) -> None:
    """The 审议 guards pass exactly when approvals <= present <= members, a 2/3
    quorum is present and more than half the members approve."""
    q = guard("quorum", present="present", total="members")
    m = guard("majority", approvals="approvals", due="members", present="present")
    fields = {
        "approvals": str(approvals),
        "present": str(present),
        "members": str(members),
    }
    passed = all(g(instance(), CLERK, T0, fields) is None for g in (q, m))
    assert passed == (
        approvals <= present <= members
        and members > 0
        and 3 * present >= 2 * members
        and 2 * approvals > members
    )


def test_the_builtin_review_step_refuses_more_approvals_than_present() -> None:
    """The shipped 四议两公开 workflow names the attendance field in its majority."""
    flow = builtin_workflow("four_deliberations").flow
    branch = Actor("branch", frozenset({"village_committee", "party_branch"}))
    d, _ = start(flow, "JY-1", actor=branch, at=T0, command_id="p")
    d, _ = fire(
        flow, d, "consult", actor=branch, at=T0, command_id="c", fields={"minutes": "m"}
    )
    with pytest.raises(TransitionRefusedError, match="more approvals than present"):
        fire(
            flow,
            d,
            "review",
            actor=branch,
            at=T0,
            command_id="r",
            fields={"members": "30", "present": "20", "approvals": "25"},
        )
