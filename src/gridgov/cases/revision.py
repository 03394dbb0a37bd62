"""
Revising provisional deadlines (时限修正) once a newer calendar is installed.

A deadline computed for a year whose State Council holiday notice is not yet
known rests on an estimate (`gridgov.calendar.UnpublishedYearPolicy`): the
case shows it as 暂定 (`gridgov.cases.Case.provisional_deadlines`). When the
notice is out — a ``holidays`` release that has it, or the township's own
``calendar.toml`` (`gridgov.io.load_calendar`) — `revise_deadlines` computes
those deadlines again with the new calendar and returns the fact as a
`gridgov.cases.DeadlinesRevised` event. Folding the event sets the recorded
deadlines without asking any calendar, so a replay gives them back exactly.

>>> from datetime import date, datetime
>>> from gridgov.calendar import ChinaCalendar
>>> from gridgov.cases import CaseRules, CaseSource, Urgency, open_case
>>> from gridgov.domain.regions import Level
>>> from gridgov.domain.spans import CHINA_TZ
>>> from gridgov.flow import Actor
>>> from gridgov.io.workflows import builtin_workflow
>>> flow = builtin_workflow("digital_city")  # 签收 within 1 working day
>>> old = CaseRules(workflow=flow, calendar=ChinaCalendar(unpublished="provisional"))
>>> case, _ = open_case(
...     old,
...     case_id="C-9",
...     category="暴露垃圾",
...     urgency=Urgency.NORMAL,
...     source=CaseSource.PATROL,
...     level=Level.GRID,
...     unit="grid-3",
...     actor=Actor("w-01"),
...     at=datetime(2026, 12, 31, 9, 0, tzinfo=CHINA_TZ),
...     command_id="open-9",
... )
>>> print(case.response.current_deadline, case.provisional_deadlines)  # 元旦, Mon
2027-01-05 00:00:00+08:00 True
>>> notice = ChinaCalendar(  # 2027 entered by hand: 01-01..01-04 off
...     unpublished="provisional",
...     extra_rest_days=[date(2027, 1, 1), date(2027, 1, 4)],
...     local_notice_years=[2027],
... )
>>> new = CaseRules(workflow=flow, calendar=notice)
>>> case, event = revise_deadlines(
...     new, case, at=datetime(2027, 1, 2, 8, 0, tzinfo=CHINA_TZ), reason="2027年通知"
... )
>>> print(case.response.current_deadline, case.provisional_deadlines)
2027-01-06 00:00:00+08:00 False
>>> revise_deadlines(new, case, at=event.occurred_at, reason="again") is None
True
"""

from __future__ import annotations

from datetime import datetime

from gridgov.calendar import calendar_version
from gridgov.cases import deadlines as dl
from gridgov.cases.case import Case, CaseRules
from gridgov.cases.events import DeadlinesRevised, RevisedDeadline, case_stream
from gridgov.cases.recording import check_at, check_call, nonempty, record

__all__ = ["revise_deadlines"]


def _revision(old: dl.DeadlineClock, new: dl.DeadlineClock) -> RevisedDeadline | None:
    """What changed between two derivations of one clock, or None."""
    fields = ("original_deadline", "current_deadline", "warn_at", "provisional_years")
    if all(getattr(old, f) == getattr(new, f) for f in fields):
        return None
    return RevisedDeadline(
        kind=new.kind,
        original_deadline=new.original_deadline,
        current_deadline=new.current_deadline,
        warn_at=new.warn_at,
        calendar=new.calendar,
        provisional_years=new.provisional_years,
    )


def revise_deadlines(
    rules: CaseRules,
    case: Case,
    *,
    at: datetime,
    reason: str,
    actor: str = "system",
    command_id: str | None = None,
) -> tuple[Case, DeadlinesRevised] | None:
    """
    Recompute an open case's provisional deadlines with *rules*' calendar.

    Every running clock whose deadlines are provisional is derived again
    from its facts (start, limit, extensions, pauses) with ``rules.calendar``
    (`gridgov.cases.deadlines.recompute`). Stopped clocks are left alone:
    their on-time or late outcome is final.

    Returns:
        ``(case, event)`` when a revised clock's deadlines, warning instant or
        provisional years differ from what the case records (so whenever the
        暂定 mark or a deadline changes); None when the case is concluded, has
        no provisional running clock, or the calendar gives the same answers
        (so revising twice with one calendar records one event).

    Args:
        rules: The rules with the new calendar.
        case: The case as it stands.
        at: When the revision is recorded (not before the case's last event).
        reason: Why, for the record (the notice, the release installed).
        actor: Who records it; a system job by default.
        command_id: The event's key; by default ``deadlines-revised:`` with
            the calendar version and *at*, so a retried job reuses it.

    Raises:
        InvalidValueError: An empty *reason*, *at* naive or before the
            case's last event, or an argument that is None or of a wrong type.
    """
    key = "-" if command_id is None or command_id == "" else command_id
    check_call(rules, case, actor=actor, at=at, command_id=key, actor_id=True)
    nonempty("reason", reason)
    check_at(case, at)
    if case.is_concluded or not case.provisional_deadlines:
        return None
    revised: list[RevisedDeadline] = []
    for clock in (case.response, case.resolution):
        if clock is None or clock.stopped_at is not None or not clock.provisional:
            continue
        change = _revision(clock, dl.recompute(clock, calendar=rules.calendar))
        if change is not None:
            revised.append(change)
    if not revised:
        return None
    version = calendar_version(rules.calendar)
    event = DeadlinesRevised(
        stream=case_stream(case.id),
        key=command_id or f"deadlines-revised:{version}:{at.isoformat()}",
        occurred_at=at,
        actor=actor,
        reason=reason,
        deadlines=tuple(revised),
        calendar_version=version,
    )
    return record(rules, case, event)
