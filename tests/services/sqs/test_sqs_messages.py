"""SendMessage, ReceiveMessage, DeleteMessage, visibility, delays, attributes and their MD5s."""

from __future__ import annotations

import hashlib

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

ACCOUNT = "123456789012"
TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
#: Digests computed with AWS's documented algorithm, cross-checked against an independent implementation.
ATTRIBUTES = {
    "attr1": {"DataType": "String", "StringValue": "value1"},
    "b-bin": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02"},
    "n": {"DataType": "Number.int", "StringValue": "42"},
}
ATTRIBUTES_MD5 = "292fadd35f9e149905b3430f2f79fc85"
TRACE_MD5 = "5ae4d5d7636402d80f4eb6d213245a88"


def code_of(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def receive(sqs, url, **options) -> list[dict]:
    return sqs.receive_message(QueueUrl=url, **options).get("Messages", [])


def count(sqs, url) -> dict[str, int]:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return {name.removeprefix("ApproximateNumberOfMessages") or "Visible": int(value) for name, value in attributes.items()}


def test_send_receive_delete(sqs, queue_url):
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="hello")
    assert sent["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592"
    [message] = receive(sqs, queue_url)
    assert message["MessageId"] == sent["MessageId"]
    assert message["Body"] == "hello"
    assert message["MD5OfBody"] == hashlib.md5(b"hello").hexdigest()
    assert "Attributes" not in message and "MessageAttributes" not in message
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    assert count(sqs, queue_url) == {"Visible": 0, "NotVisible": 0, "Delayed": 0}


def test_message_attribute_md5s_match_known_values(sqs, queue_url):
    sent = sqs.send_message(
        QueueUrl=queue_url,
        MessageBody="x",
        MessageAttributes=ATTRIBUTES,
        MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": TRACE}},
    )
    assert sent["MD5OfMessageAttributes"] == ATTRIBUTES_MD5
    assert sent["MD5OfMessageSystemAttributes"] == TRACE_MD5
    [message] = receive(sqs, queue_url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["AWSTraceHeader"])
    assert message["MessageAttributes"] == ATTRIBUTES
    assert message["MD5OfMessageAttributes"] == ATTRIBUTES_MD5
    assert message["Attributes"] == {"AWSTraceHeader": TRACE}


def test_received_attributes_are_filtered_and_their_md5_covers_what_is_returned(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=ATTRIBUTES)
    [message] = receive(sqs, queue_url, MessageAttributeNames=["attr1"], VisibilityTimeout=0)
    assert message["MessageAttributes"] == {"attr1": ATTRIBUTES["attr1"]}
    assert message["MD5OfMessageAttributes"] == "3bc3f392bdd1097ba0b434f65d468d2e"
    [everything] = receive(sqs, queue_url, MessageAttributeNames=[".*"], VisibilityTimeout=0)
    assert everything["MessageAttributes"] == ATTRIBUTES
    [none] = receive(sqs, queue_url)
    assert "MessageAttributes" not in none and "MD5OfMessageAttributes" not in none


def test_attribute_name_prefix_filter(sqs, queue_url):
    """`prefix.*` matches names starting with the prefix, whatever follows it ("Hel.*" matches "Hello")."""
    value = {"DataType": "String", "StringValue": "v"}
    attributes = {"meta.a": value, "meta.b": value, "metadata": value, "other": value}
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageAttributes=attributes)
    [message] = receive(sqs, queue_url, MessageAttributeNames=["meta.*"], VisibilityTimeout=0)
    assert set(message["MessageAttributes"]) == {"meta.a", "meta.b", "metadata"}
    [message] = receive(sqs, queue_url, MessageAttributeNames=["meta.a.*"])
    assert set(message["MessageAttributes"]) == {"meta.a"}


def test_system_attributes(sqs, queue_url):
    with freeze_time("2030-01-01 00:00:00"):
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    with freeze_time("2030-01-01 00:00:05"):
        [first] = receive(sqs, queue_url, AttributeNames=["All"], VisibilityTimeout=0)
    with freeze_time("2030-01-01 00:00:09"):
        [second] = receive(sqs, queue_url, MessageSystemAttributeNames=["ApproximateReceiveCount", "SentTimestamp"])
    assert first["Attributes"] == {
        "SenderId": ACCOUNT,
        "SentTimestamp": "1893456000000",
        "ApproximateReceiveCount": "1",
        "ApproximateFirstReceiveTimestamp": "1893456005000",
    }
    assert second["Attributes"] == {"ApproximateReceiveCount": "2", "SentTimestamp": "1893456000000"}


def test_visibility_timeout_hides_a_received_message_until_it_expires(sqs, queue_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        assert len(receive(sqs, queue_url)) == 1
        assert count(sqs, queue_url) == {"Visible": 0, "NotVisible": 1, "Delayed": 0}
        clock.tick(29)
        assert receive(sqs, queue_url) == []
        clock.tick(2)
        assert count(sqs, queue_url) == {"Visible": 1, "NotVisible": 0, "Delayed": 0}
        assert len(receive(sqs, queue_url, VisibilityTimeout=100)) == 1
        clock.tick(99)
        assert receive(sqs, queue_url) == []


def test_queue_visibility_timeout_attribute_applies(sqs):
    url = sqs.create_queue(QueueName="short", Attributes={"VisibilityTimeout": "0"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert len(receive(sqs, url)) == 1
    assert len(receive(sqs, url)) == 1


def test_delays_per_message_and_per_queue(sqs):
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "10"})["QueueUrl"]
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=url, MessageBody="queue-delay")
        sqs.send_message(QueueUrl=url, MessageBody="own-delay", DelaySeconds=20)
        sqs.send_message(QueueUrl=url, MessageBody="no-delay", DelaySeconds=0)
        assert count(sqs, url) == {"Visible": 1, "NotVisible": 0, "Delayed": 2}
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["no-delay"]
        clock.tick(11)
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["queue-delay"]
        clock.tick(10)
        assert count(sqs, url) == {"Visible": 1, "NotVisible": 2, "Delayed": 0}
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["own-delay"]


def test_change_message_visibility(sqs, queue_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        [message] = receive(sqs, queue_url)
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=100)
        clock.tick(50)
        assert receive(sqs, queue_url) == []
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
        [again] = receive(sqs, queue_url, VisibilityTimeout=5)
        assert again["MessageId"] == message["MessageId"]
        clock.tick(6)
        with pytest.raises(sqs.exceptions.MessageNotInflight) as excinfo:
            sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=again["ReceiptHandle"], VisibilityTimeout=5)
        assert code_of(excinfo) == "AWS.SimpleQueueService.MessageNotInflight"


def test_change_message_visibility_with_an_earlier_receipt_handle(sqs, queue_url):
    """SQS applies a change made with an earlier receive's handle to the message's current receive."""
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        [first] = receive(sqs, queue_url, VisibilityTimeout=1)
        clock.tick(2)
        [second] = receive(sqs, queue_url, VisibilityTimeout=1)
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=100)
        clock.tick(2)
        assert receive(sqs, queue_url) == []
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=second["ReceiptHandle"])
        with pytest.raises(ClientError) as excinfo:
            sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout=5)
        assert code_of(excinfo) == "InvalidParameterValue"


def test_change_message_visibility_limits(sqs, queue_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
        [message] = receive(sqs, queue_url, VisibilityTimeout=43000)
        clock.tick(100)
        for timeout in (43201, 43200):
            with pytest.raises(ClientError) as excinfo:
                sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=timeout)
            assert code_of(excinfo) == "InvalidParameterValue"
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=43100)


def test_delete_with_a_stale_handle_succeeds_without_deleting(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    [first] = receive(sqs, queue_url, VisibilityTimeout=0)
    [second] = receive(sqs, queue_url, VisibilityTimeout=0)
    assert first["ReceiptHandle"] != second["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=first["ReceiptHandle"])
    assert count(sqs, queue_url)["Visible"] == 1
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=second["ReceiptHandle"])
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=second["ReceiptHandle"])
    assert count(sqs, queue_url)["Visible"] == 0


def test_malformed_receipt_handle(sqs, queue_url):
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle="not-a-handle")
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle="garbage!", VisibilityTimeout=1)


@pytest.mark.parametrize(
    "options, code",
    [
        ({"MessageBody": ""}, "MissingParameter"),
        ({"MessageBody": "bad \x00 char"}, "InvalidMessageContents"),
        ({"MessageBody": "x", "DelaySeconds": 901}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageDeduplicationId": "d"}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Text", "StringValue": "v"}}}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "String", "StringValue": ""}}}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageAttributes": {"a": {"DataType": "Number", "StringValue": "ten"}}}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageAttributes": {"AWS.x": {"DataType": "String", "StringValue": "v"}}}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageAttributes": {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)}}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageSystemAttributes": {"Other": {"DataType": "String", "StringValue": "v"}}}, "InvalidParameterValue"),
    ],
)
def test_send_message_validation(sqs, queue_url, options, code):
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=queue_url, **options)
    assert code_of(excinfo) == code


def test_maximum_message_size(sqs):
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x" * 1024)
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=url, MessageBody="x" * 1020, MessageAttributes={"ab": {"DataType": "String", "StringValue": "v"}})
    assert code_of(excinfo) == "InvalidParameterValue"
    assert "shorter than 1024 bytes" in excinfo.value.response["Error"]["Message"]


def test_unicode_and_supplementary_characters_round_trip(sqs, queue_url):
    body = "héllo \U0001f600 \t\n"
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    [message] = receive(sqs, queue_url)
    assert message["Body"] == body
    assert sent["MD5OfMessageBody"] == message["MD5OfBody"] == hashlib.md5(body.encode()).hexdigest()


@pytest.mark.parametrize(
    "options",
    [{"MaxNumberOfMessages": 11}, {"MaxNumberOfMessages": 0}, {"VisibilityTimeout": 43201}, {"WaitTimeSeconds": 21}],
)
def test_receive_message_validation(sqs, queue_url, options):
    with pytest.raises(ClientError) as excinfo:
        sqs.receive_message(QueueUrl=queue_url, **options)
    assert code_of(excinfo) == "InvalidParameterValue"


def test_receive_returns_at_most_max_number_of_messages(sqs, queue_url):
    for i in range(15):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    first = receive(sqs, queue_url, MaxNumberOfMessages=10)
    second = receive(sqs, queue_url, MaxNumberOfMessages=10)
    assert len(first) == 10 and len(second) == 5
    assert sorted(int(m["Body"]) for m in first + second) == list(range(15))
    assert receive(sqs, queue_url) == []


def test_purge_queue(sqs, queue_url):
    for i in range(3):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    receive(sqs, queue_url)
    sqs.purge_queue(QueueUrl=queue_url)
    assert count(sqs, queue_url) == {"Visible": 0, "NotVisible": 0, "Delayed": 0}
    sqs.send_message(QueueUrl=queue_url, MessageBody="after")
    assert [m["Body"] for m in receive(sqs, queue_url)] == ["after"]


def test_messages_expire_after_the_retention_period(sqs):
    url = sqs.create_queue(QueueName="brief", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=url, MessageBody="old")
        clock.tick(30)
        sqs.send_message(QueueUrl=url, MessageBody="new")
        clock.tick(31)
        assert [m["Body"] for m in receive(sqs, url, MaxNumberOfMessages=10)] == ["new"]
        assert count(sqs, url) == {"Visible": 0, "NotVisible": 1, "Delayed": 0}


def test_standard_queue_accepts_a_message_group_id(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="x", MessageGroupId="tenant-1")
    [message] = receive(sqs, queue_url, MessageSystemAttributeNames=["MessageGroupId"])
    assert message["Attributes"] == {"MessageGroupId": "tenant-1"}
