"""The benchmark command: latency vs the floor and Moto, cross-process throughput, scale.

    python -m benchmarks.run            # full run, about 10-15 minutes
    python -m benchmarks.run --quick    # smaller, a few minutes

Writes docs/performance.md and docs/performance-ratios.png, and prints each
target's verdict. Needs the `benchmark` extra (Moto, matplotlib); see
docs/performance.md.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import moto  # first: Moto's hook only reaches clients created after it is imported

from benchmarks import crossprocess, gaps, latency, report, scale
from benchmarks.implementations import REDIS_URL, moto_in_process, moto_server, ours, redis_reachable, running_moto_server
from benchmarks.workloads import WORKLOADS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls, 1k vs 20k resources")
    parser.add_argument("--skip-cross-process", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--redis-url", default=REDIS_URL, help="real Redis for ours:redis (default %(default)s)")
    parser.add_argument("--scale-store", default="memory://", help="store of the scale runs (default %(default)s)")
    parser.add_argument("--output", type=Path, default=DOCS / "performance.md")
    return parser.parse_args(argv)


def _redis_version(url: str) -> str | None:
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=2).info("server")["redis_version"]
    except redis.RedisError:
        return None


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    rounds, calls = (3, 20) if args.quick else (11, 25)
    scale_sizes = (1_000, 20_000) if args.quick else (1_000, 100_000)
    scale_rounds, scale_calls = (3, 20) if args.quick else (5, 40)
    seconds = 3.0 if args.quick else 8.0
    redis_url = args.redis_url if redis_reachable(args.redis_url) else None
    if redis_url is None:
        print(f"no Redis at {args.redis_url}: ours:redis is left out")
    machine = report.machine_description(moto.__version__, _redis_version(args.redis_url))

    with running_moto_server() as endpoint:
        print("recording the floor's responses")
        implementations = [latency.record_floor(WORKLOADS), ours("memory://"), ours("fakeredis://")]
        if redis_url:
            implementations.append(ours(redis_url))
        implementations += [moto_in_process(), moto_server(endpoint)]
        print(f"latency: {rounds} rounds x {calls} calls per workload and implementation")
        results = latency.measure(implementations, rounds, calls)
        print("where the gap comes from: answers in place vs again, Redis reads after idle work, waiting for Redis")
        handler_costs = gaps.handler_costs(WORKLOADS, "memory://", calls * 2)
        idle_round_trips = gaps.round_trip_after_idle(redis_url) if redis_url else None
        redis_waits = gaps.redis_waits(WORKLOADS, redis_url, calls * 4) if redis_url else None
        throughput = None
        if not args.skip_cross_process:
            print(f"cross-process: {seconds:.0f} s per measurement")
            throughput = crossprocess.measure([2, 4], seconds, endpoint, redis_url)
    scale_results = None
    if not args.skip_scale:
        print(f"scale on {args.scale_store}: {scale_sizes[0]:,} vs {scale_sizes[1]:,} resources")
        scale_results = scale.measure(args.scale_store, scale_sizes, scale_rounds, scale_calls)

    plot_path = args.output.with_name("performance-ratios.png")
    workload_names = [w.name for w in WORKLOADS]
    report.plot(results, workload_names, plot_path)
    command = "python -m benchmarks.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    verdicts = report.write_markdown(
        args.output, command=command.strip(), machine=machine,
        settings=f"This run: {rounds} rounds x {calls} calls per cell; cross-process {seconds:.0f} s per "
                 f"measurement; scale {scale_rounds} rounds x {scale_calls} calls.",
        latency=results, workloads=workload_names, throughput=throughput, scale=scale_results,
        scale_store=args.scale_store, plot_name=plot_path.name,
        handler_costs=handler_costs, idle_round_trips=idle_round_trips, redis_waits=redis_waits,
    )
    print(args.output.read_text())
    for verdict in verdicts:
        print(f"{'PASS' if verdict.passed else 'FAIL'}  {verdict.target}  ({verdict.detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
