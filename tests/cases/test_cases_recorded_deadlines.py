"""Deadlines are facts: events record them, the fold never recomputes them.

The events that start or move a clock (opening, a workflow step, an accepted
transfer) carry the deadlines the command computed with the calendar of the
day; replaying them under another calendar (a newer ``holidays``, a township's
calendar.toml) gives the same case, and only `revise_deadlines` moves them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
import pytest
from cases_fixtures import EVERYONE
from hypothesis import event as note_event
from hypothesis import given, settings
from hypothesis import strategies as st

from gridgov.calendar import ChinaCalendar, Limit, LimitUnit
from gridgov.cases import (
    CaseAdvanced,
    CaseOpened,
    CaseRules,
    CaseSource,
    ClockEvent,
    DeadlinesRevised,
    RecordedDeadline,
    TransferKind,
    Urgency,
    accept_transfer,
    apply_event,
    decline_transfer,
    fire_case,
    open_case,
    replay_case,
    request_transfer,
    revise_deadlines,
    supervise,
)
from gridgov.cases.deadlines import (
    ClockKind,
    DeadlineClockError,
    DeadlineRule,
    DeadlineTable,
    compile_table,
)
from gridgov.cases.recording import record
from gridgov.cases.timing import Clocks
from gridgov.domain.events import Event
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import GridgovError, IntegrityError, InvalidValueError
from gridgov.io import structure, unstructure
from gridgov.io.workflows import builtin_workflow, builtin_workflow_names
from gridgov.journal import MemoryJournal
from gridgov.journal.chain import EventCodec

FLOW = builtin_workflow("digital_city")  # 立案 1 working day, 办结 5 working days
OLD_CAL = ChinaCalendar(unpublished="provisional")
# A made-up 2027 notice: 元旦 01-01..01-05 off, Sunday 01-10 worked.
NEW_CAL = ChinaCalendar(
    unpublished="provisional",
    extra_rest_days=[date(2027, 1, 1), date(2027, 1, 4), date(2027, 1, 5)],
    extra_working_days=[date(2027, 1, 10)],
    local_notice_years=[2027],
)
OLD = CaseRules(workflow=FLOW, calendar=OLD_CAL)
NEW = CaseRules(workflow=FLOW, calendar=NEW_CAL)
MON = datetime(2026, 12, 28, 9, 0, tzinfo=CHINA_TZ)
H = timedelta(hours=1)


class _Refuse:
    """A calendar and deadline index that fail the test if the fold asks them."""

    def __getattr__(self, name: str) -> object:
        pytest.fail(f"the fold asked the calendar or the time limits ({name})")


def _blind(rules: CaseRules) -> CaseRules:
    """*rules* with a calendar and time limits that must not be read.

    CaseRules refuses a calendar or time limits of the wrong type, so the
    doubles are put in past its checks.
    """
    blind = attrs.evolve(rules)
    object.__setattr__(blind, "calendar", _Refuse())
    object.__setattr__(blind, "deadlines", _Refuse())
    return blind


def _open(rules: CaseRules, at: datetime = MON):
    return open_case(
        rules,
        case_id="R-1",
        category="暴露垃圾",
        urgency=Urgency.NORMAL,
        source=CaseSource.PATROL,
        level=Level.GRID,
        unit="grid-1",
        actor=EVERYONE,
        at=at,
        command_id="open",
    )


def _history(rules: CaseRules = OLD):
    """
    A history that starts, extends, pauses and resumes clocks.

    Open, escalate, accept (办结 starts), register, dispatch, extend, park, recover.
    """
    case, first = _open(rules)
    case, up = request_transfer(
        rules,
        case,
        kind=TransferKind.ESCALATE,
        to_unit="village-1",
        to_level=Level.VILLAGE,
        reason="跨村",
        actor=EVERYONE,
        at=MON + H,
        command_id="up",
    )
    case, accepted = accept_transfer(
        rules, case, unit="village-1", actor=EVERYONE, at=MON + 2 * H, command_id="a"
    )
    events: list[Event] = [first, up, accepted]
    steps = [
        ("register", {}),
        ("dispatch", {"unit": "dept-a"}),
        ("extend", {"days": "2", "reason": "材料不全"}),
        ("park", {"reason": "等待审批"}),
        ("recover", {}),
    ]
    for n, (command, fields) in enumerate(steps, start=1):
        case, e = fire_case(
            rules,
            case,
            command,
            actor=EVERYONE,
            at=MON + n * 20 * H,
            command_id=command,
            fields=fields,
        )
        events.append(e)
    return case, events


def _clock_events(events):
    return [e for e in events if isinstance(e, ClockEvent)]


def test_events_record_the_deadlines_they_computed() -> None:
    """Opening records the 立案 clock, 签收 the 办结 clock; others record nothing."""
    case, opened = _open(OLD, datetime(2026, 12, 31, 9, 0, tzinfo=CHINA_TZ))
    assert isinstance(opened, CaseOpened)
    assert opened.deadlines is not None
    (response,) = opened.deadlines
    assert isinstance(response, RecordedDeadline)
    assert response.kind is ClockKind.RESPONSE
    assert case.response is not None
    assert response.current_deadline == case.response.current_deadline
    assert response.warn_at == case.response.warn_at
    assert response.limit == case.response.limit
    assert response.provisional_years == (2027,)
    assert response.calendar_version == OLD_CAL.version == case.calendar_version
    assert case.last == opened
    case, registered = fire_case(
        OLD, case, "register", actor=EVERYONE, at=case.opened_at + H, command_id="r"
    )
    assert [d.kind for d in registered.deadlines or ()] == [ClockKind.RESOLUTION]
    case, dispatched = fire_case(
        OLD,
        case,
        "dispatch",
        actor=EVERYONE,
        at=case.opened_at + 2 * H,
        command_id="d",
        fields={"unit": "dept-a"},
    )
    assert dispatched.deadlines is None  # it moved no clock
    assert case.last == dispatched


def test_a_limit_not_found_is_recorded_too() -> None:
    """No 立案 limit in the table: the opening records (), and replay needs no table."""
    table = compile_table(
        DeadlineTable(rules=[DeadlineRule(resolution=Limit(3, LimitUnit.WORKING_DAYS))])
    )
    rules = attrs.evolve(OLD, deadlines=table)
    case, opened = _open(rules)
    assert case.response is None
    assert opened.deadlines == ()
    assert replay_case(_blind(rules), [opened]) == case


@pytest.mark.parametrize("other", [NEW, _blind(OLD)], ids=["2027-notice", "blind"])
def test_replay_under_another_calendar_gives_the_same_case(other: CaseRules) -> None:
    """Accept, extend, park, resume, accepted escalation: all replay as decided."""
    case, events = _history()
    assert case.provisional_deadlines
    recorded = {e.key for e in _clock_events(events) if e.deadlines}
    assert recorded == {"open", "a", "extend", "recover"}
    assert replay_case(other, events) == case
    assert replay_case(OLD, events) == case
    # The new calendar would have decided otherwise: the fold did not ask it.
    decided_anew, _ = _history(NEW)
    assert decided_anew.resolution != case.resolution


def test_revision_after_an_upgrade_moves_the_deadline_and_replays() -> None:
    """Replayed under the new calendar the case is unchanged, so revision finds work."""
    case, events = _history()
    replayed = replay_case(NEW, events)
    assert replayed == case
    assert replayed.provisional_deadlines
    result = revise_deadlines(NEW, replayed, at=MON + 140 * H, reason="2027年通知")
    assert result is not None
    revised, event = result
    assert isinstance(event, DeadlinesRevised)
    assert revised.resolution is not None
    assert case.resolution is not None
    assert revised.resolution.current_deadline != case.resolution.current_deadline
    assert not revised.provisional_deadlines
    assert revised.calendar_version == NEW_CAL.version
    for rules in (OLD, NEW, _blind(OLD)):
        assert replay_case(rules, [*events, event]) == revised
    # The revised clock runs on: a later step records deadlines from it.
    later, step = fire_case(
        NEW,
        revised,
        "handle",
        actor=EVERYONE,
        at=MON + 141 * H,
        command_id="h",
        fields={"result": "已整改"},
    )
    assert replay_case(OLD, [*events, event, step]) == later


def test_events_written_before_recording_still_compute() -> None:
    """deadlines=None (an old journal): the fold computes with the rules' calendar."""
    case, events = _history()
    old = [
        attrs.evolve(e, deadlines=None) if isinstance(e, ClockEvent) else e
        for e in events
    ]
    again = replay_case(OLD, old)
    assert attrs.evolve(again, last=case.last) == case
    moved = replay_case(NEW, old)  # as before this change: the calendar decides
    assert moved.resolution != case.resolution
    payload = unstructure(events[0])
    del payload["deadlines"]  # a payload from before the field existed
    opened = structure(payload, Event)
    assert isinstance(opened, CaseOpened)
    assert opened.deadlines is None
    assert replay_case(NEW, [opened]) == replay_case(
        NEW, [attrs.evolve(events[0], deadlines=None)]
    )


def test_changed_events_round_trip_through_the_journal() -> None:
    """Canonical payloads read back equal; a MemoryJournal gives the case back."""
    case, events = _history()
    codec = EventCodec()
    for e in events:
        payload = codec.encode(e)
        assert structure(unstructure(e), Event) == e
        if isinstance(e, ClockEvent) and e.deadlines:
            assert '"deadlines":[{' in payload
    journal = MemoryJournal()
    journal.append(events)
    back = [r.event for r in journal.read_stream(events[0].stream)]
    assert back == events
    assert replay_case(NEW, back) == case  # type: ignore[arg-type]


def test_a_retry_under_a_newer_calendar_answers_the_recorded_event() -> None:
    """The deadlines were decided the first time; a retry is not a conflict."""
    case, events = _history()
    accepted = replay_case(NEW, events[:3])
    last = events[2]
    assert isinstance(last, ClockEvent)
    assert last.deadlines
    # accept_transfer refuses a second acceptance before it gets this far;
    # record() is where every transfer command's retry is answered.
    again = record(NEW, accepted, attrs.evolve(last, deadlines=None))
    assert again == (accepted, last)
    fired, step = fire_case(
        OLD,
        case,
        "handle",
        actor=EVERYONE,
        at=MON + 140 * H,
        command_id="h",
        fields={"result": "ok"},
    )
    retried = fire_case(
        NEW,
        fired,
        "handle",
        actor=EVERYONE,
        at=MON + 140 * H,
        command_id="h",
        fields={"result": "ok"},
    )
    assert retried == (fired, step)


def test_a_moved_clock_without_its_deadline_does_not_fold() -> None:
    """A recorded event that extends a clock must carry its new deadline."""
    _, events = _history()
    at_extend = replay_case(OLD, events[:5])
    extend = events[5]
    assert isinstance(extend, CaseAdvanced)
    assert extend.command == "extend"
    with pytest.raises(IntegrityError, match="extends the resolution clock"):
        apply_event(OLD, at_extend, attrs.evolve(extend, deadlines=()))
    parked = replay_case(OLD, events[:7])
    recover = events[7]
    assert isinstance(recover, CaseAdvanced)
    assert recover.command == "recover"
    with pytest.raises(IntegrityError, match="resumes the resolution clock"):
        apply_event(OLD, parked, attrs.evolve(recover, deadlines=()))
    # The recorded path checks the clock's facts as the computing one does.
    running = replay_case(OLD, events).resolution
    assert running is not None
    clocks = Clocks(OLD, recover)
    with pytest.raises(DeadlineClockError, match="not paused"):
        clocks.resume(running, at=recover.occurred_at)
    with pytest.raises(InvalidValueError, match="at"):
        clocks.extend(running, 1, at=MON, approved_by="u-1", reason="")


# -- the property: the fold never reads the calendar for recorded deadlines ---

CANDIDATES = {
    "satisfaction": ["satisfied", "basically_satisfied", "meh"],
    "performance": ["performed", "not_performed"],
    "consent": ["both_parties", "one_party"],
    "to_step": ["reported", "registered", "dispatched"],
    "days": ["1", "3", "zero"],
    "unit": ["dept-a", "dept-b"],
    **{
        name: ["27", "18", "14", "abc"]
        for name in (
            "members",
            "present",
            "approvals",
            "representatives",
            "attending",
            "votes_for",
        )
    },
}


def _field_names(flow, command: str) -> list[str]:
    names: set[str] = set()
    for t in flow.transitions:
        if t.command != command:
            continue
        names.update(t.fields)
        for g in t.guards:
            names.update(
                v
                for k, v in g.params.items()
                if k in {"field", "present", "total", "approvals", "due"}
            )
    return sorted(names)


def _step(data, rules: CaseRules, case, at: datetime, n: int):
    """One random command on *case* (fire, transfer, answer, supervise)."""
    flow = rules.workflow.flow
    kind = data.draw(st.sampled_from(["fire", "fire", "transfer", "urge"]))
    key = f"k{n}"
    if case.pending is not None and data.draw(st.booleans()):
        unit = case.pending.to_unit
        if data.draw(st.booleans()):
            return accept_transfer(
                rules, case, unit=unit, actor=EVERYONE, at=at, command_id=key
            )
        return decline_transfer(
            rules, case, unit=unit, reason="不属", actor=EVERYONE, at=at, command_id=key
        )
    if kind == "transfer":
        return request_transfer(
            rules,
            case,
            kind=data.draw(st.sampled_from(list(TransferKind))),
            to_unit=data.draw(st.sampled_from(["village-1", "town-1", "dept-a"])),
            to_level=data.draw(
                st.sampled_from([Level.GRID, Level.VILLAGE, Level.TOWN])
            ),
            reason="r",
            actor=EVERYONE,
            at=at,
            command_id=key,
        )
    if kind == "urge":
        return supervise(
            rules, case, kind="urge", actor=EVERYONE, at=at, command_id=key
        )
    here = sorted(c for (s, c) in flow.table if s == case.state) or sorted(
        flow.commands
    )
    command = data.draw(st.sampled_from(here))
    fields = {
        f: data.draw(st.sampled_from(CANDIDATES.get(f, ["x"])))
        for f in _field_names(flow, command)
    }
    return fire_case(
        rules, case, command, actor=EVERYONE, at=at, command_id=key, fields=fields
    )


@settings(deadline=None)
@given(
    data=st.data(),
    name=st.sampled_from(sorted(builtin_workflow_names())),
    start=st.integers(0, 50 * 24),  # hours from 2026-12-01: deadlines reach 2027
)
def test_the_fold_never_reads_the_calendar_for_recorded_deadlines(
    data, name: str, start: int
) -> None:
    """Events decided with calendar A fold to the same case under B, or under none."""
    decided = CaseRules(workflow=builtin_workflow(name), calendar=OLD_CAL)
    case, first = open_case(
        decided,
        case_id="H-1",
        category="暴露垃圾",
        urgency=data.draw(st.sampled_from(list(Urgency))),
        source=CaseSource.PATROL,
        level=Level.GRID,
        unit="grid-1",
        actor=EVERYONE,
        at=datetime(2026, 12, 1, tzinfo=CHINA_TZ) + start * H,
        command_id="open",
    )
    events: list[Event] = [first]
    at = case.opened_at
    for n in range(data.draw(st.integers(0, 25))):
        at += data.draw(st.integers(0, 72)) * H
        try:
            case, e = _step(data, decided, case, at, n)
        except GridgovError:
            continue
        assert case.last == e
        events.append(e)
        if isinstance(e, ClockEvent) and e.deadlines:
            what = e.command if isinstance(e, CaseAdvanced) else e.type_name
            note_event(f"records deadlines: {name} {what}")
    noticed = attrs.evolve(decided, calendar=NEW_CAL)
    assert replay_case(decided, events) == case
    assert replay_case(noticed, events) == case
    assert replay_case(_blind(decided), events) == case
