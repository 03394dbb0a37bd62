"""
The Workspace under concurrency: threads on one Workspace, processes on one journal.

* Eight threads share one Workspace (on SQLite and on a MemoryJournal), each on
  its own cases and households, with retries and refused commands mixed in,
  twenty runs: every command is acknowledged or refused exactly as it would be
  alone, every acknowledged one is in the journal after reopening it, the
  journal verifies and the reopened state equals the live one.
* Four processes, each with its own Workspace on one SQLite journal (and one
  PostgreSQL journal when GRIDGOV_PG_DSN is set), race conflicting commands on
  the same cases with visits in between: the journal reopens and verifies, each
  case holds exactly the commands acknowledged, every loser got a
  `TransitionRefusedError`, every acknowledged visit is there once.
* A Hypothesis state machine interleaves commands between two Workspaces on one
  SQLite journal; after a refresh both equal a fresh reopen.

Longer campaigns of the process race run with ``-m slow``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import random
import shutil
import tempfile
import threading
import time
import traceback
import uuid
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from gridgov.app import Workspace, WorkspaceConfig, sample_config
from gridgov.app.commands import (
    Command,
    FileClaim,
    FireCase,
    OpenCase,
    RecordVisit,
    StepClaim,
)
from gridgov.domain.spans import CHINA_TZ
from gridgov.errors import (
    DuplicateEntityError,
    GridgovError,
    IdempotencyConflictError,
    InvalidValueError,
    ScopeError,
    TransitionRefusedError,
    UnknownEntityError,
)
from gridgov.flow import Actor
from gridgov.journal import MemoryJournal

CONFIG = sample_config()
START = datetime(2026, 11, 2, 8, 0, tzinfo=CHINA_TZ)
CITY = Actor("指挥中心", frozenset({"operator", "dispatcher", "leader"}))
WORKERS = [f"W{n:02d}" for n in range(6, 14)]  # eight grid workers, one a thread


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


@pytest.fixture(scope="module")
def homes(config: WorkspaceConfig) -> dict[str, tuple[str, list[str]]]:
    """Each worker's micro-grid and households, in the scope of 2 November."""
    ws = Workspace.in_memory(config)
    out: dict[str, tuple[str, list[str]]] = {}
    for worker in WORKERS:
        scope = ws.view(worker=worker, on=START.date()).scope
        (region,) = scope.regions
        out[worker] = (region, sorted(scope.households))
    return out


# -- eight threads, one Workspace -------------------------------------------------

Step = tuple[Command[Any], type[GridgovError] | None, bool]
"""A command, the refusal expected (None: acknowledged), whether via the view."""


def ok(command: Command[Any], *, scoped: bool = False) -> Step:
    return (command, None, scoped)


def refused(
    command: Command[Any], error: type[GridgovError], *, scoped: bool = False
) -> Step:
    return (command, error, scoped)


def case_chain(case: str, worker: str, region: str, home: str, t: int) -> list[Step]:
    """A worker reports a case (through their view); the centre registers and
    dispatches it, a second 立案 is refused, the 派遣 is sent twice."""

    def fire(command: str, minutes: int, key: str, **fields: str) -> FireCase:
        when = at(t + minutes)
        return FireCase(
            case_id=case, actor=CITY, command=command, at=when, key=key, fields=fields
        )

    dispatch = fire("dispatch", 12, "d", unit="路灯所")
    opening = OpenCase(
        case_id=case,
        category="路灯不亮",
        region=region,
        household=home,
        actor=worker,
        at=at(t),
    )
    return [
        ok(opening, scoped=True),
        ok(fire("register", 10, "r")),
        refused(fire("register", 11, "r2"), TransitionRefusedError),
        ok(dispatch),
        ok(dispatch),  # a retry: answered from the record
    ]


def visit_chain(worker: str, home: str, other: str, t: int, key: str) -> list[Step]:
    """A visit, its retry stamped later, its key reused, bad households, a naive
    time."""
    visit = RecordVisit(household=home, worker=worker, at=at(t), key=key)
    stranger = RecordVisit(household="PC9999", worker=worker, at=at(t))
    naive = at(t).replace(tzinfo=None)
    return [
        ok(visit, scoped=True),
        ok(RecordVisit(household=home, worker=worker, at=at(t + 1), key=key)),
        refused(
            RecordVisit(
                household=home, worker=worker, at=at(t), key=key, note="不在家"
            ),
            IdempotencyConflictError,
            scoped=True,
        ),
        ok(RecordVisit(household=other, worker=worker, at=at(t + 2))),
        refused(stranger, ScopeError, scoped=True),
        refused(stranger, UnknownEntityError),
        refused(
            RecordVisit(household=home, worker=worker, at=naive), InvalidValueError
        ),
    ]


def claim_chain(claim: str, worker: str, home: str, other: str, t: int) -> list[Step]:
    """A claim filed, filed again for another household (refused), verified."""

    def filing(account: str) -> FileClaim:
        return FileClaim(
            claim_id=claim,
            account=account,
            actor=worker,
            at=at(t),
            text={"kind": "volunteer"},
            numbers={"hours": Decimal(2)},
        )

    return [
        ok(filing(home), scoped=True),
        refused(filing(other), IdempotencyConflictError, scoped=True),
        ok(
            StepClaim(
                claim_id=claim, command="verify", actor=worker, at=at(t + 1), key="v"
            ),
            scoped=True,
        ),
    ]


ACKED_PER_THREAD = 2 * 4 + 3 + 2
"""Commands a thread's plan has acknowledged (retries included)."""
EVENTS_PER_THREAD = 2 * 3 * 2 + 2 * 2 + 2 * 2
"""Events it appends: each request record and its one event."""


def thread_plan(run: int, worker: str, region: str, homes: list[str]) -> list[Step]:
    """
    One thread's commands on its own cases and households, in a random order
    that keeps each chain's own order (open before 立案, filing before 核实).
    """
    rng = random.Random(f"{run}-{worker}")  # noqa: S311 - a reproducible order
    home, other = rng.sample(homes[:20], 2)
    t = rng.randrange(600)
    chains = [
        case_chain(f"{worker}-{run}-C{n}", worker, region, home, t + n)
        for n in range(2)
    ]
    chains.append(visit_chain(worker, home, other, t, f"v{run}"))
    chains.append(claim_chain(f"{worker}-{run}-K", worker, home, other, t + 3))
    plan: list[Step] = []
    while chains:
        chain = rng.choice(chains)
        plan.append(chain.pop(0))
        if not chain:
            chains.remove(chain)
    return plan


class Runner:
    """One thread: runs its plan, keeps what was acknowledged and what surprised."""

    def __init__(
        self, ws: Workspace, plan: list[Step], worker: str, start: threading.Barrier
    ) -> None:
        self.ws = ws
        self.plan = plan
        self.worker = worker
        self.start = start
        self.acked: list[tuple[Command[Any], Any]] = []
        self.surprises: list[str] = []

    def __call__(self) -> None:
        view = self.ws.view(worker=self.worker, on=START.date())
        self.start.wait(30)  # all eight threads set off together
        for command, refusal, scoped in self.plan:
            try:
                result = (view if scoped else self.ws).execute(command)
            except GridgovError as exc:
                if refusal is None or type(exc) is not refusal:
                    self.surprises.append(f"{command!r} raised {exc!r}")
                continue
            except Exception as exc:  # noqa: BLE001 - every surprise is reported
                self.surprises.append(f"{command!r} raised {exc!r}")
                continue
            if refusal is not None:
                self.surprises.append(f"{command!r} was not refused ({refusal})")
            self.acked.append((command, result))


def _open(store: str, tmp_path: Path, config: WorkspaceConfig) -> Workspace:
    if store == "sqlite":
        return Workspace.open(tmp_path / "town.db", config)
    return Workspace(config, MemoryJournal())


def _reopen(store: str, ws: Workspace, tmp_path: Path) -> Workspace:
    if store == "sqlite":
        return Workspace.open(tmp_path / "town.db", ws.config)
    return ws.reopen()


def check_acknowledged(again: Workspace, acked: list[tuple[Command[Any], Any]]) -> None:
    """Every acknowledged command is recorded, and its result is what reopens."""
    state = again.state
    for command, _ in acked:
        prior = state.request(command.subject, command.request_key)
        assert prior is not None, command
        assert prior.command == type(command).__name__
    subjects = {(c.subject, c.request_key) for c, _ in acked}
    assert set(state.requests) == subjects  # and nothing else
    last: dict[str, Any] = {}
    for command, result in acked:
        if isinstance(command, RecordVisit):
            assert state.visits.count(result) == 1
        else:
            last[command.subject] = result
    for subject, result in last.items():
        kind, _, ident = subject.partition(":")
        current = again.case(ident) if kind == "case" else again.claim(ident)
        assert current == result, subject


@pytest.mark.parametrize("run", range(20))
@pytest.mark.parametrize("store", ["sqlite", "memory"])
def test_eight_threads_share_one_workspace(
    store: str,
    run: int,
    config: WorkspaceConfig,
    homes: dict[str, tuple[str, list[str]]],
    tmp_path: Path,
) -> None:
    ws = _open(store, tmp_path, config)
    start = threading.Barrier(len(WORKERS))
    runners = [Runner(ws, thread_plan(run, w, *homes[w]), w, start) for w in WORKERS]
    threads = [threading.Thread(target=r) for r in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [s for r in runners for s in r.surprises] == []
    acked = [a for r in runners for a in r.acked]
    assert len(acked) == len(WORKERS) * ACKED_PER_THREAD
    live = ws.state.snapshot()
    again = _reopen(store, ws, tmp_path)
    try:
        assert again.verify().ok
        assert again.state.snapshot() == live
        check_acknowledged(again, acked)
        assert again.journal.head().sequence == len(WORKERS) * EVENTS_PER_THREAD
    finally:
        again.close()
        ws.close()


# -- four processes, one journal --------------------------------------------------

PREPARED = {"open", "reg"}
"""Keys the parent records on the raced cases before the race."""


def race_plan(process: int, cases: int) -> list[tuple[str, str, FireCase]]:
    """
    What *process* (0-3) fires, racing the others: (kind, case id, command).

    * ``R``: four 立案 under four keys, one is taken;
    * ``D`` (registered): two 派遣 and two 作废, one is taken;
    * ``S``: the same 立案 request (same key) from all four, taken once and
      answered to all;
    * ``V``: two 立案 and two 作废: one 作废 is taken, a 立案 only if first.
    """
    dispatch = ("dispatch", {"unit": "环卫所"})
    void = ("void", {"reason": f"重复上报 {process}"})
    register: tuple[str, dict[str, str]] = ("register", {})
    mine = f"p{process}"
    plan = []
    for n in range(cases):
        races = {
            "R": (register, mine),
            "D": (dispatch if process % 2 == 0 else void, mine),
            "S": (register, "same"),
            "V": (register if process < 2 else void, mine),
        }
        for kind, ((command, fields), key) in races.items():
            case = f"{kind}-{n}"
            fire = FireCase(
                case_id=case,
                actor=CITY,
                command=command,
                at=at(60),
                key=key,
                fields=fields,
            )
            plan.append((kind, case, fire))
    return plan


def race_worker(
    target: str,
    chain: str | None,
    process: int,
    cases: int,
    *,
    barrier: Any,
    results: Any,
) -> None:
    """One process: its own Workspace on the journal, meeting the others at
    *barrier* before each race so that their commands arrive together."""
    try:
        config = CONFIG
        visitor = WORKERS[process]
        outcomes: list[dict[str, Any]] = []
        with Workspace.open(target, config, chain=chain) as ws:
            homes = sorted(ws.view(worker=visitor, on=START.date()).scope.households)
            for i, (kind, case, command) in enumerate(race_plan(process, cases)):
                barrier.wait(60)
                outcomes.append(_outcome(ws, command, kind=kind, case=case))
                visit = RecordVisit(
                    household=homes[i % len(homes)],
                    worker=visitor,
                    at=at(120 + i),
                    key=f"p{process}-{i}",
                )
                outcomes.append(_outcome(ws, visit, kind="visit", case=""))
                if i % 3 == 0:  # a retry of the visit: the same answer
                    outcomes.append(_outcome(ws, visit, kind="visit", case=""))
        results.put((process, outcomes, None))
    except BaseException:  # noqa: BLE001 - handed to the test, which fails
        results.put((process, [], traceback.format_exc()))


def _outcome(
    ws: Workspace, command: Command[Any], *, kind: str, case: str
) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": kind, "case": case, "command": command}
    try:
        result = ws.execute(command)
    except Exception as exc:  # noqa: BLE001 - the test says which were expected
        row.update(error=type(exc).__name__, gridgov=isinstance(exc, GridgovError))
    else:
        row.update(error=None, state=getattr(result, "state", None))
        if isinstance(command, RecordVisit):
            row["visit"] = (result.household, result.key, result.event_id)
    return row


def collect(results: Any, procs: list[Any], timeout: float) -> list[Any]:
    """One result per process; fail fast if a process dies without one."""
    received: list[Any] = []
    deadline = time.monotonic() + timeout
    while len(received) < len(procs):
        try:
            received.append(results.get(timeout=1))
        except queue.Empty:
            dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
            if dead or time.monotonic() > deadline:
                pytest.fail(f"a process ended without a result (exit codes {dead})")
    return received


def prepare(ws: Workspace, cases: int) -> None:
    """Open the raced cases; register the ``D`` ones."""
    for kind in "RDSV":
        for n in range(cases):
            ws.open_case(
                f"{kind}-{n}",
                category="暴露垃圾",
                region="410381003002001001",
                actor="W06",
                at=START,
            )
    for n in range(cases):
        ws.fire_case(f"D-{n}", "register", actor=CITY, at=START, key="reg")


def race(
    target: str, chain: str | None, config: WorkspaceConfig, cases: int
) -> list[dict[str, Any]]:
    """Prepare the journal, run four racing processes, return every outcome."""
    with Workspace.open(target, config, chain=chain) as ws:
        prepare(ws, cases)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(4)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=race_worker,
            args=(target, chain, p, cases),
            kwargs={"barrier": barrier, "results": results},
        )
        for p in range(4)
    ]
    for proc in procs:
        proc.start()
    try:
        received = collect(results, procs, timeout=300)
    finally:
        for proc in procs:
            proc.join(60)
            if proc.is_alive():
                proc.kill()
    errors = [err for _, _, err in received if err is not None]
    assert errors == []
    return [row for _, rows, _ in received for row in rows]


def check_race(
    target: str, chain: str | None, config: WorkspaceConfig, rows: list[dict[str, Any]]
) -> None:
    """The reopened journal holds exactly what was acknowledged."""
    refused = Counter(r["error"] for r in rows if r["error"] is not None)
    assert set(refused) <= {"TransitionRefusedError"}, refused
    with Workspace.open(target, config, chain=chain) as again:
        assert again.verify().ok
        visits = [r["visit"] for r in rows if r["kind"] == "visit"]
        recorded = [(v.household, v.key, v.event_id) for v in again.state.visits]
        assert sorted(recorded) == sorted(set(visits))
        by_case: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if row["kind"] != "visit":
                by_case.setdefault(row["case"], []).append(row)
        for case_id, tries in by_case.items():
            _check_case(again, case_id, tries)


def _check_case(ws: Workspace, case_id: str, tries: list[dict[str, Any]]) -> None:
    won = [t["command"] for t in tries if t["error"] is None]
    events = list(ws.journal.read_stream(f"case:{case_id}"))
    keys = [e.key for e in events if e.key not in PREPARED]
    assert sorted(keys) == sorted({c.key for c in won}), case_id
    case = ws.case(case_id)
    kind = tries[0]["kind"]
    commands = Counter(c.command for c in won)
    if kind == "R":
        assert (len(won), case.state) == (1, "registered")
    elif kind == "D":
        (winner,) = won
        assert (
            case.state == {"dispatch": "dispatched", "void": "voided"}[winner.command]
        )
    elif kind == "S":
        assert len(won) == 4  # the same request: one record, four answers
        assert keys == ["same"]
        assert case.state == "registered"
    else:
        assert commands["void"] == 1
        assert commands["register"] <= 1
        assert case.state == "voided"
        if commands["register"]:  # taken only before the 作废
            first, second = (
                {c.command: c.key for c in won}[k] for k in ("register", "void")
            )
            assert keys.index(first) < keys.index(second)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def journal_target(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A journal four processes can open: (target, chain)."""
    if request.param == "sqlite":
        return str(tmp_path / "shared.db"), ""
    dsn: str = request.getfixturevalue("pg_dsn")
    return dsn, f"test-{uuid.uuid4().hex[:8]}"


def test_four_processes_race_on_one_journal(
    journal_target: tuple[str, str], config: WorkspaceConfig
) -> None:
    target, chain = journal_target
    rows = race(target, chain or None, config, cases=3)
    check_race(target, chain or None, config, rows)


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(10))
def test_four_processes_campaign(
    journal_target: tuple[str, str],
    config: WorkspaceConfig,
    round_: int,
    request: pytest.FixtureRequest,
) -> None:
    """Ten rounds of 100 races each (run with ``-m slow``)."""
    markexpr = request.config.getoption("markexpr") or ""
    if "slow" not in markexpr or "not slow" in markexpr:
        pytest.skip("the process campaign runs only with -m slow")
    target, chain = journal_target
    chain = f"{chain}-{round_}" if chain else ""
    rows = race(target, chain or None, config, cases=25)
    check_race(target, chain or None, config, rows)


# -- two Workspaces, one journal, as a state machine ----------------------------

HOMES = ["PC0001", "PC0002", "PC0003"]
CASES = ["C0", "C1"]


class TwoWorkspaces(RuleBasedStateMachine):
    """Commands go to one Workspace or the other; both must agree with a reopen."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="gridgov-two-"))
        self.db = self.folder / "town.db"
        self.sides = [Workspace.open(self.db, CONFIG), Workspace.open(self.db, CONFIG)]
        self.n = 0
        self.notes: dict[tuple[str, str], str] = {}  # a model of the visit keys

    def tick(self) -> datetime:
        self.n += 1
        return at(self.n)

    @rule(
        side=st.integers(0, 1),
        home=st.sampled_from(HOMES),
        key=st.sampled_from(["a", "b"]),
        note=st.sampled_from(["", "不在家"]),
    )
    def visit(self, side: int, home: str, key: str, note: str) -> None:
        """A visit under a key: recorded once; its key for another visit refused."""
        ws = self.sides[side]
        before = self.notes.get((home, key))
        if before is not None and before != note:
            with pytest.raises(IdempotencyConflictError):
                ws.record_visit(home, "W06", at=self.tick(), key=key, note=note)
            return
        done = ws.record_visit(home, "W06", at=self.tick(), key=key, note=note)
        assert (done.household, done.key, done.note) == (home, key, note)
        self.notes[(home, key)] = note

    @rule(side=st.integers(0, 1), case=st.sampled_from(CASES))
    def open_case(self, side: int, case: str) -> None:
        """Opening the same case again is the same request: answered, not doubled."""
        opened = self.sides[side].open_case(
            case,
            category="路灯不亮",
            region="410381003002001001",
            actor="W06",
            at=self.tick(),
        )
        assert opened.id == case

    @rule(
        side=st.integers(0, 1),
        case=st.sampled_from(CASES),
        command=st.sampled_from(["register", "void", "dispatch"]),
        key=st.sampled_from(["k1", "k2"]),
    )
    def fire(self, side: int, case: str, command: str, key: str) -> None:
        """A step on a case, from either side: taken, or refused by its rules."""
        fields = {"void": {"reason": "重复"}, "dispatch": {"unit": "环卫所"}}
        with contextlib.suppress(
            TransitionRefusedError, IdempotencyConflictError, UnknownEntityError
        ):
            self.sides[side].fire_case(
                case,
                command,
                actor=CITY,
                at=self.tick(),
                key=key,
                fields=fields.get(command, {}),
            )

    @rule(side=st.integers(0, 1), home=st.sampled_from(HOMES))
    def transaction(self, side: int, home: str) -> None:
        """Two commands in one append, from either side."""
        ws = self.sides[side]
        claim = f"K{self.n}"
        with ws.transaction():
            ws.record_visit(home, "W07", at=self.tick())
            ws.file_claim(
                claim,
                home,
                at=self.tick(),
                actor="W07",
                text={"kind": "volunteer"},
                numbers={"hours": 1},
            )

    @rule(side=st.integers(0, 1))
    def duplicate_claim(self, side: int) -> None:
        """A claim id already taken, under another key, is refused."""
        taken = [c.id for c in self.sides[1 - side].claims()]
        if taken:
            with pytest.raises(DuplicateEntityError):
                self.sides[side].file_claim(
                    taken[0],
                    "PC0003",
                    at=self.tick(),
                    actor="W07",
                    key="again",
                    text={"kind": "volunteer"},
                    numbers={"hours": 1},
                )

    @invariant()
    def both_equal_a_reopen(self) -> None:
        for ws in self.sides:
            ws.refresh()
        a, b = (ws.state.snapshot() for ws in self.sides)
        assert a == b
        with Workspace.open(self.db, CONFIG) as fresh:
            assert fresh.state.snapshot() == a

    def teardown(self) -> None:
        try:
            assert self.sides[0].verify().ok
        finally:
            for ws in self.sides:
                ws.close()
            shutil.rmtree(self.folder, ignore_errors=True)


TestTwoWorkspaces = TwoWorkspaces.TestCase
TestTwoWorkspaces.settings = settings(
    max_examples=20, stateful_step_count=15, deadline=None
)
