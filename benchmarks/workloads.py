"""The measured operations: each prepares its resources once, then repeats one call (or one cycle).

Resource names are unique per preparation because Moto's server keeps its
state across rounds, while each mock activation starts empty.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Callable

from benchmarks.clients import Clients

ONE_KB = b"x" * 1024
LISTED_KEYS = 100
QUERIED_ITEMS = 20


@dataclass(frozen=True)
class Workload:
    name: str
    service: str
    prepare: Callable[[Clients], Any]
    run: Callable[[Clients, Any], None]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


# --- STS -------------------------------------------------------------------------------------
def _nothing(clients: Clients) -> None:
    return None


def _get_caller_identity(clients: Clients, _state) -> None:
    clients["sts"].get_caller_identity()


# --- S3 --------------------------------------------------------------------------------------
def _bucket(clients: Clients) -> str:
    bucket = unique("bench")
    clients["s3"].create_bucket(Bucket=bucket)
    return bucket


def _bucket_with_object(clients: Clients) -> str:
    bucket = _bucket(clients)
    clients["s3"].put_object(Bucket=bucket, Key="object", Body=ONE_KB)
    return bucket


def _bucket_with_listing(clients: Clients) -> str:
    bucket = _bucket(clients)
    for number in range(LISTED_KEYS):
        clients["s3"].put_object(Bucket=bucket, Key=f"key-{number:04d}", Body=b"x")
    return bucket


def _put_object(clients: Clients, bucket: str) -> None:
    clients["s3"].put_object(Bucket=bucket, Key="object", Body=ONE_KB)


def _get_object(clients: Clients, bucket: str) -> None:
    clients["s3"].get_object(Bucket=bucket, Key="object")["Body"].read()


def _list_objects(clients: Clients, bucket: str) -> None:
    clients["s3"].list_objects_v2(Bucket=bucket)


# --- SQS -------------------------------------------------------------------------------------
def _queue(clients: Clients) -> str:
    return clients["sqs"].create_queue(QueueName=unique("bench"))["QueueUrl"]


def _send_receive_delete(clients: Clients, queue_url: str) -> None:
    sqs = clients["sqs"]
    sqs.send_message(QueueUrl=queue_url, MessageBody="hello benchmark")
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1)["Messages"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=messages[0]["ReceiptHandle"])


# --- DynamoDB --------------------------------------------------------------------------------
def create_table(dynamodb, name: str) -> None:
    dynamodb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )


def item(pk: str, sk: str) -> dict:
    return {"pk": {"S": pk}, "sk": {"S": sk}, "name": {"S": "benchmark item"}, "count": {"N": "42"},
            "tags": {"SS": ["a", "b"]}}


def _table(clients: Clients) -> str:
    name = unique("bench")
    dynamodb = clients["dynamodb"]
    create_table(dynamodb, name)
    dynamodb.put_item(TableName=name, Item=item("single", "0"))
    for number in range(QUERIED_ITEMS):
        dynamodb.put_item(TableName=name, Item=item("partition", f"{number:04d}"))
    return name


def _put_item(clients: Clients, table: str) -> None:
    clients["dynamodb"].put_item(TableName=table, Item=item("single", "0"))


def _get_item(clients: Clients, table: str) -> None:
    clients["dynamodb"].get_item(TableName=table, Key={"pk": {"S": "single"}, "sk": {"S": "0"}})


def _query(clients: Clients, table: str) -> None:
    result = clients["dynamodb"].query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": "partition"}},
    )
    assert result["Count"] == QUERIED_ITEMS, result["Count"]


WORKLOADS = [
    Workload("sts.get_caller_identity", "sts", _nothing, _get_caller_identity),
    Workload("s3.put_object 1KB", "s3", _bucket, _put_object),
    Workload("s3.get_object 1KB", "s3", _bucket_with_object, _get_object),
    Workload(f"s3.list_objects_v2 {LISTED_KEYS} keys", "s3", _bucket_with_listing, _list_objects),
    Workload("sqs send+receive+delete", "sqs", _queue, _send_receive_delete),
    Workload("dynamodb.put_item", "dynamodb", _table, _put_item),
    Workload("dynamodb.get_item", "dynamodb", _table, _get_item),
    Workload(f"dynamodb.query {QUERIED_ITEMS} items", "dynamodb", _table, _query),
]
