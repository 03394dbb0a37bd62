"""Refusals in people's words: `describe` renders an error's fields in zh or en."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from gridgov.errors import (
    GridgovError,
    IdempotencyConflictError,
    LedgerError,
    ScopeError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.labels._core import Label, Lang, join
from gridgov.points.lots import InsufficientPointsError
from gridgov.points.recognition import ApprovalRefusedError
from gridgov.points.supermarket import (
    NotReturnableError,
    OrderStateError,
    OutOfStockError,
)

__all__ = ["describe"]

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


_TRANSITION_REASON: Mapping[str, str] = MappingProxyType(
    {
        "wrong_state": "当前环节不能办理此操作",
        "guard": "办理条件未满足",
        "role": "无权办理此操作",
        "field": "缺少必填内容",
        "terminal": "已办结，不能再办理",
    }
)

_ENTITY_KIND: Mapping[str, str] = MappingProxyType(
    {
        "household": "住户",
        "region": "区划",
        "worker": "人员",
        "case": "事项",
        "claim": "申报",
        "order": "兑换单",
        "item": "商品",
        "rule": "积分规则",
        "account": "积分账户",
        "posting": "积分记录",
    }
)


def _transition(err: TransitionRefusedError) -> str:
    return _TRANSITION_REASON.get(err.reason, "当前环节不能办理此操作")


def _unknown(err: UnknownEntityError) -> str:
    what = _ENTITY_KIND.get(err.kind, "")
    return f"找不到{what}编号 {err.key}"


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
