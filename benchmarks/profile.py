"""Where does moto-shared spend its time on each benchmark workload? cProfile, our code only.

    python -m benchmarks.profile [--store memory://] [--calls 200] [workload substring ...]

For each workload it prints the share of the run spent inside moto-shared
(`moto_shared/` and `adapters/`, everything our mock adds on top of the floor)
and our top functions by own time, as file:line, so hotspots can be fixed.
Needs neither Moto nor matplotlib.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from pathlib import Path

from benchmarks.clients import Clients
from benchmarks.workloads import WORKLOADS

REPO = Path(__file__).resolve().parent.parent
OUR_CODE = ("moto_shared", "adapters")


def _ours(filename: str) -> bool:
    parts = Path(filename).parts
    return any(part in OUR_CODE for part in parts) and "benchmarks" not in parts


def _short(filename: str) -> str:
    parts = Path(filename).parts
    start = max(index for index, part in enumerate(parts) if part in OUR_CODE)
    return "/".join(parts[start:])


def profile_workload(workload, store_url: str, calls: int, top: int) -> list[str]:
    from moto_shared import mock_aws

    with mock_aws(store=store_url):
        clients = Clients()
        state = workload.prepare(clients)
        workload.run(clients, state)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(calls):
            workload.run(clients, state)
        profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(own for (_, _, own, _, _) in stats.values())
    ours = {key: value for key, value in stats.items() if _ours(key[0])}
    # Time inside our code = own time of our functions plus what they call outside it (msgpack, re, ...).
    our_total = sum(own for (_, _, own, _, _) in ours.values()) + sum(
        own for key, (_, _, own, _, callers) in stats.items()
        if not _ours(key[0]) and any(_ours(caller[0]) for caller in callers)
    )
    lines = [f"{workload.name}: {our_total / total:.0%} of the run in moto-shared ({total / calls * 1e3:.2f} ms/call "
             f"profiled)"]
    ranked = sorted(ours.items(), key=lambda item: item[1][2], reverse=True)[:top]
    for (filename, line, function), (_, ncalls, own, cumulative, _) in ranked:
        lines.append(f"  {own / calls * 1e6:8.1f} us own {cumulative / calls * 1e6:9.1f} us cum  "
                     f"{_short(filename)}:{line}({function}) x{ncalls // calls}")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.split("\n")[0])
    parser.add_argument("workloads", nargs="*", help="substrings of workload names (default: all)")
    parser.add_argument("--store", default="memory://")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args(argv)
    for workload in WORKLOADS:
        if not args.workloads or any(part in workload.name for part in args.workloads):
            print("\n".join(profile_workload(workload, args.store, args.calls, args.top)))
            print()


if __name__ == "__main__":
    main()
