"""Aggregate throughput of N processes sharing one queue and one table.

Every worker repeats the same cycle (send, receive, delete a message; put and
get an item) for a fixed time after a common start, and counts the API calls
it completed. Ours: children inherit the parent's `mock_aws` (the default
embedded fakeredis store, hosted by the parent, or a real Redis). Moto: its
server mode, the only way Moto shares state between processes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from dataclasses import dataclass
from typing import Iterator

from benchmarks.clients import Clients
from benchmarks.workloads import create_table, item, unique


@dataclass(frozen=True)
class Shared:
    queue_url: str
    table: str


def _prepare(clients: Clients) -> Shared:
    table = unique("bench")
    create_table(clients["dynamodb"], table)
    return Shared(clients["sqs"].create_queue(QueueName=unique("bench"))["QueueUrl"], table)


def _worker(endpoint_url: str | None, shared: Shared, worker: int, barrier, seconds: float, counts) -> None:
    clients = Clients(endpoint_url=endpoint_url)
    sqs, dynamodb = clients["sqs"], clients["dynamodb"]
    sqs.get_queue_attributes(QueueUrl=shared.queue_url)  # connect and warm up before the clock starts
    barrier.wait()
    calls, deadline, cycle = 0, time.perf_counter() + seconds, 0
    while time.perf_counter() < deadline:
        cycle += 1
        sqs.send_message(QueueUrl=shared.queue_url, MessageBody=f"{worker}-{cycle}")
        messages = sqs.receive_message(QueueUrl=shared.queue_url, MaxNumberOfMessages=1).get("Messages", [])
        for message in messages:
            sqs.delete_message(QueueUrl=shared.queue_url, ReceiptHandle=message["ReceiptHandle"])
        key = f"{worker}-{cycle % 100}"
        dynamodb.put_item(TableName=shared.table, Item=item(key, "0"))
        dynamodb.get_item(TableName=shared.table, Key={"pk": {"S": key}, "sk": {"S": "0"}})
        calls += 4 + len(messages)
    counts[worker] = calls


def _throughput(endpoint_url: str | None, shared: Shared, processes: int, seconds: float) -> float:
    """API calls per second summed over `processes` workers started with fork (they inherit the mock)."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    counts = context.Array("l", processes)
    workers = [
        context.Process(target=_worker, args=(endpoint_url, shared, number, barrier, seconds, counts))
        for number in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=seconds + 120)
        if worker.exitcode != 0:
            raise RuntimeError(f"a benchmark worker failed (exit code {worker.exitcode})")
    return sum(counts) / seconds


@contextlib.contextmanager
def _ours(store_url: str | None) -> Iterator[Shared]:
    from moto_shared import mock_aws

    with mock_aws(store=store_url):
        yield _prepare(Clients())


def measure(process_counts: list[int], seconds: float, moto_endpoint: str, redis_url: str | None,
            progress=print) -> dict[str, dict[int, float]]:
    """Calls per second by implementation and process count."""
    results: dict[str, dict[int, float]] = {}
    targets = [("ours:fakeredis (default)", None)] + ([("ours:redis", redis_url)] if redis_url else [])
    for name, store_url in targets:
        for processes in process_counts:
            with _ours(store_url) as shared:
                results.setdefault(name, {})[processes] = _throughput(None, shared, processes, seconds)
            progress(f"  cross-process {name} x{processes}: {results[name][processes]:.0f} calls/s")
    shared = _prepare(Clients(endpoint_url=moto_endpoint))
    for processes in process_counts:
        results.setdefault("moto-server", {})[processes] = _throughput(moto_endpoint, shared, processes, seconds)
        progress(f"  cross-process moto-server x{processes}: {results['moto-server'][processes]:.0f} calls/s")
    return results
