"""Code run inside child processes by the core cross-process tests (importable by spawn children).

Children contain no mock setup: whatever they see comes from the parent's active mock.
"""

from __future__ import annotations

import boto3
from sqs_workers import REGION, consume, run_and_report

drain_queue = consume


def send_messages(queue_url: str, prefix: str, count: int) -> int:
    sqs = boto3.client("sqs", region_name=REGION)
    for i in range(count):
        sqs.send_message(QueueUrl=queue_url, MessageBody=f"{prefix}-{i}")
    return count


def send_into(result_queue, queue_url: str, prefix: str, count: int) -> None:
    """multiprocessing.Process target: report the outcome (or the error) through a queue."""
    run_and_report(result_queue, send_messages, queue_url, prefix, count)


def create_queue_in_own_mock(result_queue, name: str) -> None:
    """A child that calls mock_aws() itself joins the namespace it inherited."""
    from moto_shared import mock_aws

    def create() -> str:
        with mock_aws():
            return boto3.client("sqs", region_name=REGION).create_queue(QueueName=name)["QueueUrl"]

    run_and_report(result_queue, create)
