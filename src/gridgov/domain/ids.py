"""
Identifiers.

Ids are plain strings with a `NewType` for the type checker: they serialise as
themselves, sort, and read well in logs. Region ids are their codes
(GB/T 2260 county code + local segments, see `gridgov.domain.regions`).
"""

from __future__ import annotations

import uuid
from typing import NewType

__all__ = [
    "AccountId",
    "CaseId",
    "ClaimId",
    "EventId",
    "HouseholdId",
    "OrganisationId",
    "PersonId",
    "RegionCode",
    "WorkerId",
    "derive_event_id",
]

RegionCode = NewType("RegionCode", str)
"""A region's code, e.g. ``"410381001201"`` (county + town + village)."""
HouseholdId = NewType("HouseholdId", str)
"""A household (户) id, unique within a township spec."""
PersonId = NewType("PersonId", str)
"""A person id, unique within a township spec."""
WorkerId = NewType("WorkerId", str)
"""A grid-workforce member's id."""
OrganisationId = NewType("OrganisationId", str)
"""An organisation's id (村两委, 调委会, a volunteer team …)."""
CaseId = NewType("CaseId", str)
"""A case (案件/事项) id."""
ClaimId = NewType("ClaimId", str)
"""A points claim (积分申报) id."""
AccountId = NewType("AccountId", str)
"""A ledger account id."""
EventId = NewType("EventId", str)
"""An event id; see `derive_event_id`."""

_EVENT_NAMESPACE = uuid.UUID("6d1f0b1e-6c35-4a4e-9a55-2f1f6a7f9e01")


def derive_event_id(stream: str, key: str) -> EventId:
    """
    Derive a deterministic event id from its stream and idempotency key.

    The pure core never draws random numbers: retrying the same command yields
    the same event id, which is what makes retries idempotent end to end.

    >>> derive_event_id("case-1", "open") == derive_event_id("case-1", "open")
    True
    >>> derive_event_id("case-1", "open") == derive_event_id("case-2", "open")
    False
    """
    return EventId(str(uuid.uuid5(_EVENT_NAMESPACE, f"{stream}\x1f{key}")))
