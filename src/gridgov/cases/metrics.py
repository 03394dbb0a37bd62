"""
Case metrics over a period, each with its denominator stated.

The **cohort** is the cases received in the period ``[start, end)``. Pass the
cases as they stood at ``end`` (replay their events up to ``end``); a
conclusion dated at or after ``end`` is not counted. Voided cases (作废) are
removed from every denominator: they were never real cases.

===================  ===================================  ===========================
metric               numerator                            denominator
===================  ===================================  ===========================
办结率 completion    concluded (化解, 转介, 未通过)       应办结 (due, see below)
按期办结率 on time   concluded on time (frozen at the     应办结
                     concluding step, on the clock
                     then running; no limit = on time)
化解率 resolution    concluded as resolved (化解/办结)    应办结
满意率 satisfaction  evaluated satisfied (满意, 非常      cases evaluated
                     满意, and 基本满意 unless excluded)
返工率 rework        cases reworked at least once         cases checked at least once
                                                          (verified or reworked)
回退率 return        cases sent back at least once        cohort minus voided
                     (回退 or "not ours")
level share          resolved at each level               all resolved
===================  ===================================  ===========================

**应办结 (due)** = cohort − voided − 缓办 (deferred) − 挂账 (parked), where the
last two are subtracted only if the options say so. The default follows the
金华 rule (research/domain.md §2): 按期结案率 = 按期结案数 / (应结案数 − 缓办数),
so deferred cases are removed (``exclude_deferred=True``) while parked cases
(挂账, could not be fixed in time) stay in and count as not done
(``exclude_parked=False``). A case counts as deferred or parked when it is on
that hold and not concluded at ``end``.

>>> Rate(3, 4).percent, Rate(0, 0).percent
('75.0%', '—')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any

import attrs

from gridgov.cases.case import Case
from gridgov.cases.deadlines import Outcome
from gridgov.cases.vocabulary import Conclusion, Hold, Satisfaction
from gridgov.display import Column, TableDisplay, percent, plain
from gridgov.domain.regions import Level
from gridgov.errors import InvalidValueError

__all__ = [
    "FIGURE_COLUMNS",
    "GROUPINGS",
    "CaseMetrics",
    "MetricOptions",
    "MetricsTable",
    "Rate",
    "case_metrics",
    "figure_record",
    "metrics_by",
]

_SATISFIED = frozenset(
    {
        Satisfaction.VERY_SATISFIED,
        Satisfaction.SATISFIED,
        Satisfaction.BASICALLY_SATISFIED,
    }
)


@attrs.frozen
class Rate:
    """
    A ratio kept exact: numerator over denominator (never a float).

    Attributes:
        numerator: The cases counted.
        denominator: The cases they are counted among.
    """

    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        """The exact ratio, or None when the denominator is 0."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> str:
        """The ratio as a percentage with one decimal, or ``—`` for 0/0."""
        return percent(self.value)


@attrs.frozen(kw_only=True)
class MetricOptions:
    """
    How holds and evaluations count (see the module docs for each denominator).

    Attributes:
        exclude_deferred: Remove 缓办 cases from 应办结 (金华 rule; default).
        exclude_parked: Remove 挂账 cases from 应办结 (default: keep them in).
        satisfied: Evaluations that count as satisfied.
    """

    exclude_deferred: bool = True
    exclude_parked: bool = False
    satisfied: frozenset[Satisfaction] = _SATISFIED


FIGURE_COLUMNS = (
    Column("metric", "metric", "指标代码"),
    Column("label_zh", "metric", "指标"),
    Column("value", "value", "数值"),
    Column("numerator", "numerator", "分子"),
    Column("denominator", "denominator", "分母"),
)
"""The columns of a table of figures (`CaseMetrics`, a period report)."""


def figure_record(metric: str, label_zh: str, value: Any) -> dict[str, Any]:
    """
    One figure as a record: a `Rate` as its percentage with its counts.

    >>> figure_record("completion", "办结率", Rate(3, 4))
    {'metric': 'completion', 'label_zh': '办结率', 'value': '75.0%',
     'numerator': 3, 'denominator': 4}
    >>> figure_record("received", "受理", 4)
    {'metric': 'received', 'label_zh': '受理', 'value': 4}
    """
    record: dict[str, Any] = {"metric": metric, "label_zh": label_zh}
    if isinstance(value, Rate):
        record.update(
            value=value.percent,
            numerator=value.numerator,
            denominator=value.denominator,
        )
    else:
        record["value"] = plain(value)
    return record


_COUNTS = (
    ("received", "受理"),
    ("voided", "作废"),
    ("deferred", "缓办"),
    ("parked", "挂账"),
    ("due", "应办结"),
)
_RATES = (
    ("completion", "办结率"),
    ("on_time", "按期办结率"),
    ("resolution", "化解率"),
    ("satisfaction", "满意率"),
    ("rework", "返工率"),
    ("returned", "回退率"),
)


@attrs.frozen(kw_only=True)
class CaseMetrics(TableDisplay):
    """
    The figures for one set of cases and one period.

    Displays itself (`gridgov.display.TableDisplay`): one record per figure,
    each rate with its numerator and denominator.

    Attributes:
        received: Cases received in the period (the cohort, voided included).
        voided: Of those, voided (作废).
        deferred: Open and deferred (缓办) at the end.
        parked: Open and parked (挂账) at the end.
        due: 应办结, the denominator of the completion rates.
        completion: 办结率.
        on_time: 按期办结率.
        resolution: 化解率.
        satisfaction: 满意率.
        rework: 返工率.
        returned: 回退率.
        resolved_at_level: Share of resolved cases by the level that resolved them.
    """

    received: int
    voided: int
    deferred: int
    parked: int
    due: int
    completion: Rate
    on_time: Rate
    resolution: Rate
    satisfaction: Rate
    rework: Rate
    returned: Rate
    resolved_at_level: Mapping[Level, Rate]

    display_columns = FIGURE_COLUMNS

    def to_records(self) -> list[dict[str, Any]]:
        """
        One record per figure (`figure_record`): counts, then rates.

        A rate's ``value`` is its percentage as shown (``"75.0%"``, ``"—"``),
        with its ``numerator`` and ``denominator``; a level's share is metric
        ``resolved_at_<level>``.
        """
        figures = [(name, label, getattr(self, name)) for name, label in _COUNTS]
        figures += [(name, label, getattr(self, name)) for name, label in _RATES]
        figures += [
            (f"resolved_at_{lv.value}", f"{lv.zh}化解占比", rate)
            for lv, rate in self.resolved_at_level.items()
        ]
        return [figure_record(*figure) for figure in figures]

    def display_caption(self) -> str:
        """办件指标 Case metrics."""
        return f"办件指标 Case metrics: 受理 {self.received} 件"


def _concluded_by(case: Case, end: datetime) -> Conclusion | None:
    if case.concluded_at is None or case.concluded_at >= end:
        return None
    return case.conclusion


def _late(case: Case) -> bool:
    """Late on the clock that was running when it concluded (no clock: on time)."""
    if case.resolution is not None:
        return case.resolution_outcome is Outcome.LATE
    return case.response_outcome is Outcome.LATE


def case_metrics(
    cases: Iterable[Case],
    *,
    start: datetime,
    end: datetime,
    options: MetricOptions | None = None,
) -> CaseMetrics:
    """
    Compute the metrics of the cases received in ``[start, end)``.

    Raises:
        InvalidValueError: If *end* is not after *start*.
    """
    if end <= start:
        raise InvalidValueError("end", f"an instant after {start.isoformat()}", end)
    opts = options if options is not None else MetricOptions()
    cohort = [c for c in cases if start <= c.opened_at < end]
    ended = {c.id: _concluded_by(c, end) for c in cohort}
    live = [c for c in cohort if ended[c.id] is not Conclusion.VOIDED]
    open_ = [c for c in live if ended[c.id] is None]
    deferred = sum(1 for c in open_ if c.hold is Hold.DEFERRED)
    parked = sum(1 for c in open_ if c.hold is Hold.PARKED)
    due = (
        len(live)
        - (deferred if opts.exclude_deferred else 0)
        - (parked if opts.exclude_parked else 0)
    )
    done = [c for c in live if ended[c.id] is not None]
    resolved = [c for c in done if ended[c.id] is Conclusion.RESOLVED]
    on_time = sum(1 for c in done if not _late(c))
    evaluated = [c for c in live if c.satisfaction is not None]
    checked = [c for c in live if c.verified or c.reworks]
    levels = {c.level for c in resolved}
    return CaseMetrics(
        received=len(cohort),
        voided=len(cohort) - len(live),
        deferred=deferred,
        parked=parked,
        due=due,
        completion=Rate(len(done), due),
        on_time=Rate(on_time, due),
        resolution=Rate(len(resolved), due),
        satisfaction=Rate(
            sum(1 for c in evaluated if c.satisfaction in opts.satisfied),
            len(evaluated),
        ),
        rework=Rate(sum(1 for c in checked if c.reworks), len(checked)),
        returned=Rate(sum(1 for c in live if c.returns), len(live)),
        resolved_at_level={
            lv: Rate(sum(1 for c in resolved if c.level is lv), len(resolved))
            for lv in sorted(levels, key=lambda lv: lv.depth, reverse=True)
        },
    )


GROUPINGS: Mapping[str, Callable[[Case], str]] = {
    "unit": lambda c: c.accountable or c.unit,
    "level": lambda c: c.level.value,
    "worker": lambda c: c.worker or "",
    "category": lambda c: c.category,
}
"""How `metrics_by` groups: the accountable unit (else the holder), the level
holding the case, its worker (``""`` if none) or its category."""


def _figure(name: str, part: str = "") -> Callable[[tuple[str, CaseMetrics]], Any]:
    """Read figure *name* (or its *part*, e.g. a rate's numerator) from a row."""
    if not part:
        return lambda row: getattr(row[1], name)
    return lambda row: getattr(getattr(row[1], name), part)


def _rate_columns(name: str, zh: str) -> tuple[Column, ...]:
    """A rate as shown (its percentage), with its counts kept in the records."""
    return (
        Column(name, name, zh, get=_figure(name, "percent")),
        *(
            Column(
                f"{name}_{part}", part, part_zh, shown=False, get=_figure(name, part)
            )
            for part, part_zh in (("numerator", "分子"), ("denominator", "分母"))
        ),
    )


class MetricsTable(dict[str, CaseMetrics], TableDisplay):
    """
    `CaseMetrics` per group (what `metrics_by` returns): a dict that displays.

    Keys are the group names in order (a unit, a level, a worker, a category);
    values are each group's figures. As a table (`gridgov.display.TableDisplay`)
    it has one row per group: the counts and each rate as its percentage, with
    the rate's numerator and denominator kept in the records (hidden in HTML)
    so an analyst's DataFrame can add them up again.

    Attributes:
        by: The grouping (a key of `GROUPINGS`).
    """

    __slots__ = ("by",)

    display_columns = (
        Column("group", "group", "分组", get=lambda r: r[0]),
        *(Column(name, name, zh, get=_figure(name)) for name, zh in _COUNTS),
        *(column for name, zh in _RATES for column in _rate_columns(name, zh)),
    )

    def __init__(self, by: str, groups: Mapping[str, CaseMetrics]) -> None:
        super().__init__(groups)
        self.by = by

    def display_rows(self) -> Iterable[tuple[str, CaseMetrics]]:
        """(group name, figures) pairs, in key order."""
        return self.items()

    def display_caption(self) -> str:
        """办件指标 by the grouping."""
        return f"办件指标 Case metrics by {self.by}: {len(self)} groups"

    def __repr__(self) -> str:
        return f"MetricsTable(by={self.by!r}, groups={sorted(self)!r})"


def metrics_by(
    cases: Iterable[Case],
    by: str,
    *,
    start: datetime,
    end: datetime,
    options: MetricOptions | None = None,
) -> MetricsTable:
    """
    Compute `case_metrics` per unit, level, worker or category (see `GROUPINGS`).

    Returns:
        A `MetricsTable`: a dict from group name (sorted) to its `CaseMetrics`,
        which also displays as one row per group.

    Raises:
        InvalidValueError: If *by* is not one of the groupings.
    """
    key = GROUPINGS.get(by)
    if key is None:
        raise InvalidValueError("by", f"one of {', '.join(GROUPINGS)}", by)
    groups: dict[str, list[Case]] = {}
    for case in cases:
        groups.setdefault(key(case), []).append(case)
    return MetricsTable(
        by,
        {
            name: case_metrics(group, start=start, end=end, options=options)
            for name, group in sorted(groups.items())
        },
    )
