"""Provisional deadlines (暂定): marked on the case, revised by an event."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
import pytest
from cases_fixtures import EVERYONE
from hypothesis import example, given
from hypothesis import strategies as st

from gridgov.calendar import ChinaCalendar
from gridgov.cases import (
    CaseRules,
    CaseSource,
    CaseTable,
    DeadlinesRevised,
    RevisedDeadline,
    Urgency,
    apply_event,
    fire_case,
    open_case,
    replay_case,
    revise_deadlines,
)
from gridgov.cases.deadlines import ClockKind
from gridgov.domain.events import Event
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import IntegrityError, InvalidValueError
from gridgov.io import structure, unstructure
from gridgov.io.workflows import builtin_workflow

FLOW = builtin_workflow("digital_city")  # 立案 1 working day, 办结 5 working days
PROVISIONAL = CaseRules(
    workflow=FLOW, calendar=ChinaCalendar(unpublished="provisional")
)
# A made-up 2027 notice: 元旦 01-01..01-05 (so the provisional deadline day,
# Tuesday 01-05, is off), Sunday 01-10 worked.
NOTICE = ChinaCalendar(
    unpublished="provisional",
    extra_rest_days=[date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 5)],
    extra_working_days=[date(2027, 1, 10)],
    local_notice_years=[2027],
)
NOTICED = CaseRules(workflow=FLOW, calendar=NOTICE)
MON = datetime(2026, 12, 28, 9, 0, tzinfo=CHINA_TZ)
H = timedelta(hours=1)


def _open(rules: CaseRules, at: datetime = MON, urgency: Urgency = Urgency.NORMAL):
    return open_case(
        rules,
        case_id="P-1",
        category="暴露垃圾",
        urgency=urgency,
        source=CaseSource.PATROL,
        level=Level.GRID,
        unit="grid-1",
        actor=EVERYONE,
        at=at,
        command_id="open",
    )


def _registered(rules: CaseRules, at: datetime = MON, **kw: object):
    case, opened = _open(rules, at, **kw)  # type: ignore[arg-type]
    case, registered = fire_case(
        rules, case, "register", actor=EVERYONE, at=at + H, command_id="register"
    )
    return case, [opened, registered]


def test_a_deadline_in_an_unpublished_year_is_provisional() -> None:
    """Opened 2026-12-28: 办结 in 5 working days falls in 2027, estimated: 暂定."""
    case, _ = _registered(PROVISIONAL)
    clock = case.resolution
    assert clock is not None
    # 12-29, 12-30, 12-31, (元旦 01-01), 01-04, 01-05
    assert clock.current_deadline == datetime(2027, 1, 6, tzinfo=CHINA_TZ)
    assert clock.provisional_years == (2027,)
    assert case.provisional_deadlines
    assert case.calendar_version == PROVISIONAL.calendar.version  # type: ignore[attr-defined]
    # The 立案 clock stopped inside 2026: it never needed 2027.
    assert case.response is not None
    assert case.response.provisional_years == ()
    record = CaseTable((case,)).to_records()[0]
    assert record["provisional_deadlines"] is True
    assert record["provisional_deadlines_zh"] == "暂定"


def test_a_published_year_is_not_provisional() -> None:
    """With the notice entered from the start there is nothing to revise."""
    case, _ = _registered(NOTICED)
    assert not case.provisional_deadlines
    assert case.calendar_version == NOTICE.version
    assert CaseTable((case,)).to_records()[0]["provisional_deadlines_zh"] == ""
    assert revise_deadlines(NOTICED, case, at=MON + 2 * H, reason="通知") is None


def test_revision_moves_the_deadline_and_clears_the_mark() -> None:
    """The notice's rest day on 01-05 moves the deadline; folding reproduces it."""
    case, history = _registered(PROVISIONAL)
    result = revise_deadlines(
        NOTICED, case, at=MON + 2 * H, reason="2027年放假通知已录入"
    )
    assert result is not None
    revised, event = result
    assert isinstance(event, DeadlinesRevised)
    assert event.calendar_version == NOTICE.version
    assert event.reason == "2027年放假通知已录入"
    assert event.actor == "system"
    assert [d.kind for d in event.deadlines] == [ClockKind.RESOLUTION]
    clock = revised.resolution
    assert clock is not None
    # 12-29, 12-30, 12-31, (01-01..01-05 off), 01-06, 01-07
    assert clock.current_deadline == datetime(2027, 1, 8, tzinfo=CHINA_TZ)
    assert clock.original_deadline == clock.current_deadline
    assert clock.provisional_years == ()
    assert clock.calendar == NOTICE.describe()
    assert not revised.provisional_deadlines
    assert revised.calendar_version == NOTICE.version
    assert revised.last == event
    # Replaying under the calendar the case was opened with gives the same case.
    assert replay_case(PROVISIONAL, [*history, event]) == revised
    assert apply_event(PROVISIONAL, case, event) == revised
    # Once revised, the same calendar has nothing more to say.
    assert revise_deadlines(NOTICED, revised, at=MON + 3 * H, reason="再次") is None


def test_replay_sets_the_recorded_deadlines_whatever_calendar_is_installed() -> None:
    """The fold takes the deadlines from the event, not from the calendar."""
    case, history = _registered(PROVISIONAL)
    result = revise_deadlines(NOTICED, case, at=MON + 2 * H, reason="通知")
    assert result is not None
    revised, event = result
    other = CaseRules(
        workflow=FLOW,
        calendar=ChinaCalendar(
            unpublished="provisional",
            extra_rest_days=[date(2027, 1, 6), date(2027, 1, 7), date(2027, 1, 8)],
            local_notice_years=[2027],
        ),
    )
    again = replay_case(other, [*history, event])
    assert again.resolution == revised.resolution
    assert again.calendar_version == NOTICE.version
    assert not again.provisional_deadlines


def test_the_event_is_journal_ready() -> None:
    """DeadlinesRevised round-trips through the converter and replays from it."""
    case, history = _registered(PROVISIONAL)
    result = revise_deadlines(NOTICED, case, at=MON + 2 * H, reason="通知")
    assert result is not None
    revised, event = result
    data = unstructure(event)
    assert data["type"] == "DeadlinesRevised"
    back = structure(data, Event)
    assert back == event
    assert replay_case(PROVISIONAL, [*history, back]) == revised  # type: ignore[list-item]


def test_key_actor_and_retry() -> None:
    """The key names calendar and instant unless given; a retry answers the same."""
    case, _ = _registered(PROVISIONAL)
    at = MON + 2 * H
    result = revise_deadlines(NOTICED, case, at=at, reason="通知")
    assert result is not None
    assert result[1].key == f"deadlines-revised:{NOTICE.version}:{at.isoformat()}"
    mine = revise_deadlines(
        NOTICED, case, at=at, reason="通知", actor="clerk-7", command_id="rev-1"
    )
    assert mine is not None
    assert (mine[1].key, mine[1].actor) == ("rev-1", "clerk-7")


def test_stopped_clocks_keep_their_deadlines() -> None:
    """A provisional 立案 clock that stopped keeps its deadline and outcome."""
    eve = datetime(2026, 12, 31, 9, 0, tzinfo=CHINA_TZ)
    case, _ = _open(PROVISIONAL, eve)
    assert case.response is not None
    assert case.response.provisional_years == (2027,)
    assert case.provisional_deadlines
    case, _ = fire_case(
        PROVISIONAL, case, "register", actor=EVERYONE, at=eve + H, command_id="r"
    )
    assert case.response is not None
    assert case.response.stopped_at is not None
    result = revise_deadlines(NOTICED, case, at=eve + 2 * H, reason="通知")
    assert result is not None
    revised, event = result
    assert [d.kind for d in event.deadlines] == [ClockKind.RESOLUTION]
    assert revised.response == case.response
    assert revised.response_outcome == case.response_outcome


def test_nothing_to_revise() -> None:
    """Same calendar, natural-day limits, concluded cases: no event."""
    case, _ = _registered(PROVISIONAL)
    assert revise_deadlines(PROVISIONAL, case, at=MON + 2 * H, reason="x") is None
    mediation = CaseRules(
        workflow=builtin_workflow("mediation"), calendar=PROVISIONAL.calendar
    )
    calm, _ = open_case(
        mediation,
        case_id="M-1",
        category="邻里纠纷",
        urgency=Urgency.NORMAL,
        source=CaseSource.VISIT,
        level=Level.GRID,
        unit="grid-1",
        actor=EVERYONE,
        at=MON,
        command_id="open",
    )
    assert not calm.provisional_deadlines  # 30 natural days need no calendar
    assert revise_deadlines(mediation, calm, at=MON, reason="x") is None
    voided, _ = fire_case(
        PROVISIONAL,
        _open(PROVISIONAL)[0],
        "void",
        actor=EVERYONE,
        at=MON,
        command_id="void",
        fields={"reason": "重复上报"},
    )
    assert voided.is_concluded
    assert revise_deadlines(NOTICED, voided, at=MON, reason="x") is None


def test_bad_input_is_refused() -> None:
    """An empty reason or an instant before the last event is an InvalidValueError."""
    case, _ = _registered(PROVISIONAL)
    with pytest.raises(InvalidValueError, match="reason"):
        revise_deadlines(NOTICED, case, at=MON + 2 * H, reason=" ")
    with pytest.raises(InvalidValueError, match="at"):
        revise_deadlines(NOTICED, case, at=MON, reason="通知")


def test_a_revision_of_a_clock_that_is_not_running_does_not_fold() -> None:
    """The fold refuses new deadlines for a stopped or missing clock."""
    case, _ = _registered(PROVISIONAL)
    result = revise_deadlines(NOTICED, case, at=MON + 2 * H, reason="通知")
    assert result is not None
    _, event = result
    wrong = attrs.evolve(
        event,
        key="wrong",
        deadlines=(attrs.evolve(event.deadlines[0], kind=ClockKind.RESPONSE),),
    )
    with pytest.raises(IntegrityError, match="no running response clock"):
        apply_event(PROVISIONAL, case, wrong)
    assert isinstance(event.deadlines[0], RevisedDeadline)


openings = st.builds(
    lambda day, minutes: (
        datetime(2026, 12, 1, tzinfo=CHINA_TZ) + timedelta(days=day, minutes=minutes)
    ),
    st.integers(min_value=0, max_value=75),
    st.integers(min_value=0, max_value=24 * 60 - 1),
)


@given(openings, st.sampled_from([Urgency.NORMAL, Urgency.URGENT]))
@example(MON, Urgency.NORMAL)
@example(datetime(2026, 12, 31, 16, 0, tzinfo=CHINA_TZ), Urgency.URGENT)
def test_revising_twice_with_one_calendar_records_one_event(
    at: datetime, urgency: Urgency
) -> None:
    """Revise, then revise again: no second event; the deadlines match the notice."""
    case, history = _registered(PROVISIONAL, at, urgency=urgency)
    result = revise_deadlines(NOTICED, case, at=case.updated_at, reason="通知")
    if result is None:
        assert not case.provisional_deadlines or case.resolution == (
            _registered(NOTICED, at, urgency=urgency)[0].resolution
        )
        return
    revised, event = result
    assert not revised.provisional_deadlines
    assert (
        revise_deadlines(NOTICED, revised, at=revised.updated_at, reason="再次") is None
    )
    direct, _ = _registered(NOTICED, at, urgency=urgency)
    assert revised.resolution is not None
    assert direct.resolution is not None
    for name in ("original_deadline", "current_deadline", "warn_at", "calendar"):
        assert getattr(revised.resolution, name) == getattr(direct.resolution, name)
    assert replay_case(PROVISIONAL, [*history, event]) == revised
