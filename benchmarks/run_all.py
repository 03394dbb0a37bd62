"""
Run every ``benchmarks/bench_*.py`` briefly (quick mode); exit non-zero if any fails.

CI calls ``python benchmarks/run_all.py``. Each script runs in its own process
with ``GRIDGOV_BENCH_QUICK=1``, so a crash in one cannot hide another, and quick
results land in ``benchmarks/results/quick/`` (ignored by git). Pass script
names to run only some: ``python benchmarks/run_all.py bench_calendar.py``.
Pass ``--full`` to run them at full length (writes the published tables).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    full = "--full" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if wanted:
        scripts = [s for s in scripts if s.name in wanted or s.stem in wanted]
    env = dict(os.environ)
    if full:
        env.pop("GRIDGOV_BENCH_QUICK", None)
    else:
        env["GRIDGOV_BENCH_QUICK"] = "1"
    failed = []
    for script in scripts:
        start = time.perf_counter()
        print(f"==> {script.name}", flush=True)
        done = subprocess.run([sys.executable, str(script)], env=env, check=False)  # noqa: S603
        took = time.perf_counter() - start
        status = "ok" if done.returncode == 0 else f"FAILED ({done.returncode})"
        print(f"<== {script.name}: {status} in {took:.1f} s", flush=True)
        if done.returncode != 0:
            failed.append(script.name)
    print(f"{len(scripts) - len(failed)}/{len(scripts)} benchmarks ran")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
