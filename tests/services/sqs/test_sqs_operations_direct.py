"""The operation functions called directly on a store: `deliver`, and cost that stays flat with queue size."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services import sqs
from moto_shared.store import open_store

ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.fixture
def ctx() -> RequestContext:
    namespace = open_store("memory://").namespace(f"sqs-direct-{uuid.uuid4().hex}")
    return RequestContext(
        service="sqs", operation="test", region=REGION, account_id=ACCOUNT, request_id="test", store=namespace
    )


class CountingReads:
    """Wraps a Txn and counts how many members and records its reads return."""

    def __init__(self, txn) -> None:
        self.txn = txn
        self.items_read = 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.txn, name)
        if name not in ("get", "get_many", "score_range", "lex_range"):
            return attribute

        def counted(*args, **kwargs):
            result = attribute(*args, **kwargs)
            self.items_read += len(result) if isinstance(result, list) else 1
            return result

        return counted


def items_read_by(ctx: RequestContext, operation, **params) -> int:
    """Run one operation with every transaction's reads counted."""
    namespace = ctx.store
    counters = []

    class CountingNamespace:
        def __getattr__(self, name):
            return getattr(namespace, name)

        def transact(self, fn):
            def counted(txn):
                counters.append(CountingReads(txn))
                return fn(counters[-1])

            return namespace.transact(counted)

    operation(RequestContext(**{**ctx.__dict__, "store": CountingNamespace()}), **params)
    return counters[-1].items_read


@pytest.mark.parametrize("fifo", [False, True])
def test_send_and_receive_read_the_same_amount_whatever_the_queue_holds(ctx, fifo):
    attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if fifo else {}
    url = sqs.create_queue(ctx, QueueName="big.fifo" if fifo else "big", Attributes=attributes)["QueueUrl"]
    group = {"MessageGroupId": "g"} if fifo else {}

    def costs(body: str) -> tuple[int, int]:
        send = items_read_by(ctx, sqs.send_message, QueueUrl=url, MessageBody=body, **group)
        receive = items_read_by(ctx, sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=0)
        return send, receive

    small = costs("probe-1")
    for start in range(0, 1000, 10):
        sqs.send_message_batch(
            ctx, QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{start + i}", **group} for i in range(10)]
        )
    assert costs("probe-2") == small


def test_counts_do_not_read_visible_messages(ctx):
    url = sqs.create_queue(ctx, QueueName="counted")["QueueUrl"]
    for start in range(0, 500, 10):
        sqs.send_message_batch(ctx, QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": "x"} for i in range(10)])
    sqs.receive_message(ctx, QueueUrl=url, MaxNumberOfMessages=3)
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    assert items_read_by(ctx, sqs.get_queue_attributes, QueueUrl=url, AttributeNames=names) < 10
    counts = sqs.get_queue_attributes(ctx, QueueUrl=url, AttributeNames=names)["Attributes"]
    assert counts == {"ApproximateNumberOfMessages": "497", "ApproximateNumberOfMessagesNotVisible": "3"}


def test_deliver_sends_by_arn(ctx):
    url = sqs.create_queue(ctx, QueueName="events")["QueueUrl"]
    attributes = {"source": {"DataType": "String", "StringValue": "s3"}}
    message_id = sqs.deliver(ctx.store, f"arn:aws:sqs:{REGION}:{ACCOUNT}:events", '{"Records": []}', attributes)
    [message] = sqs.receive_message(ctx, QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
    assert message["MessageId"] == message_id
    assert message["Body"] == '{"Records": []}'
    assert message["MessageAttributes"] == attributes


@pytest.mark.parametrize("arn", [f"arn:aws:sqs:{REGION}:{ACCOUNT}:absent", "not-an-arn", f"arn:aws:sns:{REGION}:{ACCOUNT}:t"])
def test_deliver_to_a_missing_queue_raises(ctx, arn):
    with pytest.raises(AWSError) as excinfo:
        sqs.deliver(ctx.store, arn, "x")
    assert excinfo.value.code == "QueueDoesNotExist"


def test_queue_url_must_name_an_account_and_a_queue(ctx):
    with pytest.raises(AWSError) as excinfo:
        sqs.send_message(ctx, QueueUrl="https://sqs.us-east-1.amazonaws.com/just-a-name", MessageBody="x")
    assert excinfo.value.code == "InvalidAddress"
