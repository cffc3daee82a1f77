"""BatchGetItem, BatchWriteItem, TransactWriteItems, TransactGetItems."""

from __future__ import annotations

import pytest

from ddb_support import error_of


def _key(i, pk="p"):
    return {"pk": {"S": pk}, "sk": {"N": str(i)}}


def test_batch_write_and_get(ddb, table, hash_table):
    ddb.batch_write_item(RequestItems={
        table: [{"PutRequest": {"Item": {**_key(i), "v": {"N": str(i)}}}} for i in range(5)],
        hash_table: [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}],
    })
    ddb.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": _key(0)}}]})
    got = ddb.batch_get_item(RequestItems={
        table: {"Keys": [_key(i) for i in range(5)], "ProjectionExpression": "v"},
        hash_table: {"Keys": [{"pk": {"S": "x"}}, {"pk": {"S": "y"}}]},
    })
    assert sorted(i["v"]["N"] for i in got["Responses"][table]) == ["1", "2", "3", "4"]
    assert got["Responses"][hash_table] == [{"pk": {"S": "x"}}]
    assert got["UnprocessedKeys"] == {}


def test_batch_limits_and_duplicates(ddb, table):
    code, message = error_of(ddb.batch_write_item, RequestItems={
        table: [{"PutRequest": {"Item": _key(i)}} for i in range(26)]
    })
    assert code == "ValidationException" and "Member must have length less than or equal to 25" in message
    code, message = error_of(ddb.batch_write_item, RequestItems={
        table: [{"PutRequest": {"Item": _key(1)}}, {"DeleteRequest": {"Key": _key(1)}}]
    })
    assert message == "Provided list of item keys contains duplicates"
    code, message = error_of(ddb.batch_get_item, RequestItems={table: {"Keys": [_key(i) for i in range(101)]}})
    assert message == (
        f"1 validation error detected: Value at 'requestItems.{table}.member.keys' failed to satisfy constraint: "
        "Member must have length less than or equal to 100"
    )
    code, message = error_of(ddb.batch_get_item, RequestItems={
        table: {"Keys": [_key(i) for i in range(60)]}, "other": {"Keys": [{"pk": {"S": str(i)}} for i in range(41)]},
    })
    assert message == "Too many items requested for the BatchGetItem call"


def test_batch_get_returns_at_most_16_mb_and_the_rest_as_unprocessed(ddb, hash_table):
    """45 items of ~390 KB: 42 of them fit in 16 MB; the rest, and keys after them, are left for the caller."""
    big = "x" * 399_000
    for i in range(45):
        ddb.put_item(TableName=hash_table, Item={"pk": {"S": f"k{i:02}"}, "a": {"S": big}})
    keys = [{"pk": {"S": f"k{i:02}"}} for i in range(45)] + [{"pk": {"S": "missing"}}]
    got = ddb.batch_get_item(RequestItems={hash_table: {"Keys": keys, "ConsistentRead": True}})
    returned = len(got["Responses"][hash_table])
    assert returned == 16 * 1024 * 1024 // (399_000 + len("pk") + 3 + len("a"))
    left = got["UnprocessedKeys"][hash_table]
    assert left["ConsistentRead"] is True and left["Keys"] == keys[returned:]


def _balance(pk, amount):
    return {"Put": {"TableName": "accounts", "Item": {"pk": {"S": pk}, "balance": {"N": str(amount)}}}}


@pytest.fixture
def accounts(ddb):
    from ddb_support import create_table

    create_table(ddb, "accounts")
    ddb.transact_write_items(TransactItems=[_balance("a", 10), _balance("b", 0)])
    return "accounts"


def _move(amount, **extra):
    return [
        {"Update": {"TableName": "accounts", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET balance = balance - :n",
                    "ConditionExpression": "balance >= :n", "ExpressionAttributeValues": {":n": {"N": str(amount)}}, **extra}},
        {"Update": {"TableName": "accounts", "Key": {"pk": {"S": "b"}}, "UpdateExpression": "SET balance = balance + :n",
                    "ExpressionAttributeValues": {":n": {"N": str(amount)}}}},
    ]


def _balances(ddb):
    got = ddb.transact_get_items(TransactItems=[
        {"Get": {"TableName": "accounts", "Key": {"pk": {"S": pk}}}} for pk in ("a", "b", "nobody")
    ])["Responses"]
    assert got[2] == {}
    return [int(r["Item"]["balance"]["N"]) for r in got[:2]]


def test_transaction_commits_all(ddb, accounts):
    ddb.transact_write_items(TransactItems=_move(4))
    assert _balances(ddb) == [6, 4]


def test_transaction_cancellation_writes_nothing(ddb, accounts):
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as caught:
        ddb.transact_write_items(TransactItems=_move(11, ReturnValuesOnConditionCheckFailure="ALL_OLD"))
    reasons = caught.value.response["CancellationReasons"]
    assert reasons[0]["Code"] == "ConditionalCheckFailed"
    assert reasons[0]["Item"] == {"pk": {"S": "a"}, "balance": {"N": "10"}}
    assert reasons[1] == {"Code": "None"}
    assert "[ConditionalCheckFailed, None]" in caught.value.response["Error"]["Message"]
    assert _balances(ddb) == [10, 0]


def test_condition_check_delete_and_put(ddb, accounts):
    ddb.transact_write_items(TransactItems=[
        {"ConditionCheck": {"TableName": "accounts", "Key": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_exists(pk)"}},
        {"Delete": {"TableName": "accounts", "Key": {"pk": {"S": "b"}}}},
        _balance("c", 5),
    ])
    assert ddb.scan(TableName="accounts")["Count"] == 2


def test_same_item_twice_and_too_many(ddb, accounts):
    code, message = error_of(ddb.transact_write_items, TransactItems=[_balance("a", 1), _balance("a", 2)])
    assert (code, message) == ("ValidationException", "Transaction request cannot include multiple operations on one item")
    code, message = error_of(ddb.transact_write_items, TransactItems=[_balance(f"x{i}", 1) for i in range(101)])
    assert (code, message) == ("ValidationException", (
        "1 validation error detected at 'transactItems' failed to satisfy constraint: "
        "Member must have length less than or equal to 100."
    ))


def test_transact_get_reports_read_units(ddb, accounts):
    key = {"pk": {"S": "a"}}
    response = ddb.transact_get_items(
        TransactItems=[{"Get": {"TableName": accounts, "Key": key}}], ReturnConsumedCapacity="INDEXES"
    )
    units = {"CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}
    assert response["ConsumedCapacity"] == [{"TableName": accounts, **units, "Table": units}]


def test_client_request_token_is_idempotent(ddb, accounts):
    ddb.transact_write_items(TransactItems=_move(1), ClientRequestToken="token-1")
    ddb.transact_write_items(TransactItems=_move(1), ClientRequestToken="token-1")
    assert _balances(ddb) == [9, 1]
    code, _ = error_of(ddb.transact_write_items, TransactItems=_move(2), ClientRequestToken="token-1")
    assert code == "IdempotentParameterMismatchException"
