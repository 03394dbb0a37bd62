"""
A small township state on which every Workspace command kind can run.

`world` builds it; `COMMAND_CASES` gives, for each command kind, a valid
command on that world and one with a different business payload under the
same key. The idempotency, JSON and scope tests run over all of them, and a
test checks that every command kind is listed, so a new command cannot go
untested.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.app.commands import (
    AcceptCase,
    CancelOrder,
    Command,
    EscalateCase,
    EscalateDue,
    FileClaim,
    FireCase,
    HandOver,
    MoveHousehold,
    OpenCase,
    OrderService,
    PlaceOrder,
    RecogniseClaim,
    RecordActivity,
    RecordPatrol,
    RecordVisit,
    Restock,
    ReviseDeadlines,
    StepClaim,
    SuperviseCase,
)
from gridgov.calendar import ChinaCalendar
from gridgov.cases.vocabulary import SupervisionKind
from gridgov.domain.regions import Level
from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import Actor
from gridgov.volunteers.activities import ActivityKind

GRID1 = "410381003002001"
LEAF1 = "410381003002001001"
LEAF2 = "410381003002001002"
GRID2 = "410381003002002"
LEAF21 = "410381003002002001"
H2 = "PC0319"
"""A household of grid 2."""
VILLAGE = "410381003002"
PANEL = Actor("评议小组", frozenset({"committee"}))
OPERATOR = Actor("接线员", frozenset({"operator"}))
LEADER = Actor("主任", frozenset({"leader"}))
TOWN = Actor("街道", frozenset({"leader", "operator", "dispatcher"}))


NOTICE_2027 = ChinaCalendar(
    unpublished="provisional",
    extra_rest_days=[date(2027, 1, 1), date(2027, 1, 4)],
    local_notice_years=[2027],
)
"""A made-up 2027 notice, entered by hand: 1–4 January off."""


def at(month: int, day: int, hour: int = 9) -> datetime:
    """A time in 2026, China time."""
    return datetime(2026, month, day, hour, tzinfo=CHINA_TZ)


def _claim(
    ws: Workspace, claim: str, day: int, hours: int = 4, account: str = "PC0001"
) -> None:
    ws.file_claim(
        claim,
        account,
        at=at(11, day),
        actor="W06",
        text={"kind": "volunteer"},
        numbers={"hours": Decimal(hours)},
    )
    ws.step_claim(claim, "verify", actor="W06", at=at(11, day, 10), key="v")
    ws.step_claim(claim, "publicise", actor="W06", at=at(11, day, 11), key="p")


def world(config: WorkspaceConfig) -> Workspace:
    """
    The sample township with, in grid 1 for PC0001: cases C1 (reported), C2
    (escalated, waiting for the village), claims K1 (filed), K2 (publicised
    on 3 Nov, its window closed), K0 (recognised: PC0001 has points), orders
    O1 and O2 (held), the menu order M1; and in grid 2, for `H2`: case C3,
    claims K3 (filed) and K4 (recognised), order O3, menu order M2, and the
    activity A2 of grid 2's branch.
    """
    ws = Workspace.in_memory(config)
    for case in ("C1", "C2"):
        ws.open_case(
            case,
            category="路灯不亮",
            region=LEAF1,
            actor="W06",
            at=at(11, 2),
            household="PC0001",
        )
    ws.escalate_case(
        "C2",
        to_unit=VILLAGE,
        to_level=Level.VILLAGE,
        reason="需社区协调",
        actor=OPERATOR,
        at=at(11, 2, 10),
        key="up",
    )
    ws.file_claim("K1", "PC0001", at=at(11, 2), actor="W06", text={"kind": "volunteer"})
    _claim(ws, "K0", 2, hours=20)
    ws.recognise_claim("K0", actor=PANEL, at=at(11, 9), key="r")
    _claim(ws, "K2", 3)
    ws.place_order("O1", "PC0001", {"soap": 1}, at=at(11, 10))
    ws.place_order("O2", "PC0001", {"soap": 1}, at=at(11, 10, 10))
    ws.order_service("M1", "talk-plenum", by="PC0001", at=at(11, 10))
    # A case whose deadline reaches 2027, estimated without its notice (暂定).
    ws.open_case("C5", category="路灯不亮", region=LEAF1, actor="W06", at=at(12, 31))
    # Grid 2's own records, for the scope tests.
    ws.open_case(
        "C3",
        category="路灯不亮",
        region=LEAF21,
        actor="W02",
        at=at(11, 2),
        household=H2,
    )
    ws.file_claim("K3", H2, at=at(11, 2), actor="W02", text={"kind": "volunteer"})
    _claim(ws, "K4", 2, hours=20, account=H2)
    ws.recognise_claim("K4", actor=PANEL, at=at(11, 9), key="r")
    ws.place_order("O3", H2, {"soap": 1}, at=at(11, 10))
    ws.order_service("M2", "talk-plenum", by=H2, at=at(11, 10))
    ws.record_activity(
        "A2",
        team="PC-ZB2",
        kind=ActivityKind.OTHER,
        title="二网格清扫",
        organiser="W02",
        at=at(11, 11),
        region=GRID2,
    )
    return ws


Factory = Callable[[datetime], Command[Any]]


def fresh(base: Workspace, case: CommandCase | None = None) -> Workspace:
    """A Workspace on a copy of *base*'s journal (with the case's config, if any)."""
    config = base.config
    if case is not None and case.config is not None:
        config = case.config(config)
    ws = Workspace.in_memory(config)
    ws.journal.append([r.event for r in base.journal.read_all()])
    return ws.reopen()


@attrs.frozen
class CommandCase:
    """A command kind's valid command on `world`, and a changed payload."""

    make: Factory
    changed: Callable[[Command[Any]], Command[Any]]
    config: Callable[[WorkspaceConfig], WorkspaceConfig] | None = None
    later: Callable[[Workspace], object] | None = None
    """A later command that changes what this one's result describes."""

    @property
    def kind(self) -> type[Command[Any]]:
        """The command's class."""
        return type(self.make(at(11, 20)))


def _evolve(**changes: Any) -> Callable[[Command[Any]], Command[Any]]:
    return lambda command: attrs.evolve(command, **changes)


COMMAND_CASES: tuple[CommandCase, ...] = (
    CommandCase(
        lambda t: RecordVisit(
            household="PC0001", worker="W06", at=t, note="血压正常", key="k"
        ),
        _evolve(note="不在家"),
    ),
    CommandCase(
        lambda t: RecordPatrol(
            worker="W01", region=GRID1, at=t, checklists=("electricity",), key="k"
        ),
        _evolve(checklists=("fire",)),
    ),
    CommandCase(
        lambda t: MoveHousehold(
            household="PC0002", to_region=LEAF2, on=date(2026, 11, 20), at=t, key="k"
        ),
        _evolve(on=date(2026, 11, 21)),
    ),
    CommandCase(
        lambda t: OpenCase(
            case_id="C9", category="路灯不亮", region=LEAF1, actor="W06", at=t
        ),
        _evolve(category="垃圾清运"),
        later=lambda ws: ws.fire_case(
            "C9", "register", actor=OPERATOR, at=at(11, 21), key="later"
        ),
    ),
    CommandCase(
        lambda t: FireCase(
            case_id="C1", command="register", actor=OPERATOR, at=t, key="k"
        ),
        _evolve(command="void", actor=LEADER),
        later=lambda ws: ws.fire_case(
            "C1",
            "dispatch",
            actor=TOWN,
            at=at(11, 21),
            key="later",
            fields={"unit": "410381003002"},
        ),
    ),
    CommandCase(
        lambda t: EscalateCase(
            case_id="C1",
            to_unit=VILLAGE,
            to_level=Level.VILLAGE,
            reason="需协调",
            actor=OPERATOR,
            at=t,
            key="k",
        ),
        _evolve(reason="另一理由"),
    ),
    CommandCase(
        lambda t: AcceptCase(case_id="C2", unit=VILLAGE, actor=TOWN, at=t, key="k"),
        _evolve(unit="410381003"),
    ),
    CommandCase(
        lambda t: SuperviseCase(
            case_id="C1",
            kind=SupervisionKind.URGE,
            actor=LEADER,
            at=t,
            key="k",
            note="快",
        ),
        _evolve(note="再快"),
    ),
    CommandCase(
        lambda t: EscalateDue(at=t + timedelta(days=40), actor=TOWN, key="k"),
        _evolve(actor=LEADER),
    ),
    CommandCase(
        lambda t: ReviseDeadlines(
            at=t + timedelta(days=50), actor="W01", reason="2027年放假通知", key="k"
        ),
        _evolve(reason="另一通知"),
        config=lambda c: attrs.evolve(c, calendar=NOTICE_2027),
    ),
    CommandCase(
        lambda t: FileClaim(
            claim_id="K9",
            account="PC0001",
            at=t,
            actor="W06",
            text={"kind": "volunteer"},
            numbers={"hours": Decimal(2)},
        ),
        _evolve(numbers={"hours": Decimal(3)}),
    ),
    CommandCase(
        lambda t: StepClaim(
            claim_id="K1", command="verify", actor="W06", at=t, key="k"
        ),
        _evolve(actor="W01"),
        later=lambda ws: ws.step_claim(
            "K1", "publicise", actor="W06", at=at(11, 21), key="later"
        ),
    ),
    CommandCase(
        lambda t: RecogniseClaim(claim_id="K2", actor=PANEL, at=t, key="k"),
        _evolve(actor=Actor("评议小组二", frozenset({"committee"}))),
    ),
    CommandCase(
        lambda t: PlaceOrder(order_id="O9", account="PC0001", lines={"soap": 1}, at=t),
        _evolve(lines={"soap": 2}),
        later=lambda ws: ws.hand_over("O9", at=at(11, 21)),
    ),
    CommandCase(
        lambda t: HandOver(order_id="O1", at=t, approver="店员甲"),
        _evolve(approver="店员乙"),
    ),
    CommandCase(
        lambda t: CancelOrder(order_id="O2", at=t, reason="不要了"),
        _evolve(reason="买错了"),
    ),
    CommandCase(
        lambda t: Restock(sku="soap", units=5, at=t, key="k"),
        _evolve(units=6),
    ),
    CommandCase(
        lambda t: RecordActivity(
            activity_id="A9",
            team="PC-ZYD",
            kind=ActivityKind.OTHER,
            title="清扫楼道",
            organiser="W06",
            at=t,
            participants={"PC0001": Decimal(2)},
            region=GRID1,
        ),
        _evolve(title="清理杂物"),
    ),
    CommandCase(
        lambda t: OrderService(
            order_id="M9", item="talk-plenum", by="PC0001", at=t, note="周末"
        ),
        _evolve(note="周一"),
    ),
)
"""Every command kind, valid on `world` at any time from 20 November 2026."""
