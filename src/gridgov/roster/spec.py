"""
The township spec: the shape of a township file (TOML or JSON), as attrs classes.

A township spec describes one 乡镇街道 and everything below it, nested the way
a clerk thinks about it, so that an error's path says where to look::

    code, name                 the town (乡镇街道, 9-digit code)
    title                      display name of the roster (default: name)
    county                     optional: the county above it (县区, 6 digits)
    villages[i]                村/社区 (12 digits)
      .grids[j]                网格 (15 digits), with ``kind`` urban/rural
        .households[k]         households living directly in the grid
        .micro_grids[m]        微网格 (18 digits)
          .households[k]       households living in the micro-grid
    workers[i]                 the grid workforce (`gridgov.domain.Worker`)
    organisations[i]           党总支, 党支部, 调委会 … (`gridgov.domain.Organisation`)
    party_central_households   党员中心户 and the households each one links
    care_tags                  extra care tags beyond the built-in vocabulary
    norms                      span norms used by the checks
    household_tables           CSV/XLSX 台账 files with more households
    worker_tables              CSV/XLSX 台账 files with more workers

so a bad date is reported as
``villages[0].grids[2].households[14].resident_since``. Codes are full codes
(a micro-grid's 18 digits start with its grid's 15), checked by
`gridgov.domain.check_region_code`. The spec classes hold data only; a pure
`gridgov.roster.build_roster` turns one into a `Roster`, and
`gridgov.io.township.load_township` reads one from a file.
"""

from __future__ import annotations

from datetime import date

import attrs

from gridgov.domain.ids import HouseholdId, OrganisationId, PersonId, RegionCode
from gridgov.domain.people import Person, Placement, Residency, TagAssignment
from gridgov.domain.regions import GridKind
from gridgov.domain.spans import DateSpan
from gridgov.domain.tags import CareTag
from gridgov.domain.workforce import Organisation, Role, Worker
from gridgov.roster.findings import Severity

__all__ = [
    "AreaSpec",
    "GridSizeNorm",
    "GridSpec",
    "HouseholdSpec",
    "MicroGridSpec",
    "Norms",
    "PartyCentralHousehold",
    "SpanNorm",
    "TownshipSpec",
    "VillageSpec",
]


@attrs.frozen(kw_only=True)
class HouseholdSpec:
    """
    A household (户) as written in a township spec, nested in its region.

    Attributes:
        id: Unique household id (户号).
        address: Address or village group and number.
        building: Building (楼栋) id, unique within the township; ``""`` if none.
        residency: 户籍 (``registered``) or 常住非户籍 (``resident``).
        resident_since: First day of residence.
        members: The people, head (户主) first.
        tags: Care tags with attention level and span.
        since: First day in the region it is nested in (None: always).
        until: First day no longer there (None: still there).
        previous: Earlier placements elsewhere, for a household that moved.
    """

    id: HouseholdId
    address: str
    building: str = ""
    residency: Residency = Residency.REGISTERED
    resident_since: date | None = None
    members: tuple[Person, ...] = ()
    tags: tuple[TagAssignment, ...] = ()
    since: date | None = None
    until: date | None = None
    previous: tuple[Placement, ...] = ()


@attrs.frozen(kw_only=True)
class MicroGridSpec:
    """A micro-grid (微网格) and the households in it."""

    code: RegionCode
    name: str
    households: tuple[HouseholdSpec, ...] = ()
    name_en: str = ""


@attrs.frozen(kw_only=True)
class GridSpec:
    """A grid (网格): its kind (城市/农村/专属), micro-grids and households."""

    code: RegionCode
    name: str
    kind: GridKind = GridKind.URBAN
    micro_grids: tuple[MicroGridSpec, ...] = ()
    households: tuple[HouseholdSpec, ...] = ()
    name_en: str = ""


@attrs.frozen(kw_only=True)
class VillageSpec:
    """A village or community (村/社区) and its grids."""

    code: RegionCode
    name: str
    grids: tuple[GridSpec, ...] = ()
    name_en: str = ""


@attrs.frozen(kw_only=True)
class AreaSpec:
    """A region above the town, given by code and name (e.g. 义马市 410381)."""

    code: RegionCode
    name: str
    name_en: str = ""


@attrs.frozen(kw_only=True)
class PartyCentralHousehold:
    """
    A 党员中心户: a Party member's household that links 5–15 neighbouring ones.

    Attributes:
        id: Unique id among workers and central households.
        name: The Party member who runs it.
        household: The host household, if it is in the roster.
        person: The Party member's person id, if known.
        links: The households it links (联户).
        party_group: The 党小组 (an organisation id) it belongs to.
        active: When it is in force.
    """

    id: str
    name: str
    household: HouseholdId | None = None
    person: PersonId | None = None
    links: tuple[HouseholdId, ...] = ()
    party_group: OrganisationId | None = None
    active: DateSpan = DateSpan()


@attrs.frozen(kw_only=True)
class SpanNorm:
    """
    How many households one worker of a role should have (联户规模).

    A worker whose scope holds fewer than ``min`` or more than ``max``
    households on the checked day gets a span finding of ``severity``.
    """

    role: Role
    min: int
    max: int
    severity: Severity = Severity.WARNING


@attrs.frozen(kw_only=True)
class GridSizeNorm:
    """How many households a grid of a kind should hold (网格规模)."""

    kind: GridKind
    min: int
    max: int
    severity: Severity = Severity.WARNING


def _default_spans() -> tuple[SpanNorm, ...]:
    return (
        SpanNorm(role=Role.TEN_HOUSEHOLD_HEAD, min=6, max=15),
        SpanNorm(role=Role.BUILDING_HEAD, min=10, max=30),
    )


def _default_grid_sizes() -> tuple[GridSizeNorm, ...]:
    return (
        GridSizeNorm(kind=GridKind.URBAN, min=300, max=500, severity=Severity.INFO),
        GridSizeNorm(kind=GridKind.RURAL, min=200, max=400, severity=Severity.INFO),
    )


def _default_responsible() -> tuple[Role, ...]:
    return (
        Role.GRID_CHIEF,
        Role.FULL_TIME_GRID_WORKER,
        Role.PART_TIME_GRID_WORKER,
        Role.GRID_LIAISON,
        Role.TEN_HOUSEHOLD_HEAD,
        Role.BUILDING_HEAD,
        Role.PARTY_CENTRAL_HOUSEHOLD,
        Role.VILLAGE_CADRE,
    )


@attrs.frozen(kw_only=True)
class Norms:
    """
    The norms the roster checks measure against; every number is configurable.

    Defaults follow the commonly cited provincial guidance: 党员中心户 link 5–15
    households, 十户长 about ten (6–15), 楼栋长 about twenty (10–30), an urban
    grid 300–500 households and a rural grid about 300 (200–400).

    Attributes:
        central_household_min: Fewest households a 党员中心户 should link.
        central_household_max: Most households a 党员中心户 should link.
        central_household_severity: Severity of a central-household span finding.
        spans: Per-role span norms for workers.
        grid_sizes: Household-count norms per grid kind.
        responsible_roles: Roles whose scope counts for coverage (不漏一户).
    """

    central_household_min: int = 5
    central_household_max: int = 15
    central_household_severity: Severity = Severity.WARNING
    spans: tuple[SpanNorm, ...] = attrs.field(factory=_default_spans)
    grid_sizes: tuple[GridSizeNorm, ...] = attrs.field(factory=_default_grid_sizes)
    responsible_roles: tuple[Role, ...] = attrs.field(factory=_default_responsible)


@attrs.frozen(kw_only=True)
class TownshipSpec:
    """
    A whole township: regions with their households, workforce, overlay, norms.

    See the module docstring for the layout and `docs/roster.md` for a full
    example.
    """

    code: RegionCode
    name: str
    county: AreaSpec | None = None
    villages: tuple[VillageSpec, ...] = ()
    workers: tuple[Worker, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    party_central_households: tuple[PartyCentralHousehold, ...] = ()
    care_tags: tuple[CareTag, ...] = ()
    norms: Norms = attrs.field(factory=Norms)
    household_tables: tuple[str, ...] = ()
    worker_tables: tuple[str, ...] = ()
    """CSV/XLSX worker 台账 files (see `gridgov.io.worker_tables`), added to workers."""
    name_en: str = ""
    title: str = ""
    """Display name of the roster (e.g. the community it is about); default: name."""
