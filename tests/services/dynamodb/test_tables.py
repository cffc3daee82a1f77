"""Table operations: create/describe/update/delete/list, validation, tags, TTL, waiters."""

from __future__ import annotations

import pytest

from ddb_support import create_table, error_of


def _key_schema(*names):
    return [{"AttributeName": n, "KeyType": k} for n, k in zip(names, ("HASH", "RANGE"))]


def _attributes(**types):
    return [{"AttributeName": n, "AttributeType": t} for n, t in types.items()]


def test_create_table_is_active_and_described(ddb):
    created = ddb.create_table(
        TableName="orders",
        KeySchema=_key_schema("pk", "sk"),
        AttributeDefinitions=_attributes(pk="S", sk="N"),
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 7},
    )["TableDescription"]
    assert created["TableStatus"] == "ACTIVE"
    assert created["TableArn"] == "arn:aws:dynamodb:us-east-1:123456789012:table/orders"
    ddb.get_waiter("table_exists").wait(TableName="orders", WaiterConfig={"Delay": 0.01, "MaxAttempts": 2})
    table = ddb.describe_table(TableName="orders")["Table"]
    assert table["KeySchema"] == _key_schema("pk", "sk")
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert table["ItemCount"] == 0
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"


def test_create_existing_table_is_in_use(ddb, table):
    code, message = error_of(create_table, ddb, table, range_key=("sk", "N"))
    assert code == "ResourceInUseException"
    assert message == f"Table already exists: {table}"


def test_describe_missing_table(ddb):
    code, message = error_of(ddb.describe_table, TableName="nothere")
    assert code == "ResourceNotFoundException"
    assert message == "Requested resource not found: Table: nothere not found"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            {"KeySchema": _key_schema("pk"), "AttributeDefinitions": _attributes(pk="S", extra="S")},
            "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match "
            "number of attributes defined in AttributeDefinitions",
        ),
        (
            {"KeySchema": _key_schema("pk", "sk"), "AttributeDefinitions": _attributes(pk="S")},
            "Invalid KeySchema: Some index key attribute have no definition",
        ),
        (
            {"KeySchema": _key_schema("pk"), "AttributeDefinitions": _attributes(other="S")},
            "One or more parameter values were invalid: Some index key attributes are not defined in "
            "AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]",
        ),
        (
            {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "SORT"}],
             "AttributeDefinitions": _attributes(pk="S", sk="S")},
            "1 validation error detected: Value 'SORT' at 'keySchema.2.member.keyType' failed to satisfy constraint: "
            "Member must satisfy enum value set: [HASH, RANGE]",
        ),
        (
            {
                "KeySchema": [{"AttributeName": "pk", "KeyType": "RANGE"}],
                "AttributeDefinitions": _attributes(pk="S"),
            },
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ),
    ],
)
def test_create_table_schema_errors(ddb, kwargs, message):
    code, actual = error_of(ddb.create_table, TableName="bad", BillingMode="PAY_PER_REQUEST", **kwargs)
    assert (code, actual) == ("ValidationException", message)


def test_billing_mode_and_throughput_must_agree(ddb):
    common = {"TableName": "bad", "KeySchema": _key_schema("pk"), "AttributeDefinitions": _attributes(pk="S")}
    code, message = error_of(ddb.create_table, **common)
    assert code == "ValidationException"
    assert "ReadCapacityUnits and WriteCapacityUnits must both be specified" in message
    code, message = error_of(
        ddb.create_table,
        BillingMode="PAY_PER_REQUEST",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        **common,
    )
    assert "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified" in message
    gsi = {"IndexName": "by-pk", "KeySchema": _key_schema("pk"), "Projection": {"ProjectionType": "ALL"}}
    assert error_of(
        ddb.create_table, ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        GlobalSecondaryIndexes=[gsi], **common,
    ) == ("ValidationException", "One or more parameter values were invalid: ProvisionedThroughput is not specified "
          "for index: by-pk")


def test_index_limits(ddb):
    gsis = [
        {"IndexName": f"index{i}", "KeySchema": _key_schema("g"), "Projection": {"ProjectionType": "ALL"}}
        for i in range(21)
    ]
    code, message = error_of(
        create_table, ddb, "many", attributes={"g": "S"}, GlobalSecondaryIndexes=gsis
    )
    assert message == "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20"
    lsi = {"IndexName": "local", "KeySchema": _key_schema("pk", "l"), "Projection": {"ProjectionType": "ALL"}}
    code, message = error_of(create_table, ddb, "nolsi", attributes={"l": "S"}, LocalSecondaryIndexes=[lsi])
    assert "Table KeySchema does not have a range key" in message


def test_list_tables_paginates(ddb):
    for name in ("t-c", "t-a", "t-b", "t-d"):
        create_table(ddb, name)
    first = ddb.list_tables(Limit=3)
    assert first["TableNames"] == ["t-a", "t-b", "t-c"]
    assert first["LastEvaluatedTableName"] == "t-c"
    second = ddb.list_tables(Limit=3, ExclusiveStartTableName="t-c")
    assert second["TableNames"] == ["t-d"]
    assert "LastEvaluatedTableName" not in second
    pages = ddb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 2})
    assert [n for page in pages for n in page["TableNames"]] == ["t-a", "t-b", "t-c", "t-d"]


def test_delete_table_removes_items(ddb, table):
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    deleted = ddb.delete_table(TableName=table)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    ddb.get_waiter("table_not_exists").wait(TableName=table, WaiterConfig={"Delay": 0.01, "MaxAttempts": 2})
    create_table(ddb, table, range_key=("sk", "N"))
    assert ddb.scan(TableName=table)["Count"] == 0
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}).get("Item") is None


def test_deletion_protection(ddb):
    create_table(ddb, "kept", DeletionProtectionEnabled=True)
    code, message = error_of(ddb.delete_table, TableName="kept")
    assert code == "ValidationException"
    assert "protected against deletion" in message
    ddb.update_table(TableName="kept", DeletionProtectionEnabled=False)
    ddb.delete_table(TableName="kept")
    assert ddb.list_tables()["TableNames"] == []


def test_update_throughput_and_billing(ddb, table):
    updated = ddb.update_table(
        TableName=table, BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}
    )["TableDescription"]
    assert updated["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert updated["ProvisionedThroughput"]["WriteCapacityUnits"] == 4


def test_update_table_adds_gsi_with_existing_items_and_removes_it(ddb, table):
    for i in range(3):
        item = {"pk": {"S": f"p{i}"}, "sk": {"N": str(i)}}
        if i != 1:
            item["colour"] = {"S": "red"}
        ddb.put_item(TableName=table, Item=item)
    ddb.update_table(
        TableName=table,
        AttributeDefinitions=_attributes(colour="S"),
        GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "by-colour", "KeySchema": _key_schema("colour"), "Projection": {"ProjectionType": "ALL"}}}
        ],
    )
    described = ddb.describe_table(TableName=table)["Table"]
    assert [i["IndexName"] for i in described["GlobalSecondaryIndexes"]] == ["by-colour"]
    assert described["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    found = ddb.query(
        TableName=table, IndexName="by-colour", KeyConditionExpression="colour = :c",
        ExpressionAttributeValues={":c": {"S": "red"}},
    )
    assert sorted(i["pk"]["S"] for i in found["Items"]) == ["p0", "p2"]
    ddb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-colour"}}])
    described = ddb.describe_table(TableName=table)["Table"]
    assert "GlobalSecondaryIndexes" not in described
    assert {a["AttributeName"] for a in described["AttributeDefinitions"]} == {"pk", "sk"}


def test_tags(ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "a"}])
    ddb.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "test"}]
    code, _ = error_of(ddb.list_tags_of_resource, ResourceArn=arn.replace(table, "missing"))
    assert code == "ResourceNotFoundException"


def test_tags_are_listed_a_page_at_a_time(ddb, table):
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i:02}", "Value": "v"} for i in range(12)])
    first = ddb.list_tags_of_resource(ResourceArn=arn)
    second = ddb.list_tags_of_resource(ResourceArn=arn, NextToken=first["NextToken"])
    assert (len(first["Tags"]), len(second["Tags"]), "NextToken" in second) == (10, 2, False)
    assert {tag["Key"] for tag in first["Tags"] + second["Tags"]} == {f"k{i:02}" for i in range(12)}


def test_time_to_live(ddb, table):
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    spec = {"Enabled": True, "AttributeName": "expires"}
    assert ddb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec)["TimeToLiveSpecification"] == spec
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }
    code, message = error_of(ddb.update_time_to_live, TableName=table, TimeToLiveSpecification=spec)
    assert (code, message) == ("ValidationException", "TimeToLive is already enabled")


def test_warm_throughput_and_encryption(ddb):
    create_table(ddb, "warm", WarmThroughput={"ReadUnitsPerSecond": 15000}, SSESpecification={"Enabled": True})
    described = ddb.describe_table(TableName="warm")["Table"]
    assert described["WarmThroughput"] == {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
    assert (described["SSEDescription"]["Status"], described["SSEDescription"]["SSEType"]) == ("ENABLED", "KMS")
    assert described["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}
    updated = ddb.update_table(TableName="warm", WarmThroughput={"WriteUnitsPerSecond": 5000})["TableDescription"]
    assert updated["WarmThroughput"] == {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000, "Status": "ACTIVE"}
    code, message = error_of(create_table, ddb, "cold", WarmThroughput={"WriteUnitsPerSecond": 10})
    assert (code, message) == (
        "ValidationException",
        "One or more parameter values were invalid: Requested WriteUnitsPerSecond for WarmThroughput for table is "
        "lower than initial throughput for OnDemand",
    )
