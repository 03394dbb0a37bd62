"""Refusals in people's words: `describe` renders an error's fields in zh or en."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from gridgov._masking import mask_in_text
from gridgov.errors import (
    GridgovError,
    IdempotencyConflictError,
    ImportRowsError,
    InvalidValueError,
    LedgerError,
    ScopeError,
    SpecError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.labels._core import Label, Lang, join
from gridgov.labels._problems import invalid_value_text, problem_line, row_line
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
        "journal file": "日志文件",
        "journal chain": "日志链",
        "township file": "花名册文件",
        "workflow": "办理流程",
        "rule book": "积分细则",
        "care tag": "关爱标签",
        "event type": "事件类型",
        "hold": "冻结记录",
        "menu order": "点单",
        "menu item": "服务项目",
        "volunteer team": "志愿服务队",
        "participant": "参与人",
        "checklist": "检查表",
        "checklist item": "检查项",
    }
)

_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^pass --create to start a new journal there$"),
        "如要新建，请加 --create",
    ),
    (re.compile(r"^known: (.*)$"), r"现有：\1"),
    (re.compile(r"^built in: (.*)$"), r"内置：\1"),
    (re.compile(r"^did you mean ('.*')\?$"), r"是否应为 \1？"),
)


_CHINESE_FIRST = re.compile(r"[\u3400-\u9fff][^()]*(?= \(\w)")


def _transition(err: TransitionRefusedError) -> str:
    """
    The reason in Chinese, with the detail when it is Chinese too.

    A guard that explains itself in both languages (the notice window:
    ``公示期至 2026-03-10 止（含当日）… (the notice window …)``) keeps its
    Chinese half, so the refusal still says until when.
    """
    reason = _TRANSITION_REASON.get(err.reason, "当前环节不能办理此操作")
    chinese = _CHINESE_FIRST.search(err.detail)
    return f"{reason}：{chinese[0].strip()}" if chinese else reason


def _unknown(err: UnknownEntityError) -> str:
    """找不到… in Chinese, or the English message if its kind or hint is not known."""
    what = _ENTITY_KIND.get(err.kind)
    text = str(err)
    hint = text.partition("; ")[2].removeprefix("; ").strip()
    if what is None:
        return text
    zh = (
        f"找不到{what} {err.key}"
        if "file" in err.kind
        else f"找不到{what}编号 {err.key}"
    )
    if not hint:
        return mask_in_text(zh)
    for pattern, said in _HINTS:
        if pattern.match(hint):
            return mask_in_text(f"{zh}；{pattern.sub(said, hint)}")
    return text


def _idempotency(err: IdempotencyConflictError) -> str:
    return mask_in_text(f"请求编号 {err.key!r} 已用于另一项内容，未重复办理")


def _spec(err: SpecError) -> str:
    where = f"{err.source} " if err.source else "规格文件"  # a file, or a claim
    lines = [f"{where}有 {len(err.problems)} 处问题："]
    lines += [f"  {problem_line(p)}" for p in err.problems]
    return "\n".join(lines)


def _rows(err: ImportRowsError) -> str:
    where = f"{err.source} 中" if err.source else ""
    lines = [f"{where}有 {len(err.problems)} 处错误，未导入任何内容："]
    lines += [f"  {row_line(p)}" for p in err.problems]
    return "\n".join(lines)


def _invalid(err: InvalidValueError) -> str:
    return invalid_value_text(err.name, err.expected, err.value) or str(err)


_REFUSALS: tuple[tuple[type[GridgovError], Callable[..., str]], ...] = (
    (SpecError, _spec),
    (ImportRowsError, _rows),
    (InvalidValueError, _invalid),
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
    from their fields, a spec's or a table's problems one per line
    (`problem_line`), and an argument out of its domain as 应为…，实为…; any
    other error keeps its English message rather than a line that says
    nothing (the exception's message is English for developers and logs).

    >>> from gridgov.errors import ScopeError, SpecError, SpecProblem
    >>> describe(ScopeError("household H9 is outside grid G1"))
    '超出权限范围'
    >>> print(describe(SpecError([SpecProblem.of("grids[0].name", "missing_field")])))
    规格文件有 1 处问题：
      grids[0].name：缺少必填字段
    """
    if lang == "en":
        return str(err)
    for cls, render in _REFUSALS:
        if isinstance(err, cls):
            return render(err)
    return str(err)
