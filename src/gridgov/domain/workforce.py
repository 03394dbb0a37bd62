"""
The grid workforce (网格队伍), organisations and the Party overlay.

A `Worker` has a `Role` and a `Scope`: the regions (whole subtrees) and/or the
individual households they are responsible for. A 网格员 covers a grid; a 十户长
links about ten households; a 党员中心户 links 5–15. Organisations (村两委,
调委会, the councils of 一约五会, volunteer teams) act in flows as units.
"""

from __future__ import annotations

import enum

import attrs

from gridgov.domain.ids import (
    HouseholdId,
    OrganisationId,
    PersonId,
    RegionCode,
    WorkerId,
)
from gridgov.domain.privacy import masked_phone_repr
from gridgov.domain.spans import DateSpan

__all__ = [
    "Membership",
    "OrgKind",
    "Organisation",
    "Role",
    "Scope",
    "Worker",
]


class Role(enum.StrEnum):
    """A role in the grid workforce, with its Chinese title."""

    GRID_LIAISON = "grid_liaison"
    GRID_CHIEF = "grid_chief"
    FULL_TIME_GRID_WORKER = "full_time_grid_worker"
    PART_TIME_GRID_WORKER = "part_time_grid_worker"
    TEN_HOUSEHOLD_HEAD = "ten_household_head"
    BUILDING_HEAD = "building_head"
    GRID_VOLUNTEER = "grid_volunteer"
    PARTY_CENTRAL_HOUSEHOLD = "party_central_household"
    GRID_PARTY_SECRETARY = "grid_party_secretary"
    VILLAGE_CADRE = "village_cadre"
    TOWN_CADRE = "town_cadre"
    JUDGE = "judge"
    PROSECUTOR = "prosecutor"
    POLICE_OFFICER = "police_officer"
    LAWYER = "lawyer"
    MEDIATOR = "mediator"
    LEGAL_LIAISON = "legal_liaison"

    @property
    def zh(self) -> str:
        """The Chinese title, e.g. ``专职网格员``."""
        return _ROLE_ZH[self]

    @property
    def is_legal_adviser(self) -> bool:
        """Whether the role is one of 三官一律 (judge, prosecutor, police, lawyer)."""
        return self in _LEGAL_ADVISERS


_ROLE_ZH = {
    Role.GRID_LIAISON: "网格联络员",
    Role.GRID_CHIEF: "网格长",
    Role.FULL_TIME_GRID_WORKER: "专职网格员",
    Role.PART_TIME_GRID_WORKER: "兼职网格员",
    Role.TEN_HOUSEHOLD_HEAD: "十户长",
    Role.BUILDING_HEAD: "楼栋长",
    Role.GRID_VOLUNTEER: "网格志愿者",
    Role.PARTY_CENTRAL_HOUSEHOLD: "党员中心户",
    Role.GRID_PARTY_SECRETARY: "网格党支部书记",
    Role.VILLAGE_CADRE: "村干部",
    Role.TOWN_CADRE: "镇干部",
    Role.JUDGE: "法官",
    Role.PROSECUTOR: "检察官",
    Role.POLICE_OFFICER: "警官",
    Role.LAWYER: "律师",
    Role.MEDIATOR: "调解员",
    Role.LEGAL_LIAISON: "法律明白人",
}
_LEGAL_ADVISERS = frozenset(
    {Role.JUDGE, Role.PROSECUTOR, Role.POLICE_OFFICER, Role.LAWYER}
)


@attrs.frozen
class Scope:
    """
    What a worker is responsible for.

    Attributes:
        regions: Region codes; each covers its whole subtree.
        households: Individual households (a 十户长's ten, a 中心户's links).
        buildings: Buildings (楼栋) for a 楼栋长.
    """

    regions: tuple[RegionCode, ...] = ()
    households: tuple[HouseholdId, ...] = ()
    buildings: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the scope names nothing."""
        return not (self.regions or self.households or self.buildings)


@attrs.frozen
class Worker:
    """
    A member of the grid workforce.

    >>> w = Worker(
    ...     WorkerId("w1"), "茹雪梅", Role.FULL_TIME_GRID_WORKER, phone="13912345678"
    ... )
    >>> w.role.zh, "13912345678" in repr(w)
    ('专职网格员', False)
    """

    id: WorkerId
    name: str
    role: Role
    scope: Scope = Scope()
    phone: str = attrs.field(default="", repr=masked_phone_repr)
    person: PersonId | None = None
    capacity_per_day: int = 8
    """Household visits a worker can make in a working day."""
    active: DateSpan = DateSpan()


class OrgKind(enum.StrEnum):
    """Kinds of organisation that act in governance flows."""

    PARTY_GENERAL_BRANCH = "party_general_branch"
    PARTY_BRANCH = "party_branch"
    PARTY_GROUP = "party_group"
    VILLAGE_COMMITTEES = "village_committees"
    VILLAGE_PARTY_BRANCH_COMMITTEE = "village_party_branch_committee"
    VILLAGERS_ASSEMBLY = "villagers_assembly"
    OWNERS_COMMITTEE = "owners_committee"
    MEDIATION_COMMITTEE = "mediation_committee"
    WEDDINGS_FUNERALS_COUNCIL = "weddings_funerals_council"
    VILLAGERS_COUNCIL = "villagers_council"
    MORAL_REVIEW_COUNCIL = "moral_review_council"
    ANTI_DRUG_GAMBLING_COUNCIL = "anti_drug_gambling_council"
    ELDERS_COUNCIL = "elders_council"
    VOLUNTEER_TEAM = "volunteer_team"
    GOVERNANCE_CENTRE = "governance_centre"
    DEPARTMENT = "department"

    @property
    def zh(self) -> str:
        """The Chinese name of the kind."""
        return _ORG_ZH[self]


_ORG_ZH = {
    OrgKind.PARTY_GENERAL_BRANCH: "党总支",
    OrgKind.PARTY_BRANCH: "党支部",
    OrgKind.PARTY_GROUP: "党小组",
    OrgKind.VILLAGE_COMMITTEES: "村两委",
    OrgKind.VILLAGE_PARTY_BRANCH_COMMITTEE: "村党支部委员会",
    OrgKind.VILLAGERS_ASSEMBLY: "村民(代表)会议",
    OrgKind.OWNERS_COMMITTEE: "业主委员会",
    OrgKind.MEDIATION_COMMITTEE: "调委会",
    OrgKind.WEDDINGS_FUNERALS_COUNCIL: "红白理事会",
    OrgKind.VILLAGERS_COUNCIL: "村民议事会",
    OrgKind.MORAL_REVIEW_COUNCIL: "道德评议会",
    OrgKind.ANTI_DRUG_GAMBLING_COUNCIL: "禁毒禁赌会",
    OrgKind.ELDERS_COUNCIL: "乡贤参事会",
    OrgKind.VOLUNTEER_TEAM: "志愿服务队",
    OrgKind.GOVERNANCE_CENTRE: "综治中心",
    OrgKind.DEPARTMENT: "职能部门",
}


@attrs.frozen
class Membership:
    """A person's or worker's seat in an organisation."""

    member: str
    """A `PersonId` or `WorkerId`."""
    position: str = ""
    """Free text: 书记, 主任, 委员, 队长 …"""
    party_member: bool = False


@attrs.frozen
class Organisation:
    """
    An organisation: a Party body, a committee, a council, a volunteer team.

    >>> Organisation(
    ...     OrganisationId("tjh"),
    ...     "裴村调委会",
    ...     OrgKind.MEDIATION_COMMITTEE,
    ...     region=RegionCode("410381004201"),
    ... ).kind.zh
    '调委会'
    """

    id: OrganisationId
    name: str
    kind: OrgKind
    region: RegionCode | None = None
    parent: OrganisationId | None = None
    members: tuple[Membership, ...] = ()

    @property
    def party_member_count(self) -> int:
        """How many members are Party members (for 四议两公开 quorums)."""
        return sum(1 for m in self.members if m.party_member)
