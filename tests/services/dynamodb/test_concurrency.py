"""Atomicity under contention: threads on every store, spawned processes on the shareable ones.

Counts are exact: one winner per conditional put, no lost increment, all-or-nothing
transactions, and a lock built from conditional writes that really excludes.
"""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

import ddb_support
from ddb_support import create_table
from moto_shared import mock_aws

WORKERS = 4


@pytest.fixture
def shared_client(store_url, _client):
    with mock_aws(store=store_url):
        yield _client


def _in_threads(function, args_list):
    with ThreadPoolExecutor(len(args_list)) as pool:
        return list(pool.map(lambda args: function(*args), args_list))


def _item(client, table, pk):
    return client.get_item(TableName=table, Key={"pk": {"S": pk}}, ConsistentRead=True)["Item"]


def _seed_accounts(client, table, balance):
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "balance": {"N": str(balance)}})
    client.put_item(TableName=table, Item={"pk": {"S": "b"}, "balance": {"N": "0"}})


def test_threads_conditional_puts_have_one_winner(shared_client):
    table = create_table(shared_client, "claims")
    wins = _in_threads(ddb_support.claim_item, [(table, worker, 10) for worker in range(WORKERS)])
    assert sum(wins) == 10
    assert shared_client.scan(TableName=table, Select="COUNT")["Count"] == 10


def test_threads_counters_sum_exactly(shared_client):
    table = create_table(shared_client, "counters")
    _in_threads(ddb_support.add_to_counter, [(table, 10)] * WORKERS)
    item = _item(shared_client, table, "counter")
    assert item["hits"] == {"N": str(10 * WORKERS)}
    assert item["tally"] == {"N": str(10 * WORKERS)}


def test_threads_transactions_are_all_or_nothing(shared_client):
    table = create_table(shared_client, "accounts")
    _seed_accounts(shared_client, table, 15)
    committed = _in_threads(ddb_support.transfer, [(table, 6)] * WORKERS)
    assert sum(committed) == 15
    assert _item(shared_client, table, "a")["balance"] == {"N": "0"}
    assert _item(shared_client, table, "b")["balance"] == {"N": "15"}


def test_threads_lock_pattern(shared_client):
    table = create_table(shared_client, "locks")
    rounds = _in_threads(ddb_support.use_lock, [(table, worker, 4) for worker in range(WORKERS)])
    assert rounds == [4] * WORKERS
    assert _item(shared_client, table, "guarded")["n"] == {"N": str(4 * WORKERS)}


def test_processes_share_tables_atomically(shared_store_url, _client):
    """Four spawned processes (no mock code in them) race on the parent's tables."""
    with mock_aws(store=shared_store_url):
        client = _client
        for name in ("claims", "counters", "accounts", "locks"):
            create_table(client, name)
        _seed_accounts(client, "accounts", 20)
        with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
            wins = pool.starmap(ddb_support.claim_item, [("claims", w, 8) for w in range(WORKERS)])
            pool.starmap(ddb_support.add_to_counter, [("counters", 8)] * WORKERS)
            committed = pool.starmap(ddb_support.transfer, [("accounts", 8)] * WORKERS)
            rounds = pool.starmap(ddb_support.use_lock, [("locks", w, 3) for w in range(WORKERS)])
        assert sum(wins) == 8
        assert {i["owner"]["N"] for i in client.scan(TableName="claims")["Items"]} <= {str(w) for w in range(WORKERS)}
        assert _item(client, "counters", "counter")["hits"] == {"N": str(8 * WORKERS)}
        assert sum(committed) == 20
        assert _item(client, "accounts", "a")["balance"] == {"N": "0"}
        assert _item(client, "accounts", "b")["balance"] == {"N": "20"}
        assert rounds == [3] * WORKERS
        assert _item(client, "locks", "guarded")["n"] == {"N": str(3 * WORKERS)}


def test_python_subprocess_writes_into_parent_tables_and_stream(shared_store_url, _client, tmp_path):
    """A plain `python -c` child (no mock code) updates the parent's item; the stream shows both writes in order."""
    with mock_aws(store=shared_store_url):
        create_table(_client, "shared", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        _client.put_item(TableName="shared", Item={"pk": {"S": "k"}, "n": {"N": "1"}})
        code = (
            "import boto3; c = boto3.client('dynamodb', region_name='us-east-1');"
            "c.update_item(TableName='shared', Key={'pk': {'S': 'k'}}, UpdateExpression='ADD n :one',"
            " ConditionExpression='n = :one', ExpressionAttributeValues={':one': {'N': '1'}});"
            "print(c.describe_table(TableName='shared')['Table']['ItemCount'])"
        )
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1"
        assert _item(_client, "shared", "k")["n"] == {"N": "2"}
        streams = boto3.client(
            "dynamodbstreams", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        arn = _client.describe_table(TableName="shared")["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        changes = [(r["eventName"], r["dynamodb"]["NewImage"]["n"]["N"]) for r in records]
        assert changes == [("INSERT", "1"), ("MODIFY", "2")]
