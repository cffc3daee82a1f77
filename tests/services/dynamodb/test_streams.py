"""DynamoDB Streams: records written with the item, in order, with the images the view type asks for."""

from __future__ import annotations

import boto3
import pytest

from ddb_support import REGION, create_table, error_of


@pytest.fixture
def streams(ddb):
    return boto3.client("dynamodbstreams", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")


def _records(streams, arn):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    return streams.get_records(ShardIterator=iterator)


@pytest.mark.parametrize(
    "view_type, images",
    [("KEYS_ONLY", set()), ("NEW_IMAGE", {"NewImage"}), ("OLD_IMAGE", {"OldImage"}),
     ("NEW_AND_OLD_IMAGES", {"NewImage", "OldImage"})],
)
def test_records_follow_writes(ddb, streams, view_type, images):
    created = create_table(ddb, "streamed", StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type})
    arn = ddb.describe_table(TableName=created)["Table"]["LatestStreamArn"]
    key = {"pk": {"S": "a"}}
    ddb.put_item(TableName=created, Item={**key, "v": {"N": "1"}})
    ddb.update_item(TableName=created, Key=key, UpdateExpression="SET v = :two", ExpressionAttributeValues={":two": {"N": "2"}})
    ddb.delete_item(TableName=created, Key=key)
    records = _records(streams, arn)["Records"]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    sequence_numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence_numbers == sorted(sequence_numbers)
    assert all(r["dynamodb"]["Keys"] == key for r in records)
    modify = records[1]["dynamodb"]
    assert images == {name for name in ("NewImage", "OldImage") if name in modify}
    if "NewImage" in images:
        assert modify["NewImage"]["v"] == {"N": "2"}
    if "OldImage" in images:
        assert modify["OldImage"]["v"] == {"N": "1"}


def test_stream_enabled_by_update_and_listed(ddb, streams, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "before"}, "sk": {"N": "0"}})
    described = ddb.update_table(
        TableName=table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    )["TableDescription"]
    arn = described["LatestStreamArn"]
    assert arn.startswith(described["TableArn"] + "/stream/")
    assert streams.list_streams()["Streams"] == [
        {"StreamArn": arn, "TableName": table, "StreamLabel": described["LatestStreamLabel"]}
    ]
    ddb.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"pk": {"S": "t"}, "sk": {"N": str(i)}}}} for i in range(3)
    ])
    first = _records(streams, arn)
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in first["Records"]] == ["0", "1", "2"]
    assert streams.get_records(ShardIterator=first["NextShardIterator"])["Records"] == []
    ddb.put_item(TableName=table, Item={"pk": {"S": "later"}, "sk": {"N": "9"}})
    later = streams.get_records(ShardIterator=first["NextShardIterator"])["Records"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in later] == ["later"]
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "ENABLED" and description["TableName"] == table


def test_shard_iterator_types(ddb, streams):
    created = create_table(ddb, "streamed", StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    arn = ddb.describe_table(TableName=created)["Table"]["LatestStreamArn"]
    for i in range(3):
        ddb.put_item(TableName=created, Item={"pk": {"S": str(i)}})
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    second = _records(streams, arn)["Records"][1]["dynamodb"]["SequenceNumber"]

    def keys(kind, **extra):
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **extra)
        return [r["dynamodb"]["Keys"]["pk"]["S"] for r in streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]]

    assert keys("AT_SEQUENCE_NUMBER", SequenceNumber=second) == ["1", "2"]
    assert keys("AFTER_SEQUENCE_NUMBER", SequenceNumber=second) == ["2"]
    assert keys("LATEST") == []
    code, _ = error_of(streams.describe_stream, StreamArn=arn + "x")
    assert code == "ResourceNotFoundException"
