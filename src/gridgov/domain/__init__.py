"""
The typed model: regions, households, people, the grid workforce, events.

Pure attrs classes with no I/O and no serialisation (that is `gridgov.io`).
"""

from gridgov.domain.events import Event, event_type, registered_event_types
from gridgov.domain.ids import (
    AccountId,
    CaseId,
    ClaimId,
    EventId,
    HouseholdId,
    OrganisationId,
    PersonId,
    RegionCode,
    WorkerId,
    derive_event_id,
)
from gridgov.domain.people import (
    Gender,
    Household,
    Person,
    Placement,
    Residency,
    TagAssignment,
)
from gridgov.domain.privacy import mask_id_number, mask_phone
from gridgov.domain.regions import (
    CODE_LENGTH,
    GridKind,
    Level,
    Region,
    check_region_code,
)
from gridgov.domain.spans import CHINA_TZ, DateSpan
from gridgov.domain.tags import STANDARD_CARE_TAGS, AttentionLevel, CareTag, vocabulary
from gridgov.domain.workforce import (
    Membership,
    Organisation,
    OrgKind,
    Role,
    Scope,
    Worker,
)

__all__ = [
    "CHINA_TZ",
    "CODE_LENGTH",
    "STANDARD_CARE_TAGS",
    "AccountId",
    "AttentionLevel",
    "CareTag",
    "CaseId",
    "ClaimId",
    "DateSpan",
    "Event",
    "EventId",
    "Gender",
    "GridKind",
    "Household",
    "HouseholdId",
    "Level",
    "Membership",
    "OrgKind",
    "Organisation",
    "OrganisationId",
    "Person",
    "PersonId",
    "Placement",
    "Region",
    "RegionCode",
    "Residency",
    "Role",
    "Scope",
    "TagAssignment",
    "Worker",
    "WorkerId",
    "check_region_code",
    "derive_event_id",
    "event_type",
    "mask_id_number",
    "mask_phone",
    "registered_event_types",
    "vocabulary",
]
