"""Global indexes with multi-attribute keys: several partition-key and sort-key attributes per index."""

from __future__ import annotations

import pytest

from ddb_support import create_table, error_of


def _key(*elements):
    return [{"AttributeName": name, "KeyType": kind} for name, kind in elements]


@pytest.fixture
def orders(ddb):
    """Orders indexed by (area, shop) and sorted by (phase, amount, memo)."""
    create_table(
        ddb, "orders", attributes={"area": "S", "shop": "S", "phase": "S", "amount": "N", "memo": "S"},
        GlobalSecondaryIndexes=[{
            "IndexName": "by-shop",
            "KeySchema": _key(("area", "HASH"), ("shop", "HASH"), ("phase", "RANGE"), ("amount", "RANGE"),
                              ("memo", "RANGE")),
            "Projection": {"ProjectionType": "ALL"},
        }],
    )
    rows = [("1", "eu", "a", "open", "20"), ("2", "eu", "a", "open", "3"), ("3", "eu", "a", "done", "7"),
            ("4", "eu", "b", "open", "1"), ("5", "us", "a", "open", "5"), ("6", "eu", "a", "open", "100")]
    for pk, area, shop, phase, amount in rows:
        ddb.put_item(TableName="orders", Item={
            "pk": {"S": pk}, "area": {"S": area}, "shop": {"S": shop}, "phase": {"S": phase},
            "amount": {"N": amount}, "memo": {"S": f"n{pk}"},
        })
    ddb.put_item(TableName="orders", Item={"pk": {"S": "7"}, "area": {"S": "eu"}, "shop": {"S": "a"}})
    return "orders"


def _pks(ddb, condition, values, **kwargs):
    response = ddb.query(TableName="orders", IndexName="by-shop", KeyConditionExpression=condition,
                         ExpressionAttributeValues=values, **kwargs)
    return [item["pk"]["S"] for item in response["Items"]]


EU_A = {":r": {"S": "eu"}, ":s": {"S": "a"}}


def test_described_with_every_key_attribute(ddb, orders):
    index = ddb.describe_table(TableName=orders)["Table"]["GlobalSecondaryIndexes"][0]
    assert [element["AttributeName"] for element in index["KeySchema"]] == ["area", "shop", "phase", "amount", "memo"]


def test_items_sort_by_the_tuple_of_sort_keys_and_need_them_all(ddb, orders):
    """Numbers compare numerically inside the tuple ("3" < "20" < "100"); item 7 lacks the sort keys."""
    assert _pks(ddb, "area = :r AND shop = :s", EU_A) == ["3", "2", "1", "6"]
    assert _pks(ddb, "area = :r AND shop = :s", EU_A, ScanIndexForward=False) == ["6", "1", "2", "3"]


@pytest.mark.parametrize("condition, values, expected", [
    ("phase = :open", {":open": {"S": "open"}}, ["2", "1", "6"]),
    ("phase > :done", {":done": {"S": "done"}}, ["2", "1", "6"]),
    ("phase = :open AND amount > :n", {":open": {"S": "open"}, ":n": {"N": "3"}}, ["1", "6"]),
    ("phase = :open AND amount < :n", {":open": {"S": "open"}, ":n": {"N": "20"}}, ["2"]),
    ("phase = :open AND amount BETWEEN :lo AND :hi", {":open": {"S": "open"}, ":lo": {"N": "3"}, ":hi": {"N": "20"}},
     ["2", "1"]),
    ("phase = :open AND amount = :n AND begins_with(memo, :p)",
     {":open": {"S": "open"}, ":n": {"N": "20"}, ":p": {"S": "n"}}, ["1"]),
])
def test_sort_key_prefixes_and_a_last_range_condition(ddb, orders, condition, values, expected):
    assert _pks(ddb, f"area = :r AND shop = :s AND {condition}", {**EU_A, **values}) == expected


def test_pages_carry_every_key_attribute(ddb, orders):
    first = ddb.query(TableName=orders, IndexName="by-shop", KeyConditionExpression="area = :r AND shop = :s",
                      ExpressionAttributeValues=EU_A, Limit=2)
    assert set(first["LastEvaluatedKey"]) == {"pk", "area", "shop", "phase", "amount", "memo"}
    rest = _pks(ddb, "area = :r AND shop = :s", EU_A, ExclusiveStartKey=first["LastEvaluatedKey"])
    assert [item["pk"]["S"] for item in first["Items"]] + rest == ["3", "2", "1", "6"]


def test_key_condition_rules(ddb, orders):
    values = {**EU_A, ":n": {"N": "1"}, ":open": {"S": "open"}}
    assert error_of(_pks, ddb, "area = :r", {":r": {"S": "eu"}})[1] == "Query condition missed key schema element: shop"
    assert error_of(_pks, ddb, "area = :r AND shop = :s AND amount = :n", {**EU_A, ":n": {"N": "1"}})[1] == (
        "Query condition missed key schema element: phase"
    )
    assert error_of(_pks, ddb, "area = :r AND shop = :s AND phase > :open AND amount = :n", values)[1] == (
        "Query key condition not supported"
    )


def test_index_keys_are_validated_on_write_and_schema(ddb, orders):
    code, message = error_of(ddb.put_item, TableName=orders, Item={"pk": {"S": "x"}, "amount": {"S": "1"}})
    assert "Type mismatch for Index Key amount Expected: N Actual: S IndexName: by-shop" in message
    five_ranges = _key(("g", "HASH"), *((f"r{i}", "RANGE") for i in range(5)))
    code, message = error_of(
        create_table, ddb, "too-many", attributes={"g": "S", **{f"r{i}": "S" for i in range(5)}},
        GlobalSecondaryIndexes=[{"IndexName": "idx", "KeySchema": five_ranges, "Projection": {"ProjectionType": "ALL"}}],
    )
    assert (code, message) == ("ValidationException", "Too many range keys specified: an index key has at most 4")
    code, message = error_of(
        create_table, ddb, "two-hash-lsi", range_key=("sk", "S"), attributes={"l": "S"},
        LocalSecondaryIndexes=[{"IndexName": "local", "KeySchema": _key(("pk", "HASH"), ("l", "HASH")),
                                "Projection": {"ProjectionType": "ALL"}}],
    )
    assert message == "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key"
