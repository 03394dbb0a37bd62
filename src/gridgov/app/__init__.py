"""
The Workspace (工作台): one object that holds a township and its journal.

`Workspace` ties the roster, rule book, visit policy, checklists, case
workflows, deadline table, calendar and journal together. Commands — record a
visit or a patrol, open and fire cases, file and recognise points claims,
order in the points supermarket, record volunteer activities, move a household
— are values (`gridgov.app.commands`) that one unit of work
(`gridgov.app.unit_of_work`) decides, appends with optimistic concurrency and
only then applies; reopening replays the journal into the same state. A
Workspace may be shared by threads and a journal by processes. Cross-engine
use cases live here: a finding opens a case, an escalated case adds a visit
trigger, a resolved dispute or a volunteer activity files points claims (on
the one claim flow of `gridgov.points.claim_flow`). `Workspace.view` gives a
worker, grid or village its share only (`ScopedView`). See docs/workspace.md
and docs/embedding.md.
"""

from gridgov.app.config import (
    WorkspaceConfig,
    builtin_workflows,
    default_calendar,
    load_config,
    sample_config,
    sample_directory,
)
from gridgov.app.doctor import Examination, FoldProblem, examine, set_aside
from gridgov.app.events import EventSetAside
from gridgov.app.requests import RequestRecorded
from gridgov.app.scope import SCOPE_GUARDS, ScopedView, ViewScope, scope_of
from gridgov.app.state import State
from gridgov.app.unit_of_work import MAX_ATTEMPTS, FoldError
from gridgov.app.workspace import Workspace
from gridgov.points.claim_events import ClaimFiled, ClaimStepped
from gridgov.points.claim_flow import CLAIM_FLOW, NOTICE_DAYS, ClaimState
from gridgov.points.claim_record import CLAIM_ROLES, Claim, claim_actor
from gridgov.points.shop_events import (
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
)
from gridgov.roster.events import HouseholdMoveRecorded
from gridgov.volunteers.activities import (
    ActivityBook,
    ActivityKind,
    ActivityRecorded,
    MenuItem,
    ServiceOrdered,
)

__all__ = [
    "CLAIM_FLOW",
    "CLAIM_ROLES",
    "MAX_ATTEMPTS",
    "NOTICE_DAYS",
    "SCOPE_GUARDS",
    "ActivityBook",
    "ActivityKind",
    "ActivityRecorded",
    "Claim",
    "ClaimFiled",
    "ClaimState",
    "ClaimStepped",
    "EventSetAside",
    "Examination",
    "FoldError",
    "FoldProblem",
    "HouseholdMoveRecorded",
    "MenuItem",
    "RequestRecorded",
    "ScopedView",
    "ServiceOrdered",
    "State",
    "SupermarketOrderCancelled",
    "SupermarketOrderHandedOver",
    "SupermarketOrderPlaced",
    "SupermarketRestocked",
    "ViewScope",
    "Workspace",
    "WorkspaceConfig",
    "builtin_workflows",
    "claim_actor",
    "default_calendar",
    "examine",
    "load_config",
    "sample_config",
    "sample_directory",
    "scope_of",
    "set_aside",
]
