"""What the per-call shortcuts of Query, GetItem, stream records and the expression parser must not change.

Items go out in one JSON encoding (blobs as bytes, written as base64 by the encoder); whole chunks
of a page are taken without a look at each item; parsed expressions and key-condition plans are
remembered between requests.
"""

from __future__ import annotations

import boto3

from ddb_support import REGION, create_table, error_of


def _query(ddb, table: str, condition: str, values: dict, **kwargs) -> dict:
    return ddb.query(TableName=table, KeyConditionExpression=condition, ExpressionAttributeValues=values, **kwargs)


def test_blobs_at_any_depth_round_trip_through_get_and_query(ddb, table):
    item = {
        "pk": {"S": "p"}, "sk": {"N": "1"}, "b": {"B": b"\x00\xff"}, "bs": {"BS": [b"1", b"\x02"]},
        "m": {"M": {"inner": {"B": b"x"}, "l": {"L": [{"B": b"\x00"}, {"S": "s"}, {"NULL": True}]}}},
    }
    ddb.put_item(TableName=table, Item=item)
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})["Item"] == item
    assert _query(ddb, table, "pk = :p", {":p": {"S": "p"}})["Items"] == [item]


def test_query_and_scan_over_several_chunks_of_items(ddb, table):
    count = 250  # more than two chunks of 100 members
    for number in range(count):
        ddb.put_item(TableName=table, Item={"pk": {"S": "p"}, "sk": {"N": str(number)}})
    page = _query(ddb, table, "pk = :p", {":p": {"S": "p"}})
    assert (page["Count"], page["ScannedCount"]) == (count, count)
    assert [int(item["sk"]["N"]) for item in page["Items"]] == list(range(count))
    assert "LastEvaluatedKey" not in page
    scanned = ddb.scan(TableName=table)
    assert (scanned["Count"], scanned["ScannedCount"]) == (count, count)


def test_a_repeated_expression_with_other_values_reads_other_items(ddb, table):
    for pk in ("a", "b"):
        ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": "1"}, "v": {"S": pk}})
    for pk in ("a", "b", "a"):
        items = _query(ddb, table, "pk = :p", {":p": {"S": pk}})["Items"]
        assert [item["v"]["S"] for item in items] == [pk]


def test_unused_names_and_values_are_refused_on_a_repeated_expression(ddb, table):
    condition, values = "#k = :p", {":p": {"S": "a"}}
    for _ in range(2):  # the second request finds the parsed expression remembered
        assert _query(ddb, table, condition, values, ExpressionAttributeNames={"#k": "pk"})["Count"] == 0
    code, message = error_of(_query, ddb, table, condition, {**values, ":extra": {"S": "x"}},
                             ExpressionAttributeNames={"#k": "pk"})
    assert code == "ValidationException"
    assert "unused in expressions: keys: {:extra}" in message
    code, message = error_of(_query, ddb, table, condition, values,
                             ExpressionAttributeNames={"#k": "pk", "#unused": "x"})
    assert "unused in expressions: keys: {#unused}" in message


def test_names_used_by_remembered_expressions_count_as_used(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"S": "x"}})
    kwargs = {"ExpressionAttributeNames": {"#v": "v"}, "FilterExpression": "#v = :x", "ProjectionExpression": "#v"}
    for _ in range(2):
        page = _query(ddb, table, "pk = :p", {":p": {"S": "a"}, ":x": {"S": "x"}}, **kwargs)
        assert page["Items"] == [{"v": {"S": "x"}}]


def test_a_remembered_plan_is_not_used_for_a_recreated_table(ddb):
    table = create_table(ddb, "plans", range_key=("sk", "N"))
    ddb.put_item(TableName=table, Item={"pk": {"S": "p"}, "sk": {"N": "5"}})
    condition, values = "pk = :p AND sk > :s", {":p": {"S": "p"}, ":s": {"N": "1"}}
    assert _query(ddb, table, condition, values)["Count"] == 1
    ddb.delete_table(TableName=table)
    create_table(ddb, "plans", range_key=("sk", "S"))
    code, message = error_of(_query, ddb, table, condition, values)
    assert code == "ValidationException"
    assert "Condition parameter type does not match schema type" in message


def test_stream_images_carry_blobs(ddb):
    streams = boto3.client("dynamodbstreams", region_name=REGION, aws_access_key_id="testing",
                           aws_secret_access_key="testing")
    table = create_table(ddb, "streamed", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
    arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    item = {"pk": {"S": "a"}, "b": {"B": b"\x00\xff"}, "m": {"M": {"bs": {"BS": [b"1"]}}}}
    ddb.put_item(TableName=table, Item=item)
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    (record,) = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert record["dynamodb"]["NewImage"] == item
