"""Turns one run's results into docs/performance.md and the ratio plot, with each target's verdict."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from pathlib import Path

from benchmarks.gaps import WARM_REPEATS, HandlerCost, RedisWait
from benchmarks.latency import LatencyResults
from benchmarks.scale import ScaleResult

FLOOR, MOTO, MOTO_SERVER = "floor", "moto", "moto-server"
#: Latency targets: implementation -> highest ratio to the floor allowed on every workload.
FLOOR_TARGETS = {"ours:memory": 1.3, "ours:redis": 1.8}
CROSS_PROCESS_TARGET = 3.0
SCALE_TARGET = 1.5


@dataclass(frozen=True)
class Verdict:
    target: str
    passed: bool
    detail: str


def machine_description(moto_version: str, redis_version: str | None) -> list[tuple[str, str]]:
    import boto3
    import botocore
    import fakeredis

    cpu = platform.processor() or "unknown"
    if Path("/proc/cpuinfo").exists():
        models = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")]
        cpu = models[0] if models else cpu
    return [
        ("CPU", cpu),
        ("cores", str(os.cpu_count())),
        ("load average at start (1, 5, 15 min)", ", ".join(f"{value:.1f}" for value in os.getloadavg())),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("boto3 / botocore", f"{boto3.__version__} / {botocore.__version__}"),
        ("Moto", moto_version),
        ("fakeredis", fakeredis.__version__ if hasattr(fakeredis, "__version__") else "installed"),
        ("Redis server", redis_version or "not reachable"),
    ]


def _fmt(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio:.2f}x"


def latency_verdicts(results: LatencyResults, workloads: list[str]) -> list[Verdict]:
    verdicts = []
    for implementation, limit in FLOOR_TARGETS.items():
        if implementation not in results.implementations:
            continue
        ratios = {w: results.ratio(w, implementation, FLOOR) for w in workloads}
        worst = max(ratios, key=lambda w: ratios[w] if ratios[w] is not None else float("inf"))
        passed = all(r is not None and r <= limit for r in ratios.values())
        verdicts.append(Verdict(f"{implementation} <= {limit}x floor on every workload", passed,
                                f"worst: {worst} at {_fmt(ratios[worst])}"))
    for implementation in results.implementations:
        if not implementation.startswith("ours:"):
            continue
        ratios = {w: results.ratio(w, implementation, MOTO) for w in workloads}
        worst = max(ratios, key=lambda w: ratios[w] if ratios[w] is not None else float("inf"))
        passed = all(r is not None and r < 1 for r in ratios.values())
        verdicts.append(Verdict(f"{implementation} faster than Moto in-process on every workload", passed,
                                f"worst: {worst} at {_fmt(ratios[worst])} of Moto's time"))
    return verdicts


def cross_process_verdicts(throughput: dict[str, dict[int, float]]) -> list[Verdict]:
    moto = throughput.get(MOTO_SERVER, {})
    verdicts = []
    for implementation, by_count in throughput.items():
        if implementation == MOTO_SERVER:
            continue
        ratios = {n: calls / moto[n] for n, calls in by_count.items() if moto.get(n)}
        passed = bool(ratios) and all(r >= CROSS_PROCESS_TARGET for r in ratios.values())
        detail = ", ".join(f"{n} processes: {r:.2f}x" for n, r in sorted(ratios.items()))
        verdicts.append(Verdict(f"{implementation} >= {CROSS_PROCESS_TARGET}x Moto server mode", passed, detail))
    return verdicts


def scale_verdicts(results: list[ScaleResult]) -> list[Verdict]:
    return [
        Verdict(f"{r.workload}: {r.sizes[1]:,} vs {r.sizes[0]:,} resources grows <= {SCALE_TARGET}x",
                r.growth is not None and r.growth <= SCALE_TARGET, r.growth_text)
        for r in results
    ]


def gaps_section(costs: list[HandlerCost], idle_round_trips: dict[int, float] | None,
                 redis_waits: list[RedisWait] | None = None, latency: LatencyResults | None = None) -> list[str]:
    """Why wall-clock ratios exceed instruction ratios: our code between botocore's, and Redis after idle work."""
    lines = [
        "## Where the gap to the floor comes from",
        "",
        "Wall-clock ratios come out higher than the instruction ratios `python -m benchmarks.instructions`",
        "counts. Our mock's own time (`memory://`) answering each request in place,",
        "inside a boto3 call between botocore's work, against the same request answered again at once, when",
        "the processor's caches still hold our code and data (the fastest of "
        f"{WARM_REPEATS} repeats; medians over the calls):",
        "",
        "| request | in place (us) | answered again (us) | in place / again |",
        "|---|---|---|---|",
        *[f"| {c.request} | {c.in_place * 1e6:.0f} | {c.warm * 1e6:.0f} | {c.ratio:.2f}x |" for c in costs],
        "",
        "DeleteMessage is left out: its receipt handle works once.",
        "",
    ]
    if idle_round_trips:
        lines += [
            "One record read on the Redis server (`ours:redis`), after this process computed for a while",
            "without talking to it, as between two calls. The server's processor has gone idle by then and",
            "waking it is part of the round trip:",
            "",
            "| computing before the read | " + " | ".join(f"{gap} us" for gap in idle_round_trips) + " |",
            "|---|" + "---|" * len(idle_round_trips),
            "| median read (us) | " + " | ".join(f"{t * 1e6:.0f}" for t in idle_round_trips.values()) + " |",
            "",
        ]
    if redis_waits and latency is not None:
        lines += redis_wait_lines(redis_waits, latency)
    return lines


def redis_wait_lines(waits: list[RedisWait], latency: LatencyResults) -> list[str]:
    """How much of `ours:redis`'s ratio is waiting for the server: round trips x what one costs on this host."""
    rows = []
    for wait in waits:
        redis_ratio = latency.ratio(wait.workload, "ours:redis", FLOOR)
        memory_ratio = latency.ratio(wait.workload, "ours:memory", FLOOR)
        waiting = f"{wait.share * redis_ratio:.2f}x" if redis_ratio else "n/a"
        difference = f"{redis_ratio - memory_ratio:.2f}x" if redis_ratio and memory_ratio else "n/a"
        rows.append(f"| {wait.workload} | {wait.round_trips:.2f} | {wait.waiting * 1e6:.0f} | {wait.share:.0%} "
                    f"| {waiting} | {difference} |")
    return [
        "Each call of a workload on the Redis server, in a pass of its own: the round trips our Redis adapter",
        "sends (counted on redis-py's connections), the time from sending each to its last reply, and",
        "that time's share of the call. The share times `ours:redis`'s ratio is the waiting in units of",
        "the floor: that much of the ratio is waiting whatever our code does. It depends on the round trips",
        "and on this machine's loopback, which the read above measures. The rest of the difference from",
        "`ours:memory` is spent in this process around those round trips:",
        "",
        "| workload | round trips per call | waiting per call (us) | share of the call | waiting, ratio to the floor "
        "| ours:redis minus ours:memory, ratio to the floor |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ]


def plot(results: LatencyResults, workloads: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [name for name in results.implementations if name != FLOOR]
    width = 0.8 / len(shown)
    figure, axes = plt.subplots(figsize=(12, 5.5))
    for index, implementation in enumerate(shown):
        ratios = [results.ratio(w, implementation, FLOOR) or 0 for w in workloads]
        positions = [x + (index - (len(shown) - 1) / 2) * width for x in range(len(workloads))]
        axes.bar(positions, ratios, width, label=implementation)
    for limit, style in ((1.0, "-"), *((value, "--") for value in sorted(set(FLOOR_TARGETS.values())))):
        axes.axhline(limit, color="black", linestyle=style, linewidth=0.8)
    axes.set_yscale("log")
    axes.set_ylabel("latency / floor (log scale; lower is better)")
    axes.set_xticks(range(len(workloads)), [w.replace(" ", "\n", 1) for w in workloads], fontsize=8)
    axes.set_title("Per-operation latency relative to botocore's own cost (the floor)")
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_markdown(path: Path, *, command: str, machine: list[tuple[str, str]], settings: str,
                   latency: LatencyResults, workloads: list[str], throughput: dict[str, dict[int, float]] | None,
                   scale: list[ScaleResult] | None, scale_store: str, plot_name: str,
                   handler_costs: list[HandlerCost] | None = None,
                   idle_round_trips: dict[int, float] | None = None,
                   redis_waits: list[RedisWait] | None = None) -> list[Verdict]:
    """Write the whole page; returns every verdict so the command can print them too."""
    shown = [name for name in latency.implementations if name != FLOOR]
    verdicts = latency_verdicts(latency, workloads)
    lines = [
        "# Performance",
        "",
        "Generated by the benchmark; do not edit by hand. Re-run it with:",
        "",
        "```bash",
        command,
        "```",
        "",
        "from the repository root of a development checkout (one with the `moto_shared/adapters` link), in",
        "a virtualenv of its own, so that Moto never enters the project's test environment:",
        "",
        "```bash",
        "python3 -m venv ../bench-venv && ../bench-venv/bin/pip install '.[benchmark]'   # Moto, matplotlib",
        "../bench-venv/bin/python -m benchmarks.run --quick                             # a few minutes",
        "```",
        "",
        "`--quick` runs fewer rounds and a 1k vs 20k scale test. A real Redis server is used at",
        "`redis://127.0.0.1:6379/11` (`--redis-url`; never flushed: fresh namespaces, wiped afterwards);",
        "without one the `ours:redis` column is left out. `python -m benchmarks.profile` shows where our",
        "code spends its time on each workload (cProfile, file:line); `python -m benchmarks.instructions`",
        "counts instructions per call against the floor with valgrind, which repeats under load where",
        "wall-clock ratios don't (use it to compare two versions of the code).",
        "",
        "## How it measures",
        "",
        "* **floor**: botocore's own client cost (build, sign, parse). A `before-send` handler replays a",
        "  response recorded from our mock for the same call, so the floor parses a body of the same size",
        "  and does no backend work. It reads the request body first, as any transport does (botocore",
        "  frames an S3 upload and computes its CRC32 only as the body is read). Nothing can be faster",
        "  than the floor through boto3.",
        "* **ours:memory / ours:fakeredis / ours:redis**: `moto_shared.mock_aws` on `memory://`, the embedded",
        "  `fakeredis://` and a real Redis server (its own database and namespaces, wiped afterwards).",
        "* **moto**: Moto's in-process `mock_aws`; **moto-server**: Moto's `ThreadedMotoServer` in its own",
        "  process, reached with `endpoint_url` over loopback.",
        "* All implementations run in one process and one run, interleaved: each round activates each",
        "  implementation in turn (the order rotates), prepares the resources and times a batch of calls.",
        "  The machine is shared and noisy, so only ratios from the same run are quoted: a ratio is the",
        "  median over rounds of the two implementations' ratio within the round (mean time per call of",
        "  each), so that a slow stretch of the machine weighs on both sides of it. A ratio below 1.00x",
        "  against the floor is impossible in principle: where one appears, it shows how noisy that run was",
        "  (see the load average below).",
        f"* {settings}",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {key} | {value} |" for key, value in machine],
        "",
        "## Latency ratio to the floor (lower is better; 1.00x = botocore's own cost)",
        "",
        f"![latency ratio to the floor per workload]({plot_name})",
        "",
        "| workload | " + " | ".join(shown) + " |",
        "|---|" + "---|" * len(shown),
        *[f"| {w} | " + " | ".join(_fmt(latency.ratio(w, name, FLOOR)) for name in shown) + " |" for w in workloads],
        "",
        "## Latency ratio to Moto in-process (below 1.00x is faster than Moto)",
        "",
        "| workload | " + " | ".join(name for name in shown if name != MOTO) + " |",
        "|---|" + "---|" * (len(shown) - 1),
        *[f"| {w} | " + " | ".join(_fmt(latency.ratio(w, name, MOTO)) for name in shown if name != MOTO) + " |"
          for w in workloads],
        "",
    ]
    failures = [(w, name, reason) for w, by_name in latency.failures.items() for name, reason in by_name.items()]
    if failures:
        lines += ["Not measured (the call failed):", ""]
        lines += [f"* {w} on {name}: `{reason}`" for w, name, reason in failures]
        lines.append("")
    if handler_costs:
        lines += gaps_section(handler_costs, idle_round_trips, redis_waits, latency)
    if throughput is not None:
        counts = sorted({n for by_count in throughput.values() for n in by_count})
        verdicts += cross_process_verdicts(throughput)
        lines += [
            "## Cross-process throughput (API calls per second, all processes together; higher is better)",
            "",
            "Each process repeats send, receive, delete on one shared queue and put, get on one shared table.",
            "Ours: the children inherit the parent's `mock_aws`; Moto: its server mode, the only way Moto",
            "shares state between processes.",
            "",
            "| implementation | " + " | ".join(f"{n} processes" for n in counts) + " |",
            "|---|" + "---|" * len(counts),
        ]
        moto = throughput.get(MOTO_SERVER, {})
        for name, by_count in throughput.items():
            cells = []
            for n in counts:
                value = by_count.get(n)
                ratio = f" ({value / moto[n]:.2f}x Moto server)" if value and moto.get(n) and name != MOTO_SERVER else ""
                cells.append("n/a" if value is None else f"{value:.0f}{ratio}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        lines.append("")
    if scale is not None:
        verdicts += scale_verdicts(scale)
        lines += [
            f"## Scale: cost of one call in a large world vs a small one (`{scale_store}`)",
            "",
            "Worlds are filled in-process through the services' own operations, then reached with boto3.",
            "",
            "| workload | resources | growth of per-call time | fill time (s) |",
            "|---|---|---|---|",
        ]
        for result in scale:
            fill = " / ".join(f"{s:.1f}" for s in result.fill_seconds) if result.fill_seconds else "n/a"
            lines.append(f"| {result.workload} | {result.sizes[0]:,} vs {result.sizes[1]:,} | {result.growth_text} "
                         f"| {fill} |")
        lines.append("")
    lines += ["## Targets", "", "| target | result | detail |", "|---|---|---|"]
    lines += [f"| {v.target} | {'PASS' if v.passed else 'FAIL'} | {v.detail} |" for v in verdicts]
    lines.append("")
    path.write_text("\n".join(lines))
    return verdicts
