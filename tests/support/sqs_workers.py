"""What the SQS cross-process tests run inside child processes (importable by spawn children)."""

from __future__ import annotations

import boto3

REGION = "us-east-1"
PER_CHILD = 10


def produce(url: str, prefix: str) -> int:
    sqs = boto3.client("sqs", region_name=REGION)
    for start in range(0, PER_CHILD, 5):
        entries = [{"Id": str(i), "MessageBody": f"{prefix}-{start + i}"} for i in range(5)]
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    return PER_CHILD


def consume(url: str) -> list[str]:
    """Receive and delete until the queue stays empty; the bodies this process got."""
    sqs = boto3.client("sqs", region_name=REGION)
    bodies = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60).get("Messages"):
        bodies += [m["Body"] for m in messages]
        sqs.delete_message_batch(
            QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        )
    return bodies


def produce_then_consume(url: str, prefix: str) -> list[str]:
    """A child that is both: it sends its share, then drains whatever it can get."""
    produce(url, prefix)
    return consume(url)


def run_and_report(results, function, *args) -> None:
    """multiprocessing.Process target: hand back the result, or the error, through a queue."""
    try:
        results.put(("ok", function(*args)))
    except Exception as exc:  # reported to the parent, which asserts on it
        results.put(("error", f"{type(exc).__name__}: {exc}"))
