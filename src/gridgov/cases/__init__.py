"""
Closed-loop cases (闭环): a `Case` on a workflow, with deadlines, escalation, metrics.

* `CaseRules` = a compiled `CaseWorkflow` (a flow plus what each command means
  for a case, see `CaseEffect`) + a working-day calendar + time limits.
* Commands (`open_case`, `fire_case`, `request_transfer`, `accept_transfer`,
  `decline_transfer`, `supervise`) are pure and return ``(case, event)``;
  `replay_case` folds the events back into the same case.
* 首问负责: the first unit that accepts stays accountable until another unit
  accepts a transfer; "not ours" is a transfer of kind ``return`` that names
  the right unit, never a silent close.
* `due_escalations` and `due_supervisions` say which cases should go up the
  ladder (grid → village → town → county) or get 催办/督办 (黄牌, 红牌) at an
  ``as_of``; `case_metrics` computes 办结率, 按期办结率, 化解率, 满意率, 返工率,
  回退率 and the share resolved at each level.
* Deadlines are facts: the event that starts or moves a clock records the
  deadlines computed when it was decided (`RecordedDeadline`), and replaying
  it under a newer calendar gives them back unchanged.
* A deadline computed for a year without a holiday notice is provisional
  (`Case.provisional_deadlines`, 暂定); `revise_deadlines` recomputes it with a
  newer calendar and returns a `DeadlinesRevised` event that replays exactly.

Built-in workflows (数字城管, 五事工作法, 四议两公开, 矛盾纠纷调解) ship as TOML
files; load them with ``gridgov.io.builtin_workflow``. See docs/cases.md.
"""

from gridgov.cases.case import Case, CaseRules, Supervision, Transfer, deadline_status
from gridgov.cases.commands import fire_case, open_case
from gridgov.cases.escalation import (
    DEFAULT_LADDER,
    AuthorityRule,
    EscalationDue,
    EscalationPolicy,
    EscalationReason,
    SkipRule,
    due_escalations,
)
from gridgov.cases.events import (
    CaseAdvanced,
    CaseEvent,
    CaseOpened,
    CaseSupervised,
    CaseTransferAccepted,
    CaseTransferDeclined,
    CaseTransferRequested,
    ClockEvent,
    DeadlinesRevised,
    RecordedDeadline,
    RevisedDeadline,
    case_stream,
)
from gridgov.cases.folding import apply_event, decide, replay_case
from gridgov.cases.listing import CaseTable
from gridgov.cases.metrics import (
    GROUPINGS,
    CaseMetrics,
    MetricOptions,
    MetricsTable,
    Rate,
    case_metrics,
    metrics_by,
)
from gridgov.cases.revision import revise_deadlines
from gridgov.cases.supervision import (
    SupervisionDue,
    SupervisionPolicy,
    due_supervisions,
)
from gridgov.cases.transfers import (
    accept_transfer,
    decline_transfer,
    request_transfer,
    supervise,
)
from gridgov.cases.vocabulary import (
    Card,
    CaseEffect,
    CaseSource,
    Conclusion,
    HandlingMode,
    Hold,
    Satisfaction,
    SupervisionKind,
    TransferKind,
    Urgency,
)
from gridgov.cases.workflow import (
    CaseSection,
    CaseWorkflow,
    CaseWorkflowSpec,
    compile_case_workflow,
)

__all__ = [
    "DEFAULT_LADDER",
    "GROUPINGS",
    "AuthorityRule",
    "Card",
    "Case",
    "CaseAdvanced",
    "CaseEffect",
    "CaseEvent",
    "CaseMetrics",
    "CaseOpened",
    "CaseRules",
    "CaseSection",
    "CaseSource",
    "CaseSupervised",
    "CaseTable",
    "CaseTransferAccepted",
    "CaseTransferDeclined",
    "CaseTransferRequested",
    "CaseWorkflow",
    "CaseWorkflowSpec",
    "ClockEvent",
    "Conclusion",
    "DeadlinesRevised",
    "EscalationDue",
    "EscalationPolicy",
    "EscalationReason",
    "HandlingMode",
    "Hold",
    "MetricOptions",
    "MetricsTable",
    "Rate",
    "RecordedDeadline",
    "RevisedDeadline",
    "Satisfaction",
    "SkipRule",
    "Supervision",
    "SupervisionDue",
    "SupervisionKind",
    "SupervisionPolicy",
    "Transfer",
    "TransferKind",
    "Urgency",
    "accept_transfer",
    "apply_event",
    "case_metrics",
    "case_stream",
    "compile_case_workflow",
    "deadline_status",
    "decide",
    "decline_transfer",
    "due_escalations",
    "due_supervisions",
    "fire_case",
    "metrics_by",
    "open_case",
    "replay_case",
    "request_transfer",
    "revise_deadlines",
    "supervise",
]
