"""Redrive to dead-letter queues, RedriveAllowPolicy and ListDeadLetterSourceQueues."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

REGION = "us-east-1"
ACCOUNT = "123456789012"


def code_of(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def arn(name: str) -> str:
    return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"


def redrive(target: str, max_receive_count) -> dict:
    return {"RedrivePolicy": json.dumps({"deadLetterTargetArn": arn(target), "maxReceiveCount": max_receive_count})}


def test_message_moves_to_the_dead_letter_queue_after_max_receive_count(sqs):
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    source = sqs.create_queue(QueueName="source", Attributes={**redrive("dlq", 2), "VisibilityTimeout": "0"})["QueueUrl"]
    sent = sqs.send_message(QueueUrl=source, MessageBody="poison")
    for _ in range(2):
        assert len(sqs.receive_message(QueueUrl=source).get("Messages", [])) == 1
    assert "Messages" not in sqs.receive_message(QueueUrl=source)
    [dead] = sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"])["Messages"]
    assert dead["MessageId"] == sent["MessageId"]
    assert dead["Body"] == "poison"
    assert dead["Attributes"]["DeadLetterQueueSourceArn"] == arn("source")


def test_fifo_dead_letter_queue_keeps_order(sqs):
    fifo = {"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    dlq = sqs.create_queue(QueueName="dlq.fifo", Attributes=fifo)["QueueUrl"]
    source = sqs.create_queue(
        QueueName="source.fifo", Attributes={**fifo, **redrive("dlq.fifo", 1), "VisibilityTimeout": "0"}
    )["QueueUrl"]
    for i in range(3):
        sqs.send_message(QueueUrl=source, MessageBody=f"m{i}", MessageGroupId="g")
    assert len(sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)["Messages"]) == 3
    assert "Messages" not in sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
    dead = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in dead] == ["m0", "m1", "m2"]


@pytest.mark.parametrize(
    "policy",
    [
        {"deadLetterTargetArn": arn("missing"), "maxReceiveCount": 3},
        {"deadLetterTargetArn": arn("dlq"), "maxReceiveCount": 0},
        {"deadLetterTargetArn": arn("dlq"), "maxReceiveCount": 1001},
        {"maxReceiveCount": 3},
        {"deadLetterTargetArn": arn("dlq.fifo"), "maxReceiveCount": 3},
    ],
)
def test_redrive_policy_validation(sqs, policy):
    sqs.create_queue(QueueName="dlq")
    sqs.create_queue(QueueName="dlq.fifo", Attributes={"FifoQueue": "true"})
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="source", Attributes={"RedrivePolicy": json.dumps(policy)})
    assert code_of(excinfo) == "InvalidParameterValue"


def test_redrive_policy_is_returned_normalized_and_can_be_removed(sqs):
    sqs.create_queue(QueueName="dlq")
    source = sqs.create_queue(QueueName="source", Attributes=redrive("dlq", "5"))["QueueUrl"]
    stored = sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])["Attributes"]["RedrivePolicy"]
    assert json.loads(stored) == {"deadLetterTargetArn": arn("dlq"), "maxReceiveCount": 5}
    sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": ""})
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])


def test_redrive_allow_policy(sqs):
    allow = {"redrivePermission": "byQueue", "sourceQueueArns": [arn("allowed")]}
    sqs.create_queue(QueueName="dlq", Attributes={"RedriveAllowPolicy": json.dumps(allow)})
    sqs.create_queue(QueueName="allowed", Attributes=redrive("dlq", 3))
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="other", Attributes=redrive("dlq", 3))
    assert code_of(excinfo) == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="bad", Attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "some"})})
    assert code_of(excinfo) == "InvalidAttributeValue"


def test_list_dead_letter_source_queues(sqs):
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    sqs.create_queue(QueueName="elsewhere")
    urls = [sqs.create_queue(QueueName=f"src-{i}", Attributes=redrive("dlq", 3))["QueueUrl"] for i in range(3)]
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == urls
    sqs.set_queue_attributes(QueueUrl=urls[0], Attributes=redrive("elsewhere", 3))
    sqs.delete_queue(QueueUrl=urls[1])
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [urls[2]]
    page = sqs.list_dead_letter_source_queues(QueueUrl=dlq, MaxResults=1)
    assert page["queueUrls"] == [urls[2]] and "NextToken" not in page
