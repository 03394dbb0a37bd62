"""
Escalation up the ladder grid → village → town → county, as a pure function.

小事不出村、大事不出镇、矛盾不上交: a case goes up when

* **authority** — its category is beyond its level's authority (an
  `AuthorityRule` names the lowest level allowed to handle a category, e.g.
  宅基地纠纷 from the town up);
* **skip level** — a `SkipRule` sends urgent categories straight to a higher
  level (越级: a gas leak goes from the grid directly to the town);
* **breach** — its running clock passed its deadline (plus an optional grace
  in working days) while this level held it; it goes one rung up. A level that
  received an already-late case is not escalated again for the same breach:
  it is supervised instead (see `gridgov.cases.supervision`);
* **request** — a worker asks for it: that is `gridgov.cases.request_transfer`
  with ``kind=escalate``, not this function.

`due_escalations` never changes a case: it returns what is due at ``as_of``,
and the shell picks the receiving unit and fires `request_transfer`. Cases
concluded, on hold (挂账/缓办) or already on their way to another unit are
skipped.

>>> policy = EscalationPolicy(
...     authority=[AuthorityRule(category="宅基地纠纷", lowest_level=Level.TOWN)],
...     skip=[SkipRule(category="燃气泄漏", urgency="urgent", to_level=Level.TOWN)],
... )
>>> policy.next_level(Level.GRID).zh
'村社区'
>>> EscalationPolicy(ladder=[Level.TOWN, Level.GRID])
Traceback (most recent call last):
  ...
gridgov.errors.SpecError: 1 problem in spec:
  ladder[1]: 'grid' must be above 'town' (the ladder goes up)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from gridgov.cases.case import Case
from gridgov.cases.vocabulary import Urgency
from gridgov.domain.regions import Level
from gridgov.errors import SpecError, SpecProblem
from gridgov.types import WorkCalendar

__all__ = [
    "DEFAULT_LADDER",
    "AuthorityRule",
    "EscalationDue",
    "EscalationPolicy",
    "EscalationReason",
    "SkipRule",
    "due_escalations",
]

DEFAULT_LADDER = (Level.GRID, Level.VILLAGE, Level.TOWN, Level.COUNTY)
"""网格 → 村社区 → 乡镇街道 → 县区."""

ANY = "*"
_TICK = timedelta(microseconds=1)


class EscalationReason(enum.StrEnum):
    """Why a case is due to go up."""

    AUTHORITY = "authority"
    SKIP_LEVEL = "skip_level"
    BREACH = "breach"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {"authority": "超出权限", "skip_level": "越级上报", "breach": "超时"}[
            self.value
        ]


@attrs.frozen(kw_only=True)
class AuthorityRule:
    """The lowest level allowed to handle a category (权限清单)."""

    category: str
    lowest_level: Level
    note: str = ""


@attrs.frozen(kw_only=True)
class SkipRule:
    """
    Send matching cases straight to *to_level* (越级).

    Attributes:
        to_level: Where they go.
        category: A category, or ``"*"`` for any.
        urgency: An `Urgency` value, or ``"*"`` for any.
    """

    to_level: Level
    category: str = ANY
    urgency: str = ANY
    note: str = ""

    def matches(self, case: Case) -> bool:
        """Return whether the rule applies to *case*."""
        return self.category in {ANY, case.category} and self.urgency in {
            ANY,
            case.urgency.value,
        }


def _check(policy: EscalationPolicy) -> None:
    ladder = policy.ladder
    problems = [
        SpecProblem.of(
            f"ladder[{i}]",
            "ladder_order",
            level=ladder[i].value,
            below=ladder[i - 1].value,
        )
        for i in range(1, len(ladder))
        if ladder[i].depth >= ladder[i - 1].depth
    ]
    if not ladder:
        problems.append(SpecProblem.of("ladder", "ladder_empty"))
    seen: dict[str, int] = {}
    for i, rule in enumerate(policy.authority):
        if rule.category in seen:
            problems.append(
                SpecProblem.of(
                    f"authority[{i}].category",
                    "authority_twice",
                    key=rule.category,
                    first=f"authority[{seen[rule.category]}]",
                )
            )
        seen.setdefault(rule.category, i)
    urgencies = {ANY, *(u.value for u in Urgency)}
    problems += [
        SpecProblem.of(
            f"skip[{i}].urgency",
            "one_of",
            choices=", ".join(sorted(urgencies)),
            options=tuple(sorted(urgencies)),
        )
        for i, rule in enumerate(policy.skip)
        if rule.urgency not in urgencies
    ]
    if policy.grace_working_days < 0:
        problems.append(SpecProblem.of("grace_working_days", "not_negative"))
    if problems:
        raise SpecError(problems)


@attrs.frozen(kw_only=True)
class EscalationPolicy:
    """
    When cases go up, as data (validated on construction; errors have paths).

    Attributes:
        ladder: The levels from the bottom up.
        authority: Lowest level per category.
        skip: Skip-level rules, first match wins.
        on_breach: Whether a breached deadline escalates.
        grace_working_days: Working days after the deadline before a breach
            escalates (0: as soon as it is late).
    """

    ladder: tuple[Level, ...] = attrs.field(default=DEFAULT_LADDER, converter=tuple)
    authority: tuple[AuthorityRule, ...] = attrs.field(default=(), converter=tuple)
    skip: tuple[SkipRule, ...] = attrs.field(default=(), converter=tuple)
    on_breach: bool = True
    grace_working_days: int = 0

    def __attrs_post_init__(self) -> None:
        _check(self)

    def next_level(self, level: Level) -> Level | None:
        """Return the first ladder level above *level*, or None at the top."""
        for rung in self.ladder:
            if rung.depth < level.depth:
                return rung
        return None

    def lowest_level(self, category: str) -> Level | None:
        """Return the lowest level with authority over *category*, if limited."""
        for rule in self.authority:
            if rule.category == category:
                return rule.lowest_level
        return None


@attrs.frozen
class EscalationDue:
    """A case that should go up now, where to and why."""

    case_id: str
    from_level: Level
    to_level: Level
    reason: EscalationReason
    detail: str


def _breach(
    case: Case, as_of: datetime, policy: EscalationPolicy, calendar: WorkCalendar
) -> EscalationDue | None:
    clock = case.resolution if case.resolution is not None else case.response
    if clock is None or clock.stopped_at is not None or clock.paused_since:
        return None
    deadline = clock.current_deadline
    if case.level_since > deadline:
        return None  # this level received it late; it is supervised, not bounced
    if policy.grace_working_days:
        # Count from the last instant inside the limit, so a deadline at 24:00
        # moves to the end of the N-th working day after that day.
        inside = deadline - _TICK
        day = calendar.add_working_days(inside.date(), policy.grace_working_days)
        deadline = datetime.combine(day, inside.timetz()) + _TICK
    target = policy.next_level(case.level)
    if as_of <= deadline or target is None:
        return None
    return EscalationDue(
        case.id,
        case.level,
        target,
        EscalationReason.BREACH,
        f"{clock.kind.value} deadline {clock.current_deadline.isoformat()} passed",
    )


def _due(
    case: Case, as_of: datetime, policy: EscalationPolicy, calendar: WorkCalendar
) -> EscalationDue | None:
    lowest = policy.lowest_level(case.category)
    if lowest is not None and lowest.depth < case.level.depth:
        return EscalationDue(
            case.id,
            case.level,
            lowest,
            EscalationReason.AUTHORITY,
            f"{case.category!r} is handled from {lowest.value} ({lowest.zh}) up",
        )
    for rule in policy.skip:
        if rule.matches(case) and rule.to_level.depth < case.level.depth:
            return EscalationDue(
                case.id,
                case.level,
                rule.to_level,
                EscalationReason.SKIP_LEVEL,
                f"{case.urgency.zh} {case.category!r} goes to {rule.to_level.zh}",
            )
    return _breach(case, as_of, policy, calendar) if policy.on_breach else None


def due_escalations(
    cases: Iterable[Case],
    *,
    as_of: datetime,
    policy: EscalationPolicy,
    calendar: WorkCalendar,
) -> tuple[EscalationDue, ...]:
    """
    Return the escalations due at *as_of*, in the order the cases were given.

    Authority comes first, then skip-level rules, then breach; at most one per
    case. Concluded cases, cases on hold and cases with a pending transfer are
    skipped. Pure: the same cases and *as_of* always give the same answer.
    """
    found: list[EscalationDue] = []
    for case in cases:
        if case.conclusion is not None or case.hold is not None or case.pending:
            continue
        due = _due(case, as_of, policy, calendar)
        if due is not None:
            found.append(due)
    return tuple(found)
