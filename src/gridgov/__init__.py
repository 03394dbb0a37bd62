"""
gridgov: grassroots grid governance (网格化服务管理, 基层治理) as a library.

The top-level package re-exports the typed model and the error tree; engines
live in their own packages (`gridgov.flow`, `gridgov.cases`, `gridgov.points`,
`gridgov.visits`) and the shell in `gridgov.io`, `gridgov.journal`, `gridgov.app`.
Importing gridgov does no work: no I/O, no configuration, no global state.
"""

from gridgov._version import __version__
from gridgov.domain import (
    CHINA_TZ,
    AttentionLevel,
    CareTag,
    DateSpan,
    Event,
    Household,
    Level,
    Organisation,
    OrgKind,
    Person,
    Region,
    Residency,
    Role,
    Scope,
    TagAssignment,
    Worker,
)
from gridgov.errors import GridgovError, SpecError, SpecProblem

__all__ = [
    "CHINA_TZ",
    "AttentionLevel",
    "CareTag",
    "DateSpan",
    "Event",
    "GridgovError",
    "Household",
    "Level",
    "OrgKind",
    "Organisation",
    "Person",
    "Region",
    "Residency",
    "Role",
    "Scope",
    "SpecError",
    "SpecProblem",
    "TagAssignment",
    "Worker",
    "__version__",
]
