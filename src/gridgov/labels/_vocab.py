"""Every vocabulary gathered by kind name, with `label` to read it."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from gridgov.calendar import LimitUnit, UnpublishedYearPolicy
from gridgov.cases.deadlines import ClockKind, DeadlineStatus
from gridgov.cases.deadlines import Outcome as DeadlineOutcome
from gridgov.cases.escalation import EscalationReason
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
from gridgov.domain.people import Residency
from gridgov.domain.periods import Period
from gridgov.domain.regions import GridKind, Level
from gridgov.domain.tags import STANDARD_CARE_TAGS, AttentionLevel, CareTag
from gridgov.domain.workforce import OrgKind, Role
from gridgov.errors import (
    UnknownEntityError,
)
from gridgov.labels._core import Label, Lang, english, join
from gridgov.points.awards import StarRating, StarStandard, TieRule
from gridgov.points.claim_flow import ClaimState
from gridgov.points.decisions import Outcome as RuleOutcome
from gridgov.points.events import PostingKind
from gridgov.points.spec import Approval, Unit
from gridgov.points.supermarket import (
    OrderStatus,
)
from gridgov.points.vocabulary import FieldType
from gridgov.roster.findings import Severity
from gridgov.visits.policy import Anchor, CatchUp, TriggerKind, VisitKind
from gridgov.visits.status import VisitStatus
from gridgov.volunteers.activities import ActivityKind

__all__ = ["KINDS", "enum_label", "label", "labels", "star_names", "tag_label"]


def enum_label(member: enum.Enum, lang: Lang = "zh") -> str:
    """
    The label of any gridgov enum member that has a ``.zh`` property.

    English is the member's value with ``_`` as spaces. A member without
    ``.zh`` shows its value (the documented fallback).

    >>> enum_label(VisitStatus.MISSED), enum_label(VisitStatus.MISSED, "en")
    ('漏访', 'missed')
    """
    value = str(member.value)
    if lang == "en":
        return english(value)
    zh = getattr(member, "zh", None)
    return zh if isinstance(zh, str) and zh else value


def _from_enum(kind: type[enum.Enum]) -> Mapping[str, Label]:
    return MappingProxyType(
        {str(m.value): Label(enum_label(m), enum_label(m, "en")) for m in kind}
    )


def _from_tags(tags: Mapping[str, CareTag]) -> Mapping[str, Label]:
    return MappingProxyType(
        {code: Label(t.zh, t.en or english(code)) for code, t in tags.items()}
    )


_EVENTS: Mapping[str, Label] = MappingProxyType(
    {
        # Event type names are class names, labelled nowhere else.
        "ActivityRecorded": Label("志愿服务活动", "volunteer activity"),
        "CaseAdvanced": Label("事项办理", "case step"),
        "CaseOpened": Label("事项受理", "case opened"),
        "CaseSupervised": Label("催办督办", "case supervised"),
        "CaseTransferAccepted": Label("接收转办", "transfer accepted"),
        "CaseTransferDeclined": Label("退回转办", "transfer declined"),
        "CaseTransferRequested": Label("转办", "transfer requested"),
        "ClaimFiled": Label("积分申报", "points claim filed"),
        "ClaimStepped": Label("申报审核", "claim step"),
        "ConductRecorded": Label("行为记录", "conduct recorded"),
        "DeadlinesRevised": Label("时限修正", "deadlines revised"),
        "EventSetAside": Label("搁置事件", "event set aside"),
        "HouseholdChangeNoted": Label("重大变化", "household change"),
        "HouseholdMoveRecorded": Label("住户迁移", "household move"),
        "PatrolFindingRecorded": Label("巡查发现问题", "patrol finding"),
        "PatrolRecorded": Label("巡查", "patrol"),
        "PointsPosted": Label("积分记账", "points posted"),
        "PointsReversed": Label("积分冲正", "points reversed"),
        "RedemptionFulfilled": Label("兑换完成", "redemption fulfilled"),
        "RedemptionHeld": Label("兑换冻结", "redemption held"),
        "RedemptionVoided": Label("兑换撤销", "redemption voided"),
        "RequestRecorded": Label("请求登记", "request recorded"),
        "ServiceOrdered": Label("群众点单", "service ordered"),
        "SupermarketOrderCancelled": Label("取消兑换", "order cancelled"),
        "SupermarketOrderHandedOver": Label("兑换交付", "order handed over"),
        "SupermarketOrderPlaced": Label("积分超市下单", "order placed"),
        "SupermarketRestocked": Label("补货", "restocked"),
        "VisitRecorded": Label("走访", "visit"),
    }
)

_ENUM_KINDS: Mapping[str, type[enum.Enum]] = {
    "activity": ActivityKind,
    "anchor": Anchor,
    "approval": Approval,
    "attention": AttentionLevel,
    "card": Card,
    "case_effect": CaseEffect,
    "case_source": CaseSource,
    "catch_up": CatchUp,
    "claim_state": ClaimState,
    "clock": ClockKind,
    "conclusion": Conclusion,
    "deadline_outcome": DeadlineOutcome,
    "deadline_status": DeadlineStatus,
    "escalation_reason": EscalationReason,
    "field_type": FieldType,
    "grid_kind": GridKind,
    "handling_mode": HandlingMode,
    "hold": Hold,
    "level": Level,
    "limit_unit": LimitUnit,
    "order_status": OrderStatus,
    "org_kind": OrgKind,
    "period": Period,
    "posting_kind": PostingKind,
    "residency": Residency,
    "role": Role,
    "rule_outcome": RuleOutcome,
    "rule_unit": Unit,
    "satisfaction": Satisfaction,
    "severity": Severity,
    "supervision": SupervisionKind,
    "tie_rule": TieRule,
    "transfer": TransferKind,
    "trigger": TriggerKind,
    "unpublished_year": UnpublishedYearPolicy,
    "urgency": Urgency,
    "visit_kind": VisitKind,
    "visit_status": VisitStatus,
}

KINDS: Mapping[str, Mapping[str, Label]] = MappingProxyType(
    {
        **{kind: _from_enum(cls) for kind, cls in _ENUM_KINDS.items()},
        "care_tag": _from_tags(STANDARD_CARE_TAGS),
        "event": _EVENTS,
    }
)
"""Every vocabulary by kind name: ``KINDS["role"]["grid_chief"].zh == "网格长"``."""


def label(kind: str, key: str, lang: Lang = "zh") -> str:
    """
    The label of *key* in the vocabulary *kind*, in *lang*.

    An unknown key comes back unchanged (see the module's fallback rule); an
    unknown kind raises `UnknownEntityError`.

    >>> label("visit_status", "missed"), label("severity", "error", "en")
    ('漏访', 'error')
    >>> label("care_tag", "外出务工")
    '外出务工'
    """
    table = KINDS.get(kind)
    if table is None:
        raise UnknownEntityError(
            "label kind", kind, hint="kinds: " + ", ".join(sorted(KINDS))
        )
    entry = table.get(key)
    return key if entry is None else entry(lang)


def labels(kind: str, keys: Iterable[str], lang: Lang = "zh") -> str:
    """
    Several keys of one kind, labelled and joined (`join`).

    >>> labels("care_tag", ["empty_nest_elderly", "advanced_age"])
    '空巢老人、高龄老人'
    """
    return join((label(kind, key, lang) for key in keys), lang)


def tag_label(
    code: str, lang: Lang = "zh", *, vocabulary: Mapping[str, CareTag] | None = None
) -> str:
    """
    A care tag's label from a township's own vocabulary (its spec's extra tags).

    >>> from gridgov.domain.tags import vocabulary
    >>> v = vocabulary([CareTag("migrant_worker", "外出务工", "migrant worker")])
    >>> tag_label("migrant_worker", vocabulary=v)
    '外出务工'
    """
    tags = STANDARD_CARE_TAGS if vocabulary is None else vocabulary
    tag = tags.get(code)
    if tag is None:
        return code
    return tag.zh if lang == "zh" else (tag.en or english(code))


def star_names(
    rating: StarRating, standards: Iterable[StarStandard], lang: Lang = "zh"
) -> tuple[str, str]:
    """
    A star rating in words: ``(stars, withdrawn)``, each joined (`join`).

    Stars show their standard's ``label_zh`` (卫生星); in English, the standard's
    id. A withdrawn star (退星) shows the standard's name.

    >>> hygiene = StarStandard("hygiene", "卫生星")
    >>> law = StarStandard("law", "遵纪守法星")
    >>> star_names(
    ...     StarRating("H1", ("hygiene",), (("law", "gambling"),)), [hygiene, law]
    ... )
    ('卫生星', '遵纪守法星')
    """
    names = {
        s.id: (s.label_zh if lang == "zh" and s.label_zh else s.id) for s in standards
    }
    met = join((names.get(s, s) for s in rating.stars), lang)
    removed = join((names.get(s, s) for s, _rule in rating.removed), lang)
    return met, removed
