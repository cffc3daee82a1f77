"""`pytest -n 2`, run as a subprocess: isolation by default, one world with a named namespace."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from importlib import metadata

import pytest

ISOLATED_TESTS = '''
import boto3
from moto_shared import mock_aws

def _names():
    urls = boto3.client("sqs", region_name="us-east-1").list_queues().get("QueueUrls", [])
    return [u.rsplit("/", 1)[1] for u in urls]

@mock_aws
def test_{n}():
    boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="q{n}")
    assert _names() == ["q{n}"]
'''

SHARED_CONFTEST = '''
import os
import boto3
from moto_shared import mock_aws

def pytest_sessionfinish(session):
    """In the controller, after every worker is done: count what the workers sent."""
    if hasattr(session.config, "workerinput"):
        return
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.get_queue_url(QueueName="shared")["QueueUrl"]
        bodies = []
        while True:
            batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                break
            bodies += [m["Body"] for m in batch]
            for m in batch:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    with open(os.environ["RESULT_FILE"], "w") as handle:
        handle.write("\\n".join(sorted(bodies)))
'''

SHARED_TESTS = '''
import os
import boto3
from moto_shared import mock_aws, run_once

def _create():
    boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="shared")

@mock_aws
def test_{n}():
    run_once("shared-queue", _create)
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.get_queue_url(QueueName="shared")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="test-{n}-" + os.environ.get("PYTEST_XDIST_WORKER", "?"))
'''


def plugin_args() -> list[str]:
    """The installed wheel registers the plugin by entry point; a source checkout needs -p."""
    registered = {ep.name for ep in metadata.entry_points(group="pytest11")}
    return [] if "moto_shared" in registered else ["-p", "moto_shared.pytest_plugin"]


def run_pytest(project, *args, env=None):
    env = {**os.environ, **(env or {})}
    env.pop("PYTEST_XDIST_WORKER", None)
    env.pop("MOTO_SHARED_STORE", None)
    env.pop("MOTO_SHARED_NAMESPACE", None)
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", "-q", *plugin_args(), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_tests(project, template, count):
    for n in range(count):
        (project / f"test_generated_{n}.py").write_text(textwrap.dedent(template.format(n=n)))


def test_xdist_workers_stay_isolated_by_default(tmp_path):
    write_tests(tmp_path, ISOLATED_TESTS, 8)
    done = run_pytest(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 passed" in done.stdout


@pytest.mark.parametrize("store", ["hosted", "redis"])
def test_xdist_workers_share_a_named_namespace(tmp_path, store, request):
    write_tests(tmp_path, SHARED_TESTS, 10)
    (tmp_path / "conftest.py").write_text(SHARED_CONFTEST)
    result_file = tmp_path / "bodies.txt"
    namespace = f"xdist-{uuid.uuid4().hex[:8]}"
    env = {"RESULT_FILE": str(result_file)}
    if store == "redis":
        env["MOTO_SHARED_STORE"] = request.getfixturevalue("redis_url")
    args = ["--moto-shared-namespace", namespace]
    if store == "redis":
        args += ["--moto-shared-store", env.pop("MOTO_SHARED_STORE")]
    done = run_pytest(tmp_path, *args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    bodies = result_file.read_text().split("\n")
    assert len(bodies) == 10
    assert sorted(body.rsplit("-", 1)[0] for body in bodies) == sorted(f"test-{n}" for n in range(10))
    workers = {body.rsplit("-", 1)[1] for body in bodies}
    assert workers <= {"gw0", "gw1"} and workers
    if store == "redis":
        from moto_shared.store import open_store

        assert namespace not in open_store(request.getfixturevalue("redis_url")).list_namespaces()
