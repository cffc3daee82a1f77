"""Per-operation latency, measured in interleaved rounds so that machine noise hits everyone alike.

Each round activates every implementation in turn (the order rotates from
round to round), prepares each workload and times a batch of calls. A
figure is the median over rounds of the batch's mean time per call; a ratio
between two implementations is the median over rounds of their ratio within
the round, so that a slow stretch of a shared machine, which lasts seconds,
weighs on both sides of a ratio rather than on one.
"""

from __future__ import annotations

import contextlib
import gc
import statistics
import time
from dataclasses import dataclass, field

from benchmarks.clients import Clients, Recorder, replayer
from benchmarks.implementations import Implementation, floor, ours
from benchmarks.workloads import WORKLOADS, Workload

WARMUP_CALLS = 3


@dataclass
class LatencyResults:
    """Seconds per call, by workload then implementation, and why a cell could not be measured."""

    implementations: list[str]
    samples: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    failures: dict[str, dict[str, str]] = field(default_factory=dict)

    def median(self, workload: str, implementation: str) -> float | None:
        values = self.samples.get(workload, {}).get(implementation)
        return statistics.median(values) if values else None

    def ratio(self, workload: str, implementation: str, baseline: str) -> float | None:
        """Median over rounds of implementation / baseline in the same round (None unless both ran every round)."""
        values = self.samples.get(workload, {}).get(implementation)
        bases = self.samples.get(workload, {}).get(baseline)
        if not values or not bases or len(values) != len(bases):
            return None
        return statistics.median(value / base for value, base in zip(values, bases))


def record_floor(workloads: list[Workload]) -> Implementation:
    """Record every response the workloads get from our memory store, then replay them as the floor."""
    recorder = Recorder()
    with ours("memory://").activate():
        clients = Clients(instrument=recorder)
        for workload in workloads:
            # A workload our mock can't answer yet gets no floor; its cells then fail when measured.
            with contextlib.suppress(Exception):
                workload.run(clients, workload.prepare(clients))
    return floor(replayer(recorder.responses))


def measure(implementations: list[Implementation], rounds: int, calls: int,
            workloads: list[Workload] = WORKLOADS, progress=print) -> LatencyResults:
    results = LatencyResults([impl.name for impl in implementations])
    for round_number in range(rounds):
        shift = round_number % len(implementations)
        for implementation in implementations[shift:] + implementations[:shift]:
            with implementation.activate() as clients:
                for workload in workloads:
                    _measure_one(results, implementation.name, workload, clients, calls)
        progress(f"  latency round {round_number + 1}/{rounds} done")
    return results


def _measure_one(results: LatencyResults, implementation: str, workload: Workload, clients, calls: int) -> None:
    if implementation in results.failures.get(workload.name, {}):
        return
    try:
        state = workload.prepare(clients)
        for _ in range(WARMUP_CALLS):
            workload.run(clients, state)
        gc.collect()
        start = time.perf_counter()
        for _ in range(calls):
            workload.run(clients, state)
        elapsed = time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 - a service still being built must not stop the whole run
        results.failures.setdefault(workload.name, {})[implementation] = f"{type(exc).__name__}: {exc}"[:200]
        return
    results.samples.setdefault(workload.name, {}).setdefault(implementation, []).append(elapsed / calls)

