"""
Which open cases need 催办 or 督办 now, with which card (黄牌, 红牌): a pure function.

The rule (`SupervisionPolicy`, all of it data):

* a case whose clock turned **yellow** (80 % of the limit used) and has had no
  催办 since is due a 催办 (urge), without a card;
* a case that is **red** (late) and has no 黄牌 yet is due 督办 with a 黄牌;
* a case still red *red_card_after_working_days* working days after its first
  黄牌, and without a 红牌, is due 督办 with a 红牌.

As with escalation, nothing is changed: the shell issues what it decides with
`gridgov.cases.supervise`. Concluded cases and cases on hold are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from gridgov.cases.case import Case, deadline_status
from gridgov.cases.deadlines import DeadlineStatus
from gridgov.cases.vocabulary import Card, SupervisionKind
from gridgov.errors import InvalidValueError
from gridgov.types import WorkCalendar

__all__ = ["SupervisionDue", "SupervisionPolicy", "due_supervisions"]


def _not_negative(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        raise InvalidValueError(attribute.name, "an integer >= 0", value)


@attrs.frozen(kw_only=True)
class SupervisionPolicy:
    """
    When cases are due 催办 and cards.

    Attributes:
        urge_on_yellow: Issue 催办 when a clock turns yellow.
        red_card_after_working_days: Working days a case may stay red after
            its 黄牌 before a 红牌 is due.
    """

    urge_on_yellow: bool = True
    red_card_after_working_days: int = attrs.field(default=3, validator=_not_negative)


@attrs.frozen
class SupervisionDue:
    """A supervision that should be issued now."""

    case_id: str
    kind: SupervisionKind
    card: Card | None
    reason: str


def _due(
    case: Case, as_of: datetime, calendar: WorkCalendar, policy: SupervisionPolicy
) -> SupervisionDue | None:
    light = deadline_status(case, as_of)
    if light is DeadlineStatus.RED:
        yellow = [s for s in case.supervisions if s.card is Card.YELLOW]
        if not yellow:
            return SupervisionDue(
                case.id, SupervisionKind.SUPERVISE, Card.YELLOW, "overdue"
            )
        if case.cards(Card.RED):
            return None
        waited = calendar.working_days_between(yellow[0].at.date(), as_of.date())
        if waited >= policy.red_card_after_working_days:
            return SupervisionDue(
                case.id,
                SupervisionKind.SUPERVISE,
                Card.RED,
                f"still overdue {waited} working days after the yellow card",
            )
        return None
    if light is DeadlineStatus.YELLOW and policy.urge_on_yellow:
        clock = case.resolution if case.resolution is not None else case.response
        assert clock is not None  # noqa: S101 - a colour implies a clock
        urged = any(
            s.kind is SupervisionKind.URGE and s.at >= clock.warn_at
            for s in case.supervisions
        )
        if not urged:
            return SupervisionDue(
                case.id, SupervisionKind.URGE, None, "deadline approaching"
            )
    return None


def due_supervisions(
    cases: Iterable[Case],
    *,
    as_of: datetime,
    calendar: WorkCalendar,
    policy: SupervisionPolicy | None = None,
) -> tuple[SupervisionDue, ...]:
    """Return the 催办/督办 due at *as_of*, at most one per case, in input order."""
    rules = policy if policy is not None else SupervisionPolicy()
    found: list[SupervisionDue] = []
    for case in cases:
        if case.conclusion is not None or case.hold is not None:
            continue
        due = _due(case, as_of, calendar, rules)
        if due is not None:
            found.append(due)
    return tuple(found)
