"""Producers and consumers in threads, on every store: exactly once, and FIFO order per group."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

PRODUCERS = 4
CONSUMERS = 4
PER_PRODUCER = 20
GROUPS = 3
PER_GROUP = 15


@pytest.fixture
def client(aws, shared_sqs_client):
    """The SQS client under a mock on each store (memory, fakeredis, Redis)."""
    return shared_sqs_client


def consume(sqs, url: str, expected: int, on_messages) -> None:
    """Receive and delete until `expected` messages are gone in total, across all consumers."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        if attributes["ApproximateNumberOfMessages"] == attributes["ApproximateNumberOfMessagesNotVisible"] == "0":
            if on_messages.done() >= expected:
                return
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60, WaitTimeSeconds=1).get(
            "Messages", []
        )
        if messages:
            on_messages(messages)
            sqs.delete_message_batch(
                QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
            )


class Log:
    """Thread-safe record of what consumers received, in the order they received it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bodies: list[str] = []

    def __call__(self, messages) -> None:
        with self.lock:
            self.bodies.extend(m["Body"] for m in messages)

    def done(self) -> int:
        with self.lock:
            return len(self.bodies)


def test_standard_queue_delivers_each_message_exactly_once(client):
    sqs = client
    url = sqs.create_queue(QueueName="work")["QueueUrl"]
    log = Log()
    total = PRODUCERS * PER_PRODUCER

    def produce(producer: int) -> None:
        for start in range(0, PER_PRODUCER, 10):
            entries = [{"Id": str(i), "MessageBody": f"p{producer}-{start + i}"} for i in range(10)]
            result = sqs.send_message_batch(QueueUrl=url, Entries=entries)
            assert not result.get("Failed")

    with ThreadPoolExecutor(PRODUCERS + CONSUMERS) as pool:
        consumers = [pool.submit(consume, sqs, url, total, log) for _ in range(CONSUMERS)]
        producers = [pool.submit(produce, p) for p in range(PRODUCERS)]
        for future in producers + consumers:
            future.result()

    assert len(log.bodies) == total
    assert sorted(log.bodies) == sorted(f"p{p}-{i}" for p in range(PRODUCERS) for i in range(PER_PRODUCER))
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_fifo_groups_stay_ordered_under_concurrent_consumers(client):
    sqs = client
    url = sqs.create_queue(QueueName="ordered.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})[
        "QueueUrl"
    ]
    log = Log()
    total = GROUPS * PER_GROUP

    def produce(group: int) -> None:
        for i in range(PER_GROUP):
            sqs.send_message(QueueUrl=url, MessageBody=f"{group}:{i}", MessageGroupId=f"g{group}")

    with ThreadPoolExecutor(GROUPS + CONSUMERS) as pool:
        producers = [pool.submit(produce, g) for g in range(GROUPS)]
        consumers = [pool.submit(consume, sqs, url, total, log) for _ in range(CONSUMERS)]
        for future in producers + consumers:
            future.result()

    per_group = defaultdict(list)
    for body in log.bodies:
        group, index = body.split(":")
        per_group[group].append(int(index))
    assert len(log.bodies) == total
    assert {group: indexes for group, indexes in per_group.items()} == {
        str(g): list(range(PER_GROUP)) for g in range(GROUPS)
    }


def test_concurrent_receives_never_share_a_message(client):
    """Many consumers race on one full queue with a long visibility timeout: no message twice."""
    sqs = client
    url = sqs.create_queue(QueueName="race")["QueueUrl"]
    for start in range(0, 60, 10):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(start + i)} for i in range(10)])
    barrier = threading.Barrier(6)

    def grab() -> list[str]:
        barrier.wait()
        got = []
        while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60).get("Messages"):
            got += [m["MessageId"] for m in batch]
        return got

    with ThreadPoolExecutor(6) as pool:
        results = [f.result() for f in [pool.submit(grab) for _ in range(6)]]
    received = [message_id for got in results for message_id in got]
    assert len(received) == 60
    assert len(set(received)) == 60
