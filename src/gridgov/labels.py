"""
Labels (显示用语): the one place output turns a code into words, in Chinese or English.

Every vocabulary gridgov stores as an English identifier already carries its
Chinese label where it is defined: an enum's ``.zh`` (`Role.zh`,
`VisitStatus.zh` …), a care tag's ``zh``/``en``, a star standard's or a visit
rule's ``label_zh``. This module does not copy those tables; it *gathers* them
under short kind names, so that output code asks one question:

>>> label("care_tag", "elderly_living_alone")
'独居老人'
>>> label("care_tag", "elderly_living_alone", "en")
'elderly living alone'
>>> label("role", "full_time_grid_worker"), label("role", "full_time_grid_worker", "en")
('专职网格员', 'full-time grid worker')
>>> label("event", "PatrolRecorded"), label("event", "PatrolRecorded", "en")
('巡查', 'patrol')

The only table kept here is the one that exists nowhere else: the event type
names (``PatrolRecorded`` → 巡查), which are class names, not vocabulary.

Fallback (documented, and the same for every kind): an unknown *key* is
returned unchanged, so a township's own codes that are already words (a rule
named ``卫生星``, a tag added in its spec) show as written; an unknown *kind*
raises `gridgov.errors.UnknownEntityError` naming the kinds there are, because
that is a programming error. English labels are the vocabulary's own English
where it has one (care tags), else the identifier with ``_`` as spaces
(``full_time_grid_worker`` → ``full-time grid worker`` for roles,
``grid_chief`` → ``grid chief``).

Refusals shown to people go through `describe`: it renders the structured
fields of the points, supermarket and claim errors in the chosen language,
while the exception's own message stays English for developers and logs:

>>> from gridgov.points.lots import InsufficientPointsError
>>> err = InsufficientPointsError("YF01", "redeemable points", 50, 29)
>>> describe(err)
'YF01 可兑换积分不足：需要 50 分，现有 29 分'
>>> describe(err, "en")
'YF01: not enough redeemable points: needs 50, has 29'

This module sits in its own import layer, below `gridgov.io` and above the
engines (points, visits, cases, volunteers), so it can read every engine's
vocabulary and be used by reports, the application, the demo and the CLI.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple, get_args

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
from gridgov.domain.people import Gender, Residency
from gridgov.domain.periods import Period
from gridgov.domain.regions import GridKind, Level
from gridgov.domain.tags import STANDARD_CARE_TAGS, AttentionLevel, CareTag
from gridgov.domain.workforce import OrgKind, Role
from gridgov.errors import (
    GridgovError,
    IdempotencyConflictError,
    InvalidValueError,
    LedgerError,
    ScopeError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.points.awards import StarRating, StarStandard, TieRule
from gridgov.points.claim_flow import ClaimState
from gridgov.points.decisions import Outcome as RuleOutcome
from gridgov.points.events import PostingKind
from gridgov.points.lots import InsufficientPointsError
from gridgov.points.recognition import ApprovalRefusedError
from gridgov.points.spec import Approval, Unit
from gridgov.points.supermarket import (
    NotReturnableError,
    OrderStateError,
    OrderStatus,
    OutOfStockError,
)
from gridgov.points.vocabulary import FieldType
from gridgov.roster.findings import Severity
from gridgov.visits.policy import Anchor, CatchUp, TriggerKind, VisitKind
from gridgov.visits.status import VisitStatus
from gridgov.volunteers.activities import ActivityKind

__all__ = [
    "KINDS",
    "LANGS",
    "Label",
    "Lang",
    "check_lang",
    "describe",
    "enum_label",
    "join",
    "label",
    "labels",
    "pick",
    "star_names",
    "tag_label",
]

Lang = Literal["zh", "en"]
"""An output language: ``"zh"`` (the default everywhere) or ``"en"``."""

LANGS: tuple[Lang, ...] = get_args(Lang)
"""The output languages, default first: ``("zh", "en")``."""


class Label(NamedTuple):
    """One entry's words: the Chinese label and the English one."""

    zh: str
    en: str

    def __call__(self, lang: Lang = "zh") -> str:
        """The label in *lang*."""
        return self.zh if lang == "zh" else self.en


def check_lang(value: str) -> Lang:
    """
    Return *value* as a `Lang`, or raise `InvalidValueError` naming the choices.

    >>> check_lang("en")
    'en'
    """
    if value not in LANGS:
        raise InvalidValueError("lang", "one of " + ", ".join(LANGS), value)
    return value


def pick(lang: Lang, zh: str, en: str) -> str:
    """
    Choose between a Chinese and an English text (for sentences, not labels).

    >>> pick("en", "走访计划", "visit plan")
    'visit plan'
    """
    return zh if lang == "zh" else en


def _english(identifier: str) -> str:
    """``full_time_grid_worker`` → ``full-time grid worker`` (the English fallback)."""
    return (
        identifier.replace("full_time", "full-time")
        .replace("part_time", "part-time")
        .replace("_", " ")
    )


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
        return _english(value)
    zh = getattr(member, "zh", None)
    return zh if isinstance(zh, str) and zh else value


def _from_enum(kind: type[enum.Enum]) -> Mapping[str, Label]:
    return MappingProxyType(
        {str(m.value): Label(enum_label(m), enum_label(m, "en")) for m in kind}
    )


def _from_tags(tags: Mapping[str, CareTag]) -> Mapping[str, Label]:
    return MappingProxyType(
        {code: Label(t.zh, t.en or _english(code)) for code, t in tags.items()}
    )


_EVENTS: Mapping[str, Label] = MappingProxyType(
    {
        # Event type names are class names, labelled nowhere else.
        "ActivityRecorded": Label("志愿服务活动", "volunteer activity"),
        "CaseAdvanced": Label("案件办理", "case step"),
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
    "gender": Gender,
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


def join(words: Iterable[str], lang: Lang = "zh") -> str:
    """
    Join words as a list reads in *lang*: ``、`` in Chinese, ``, `` in English.

    >>> join(["卫生星", "守法星"]), join(["hygiene", "law"], "en")
    ('卫生星、守法星', 'hygiene, law')
    """
    return ("、" if lang == "zh" else ", ").join(words)


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
    return tag.zh if lang == "zh" else (tag.en or _english(code))


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


_POINTS_KIND: Mapping[str, Label] = MappingProxyType(
    {
        "redeemable points": Label("可兑换积分", "redeemable points"),
        "points to deduct": Label("可扣积分", "points to deduct"),
        "expired points": Label("到期积分", "expired points"),
        "points to reverse": Label("可冲正积分", "points to reverse"),
    }
)

_ORDER_ACTION: Mapping[str, str] = MappingProxyType(
    {"hand over": "交付", "cancel": "取消", "return": "退货"}
)


def _insufficient(err: InsufficientPointsError) -> str:
    what = _POINTS_KIND.get(err.what, Label("积分", err.what)).zh
    return f"{err.account} {what}不足：需要 {err.needed} 分，现有 {err.available} 分"


def _out_of_stock(err: OutOfStockError) -> str:
    return f"{err.name_zh}库存不足：库存 {err.in_stock} 件，订购 {err.ordered} 件"


def _not_returnable(err: NotReturnableError) -> str:
    return f"兑换单 {err.order_id} 的{err.name_zh}不可退货"


def _order_state(err: OrderStateError) -> str:
    action = _ORDER_ACTION.get(err.action, "办理")
    return f"兑换单 {err.order_id} {err.status.zh}，不能{action}"


def _approval(err: ApprovalRefusedError) -> str:
    rules = join(f"{name}需{need.zh}" for _rule, name, need in err.needed)
    return f"申报 {err.claim_id} 不能由 {err.approver} 认定：{rules}"


def _transition(err: TransitionRefusedError) -> str:
    return f"当前状态不允许此操作（{err.command}，状态 {err.state}）"


def _unknown(err: UnknownEntityError) -> str:
    return f"找不到编号 {err.key}"


def _idempotency(_err: IdempotencyConflictError) -> str:
    return "同一请求编号已用于另一项内容，未重复办理"


_REFUSALS: tuple[tuple[type[GridgovError], Callable[..., str]], ...] = (
    (InsufficientPointsError, _insufficient),
    (OutOfStockError, _out_of_stock),
    (NotReturnableError, _not_returnable),
    (OrderStateError, _order_state),
    (ApprovalRefusedError, _approval),
    (TransitionRefusedError, _transition),
    (UnknownEntityError, _unknown),
    (IdempotencyConflictError, _idempotency),
    (ScopeError, lambda _err: "超出权限范围"),
    (LedgerError, lambda _err: "积分账目不允许此操作"),
)


def describe(err: BaseException, lang: Lang = "zh") -> str:
    """
    A refusal as people read it: *err*'s structured fields in *lang*.

    English is the exception's own message. In Chinese, the points,
    supermarket, claim, transition, lookup and scope errors are rendered
    from their fields; any other error gets a generic 未能完成 line (its English
    message stays in the exception for developers and logs).

    >>> from gridgov.errors import ScopeError
    >>> describe(ScopeError("household H9 is outside grid G1"))
    '超出权限范围'
    """
    if lang == "en":
        return str(err)
    for cls, render in _REFUSALS:
        if isinstance(err, cls):
            return render(err)
    return "未能完成此操作"
