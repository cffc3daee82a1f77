"""Does the cost of one call grow with the number of resources? Small vs large worlds, same calls.

The worlds are filled in-process through the services' own operation
functions (batch operations where the service has them), with a
`RequestContext` on the same namespace the boto3 clients then reach: that
takes seconds for 100k resources instead of 100k HTTP round trips.
"""

from __future__ import annotations

import io
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from benchmarks.clients import REGION, Clients
from benchmarks.workloads import create_table, item

S3_PREFIXES = 10
ITEMS_PER_PARTITION = 20
SQS_BATCH = 10
DYNAMODB_BATCH = 25


@dataclass(frozen=True)
class ScaleWorkload:
    name: str
    service: str
    fill: Callable[[Clients, Callable[[str, str], Any], int], Any]
    run: Callable[[Clients, Any, int], None]


def _context_factory(namespace) -> Callable[[str, str], Any]:
    from moto_shared.context import RequestContext
    from moto_shared.core.accounts import default_account_id

    def context(service: str, operation: str):
        return RequestContext(service=service, operation=operation, region=REGION, account_id=default_account_id(),
                              request_id=str(uuid.uuid4()), store=namespace,
                              host=f"{service}.{REGION}.amazonaws.com")

    return context


def _services():
    from moto_shared.services import dynamodb, s3, sqs

    return s3, sqs, dynamodb


# --- S3: a page of 100 keys at one prefix among `size` keys ---------------------------------------
def _fill_bucket(clients: Clients, context, size: int) -> str:
    s3, _, _ = _services()
    clients["s3"].create_bucket(Bucket="scale")
    ctx = context("s3", "PutObject")
    for number in range(size):
        s3.put_object(ctx, Bucket="scale", Key=f"{number % S3_PREFIXES}/key-{number:07d}", Body=io.BytesIO(b"x"))
    return "scale"


def _list_page(clients: Clients, bucket: str, _call: int) -> None:
    page = clients["s3"].list_objects_v2(Bucket=bucket, Prefix=f"{S3_PREFIXES // 2}/", MaxKeys=100)
    assert page["KeyCount"] == 100, page["KeyCount"]


# --- SQS: receive one message from a queue of `size` ------------------------------------------------
def _fill_queue(clients: Clients, context, size: int) -> str:
    _, sqs, _ = _services()
    queue_url = clients["sqs"].create_queue(QueueName="scale")["QueueUrl"]
    ctx = context("sqs", "SendMessageBatch")
    for start in range(0, size, SQS_BATCH):
        entries = [{"Id": str(n), "MessageBody": f"message {n}"} for n in range(start, min(start + SQS_BATCH, size))]
        sqs.send_message_batch(ctx, QueueUrl=queue_url, Entries=entries)
    return queue_url


def _receive(clients: Clients, queue_url: str, _call: int) -> None:
    messages = clients["sqs"].receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1, VisibilityTimeout=3600)
    assert len(messages["Messages"]) == 1


# --- DynamoDB: get_item and a 20-item query in a table of `size` items -------------------------------
def _fill_table(clients: Clients, context, size: int) -> int:
    _, _, dynamodb = _services()
    create_table(clients["dynamodb"], "scale")
    ctx = context("dynamodb", "BatchWriteItem")
    for start in range(0, size, DYNAMODB_BATCH):
        requests = [
            {"PutRequest": {"Item": item(f"p{n // ITEMS_PER_PARTITION}", f"{n % ITEMS_PER_PARTITION:04d}")}}
            for n in range(start, min(start + DYNAMODB_BATCH, size))
        ]
        dynamodb.batch_write_item(ctx, RequestItems={"scale": requests})
    return size // ITEMS_PER_PARTITION


def _get_item(clients: Clients, partitions: int, call: int) -> None:
    key = {"pk": {"S": f"p{(call * 7919) % partitions}"}, "sk": {"S": "0003"}}
    assert "Item" in clients["dynamodb"].get_item(TableName="scale", Key=key)


def _query(clients: Clients, partitions: int, call: int) -> None:
    result = clients["dynamodb"].query(
        TableName="scale", KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": f"p{(call * 7919) % partitions}"}},
    )
    assert result["Count"] == ITEMS_PER_PARTITION, result["Count"]


SCALE_WORKLOADS = [
    ScaleWorkload("s3.list_objects_v2 page of 100 at a prefix", "s3", _fill_bucket, _list_page),
    ScaleWorkload("sqs.receive_message", "sqs", _fill_queue, _receive),
    ScaleWorkload("dynamodb.get_item", "dynamodb", _fill_table, _get_item),
    ScaleWorkload("dynamodb.query 20 items", "dynamodb", _fill_table, _query),
]


@dataclass
class ScaleResult:
    workload: str
    sizes: tuple[int, int]
    seconds_per_call: tuple[float, float] | None = None
    fill_seconds: tuple[float, float] | None = None
    failure: str | None = None

    @property
    def growth(self) -> float | None:
        return None if self.seconds_per_call is None else self.seconds_per_call[1] / self.seconds_per_call[0]

    @property
    def growth_text(self) -> str:
        return f"{self.growth:.2f}x" if self.growth is not None else f"n/a: {self.failure}"


def _fill_world(fill, store_url: str, size: int) -> tuple[str, Any, float]:
    """A fresh named namespace holding `size` resources; returns (namespace, run state, fill seconds)."""
    from moto_shared import mock_aws
    from moto_shared.store import open_store

    namespace = f"bench-scale-{uuid.uuid4().hex[:12]}"
    with mock_aws(store=store_url, namespace=namespace):
        start = time.perf_counter()
        state = fill(Clients(), _context_factory(open_store(store_url).namespace(namespace)), size)
        return namespace, state, time.perf_counter() - start


def measure(store_url: str, sizes: tuple[int, int], rounds: int, calls: int, progress=print) -> list[ScaleResult]:
    """Fill a small and a large world per kind of resource, then time each workload on both, alternating."""
    from moto_shared.store import open_store

    results = []
    for fill in dict.fromkeys(workload.fill for workload in SCALE_WORKLOADS):  # each world is filled once
        worlds: list[tuple[str, Any, float]] = []
        try:
            for size in sizes:
                worlds.append(_fill_world(fill, store_url, size))
            progress(f"  scale: filled {' and '.join(f'{size:,}' for size in sizes)} for {fill.__name__}")
            for workload in (w for w in SCALE_WORKLOADS if w.fill is fill):
                results.append(_measure_growth(workload, store_url, sizes, worlds, rounds, calls))
                progress(f"  scale {workload.name}: {results[-1].growth_text}")
        except Exception as exc:  # noqa: BLE001 - a service still being built must not stop the whole run
            failure = f"{type(exc).__name__}: {exc}"[:200]
            results += [ScaleResult(w.name, sizes, failure=failure) for w in SCALE_WORKLOADS if w.fill is fill]
            progress(f"  scale {fill.__name__}: {failure}")
        finally:
            for namespace, _, _ in worlds:
                open_store(store_url).wipe_namespace(namespace)
    return results


def _measure_growth(workload: ScaleWorkload, store_url: str, sizes: tuple[int, int],
                    worlds: list[tuple[str, Any, float]], rounds: int, calls: int) -> ScaleResult:
    from moto_shared import mock_aws

    samples: list[list[float]] = [[] for _ in worlds]
    call_number = 0
    for _ in range(rounds):
        for samples_of_world, (namespace, state, _) in zip(samples, worlds):
            with mock_aws(store=store_url, namespace=namespace):
                clients = Clients()
                workload.run(clients, state, call_number)  # warm-up: clients and caches
                start = time.perf_counter()
                for _ in range(calls):
                    call_number += 1
                    workload.run(clients, state, call_number)
                samples_of_world.append((time.perf_counter() - start) / calls)
    small, large = (statistics.median(values) for values in samples)
    return ScaleResult(workload.name, sizes, (small, large), (worlds[0][2], worlds[1][2]))
