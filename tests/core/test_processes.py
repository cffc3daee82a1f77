"""Child processes see and change the parent's mocked resources, with no code in the child.

Every scenario checks exact counts: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import boto3
import pytest
from process_workers import create_queue_in_own_mock, drain_queue, send_into, send_messages

from moto_shared import mock_aws

REGION = "us-east-1"
PER_CHILD = 15
START_METHODS = ["fork", "spawn", "forkserver"]


@pytest.fixture(params=["default", "fakeredis://", "redis"])
def child_store(request, monkeypatch):
    """The zero-config default (nothing set), then each cross-process store named explicitly."""
    monkeypatch.delenv("MOTO_SHARED_STORE", raising=False)
    if request.param == "default":
        return None
    if request.param == "redis":
        return request.getfixturevalue("redis_url")
    return request.param


def all_bodies(queue_url: str) -> list[str]:
    return sorted(drain_queue(queue_url))


def expected(prefixes, count=PER_CHILD) -> list[str]:
    return sorted(f"{prefix}-{i}" for prefix in prefixes for i in range(count))


@pytest.mark.parametrize("method", START_METHODS)
def test_multiprocessing_children_share_the_parents_queue(child_store, method):
    context = multiprocessing.get_context(method)
    with mock_aws(store=child_store):
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="shared")["QueueUrl"]
        results = context.Queue()
        children = [context.Process(target=send_into, args=(results, url, f"{method}{n}", PER_CHILD)) for n in range(2)]
        for child in children:
            child.start()
        outcomes = [results.get(timeout=60) for _ in children]
        for child in children:
            child.join(30)
        assert outcomes == [("ok", PER_CHILD)] * 2
        assert all_bodies(url) == expected([f"{method}0", f"{method}1"])


def test_process_pool_workers_drain_exactly_once(child_store):
    with mock_aws(store=child_store):
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="pool")["QueueUrl"]
        send_messages(url, "job", 60)
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(2, mp_context=spawn) as pool, ThreadPoolExecutor(2) as threads:
            futures = [pool.submit(drain_queue, url) for _ in range(2)] + [threads.submit(drain_queue, url) for _ in range(2)]
            received = [body for future in futures for body in future.result(timeout=120)]
        assert sorted(received) == expected(["job"], 60)


def test_plain_python_subprocess_is_mocked(child_store, tmp_path):
    with mock_aws(store=child_store):
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="sub")["QueueUrl"]
        code = (
            "import boto3, sys; sqs = boto3.client('sqs', region_name='us-east-1');"
            f"[sqs.send_message(QueueUrl={url!r}, MessageBody=f'py-{{i}}') for i in range({PER_CHILD})];"
            "print(len(sqs.list_queues()['QueueUrls']))"
        )
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1"
        assert all_bodies(url) == expected(["py"])


def test_child_calling_mock_aws_joins_the_inherited_namespace(child_store):
    spawn = multiprocessing.get_context("spawn")
    with mock_aws(store=child_store):
        results = spawn.Queue()
        child = spawn.Process(target=create_queue_in_own_mock, args=(results, "made-by-child"))
        child.start()
        status, url = results.get(timeout=60)
        child.join(30)
        assert status == "ok", url
        names = [u.rsplit("/", 1)[1] for u in boto3.client("sqs", region_name=REGION).list_queues()["QueueUrls"]]
        assert names == ["made-by-child"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_memory_store_refuses_children_clearly(method):
    context = multiprocessing.get_context(method)
    with mock_aws(store="memory://"):
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="local")["QueueUrl"]
        results = context.Queue()
        child = context.Process(target=send_into, args=(results, url, "x", 1))
        child.start()
        status, message = results.get(timeout=60)
        child.join(30)
    assert status == "error"
    assert "memory://" in message and "child processes" in message


def test_store_chosen_by_environment_variable(redis_url, tmp_path):
    """MOTO_SHARED_STORE switches every mock of a process, here in a fresh interpreter."""
    code = (
        "import boto3; from moto_shared import mock_aws; from moto_shared.core.mock import current\n"
        "with mock_aws():\n"
        "    boto3.client('sqs', region_name='us-east-1').create_queue(QueueName='q')\n"
        "    print(current().store.url)\n"
    )
    env = {**os.environ, "MOTO_SHARED_STORE": redis_url}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == redis_url


def test_no_child_reaches_real_aws_while_the_parent_mock_is_active(tmp_path):
    """With the mock active, a child's call is answered by the mock (fake account), never by AWS."""
    code = "import boto3; print(boto3.client('sts', region_name='us-east-1').get_caller_identity()['Account'])"
    with mock_aws():
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "123456789012"
