"""FIFO queues: deduplication, group order, group locking, sequence numbers, receive attempts."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time


def code_of(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def bodies(messages) -> list[str]:
    return [m["Body"] for m in messages]


def receive(sqs, url, **options) -> list[dict]:
    return sqs.receive_message(QueueUrl=url, **options).get("Messages", [])


@pytest.fixture
def explicit_dedup_url(sqs) -> str:
    return sqs.create_queue(QueueName="explicit.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]


def test_messages_of_a_group_come_in_order_with_increasing_sequence_numbers(sqs, fifo_url):
    sent = [sqs.send_message(QueueUrl=fifo_url, MessageBody=f"m{i}", MessageGroupId="g") for i in range(5)]
    numbers = [int(s["SequenceNumber"]) for s in sent]
    assert numbers == sorted(numbers) and len(set(numbers)) == 5
    assert all(len(s["SequenceNumber"]) == 20 for s in sent)
    messages = receive(sqs, fifo_url, MaxNumberOfMessages=10, AttributeNames=["All"])
    assert bodies(messages) == [f"m{i}" for i in range(5)]
    assert [m["Attributes"]["SequenceNumber"] for m in messages] == [s["SequenceNumber"] for s in sent]
    assert messages[0]["Attributes"]["MessageGroupId"] == "g"


def test_content_based_deduplication(sqs, fifo_url):
    first = sqs.send_message(QueueUrl=fifo_url, MessageBody="same", MessageGroupId="g")
    second = sqs.send_message(QueueUrl=fifo_url, MessageBody="same", MessageGroupId="g")
    assert second["MessageId"] == first["MessageId"]
    assert second["SequenceNumber"] == first["SequenceNumber"]
    assert len(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == 1


def test_explicit_deduplication_id_and_its_five_minute_window(sqs, explicit_dedup_url):
    url = explicit_dedup_url
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=url, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="d1")
        sqs.send_message(QueueUrl=url, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="d1")
        sqs.send_message(QueueUrl=url, MessageBody="c", MessageGroupId="g", MessageDeduplicationId="d2")
        clock.tick(301)
        sqs.send_message(QueueUrl=url, MessageBody="d", MessageGroupId="g", MessageDeduplicationId="d1")
        messages = receive(sqs, url, MaxNumberOfMessages=10, AttributeNames=["MessageDeduplicationId"])
    assert bodies(messages) == ["a", "c", "d"]
    assert [m["Attributes"]["MessageDeduplicationId"] for m in messages] == ["d1", "d2", "d1"]


def test_deduplication_scope_message_group(sqs):
    url = sqs.create_queue(
        QueueName="scoped.fifo",
        Attributes={"FifoQueue": "true", "DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"},
    )["QueueUrl"]
    for group in ("g1", "g2", "g1"):
        sqs.send_message(QueueUrl=url, MessageBody=group, MessageGroupId=group, MessageDeduplicationId="same")
    assert sorted(bodies(receive(sqs, url, MaxNumberOfMessages=10))) == ["g1", "g2"]


def test_per_message_group_throughput_needs_group_scope(sqs):
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="bad.fifo", Attributes={"FifoQueue": "true", "FifoThroughputLimit": "perMessageGroupId"})
    assert code_of(excinfo) == "InvalidAttributeValue"


@pytest.mark.parametrize(
    "options, code",
    [
        ({"MessageBody": "x"}, "MissingParameter"),
        ({"MessageBody": "x", "MessageGroupId": "g", "DelaySeconds": 5}, "InvalidParameterValue"),
        ({"MessageBody": "x", "MessageGroupId": "g", "MessageDeduplicationId": "has space"}, "InvalidParameterValue"),
    ],
)
def test_fifo_send_validation(sqs, fifo_url, options, code):
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=fifo_url, **options)
    assert code_of(excinfo) == code


def test_deduplication_id_is_required_without_content_based_deduplication(sqs, explicit_dedup_url):
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=explicit_dedup_url, MessageBody="x", MessageGroupId="g")
    assert code_of(excinfo) == "InvalidParameterValue"


def test_a_group_stays_locked_while_a_message_is_in_flight(sqs, fifo_url):
    for i in range(3):
        sqs.send_message(QueueUrl=fifo_url, MessageBody=f"a{i}", MessageGroupId="a")
    sqs.send_message(QueueUrl=fifo_url, MessageBody="b0", MessageGroupId="b")
    [a0] = receive(sqs, fifo_url)
    assert a0["Body"] == "a0"
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == ["b0"]
    assert receive(sqs, fifo_url, MaxNumberOfMessages=10) == []
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=a0["ReceiptHandle"])
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == ["a1", "a2"]


def test_a_group_unlocks_when_visibility_expires_and_redelivers_in_order(sqs, fifo_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        for i in range(3):
            sqs.send_message(QueueUrl=fifo_url, MessageBody=f"m{i}", MessageGroupId="g")
        assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=2)) == ["m0", "m1"]
        clock.tick(29)
        assert receive(sqs, fifo_url) == []
        clock.tick(2)
        assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == ["m0", "m1", "m2"]


def test_change_visibility_to_zero_unlocks_the_group(sqs, fifo_url):
    sqs.send_message(QueueUrl=fifo_url, MessageBody="m0", MessageGroupId="g")
    sqs.send_message(QueueUrl=fifo_url, MessageBody="m1", MessageGroupId="g")
    [m0] = receive(sqs, fifo_url)
    assert receive(sqs, fifo_url) == []
    sqs.change_message_visibility(QueueUrl=fifo_url, ReceiptHandle=m0["ReceiptHandle"], VisibilityTimeout=0)
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == ["m0", "m1"]


def test_deleting_with_an_expired_handle_fails_on_fifo(sqs, fifo_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=fifo_url, MessageBody="m0", MessageGroupId="g")
        [first] = receive(sqs, fifo_url)
        clock.tick(31)
        with pytest.raises(ClientError) as excinfo:
            sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=first["ReceiptHandle"])
        assert code_of(excinfo) == "InvalidParameterValue"
        [second] = receive(sqs, fifo_url)
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=second["ReceiptHandle"])
        assert receive(sqs, fifo_url) == []


def test_receive_request_attempt_id_returns_the_same_messages(sqs, fifo_url):
    for i in range(3):
        sqs.send_message(QueueUrl=fifo_url, MessageBody=f"m{i}", MessageGroupId=f"g{i}")
    first = receive(sqs, fifo_url, MaxNumberOfMessages=2, ReceiveRequestAttemptId="try-1")
    retry = receive(sqs, fifo_url, MaxNumberOfMessages=2, ReceiveRequestAttemptId="try-1")
    assert [(m["MessageId"], m["ReceiptHandle"]) for m in retry] == [(m["MessageId"], m["ReceiptHandle"]) for m in first]
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10, ReceiveRequestAttemptId="try-2")) == ["m2"]
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=first[0]["ReceiptHandle"])
    assert receive(sqs, fifo_url, MaxNumberOfMessages=2, ReceiveRequestAttemptId="try-1") == []


def test_receive_request_attempt_id_expires_after_five_minutes(sqs, fifo_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=fifo_url, MessageBody="m0", MessageGroupId="g")
        [first] = receive(sqs, fifo_url, VisibilityTimeout=600, ReceiveRequestAttemptId="try")
        clock.tick(299)
        [retry] = receive(sqs, fifo_url, VisibilityTimeout=600, ReceiveRequestAttemptId="try")
        assert retry["ReceiptHandle"] == first["ReceiptHandle"]
        clock.tick(2)
        assert receive(sqs, fifo_url, ReceiveRequestAttemptId="try") == []


def test_fifo_batch_keeps_entry_order(sqs, fifo_url):
    entries = [{"Id": f"e{i}", "MessageBody": f"m{i}", "MessageGroupId": "g"} for i in range(10)]
    result = sqs.send_message_batch(QueueUrl=fifo_url, Entries=entries)
    numbers = [int(entry["SequenceNumber"]) for entry in result["Successful"]]
    assert numbers == sorted(numbers)
    assert bodies(receive(sqs, fifo_url, MaxNumberOfMessages=10)) == [f"m{i}" for i in range(10)]


def test_queue_delay_applies_to_fifo_groups(sqs):
    url = sqs.create_queue(
        QueueName="late.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true", "DelaySeconds": "5"}
    )["QueueUrl"]
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.send_message(QueueUrl=url, MessageBody="m0", MessageGroupId="g")
        assert receive(sqs, url) == []
        clock.tick(6)
        assert bodies(receive(sqs, url)) == ["m0"]
