"""
What a writing verb prints: its result in Chinese (or English), names for codes.

`result_lines` reads the Workspace the command ran on, so a worker is shown by
name, a region by its name, a case's state by its workflow's label, an item by
its name; a household head's name is masked (孟*, 张*三) as a township shows
it, and any personal number typed into a note is masked too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from gridgov._masking import mask_in_text, mask_name
from gridgov.domain.spans import CHINA_TZ

if TYPE_CHECKING:
    from gridgov.app import Workspace
    from gridgov.app.commands import Command
    from gridgov.cases.case import Case
    from gridgov.points.claim_record import Claim
    from gridgov.points.supermarket import Order

__all__ = ["result_lines"]


def _time(at: datetime) -> str:
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


class _Names:
    """Looks names up in the Workspace's roster and specs."""

    def __init__(self, ws: Workspace, lang: str) -> None:
        self.state = ws.state
        self.config = ws.config
        self.en = lang == "en"

    def household(self, household: str) -> str:
        if self.en:  # a masked name is no name: English shows the 户号 alone
            return f"household {household}"
        home = self.state.roster.households.get(household)  # type: ignore[call-overload]  # a plain str names a household id
        head = home.members[0].name if home is not None and home.members else ""
        return f"户 {household}（{mask_name(head)}）" if head else f"户 {household}"

    def worker(self, worker: str) -> str:
        found = self.state.roster.workers.get(worker)  # type: ignore[call-overload]  # a plain str names a worker id
        return self._named(found.name, worker) if found is not None else worker

    def region(self, code: str) -> str:
        found = self.state.roster.regions.get(code)  # type: ignore[call-overload]  # a plain str names a region code
        return self._named(found.name, code) if found is not None else code

    def _named(self, name: str, code: str) -> str:
        return f"{name} ({code})" if self.en else f"{name}（{code}）"

    def case_state(self, case: Case) -> str:
        workflow = self.config.workflows.get(case.workflow)
        if workflow is None or self.en:
            return case.state
        return workflow.flow.label(case.state)

    def item(self, sku: str) -> str:
        names = {i.sku: i.name_zh for i in self.config.catalogue}
        return sku if self.en else names.get(sku, sku)


def _visit(cmd: Command[Any], result: Any, names: _Names) -> list[str]:
    kind = result.kind.value if names.en else result.kind.zh
    if names.en:
        first = (
            f"Visit recorded: {names.household(result.household)}, "
            f"{names.worker(result.worker)}, {kind}, {_time(result.occurred_at)}"
        )
    else:
        first = (
            f"已登记走访：{names.household(result.household)}，"
            f"{names.worker(result.worker)}，{kind}，{_time(result.occurred_at)}"
        )
    lines = [first]
    if result.note:
        label = "note: " if names.en else "情况："
        lines.append(f"  {label}{mask_in_text(result.note)}")
    case = names.state.cases.get(f"V-{result.household}-{result.key}")
    if case is not None:
        lines.extend(_case(cmd, case, names))
    return lines


def _patrol(cmd: Command[Any], result: Any, names: _Names) -> list[str]:
    patrol, findings = result
    where, who = names.region(patrol.region), names.worker(patrol.worker)
    if names.en:
        first = (
            f"Patrol recorded: {where}, {who}, {_time(patrol.occurred_at)}, "
            f"{len(findings)} finding(s)"
        )
    else:
        first = (
            f"已登记巡查：{where}，{who}，{_time(patrol.occurred_at)}，"
            f"发现问题 {len(findings)} 个"
        )
    colon = ": " if names.en else "："
    lines = [first]
    lines += [f"  {f.label_zh}{colon}{mask_in_text(f.note)}" for f in findings]
    prefix = f"P-{patrol.region}-{patrol.key}-"
    for case in names.state.cases.values():
        if case.id.startswith(prefix):
            lines.extend(_case(cmd, case, names))
    return lines


def _case(_cmd: Command[Any], case: Case, names: _Names) -> list[str]:
    title = mask_in_text(case.title)
    if names.en:
        line = f"Case {case.id} ({title}): {names.case_state(case)}, {case.level.value}"
    else:
        line = f"事项 {case.id}（{title}）：{names.case_state(case)}，{case.level.zh}"
    pending = case.pending
    if pending is not None:
        line += (
            f"; awaiting {pending.to_unit} ({pending.to_level.value})"
            if names.en
            else f"，待{pending.to_level.zh} {pending.to_unit} 接收"
        )
    return [line]


def _claim(_cmd: Command[Any], claim: Claim, names: _Names) -> list[str]:
    who = names.household(claim.account)
    if names.en:
        line = f"Claim {claim.id}: {who}, {claim.state.value}"
        return [line + (f", {claim.points} points" if claim.points else "")]
    line = f"积分申报 {claim.id}：{who}，{claim.state.zh}"
    return [line + (f"，获 {claim.points} 分" if claim.points else "")]


def _order(_cmd: Command[Any], order: Order, names: _Names) -> list[str]:
    goods = "、".join(f"{names.item(sku)}×{n}" for sku, n in order.lines)
    if names.en:
        line = (
            f"Order {order.id}: {names.household(order.account)}, {goods}, "
            f"{order.points} points, {order.status.value}"
        )
    else:
        line = (
            f"兑换单 {order.id}：{names.household(order.account)}，{goods}，"
            f"共 {order.points} 分，{order.status.zh}"
        )
    return [line]


def result_lines(
    command: Command[Any], result: object, ws: Workspace, lang: str = "zh"
) -> list[str]:
    """The lines a writing verb prints for *command*'s *result*."""
    from gridgov.cases.case import Case  # noqa: PLC0415
    from gridgov.points.claim_record import Claim  # noqa: PLC0415
    from gridgov.points.supermarket import Order  # noqa: PLC0415
    from gridgov.visits.events import VisitRecorded  # noqa: PLC0415

    names = _Names(ws, lang)
    shown: list[tuple[type, Callable[[Command[Any], Any, _Names], list[str]]]] = [
        (VisitRecorded, _visit),
        (tuple, _patrol),  # a patrol answers (patrol, findings)
        (Case, _case),
        (Claim, _claim),
        (Order, _order),
    ]
    for kind, lines in shown:
        if isinstance(result, kind):
            return lines(command, result, names)
    if lang == "en":
        return [f"Done: {type(command).__name__} on {command.subject}"]
    return [f"已完成：{command.label_zh}"]
