"""boto3's resource API (Table, batch_writer, Key/Attr conditions) works unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError


@pytest.fixture
def users(resource):
    return resource.create_table(
        TableName="users",
        KeySchema=[{"AttributeName": "org", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "org", "AttributeType": "S"}, {"AttributeName": "id", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )


def test_table_round_trip_with_python_types(users):
    users.wait_until_exists()
    item = {"org": "acme", "id": 1, "score": Decimal("9.75"), "tags": {"a", "b"}, "profile": {"age": 30, "pets": ["cat"]},
            "active": True, "blob": b"\x00bytes", "none": None}
    users.put_item(Item=item)
    assert users.get_item(Key={"org": "acme", "id": 1})["Item"] == item
    assert users.item_count == 1


def test_batch_writer_query_and_scan(users):
    with users.batch_writer(overwrite_by_pkeys=["org", "id"]) as writer:
        for i in range(60):
            writer.put_item(Item={"org": "acme" if i % 2 else "other", "id": i, "level": i % 5})
        writer.delete_item(Key={"org": "acme", "id": 1})
    found = users.query(KeyConditionExpression=Key("org").eq("acme") & Key("id").between(10, 20))["Items"]
    assert [int(i["id"]) for i in found] == [11, 13, 15, 17, 19]
    scanned = users.scan(FilterExpression=Attr("level").gte(3) & Attr("org").begins_with("ac"))["Items"]
    assert sorted(int(i["id"]) for i in scanned) == [i for i in range(3, 60, 2) if i % 5 >= 3]
    assert users.scan(Select="COUNT")["Count"] == 59


def test_update_and_conditions(users):
    users.put_item(Item={"org": "acme", "id": 7, "visits": 0})
    response = users.update_item(
        Key={"org": "acme", "id": 7}, UpdateExpression="ADD visits :one",
        ConditionExpression=Attr("visits").lt(10) & Attr("deleted").not_exists(),
        ExpressionAttributeValues={":one": 1}, ReturnValues="ALL_NEW",
    )
    assert response["Attributes"]["visits"] == Decimal(1)
    with pytest.raises(ClientError) as caught:
        users.delete_item(Key={"org": "acme", "id": 7}, ConditionExpression=Attr("visits").gt(5))
    assert caught.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    users.delete_item(Key={"org": "acme", "id": 7}, ConditionExpression=Attr("visits").eq(1))
    assert "Item" not in users.get_item(Key={"org": "acme", "id": 7})
