"""Query and Scan: key conditions, ordering per type, pagination, indexes, Select, parallel scan."""

from __future__ import annotations

import pytest

from ddb_support import create_table, error_of


def _put_all(ddb, table, items):
    for item in items:
        ddb.put_item(TableName=table, Item=item)


def _query(ddb, table, condition, values, **kwargs):
    return ddb.query(TableName=table, KeyConditionExpression=condition, ExpressionAttributeValues=values, **kwargs)


def test_number_sort_keys_order_numerically(ddb, table):
    numbers = ["-100", "-2.5", "-2", "-0.001", "0", "0.001", "1", "1.5", "2", "10", "1E+20", "-1E-20"]
    _put_all(ddb, table, [{"pk": {"S": "p"}, "sk": {"N": n}} for n in numbers])
    found = _query(ddb, table, "pk = :p", {":p": {"S": "p"}})["Items"]
    assert [float(i["sk"]["N"]) for i in found] == sorted(float(n) for n in numbers)
    backwards = _query(ddb, table, "pk = :p", {":p": {"S": "p"}}, ScanIndexForward=False)["Items"]
    assert backwards == list(reversed(found))


def test_string_and_binary_sort_keys(ddb):
    create_table(ddb, "strs", range_key=("sk", "S"))
    create_table(ddb, "bins", range_key=("sk", "B"))
    strings = ["b", "a", "ab", "B", "é", "日本", "a\x00b", "a\x01", "z", "\U0001f600"]
    _put_all(ddb, "strs", [{"pk": {"S": "p"}, "sk": {"S": s}} for s in strings])
    found = [i["sk"]["S"] for i in _query(ddb, "strs", "pk = :p", {":p": {"S": "p"}})["Items"]]
    assert found == sorted(strings, key=lambda s: s.encode("utf-8"))
    blobs = [b"\xff", b"\x00", b"\x00\x01", b"a", b"\x80"]
    _put_all(ddb, "bins", [{"pk": {"S": "p"}, "sk": {"B": b}} for b in blobs])
    found = [i["sk"]["B"] for i in _query(ddb, "bins", "pk = :p", {":p": {"S": "p"}})["Items"]]
    assert found == sorted(blobs)


@pytest.mark.parametrize(
    "condition, values, expected",
    [
        ("sk = :a", {":a": {"N": "3"}}, [3]),
        ("sk < :a", {":a": {"N": "3"}}, [0, 1, 2]),
        ("sk <= :a", {":a": {"N": "3"}}, [0, 1, 2, 3]),
        ("sk > :a", {":a": {"N": "7"}}, [8, 9]),
        ("sk >= :a", {":a": {"N": "7"}}, [7, 8, 9]),
        ("sk BETWEEN :a AND :b", {":a": {"N": "2"}, ":b": {"N": "4"}}, [2, 3, 4]),
        (":a <= sk", {":a": {"N": "8"}}, [8, 9]),
    ],
)
def test_range_key_conditions(ddb, table, condition, values, expected):
    _put_all(ddb, table, [{"pk": {"S": p}, "sk": {"N": str(i)}} for p in ("p", "q") for i in range(10)])
    found = _query(ddb, table, f"pk = :p AND {condition}", {":p": {"S": "p"}, **values})["Items"]
    assert [int(i["sk"]["N"]) for i in found] == expected


def test_begins_with_on_string_range_key(ddb):
    create_table(ddb, "strs", range_key=("sk", "S"))
    _put_all(ddb, "strs", [{"pk": {"S": "p"}, "sk": {"S": s}} for s in ("order#1", "order#2", "orders", "user#1")])
    found = _query(ddb, "strs", "pk = :p AND begins_with(sk, :pre)", {":p": {"S": "p"}, ":pre": {"S": "order#"}})
    assert [i["sk"]["S"] for i in found["Items"]] == ["order#1", "order#2"]


def test_key_condition_errors(ddb, table):
    values = {":p": {"S": "p"}, ":n": {"N": "1"}}
    assert error_of(_query, ddb, table, "sk = :n", {":n": {"N": "1"}})[1] == "Query condition missed key schema element: pk"
    assert error_of(_query, ddb, table, "pk = :p AND wrong = :n", values)[1] == (
        "Query condition missed key schema element: sk"
    )
    assert error_of(_query, ddb, table, "pk = :p AND sk = :n", values, IndexName="keys-only")[1] == (
        "The table does not have the specified index: keys-only"
    )
    assert error_of(_query, ddb, table, "pk = :p", {":p": {"S": ""}})[1] == (
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
        "string value. Key: pk"
    )
    assert error_of(_query, ddb, table, "pk > :p", {":p": {"S": "p"}})[1] == "Query key condition not supported"
    assert error_of(_query, ddb, table, "pk = :p OR sk = :n", values)[1] == (
        "Invalid operator used in KeyConditionExpression: OR"
    )
    assert error_of(_query, ddb, table, "pk = somewhere AND sk = :n", {":n": {"N": "1"}})[1] == (
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
    )
    assert error_of(_query, ddb, table, "pk = p", {"p": {"S": "p"}})[1] == (
        'ExpressionAttributeValues contains invalid key: Syntax error; key: "p"'
    )
    assert error_of(_query, ddb, table, "pk = :n", {":n": {"N": "1"}})[1] == (
        "One or more parameter values were invalid: Condition parameter type does not match schema type"
    )
    assert error_of(
        _query, ddb, table, "pk = :p", values, FilterExpression="sk = :n"
    )[1] == "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"


def test_limit_and_exclusive_start_key(ddb, table):
    _put_all(ddb, table, [{"pk": {"S": "p"}, "sk": {"N": str(i)}} for i in range(7)])
    seen, start = [], None
    for _ in range(4):
        kwargs = {"ExclusiveStartKey": start} if start else {}
        page = _query(ddb, table, "pk = :p", {":p": {"S": "p"}}, Limit=3, **kwargs)
        seen += [int(i["sk"]["N"]) for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if start is None:
            break
    assert seen == list(range(7))
    paginator = ddb.get_paginator("query").paginate(
        TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
        ScanIndexForward=False, PaginationConfig={"PageSize": 2},
    )
    assert [int(i["sk"]["N"]) for page in paginator for i in page["Items"]] == list(range(6, -1, -1))


def test_one_megabyte_page_rule(ddb, table):
    big = "x" * 300_000
    _put_all(ddb, table, [{"pk": {"S": "p"}, "sk": {"N": str(i)}, "v": {"S": big}} for i in range(5)])
    page = _query(ddb, table, "pk = :p", {":p": {"S": "p"}})
    assert page["Count"] == 4
    assert page["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "3"}}
    rest = _query(ddb, table, "pk = :p", {":p": {"S": "p"}}, ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [i["sk"]["N"] for i in rest["Items"]] == ["4"]


def test_filter_counts_and_select_count(ddb, table):
    _put_all(ddb, table, [{"pk": {"S": "p"}, "sk": {"N": str(i)}, "even": {"BOOL": i % 2 == 0}} for i in range(6)])
    filtered = _query(ddb, table, "pk = :p", {":p": {"S": "p"}, ":t": {"BOOL": True}}, FilterExpression="even = :t")
    assert (filtered["Count"], filtered["ScannedCount"]) == (3, 6)
    counted = _query(ddb, table, "pk = :p", {":p": {"S": "p"}}, Select="COUNT")
    assert counted["Count"] == 6 and "Items" not in counted
    legacy = ddb.query(
        TableName=table,
        KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
                       "sk": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "4"}]}},
        QueryFilter={"even": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": True}]}},
    )
    assert [i["sk"]["N"] for i in legacy["Items"]] == ["4"]


@pytest.fixture
def indexed(ddb):
    create_table(
        ddb, "indexed", range_key=("sk", "N"), attributes={"g": "S", "gs": "N", "l": "S"},
        GlobalSecondaryIndexes=[
            {"IndexName": "keys-only", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "gs", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "KEYS_ONLY"}},
            {"IndexName": "include", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["extra"]}},
        ],
        LocalSecondaryIndexes=[
            {"IndexName": "local", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "ALL"}},
        ],
    )
    for i in range(4):
        item = {"pk": {"S": "p"}, "sk": {"N": str(i)}, "extra": {"S": f"e{i}"}, "other": {"S": "o"}, "l": {"S": "zyxw"[i]}}
        if i != 2:  # item 2 is left out of the sparse global indexes
            item.update(g={"S": "G"}, gs={"N": str(10 - i)})
        ddb.put_item(TableName="indexed", Item=item)
    return "indexed"


def test_more_conditions_than_index_keys(ddb, indexed):
    code, message = error_of(_query, ddb, indexed, "g = :g AND sk = :n", {":g": {"S": "G"}, ":n": {"N": "1"}},
                             IndexName="include")
    assert message == "The number of query conditions (2) exceeds the number of key attributes defined in the schema (1)"


def test_gsi_keys_only_and_sparse(ddb, indexed):
    found = _query(ddb, indexed, "g = :g", {":g": {"S": "G"}}, IndexName="keys-only")["Items"]
    assert [i["sk"]["N"] for i in found] == ["3", "1", "0"]
    assert set(found[0]) == {"pk", "sk", "g", "gs"}
    code, message = error_of(
        _query, ddb, indexed, "g = :g", {":g": {"S": "G"}}, IndexName="keys-only", Select="ALL_ATTRIBUTES"
    )
    assert "Select type ALL_ATTRIBUTES is not supported for global secondary index keys-only" in message
    assert error_of(_query, ddb, indexed, "g = :g", {":g": {"S": "G"}}, IndexName="keys-only", ConsistentRead=True)[1] == (
        "Consistent reads are not supported on global secondary indexes"
    )


def test_gsi_include_projection_and_index_maintenance(ddb, indexed):
    found = _query(ddb, indexed, "g = :g", {":g": {"S": "G"}}, IndexName="include")["Items"]
    assert len(found) == 3
    assert all(set(i) == {"pk", "sk", "g", "extra"} for i in found)
    ddb.update_item(TableName=indexed, Key={"pk": {"S": "p"}, "sk": {"N": "0"}}, UpdateExpression="REMOVE g")
    ddb.delete_item(TableName=indexed, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
    ddb.update_item(TableName=indexed, Key={"pk": {"S": "p"}, "sk": {"N": "2"}}, UpdateExpression="SET g = :g",
                    ExpressionAttributeValues={":g": {"S": "G"}})
    found = _query(ddb, indexed, "g = :g", {":g": {"S": "G"}}, IndexName="include")["Items"]
    assert sorted(i["sk"]["N"] for i in found) == ["2", "3"]
    assert ddb.scan(TableName=indexed, IndexName="keys-only")["Count"] == 1


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_select_checks_name_the_parameter_and_value_set(ddb, indexed, operation):
    def read(**kwargs):
        if operation == "query":
            return _query(ddb, indexed, "pk = :p", {":p": {"S": "p"}}, **kwargs)
        return ddb.scan(TableName=indexed, **kwargs)

    assert error_of(read, Select="count") == ("ValidationException", (
        "1 validation error detected: Value 'count' at 'select' failed to satisfy constraint: "
        "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"
    ))
    assert error_of(read, Select="ALL_PROJECTED_ATTRIBUTES")[1] == (
        "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
    )
    assert error_of(read, Select="SPECIFIC_ATTRIBUTES")[1] == (
        "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES"
    )
    assert error_of(read, Select="COUNT", ProjectionExpression="pk")[1] == (
        "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count"
    )
    assert error_of(read, ReturnConsumedCapacity="total")[1] == (
        "1 validation error detected: Value 'total' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"
    )


def test_attributes_to_get_is_named_when_refused(ddb, indexed):
    code, message = error_of(ddb.scan, TableName=indexed, Select="ALL_ATTRIBUTES", AttributesToGet=["pk"])
    assert message == "1 validation error detected: Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"


def test_lsi_orders_by_its_range_key(ddb, indexed):
    found = _query(ddb, indexed, "pk = :p AND l > :l", {":p": {"S": "p"}, ":l": {"S": "w"}}, IndexName="local")["Items"]
    assert [i["l"]["S"] for i in found] == ["x", "y", "z"]
    assert found[0]["other"] == {"S": "o"}
    page = _query(ddb, indexed, "pk = :p", {":p": {"S": "p"}}, IndexName="local", Limit=1)
    assert page["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "3"}, "l": {"S": "w"}}


def test_scan_with_filter_projection_and_pagination(ddb, table):
    _put_all(ddb, table, [{"pk": {"S": f"p{i % 5}"}, "sk": {"N": str(i)}, "n": {"N": str(i)}} for i in range(25)])
    pages = list(ddb.get_paginator("scan").paginate(
        TableName=table, FilterExpression="n >= :ten", ProjectionExpression="n",
        ExpressionAttributeValues={":ten": {"N": "10"}}, PaginationConfig={"PageSize": 4},
    ))
    items = [i for page in pages for i in page["Items"]]
    assert sorted(int(i["n"]["N"]) for i in items) == list(range(10, 25))
    assert all(set(i) == {"n"} for i in items)
    assert sum(page["ScannedCount"] for page in pages) == 25


def test_parallel_scan_segments_partition_the_table(ddb, table):
    _put_all(ddb, table, [{"pk": {"S": f"p{i}"}, "sk": {"N": "0"}} for i in range(40)])
    seen = []
    for segment in range(3):
        seen += [i["pk"]["S"] for i in ddb.scan(TableName=table, Segment=segment, TotalSegments=3)["Items"]]
    assert sorted(seen) == sorted(f"p{i}" for i in range(40))
    code, message = error_of(ddb.scan, TableName=table, Segment=3, TotalSegments=3)
    assert message == (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less "
        "than TotalSegments: 3"
    )


def test_legacy_scan_filter_with_conditional_operator(ddb, table):
    _put_all(ddb, table, [{"pk": {"S": f"p{i}"}, "sk": {"N": str(i)}, "n": {"N": str(i)}} for i in range(6)])
    found = ddb.scan(
        TableName=table,
        ScanFilter={
            "n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "2"}]},
            "pk": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "p4"}, {"S": "p5"}]},
        },
        ConditionalOperator="OR",
        AttributesToGet=["n"],
    )["Items"]
    assert sorted(int(i["n"]["N"]) for i in found) == [0, 1, 4, 5]
