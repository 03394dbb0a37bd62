"""
The web example under load: one app shared by threads, two apps on one journal.

* Eight client threads share one app (one Workspace on SQLite), each on its own
  worker's households and its own cases, with retries and bad input: no answer
  is a 5xx, every refusal is the problem expected, and every command answered
  with a 2xx is in the journal after reopening it, which verifies.
* Two server processes, each with its own app and Workspace on one SQLite file,
  race conflicting commands on the same cases (two 立案 under different keys;
  派遣 against 作废; 立案 against 作废) with visits in between: afterwards each
  case holds exactly what was acknowledged, and a loser got a 409 problem.
"""

from __future__ import annotations

import importlib.util
import json
import multiprocessing
import queue
import sys
import threading
import time
import traceback
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the web example needs the test extra")

from starlette.testclient import TestClient

from gridgov.app import Workspace, WorkspaceConfig, sample_config
from gridgov.domain.spans import CHINA_TZ
from gridgov.flow import Actor

# Load app.py under a unique name (and register it, for the processes below).
_spec = importlib.util.spec_from_file_location(
    "web_app", Path(__file__).with_name("app.py")
)
assert _spec is not None
assert _spec.loader is not None
web = importlib.util.module_from_spec(_spec)
sys.modules["web_app"] = web
_spec.loader.exec_module(web)

START = datetime(2026, 11, 2, 8, 0, tzinfo=CHINA_TZ)
CITY = {"id": "指挥中心", "roles": ["operator", "dispatcher", "leader"]}
OPERATOR = Actor("指挥中心", frozenset({"operator"}))
WORKERS = [f"W{n:02d}" for n in range(6, 14)]  # eight grid workers, one each


class Monday:
    """A fixed clock: every worker's scope is that of Monday 2 November 2026."""

    def now(self) -> datetime:
        return START


def stamp(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


@pytest.fixture(scope="module")
def config() -> WorkspaceConfig:
    return sample_config()


@pytest.fixture(scope="module")
def homes(config: WorkspaceConfig) -> dict[str, tuple[str, list[str]]]:
    """Each worker's micro-grid and households (the scope of the view)."""
    ws = Workspace.in_memory(config)
    out: dict[str, tuple[str, list[str]]] = {}
    for worker in WORKERS:
        scope = ws.view(worker=worker, on=START.date()).scope
        (region,) = scope.regions
        out[worker] = (region, sorted(scope.households))
    return out


# -- eight threads, one app ------------------------------------------------------


class Session:
    """One client thread's requests, what it expects, and what was acknowledged."""

    def __init__(
        self,
        client: TestClient,
        start: threading.Barrier,
        worker: str,
        region: str,
        homes: list[str],
    ) -> None:
        self.client = client
        self.start = start
        self.worker = worker
        self.region = region
        self.homes = homes
        self.acked: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.failures: list[str] = []

    def post(
        self, body: object, expect: int, *, key: str | None = None, signed: bool = True
    ) -> dict[str, Any]:
        headers = {"X-Worker": self.worker} if signed else {}
        if key is not None:
            headers["Idempotency-Key"] = key
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        response = self.client.post("/commands", content=raw, headers=headers)
        answer: dict[str, Any] = response.json()
        if response.status_code != expect:
            self.failures.append(f"{body!r}: {response.status_code} {answer}")
        elif expect >= 400:
            self._check_problem(response.headers["content-type"], answer, expect)
        elif isinstance(body, dict):
            self.acked.append((body, answer))
        return answer

    def _check_problem(self, kind: str, problem: dict[str, Any], status: int) -> None:
        if kind != "application/problem+json" or problem.get("status") != status:
            self.failures.append(f"not a {status} problem: {kind} {problem}")
        elif not {"type", "title", "detail", "instance"} <= problem.keys():
            self.failures.append(f"incomplete problem: {problem}")

    def run(self, rounds: int) -> None:
        me, home, away = self.worker, self.homes, "PC9999"
        self.start.wait(30)  # all eight threads set off together
        for r in range(rounds):
            t = 60 * r
            visit = {
                "type": "RecordVisit",
                "household": home[r],
                "worker": me,
                "at": stamp(t),
                "note": "血压正常",
            }
            first = self.post(visit, 200, key=f"{me}-v{r}")
            again = self.post({**visit, "at": stamp(t + 1)}, 200, key=f"{me}-v{r}")
            if again != first:
                self.failures.append(f"retry answered {again}, first {first}")
            self.post({**visit, "note": "不在家"}, 409, key=f"{me}-v{r}")
            self.post({**visit, "household": away}, 403, key=f"{me}-x{r}")
            self.post({**visit, "household": away}, 404, key=f"{me}-x{r}", signed=False)
            self.post(b'{"type": "RecordVisit",', 422, key=f"{me}-bad{r}")
            case = f"{me}-C{r}"
            opening = {
                "type": "OpenCase",
                "case_id": case,
                "category": "路灯不亮",
                "region": self.region,
                "household": home[r],
                "actor": me,
                "at": stamp(t + 2),
            }
            self.post(opening, 200)
            self.post({**opening, "actor": "W01"}, 403, key="open")
            step = {"type": "FireCase", "case_id": case, "actor": CITY}
            register = {**step, "command": "register", "at": stamp(t + 3)}
            self.post(register, 200, key="reg", signed=False)
            self.post(register, 200, key="reg", signed=False)
            self.post(register, 409, key="reg-again", signed=False)
            dispatch = {**step, "command": "dispatch", "at": stamp(t + 4)}
            self.post(dispatch, 422, key="dis", signed=False)  # no unit
            self.post(
                {**dispatch, "fields": {"unit": "路灯所"}}, 200, key="dis", signed=False
            )
            self.post(
                {**step, "command": "close", "at": stamp(t + 5)},
                409,
                key="c",
                signed=False,
            )
            claim = {
                "type": "FileClaim",
                "claim_id": f"{case}-K",
                "account": home[r],
                "actor": me,
                "at": stamp(t + 6),
                "text": {"kind": "volunteer"},
                "numbers": {"hours": "2"},
            }
            self.post(claim, 200)
            self.post({**claim, "account": away}, 403, key="filed-2")
            got = self.client.get(f"/cases/{case}", headers={"X-Worker": me})
            if got.status_code != 200 or got.json()["state"] != "dispatched":
                self.failures.append(f"GET {case}: {got.status_code} {got.json()}")


def _request_of(ws: Workspace, body: dict[str, Any], answer: dict[str, Any]) -> bool:
    prior = ws.state.request(answer["subject"], answer["key"])
    return prior is not None and prior.command == body["type"]


def test_eight_threads_share_one_app(
    config: WorkspaceConfig, homes: dict[str, tuple[str, list[str]]], tmp_path: Path
) -> None:
    db = tmp_path / "town.db"
    with Workspace.open(db, config) as ws:
        app = web.create_app(ws, clock=Monday())
        with TestClient(app) as client:
            start = threading.Barrier(len(WORKERS))
            sessions = [Session(client, start, w, *homes[w]) for w in WORKERS]
            threads = [threading.Thread(target=s.run, args=(3,)) for s in sessions]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        live = ws.state.snapshot()
    assert [f for s in sessions for f in s.failures] == []
    acked = [pair for s in sessions for pair in s.acked]
    assert len(acked) == len(WORKERS) * 3 * 7
    with Workspace.open(db, config) as again:
        assert again.verify().ok
        assert again.state.snapshot() == live
        assert all(_request_of(again, body, answer) for body, answer in acked)
        visits = [a["result"] for b, a in acked if b["type"] == "RecordVisit"]
        recorded = [(v.household, v.key) for v in again.state.visits]
        assert sorted(recorded) == sorted({(v["household"], v["key"]) for v in visits})
        assert {c.id: c.state for c in again.cases()} == {
            f"{w}-C{r}": "dispatched" for w in WORKERS for r in range(3)
        }
        assert len(again.claims()) == len(WORKERS) * 3


# -- two processes, one journal --------------------------------------------------

RACES = 4  # cases per kind of race


def race_plan(process: int) -> list[tuple[str, dict[str, Any]]]:
    """What *process* (0 or 1) fires: (kind, command), racing the other process."""
    plan: list[tuple[str, dict[str, Any]]] = []
    for n in range(RACES):
        step = {"type": "FireCase", "actor": CITY, "at": stamp(60 + n)}
        # Two 立案 under different keys: exactly one is taken.
        plan.append(
            ("two-registers", {**step, "case_id": f"R-{n}", "command": "register"})
        )
        # 派遣 against 作废 on a registered case: exactly one is taken.
        if process == 0:
            dispatch = {"command": "dispatch", "fields": {"unit": "路灯所"}}
            plan.append(("dispatch-void", {**step, "case_id": f"D-{n}", **dispatch}))
        else:
            void = {"command": "void", "fields": {"reason": "重复上报"}}
            plan.append(("dispatch-void", {**step, "case_id": f"D-{n}", **void}))
        # 立案 against 作废 on a reported case: 作废 is always taken; 立案 only first.
        command = {"command": "register"} if process == 0 else void_of("重复上报")
        plan.append(("register-void", {**step, "case_id": f"V-{n}", **command}))
    return plan


def void_of(reason: str) -> dict[str, Any]:
    return {"command": "void", "fields": {"reason": reason}}


def server_process(
    db: str, process: int, visitor: str, *, barrier: Any, results: Any
) -> None:
    """
    One server process: its own app and Workspace on *db*, racing the other.

    Both processes meet at *barrier* before each race, so that their requests
    for the same case arrive together.
    """
    try:
        config = sample_config()
        app = web.create_app(db, config, clock=Monday())
        scope = app.state.workspace.view(worker=visitor, on=START.date()).scope
        homes = sorted(scope.households)
        out: list[dict[str, Any]] = []
        with TestClient(app) as client:
            for i, (kind, body) in enumerate(race_plan(process)):
                barrier.wait(60)
                key = f"p{process}-{i}"
                for attempt in range(2):  # every request is sent twice
                    r = client.post(
                        "/commands", json=body, headers={"Idempotency-Key": key}
                    )
                    out.append(
                        {
                            "kind": kind,
                            "case": body["case_id"],
                            "command": body["command"],
                            "key": key,
                            "attempt": attempt,
                            "status": r.status_code,
                            "content_type": r.headers["content-type"],
                            "body": r.json(),
                        }
                    )
                visit = {
                    "type": "RecordVisit",
                    "household": homes[i % len(homes)],
                    "worker": visitor,
                    "at": stamp(120 + i),
                }
                r = client.post(
                    "/commands",
                    json=visit,
                    headers={"X-Worker": visitor, "Idempotency-Key": f"{key}-visit"},
                )
                out.append({"kind": "visit", "status": r.status_code, "body": r.json()})
        results.put((process, out, None))
    except BaseException:  # noqa: BLE001 - reported to the test, which fails
        results.put((process, [], traceback.format_exc()))


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


@pytest.fixture
def shared_db(config: WorkspaceConfig, tmp_path: Path) -> Path:
    """A journal with the raced cases opened (D- cases also registered)."""
    db = tmp_path / "shared.db"
    with Workspace.open(db, config) as ws:
        for prefix in ("R", "D", "V"):
            for n in range(RACES):
                ws.open_case(
                    f"{prefix}-{n}",
                    category="暴露垃圾",
                    region="410381003002001001",
                    actor="W06",
                    at=START,
                )
        for n in range(RACES):
            ws.fire_case(f"D-{n}", "register", actor=OPERATOR, at=START, key="reg")
    return db


def test_two_processes_race_on_one_journal(
    config: WorkspaceConfig, shared_db: Path
) -> None:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=server_process,
            args=(str(shared_db), p, ("W06", "W07")[p]),
            kwargs={"barrier": barrier, "results": results},
        )
        for p in (0, 1)
    ]
    for proc in procs:
        proc.start()
    try:
        received = collect(results, procs, timeout=120)
        answers = {p: (out, err) for p, out, err in received}
    finally:
        for proc in procs:
            proc.join(30)
    assert [answers[p][1] for p in (0, 1)] == [None, None]
    rows = [row for p in (0, 1) for row in answers[p][0]]
    assert all(row["status"] < 500 for row in rows)
    with Workspace.open(shared_db, config) as again:
        assert again.verify().ok
        _check_races(again, [r for r in rows if r["kind"] != "visit"])
        visits = [r for r in rows if r["kind"] == "visit"]
        assert all(r["status"] == 200 for r in visits)
        recorded = [(v.household, v.key) for v in again.state.visits]
        assert sorted(recorded) == sorted(
            (r["body"]["result"]["household"], r["body"]["key"]) for r in visits
        )


def _check_races(ws: Workspace, rows: list[dict[str, Any]]) -> None:
    """Each case holds exactly the commands acknowledged; losers got a 409."""
    by_case: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_case.setdefault(row["case"], []).append(row)
    for case_id, tries in by_case.items():
        firsts = [t for t in tries if t["attempt"] == 0]
        retries = {t["key"]: t for t in tries if t["attempt"] == 1}
        for first in firsts:  # a retry is answered like the first try
            assert retries[first["key"]]["status"] == first["status"]
        won = [t for t in firsts if t["status"] == 200]
        lost = [t for t in firsts if t["status"] != 200]
        for t in lost:
            assert (t["status"], t["content_type"]) == (409, "application/problem+json")
            assert t["body"]["type"].endswith("transition-refused")
        stream = f"case:{case_id}"
        keys = {e.key for e in ws.journal.read_stream(stream)} - {"open", "reg"}
        assert keys == {t["key"] for t in won}, case_id
        case = ws.case(case_id)
        kind = firsts[0]["kind"]
        if kind == "two-registers":
            assert (len(won), case.state) == (1, "registered")
        elif kind == "dispatch-void":
            (winner,) = won
            assert (
                case.state
                == {"dispatch": "dispatched", "void": "voided"}[winner["command"]]
            )
        else:  # 作废 is always allowed; 立案 only when it came first
            assert "void" in {t["command"] for t in won}
            assert case.state == "voided"
