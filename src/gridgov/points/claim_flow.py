"""
The claim flow as data, with its notice-window guards bound to a calendar.

`CLAIM_FLOW` is a `gridgov.flow.FlowSpec`: 申报 (submitted) → 核实 (verified) →
公示 (publicised) → 认定 (recognised), 驳回 (rejected) from any step before it,
and 异议 (object) from 公示 back to 申报. Two guard kinds, ``notice_open`` and
``notice_closed``, count the objection window in working days on the
`WorkCalendar` given to `claim_flow`, so a township may edit the steps and
roles but cannot bypass the window. Both refuse with `notice_message`, the one
wording of the window's last day (included, 含当日). `ClaimState` names the
states (with their Chinese labels); `ClaimDesk` and the Workspace both run this
one flow.

>>> from gridgov.calendar import WeekendCalendar
>>> flow = claim_flow(WeekendCalendar(), notice_days=5)
>>> [s.label_zh for s in CLAIM_FLOW.states]
['申报', '核实', '公示', '认定', '驳回']
>>> ClaimState.PUBLICISED.zh, ClaimState.RECOGNISED.terminal
('公示', True)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import InvalidValueError
from gridgov.flow import (
    BUILTIN_GUARDS,
    Actor,
    CommandSpec,
    Flow,
    FlowInstance,
    FlowSpec,
    GuardKind,
    GuardRegistry,
    GuardSpec,
    StateSpec,
    TransitionSpec,
    compile_flow,
)
from gridgov.flow.guards import Guard
from gridgov.points.spec import NOTICE_DAYS
from gridgov.types import WorkCalendar

__all__ = [
    "CLAIM_FLOW",
    "COMMITTEE",
    "NOTICE_DAYS",
    "WORKER",
    "ClaimState",
    "claim_flow",
    "notice_end",
    "notice_ends",
    "notice_message",
]

WORKER = "worker"
"""The role that verifies, publicises and rejects claims (网格员)."""

COMMITTEE = "committee"
"""The role that recognises claims (评议小组, 业主委员会, 村委会); it may verify too."""


class ClaimState(enum.StrEnum):
    """Where a claim stands in `CLAIM_FLOW`."""

    SUBMITTED = "submitted"
    VERIFIED = "verified"
    PUBLICISED = "publicised"
    RECOGNISED = "recognised"
    REJECTED = "rejected"

    @property
    def zh(self) -> str:
        """The Chinese label (申报, 核实, 公示, 认定, 驳回)."""
        return _ZH[self]

    @property
    def terminal(self) -> bool:
        """Whether the claim is settled (认定 or 驳回)."""
        return self in {ClaimState.RECOGNISED, ClaimState.REJECTED}


_ZH = {
    ClaimState.SUBMITTED: "申报",
    ClaimState.VERIFIED: "核实",
    ClaimState.PUBLICISED: "公示",
    ClaimState.RECOGNISED: "认定",
    ClaimState.REJECTED: "驳回",
}


def _guarded(kind: str, days: str) -> list[GuardSpec]:
    return [GuardSpec(kind=kind, params={"days": days})]


def _flow_spec(days: int) -> FlowSpec:
    n = str(days)
    staff = [WORKER, COMMITTEE]
    return FlowSpec(
        name="points_claim",
        label_zh="积分申报认定",
        initial=ClaimState.SUBMITTED.value,
        states=[
            StateSpec(name=s.value, label_zh=s.zh, terminal=s.terminal)
            for s in ClaimState
        ],
        commands=[
            CommandSpec(name="verify", label_zh="核实"),
            CommandSpec(name="publicise", label_zh="公示"),
            CommandSpec(name="object", label_zh="异议"),
            CommandSpec(name="recognise", label_zh="认定"),
            CommandSpec(name="reject", label_zh="驳回"),
        ],
        transitions=[
            TransitionSpec(
                sources=["submitted"], command="verify", target="verified", roles=staff
            ),
            TransitionSpec(
                sources=["verified"],
                command="publicise",
                target="publicised",
                roles=staff,
            ),
            TransitionSpec(
                sources=["publicised"],
                command="object",
                target="submitted",
                fields=["reason"],
                guards=_guarded("notice_open", n),
            ),
            TransitionSpec(
                sources=["publicised"],
                command="recognise",
                target="recognised",
                roles=[COMMITTEE],
                guards=_guarded("notice_closed", n),
            ),
            TransitionSpec(
                sources=["submitted", "verified", "publicised"],
                command="reject",
                target="rejected",
                roles=staff,
                fields=["reason"],
            ),
        ],
    )


CLAIM_FLOW = _flow_spec(NOTICE_DAYS)
"""The claim flow with a 3-working-day notice (公示 3 天), as data."""


def notice_end(calendar: WorkCalendar, instance: FlowInstance, days: int) -> date:
    """The first day after the notice window of a claim posted (公示) in *instance*."""
    posted = instance.since.astimezone(CHINA_TZ).date()
    return calendar.add_working_days(posted, days)


def notice_ends(
    calendar: WorkCalendar, instance: FlowInstance, days: int
) -> date | None:
    """While 公示: the first day the claim in *instance* may be recognised."""
    if instance.state != ClaimState.PUBLICISED:
        return None
    return notice_end(calendar, instance, days)


def notice_message(end: date, *, closed: bool) -> str:
    """
    The one wording of a notice window's last day, in Chinese and English.

    *end* is the first day after the window (`notice_end`); the message names
    the window's **last day**, ``end - 1`` (a calendar day: an objection is
    taken on it, even on a weekend), and says it is included (含当日,
    inclusive) whether the window is still open or has closed.

    >>> print(notice_message(date(2026, 3, 11), closed=False))
    公示期至 2026-03-10 止（含当日），2026-03-11 起可认定 \
(the notice window runs through 2026-03-10, inclusive; recognition from 2026-03-11)
    >>> print(notice_message(date(2026, 3, 11), closed=True))
    公示期已于 2026-03-10 届满（含当日），不再受理异议 \
(the notice window ran through 2026-03-10, inclusive, and has closed; \
objections are no longer taken)
    """
    last = end - timedelta(days=1)
    if closed:
        return (
            f"公示期已于 {last} 届满（含当日），不再受理异议 "
            f"(the notice window ran through {last}, inclusive, and has closed; "
            "objections are no longer taken)"
        )
    return (
        f"公示期至 {last} 止（含当日），{end} 起可认定 "
        f"(the notice window runs through {last}, inclusive; recognition from {end})"
    )


def _days(params: Mapping[str, str]) -> int:
    text = params["days"].strip()
    if not text.isdigit():
        raise InvalidValueError(
            "days", "a whole number of working days >= 0", params["days"]
        )
    return int(text)


def _window_kind(calendar: WorkCalendar, *, while_open: bool) -> GuardKind:
    """``notice_open`` (objections) or ``notice_closed`` (recognition)."""

    def build(params: Mapping[str, str]) -> Guard:
        days = _days(params)

        def check(
            instance: FlowInstance, _a: Actor, at: datetime, _f: Mapping[str, str]
        ) -> str | None:
            end = notice_end(calendar, instance, days)
            is_open = at.astimezone(CHINA_TZ).date() < end
            if is_open == while_open:
                return None
            return notice_message(end, closed=while_open)

        return check

    return GuardKind(
        name="notice_open" if while_open else "notice_closed",
        label_zh="公示期内" if while_open else "公示期满",
        summary="the public notice has lasted fewer / at least N working days",
        build=build,
        required=("days",),
    )


def _guards(calendar: WorkCalendar) -> GuardRegistry:
    return BUILTIN_GUARDS.with_kind(_window_kind(calendar, while_open=True)).with_kind(
        _window_kind(calendar, while_open=False)
    )


def claim_flow(
    calendar: WorkCalendar,
    *,
    notice_days: int = NOTICE_DAYS,
    spec: FlowSpec | None = None,
) -> Flow:
    """
    Compile the claim flow with its notice window bound to *calendar*.

    Commands: ``verify`` (核实) and ``publicise`` (公示) by a `WORKER` or the
    `COMMITTEE`; ``object`` (异议, anyone, with a ``reason``) while the notice
    window of *notice_days* working days is open, back to 申报; ``recognise``
    (认定) by the `COMMITTEE` once it has closed; ``reject`` (驳回, staff,
    with a ``reason``) at any step before 认定.
    """
    return compile_flow(spec or _flow_spec(notice_days), guards=_guards(calendar))
