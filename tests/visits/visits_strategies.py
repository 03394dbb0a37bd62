"""Shared fixtures and Hypothesis strategies for the visits tests."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from hypothesis import strategies as st

from gridgov.domain import (
    CHINA_TZ,
    AttentionLevel,
    DateSpan,
    Household,
    HouseholdId,
    Level,
    Placement,
    Region,
    RegionCode,
    TagAssignment,
    WorkerId,
)
from gridgov.domain.periods import Period
from gridgov.visits import (
    CatchUp,
    FrequencyRule,
    TriggerKind,
    TriggerRule,
    VisitKind,
    VisitPolicy,
    VisitRecorded,
    Window,
    compile_policy,
)

TOWN = RegionCode("320481105")
VILLAGE = RegionCode("320481105201")
GRIDS = tuple(RegionCode(f"{VILLAGE}00{i}") for i in (1, 2, 3))
YEAR = Window(date(2026, 1, 1), date(2027, 1, 1))
LATER = date(2027, 6, 1)

REGIONS = (
    Region(TOWN, "社渚镇", Level.TOWN),
    Region(VILLAGE, "金庄村", Level.VILLAGE, TOWN),
    *(Region(g, f"第{i}网格", Level.GRID, VILLAGE) for i, g in enumerate(GRIDS, 1)),
)

CALENDAR_POLICY = VisitPolicy(
    "test",
    rules=(
        FrequencyRule("elderly", tags=("empty_nest_elderly",), per=Period.WEEK),
        FrequencyRule(
            "disabled",
            tags=("disabled",),
            visits=2,
            kinds=(VisitKind.HOME, VisitKind.PHONE),
            catch_up=CatchUp.GRACE,
            grace_days=5,
        ),
        FrequencyRule(
            "severe",
            tags=("disabled",),
            min_attention=AttentionLevel.SEVERE,
            per=Period.WEEK,
            visits=2,
        ),
    ),
    floor=FrequencyRule("ordinary", kinds=tuple(VisitKind)),
    triggers=(TriggerRule(TriggerKind.NEW_TAG), TriggerRule(TriggerKind.CASE)),
)
COMPILED = compile_policy(CALENDAR_POLICY)

days = st.dates(date(2026, 1, 1), date(2026, 12, 31))
grids = st.sampled_from(GRIDS)
tag_codes = st.sampled_from(("empty_nest_elderly", "disabled", "left_behind_child"))
attention = st.sampled_from(tuple(AttentionLevel))


@st.composite
def placements(draw: st.DrawFn) -> tuple[Placement, ...]:
    """Contiguous placements, possibly with a move in, moves, and a move out."""
    cuts = sorted(draw(st.sets(days, max_size=3)))
    start = draw(st.none()) if not cuts or draw(st.booleans()) else cuts.pop(0)
    leave = cuts.pop() if cuts and draw(st.booleans()) else None
    edges = [start, *cuts, leave]
    return tuple(
        Placement(draw(grids), DateSpan(lo, hi)) for lo, hi in itertools.pairwise(edges)
    )


@st.composite
def tags(draw: st.DrawFn) -> tuple[TagAssignment, ...]:
    """Zero to two effective-dated care tags."""
    out = []
    for _ in range(draw(st.integers(0, 2))):
        lo = draw(st.none() | days)
        hi = draw(st.none() | days)
        if lo is not None and hi is not None and hi <= lo:
            lo, hi = hi, lo if hi < lo else None
        out.append(TagAssignment(draw(tag_codes), draw(attention), DateSpan(lo, hi)))
    return tuple(out)


@st.composite
def households(draw: st.DrawFn, n_max: int = 6) -> list[Household]:
    """A few households with random placements and tags."""
    n = draw(st.integers(1, n_max))
    return [
        Household(
            HouseholdId(f"H{i}"),
            f"{i}号",
            placements=draw(placements()),
            building=f"B{i % 2}",
            tags=draw(tags()),
        )
        for i in range(n)
    ]


def visit(
    hid: str, day: date, kind: VisitKind = VisitKind.HOME, worker: str = "w1"
) -> VisitRecorded:
    """A visit at 10:00 China time on *day*."""
    return VisitRecorded(
        stream=f"visits:{hid}",
        key=f"{day}-{kind}-{worker}",
        occurred_at=datetime.combine(day, time(10), CHINA_TZ),
        household=HouseholdId(hid),
        worker=WorkerId(worker),
        kind=kind,
    )


@st.composite
def visits_for(draw: st.DrawFn, hids: list[str]) -> list[VisitRecorded]:
    """Random visits to the given households over 2026."""
    rows = draw(
        st.lists(
            st.tuples(st.sampled_from(hids), days, st.sampled_from(tuple(VisitKind))),
            max_size=40,
        )
    )
    return list({(h, d, k): visit(h, d, k) for h, d, k in rows}.values())
