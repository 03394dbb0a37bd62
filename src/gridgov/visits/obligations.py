"""
Obligations (应访): who must be visited, how often, in which window.

An `Obligation` is one household's duty for one window: at least
``required`` visits of the accepted kinds between ``start`` and ``end``
(half-open). `derive_obligations` produces them for a horizon from the
households' effective-dated placements and tags and the compiled policy:

* the **strictest** applicable rule governs each stretch of days; when tags
  start or end, the stretch is cut there;
* a household that moves **between grids** stays one household with one
  obligation per window, attributed to the region it lives in on the window's
  last day (so it is counted in exactly one grid);
* a household that **moves in or out** mid-period, or whose governing rule
  changes mid-period, has its window cut short: required visits are prorated
  (rounding up), and a cut window shorter than the policy's
  ``min_share_percent`` is **exempt** with the reason;
* **triggers** add a one-visit obligation within N hours of a new tag or of a
  `HouseholdChangeNoted` (a case, a hospital stay).

The horizon selects obligations whose (cut) window ends inside it. Window
boundaries are computed once per period kind, so the cost is one dict lookup
and one tuple per obligation.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from gridgov.domain.ids import HouseholdId, RegionCode
from gridgov.domain.people import Household
from gridgov.domain.periods import Period
from gridgov.domain.spans import CHINA_TZ
from gridgov.visits._records import Exemption, Obligation
from gridgov.visits._rolling import rolling_windows
from gridgov.visits.compiled import CompiledPolicy
from gridgov.visits.events import HouseholdChangeNoted
from gridgov.visits.index import VisitIndex
from gridgov.visits.periods import Window, period_containing, period_step, windows
from gridgov.visits.policy import Anchor, FrequencyRule, TriggerKind, kinds_mask

__all__ = ["Exemption", "Obligation", "derive_obligations"]

_DAY = timedelta(days=1)
_new = tuple.__new__  # builds an Obligation without the generated __new__ frame
_PERCENT = 100


def _presence(hh: Household, lo: date, hi: date) -> list[tuple[date, date]]:
    """Merge a household's placements into continuous stretches inside [lo, hi)."""
    spans = sorted(
        (c.start, c.end)
        for p in hh.placements
        if (c := p.span.clip(lo, hi)) is not None
        and c.start is not None
        and c.end is not None
    )
    merged: list[tuple[date, date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _rules(policy: CompiledPolicy) -> list[FrequencyRule]:
    rules = list(policy.policy.rules)
    if policy.policy.floor is not None:
        rules.append(policy.policy.floor)
    return rules


def _kinds_used(policy: CompiledPolicy) -> set[Period]:
    return {r.per for r in _rules(policy)}


class _Deriver:
    """Holds the per-horizon caches while deriving obligations."""

    def __init__(
        self,
        policy: CompiledPolicy,
        horizon: Window,
        visits: VisitIndex | None,
        exemptions: Mapping[HouseholdId, Sequence[Exemption]],
        *,
        as_of: date | None = None,
        since: date | None = None,
    ) -> None:
        self.policy = policy
        self.as_of = as_of
        self.horizon = horizon
        self.visits = visits
        self.exemptions = exemptions
        self.share = policy.policy.min_share_percent
        start_day = policy.policy.period_start_day
        self.windows: dict[Period, list[Window]] = {
            kind: windows(kind, horizon.start, horizon.end, start_day=start_day)
            for kind in _kinds_used(policy)
        }
        self.starts = {k: [w.start for w in ws] for k, ws in self.windows.items()}
        self.whole = {
            k: [(w.start, w.end) for w in ws if horizon.start < w.end <= horizon.end]
            for k, ws in self.windows.items()
        }
        self.lo = min(
            (ws[0].start for ws in self.windows.values()), default=horizon.start
        )
        self.hi = max((ws[-1].end for ws in self.windows.values()), default=horizon.end)
        # Where rolling rules start looking: a household present before it
        # counts as visited the day before (see gridgov.visits._rolling).
        self.look = self.lo if since is None else min(self.lo, since)
        self.look_ends: dict[Period, date] = {}
        self.masks: dict[str, int] = {}
        self.out: list[Obligation] = []

    def mask(self, rule: FrequencyRule) -> int:
        try:
            return self.masks[rule.id]
        except KeyError:
            self.masks[rule.id] = m = kinds_mask(rule.kinds)
            return m

    def exempt_reason(self, hid: HouseholdId, start: date, end: date) -> str:
        """The reason of an exemption covering all of [start, end), or ``""``."""
        for ex in self.exemptions.get(hid, ()):
            if ex.span.contains(start) and ex.span.contains(end - _DAY):
                return ex.reason
        return ""

    def emit(self, hh: Household, ob: Obligation, region: RegionCode | None) -> None:
        """Keep *ob* if it ends in the horizon, with its region and exemption."""
        if not self.horizon.start < ob.end <= self.horizon.end:
            return
        if region is None:
            region = hh.region_on(ob.end - _DAY)
        reason = ob.exempt or self.exempt_reason(hh.id, ob.start, ob.end)
        self.out.append(_new(Obligation, (*ob[:8], region, reason, ob.due_by)))

    def household(self, hh: Household) -> None:
        floor = self.policy.policy.floor
        if not hh.tags and len(hh.placements) == 1:
            if floor is None:
                return
            if floor.anchor is Anchor.LAST_VISIT:
                for start, end in _presence(hh, self.look, self.hi):
                    self.rolling(hh, floor, start, end, -1)
                return
            only = hh.placements[0]
            region = only.region
            if only.span.start is None and only.span.end is None:
                stretches = [(self.lo, self.hi)]  # the common case, without clipping
            else:
                stretches = _presence(hh, self.lo, self.hi)
            for start, end in stretches:
                self.calendar(hh, floor, start, end, attention=-1, region=region)
            return
        for start, end in _presence(hh, self.look, self.hi):
            for seg_start, seg_end, rule, attention in self.segments(hh, start, end):
                if rule.anchor is Anchor.CALENDAR:
                    self.calendar(
                        hh, rule, seg_start, seg_end, attention=attention, region=None
                    )
                else:
                    self.rolling(hh, rule, seg_start, seg_end, attention)
        self.new_tag_triggers(hh)

    def segments(
        self, hh: Household, start: date, end: date
    ) -> list[tuple[date, date, FrequencyRule, int]]:
        cuts = {start, end}
        for t in hh.tags:
            for edge in (t.span.start, t.span.end):
                if edge is not None and start < edge < end:
                    cuts.add(edge)
        edges = sorted(cuts)
        out: list[tuple[date, date, FrequencyRule, int]] = []
        for lo, hi in pairwise(edges):
            in_force = [t for t in hh.tags if t.span.contains(lo)]
            rule = self.policy.rule_for((t.tag, t.attention) for t in in_force)
            attention = max((t.attention.rank for t in in_force), default=-1)
            if rule is None:
                continue
            if out and out[-1][2] is rule and out[-1][1] == lo:
                prev = out[-1]
                out[-1] = (prev[0], hi, rule, max(prev[3], attention))
            else:
                out.append((lo, hi, rule, attention))
        return out

    def cut(
        self, rule: FrequencyRule, full: Window, lo: date, hi: date
    ) -> tuple[int, str]:
        """Required visits and exemption reason for *full* cut to [lo, hi)."""
        if lo == full.start and hi == full.end:
            return rule.visits, ""
        days = (hi - lo).days
        if days * _PERCENT < self.share * full.days:
            return (
                0,
                f"partial period: {days} of {full.days} days under rule {rule.id!r}",
            )
        return -(-rule.visits * days // full.days), ""

    def calendar(
        self,
        hh: Household,
        rule: FrequencyRule,
        start: date,
        end: date,
        *,
        attention: int,
        region: RegionCode | None,
    ) -> None:
        # The hot loop of the engine: one tuple per window, no per-day work.
        h_lo, h_hi = self.horizon.start, self.horizon.end
        hid, rid, visits, grace = hh.id, rule.id, rule.visits, rule.grace_days
        mask = self.mask(rule)
        excused = hid in self.exemptions
        out = self.out
        wins = self.windows[rule.per]
        if start <= wins[0].start and end >= wins[-1].end and region and not excused:
            # Present and under this rule for the whole horizon: every window is
            # whole, so the windows ending in the horizon were listed once.
            out.extend(
                [
                    _new(
                        Obligation,
                        (
                            hid,
                            lo,
                            hi,
                            visits,
                            rid,
                            mask,
                            grace,
                            attention,
                            region,
                            "",
                            None,
                        ),
                    )
                    for lo, hi in self.whole[rule.per]
                ]
            )
            return
        for w in wins[max(bisect_right(self.starts[rule.per], start) - 1, 0) :]:
            lo, hi = w.start, w.end
            if lo >= end:
                break
            required, reason = visits, ""
            if lo < start or hi > end:
                lo, hi = max(lo, start), min(hi, end)
                required, reason = self.cut(rule, w, lo, hi)
            if not h_lo < hi <= h_hi:
                continue
            where = region if region is not None else hh.region_on(hi - _DAY)
            if excused and not reason:
                reason = self.exempt_reason(hid, lo, hi)
            ob = (hid, lo, hi, required, rid, mask, grace, attention, where, reason)
            out.append(_new(Obligation, (*ob, None)))

    def rolling(
        self, hh: Household, rule: FrequencyRule, start: date, end: date, attention: int
    ) -> None:
        """The windows of rolling *rule* over ``[start, end)`` (`rolling_windows`)."""
        mask = self.mask(rule)
        periods = rolling_windows(
            self.visits.of(hh.id) if self.visits is not None else None,
            mask=mask,
            per=rule.per,
            grace_days=rule.grace_days,
            periods=self.windows[rule.per],
            start=max(start, self.lo),
            end=end,
            **self.clock(rule, start),
            known_until=self.as_of,
        )
        for lo, hi, full, due_by, grace in periods:
            required, reason = self.cut(rule, full, lo, hi)
            ob = (hh.id, lo, hi, required, rule.id, mask, grace, attention)
            self.emit(hh, _new(Obligation, (*ob, None, reason, due_by)), None)

    def clock(self, rule: FrequencyRule, start: date) -> dict[str, date]:
        """
        When a rolling rule's clock starts for a stretch beginning on *start*.

        An arrival or a rule change starts it: the first visit is due one
        period on. A household there before the look starts it with the look:
        due by the end of the look's first period.
        """
        if start > self.look:
            return {"since": start, "first_due_end": start + period_step(rule.per)}
        first = self.look_ends.get(rule.per)
        if first is None:  # once per period kind: period_containing runs an rrule
            first = self.look_ends[rule.per] = period_containing(
                rule.per, self.look, start_day=self.policy.policy.period_start_day
            ).end
        return {"since": self.look, "first_due_end": first}

    def trigger(
        self, hh: Household, kind: TriggerKind, at: datetime, tag: str = ""
    ) -> None:
        local = at.astimezone(CHINA_TZ)
        day = local.date()
        if hh.region_on(day) is None:
            return
        attention = max((t.attention.rank for t in hh.tags_on(day)), default=-1)
        for rule in self.policy.triggers_on(kind, tag):
            last = (local + timedelta(hours=rule.within_hours)).date()
            # A household that leaves the township inside the window owes the
            # visit only while it is still here: the window stops at its last day.
            end = day + _DAY
            while end <= last and hh.region_on(end) is not None:
                end += _DAY
            ob = Obligation(
                hh.id,
                day,
                end,
                1,
                f"trigger:{kind.value}",
                kinds_mask(rule.kinds),
                0,
                attention,
                None,
                "",
            )
            self.emit(hh, ob, hh.region_on(end - _DAY))

    def new_tag_triggers(self, hh: Household) -> None:
        for t in hh.tags:
            start = t.span.start
            if start is not None and self.lo <= start < self.hi:
                self.trigger(
                    hh,
                    TriggerKind.NEW_TAG,
                    datetime.combine(start, time(), CHINA_TZ),
                    t.tag,
                )


def derive_obligations(
    households: Iterable[Household],
    policy: CompiledPolicy,
    horizon: Window,
    *,
    visits: VisitIndex | None = None,
    changes: Iterable[HouseholdChangeNoted] = (),
    exemptions: Iterable[Exemption] = (),
    as_of: date | None = None,
    since: date | None = None,
) -> list[Obligation]:
    """
    Derive every obligation whose window ends inside *horizon*.

    Windows are the calendar periods of each rule, whatever the visits, so
    each period owes its visits once. A rolling rule (``anchor =
    "last_visit"``, `gridgov.visits._rolling`) also says by when: one period
    after the last visit before the window (`Obligation.due_by`), so its
    obligations depend on earlier visits; coverage as of a day is computed from
    obligations derived ``as_of`` that day (later visits were not known yet).

    Args:
        households: The households (with their placements and tags).
        policy: A compiled policy.
        horizon: The days whose obligations are wanted (e.g. a year).
        visits: Needed only by rules anchored to the last visit.
        changes: Major changes that fire trigger rules.
        exemptions: Households excused over spans.
        as_of: Rolling rules see only the visits on or before this day
            (None: every visit in *visits*).
        since: Where rolling rules start looking: a household present
            before it counts as visited the day before, and earlier visits are
            not looked at (default: the first day of the horizon's first
            period). A Workspace passes the day its journal began.

    Returns:
        Obligations ordered by household (input order), then rule and start.

    >>> from gridgov.domain import HouseholdId, Placement, RegionCode
    >>> from gridgov.visits.compiled import compile_policy
    >>> from gridgov.visits.policy import FrequencyRule, VisitPolicy
    >>> cp = compile_policy(VisitPolicy("v", floor=FrequencyRule("floor")))
    >>> hh = Household(
    ...     HouseholdId("H1"),
    ...     "1组1号",
    ...     placements=(Placement(RegionCode("320481105201001")),),
    ... )
    >>> obs = derive_obligations([hh], cp, Window(date(2026, 1, 1), date(2026, 4, 1)))
    >>> [(str(o.start), o.required, o.rule) for o in obs]
    [('2026-01-01', 1, 'floor'), ('2026-02-01', 1, 'floor'), ('2026-03-01', 1, 'floor')]
    """
    by_household: dict[HouseholdId, list[Exemption]] = {}
    for ex in exemptions:
        by_household.setdefault(ex.household, []).append(ex)
    deriver = _Deriver(policy, horizon, visits, by_household, as_of=as_of, since=since)
    known: dict[HouseholdId, Household] = {}
    for hh in households:
        known[hh.id] = hh
        deriver.household(hh)
    for change in changes:
        changed = known.get(change.household)
        if changed is not None:
            deriver.trigger(changed, change.change, change.occurred_at)
    return deriver.out
