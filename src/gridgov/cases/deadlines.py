"""
Time limits (办理时限) for case steps: a lookup table and pure deadline clocks.

A `DeadlineTable` is data (TOML/JSON through ``gridgov.io.structure``): rules
keyed by category, urgency, level and step, each giving a response limit
(签收时限) and/or a resolution limit (办结时限) in working hours, working days,
natural hours or natural days. `compile_table` turns it into a `DeadlineIndex`
whose `DeadlineIndex.limit` finds the most specific rule.

A `DeadlineClock` is a frozen value that a case holds per running clock. It
keeps the facts (start, approved extensions, pauses, stop) and the deadlines
derived from them with a `gridgov.types.WorkCalendar`: the original deadline,
the current one and the instant the warning threshold (80 %) is reached. The
functions `start`, `extend`, `pause`, `resume` and `stop` return new clocks;
`status` (green/yellow/red) is computed from ``as_of`` and never stored, and
`outcome` (on time or late) is frozen once the clock is stopped. A clock's
``provisional_years`` say whether its deadlines rest on a year without a
holiday notice (暂定); `recompute` derives them again with a newer calendar.

The deadline rules (start day not counted, office hours only, extensions in
working days, pauses give back what they covered) are those of
`gridgov.calendar.compute_deadlines`. Green before 80 % of the limit is used,
yellow from 80 % up to and including the deadline instant, red after it;
stopping at or before the deadline is on time, after it is late.

The clock is implemented next to the calendar arithmetic it rests on
(``gridgov.calendar._clock``); this module is its public home. See
docs/deadlines.md.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from gridgov.calendar import Limit, LimitUnit
from gridgov.calendar._clock import (
    ClockKind,
    DeadlineClock,
    DeadlineClockError,
    DeadlineStatus,
    Extension,
    Outcome,
    Pause,
    extend,
    is_percent,
    outcome,
    pause,
    recompute,
    resume,
    start,
    status,
    stop,
)
from gridgov.errors import SpecError, SpecProblem
from gridgov.types import WorkCalendar

__all__ = [
    "ANY",
    "ClockKind",
    "DeadlineClock",
    "DeadlineClockError",
    "DeadlineIndex",
    "DeadlineRule",
    "DeadlineStatus",
    "DeadlineTable",
    "Extension",
    "Limit",
    "LimitUnit",
    "Outcome",
    "Pause",
    "compile_table",
    "extend",
    "outcome",
    "pause",
    "recompute",
    "resume",
    "start",
    "status",
    "stop",
]

ANY = "*"
"""The wildcard that matches any category, urgency, level or step."""

_KEY = attrs.validators.instance_of(str)


@attrs.frozen(kw_only=True)
class DeadlineRule:
    """
    One row of a `DeadlineTable`; ``"*"`` in a key field matches anything.

    A rule may set only one of the two clocks; the other is then looked up in
    the next most specific rule.
    """

    category: str = attrs.field(default=ANY, validator=_KEY)
    urgency: str = attrs.field(default=ANY, validator=_KEY)
    level: str = attrs.field(default=ANY, validator=_KEY)
    step: str = attrs.field(default=ANY, validator=_KEY)
    response: Limit | None = None
    resolution: Limit | None = None
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        """(category, urgency, level, step)."""
        return (self.category, self.urgency, self.level, self.step)

    def limit_for(self, kind: ClockKind) -> Limit | None:
        """The limit this rule sets for clock *kind*, if any."""
        return self.response if kind is ClockKind.RESPONSE else self.resolution


def _rule_problems(rules: tuple[object, ...]) -> list[SpecProblem]:
    problems: list[SpecProblem] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for i, rule in enumerate(rules):
        if not isinstance(rule, DeadlineRule):
            problems.append(
                SpecProblem(f"rules[{i}]", f"expected a DeadlineRule, got {rule!r}")
            )
            continue
        if rule.key in seen:
            problems.append(
                SpecProblem.of(
                    f"rules[{i}]",
                    "same_key",
                    first=f"rules[{seen[rule.key]}]",
                    key=rule.key,
                )
            )
        seen.setdefault(rule.key, i)
        if rule.response is None and rule.resolution is None:
            problems.append(SpecProblem.of(f"rules[{i}]", "no_limit"))
    return problems


@attrs.frozen(kw_only=True)
class DeadlineTable:
    """
    The time limits of a workflow, as data.

    Lookup order (most specific first): a matching category outweighs any
    match below it, then urgency, then level, then step; so an exact rule
    beats category+step, which beats urgency+step, which beats step alone,
    and the all-``"*"`` rule is the default.

    Attributes:
        rules: The rows; two rules may not share a key.
        warn_at_percent: Share of the limit at which a clock turns yellow.
    """

    rules: tuple[DeadlineRule, ...] = attrs.field(converter=tuple)
    warn_at_percent: int = 80

    def __attrs_post_init__(self) -> None:
        problems = _rule_problems(self.rules)
        if not is_percent(self.warn_at_percent):
            problems.append(
                SpecProblem.of(
                    "warn_at_percent",
                    "expected",
                    expected="an integer from 1 to 99",
                    value=self.warn_at_percent,
                )
            )
        if problems:
            raise SpecError(problems)


# Which of (category, urgency, level, step) a look-up keeps, most specific
# first: counting down from 0b1111 ranks category over urgency over level over step.
_MASKS = tuple(tuple(bool(m >> b & 1) for b in (3, 2, 1, 0)) for m in range(15, -1, -1))


def _pattern(
    key: tuple[str, str, str, str], mask: tuple[bool, ...]
) -> tuple[str, str, str, str]:
    c, u, lv, st = (k if keep else ANY for k, keep in zip(key, mask, strict=True))
    return (c, u, lv, st)


@attrs.frozen
class DeadlineIndex:
    """A compiled `DeadlineTable`: answers `limit` with at most 16 dict look-ups."""

    table: DeadlineTable
    _by_key: dict[tuple[str, str, str, str], DeadlineRule] = attrs.field(repr=False)

    def rule(
        self, kind: ClockKind, *, category: str, urgency: str, level: str, step: str
    ) -> DeadlineRule | None:
        """Return the most specific rule that sets *kind*'s limit, or None."""
        key = (category, urgency, level, step)
        for mask in _MASKS:
            found = self._by_key.get(_pattern(key, mask))
            if found is not None and found.limit_for(kind) is not None:
                return found
        return None

    def limit(
        self, kind: ClockKind, *, category: str, urgency: str, level: str, step: str
    ) -> Limit | None:
        """
        Return the limit of clock *kind* for a step, or None if no rule sets it.

        >>> table = DeadlineTable(
        ...     rules=[
        ...         DeadlineRule(resolution=Limit(5, LimitUnit.WORKING_DAYS)),
        ...         DeadlineRule(
        ...             urgency="urgent", resolution=Limit(24, LimitUnit.WORKING_HOURS)
        ...         ),
        ...     ]
        ... )
        >>> index = compile_table(table)
        >>> index.limit(
        ...     ClockKind.RESOLUTION,
        ...     category="占道经营",
        ...     urgency="urgent",
        ...     level="village",
        ...     step="dispatched",
        ... ).zh
        '24个工作小时'
        """
        rule = self.rule(
            kind, category=category, urgency=urgency, level=level, step=step
        )
        return None if rule is None else rule.limit_for(kind)

    def start(
        self,
        kind: ClockKind,
        *,
        at: datetime,
        calendar: WorkCalendar,
        category: str,
        urgency: str,
        level: str,
        step: str,
    ) -> DeadlineClock | None:
        """Start the clock *kind* for a step with its limit, or None if it has none."""
        found = self.limit(
            kind, category=category, urgency=urgency, level=level, step=step
        )
        if found is None:
            return None
        return start(
            kind,
            found,
            at=at,
            calendar=calendar,
            warn_at_percent=self.table.warn_at_percent,
        )


def compile_table(table: DeadlineTable) -> DeadlineIndex:
    """Index a validated table for fast look-ups."""
    return DeadlineIndex(table, {rule.key: rule for rule in table.rules})
