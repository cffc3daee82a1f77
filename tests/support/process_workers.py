"""Code run inside child processes by the cross-process tests (importable by spawn children).

Children contain no mock setup: whatever they see comes from the parent's active mock.
"""

from __future__ import annotations

import boto3

REGION = "us-east-1"


def send_messages(queue_url: str, prefix: str, count: int) -> int:
    sqs = boto3.client("sqs", region_name=REGION)
    for i in range(count):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"{prefix}-{i}")
    return count


def drain_queue(queue_url: str) -> list[str]:
    """Receive and delete until empty; the bodies this process got."""
    sqs = boto3.client("sqs", region_name=REGION)
    bodies = []
    while True:
        messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def send_into(result_queue, queue_url: str, prefix: str, count: int) -> None:
    """multiprocessing.Process target: report the outcome (or the error) through a queue."""
    try:
        result_queue.put(("ok", send_messages(queue_url, prefix, count)))
    except Exception as exc:  # reported to the parent, which asserts on it
        result_queue.put(("error", f"{type(exc).__name__}: {exc}"))


def create_queue_in_own_mock(result_queue, name: str) -> None:
    """A child that calls mock_aws() itself joins the namespace it inherited."""
    from moto_shared import mock_aws

    try:
        with mock_aws():
            url = boto3.client("sqs", region_name=REGION).create_queue(QueueName=name)["QueueUrl"]
        result_queue.put(("ok", url))
    except Exception as exc:
        result_queue.put(("error", f"{type(exc).__name__}: {exc}"))
