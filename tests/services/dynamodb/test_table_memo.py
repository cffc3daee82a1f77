"""Store round trips of the hot item operations, and the per-process memo of tables that saves them.

A call plans its reads with the table this process last decoded and reads the table's stamp (renewed with
every change of the table) in the same round trip as the items, so a change made by another process is
seen by the very next call.
"""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from ddb_support import REGION, create_table, error_of
from recording_store import RecordingStore
from moto_shared import mock_aws
from moto_shared.core import dispatch
from moto_shared.store import open_store

@pytest.fixture
def counted(monkeypatch, _client):
    """A client on the memory store whose store operations are recorded in the yielded list."""
    counts = []
    handle = dispatch.handle
    monkeypatch.setattr(dispatch, "handle", lambda request, store, config=None: handle(
        request, RecordingStore(store, counts, commits=True), config))
    with mock_aws(store="memory://"):
        yield _client, counts


def _round_trips(counts: list, call) -> list[str]:
    counts.clear()
    call()
    return list(counts)


def test_hot_operations_read_the_table_with_their_items(counted):
    client, counts = counted
    create_table(client, "hot", range_key=("sk", "S"))
    key = {"pk": {"S": "p"}, "sk": {"S": "1"}}
    for number in range(3):
        client.put_item(TableName="hot", Item={"pk": {"S": "p"}, "sk": {"S": str(number)}, "n": {"N": "1"}})
    query = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}}

    assert _round_trips(counts, lambda: client.put_item(TableName="hot", Item={**key, "n": {"N": "2"}})) == [
        "get_many", "commit"]
    assert _round_trips(counts, lambda: client.put_item(
        TableName="hot", Item=key, ConditionExpression="attribute_exists(pk)")) == ["get_many", "commit"]
    assert _round_trips(counts, lambda: client.update_item(
        TableName="hot", Key=key, UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "3"}},
    )) == ["get_many", "commit"]
    assert _round_trips(counts, lambda: client.get_item(TableName="hot", Key=key)) == ["get_many"]
    assert _round_trips(counts, lambda: client.query(TableName="hot", **query)) == ["lex_range", "get_many"]
    assert _round_trips(counts, lambda: client.scan(TableName="hot")) == ["lex_range", "get_many"]
    assert _round_trips(counts, lambda: client.query(
        TableName="hot", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "none"}},
    )) == ["lex_range", "get"]
    assert _round_trips(counts, lambda: client.delete_item(TableName="hot", Key=key)) == ["get_many", "commit"]
    assert client.query(TableName="hot", **query)["Count"] == 2


def test_changes_by_another_process_are_seen_by_the_next_call(shared_store_url, _client, tmp_path):
    """A child recreates one table with another key, adds an index to a second and deletes a third,
    after this process has used all three."""
    with mock_aws(store=shared_store_url):
        create_table(_client, "recreated", range_key=("sk", "S"))
        _client.put_item(TableName="recreated", Item={"pk": {"S": "a"}, "sk": {"S": "x"}})
        create_table(_client, "indexed")
        _client.put_item(TableName="indexed", Item={"pk": {"S": "1"}, "g": {"S": "v"}})
        create_table(_client, "gone")
        for name in ("recreated", "indexed", "gone"):
            _client.query(TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}})
        code = (
            "import boto3; c = boto3.client('dynamodb', region_name='us-east-1');"
            "c.delete_table(TableName='recreated');"
            "c.create_table(TableName='recreated', KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}],"
            " AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}], BillingMode='PAY_PER_REQUEST');"
            "c.put_item(TableName='recreated', Item={'pk': {'S': 'a'}, 'n': {'N': '1'}});"
            "c.update_table(TableName='indexed', AttributeDefinitions=[{'AttributeName': 'g', 'AttributeType': 'S'}],"
            " GlobalSecondaryIndexUpdates=[{'Create': {'IndexName': 'by-g', 'KeySchema': [{'AttributeName': 'g',"
            " 'KeyType': 'HASH'}], 'Projection': {'ProjectionType': 'ALL'}}}]);"
            "c.delete_table(TableName='gone')"
        )
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

        # The key this process remembers ({pk, sk}) is not the table's key any more: {pk} is, and is taken.
        code, _ = error_of(_client.put_item, TableName="recreated", Item={"pk": {"S": "a"}, "sk": {"S": "z"}},
                           ConditionExpression="attribute_not_exists(pk)")
        assert code == "ConditionalCheckFailedException"
        found = _client.query(TableName="recreated", KeyConditionExpression="pk = :p",
                              ExpressionAttributeValues={":p": {"S": "a"}})["Items"]
        assert found == [{"pk": {"S": "a"}, "n": {"N": "1"}}]
        found = _client.query(TableName="indexed", IndexName="by-g", KeyConditionExpression="g = :g",
                              ExpressionAttributeValues={":g": {"S": "v"}})["Items"]
        assert found == [{"pk": {"S": "1"}, "g": {"S": "v"}}]
        for call, params in (
            (_client.get_item, {"Key": {"pk": {"S": "a"}}}),
            (_client.put_item, {"Item": {"pk": {"S": "a"}}}),
            (_client.query, {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}}),
        ):
            assert error_of(call, TableName="gone", **params)[0] == "ResourceNotFoundException"


def test_table_stored_without_a_stamp_is_read_whole_every_time(_client):
    """Tables written before stamps existed: served, never remembered, so their deletion is seen at once."""
    name = f"ddb-no-stamp-{uuid.uuid4().hex[:8]}"
    with mock_aws(store="memory://", namespace=name):
        create_table(_client, "old")
        namespace = open_store("memory://").namespace(name)
        assert namespace.delete(f"dynamodb|123456789012|{REGION}|tablestamp|old") == 1
        _client.put_item(TableName="old", Item={"pk": {"S": "a"}})
        assert _client.get_item(TableName="old", Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}
        assert _client.query(TableName="old", KeyConditionExpression="pk = :p",
                             ExpressionAttributeValues={":p": {"S": "a"}})["Count"] == 1
        namespace.delete(f"dynamodb|123456789012|{REGION}|table|old")
        assert error_of(_client.get_item, TableName="old", Key={"pk": {"S": "a"}})[0] == "ResourceNotFoundException"
        assert error_of(_client.put_item, TableName="old", Item={"pk": {"S": "a"}})[0] == "ResourceNotFoundException"
