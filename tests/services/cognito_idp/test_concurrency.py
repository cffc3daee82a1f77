"""Threads and processes see the same users, and concurrent creations of one user have one winner."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError
from cognito_support import create_users, create_users_into, race_to_create

from moto_shared import mock_aws


def usernames_in(idp, pool_id: str) -> list[str]:
    return sorted(u["Username"] for u in idp.list_users(UserPoolId=pool_id)["Users"])


def test_users_created_in_a_thread_are_listed_by_the_main_thread(aws, shared_idp_client):
    """Moto's FAQ scenario, on every store."""
    idp = shared_idp_client
    pool_id = idp.create_user_pool(PoolName="threads")["UserPool"]["Id"]

    worker = threading.Thread(target=create_users, args=(pool_id, ["t1", "t2", "t3"]))
    worker.start()
    worker.join()

    assert usernames_in(idp, pool_id) == ["t1", "t2", "t3"]


def test_concurrent_creation_in_threads_has_one_winner(aws, shared_idp_client):
    idp = shared_idp_client
    pool_id = idp.create_user_pool(PoolName="race")["UserPool"]["Id"]

    def attempt(_):
        try:
            idp.admin_create_user(UserPoolId=pool_id, Username="same", MessageAction="SUPPRESS")
            return "created"
        except ClientError as exc:
            return exc.response["Error"]["Code"]

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(attempt, range(8)))

    assert outcomes.count("created") == 1
    assert outcomes.count("UsernameExistsException") == 7
    assert usernames_in(idp, pool_id) == ["same"]


def test_users_created_in_a_spawned_child_are_listed_by_the_parent(shared_store_url, shared_idp_client):
    spawn = multiprocessing.get_context("spawn")
    with mock_aws(store=shared_store_url):
        pool_id = shared_idp_client.create_user_pool(PoolName="spawned")["UserPool"]["Id"]
        results = spawn.Queue()
        child = spawn.Process(target=create_users_into, args=(results, pool_id, ["s1", "s2"]))
        child.start()
        outcome = results.get(timeout=120)
        child.join(timeout=60)

        assert outcome == ("ok", 2)
        assert usernames_in(shared_idp_client, pool_id) == ["s1", "s2"]


def test_users_created_by_a_python_subprocess_are_listed_by_the_parent(shared_idp_client):
    script = (
        "import boto3, sys\n"
        "c = boto3.client('cognito-idp', region_name='us-east-1')\n"
        "c.admin_create_user(UserPoolId=sys.argv[1], Username='from-subprocess', MessageAction='SUPPRESS')\n"
    )
    with mock_aws():
        pool_id = shared_idp_client.create_user_pool(PoolName="subprocess")["UserPool"]["Id"]
        child = subprocess.run([sys.executable, "-c", script, pool_id], capture_output=True, text=True, timeout=120)

        assert child.returncode == 0, child.stderr
        assert usernames_in(shared_idp_client, pool_id) == ["from-subprocess"]


def test_concurrent_admin_create_user_from_processes_has_one_winner(shared_store_url, shared_idp_client):
    contenders = 4
    fork = multiprocessing.get_context("fork")
    with mock_aws(store=shared_store_url):
        pool_id = shared_idp_client.create_user_pool(PoolName="process-race")["UserPool"]["Id"]
        results, barrier = fork.Queue(), fork.Barrier(contenders)
        children = [
            fork.Process(target=race_to_create, args=(results, barrier, pool_id, "same")) for _ in range(contenders)
        ]
        for child in children:
            child.start()
        outcomes = [results.get(timeout=120) for _ in children]
        for child in children:
            child.join(timeout=60)

        assert outcomes.count("created") == 1
        assert outcomes.count("UsernameExistsException") == contenders - 1
        assert usernames_in(shared_idp_client, pool_id) == ["same"]
