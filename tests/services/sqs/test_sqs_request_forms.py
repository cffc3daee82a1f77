"""Request forms and request-level errors SQS accepts or answers in its own way.

Each case here is behaviour of real SQS that clients (and Moto's own tests) rely
on: queue names as QueueUrl, padded attribute names, errors that fail a whole
batch instead of one entry, the PurgeQueue rate limit.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from moto_shared.services.sqs.queues import STRICT_PURGE_ENV


def error_of(excinfo) -> dict:
    return excinfo.value.response["Error"]


def test_attribute_names_are_trimmed(sqs):
    url = sqs.create_queue(QueueName="padded", Attributes={"VisibilityTimeout ": "7"})["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout"])["Attributes"]
    assert attributes == {"VisibilityTimeout": "7"}


def test_standard_queue_may_say_it_is_not_fifo(sqs):
    url = sqs.create_queue(QueueName="plain", Attributes={"FifoQueue": "false"})["QueueUrl"]
    assert sqs.create_queue(QueueName="plain", Attributes={"FifoQueue": "false"})["QueueUrl"] == url
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert "FifoQueue" not in attributes
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="plain2", Attributes={"ContentBasedDeduplication": "true"})
    assert error_of(excinfo)["Code"] == "InvalidAttributeName"


def test_queue_name_works_as_queue_url(sqs, queue_url):
    sqs.send_message(QueueUrl="jobs", MessageBody="by name")
    [message] = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert message["Body"] == "by name"


def test_url_without_a_path_names_no_queue(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_attributes(QueueUrl="http://whatever-incorrect-queue-address", AttributeNames=["All"])


def test_missing_queue_is_reported_before_a_bad_receipt_handle(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.delete_message(QueueUrl="https://sqs.us-east-1.amazonaws.com/123456789012/absent", ReceiptHandle="junk")


def test_fifo_message_takes_zero_delay_but_no_other(sqs):
    url = sqs.create_queue(QueueName="delays.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    fifo = {"MessageGroupId": "g", "MessageBody": "x"}
    sqs.send_message(QueueUrl=url, DelaySeconds=0, MessageDeduplicationId="d1", **fifo)
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=url, DelaySeconds=5, MessageDeduplicationId="d2", **fifo)
    assert error_of(excinfo)["Message"] == (
        "Value 5 for parameter DelaySeconds is invalid. Reason: "
        "The request include parameter that is not valid for this queue type."
    )
    assert len(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]) == 1


@pytest.mark.parametrize(
    "entry, code, message",
    [
        ({"MessageDeduplicationId": "d"}, "MissingParameter", "The request must contain the parameter MessageGroupId."),
        (
            {"MessageGroupId": "g"},
            "InvalidParameterValue",
            "The queue should either have ContentBasedDeduplication enabled "
            "or MessageDeduplicationId provided explicitly",
        ),
    ],
)
def test_fifo_batch_without_identifiers_fails_as_a_whole(sqs, entry, code, message):
    url = sqs.create_queue(QueueName="batch.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    good = {"Id": "good", "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "a"}
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message_batch(QueueUrl=url, Entries=[good, {"Id": "bad", "MessageBody": "b", **entry}])
    assert (error_of(excinfo)["Code"], error_of(excinfo)["Message"]) == (code, message)
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_invalid_message_attribute_type(sqs, queue_url):
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(
            QueueUrl=queue_url, MessageBody="x", MessageAttributes={"ts": {"DataType": "Date", "StringValue": "1"}}
        )
    assert error_of(excinfo)["Message"] == (
        "The message attribute 'ts' has an invalid message attribute type, "
        "the set of supported type prefixes is Binary, Number, and String."
    )


@pytest.mark.parametrize(
    "accounts, actions, code, message",
    [
        (["111111111111"], [], "MissingParameter", "The request must contain the parameter Actions."),
        ([], ["SendMessage"], "InvalidParameterValue", "Value [] for parameter PrincipalId is invalid. Reason: Unable to verify."),
    ],
)
def test_add_permission_needs_actions_and_accounts(sqs, queue_url, accounts, actions, code, message):
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(QueueUrl=queue_url, Label="l", AWSAccountIds=accounts, Actions=actions)
    assert (error_of(excinfo)["Code"], error_of(excinfo)["Message"]) == (code, message)


def test_tagging_needs_tags(sqs, queue_url):
    with pytest.raises(ClientError) as excinfo:
        sqs.tag_queue(QueueUrl=queue_url, Tags={})
    assert error_of(excinfo)["Message"] == "The request must contain the parameter Tags."
    with pytest.raises(ClientError) as excinfo:
        sqs.untag_queue(QueueUrl=queue_url, TagKeys=[])
    assert error_of(excinfo)["Message"] == "Tag keys must be between 1 and 128 characters in length."


def test_purge_queue_once_a_minute(sqs, queue_url):
    with freeze_time("2030-01-01 00:00:00") as clock:
        sqs.purge_queue(QueueUrl=queue_url)
        clock.tick(59)
        with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as excinfo:
            sqs.purge_queue(QueueUrl=queue_url)
        assert error_of(excinfo)["Message"] == "Only one PurgeQueue operation on jobs is allowed every 60 seconds."
        clock.tick(1)
        sqs.purge_queue(QueueUrl=queue_url)


def test_purge_limit_can_be_lifted_as_in_moto(sqs, queue_url, monkeypatch):
    monkeypatch.setenv(STRICT_PURGE_ENV, "false")
    sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    sqs.purge_queue(QueueUrl=queue_url)
    sqs.send_message(QueueUrl=queue_url, MessageBody="y")
    sqs.purge_queue(QueueUrl=queue_url)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
