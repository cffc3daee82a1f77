"""Operations called directly on a store: `deliver`, and what they read (flat with queue size, few round trips)."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from recording_store import RecordingStore
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


def reads_by(ctx: RequestContext, operation, **params) -> tuple[dict, list[str]]:
    """One operation's result and the store reads it made (each a round trip on Redis)."""
    calls: list[str] = []
    result = operation(RequestContext(**{**ctx.__dict__, "store": RecordingStore(ctx.store, calls)}), **params)
    return result, calls


def test_send_receive_delete_read_as_little_as_they_can(ctx):
    url = sqs.create_queue(ctx, QueueName="lean")["QueueUrl"]
    assert reads_by(ctx, sqs.send_message, QueueUrl=url, MessageBody="x")[1] == ["get"]
    received, calls = reads_by(ctx, sqs.receive_message, QueueUrl=url, WaitTimeSeconds=5)
    assert calls == ["score_range", "get_many"]  # the queue comes with the messages; no wait, no topic version
    [message] = received["Messages"]
    assert reads_by(ctx, sqs.delete_message, QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])[1] == ["get_many"]
    assert reads_by(ctx, sqs.receive_message, QueueUrl=url)[1] == ["score_range", "get_many"]  # short poll, empty


def test_long_poll_sees_an_arrival_just_before_it_reads_the_topic_version(ctx):
    """The version is read after the first empty receive: a message sent in between must not be slept through."""
    url = sqs.create_queue(ctx, QueueName="racy")["QueueUrl"]
    namespace = ctx.store

    class SendsBeforeVersion:
        def __getattr__(self, name):
            return getattr(namespace, name)

        def version(self, topic):
            sqs.send_message(ctx, QueueUrl=url, MessageBody="just in time")
            return namespace.version(topic)

    started = time.monotonic()
    received = sqs.receive_message(
        RequestContext(**{**ctx.__dict__, "store": SendsBeforeVersion()}), QueueUrl=url, WaitTimeSeconds=10
    )
    assert [m["Body"] for m in received["Messages"]] == ["just in time"]
    assert time.monotonic() - started < 5


def test_batches_by_receipt_handle_read_the_queue_and_all_their_messages_at_once(ctx):
    url = sqs.create_queue(ctx, QueueName="batched")["QueueUrl"]
    sqs.send_message_batch(ctx, QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": f"m{i}"} for i in range(3)])
    handles = [m["ReceiptHandle"] for m in sqs.receive_message(ctx, QueueUrl=url, MaxNumberOfMessages=3)["Messages"]]
    entries = [{"Id": str(i), "ReceiptHandle": handle} for i, handle in enumerate(handles)]
    changed, calls = reads_by(ctx, sqs.change_message_visibility_batch, QueueUrl=url, Entries=entries)
    assert len(changed["Successful"]) == 3 and calls == ["get_many"]
    entries.append({"Id": "again", "ReceiptHandle": handles[0]})
    entries.append({"Id": "bad", "ReceiptHandle": "not-a-handle"})
    deleted, calls = reads_by(ctx, sqs.delete_message_batch, QueueUrl=url, Entries=entries)
    assert [entry["Id"] for entry in deleted["Successful"]] == ["0", "1", "2", "again"]
    assert [entry["Code"] for entry in deleted["Failed"]] == ["ReceiptHandleIsInvalid"]
    assert calls == ["get_many"]
    assert sqs.receive_message(ctx, QueueUrl=url) == {}
