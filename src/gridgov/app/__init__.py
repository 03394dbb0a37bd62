"""
The Workspace (工作台): one object that holds a township and its journal.

`Workspace` ties the roster, rule book, visit policy, checklists, case
workflows, deadline table, calendar and journal together. Commands — record a
visit or a patrol, open and fire cases, file and recognise points claims,
order in the points supermarket, record volunteer activities, move a household
— append events to the journal and update the projections; reopening replays
the journal into the same state. Cross-engine use cases live here: a finding
opens a case, an escalated case adds a visit trigger, a resolved dispute or a
volunteer activity files points claims (on the one claim flow of
`gridgov.points.claim_flow`). `Workspace.view` gives a worker, grid
or village its share only (`ScopedView`). See docs/workspace.md and
docs/embedding.md.
"""

from gridgov.app.activities import (
    ActivityBook,
    ActivityKind,
    ActivityRecorded,
    MenuItem,
    ServiceOrdered,
)
from gridgov.app.claims import CLAIM_ROLES, Claim, claim_actor
from gridgov.app.config import (
    WorkspaceConfig,
    builtin_workflows,
    load_config,
    sample_config,
    sample_directory,
)
from gridgov.app.events import (
    ClaimFiled,
    ClaimStepped,
    HouseholdMoveRecorded,
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
)
from gridgov.app.scope import ScopedView, ViewScope, scope_of
from gridgov.app.state import State
from gridgov.app.workspace import Workspace
from gridgov.points.claim_flow import CLAIM_FLOW, NOTICE_DAYS, ClaimState

__all__ = [
    "CLAIM_FLOW",
    "CLAIM_ROLES",
    "NOTICE_DAYS",
    "ActivityBook",
    "ActivityKind",
    "ActivityRecorded",
    "Claim",
    "ClaimFiled",
    "ClaimState",
    "ClaimStepped",
    "HouseholdMoveRecorded",
    "MenuItem",
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
    "load_config",
    "sample_config",
    "sample_directory",
    "scope_of",
]
