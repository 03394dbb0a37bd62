"""
The unit of work under a writer that gets in first, made deterministic.

`Interloper` wraps a journal: just before a Workspace's append goes through,
it lets another Workspace on the same journal run a command. The first
Workspace's append then fails its version check; these tests check what
follows: it folds only the new events, decides again, and either records its
command or refuses it exactly as if it had come second — never appending an
event the fold would refuse, and never replaying the whole journal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.app.unit_of_work import MAX_ATTEMPTS
from gridgov.domain.events import Event
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    ConcurrencyError,
    InvalidValueError,
    LedgerError,
    TransitionRefusedError,
)
from gridgov.flow import Actor
from gridgov.journal import MemoryJournal
from gridgov.journal.records import RecordedEvent

LEAF = "410381003002001001"
OPERATOR = Actor("接线员", frozenset({"operator"}))
PANEL = Actor("评议小组", frozenset({"committee"}))


def at(day: int, hour: int = 9) -> datetime:
    """A time in November 2026, China time."""
    return datetime(2026, 11, day, hour, tzinfo=CHINA_TZ)


class Interloper(MemoryJournal):
    """A memory journal that runs *before* just ahead of the next N appends."""

    def __init__(self) -> None:
        super().__init__()
        self.before: list[Callable[[], object]] = []
        self.reads_after: list[int] = []
        self._busy = False

    def append(
        self,
        events: Sequence[Event],
        *,
        expected_version: int | None = None,
        expect: Mapping[str, int] | None = None,
    ) -> tuple[RecordedEvent, ...]:
        if self.before and not self._busy:  # the interloper's own append runs plain
            self._busy = True
            try:
                self.before.pop(0)()
            finally:
                self._busy = False
        return super().append(events, expected_version=expected_version, expect=expect)

    def read_all(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[RecordedEvent]:
        self.reads_after.append(after)
        return super().read_all(after=after, limit=limit)


def _pair(config: WorkspaceConfig) -> tuple[Interloper, Workspace, Workspace]:
    journal = Interloper()
    mine, theirs = Workspace(config, journal), Workspace(config, MemoryJournal())
    theirs.journal = journal  # the other process: same journal, its own state
    theirs._uow.journal = journal
    return journal, mine, theirs


def test_a_command_no_longer_allowed_is_refused_as_if_it_came_second(
    config: WorkspaceConfig,
) -> None:
    """register vs register: one recorded; the other refused; the journal reopens."""
    journal, mine, theirs = _pair(config)
    mine.open_case("C1", category="路灯不亮", region=LEAF, actor="W06", at=at(2))
    theirs.refresh()
    journal.before.append(
        lambda: theirs.fire_case(
            "C1", "register", actor=OPERATOR, at=at(2, 10), key="a"
        )
    )
    with pytest.raises(TransitionRefusedError) as err:
        mine.fire_case("C1", "register", actor=OPERATOR, at=at(2, 11), key="b")
    assert err.value.reason == "wrong_state"
    registered = [r for r in journal.read_all() if r.event.key in {"a", "b"}]
    assert [r.event.key for r in registered] == ["a", "a"]  # its request and its step
    assert mine.case("C1").state == "registered"
    assert Workspace(config, journal).state.snapshot() == mine.state.snapshot()


def test_a_conflict_folds_only_the_new_events_and_decides_again(
    config: WorkspaceConfig,
) -> None:
    """Another writer on the same stream: caught up from our position, not from 0."""
    journal, mine, theirs = _pair(config)
    mine.record_visit("PC0001", "W06", at=at(2), key="v1")
    theirs.refresh()
    position = mine.position
    journal.reads_after.clear()
    journal.before.append(
        lambda: theirs.record_visit("PC0001", "W06", at=at(2, 10), key="v2")
    )
    mine.record_visit("PC0001", "W06", at=at(2, 11), key="v3")
    assert 0 not in journal.reads_after
    assert min(journal.reads_after) == position
    assert [v.key for v in mine.state.visits] == ["v1", "v2", "v3"]
    assert Workspace(config, journal).state.snapshot() == mine.state.snapshot()


def _with_points(ws: Workspace, account: str) -> None:
    ws.file_claim(
        "K0",
        account,
        at=at(2),
        actor="W06",
        text={"kind": "volunteer"},
        numbers={"hours": Decimal(3)},
    )
    ws.step_claim("K0", "verify", actor="W06", at=at(2, 10), key="v")
    ws.step_claim("K0", "publicise", actor="W06", at=at(2, 11), key="p")
    ws.recognise_claim("K0", actor=PANEL, at=at(9), key="r")


def test_two_processes_spending_the_last_points_are_serialised(
    config: WorkspaceConfig,
) -> None:
    """The ledger stream is expected: the second order is refused, none overspent."""
    journal, mine, theirs = _pair(config)
    _with_points(mine, "PC0001")
    balance = mine.balance("PC0001")
    price = 5
    units = balance // price
    theirs.refresh()
    journal.before.append(
        lambda: theirs.place_order("T1", "PC0001", {"soap": units}, at=at(10))
    )
    with pytest.raises(LedgerError):
        mine.place_order("M1", "PC0001", {"soap": units}, at=at(10, 10))
    assert mine.balance("PC0001") == balance - units * price
    assert [o.id for o in mine.state.supermarket.orders()] == ["T1"]
    assert Workspace(config, journal).state.snapshot() == mine.state.snapshot()


def test_a_points_command_decided_twice_leaves_no_trace_of_the_first_decision(
    config: WorkspaceConfig,
) -> None:
    """The ledger is restored from memory before deciding again."""
    journal, mine, theirs = _pair(config)
    _with_points(mine, "PC0001")
    theirs.refresh()
    journal.before.append(lambda: theirs.restock("soap", 3, at=at(10), key="s"))
    journal.before.append(lambda: theirs.record_visit("PC0002", "W06", at=at(10)))
    order = mine.place_order("M1", "PC0001", {"soap": 1}, at=at(10, 10))
    assert order.id == "M1"
    assert Workspace(config, journal).state.snapshot() == mine.state.snapshot()


def test_retries_are_bounded(config: WorkspaceConfig) -> None:
    """A stream that keeps moving: ConcurrencyError after MAX_ATTEMPTS, nothing ours."""
    journal, mine, theirs = _pair(config)
    mine.record_visit("PC0001", "W06", at=at(2), key="v0")
    theirs.refresh()

    def another(n: int) -> Callable[[], Any]:
        return lambda: theirs.record_visit("PC0001", "W06", at=at(3), key=f"t{n}")

    journal.before.extend(another(n) for n in range(MAX_ATTEMPTS))
    with pytest.raises(ConcurrencyError, match="try again"):
        mine.record_visit("PC0001", "W06", at=at(4), key="mine")
    assert "mine" not in {r.event.key for r in journal.read_all()}
    mine.refresh()
    assert Workspace(config, journal).state.snapshot() == mine.state.snapshot()


def test_a_client_key_cannot_block_an_automatic_escalation(
    config: WorkspaceConfig,
) -> None:
    """Keys gridgov derives on a case's stream are out of clients' reach."""
    ws = Workspace.in_memory(config)
    for case in ("A", "B"):
        ws.open_case(case, category="路灯不亮", region=LEAF, actor="W06", at=at(2))
    ws.fire_case("A", "register", actor=OPERATOR, at=at(2, 10), key="escalate:village")
    ws.fire_case("B", "register", actor=OPERATOR, at=at(2, 10), key="reg")
    town = Actor("街道", frozenset({"leader", "operator"}))
    moved = ws.escalate_due(as_of=at(20), actor=town)
    assert sorted(c.id for c in moved) == ["A", "B"]
    with pytest.raises(InvalidValueError, match="gridgov:"):
        ws.fire_case("A", "dispatch", actor=OPERATOR, at=at(21), key="gridgov:x")


def _order_then_fail(ws: Workspace, balance: int) -> None:
    with ws.transaction():
        ws.record_visit("PC0001", "W06", at=at(10), key="in-block")
        ws.place_order("O1", "PC0001", {"soap": 1}, at=at(10, 10))
        assert ws.balance("PC0001") < balance  # the block sees its own order
        raise RuntimeError("the request failed")


def test_a_dropped_transaction_leaves_the_state_as_it_was_without_a_replay(
    config: WorkspaceConfig,
) -> None:
    """The block folds into a fork: raising forgets it; nothing is read from 0."""
    journal, mine, _ = _pair(config)
    _with_points(mine, "PC0001")
    before, balance = mine.state.snapshot(), mine.balance("PC0001")
    journal.reads_after.clear()
    with pytest.raises(RuntimeError, match="the request failed"):
        _order_then_fail(mine, balance)
    assert mine.state.snapshot() == before
    assert mine.balance("PC0001") == balance
    assert 0 not in journal.reads_after


def test_a_transaction_overtaken_on_other_streams_folds_in_journal_order(
    config: WorkspaceConfig,
) -> None:
    """Another process appends mid-block: committed, then caught up, not replayed."""
    journal, mine, theirs = _pair(config)
    mine.record_visit("PC0001", "W06", at=at(2), key="v1")
    theirs.refresh()
    journal.reads_after.clear()
    journal.before.append(
        lambda: theirs.record_visit("PC0002", "W06", at=at(3), key="theirs")
    )
    with mine.transaction():
        mine.record_visit("PC0003", "W06", at=at(3, 10), key="mine-1")
        mine.record_visit("PC0004", "W06", at=at(3, 11), key="mine-2")
    assert [v.key for v in mine.state.visits] == ["v1", "theirs", "mine-1", "mine-2"]
    assert 0 not in journal.reads_after
    assert Workspace(config, journal).state.snapshot() == mine.state.snapshot()
