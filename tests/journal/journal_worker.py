"""
A journal writer run as a separate process by the kill and concurrency tests.

    python journal_worker.py write TARGET CHAIN ROUND COUNT
        Append COUNT events, one per append, printing each index on stdout after
        its append has returned (the acknowledgement), until killed or done.
    python journal_worker.py contend TARGET CHAIN WORKER COUNT
        Wait for "go" on stdin, then append COUNT events to the worker's own
        stream and COUNT to the shared stream "shared", the latter with
        optimistic concurrency (re-read the version and retry on conflict):
        even workers pass expected_version, odd ones expect={"shared": version}
        and also the version of the next worker's own stream, which they only
        read (and which may move meanwhile: that is a conflict too).

TARGET is a SQLite path or a postgresql:// URL; CHAIN names the PostgreSQL chain.
"""

import sys

from gridgov.errors import ConcurrencyError
from gridgov.journal import open_journal
from gridgov.testing.journal_contract import note


def kill_stream(index: int) -> str:
    return f"s{index % 5}"


def kill_key(round_: int, index: int) -> str:
    return f"r{round_}-{index}"


def write(target: str, chain: str, round_: int, count: int) -> None:
    journal = open_journal(target, chain=chain)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for i in range(count):
        journal.append([note(kill_stream(i), kill_key(round_, i), f"第{i}条")])
        out.write(f"{i}\n")
        out.flush()


def contend(target: str, chain: str, worker: int, count: int) -> None:
    journal = open_journal(target, chain=chain)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    if sys.stdin.readline().strip() != "go":
        return
    conflicts = 0
    neighbour = f"w{(worker + 1) % 4}"
    for i in range(count):
        journal.append([note(f"w{worker}", str(i))])
        event = note("shared", f"w{worker}-{i}")
        while True:
            version = journal.stream_version("shared")
            try:
                if worker % 2 == 0:
                    journal.append([event], expected_version=version)
                else:
                    read = journal.stream_version(neighbour)
                    journal.append([event], expect={"shared": version, neighbour: read})
                break
            except ConcurrencyError:
                conflicts += 1
    sys.stdout.write(f"conflicts {conflicts}\n")


if __name__ == "__main__":
    mode, target, chain, number, count = sys.argv[1:6]
    if mode == "write":
        write(target, chain, int(number), int(count))
    else:
        contend(target, chain, int(number), int(count))
