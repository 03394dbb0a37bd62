"""
The words of case handling, each with its Chinese label (``.zh``).

Every value is an English identifier (what files and events store); ``.zh`` is
what people read:

>>> CaseSource.HOTLINE.zh, HandlingMode.DOORSTEP.zh, Card.RED.zh
('12345热线', '上门办', '红牌')
"""

from __future__ import annotations

import enum

__all__ = [
    "Card",
    "CaseEffect",
    "CaseSource",
    "Conclusion",
    "HandlingMode",
    "Hold",
    "Satisfaction",
    "SupervisionKind",
    "TransferKind",
    "Urgency",
]


class _Labelled(enum.StrEnum):
    @property
    def zh(self) -> str:
        """The Chinese label."""
        return _ZH[self.value]


class CaseSource(_Labelled):
    """Where a case came from (问题来源)."""

    VISIT = "visit"
    PATROL = "patrol"
    RESIDENT = "resident"
    ASSIGNED = "assigned"
    HOTLINE = "hotline"
    VIDEO = "video"
    SELF_FOUND = "self_found"
    OTHER = "other"


class Urgency(_Labelled):
    """How urgent a case is (紧急程度); deadlines and skip-level rules key on it."""

    NORMAL = "normal"
    URGENT = "urgent"
    CRITICAL = "critical"


class HandlingMode(_Labelled):
    """How a matter is handled for the resident (办理方式)."""

    IMMEDIATE = "immediate"
    PROXY = "proxy"
    ACCOMPANIED = "accompanied"
    DOORSTEP = "doorstep"


class SupervisionKind(_Labelled):
    """催办 (a reminder) or 督办 (formal supervision by a higher office)."""

    URGE = "urge"
    SUPERVISE = "supervise"


class Card(_Labelled):
    """A warning card issued with supervision: 黄牌 then 红牌."""

    YELLOW = "yellow"
    RED = "red"


class TransferKind(_Labelled):
    """
    Why a case moves to another unit, pending that unit's acceptance.

    ``return`` is "not ours" (退回): it must name the unit it should go to, and it
    counts as a 回退 in the metrics. ``escalate`` moves it up the ladder.
    """

    TRANSFER = "transfer"
    RETURN = "return"
    ESCALATE = "escalate"


class CaseEffect(_Labelled):
    """
    What a workflow command means for the case (declared per command in the spec).

    ``accept`` 签收 stops the response clock, starts the resolution clock,
    makes the holding unit the first receiver (首问) if there is none and
    records the handling mode if field ``handling_mode`` is given;
    ``assign`` 派遣 hands the case to the unit in field ``unit`` (and worker in
    ``worker``) without moving accountability; ``verify`` 核查通过;
    ``rework`` 重办 (a failed check); ``return`` 回退; ``resolve`` 办结/化解 and
    ``refer`` 转介 and ``decline`` 不予通过 conclude the case (only ``resolve``
    counts as resolved); ``void`` 作废 concludes it outside every denominator;
    ``extend`` 延期 adds field ``days`` working days; ``park`` 挂账 and
    ``defer`` 缓办 pause the clocks until ``resume``; ``evaluate`` records
    field ``satisfaction``.
    """

    ACCEPT = "accept"
    ASSIGN = "assign"
    VERIFY = "verify"
    REWORK = "rework"
    RETURN = "return"
    RESOLVE = "resolve"
    REFER = "refer"
    DECLINE = "decline"
    VOID = "void"
    EXTEND = "extend"
    PARK = "park"
    DEFER = "defer"
    RESUME = "resume"
    EVALUATE = "evaluate"


class Hold(_Labelled):
    """Why a case's clocks are paused: 挂账 (parked) or 缓办 (deferred)."""

    PARKED = "parked"
    DEFERRED = "deferred"


class Conclusion(_Labelled):
    """How a case ended."""

    RESOLVED = "resolved"
    REFERRED = "referred"
    DECLINED = "declined"
    VOIDED = "voided"


class Satisfaction(_Labelled):
    """A resident's evaluation (FFCS scale: 非常满意, 满意, 基本满意, 不满意)."""

    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


_ZH = {
    "visit": "走访",
    "patrol": "巡查",
    "resident": "群众反映",
    "assigned": "上级交办",
    "hotline": "12345热线",
    "video": "视频监控",
    "self_found": "自行发现",
    "other": "其他",
    "normal": "一般",
    "urgent": "紧急",
    "critical": "特急",
    "immediate": "马上办",
    "proxy": "代着办",
    "accompanied": "领着办",
    "doorstep": "上门办",
    "urge": "催办",
    "supervise": "督办",
    "yellow": "黄牌",
    "red": "红牌",
    "transfer": "转办",
    "return": "回退",
    "escalate": "上报上级",
    "accept": "签收",
    "assign": "派遣",
    "verify": "核查通过",
    "rework": "重办",
    "resolve": "办结",
    "refer": "转介",
    "decline": "不予通过",
    "void": "作废",
    "extend": "延期",
    "park": "挂账",
    "defer": "缓办",
    "resume": "恢复",
    "evaluate": "评价",
    "parked": "挂账",
    "deferred": "缓办",
    "resolved": "化解",
    "referred": "转介",
    "declined": "未通过",
    "voided": "作废",
    "very_satisfied": "非常满意",
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "dissatisfied": "不满意",
}
