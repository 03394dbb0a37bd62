"""
Kill tests and multi-process concurrency for the durable journals.

Kill test: a writer process appends one event per append and acknowledges each
on a pipe after the append returns; it is SIGKILLed at a random moment. Every
acknowledged event must be present and intact, at most one more (committed but
not yet acknowledged) may be, and the chain must verify. CI runs a short campaign
(5 kills); ``pytest -m slow`` runs the full one (50 kills of 10,000 appends).

On PostgreSQL a killed client's last COMMIT may still complete on the server
after the client is gone. ``verify`` reads one snapshot, so that never looks
like a broken chain (`test_verify_never_sees_a_false_break`); the kill test
also waits for the killed client's server session to end before it checks,
so that a late commit cannot land in the middle of the next round's checks.
"""

import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from gridgov.journal import open_journal
from gridgov.testing.journal_contract import note

WORKER = Path(__file__).with_name("journal_worker.py")
sys.path.insert(0, str(WORKER.parent))
from journal_worker import kill_key, kill_stream  # noqa: E402

APPENDS = 10_000


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request, tmp_path):
    """A durable store for the worker processes: (target string, chain name)."""
    if request.param == "sqlite":
        return str(tmp_path / "durable.db"), "main"
    dsn = request.getfixturevalue("pg_dsn")
    return dsn, f"durable-{uuid.uuid4().hex}"


def _spawn(*args):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen(  # noqa: S603 - our own worker script
        [sys.executable, str(WORKER), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def _tagged(target, name):
    """The PostgreSQL URL with an application_name (SQLite paths unchanged)."""
    if "://" not in target:
        return target
    return f"{target}{'&' if '?' in target else '?'}application_name={name}"


def _settle(target, name):
    """Wait until no server session named *name* is left (PostgreSQL only).

    A server finishes the statement in flight (perhaps a COMMIT) before it
    notices that its client died; after that nothing more can land.
    """
    if "://" not in target:
        return
    import psycopg  # only the PostgreSQL runs need it

    with psycopg.connect(target, autocommit=True) as conn:
        for _ in range(6000):  # a safety net against a hang, not a timing check
            (left,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                (name,),
            ).fetchone()
            if left == 0:
                return
            time.sleep(0.01)
    pytest.fail(f"the killed writer's server session {name} never ended")


def _kill_round(target, chain, round_, rng, most):
    """Run one writer, kill it after a random number of acks; return the acks."""
    name = f"gridgov-kill-{uuid.uuid4().hex[:12]}"
    with _spawn("write", _tagged(target, name), chain, round_, APPENDS) as proc:
        assert proc.stdout.readline().strip() == "ready"
        wanted = rng.randint(1, most)
        acked = []
        for line in proc.stdout:
            acked.append(int(line))
            if len(acked) >= wanted:
                break
        time.sleep(rng.uniform(0, 0.002))  # land anywhere inside the next append
        proc.kill()
        acked += [int(line) for line in proc.stdout.read().split()]
    assert proc.returncode == -9, "the writer finished before it could be killed"
    _settle(target, name)
    return acked


def _check_round(journal, round_, acked, after):
    """Every acked event is present and intact; at most one more; chain verifies."""
    records = list(journal.read_all(after=after))
    present = [r.event for r in records]
    expected = [
        note(kill_stream(i), kill_key(round_, i), f"第{i}条")
        for i in range(len(present))
    ]
    assert present == expected, "events are missing, reordered or altered"
    assert acked == list(range(len(acked)))
    assert len(acked) <= len(present) <= len(acked) + 1
    result = journal.verify()
    assert result.ok, result.broken
    return result.head.sequence


def run_kill_campaign(target, chain, *, kills, most, seed, on_round=None):
    """Kill *kills* writers on one store; return (events kept, acked, unacked kept)."""
    rng = random.Random(seed)  # noqa: S311 - test randomness, seeded
    position = acked_total = unacked_kept = 0
    for round_ in range(kills):
        acked = _kill_round(target, chain, round_, rng, most)
        with open_journal(target, chain=chain) as journal:
            new_position = _check_round(journal, round_, acked, position)
        acked_total += len(acked)
        unacked_kept += new_position - position - len(acked)
        position = new_position
        if on_round is not None:
            on_round(round_, position, acked_total, unacked_kept)
    return position, acked_total, unacked_kept


def test_killed_writers_lose_no_acknowledged_event(target):
    """Five writers SIGKILLed mid-append: every ack is kept, nothing partial."""
    store, chain = target
    kept, acked, _ = run_kill_campaign(store, chain, kills=5, most=800, seed=2026)
    assert kept >= acked >= 5


@pytest.mark.slow
def test_kill_campaign_full(target, capsys, request):
    """Fifty writers of 10,000 appends killed at random moments: nothing lost."""
    markexpr = request.config.getoption("markexpr") or ""
    if "slow" not in markexpr or "not slow" in markexpr:
        pytest.skip("the full kill campaign runs only with -m slow")
    store, chain = target
    name = "postgres" if "://" in store else "sqlite"
    start = time.perf_counter()

    def report(round_, kept, acked, unacked):
        with capsys.disabled():
            print(  # noqa: T201 - the campaign reports its figures as it goes
                f"kill campaign {name}: {round_ + 1} kills, {kept} events kept, "
                f"{acked} acknowledged, {unacked} committed-but-unacknowledged, "
                f"{time.perf_counter() - start:.0f} s",
                flush=True,
            )

    kept, acked, _ = run_kill_campaign(
        store, chain, kills=50, most=APPENDS - 1, seed=20261123, on_round=report
    )
    assert kept >= acked


def test_four_processes_append_at_once(target):
    """Four processes appending at once: no lost or duplicated event; chain verifies."""
    store, chain = target
    count = 60
    with open_journal(store, chain=chain):
        pass  # create the tables before the race
    workers = [_spawn("contend", store, chain, w, count) for w in range(4)]
    for proc in workers:
        assert proc.stdout.readline().strip() == "ready"
    for proc in workers:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in workers:
        with proc:
            proc.stdin.close()
            assert proc.wait(timeout=600) == 0
    with open_journal(store, chain=chain) as journal:
        assert journal.head().sequence == 4 * count * 2
        for w in range(4):
            own = [r.key for r in journal.read_stream(f"w{w}")]
            assert own == [str(i) for i in range(count)]
        shared = list(journal.read_stream("shared"))
        assert [r.version for r in shared] == list(range(1, 4 * count + 1))
        keys = sorted(r.key for r in shared)
        assert keys == sorted(f"w{w}-{i}" for w in range(4) for i in range(count))
        assert journal.verify().ok


def test_verify_never_sees_a_false_break(target):
    """verify() in a loop while two writer processes append and are SIGKILLed
    mid-append: every walk is one consistent snapshot, so every verify is ok
    (a killed client's last COMMIT may land on the server during a verify) and
    the verified head never moves back."""
    store, chain = target
    rng = random.Random(20261207)  # noqa: S311 - test randomness, seeded
    last = 0
    with open_journal(store, chain=chain) as journal:
        for round_ in range(4):
            writers = [
                _spawn("write", store, chain, 10 * round_ + w, 3000) for w in (0, 1)
            ]
            try:
                for proc in writers:
                    assert proc.stdout.readline().strip() == "ready"
                    proc.stdout.readline()  # it has appended at least once
                for check in range(8):
                    if check in {3, 6}:
                        time.sleep(rng.uniform(0, 0.002))  # inside an append
                        writers[check // 6].kill()
                    result = journal.verify()
                    assert result.ok, result.broken
                    assert result.head.sequence >= last
                    last = result.head.sequence
            finally:
                for proc in writers:
                    proc.kill()
                    proc.communicate()
        assert journal.verify().ok
