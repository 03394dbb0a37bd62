"""The Workspace: commands append to the journal; reopening replays the state."""

from __future__ import annotations

import contextlib
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridgov.app import Workspace, WorkspaceConfig
from gridgov.demo import simulate_month
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    GridgovError,
    IdempotencyConflictError,
    InvalidValueError,
    LedgerError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.flow import Actor
from gridgov.journal import StoreError

PANEL = Actor("评议小组", frozenset({"committee"}))


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A time in November 2026, China time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=CHINA_TZ)


def test_reopen_sqlite_equals_state_before(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """A simulated month on SQLite reopens into the same projections and report."""
    db = tmp_path / "town.db"
    with Workspace.open(db, config) as ws:
        simulate_month(ws, "2026-11", seed=11, share=0.1)
        before = ws.state.snapshot()
        report = ws.report("2026-11")
    with Workspace.open(db, config) as again:
        assert again.state.snapshot() == before
        assert again.report("2026-11") == report
        assert again.verify().ok


def test_rerunning_the_month_records_nothing_new(config: WorkspaceConfig) -> None:
    """Every command of the simulation is idempotent: a second run appends no event."""
    ws = Workspace.in_memory(config)
    simulate_month(ws, "2026-11", seed=3, share=0.05)
    head = ws.journal.head()
    simulate_month(ws, "2026-11", seed=3, share=0.05)
    assert ws.journal.head() == head


def test_same_key_same_visit_returns_the_original(config: WorkspaceConfig) -> None:
    """A retried visit returns the first event and leaves the journal unchanged."""
    ws = Workspace.in_memory(config)
    first = ws.record_visit("PC0001", "W06", at=at(2), key="v1", note="血压正常")
    again = ws.record_visit("PC0001", "W06", at=at(2), key="v1", note="血压正常")
    assert again == first
    assert ws.journal.head().sequence == 2  # the request record and the visit


def test_same_key_different_payload_is_refused(config: WorkspaceConfig) -> None:
    """Reusing a key for a different visit raises and records nothing."""
    ws = Workspace.in_memory(config)
    ws.record_visit("PC0001", "W06", at=at(2), key="v1", note="血压正常")
    with pytest.raises(IdempotencyConflictError):
        ws.record_visit("PC0001", "W06", at=at(2), key="v1", note="不在家")
    assert ws.journal.head().sequence == 2


def test_refused_commands_leave_journal_and_state_unchanged(
    config: WorkspaceConfig,
) -> None:
    """Unknown ids, refused steps, overspends raise; nothing is written."""
    ws = Workspace.in_memory(config)
    ws.open_case(
        "C1", category="路灯不亮", region="410381003002001", actor="W06", at=at(2)
    )
    snap, head = ws.state.snapshot(), ws.journal.head()
    with pytest.raises(UnknownEntityError):
        ws.record_visit("NOPE", "W06", at=at(3))
    with pytest.raises(TransitionRefusedError):
        ws.fire_case(
            "C1", "close", actor=Actor("x", frozenset({"operator"})), at=at(3), key="k"
        )
    with pytest.raises(LedgerError):
        ws.place_order("O1", "PC0001", {"soap": 1}, at=at(3))
    with pytest.raises(InvalidValueError):
        ws.record_visit("PC0001", "W06", at=datetime(2026, 11, 3, 9))  # noqa: DTZ001
    assert ws.state.snapshot() == snap
    assert ws.journal.head() == head


def test_transaction_is_one_append_or_nothing(config: WorkspaceConfig) -> None:
    """A transaction reaches the journal in one append; a failure discards it."""
    ws = Workspace.in_memory(config)
    with ws.transaction():
        ws.record_visit("PC0001", "W06", at=at(2))
        ws.record_visit("PC0002", "W06", at=at(2, 10))
        assert ws.journal.head().sequence == 0
        assert len(ws.state.visits) == 2
    assert ws.journal.head().sequence == 4  # two requests, two visits
    with pytest.raises(UnknownEntityError):
        _two_visits_one_bad(ws)
    assert ws.journal.head().sequence == 4
    assert len(ws.state.visits) == 2


def _two_visits_one_bad(ws: Workspace) -> None:
    with ws.transaction():
        ws.record_visit("PC0003", "W06", at=at(3))
        ws.record_visit("NOPE", "W06", at=at(3))


def test_refresh_reads_what_another_workspace_wrote(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """Two workspaces on one SQLite file: each catches up with the other's events."""
    db = tmp_path / "shared.db"
    with Workspace.open(db, config) as a, Workspace.open(db, config) as b:
        a.record_visit("PC0001", "W06", at=at(2))
        b.record_visit("PC0002", "W06", at=at(2, 10))
        a.record_visit("PC0003", "W06", at=at(2, 11))
        assert len(a.state.visits) == 3
        assert b.refresh() == 2  # a's request record and visit
        assert a.state.snapshot() == b.state.snapshot()


def test_clock_is_only_a_convenience(config: WorkspaceConfig) -> None:
    """now() needs a clock; a view without on= takes its day from the clock."""
    ws = Workspace.in_memory(config)
    with pytest.raises(InvalidValueError):
        ws.now()

    class Fixed:
        def now(self) -> datetime:
            return at(5)

    clocked = Workspace.in_memory(config, clock=Fixed())
    assert clocked.view(grid="410381003002001").scope.on == date(2026, 11, 5)


def test_errors_are_gridgov_errors(config: WorkspaceConfig) -> None:
    """Bad input to the main commands raises a GridgovError saying what was wrong."""
    ws = Workspace.in_memory(config)
    with pytest.raises(GridgovError, match="kind"):
        ws.record_activity(
            "A1",
            team="PC-ZYD",
            kind="dancing",
            title="x",
            organiser="W04",
            at=at(2),  # type: ignore[arg-type]
        )
    with pytest.raises(GridgovError, match="scope"):
        ws.view(on=date(2026, 11, 2))
    with pytest.raises(GridgovError, match="units"):
        ws.restock("soap", 0, at=at(2), key="r")


_COMMANDS = st.lists(
    st.tuples(
        st.sampled_from(["visit", "claim", "restock", "order"]),
        st.sampled_from(["PC0001", "PC0002", "PC0006", "PC0050"]),
        st.integers(1, 20),
    ),
    max_size=12,
)


@settings(max_examples=15)
@given(commands=_COMMANDS)
def test_any_command_sequence_replays_to_the_same_state(
    config: WorkspaceConfig, commands: list[tuple[str, str, int]]
) -> None:
    """Whatever commands ran (or were refused), a replay gives the same state."""
    ws = Workspace.in_memory(config)
    for n, (kind, household, day) in enumerate(commands):
        when = at(day, 9, n)
        try:
            if kind == "visit":
                ws.record_visit(household, "W06", at=when)
            elif kind == "claim":
                claim = f"C{n}"
                ws.file_claim(
                    claim,
                    household,
                    at=when,
                    actor="W06",
                    text={"kind": "volunteer"},
                    numbers={"hours": Decimal(3)},
                )
                ws.step_claim(claim, "verify", actor="W06", at=when, key="v")
                ws.step_claim(claim, "publicise", actor="W06", at=when, key="p")
                ws.recognise_claim(claim, actor=PANEL, at=at(min(day + 4, 30)), key="r")
            elif kind == "restock":
                ws.restock("oil", day, at=when, key=f"r{n}")
            else:
                ws.place_order(f"O{n}", household, {"soap": 1}, at=when)
        except GridgovError:
            pass
    assert ws.reopen().state.snapshot() == ws.state.snapshot()


def test_reopen_postgres_equals_state_before(
    config: WorkspaceConfig, pg_dsn: str
) -> None:
    """On PostgreSQL (one chain per township), reopening gives the same state."""
    chain = f"test-{uuid.uuid4().hex[:8]}"
    with Workspace.open(pg_dsn, config, chain=chain) as ws:
        simulate_month(ws, "2026-11", seed=5, share=0.02)
        before = ws.state.snapshot()
    with Workspace.open(pg_dsn, config, chain=chain) as again:
        assert again.state.snapshot() == before
        assert again.verify().ok


def test_a_workspace_outlives_a_dropped_connection(
    config: WorkspaceConfig, pg_dsn: str
) -> None:
    """A PostgreSQL session ended under a Workspace fails one command with
    StoreError and changes nothing; the retried command records once."""
    import psycopg  # the postgres extra: present wherever pg_dsn is

    chain = f"test-{uuid.uuid4().hex[:8]}"
    with Workspace.open(pg_dsn, config, chain=chain) as ws:
        ws.record_visit("PC0001", "W06", at=at(2), key="v1", note="血压正常")
        before = ws.state.snapshot()
        pid = ws.journal._conn.info.backend_pid  # type: ignore[attr-defined]
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreError):
            ws.record_visit("PC0002", "W06", at=at(3), key="v2", note="不在家")
        assert ws.state.snapshot() == before
        ws.record_visit("PC0002", "W06", at=at(3), key="v2", note="不在家")
        ws.record_visit("PC0002", "W06", at=at(3), key="v2", note="不在家")
        assert ws.journal.head().sequence == 4  # two request records, two visits
        assert ws.reopen().state.snapshot() == ws.state.snapshot()


def test_interleaved_writer_is_caught_up_after_append(
    config: WorkspaceConfig, tmp_path: Path
) -> None:
    """A writer appending mid-transaction: the state is replayed to the journal."""
    db = tmp_path / "interleaved.db"
    with Workspace.open(db, config) as a, Workspace.open(db, config) as b:
        with a.transaction():
            a.record_visit("PC0001", "W06", at=at(2))
            b.record_visit("PC0002", "W06", at=at(2, 10))
        assert a.position == 4
        assert {v.household for v in a.state.visits} == {"PC0001", "PC0002"}
        assert a.state.snapshot() == a.reopen().state.snapshot()


def test_failure_inside_a_nested_command_rolls_back_and_recovers(
    config: WorkspaceConfig,
) -> None:
    """A claim for an unknown household fails the whole 化解; later commands work."""
    ws = Workspace.in_memory(config)
    me = Actor("W06", frozenset({"mediator", "grid_worker"}))
    ws.open_case(
        "TJ",
        category="纠纷",
        region="410381003002001",
        actor="W06",
        at=at(2),
        workflow="mediation",
    )
    ws.fire_case("TJ", "mediate", actor=me, at=at(2, 10), key="m")
    ws.fire_case("TJ", "agree", actor=me, at=at(3), key="a", fields={"agreement": "x"})
    ws.fire_case(
        "TJ",
        "follow_up",
        actor=me,
        at=at(4),
        key="f",
        fields={"visit_note": "x", "performance": "performed"},
    )
    head = ws.journal.head()
    with pytest.raises(UnknownEntityError):
        ws.fire_case(
            "TJ",
            "resolve",
            actor=me,
            at=at(5),
            key="r",
            fields={"satisfaction": "satisfied"},
            claim_for=("NOPE",),
        )
    assert ws.journal.head() == head
    assert ws.case("TJ").state == "visited"
    assert not ws.claims()
    ws.record_visit("PC0001", "W06", at=at(6))
    with pytest.raises(UnknownEntityError):
        _visit_then_bad_resolve(ws, me)
    ws.record_visit("PC0003", "W06", at=at(7))
    assert ws.journal.head().sequence == head.sequence + 4
    assert ws.reopen().state.snapshot() == ws.state.snapshot()


def _visit_then_bad_resolve(ws: Workspace, me: Actor) -> None:
    with ws.transaction():
        ws.record_visit("PC0002", "W06", at=at(6, 10))
        ws.fire_case(
            "TJ",
            "resolve",
            actor=me,
            at=at(6, 11),
            key="r",
            fields={"satisfaction": "satisfied"},
            claim_for=("NOPE",),
        )


def test_a_refused_command_inside_a_transaction_changes_nothing(
    config: WorkspaceConfig,
) -> None:
    """A command is all or nothing: its refusal can be caught and the block go on."""
    ws = Workspace.in_memory(config)
    me = Actor("W06", frozenset({"mediator", "grid_worker"}))
    ws.open_case(
        "TJ",
        category="纠纷",
        region="410381003002001",
        actor="W06",
        at=at(2),
        workflow="mediation",
    )
    ws.fire_case("TJ", "mediate", actor=me, at=at(2, 10), key="m")
    ws.fire_case("TJ", "agree", actor=me, at=at(3), key="a", fields={"agreement": "x"})
    ws.fire_case(
        "TJ",
        "follow_up",
        actor=me,
        at=at(4),
        key="f",
        fields={"visit_note": "x", "performance": "performed"},
    )
    head = ws.journal.head()
    _swallow_half_way_failure(ws, me)
    assert ws.journal.head().sequence == head.sequence + 4  # the two visits
    assert ws.case("TJ").state == "visited"
    assert not ws.claims()
    assert ws.record_visit("PC0004", "W06", at=at(9))
    assert ws.reopen().state.snapshot() == ws.state.snapshot()


def _swallow_half_way_failure(ws: Workspace, me: Actor) -> None:
    with ws.transaction():
        ws.record_visit("PC0001", "W06", at=at(8))
        with contextlib.suppress(UnknownEntityError):
            ws.fire_case(
                "TJ",
                "resolve",
                actor=me,
                at=at(8, 10),
                key="r",
                fields={"satisfaction": "satisfied"},
                claim_for=("NOPE",),
            )
        ws.record_visit("PC0002", "W06", at=at(8, 11))
