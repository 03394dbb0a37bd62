"""
The rule book (村规民约积分细则) as data: plain attrs spec classes.

A township writes these in TOML or JSON; `gridgov.io.rulebook.load_rulebook`
structures them (every problem located by its path) and
`gridgov.points.book.compile_rulebook` checks the cross-references and compiles
them once. A minimal rule book in Python:

>>> spec = RuleBookSpec(
...     id="demo",
...     name_zh="示范村积分细则",
...     version="2026.1",
...     fields=(FieldSpec("hours", FieldType.NUMBER, label_zh="服务时长"),),
...     rules=(
...         RuleSpec(id="volunteer", name_zh="志愿服务", points=5, when="hours >= 2"),
...     ),
... )
>>> spec.rules[0].unit.zh
'次'
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from gridgov.domain.periods import Period
from gridgov.points.vocabulary import FieldType

__all__ = [
    "NOTICE_DAYS",
    "Approval",
    "CapSpec",
    "CategorySpec",
    "ConditionSpec",
    "EligibilitySpec",
    "FieldSpec",
    "FieldType",
    "PolicySpec",
    "RuleBookSpec",
    "RuleSpec",
    "Unit",
]


NOTICE_DAYS = 3
"""The default notice window (公示期): 3 working days."""


class Unit(enum.StrEnum):
    """What one award of a rule's points is for (计分单位)."""

    OCCURRENCE = "occurrence"
    HOUR = "hour"
    ITEM = "item"

    @property
    def zh(self) -> str:
        """The Chinese label (次, 小时, 件)."""
        return {"occurrence": "次", "hour": "小时", "item": "件"}[self.value]


class Approval(enum.StrEnum):
    """Who must approve before a matched rule posts points (审批)."""

    NONE = "none"
    WORKER = "worker"
    COMMITTEE = "committee"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {
            "none": "无需审批",
            "worker": "网格员核实",
            "committee": "评议小组认定",
        }[self.value]


@attrs.frozen
class FieldSpec:
    """
    A field a claim may carry (申报事项), for conditions and editors.

    Attributes:
        name: Identifier used in conditions (``hours``).
        type: Its type.
        label_zh: Chinese label (服务时长).
        label_en: English label.
        choices: For text fields, the allowed values (an editor shows a list).
        required: Whether every claim must carry it.
    """

    name: str
    type: FieldType
    label_zh: str = ""
    label_en: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False


@attrs.frozen
class ConditionSpec:
    """
    One structured condition, for editors that prefer forms to text.

    ``op`` is one of ``== != < <= > >= in not_in``; ``value`` is a literal
    (a list for ``in``/``not_in``). All of a rule's conditions must hold, and
    so must its ``when`` text if it has one.
    """

    field: str
    op: str
    value: Any = None


@attrs.frozen
class CapSpec:
    """
    A cap per account per period (封顶): at most so many points or times.

    Attributes:
        period: The calendar period the cap resets on.
        max_points: Most points the rule may award one account per period.
        max_times: Most awards per account per period.
    """

    period: Period
    max_points: int | None = None
    max_times: int | None = None


@attrs.frozen
class RuleSpec:
    """
    One rule (积分事项).

    Attributes:
        id: Unique id, stable across versions.
        name_zh: Chinese name (义务劳动).
        points: Points per unit; negative for conduct that costs points (扣分项).
        category: Category id (环境卫生, 志愿服务 …), declared in ``categories``.
        name_en: English name.
        unit: Per occurrence, per hour or per item.
        quantity_field: For hour/item rules, the numeric field holding the
            quantity (whole units count: 2.5 hours earn 2 hours' points).
        when: Condition text in the condition language; empty means always.
        conditions: Structured conditions, all of which must hold.
        cap: Per-account cap per period.
        evidence: Evidence kinds the claim must carry (``photo``, ``sign_in``).
        approval: Who must approve before points post.
        group: Rules sharing a group are tiers: only the first matching rule in
            book order counts (e.g. 2 h / 4 h / 8 h of volunteering).
        valid_from: First day the rule is in force (inclusive).
        valid_until: Day the rule stops being in force (exclusive).
        note_zh: Free text shown on the notice board.
    """

    id: str
    name_zh: str
    points: int
    category: str = ""
    name_en: str = ""
    unit: Unit = Unit.OCCURRENCE
    quantity_field: str = ""
    when: str = ""
    conditions: tuple[ConditionSpec, ...] = ()
    cap: CapSpec | None = None
    evidence: tuple[str, ...] = ()
    approval: Approval = Approval.NONE
    group: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    note_zh: str = ""


@attrs.frozen
class CategorySpec:
    """A rule category (积分类别) with its labels."""

    id: str
    label_zh: str
    label_en: str = ""


@attrs.frozen
class EligibilitySpec:
    """
    Which households take part (积分管理对象).

    Attributes:
        registered: Registered (户籍) households take part.
        min_months_resident: Outside households take part once resident this
            many whole months (银田寺: 3); None keeps them out.
    """

    registered: bool = True
    min_months_resident: int | None = None


@attrs.frozen
class PolicySpec:
    """
    Scheme-wide policies (积分政策).

    Attributes:
        no_deduction: 积分不扣分: a negative rule records the conduct (it counts
            for black lists) but takes no points.
        base_score: Points every account starts with (基础分); never redeemable,
            never expiring.
        reset: Points earned in a period expire when it ends (年底清零 = year).
        expiry_months: Points expire this many months after the month earned.
        yuan_per_point: Redemption value of one point (1 分 = 1 元).
        notice_days: Working days a claim stays on the notice board (公示期)
            before it can be recognised (认定); objections (异议) are taken
            until then.
    """

    no_deduction: bool = False
    base_score: int = 0
    reset: Period | None = None
    expiry_months: int | None = None
    yuan_per_point: Decimal = Decimal(1)
    notice_days: int = NOTICE_DAYS


@attrs.frozen
class RuleBookSpec:
    """
    A rule book: the village's rules as data, with a version.

    Attributes:
        id: Scheme id (``yintian``).
        name_zh: Chinese title.
        version: Version text; every posting records it.
        fields: Claim fields the conditions may read.
        rules: The rules, in priority order.
        categories: Declared categories.
        eligibility: Which households take part.
        policy: Scheme-wide policies.
        name_en: English title.
    """

    id: str
    name_zh: str
    version: str
    fields: tuple[FieldSpec, ...] = ()
    rules: tuple[RuleSpec, ...] = ()
    categories: tuple[CategorySpec, ...] = ()
    eligibility: EligibilitySpec = EligibilitySpec()
    policy: PolicySpec = PolicySpec()
    name_en: str = ""
