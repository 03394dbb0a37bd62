"""
The points / village-rules engine (积分制, 村规民约).

Conduct becomes points under rules that are data (`RuleBookSpec`, compiled once
by `compile_rulebook` into a fast, explaining `RuleBook`), through a claim flow,
into a double-entry `Ledger` that cannot lose or invent a point, and out as
rankings, red and black lists, star ratings and points-supermarket orders.
A claim is one event-sourced record, `Claim`, folded from its `ClaimFiled` and
`ClaimStepped` events by `ClaimDesk` and the Workspace alike. Recognition (认定)
is one pure function, `recognise`, that decides a claim and builds its ledger
events without changing the ledger.
See docs/points.md, docs/claims.md, docs/ledger.md and docs/awards.md.
"""

from gridgov.domain.periods import Period, period_span
from gridgov.points.awards import (
    BlackList,
    BlackListEntry,
    Honour,
    Placing,
    Ranking,
    StarRating,
    StarStandard,
    TieRule,
    black_list,
    honours,
    progress_ranking,
    ranking,
    red_list,
    scoped_ranking,
    star_ratings,
)
from gridgov.points.book import (
    CapUsage,
    CompiledRule,
    Eligibility,
    RuleBook,
    compile_rulebook,
)
from gridgov.points.claim_events import ClaimFiled, ClaimStepped, claim_stream
from gridgov.points.claim_flow import ClaimState
from gridgov.points.claim_record import (
    CLAIM_ROLES,
    Claim,
    ClaimActor,
    claim_actor,
    claim_roles,
)
from gridgov.points.claims import CLAIM_FLOW, ClaimDesk, claim_flow
from gridgov.points.compiler import MISSING, Clause
from gridgov.points.decisions import Decision, Outcome, RuleOutcome
from gridgov.points.editor import export_vocabulary
from gridgov.points.events import (
    EXPIRY,
    HOLDS,
    ISSUANCE,
    SUPERMARKET,
    ConductRecorded,
    LedgerEntry,
    PointsPosted,
    PointsReversed,
    PostingKind,
    RedemptionFulfilled,
    RedemptionHeld,
    RedemptionVoided,
)
from gridgov.points.ledger import Ledger
from gridgov.points.ledger_state import StatementLine
from gridgov.points.lots import LotView
from gridgov.points.recognition import (
    APPROVAL_ROLES,
    ApprovalRefusedError,
    Posting,
    Recognition,
    approval_level,
    may_approve,
    recognise,
)
from gridgov.points.shop_events import (
    SupermarketOrderCancelled,
    SupermarketOrderHandedOver,
    SupermarketOrderPlaced,
    SupermarketRestocked,
    order_stream,
    shelf_stream,
)
from gridgov.points.spec import (
    Approval,
    CapSpec,
    CategorySpec,
    ConditionSpec,
    EligibilitySpec,
    FieldSpec,
    PolicySpec,
    RuleBookSpec,
    RuleSpec,
    Unit,
)
from gridgov.points.supermarket import Item, Order, OrderStatus, Supermarket
from gridgov.points.vocabulary import FUNCTIONS, OPERATORS, FieldType

__all__ = [
    "APPROVAL_ROLES",
    "CLAIM_FLOW",
    "CLAIM_ROLES",
    "EXPIRY",
    "FUNCTIONS",
    "HOLDS",
    "ISSUANCE",
    "MISSING",
    "OPERATORS",
    "SUPERMARKET",
    "Approval",
    "ApprovalRefusedError",
    "BlackList",
    "BlackListEntry",
    "CapSpec",
    "CapUsage",
    "CategorySpec",
    "Claim",
    "ClaimActor",
    "ClaimDesk",
    "ClaimFiled",
    "ClaimState",
    "ClaimStepped",
    "Clause",
    "CompiledRule",
    "ConditionSpec",
    "ConductRecorded",
    "Decision",
    "Eligibility",
    "EligibilitySpec",
    "FieldSpec",
    "FieldType",
    "Honour",
    "Item",
    "Ledger",
    "LedgerEntry",
    "LotView",
    "Order",
    "OrderStatus",
    "Outcome",
    "Period",
    "Placing",
    "PointsPosted",
    "PointsReversed",
    "PolicySpec",
    "Posting",
    "PostingKind",
    "Ranking",
    "Recognition",
    "RedemptionFulfilled",
    "RedemptionHeld",
    "RedemptionVoided",
    "RuleBook",
    "RuleBookSpec",
    "RuleOutcome",
    "RuleSpec",
    "StarRating",
    "StarStandard",
    "StatementLine",
    "Supermarket",
    "SupermarketOrderCancelled",
    "SupermarketOrderHandedOver",
    "SupermarketOrderPlaced",
    "SupermarketRestocked",
    "TieRule",
    "Unit",
    "approval_level",
    "black_list",
    "claim_actor",
    "claim_flow",
    "claim_roles",
    "claim_stream",
    "compile_rulebook",
    "export_vocabulary",
    "honours",
    "may_approve",
    "order_stream",
    "period_span",
    "progress_ranking",
    "ranking",
    "recognise",
    "red_list",
    "scoped_ranking",
    "shelf_stream",
    "star_ratings",
]
