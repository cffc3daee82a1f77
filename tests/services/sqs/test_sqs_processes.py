"""SQS across processes: children (no mock code in them) produce and consume with exact counts.

The worker functions live in tests/support/sqs_workers.py, so that spawn and
forkserver children can import them by name.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import boto3
import pytest

from sqs_workers import PER_CHILD, REGION, consume, produce, produce_then_consume, run_and_report

from moto_shared import mock_aws


def run_children(context, url: str, prefixes: list[str]) -> list[str]:
    """Run produce_then_consume in one child per prefix; all bodies the children received."""
    results = context.Queue()
    children = [context.Process(target=run_and_report, args=(results, produce_then_consume, url, p)) for p in prefixes]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=90) for _ in children]
    for child in children:
        child.join(30)
    assert [status for status, _ in outcomes] == ["ok"] * len(prefixes), outcomes
    return [body for _, bodies in outcomes for body in bodies]


def expected_bodies(prefixes) -> list[str]:
    return sorted(f"{prefix}-{i}" for prefix in prefixes for i in range(PER_CHILD))


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_children_send_and_drain_exactly_once(method):
    context = multiprocessing.get_context(method)
    with mock_aws():
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="shared")["QueueUrl"]
        prefixes = [f"{method}{n}" for n in range(2)]
        received = run_children(context, url, prefixes)
        received += consume(url)
    assert sorted(received) == expected_bodies(prefixes)


def test_fork_children_on_each_cross_process_store(shared_store_url):
    """The start method matters less than the store: fork once per store that can be shared."""
    context = multiprocessing.get_context("fork")
    with mock_aws(store=shared_store_url):
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="shared")["QueueUrl"]
        received = run_children(context, url, ["a", "b"])
        received += consume(url)
    assert sorted(received) == expected_bodies(["a", "b"])


def test_process_pool_executor_workers():
    with mock_aws():
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="pool")["QueueUrl"]
        with ProcessPoolExecutor(2) as pool:
            assert list(pool.map(produce, [url] * 2, ["x", "y"])) == [PER_CHILD, PER_CHILD]
            received = [body for bodies in pool.map(consume, [url] * 2) for body in bodies]
    assert sorted(received) == expected_bodies(["x", "y"])


def test_python_subprocess_sends_and_wakes_a_long_poll():
    """A plain `python -c` child, with no mock code, sends; the parent's long poll returns at once."""
    child_code = textwrap.dedent(
        """
        import sys, boto3
        sqs = boto3.client("sqs", region_name="us-east-1")
        for i in range(3):
            sqs.send_message(QueueUrl=sys.argv[1], MessageBody=f"sub-{i}")
        """
    )
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="subprocess")["QueueUrl"]
        with ThreadPoolExecutor(1) as pool:
            child = pool.submit(subprocess.run, [sys.executable, "-c", child_code, url], capture_output=True, text=True, timeout=90)
            started = time.monotonic()
            first = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20).get("Messages", [])
            waited = time.monotonic() - started
            completed = child.result()
        assert completed.returncode == 0, completed.stderr
        assert len(first) == 1 and waited < 19
        sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
        rest = consume(url)
    assert sorted([first[0]["Body"], *rest]) == ["sub-0", "sub-1", "sub-2"]
