"""Instructions per call, ours:memory against the floor, counted by valgrind's callgrind.

    python -m benchmarks.instructions [--calls 30] [workload substring ...]

Wall-clock ratios swing by tens of percent on a shared machine; instruction
counts repeat to about 1 % whatever the load, so they show whether a change
to the hot path pays. They don't see cache misses, so they understate what
the latency benchmark measures: use them to compare two versions of the code,
and `benchmarks.run` for the figures we publish. Needs `valgrind` on PATH; each
workload takes a minute or two per implementation.

Each measurement runs this module again under callgrind (`--child`), which
prepares the workload, then calls os.sched_yield() and os.getppid() around the
timed calls: callgrind dumps its counters before each of those two functions,
so the second dump holds exactly the timed calls.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMPLEMENTATIONS = ("floor", "memory")
WARMUP_CALLS = 5
_TOTALS = re.compile(rb"^totals:\s+(\d+)", re.MULTILINE)


def _run_child(implementation: str, workload_name: str, calls: int) -> None:
    """Inside callgrind: prepare, mark, time `calls` calls, mark."""
    from benchmarks.implementations import ours
    from benchmarks.latency import record_floor
    from benchmarks.workloads import WORKLOADS

    workload = next(w for w in WORKLOADS if w.name == workload_name)
    chosen = record_floor([workload]) if implementation == "floor" else ours("memory://")
    with chosen.activate() as clients:
        state = workload.prepare(clients)
        for _ in range(WARMUP_CALLS):
            workload.run(clients, state)
        os.sched_yield()  # callgrind dumps here: everything before
        for _ in range(calls):
            workload.run(clients, state)
        os.getppid()  # ... and here: the timed calls


def timed_instructions(dump: bytes) -> int:
    """The instruction total of one callgrind dump file."""
    found = _TOTALS.search(dump)
    if found is None:
        raise ValueError("no totals line in the callgrind dump")
    return int(found.group(1))


def count(implementation: str, workload_name: str, calls: int) -> float:
    """Instructions per call of one workload on one implementation."""
    with tempfile.TemporaryDirectory() as directory:
        command = [
            "valgrind", "--tool=callgrind", "--dump-before=sched_yield", "--dump-before=getppid",
            f"--callgrind-out-file={directory}/callgrind.out",
            sys.executable, "-m", "benchmarks.instructions", "--child", implementation, workload_name, str(calls),
        ]
        subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Dumps are numbered in order: .1 ends at sched_yield (setup), .2 at getppid (the timed calls).
        return timed_instructions(Path(directory, "callgrind.out.2").read_bytes()) / calls


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        implementation, workload_name, calls = args[1:4]
        _run_child(implementation, workload_name, int(calls))
        return
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__.split("\n")[0])
    parser.add_argument("workloads", nargs="*", help="substrings of workload names (default: all)")
    parser.add_argument("--calls", type=int, default=30)
    options = parser.parse_args(args)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    from benchmarks.workloads import WORKLOADS

    for workload in WORKLOADS:
        if options.workloads and not any(part in workload.name for part in options.workloads):
            continue
        floor, ours = (count(name, workload.name, options.calls) for name in IMPLEMENTATIONS)
        print(f"{workload.name:32s} floor {floor / 1e6:6.2f} M  ours:memory {ours / 1e6:6.2f} M  "
              f"ratio {ours / floor:.3f}  added {(ours - floor) / 1e6:.2f} M", flush=True)


if __name__ == "__main__":
    main()
