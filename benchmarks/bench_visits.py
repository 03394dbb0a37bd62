"""
bench_visits: obligations, status and coverage for a township-year, against a hand loop.

The workload a county runs every night: for N households over the 12 months of
2026, derive every obligation (monthly floor; weekly and twice-monthly rules
for the ~15 % tagged households; ~2 % of households move between grids
mid-year), index the visits (about what the rules ask, ~5 % of periods short, a tenth by
phone), and compute coverage
(应访, 已访 and the missed list) per grid for each month.

The baseline is a hand-written, single-purpose loop that knows the shape of
this data set (tags without end dates, at most one move) and computes the same
per-grid, per-month 应访/已访 from the same visit rows. Both are checked to give
identical figures before timing. Reported: the time ratio at 100,000
households, and how gridgov's time grows from 10k to 100k to 1M households.

    python benchmarks/bench_visits.py [--quick] [--skip-growth]
"""

from __future__ import annotations

import random
import sys
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, timedelta

import attrs

from gridgov.domain import (
    DateSpan,
    Household,
    HouseholdId,
    Placement,
    RegionCode,
    TagAssignment,
)
from gridgov.domain.periods import Period
from gridgov.visits import (
    Anchor,
    FrequencyRule,
    VisitIndex,
    VisitKind,
    VisitPolicy,
    Window,
    compile_policy,
    coverage_series,
    derive_obligations,
    windows,
)
from harness import Case, Results, compare, growth, is_quick, write_table

YEAR = Window(date(2026, 1, 1), date(2027, 1, 1))
AS_OF = date(2027, 2, 1)
MONTHS = windows(Period.MONTH, YEAR.start, YEAR.end)
WEEKS = windows(Period.WEEK, YEAR.start, YEAR.end)
GRIDS = tuple(RegionCode(f"320481105210{i:03d}") for i in range(1, 41))
HOME, PHONE = VisitKind.HOME, VisitKind.PHONE
ALL = (HOME, PHONE, VisitKind.VIDEO)

POLICY = compile_policy(
    VisitPolicy(
        "bench",
        rules=(
            FrequencyRule(
                "elderly",
                tags=("empty_nest_elderly",),
                per=Period.WEEK,
                kinds=(HOME, PHONE),
            ),
            FrequencyRule(
                "child", tags=("left_behind_child",), visits=2, kinds=(HOME,)
            ),
            FrequencyRule("poor", tags=("difficult_family",), visits=2, kinds=(HOME,)),
        ),
        floor=FrequencyRule("ordinary", kinds=ALL),
    )
)
# The same policy with the floor rolling (due a month after the last visit):
# what judging each month by the visit before it costs.
ROLLING = compile_policy(
    attrs.evolve(
        POLICY.policy,
        floor=FrequencyRule("ordinary", kinds=ALL, anchor=Anchor.LAST_VISIT),
    )
)
TAGS = ("empty_nest_elderly", "left_behind_child", "difficult_family")
# What the hand loop knows: per tag, (windows, visits needed, accepted kinds mask).
MASK = {(HOME,): 1, (HOME, PHONE): 3, ALL: 7}


def make_data(n: int, seed: int = 7) -> tuple[list[Household], list[tuple]]:
    """N households and their visit rows (household, day, kind), deterministic."""
    rng = random.Random(seed)
    households = []
    rows: list[tuple[HouseholdId, date, VisitKind]] = []
    for i in range(n):
        hid = HouseholdId(f"H{i:07d}")
        grid = GRIDS[i % len(GRIDS)]
        if rng.random() < 0.02:  # moves to the next grid mid-year
            move = YEAR.start + timedelta(days=rng.randrange(30, 330))
            other = GRIDS[(i + 1) % len(GRIDS)]
            placements = (
                Placement(grid, DateSpan(None, move)),
                Placement(other, DateSpan(move)),
            )
        else:
            placements = (Placement(grid),)
        roll = rng.random()
        tags = (TagAssignment(TAGS[int(roll * 100) % 3]),) if roll < 0.15 else ()
        households.append(Household(hid, "", placements=placements, tags=tags))
        weekly = bool(tags) and tags[0].tag == "empty_nest_elderly"
        need = 2 if tags and not weekly else 1
        # Visit days: mostly what the rules ask, with ~5 % of periods short.
        for w in WEEKS if weekly else MONTHS:
            n_visits = need + (rng.random() < 0.1) - (rng.random() < 0.05)
            for _ in range(n_visits):
                day = w.start + timedelta(days=rng.randrange(w.days))
                rows.append((hid, day, HOME if rng.random() < 0.9 else PHONE))
    return households, rows


def gridgov_pipeline(households, rows, policy=POLICY) -> Callable[[], dict]:
    """Index, derive, and one-pass coverage per grid for the 12 months."""

    def run() -> dict:
        index = VisitIndex.from_days(rows)
        obligations = derive_obligations(households, policy, YEAR, visits=index)
        reports = coverage_series(
            obligations, index, periods=MONTHS, as_of=AS_OF, by=lambda ob: ob.region
        )
        return {
            (grid, m): (row.expected, row.visited, len(row.missed))
            for m, report in enumerate(reports, 1)
            for grid, row in report.rows.items()
        }

    return run


def hand_loop(households, rows) -> Callable[[], dict]:
    """The same figures from a loop written for this data set only."""
    week = [
        (w.start.toordinal(), w.end.toordinal())
        for w in windows(Period.WEEK, YEAR.start, YEAR.end)
    ]
    month = [(w.start.toordinal(), w.end.toordinal()) for w in MONTHS]
    rule = {
        None: (month, 1, 7),
        "empty_nest_elderly": (week, 1, 3),
        "left_behind_child": (month, 2, 1),
        "difficult_family": (month, 2, 1),
    }
    first, last = YEAR.start.toordinal(), YEAR.end.toordinal()
    month_of = {d: date.fromordinal(d).month for d in range(first, last)}

    def run() -> dict:
        days: dict[str, dict[int, int]] = {}
        for hid, day, kind in rows:
            per = days.setdefault(hid, {})
            o = day.toordinal()
            per[o] = per.get(o, 0) | kind.bit
        tally: dict[tuple[str, int], list[int]] = {}
        missed: list[str] = []
        for hh in households:
            wins, need, mask = rule[hh.tags[0].tag if hh.tags else None]
            per = days.get(hh.id, {})
            seen = sorted(per)
            masks = [per[d] for d in seen]
            places = hh.placements
            for lo, hi in wins:
                end = hi - 1
                if not first <= end < last:
                    continue
                a, b = bisect_left(seen, lo), bisect_left(seen, hi)
                done = sum(1 for k in range(a, b) if masks[k] & mask)
                if len(places) == 1:
                    grid = places[0].region
                else:
                    grid = (
                        places[1].region
                        if end >= places[1].span.start.toordinal()
                        else places[0].region
                    )
                acc = tally.setdefault((grid, month_of[end]), [0, 0, 0])
                acc[0] += 1
                if done >= need:
                    acc[1] += 1
                else:
                    acc[2] += 1
                    missed.append(hh.id)
        return {k: tuple(v) for k, v in tally.items()}

    return run


def main() -> None:
    speed = compare_with_hand_loop()
    print(speed.to_markdown())
    if "--skip-growth" not in sys.argv:
        scale = growth(
            "gridgov visits pipeline, 12 months",
            "gridgov",
            lambda size: gridgov_pipeline(*make_data(size)),
            sizes=(10_000, 100_000, 1_000_000),
            repeat=2,
        )
        write_table(scale, "visits_growth")
        print(scale.to_markdown())


def compare_with_hand_loop() -> Results:
    """Time gridgov against the hand loop at 100,000 households (1,000 quick)."""
    n = 1_000 if is_quick() else 100_000
    households, rows = make_data(n)
    ours, theirs = gridgov_pipeline(households, rows), hand_loop(households, rows)
    assert ours() == theirs(), "gridgov and the hand loop disagree"
    speed = compare(
        f"obligations + status + coverage per grid and month, {n:,} households x 12",
        [
            Case(
                "gridgov",
                ours,
                note="VisitIndex + derive_obligations + coverage_series",
            ),
            Case("hand-written loop", theirs, note="baseline: single-purpose"),
            Case(
                "gridgov, rolling floor",
                gridgov_pipeline(households, rows, ROLLING),
                note="the floor due a month after the last visit",
            ),
        ],
        baseline="hand-written loop",
        repeat=3,
    )
    write_table(speed, "visits")
    return speed


if __name__ == "__main__":
    main()
