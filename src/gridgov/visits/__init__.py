"""
Visits (走访, 一访): every household seen as often as its circumstances demand.

* `VisitPolicy` — frequency rules per care tag and attention level, an
  ordinary-household floor and triggers, as data (`gridgov.io.visits` loads
  them from TOML/JSON); `compile_policy` checks and compiles one.
* `derive_obligations` — 应访: per household per window, effective-dated.
* `status` — upcoming, due, overdue, satisfied, missed, exempt; never stored.
* `coverage` — 应访, 已访, 走访率 and the missed list per grid, village or
  worker; `party_contact_coverage` for 一党员.
* `plan_visits` — a worker's list for a day, week or month within capacity.
* `record_patrol` — 巡查 against checklists; findings become cases in the app.

See docs/visits.md and docs/planning.md.
"""

from gridgov.visits.compiled import CompiledPolicy, compile_policy, strictness
from gridgov.visits.contacts import ContactReport, ContactRow, party_contact_coverage
from gridgov.visits.coverage import (
    VISITING_ROLES,
    CoverageReport,
    CoverageRow,
    MissedVisit,
    by_level,
    by_worker,
    coverage,
    coverage_series,
    percent,
)
from gridgov.visits.directory import Directory, RosterTimeline
from gridgov.visits.events import HouseholdChangeNoted, VisitRecorded, visit_stream
from gridgov.visits.index import ALL_KINDS, HouseholdVisits, VisitIndex
from gridgov.visits.obligations import Exemption, Obligation, derive_obligations
from gridgov.visits.patrols import (
    STANDARD_CHECKLISTS,
    Checklist,
    ChecklistBook,
    ChecklistItem,
    PatrolFinding,
    PatrolFindingRecorded,
    PatrolRecorded,
    check_checklists,
    record_patrol,
)
from gridgov.visits.periods import (
    Window,
    monthly_on,
    period_containing,
    period_step,
    windows,
)
from gridgov.visits.planner import Plan, PlanItem, plan_visits
from gridgov.visits.policy import (
    Anchor,
    CatchUp,
    FrequencyRule,
    TriggerKind,
    TriggerRule,
    VisitKind,
    VisitPolicy,
    check_policy,
    kinds_mask,
)
from gridgov.visits.status import VisitStatus, status

__all__ = [
    "ALL_KINDS",
    "STANDARD_CHECKLISTS",
    "VISITING_ROLES",
    "Anchor",
    "CatchUp",
    "Checklist",
    "ChecklistBook",
    "ChecklistItem",
    "CompiledPolicy",
    "ContactReport",
    "ContactRow",
    "CoverageReport",
    "CoverageRow",
    "Directory",
    "Exemption",
    "FrequencyRule",
    "HouseholdChangeNoted",
    "HouseholdVisits",
    "MissedVisit",
    "Obligation",
    "PatrolFinding",
    "PatrolFindingRecorded",
    "PatrolRecorded",
    "Plan",
    "PlanItem",
    "RosterTimeline",
    "TriggerKind",
    "TriggerRule",
    "VisitIndex",
    "VisitKind",
    "VisitPolicy",
    "VisitRecorded",
    "VisitStatus",
    "Window",
    "by_level",
    "by_worker",
    "check_checklists",
    "check_policy",
    "compile_policy",
    "coverage",
    "coverage_series",
    "derive_obligations",
    "kinds_mask",
    "monthly_on",
    "party_contact_coverage",
    "percent",
    "period_containing",
    "period_step",
    "plan_visits",
    "record_patrol",
    "status",
    "strictness",
    "visit_stream",
    "windows",
]
