"""CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, Get/SetQueueAttributes, tags and permissions."""

from __future__ import annotations

import json
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from moto_shared import mock_aws

REGION = "us-east-1"
ACCOUNT = "123456789012"


def code_of(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_create_queue_returns_the_aws_url(sqs):
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    assert url == f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/orders"
    assert sqs.get_queue_url(QueueName="orders")["QueueUrl"] == url


def test_create_queue_is_idempotent_with_the_same_attributes(sqs):
    first = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    again = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    no_attributes = sqs.create_queue(QueueName="orders")["QueueUrl"]
    assert first == again == no_attributes


def test_create_queue_with_a_different_attribute_fails(sqs):
    sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "60"})
    with pytest.raises(sqs.exceptions.QueueNameExists) as excinfo:
        sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "61"})
    assert code_of(excinfo) == "QueueAlreadyExists"
    assert "VisibilityTimeout" in excinfo.value.response["Error"]["Message"]


@pytest.mark.parametrize("name", ["", "a" * 81, "has space", "dots.not.allowed", "bad.fifo"])
def test_standard_queue_names_are_validated(sqs, name):
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName=name)
    assert code_of(excinfo) == "InvalidParameterValue"


def test_name_limits_are_inclusive(sqs):
    assert sqs.create_queue(QueueName="a" * 80)["QueueUrl"].endswith("/" + "a" * 80)
    fifo = "b" * 75 + ".fifo"
    assert sqs.create_queue(QueueName=fifo, Attributes={"FifoQueue": "true"})["QueueUrl"].endswith(fifo)


@pytest.mark.parametrize("name", ["nosuffix", "c" * 76 + ".fifo"])
def test_fifo_queue_names_need_the_suffix_and_fit_80_characters(sqs, name):
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName=name, Attributes={"FifoQueue": "true"})
    assert code_of(excinfo) == "InvalidParameterValue"
    assert ".fifo" in excinfo.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    "attributes, code",
    [
        ({"VisibilityTimeout": "43201"}, "InvalidAttributeValue"),
        ({"DelaySeconds": "-1"}, "InvalidAttributeValue"),
        ({"MaximumMessageSize": "1023"}, "InvalidAttributeValue"),
        ({"MessageRetentionPeriod": "59"}, "InvalidAttributeValue"),
        ({"ReceiveMessageWaitTimeSeconds": "21"}, "InvalidAttributeValue"),
        ({"VisibilityTimeout": "soon"}, "InvalidAttributeValue"),
        ({"Policy": "not json"}, "InvalidAttributeValue"),
        ({"NoSuchAttribute": "1"}, "InvalidAttributeName"),
        ({"ContentBasedDeduplication": "true"}, "InvalidAttributeName"),
        ({"QueueArn": "arn:aws:sqs:us-east-1:123456789012:x"}, "InvalidAttributeName"),
    ],
)
def test_create_queue_validates_attributes(sqs, attributes, code):
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="orders", Attributes=attributes)
    assert code_of(excinfo) == code


def test_default_attributes_of_a_standard_queue(sqs, queue_url):
    before = int(time.time())
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert attributes["QueueArn"] == f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs"
    assert {k: attributes[k] for k in ("VisibilityTimeout", "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod")} == {
        "VisibilityTimeout": "30",
        "DelaySeconds": "0",
        "MaximumMessageSize": "1048576",
        "MessageRetentionPeriod": "345600",
    }
    assert attributes["ApproximateNumberOfMessages"] == "0"
    assert abs(int(attributes["CreatedTimestamp"]) - before) <= 2
    assert "FifoQueue" not in attributes and "RedrivePolicy" not in attributes


def test_fifo_queue_attributes(sqs, fifo_url):
    attributes = sqs.get_queue_attributes(QueueUrl=fifo_url, AttributeNames=["All"])["Attributes"]
    assert attributes["FifoQueue"] == "true"
    assert attributes["ContentBasedDeduplication"] == "true"
    assert attributes["DeduplicationScope"] == "queue"
    assert attributes["FifoThroughputLimit"] == "perQueue"


def test_get_queue_attributes_selects_names_and_rejects_unknown_ones(sqs, queue_url):
    assert sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])["Attributes"] == {
        "VisibilityTimeout": "30"
    }
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue_url)
    with pytest.raises(ClientError) as excinfo:
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Bogus"])
    assert code_of(excinfo) == "InvalidAttributeName"


def test_set_queue_attributes_updates_and_validates(sqs, queue_url):
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "5", "DelaySeconds": "2"})
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout", "DelaySeconds"])
    assert attributes["Attributes"] == {"VisibilityTimeout": "5", "DelaySeconds": "2"}
    for bad, code in (({"ApproximateNumberOfMessages": "1"}, "InvalidAttributeName"), ({"DelaySeconds": "901"}, "InvalidAttributeValue")):
        with pytest.raises(ClientError) as excinfo:
            sqs.set_queue_attributes(QueueUrl=queue_url, Attributes=bad)
        assert code_of(excinfo) == code


def test_policy_is_stored_and_removed_with_an_empty_string(sqs, queue_url):
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}]}
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
    stored = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])["Attributes"]["Policy"]
    assert json.loads(stored) == policy
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": ""})
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])


def test_unknown_queue_raises_the_modelled_exception_with_the_legacy_code(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as by_name:
        sqs.get_queue_url(QueueName="missing")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as by_url:
        sqs.send_message(QueueUrl=f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/missing", MessageBody="x")
    for excinfo in (by_name, by_url):
        assert code_of(excinfo) == "AWS.SimpleQueueService.NonExistentQueue"
        assert excinfo.value.response["Error"]["QueryErrorCode"] == "QueueDoesNotExist"
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_queue_url_with_any_host_reaches_the_queue(sqs, queue_url):
    sqs.send_message(QueueUrl=f"http://localhost:4566/{ACCOUNT}/jobs", MessageBody="x")
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "1"


def test_get_queue_url_of_another_account(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="jobs", QueueOwnerAWSAccountId="111111111111")
    sqs.create_queue(QueueName="jobs")
    assert sqs.get_queue_url(QueueName="jobs", QueueOwnerAWSAccountId=ACCOUNT)["QueueUrl"].endswith(f"/{ACCOUNT}/jobs")


def test_list_queues_by_prefix_and_pages(sqs):
    names = [f"alpha-{i:02d}" for i in range(7)] + ["beta"]
    for name in names:
        sqs.create_queue(QueueName=name)
    everything = sqs.list_queues()["QueueUrls"]
    assert [url.rsplit("/", 1)[1] for url in everything] == sorted(names)
    assert "NextToken" not in sqs.list_queues()
    assert [u.rsplit("/", 1)[1] for u in sqs.list_queues(QueueNamePrefix="beta")["QueueUrls"]] == ["beta"]
    seen, token = [], None
    while True:
        page = sqs.list_queues(QueueNamePrefix="alpha", MaxResults=3, **({"NextToken": token} if token else {}))
        seen += [url.rsplit("/", 1)[1] for url in page["QueueUrls"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == names[:7]


def test_list_queues_is_empty_without_queues(sqs):
    assert "QueueUrls" not in sqs.list_queues()
    with pytest.raises(ClientError) as excinfo:
        sqs.list_queues(MaxResults=0)
    assert code_of(excinfo) == "InvalidParameterValue"


def test_queues_are_per_region(sqs):
    sqs.create_queue(QueueName="here")
    other = boto3.client("sqs", region_name="eu-west-1")
    assert "QueueUrls" not in other.list_queues()


def test_delete_queue_removes_it_and_its_messages(sqs, queue_url):
    sqs.send_message(QueueUrl=queue_url, MessageBody="old")
    sqs.delete_queue(QueueUrl=queue_url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="jobs")
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.delete_queue(QueueUrl=queue_url)
    recreated = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    assert "Messages" not in sqs.receive_message(QueueUrl=recreated)


def test_tags(sqs):
    url = sqs.create_queue(QueueName="tagged", tags={"team": "a"})["QueueUrl"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a"}
    sqs.tag_queue(QueueUrl=url, Tags={"env": "test", "team": "b"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "b", "env": "test"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["team", "absent"])
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"env": "test"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["env"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    with pytest.raises(ClientError) as excinfo:
        sqs.tag_queue(QueueUrl=url, Tags={f"k{i}": "v" for i in range(51)})
    assert code_of(excinfo) == "InvalidParameterValue"


def test_add_and_remove_permission_edit_the_policy(sqs, queue_url):
    sqs.add_permission(QueueUrl=queue_url, Label="share", AWSAccountIds=["111111111111"], Actions=["SendMessage"])
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert policy["Statement"] == [
        {
            "Sid": "share",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
            "Action": "SQS:SendMessage",
            "Resource": f"arn:aws:sqs:{REGION}:{ACCOUNT}:jobs",
        }
    ]
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(QueueUrl=queue_url, Label="share", AWSAccountIds=["111111111111"], Actions=["SendMessage"])
    assert code_of(excinfo) == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(QueueUrl=queue_url, Label="many", AWSAccountIds=["111111111111"], Actions=["SendMessage"] * 8)
    assert code_of(excinfo) == "OverLimit"
    sqs.remove_permission(QueueUrl=queue_url, Label="share")
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])
    with pytest.raises(ClientError) as excinfo:
        sqs.remove_permission(QueueUrl=queue_url, Label="share")
    assert code_of(excinfo) == "InvalidParameterValue"


def test_last_modified_moves_with_set_queue_attributes(sqs, queue_url):
    from freezegun import freeze_time

    with freeze_time("2030-01-01 00:00:00"):
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "10"})
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["LastModifiedTimestamp", "CreatedTimestamp"])
    assert attributes["Attributes"]["LastModifiedTimestamp"] == "1893456000"
    assert attributes["Attributes"]["CreatedTimestamp"] != "1893456000"


def test_unmocked_operation_answers_not_implemented():
    with mock_aws():
        client = boto3.client("sqs", region_name=REGION)
        with pytest.raises(ClientError) as excinfo:
            client.list_message_move_tasks(SourceArn=f"arn:aws:sqs:{REGION}:{ACCOUNT}:x")
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
