"""Helpers for the DynamoDB tests, importable by spawned child processes too.

Child-process functions carry no mock setup: they see the parent's mock.
"""

from __future__ import annotations

import boto3
from botocore.exceptions import ClientError

REGION = "us-east-1"


def create_table(client, name: str, hash_key=("pk", "S"), range_key=None, **kwargs) -> str:
    """Create a pay-per-request table; extra AttributeDefinitions come from kwargs["attributes"]."""
    keys = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    attributes = {hash_key[0]: hash_key[1]}
    if range_key:
        keys.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        attributes[range_key[0]] = range_key[1]
    attributes.update(kwargs.pop("attributes", {}))
    client.create_table(
        TableName=name,
        KeySchema=keys,
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
        BillingMode="PAY_PER_REQUEST",
        **kwargs,
    )
    return name


def error_of(call, *args, **kwargs) -> tuple[str, str]:
    """(code, message) of the ClientError a call raises."""
    try:
        call(*args, **kwargs)
    except ClientError as exc:
        return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
    raise AssertionError("expected a ClientError")


def _client():
    return boto3.client("dynamodb", region_name=REGION)


def claim_item(table: str, worker: int, attempts: int) -> int:
    """Try to create the same items with attribute_not_exists; return how many this process won."""
    client = _client()
    won = 0
    for i in range(attempts):
        try:
            client.put_item(
                TableName=table,
                Item={"pk": {"S": f"claim-{i}"}, "owner": {"N": str(worker)}},
                ConditionExpression="attribute_not_exists(pk)",
            )
            won += 1
        except client.exceptions.ConditionalCheckFailedException:
            pass
    return won


def add_to_counter(table: str, times: int) -> int:
    client = _client()
    for _ in range(times):
        client.update_item(
            TableName=table,
            Key={"pk": {"S": "counter"}},
            UpdateExpression="ADD hits :one SET tally = if_not_exists(tally, :zero) + :one",
            ExpressionAttributeValues={":one": {"N": "1"}, ":zero": {"N": "0"}},
        )
    return times


def transfer(table: str, times: int) -> int:
    """Move 1 from account a to b in a transaction; return how many transfers committed."""
    client = _client()
    committed = 0
    for _ in range(times):
        try:
            client.transact_write_items(
                TransactItems=[
                    {
                        "Update": {
                            "TableName": table,
                            "Key": {"pk": {"S": "a"}},
                            "UpdateExpression": "SET balance = balance - :one",
                            "ConditionExpression": "balance >= :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}},
                        }
                    },
                    {
                        "Update": {
                            "TableName": table,
                            "Key": {"pk": {"S": "b"}},
                            "UpdateExpression": "SET balance = balance + :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}},
                        }
                    },
                ]
            )
            committed += 1
        except client.exceptions.TransactionCanceledException:
            pass
    return committed


def use_lock(table: str, worker: int, rounds: int) -> int:
    """Acquire a lock item (attribute_not_exists), bump a guarded counter, release it (owner condition).

    Returns how many critical sections this process ran. The counter is
    read and written non-atomically on purpose: only the lock keeps it exact.
    """
    client = _client()
    done = 0
    while done < rounds:
        try:
            client.put_item(
                TableName=table,
                Item={"pk": {"S": "lock"}, "owner": {"N": str(worker)}},
                ConditionExpression="attribute_not_exists(pk)",
            )
        except client.exceptions.ConditionalCheckFailedException:
            continue
        item = client.get_item(TableName=table, Key={"pk": {"S": "guarded"}}).get("Item")
        value = int(item["n"]["N"]) if item else 0
        client.put_item(TableName=table, Item={"pk": {"S": "guarded"}, "n": {"N": str(value + 1)}})
        client.delete_item(
            TableName=table,
            Key={"pk": {"S": "lock"}},
            ConditionExpression="#o = :me",
            ExpressionAttributeNames={"#o": "owner"},
            ExpressionAttributeValues={":me": {"N": str(worker)}},
        )
        done += 1
    return done
