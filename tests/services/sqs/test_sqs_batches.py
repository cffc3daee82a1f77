"""SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch: per-entry results and request errors."""

from __future__ import annotations

import pytest

BATCH_OPERATIONS = ["send_message_batch", "delete_message_batch", "change_message_visibility_batch"]


def code_of(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def entry(operation: str, entry_id: str) -> dict:
    if operation == "send_message_batch":
        return {"Id": entry_id, "MessageBody": "x"}
    return {"Id": entry_id, "ReceiptHandle": "bm90LWE6aGFuZGxl"}


def test_send_message_batch_reports_each_entry(sqs, queue_url):
    result = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "ok", "MessageBody": "hello", "MessageAttributes": {"a": {"DataType": "String", "StringValue": "x"}}},
            {"Id": "bad_delay", "MessageBody": "x", "DelaySeconds": 1000},
            {"Id": "bad-chars", "MessageBody": "\x01"},
        ],
    )
    [ok] = result["Successful"]
    assert ok["Id"] == "ok"
    assert ok["MD5OfMessageBody"] == "5d41402abc4b2a76b9719d911017c592"
    assert ok["MD5OfMessageAttributes"] == "a512aac9938034acb0b3c3d965944bf1"
    failed = {f["Id"]: f for f in result["Failed"]}
    assert failed["bad_delay"]["Code"] == "InvalidParameterValue" and failed["bad_delay"]["SenderFault"] is True
    assert failed["bad-chars"]["Code"] == "InvalidMessageContents"
    assert failed["bad-chars"]["Message"]
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    assert [m["MessageId"] for m in messages] == [ok["MessageId"]]


@pytest.mark.parametrize("operation", BATCH_OPERATIONS)
def test_batch_request_errors(sqs, queue_url, operation):
    call = getattr(sqs, operation)
    cases = [
        ([], "EmptyBatchRequest"),
        ([entry(operation, f"e{i}") for i in range(11)], "TooManyEntriesInBatchRequest"),
        ([entry(operation, "same"), entry(operation, "same")], "BatchEntryIdsNotDistinct"),
        ([entry(operation, "not valid!")], "InvalidBatchEntryId"),
        ([entry(operation, "x" * 81)], "InvalidBatchEntryId"),
    ]
    for entries, exception in cases:
        with pytest.raises(getattr(sqs.exceptions, exception)) as excinfo:
            call(QueueUrl=queue_url, Entries=entries)
        assert code_of(excinfo) == f"AWS.SimpleQueueService.{exception}", entries


def test_batch_request_too_long(sqs, queue_url):
    entries = [{"Id": f"e{i}", "MessageBody": "x" * 200_000} for i in range(6)]
    with pytest.raises(sqs.exceptions.BatchRequestTooLong) as excinfo:
        sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
    assert code_of(excinfo) == "AWS.SimpleQueueService.BatchRequestTooLong"


def test_delete_message_batch(sqs, queue_url):
    sqs.send_message_batch(QueueUrl=queue_url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(3)])
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    entries = [{"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
    entries.append({"Id": "junk", "ReceiptHandle": "junk!"})
    result = sqs.delete_message_batch(QueueUrl=queue_url, Entries=entries)
    assert sorted(s["Id"] for s in result["Successful"]) == ["d0", "d1", "d2"]
    assert [(f["Id"], f["Code"], f["SenderFault"]) for f in result["Failed"]] == [("junk", "ReceiptHandleIsInvalid", True)]
    counts = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert counts["ApproximateNumberOfMessages"] == counts["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_change_message_visibility_batch(sqs, queue_url):
    sqs.send_message_batch(QueueUrl=queue_url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(2)])
    first, second = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    result = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "show", "ReceiptHandle": first["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "too-long", "ReceiptHandle": second["ReceiptHandle"], "VisibilityTimeout": 50000},
        ],
    )
    assert [s["Id"] for s in result["Successful"]] == ["show"]
    assert [(f["Id"], f["Code"]) for f in result["Failed"]] == [("too-long", "InvalidParameterValue")]
    [again] = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    assert again["MessageId"] == first["MessageId"]


def test_batches_on_a_missing_queue(sqs, queue_url):
    missing = queue_url.replace("/jobs", "/absent")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message_batch(QueueUrl=missing, Entries=[{"Id": "a", "MessageBody": "x"}])
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.delete_message_batch(QueueUrl=missing, Entries=[{"Id": "a", "ReceiptHandle": "bm90LWE6aGFuZGxl"}])
