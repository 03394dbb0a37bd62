"""Hypothesis strategies for the domain model (see `gridgov.testing.strategies`)."""

from __future__ import annotations

import string
from datetime import date
from typing import Any

from gridgov.domain.ids import (
    HouseholdId,
    OrganisationId,
    PersonId,
    RegionCode,
    WorkerId,
)
from gridgov.domain.people import (
    Gender,
    Household,
    Person,
    Placement,
    Residency,
    TagAssignment,
)
from gridgov.domain.regions import GridKind, Level, Region
from gridgov.domain.spans import DateSpan
from gridgov.domain.tags import STANDARD_CARE_TAGS, AttentionLevel, CareTag
from gridgov.domain.workforce import (
    Membership,
    Organisation,
    OrgKind,
    Role,
    Scope,
    Worker,
)
from gridgov.errors import MissingExtraError
from gridgov.roster.findings import Severity
from gridgov.roster.spec import (
    GridSizeNorm,
    Norms,
    PartyCentralHousehold,
    SpanNorm,
)

try:
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("testing", "hypothesis", "gridgov.testing") from None


_HANZI = "王李张刘陈杨赵黄周吴茹雪梅海军建国秀英明华丽红新民"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

MIN_DAY = date(2015, 1, 1)
MAX_DAY = date(2035, 12, 31)


def dates() -> st.SearchStrategy[date]:
    """Days between 2015 and 2035."""
    return st.dates(min_value=MIN_DAY, max_value=MAX_DAY)


@st.composite
def date_spans(draw: st.DrawFn) -> DateSpan:
    """Half-open spans, each end possibly unbounded, start <= end."""
    start = draw(st.none() | dates())
    end = draw(st.none() | dates())
    if start is not None and end is not None and end < start:
        start, end = end, start
    return DateSpan(start, end)


def names() -> st.SearchStrategy[str]:
    """Chinese names of one to three characters."""
    return st.text(alphabet=_HANZI, min_size=1, max_size=3)


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Short ASCII ids."""
    alphabet = string.ascii_uppercase + string.digits
    return st.text(alphabet=alphabet, min_size=1, max_size=6).map(lambda s: prefix + s)


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    """18-character ID numbers with a valid GB 11643 check digit (synthetic)."""
    born = draw(st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 12, 31)))
    body = f"410381{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def digit_codes(width: int) -> st.SearchStrategy[str]:
    """Strings of exactly *width* digits (region-code shaped)."""
    return st.integers(0, 10**width - 1).map(f"{{:0{width}d}}".format)


def phones() -> st.SearchStrategy[str]:
    """Eleven-digit mobile numbers."""
    return st.builds("1{}{:09d}".format, st.integers(3, 9), st.integers(0, 10**9 - 1))


def attention_levels() -> st.SearchStrategy[AttentionLevel]:
    """关注程度 values."""
    return st.sampled_from(AttentionLevel)


@st.composite
def persons(draw: st.DrawFn, person_id: str | None = None) -> Person:
    """A `Person`, sometimes with ID number, phone and birth date."""
    return Person(
        PersonId(person_id if person_id is not None else draw(ids("P"))),
        draw(names()),
        id_number=draw(st.just("") | id_numbers()),
        phone=draw(st.just("") | phones()),
        gender=draw(st.sampled_from(Gender)),
        birth_date=draw(st.none() | dates()),
        party_member=draw(st.booleans()),
        relation=draw(st.sampled_from(["", "户主", "配偶", "子女"])),
    )


@st.composite
def tag_assignments(
    draw: st.DrawFn, vocabulary: tuple[str, ...] = tuple(STANDARD_CARE_TAGS)
) -> TagAssignment:
    """A care tag from *vocabulary* with an attention level and a span."""
    return TagAssignment(
        draw(st.sampled_from(vocabulary)),
        draw(attention_levels()),
        draw(date_spans()),
        draw(st.sampled_from(["", "每周走访"])),
    )


@st.composite
def care_tags(draw: st.DrawFn) -> CareTag:
    """A vocabulary entry (for a township's extensions)."""
    return CareTag(
        draw(ids("x_")).lower(), draw(names()), draw(st.text(max_size=8)), "other"
    )


@st.composite
def placements(draw: st.DrawFn, region_codes: tuple[str, ...] = ()) -> Placement:
    """A placement in one of *region_codes* (or any digits)."""
    pool = st.sampled_from(region_codes) if region_codes else digit_codes(15)
    return Placement(RegionCode(draw(pool)), draw(date_spans()))


@st.composite
def households(draw: st.DrawFn, region_codes: tuple[str, ...] = ()) -> Household:
    """A `Household` with members, placements and tags (references not checked)."""
    hid = draw(ids("H"))
    count = draw(st.integers(0, 3))
    members = tuple(draw(persons(f"{hid}-{i}")) for i in range(count))
    return Household(
        HouseholdId(hid),
        draw(st.text(alphabet=_HANZI + "0123456789号", min_size=1, max_size=10)),
        placements=tuple(draw(st.lists(placements(region_codes), max_size=3))),
        building=draw(st.sampled_from(["", "1号楼", "2号楼"])),
        residency=draw(st.sampled_from(Residency)),
        resident_since=draw(st.none() | dates()),
        members=members,
        tags=tuple(draw(st.lists(tag_assignments(), max_size=3))),
    )


@st.composite
def regions(draw: st.DrawFn) -> Region:
    """A single `Region` with a well-shaped code for its level."""
    level = draw(st.sampled_from(Level))
    digits = {Level.CITY: 6, Level.COUNTY: 6, Level.TOWN: 9, Level.VILLAGE: 12}
    width = digits.get(level, 15 if level is Level.GRID else 18)
    code = draw(digit_codes(width))
    return Region(
        RegionCode(code),
        draw(names()),
        level,
        parent=None,
        kind=draw(st.sampled_from(GridKind)),
        name_en=draw(st.text(alphabet=string.ascii_letters, max_size=8)),
    )


@st.composite
def region_trees(draw: st.DrawFn) -> list[Region]:
    """A consistent tree: county → town → villages → grids → micro-grids."""
    county = Region(RegionCode("410381"), "义马市", Level.COUNTY)
    town = Region(RegionCode("410381003"), "新区街道", Level.TOWN, county.code)
    out = [county, town]
    for v in range(draw(st.integers(1, 2))):
        village = RegionCode(f"{town.code}{v + 1:03d}")
        out.append(Region(village, f"村{v + 1}", Level.VILLAGE, town.code))
        for g in range(draw(st.integers(1, 3))):
            grid = RegionCode(f"{village}{g + 1:03d}")
            kind = draw(st.sampled_from(GridKind))
            out.append(Region(grid, f"网格{g + 1}", Level.GRID, village, kind))
            out.extend(
                Region(
                    RegionCode(f"{grid}{m + 1:03d}"),
                    f"微{m + 1}",
                    Level.MICRO_GRID,
                    grid,
                    kind,
                )
                for m in range(draw(st.integers(0, 3)))
            )
    return out


@st.composite
def scopes(
    draw: st.DrawFn,
    region_codes: tuple[str, ...] = (),
    household_ids: tuple[str, ...] = (),
    buildings: tuple[str, ...] = (),
) -> Scope:
    """A `Scope` over the given regions, households and buildings (or any ids)."""

    def pick(
        pool: tuple[str, ...], fallback: st.SearchStrategy[str]
    ) -> tuple[Any, ...]:
        items = st.sampled_from(pool) if pool else fallback
        return tuple(draw(st.lists(items, max_size=3, unique=True)))

    return Scope(
        regions=pick(region_codes, digit_codes(12)),
        households=pick(household_ids, ids("H")),
        buildings=pick(buildings, st.sampled_from(["1号楼", "2号楼"])),
    )


@st.composite
def workers(
    draw: st.DrawFn, scope: Scope | None = None, worker_id: str | None = None
) -> Worker:
    """A `Worker` with any role, a scope, a phone and an active span."""
    return Worker(
        WorkerId(worker_id if worker_id is not None else draw(ids("W"))),
        draw(names()),
        draw(st.sampled_from(Role)),
        scope if scope is not None else draw(scopes()),
        phone=draw(st.just("") | phones()),
        capacity_per_day=draw(st.integers(1, 20)),
        active=draw(date_spans()),
    )


@st.composite
def memberships(draw: st.DrawFn, members: tuple[str, ...] = ()) -> Membership:
    """A seat in an organisation for one of *members* (or any id)."""
    member = draw(st.sampled_from(members) if members else ids("P"))
    return Membership(
        member, draw(st.sampled_from(["", "书记", "委员"])), draw(st.booleans())
    )


@st.composite
def organisations(draw: st.DrawFn, members: tuple[str, ...] = ()) -> Organisation:
    """An `Organisation` of any kind with a few members."""
    return Organisation(
        OrganisationId(draw(ids("O"))),
        draw(names()),
        draw(st.sampled_from(OrgKind)),
        region=None,
        parent=None,
        members=tuple(draw(st.lists(memberships(members), max_size=3))),
    )


@st.composite
def party_central_households(
    draw: st.DrawFn, household_ids: tuple[str, ...] = ()
) -> PartyCentralHousehold:
    """A 党员中心户 linking some of *household_ids* (or any ids)."""
    pool = st.sampled_from(household_ids) if household_ids else ids("H")
    links = draw(st.lists(pool, max_size=15, unique=True))
    return PartyCentralHousehold(
        id=draw(ids("D")),
        name=draw(names()),
        links=tuple(HouseholdId(h) for h in links),
        active=draw(date_spans()),
    )


def _bounds() -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(0, 600), st.integers(0, 600)).map(
        lambda pair: (min(pair), max(pair))
    )


@st.composite
def norms(draw: st.DrawFn) -> Norms:
    """`Norms` with consistent bounds (minimum <= maximum) and any severities."""
    low, high = draw(_bounds())
    spans = [
        SpanNorm(role=role, min=lo, max=hi, severity=draw(st.sampled_from(Severity)))
        for role, (lo, hi) in draw(
            st.dictionaries(st.sampled_from(Role), _bounds(), max_size=3)
        ).items()
    ]
    sizes = [
        GridSizeNorm(
            kind=kind, min=lo, max=hi, severity=draw(st.sampled_from(Severity))
        )
        for kind, (lo, hi) in draw(
            st.dictionaries(st.sampled_from(GridKind), _bounds(), max_size=3)
        ).items()
    ]
    roles = draw(st.lists(st.sampled_from(Role), unique=True, max_size=5))
    return Norms(
        central_household_min=low,
        central_household_max=high,
        central_household_severity=draw(st.sampled_from(Severity)),
        spans=tuple(spans),
        grid_sizes=tuple(sizes),
        responsible_roles=tuple(roles),
    )
