"""
Coverage (走访覆盖): 应访, 已访, 走访率 and who was missed, per group.

`coverage` takes the obligations whose window ends in a reporting period
(each obligation is counted once, in the group of the region or worker
responsible on its last day) and sorts each into exactly one bucket:

* 已访 ``visited``: satisfied;
* ``missed``: overdue or missed, listed with the household and the reason
  (未走访, 走访不足 1/4 次, 走访方式不符);
* 待访 ``pending``: its window is still open on ``as_of``;
* 免访 ``exempt``: waived, not in the denominator.

``expected`` (应访) is visited + missed + pending; 走访率 is visited /
expected. Once ``as_of`` is past every deadline, pending is empty: every
obligation is either satisfied or listed as missed (不漏一户).

Only visits on or before ``as_of`` count. A rolling rule's due days depend on
earlier visits (due one period after the last), so for a report as of a day
derive the obligations with ``derive_obligations(..., as_of=day)``: what the
report says about a day then never changes when later visits arrive.

一党员 contact coverage of the 党员中心户 is `gridgov.visits.contacts`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction
from types import MappingProxyType

import attrs

from gridgov.display import Column, TableDisplay, percent
from gridgov.domain.ids import HouseholdId
from gridgov.domain.regions import CODE_LENGTH, Level
from gridgov.domain.workforce import Role
from gridgov.visits.directory import Directory
from gridgov.visits.index import ALL_KINDS, HouseholdVisits, VisitIndex
from gridgov.visits.obligations import Obligation
from gridgov.visits.periods import Window
from gridgov.visits.status import VisitStatus, as_day, classify

__all__ = [
    "VISITING_ROLES",
    "CoverageReport",
    "CoverageRow",
    "GroupKey",
    "MissedVisit",
    "by_level",
    "by_worker",
    "coverage",
    "coverage_series",
    "percent",
]

GroupKey = Callable[[Obligation], str]
"""Maps an obligation to the group it is counted in."""

UNASSIGNED = "(unassigned)"
_DAY = timedelta(days=1)


def by_level(level: Level) -> GroupKey:
    """
    Group by the region at *level* containing the obligation's region.

    >>> from datetime import date, timedelta
    >>> ob = Obligation(
    ...     HouseholdId("H1"),
    ...     date(2026, 3, 1),
    ...     date(2026, 4, 1),
    ...     1,
    ...     "f",
    ...     1,
    ...     region="320481105201002",
    ... )
    >>> by_level(Level.VILLAGE)(ob), by_level(Level.GRID)(ob)
    ('320481105201', '320481105201002')
    >>> by_level(Level.MICRO_GRID)(ob)  # placed in a grid, in no micro-grid
    '(unassigned)'
    """
    length = CODE_LENGTH[level]

    def key(ob: Obligation) -> str:
        # A household placed above *level* (in a village but in no grid yet)
        # belongs to no group of that level: it must not pose as one.
        region = ob.region
        return region[:length] if region and len(region) >= length else UNASSIGNED

    return key


VISITING_ROLES: tuple[Role, ...] = (
    Role.FULL_TIME_GRID_WORKER,
    Role.PART_TIME_GRID_WORKER,
    Role.GRID_CHIEF,
    Role.GRID_LIAISON,
)
"""The roles `by_worker` looks for by default, in order: who visits a household."""


def by_worker(directory: Directory, roles: Iterable[Role] = VISITING_ROLES) -> GroupKey:
    """
    Group by the first worker of *roles* responsible on the obligation's last day.

    *roles* defaults to `VISITING_ROLES`: the household's full-time grid
    worker (专职网格员), else its part-time one, its grid chief, its grid
    liaison. A household with no such worker lands in ``"(unassigned)"``: a
    gap in 不漏一户 that the report makes visible.
    """
    wanted = tuple(roles)
    cache: dict[tuple[HouseholdId, date], str] = {}

    def key(ob: Obligation) -> str:
        at = (ob.household, ob.end - _DAY)
        hit = cache.get(at)
        if hit is None:
            workers = directory.responsible_for(ob.household, at[1])
            hit = next(
                (w.id for r in wanted for w in workers if w.role is r), UNASSIGNED
            )
            cache[at] = hit
        return hit

    return key


def _by_total(_ob: Obligation) -> str:
    return "total"


@attrs.frozen
class MissedVisit:
    """
    An obligation not met (漏访 or 逾期), with the reason.

    Attributes:
        obligation: The obligation.
        status: `VisitStatus.MISSED` or `VisitStatus.OVERDUE` (still catchable).
        done: Visits of an accepted kind made in the window.
        reason: English reason.
        reason_zh: Chinese reason (未走访, 走访不足（1/4次）, 走访方式不符).
    """

    obligation: Obligation
    status: VisitStatus
    done: int
    reason: str
    reason_zh: str

    @property
    def household(self) -> HouseholdId:
        """The household that was missed."""
        return self.obligation.household


def _missed(
    ob: Obligation, visits: HouseholdVisits, today: int, st: VisitStatus
) -> MissedVisit:
    start = ob.start.toordinal()
    end = min(ob.deadline.toordinal() + 1, today + 1)
    done = visits.count(start, end, ob.mask)
    if done:
        return MissedVisit(
            ob,
            st,
            done,
            f"{done} of {ob.required} visits",
            f"走访不足（{done}/{ob.required}次）",
        )
    if visits.count(start, end, ALL_KINDS):
        return MissedVisit(ob, st, 0, "no visit of an accepted kind", "走访方式不符")
    return MissedVisit(ob, st, 0, "no visit", "未走访")


@attrs.frozen
class CoverageRow:
    """
    Coverage of one group (a grid, a village, a worker).

    Attributes:
        key: The group (region code, worker id, or ``"total"``).
        expected: 应访: obligations in the denominator.
        visited: 已访: obligations satisfied.
        pending: Obligations whose window is still open.
        exempt: 免访: obligations waived (not in ``expected``).
        missed: Obligations overdue or missed, with reasons.
        name: What people call the group (the grid's name, the worker's
            name, 合计); ``""`` until `CoverageReport.named` gives it.
    """

    key: str
    expected: int
    visited: int
    pending: int
    exempt: int
    missed: tuple[MissedVisit, ...]
    name: str = attrs.field(default="", eq=False)

    @property
    def rate(self) -> Fraction | None:
        """走访率: visited / expected (None when nothing was expected)."""
        return Fraction(self.visited, self.expected) if self.expected else None

    @property
    def missed_households(self) -> tuple[HouseholdId, ...]:
        """The distinct households listed as missed, sorted."""
        return tuple(sorted({m.household for m in self.missed}))

    def __str__(self) -> str:
        return (
            f"{self.key}: 应访 {self.expected}, 已访 {self.visited}, "
            f"走访率 {percent(self.rate)}, 漏访 {len(self.missed)}"
        )


_UNNAMED = {"total": "合计", UNASSIGNED: "未入格"}


def _name_of(key: str) -> str:
    """An unnamed group's name: its key, or 合计 / 未入格."""
    return _UNNAMED.get(key, key)


def _code_of(key: str) -> str:
    """A group's code as a table shows it: none for the total or the unassigned."""
    return "" if key in {"total", UNASSIGNED} else key


_COVERAGE_COLUMNS = (
    Column("name", "name", "名称", get=lambda row: row.name or _name_of(row.key)),
    # The total and the unassigned group are no grid or worker: no 编号.
    Column("key", "group", "编号", get=lambda row: _code_of(row.key)),
    Column("expected", "expected", "应访"),
    Column("visited", "visited", "已访"),
    Column("pending", "pending", "待访"),
    Column("exempt", "exempt", "免访"),
    Column("missed", "missed", "漏访", get=lambda row: len(row.missed)),
    Column("rate", "coverage", "走访率", get=lambda row: percent(row.rate)),
    Column("missed_households", "missed households", "漏访户"),
)


@attrs.frozen
class CoverageReport(TableDisplay):
    """
    Coverage per group for a period, as of a day.

    It displays itself (`gridgov.display.TableDisplay`): one record per
    group, then a ``"total"`` record when there is more than one group.

    Attributes:
        period: The reporting period (obligations whose window ends in it).
        as_of: The day the statuses were computed for.
        rows: One `CoverageRow` per group, sorted by key.
        total: All groups together.
    """

    period: Window
    as_of: date
    rows: Mapping[str, CoverageRow]
    total: CoverageRow

    display_columns = _COVERAGE_COLUMNS

    def display_rows(self) -> list[CoverageRow]:
        """
        One row per group, then the total if there are several groups.

        In the records ``rate`` is the 走访率 as shown (``"66.7%"``, ``"—"``
        for none expected); ``missed`` counts the missed obligations and
        ``missed_households`` lists their distinct households.
        """
        shown = list(self.rows.values())
        return shown if len(shown) == 1 else [*shown, self.total]

    def named(self, names: Mapping[str, str]) -> CoverageReport:
        """
        The same report with each group named (grid name, worker name).

        Groups not in *names* keep their key as their name (the unassigned
        group: 未入格); the total is ``names["total"]``, else 合计. The figures
        do not change.
        """
        rows = {
            k: attrs.evolve(r, name=names.get(k, _name_of(k)))
            for k, r in self.rows.items()
        }
        total = attrs.evolve(self.total, name=names.get(self.total.key, "合计"))
        return attrs.evolve(self, rows=MappingProxyType(rows), total=total)

    def display_caption(self) -> str:
        """走访覆盖 Coverage, with the period."""
        p = self.period
        return f"走访覆盖 Coverage {p.start} – {p.last_day}"

    def display_note(self) -> str:
        """The status day and the overall 走访率."""
        return f"截至 as of {self.as_of} · 走访率 {percent(self.total.rate)}"


def coverage(
    obligations: Iterable[Obligation],
    visits: VisitIndex,
    *,
    period: Window,
    as_of: date,
    by: GroupKey = _by_total,
) -> CoverageReport:
    """
    Compute coverage of *obligations* ending in *period*, grouped by *by*.

    Args:
        obligations: From `derive_obligations` (any superset is fine). Under
            a rolling rule, derive them with the same ``as_of``: the report
            then depends only on the visits up to that day.
        visits: The visit index.
        period: Obligations whose last day falls in it are counted.
        as_of: Status day (a datetime is taken in China time).
        by: Group key: `by_level` (grid, village …), a worker lookup, or
            the default single ``"total"`` group.
    """
    (report,) = coverage_series(
        obligations, visits, periods=[period], as_of=as_of, by=by
    )
    return report


class _Acc:
    """Running counts of one group in one period."""

    __slots__ = ("exempt", "missed", "pending", "visited")

    def __init__(self) -> None:
        self.visited = 0
        self.pending = 0
        self.exempt = 0
        self.missed: list[MissedVisit] = []

    def row(self, key: str) -> CoverageRow:
        expected = self.visited + self.pending + len(self.missed)
        return CoverageRow(
            key, expected, self.visited, self.pending, self.exempt, tuple(self.missed)
        )


def _report(period: Window, day: date, groups: dict[str, _Acc]) -> CoverageReport:
    total = _Acc()
    for acc in groups.values():
        total.visited += acc.visited
        total.pending += acc.pending
        total.exempt += acc.exempt
    total.missed = [m for k in sorted(groups) for m in groups[k].missed]
    rows = {k: groups[k].row(k) for k in sorted(groups)}
    return CoverageReport(period, day, MappingProxyType(rows), total.row("total"))


def coverage_series(
    obligations: Iterable[Obligation],
    visits: VisitIndex,
    *,
    periods: Sequence[Window],
    as_of: date,
    by: GroupKey = _by_total,
) -> tuple[CoverageReport, ...]:
    """
    Compute coverage for several periods (e.g. the 12 months) in one pass.

    Each obligation is counted in the period containing its last day (periods
    should not overlap; with overlaps, the first listed wins). Otherwise as
    `coverage`, whose reports this returns in the order of *periods*.
    """
    day = as_day(as_of)
    today = day.toordinal()
    groups: list[dict[str, _Acc]] = [{} for _ in periods]
    slot: dict[int, dict[str, _Acc]] = {}  # day ordinal -> its period's groups
    for period, bucket in zip(periods, groups, strict=True):
        for d in range(period.start.toordinal(), period.end.toordinal()):
            slot.setdefault(d, bucket)
    of = visits.of
    satisfied, due, upcoming = (
        VisitStatus.SATISFIED,
        VisitStatus.DUE,
        VisitStatus.UPCOMING,
    )
    last_hid, hv = None, of(HouseholdId(""))
    for ob in obligations:
        hid, start, end, required, _, mask, grace, _, _, exempt, due_by = ob
        # Counted in the period of the window's last day; due by due_by if set.
        group = slot.get(end.toordinal() - 1)
        if group is None:
            continue
        key = by(ob)
        acc = group.get(key)
        if acc is None:
            acc = group[key] = _Acc()
        if exempt:
            acc.exempt += 1
            continue
        if hid is not last_hid:  # obligations come grouped by household
            last_hid, hv = hid, of(hid)
        stop = end.toordinal() if due_by is None else due_by.toordinal() + 1
        st = classify(hv, start.toordinal(), stop, required, mask, grace, today)
        if st is satisfied:
            acc.visited += 1
        elif st is due or st is upcoming:
            acc.pending += 1
        else:
            acc.missed.append(_missed(ob, hv, today, st))
    return tuple(_report(p, day, g) for p, g in zip(periods, groups, strict=True))
