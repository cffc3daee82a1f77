"""SQS's legacy wire details (`moto_shared/protocol/sqs_legacy.py`).

Query requests are written by hand with `requests`, as older SDKs and
hand-rolled code send them, and their XML answers are read back with
botocore's own QueryParser against the query flavour of the SQS model, so a
name our tables got wrong shows up as a missing value. JSON clients are real
boto3 clients, which map the legacy code in `x-amzn-query-error` themselves.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ElementTree

import boto3
import pytest
import requests
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from moto_shared import mock_aws
from moto_shared.protocol import load_service_model, sqs_legacy

ENDPOINT = "https://sqs.us-east-1.amazonaws.com/"
ACCOUNT = "123456789012"
QUERY_MODEL = load_service_model("sqs", "query")
NAMESPACE = "{http://queue.amazonaws.com/doc/2012-11-05/}"
#: MD5 of the message attribute {"a": String "x"} by AWS's algorithm (as the SQS docs compute it).
MD5_OF_ATTRIBUTE_A_X = "a512aac9938034acb0b3c3d965944bf1"


@pytest.fixture
def world():
    with mock_aws():
        yield


def query(action: str, method: str = "POST", **params: str) -> requests.Response:
    fields = {"Action": action, "Version": "2012-11-05", **params}
    if method == "GET":
        return requests.get(ENDPOINT, params=fields, timeout=30)
    return requests.post(ENDPOINT, data=fields, timeout=30)


def parsed(response: requests.Response, action: str) -> dict:
    """The response as botocore's QueryParser reads it with the query-era names."""
    shape = QUERY_MODEL.operation_model(action).output_shape
    http = {"status_code": response.status_code, "headers": dict(response.headers), "body": response.content}
    return create_parser("query").parse(http, shape)


def ok(action: str, **params: str) -> dict:
    response = query(action, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/xml"
    return parsed(response, action)


def make_queue(name: str = "legacy", **params: str) -> str:
    url = ok("CreateQueue", QueueName=name, **params)["QueueUrl"]
    assert url == f"{ENDPOINT}{ACCOUNT}/{name}"
    return url


# --- the tables -----------------------------------------------------------------


def test_every_table_entry_names_a_shape_of_the_current_model():
    shapes = load_service_model("sqs").shape_names
    assert set(sqs_legacy.LEGACY_ERRORS) == {
        name for name in shapes if load_service_model("sqs").shape_for(name).metadata.get("exception")
    }
    for name in sqs_legacy.LIST_ITEMS:
        assert QUERY_MODEL.shape_for(name).type_name == "list", name
    for name in sqs_legacy.FLATTENED_MAPS:
        assert QUERY_MODEL.shape_for(name).type_name == "map", name
    for name, members in sqs_legacy.MEMBER_TRAITS.items():
        assert set(members) <= set(QUERY_MODEL.shape_for(name).members), name


def test_the_json_model_keeps_its_names_and_the_query_flavour_gets_the_legacy_ones():
    json_model = load_service_model("sqs")
    assert json_model.protocol == "json"
    assert "name" not in json_model.shape_for("CreateQueueRequest").members["Attributes"].serialization
    assert QUERY_MODEL.protocol == "query"
    assert QUERY_MODEL.metadata["xmlNamespace"] == sqs_legacy.XML_NAMESPACE
    assert QUERY_MODEL.operation_model("ReceiveMessage").output_shape.serialization["resultWrapper"] == (
        "ReceiveMessageResult"
    )
    assert load_service_model("sqs", "query") is QUERY_MODEL


def test_botocore_serializes_the_query_flavour_with_the_documented_names():
    """What a query-era SDK sends, per AWS's SQS API reference examples."""
    operation = QUERY_MODEL.operation_model("SendMessageBatch")
    entry = {
        "Id": "m1",
        "MessageBody": "hi",
        "MessageAttributes": {"colour": {"DataType": "String", "StringValue": "blue"}},
        "MessageSystemAttributes": {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1"}},
    }
    body = create_serializer("query").serialize_to_request({"QueueUrl": "u", "Entries": [entry]}, operation)["body"]
    assert body == {
        "Action": "SendMessageBatch",
        "Version": "2012-11-05",
        "QueueUrl": "u",
        "SendMessageBatchRequestEntry.1.Id": "m1",
        "SendMessageBatchRequestEntry.1.MessageBody": "hi",
        "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name": "colour",
        "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType": "String",
        "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue": "blue",
        "SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Name": "AWSTraceHeader",
        "SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.DataType": "String",
        "SendMessageBatchRequestEntry.1.MessageSystemAttribute.1.Value.StringValue": "Root=1",
    }


# --- operations over the query protocol -----------------------------------------


def test_create_queue_with_attributes_and_tags(world):
    url = make_queue(
        **{
            "Attribute.1.Name": "VisibilityTimeout",
            "Attribute.1.Value": "45",
            "Attribute.2.Name": "DelaySeconds",
            "Attribute.2.Value": "2",
            "Tag.1.Key": "team",
            "Tag.1.Value": "blue",
        }
    )
    attributes = ok(
        "GetQueueAttributes",
        QueueUrl=url,
        **{"AttributeName.1": "VisibilityTimeout", "AttributeName.2": "DelaySeconds"},
    )
    assert attributes["Attributes"] == {"VisibilityTimeout": "45", "DelaySeconds": "2"}
    assert ok("ListQueueTags", QueueUrl=url)["Tags"] == {"team": "blue"}
    assert ok("GetQueueUrl", QueueName="legacy")["QueueUrl"] == url


def test_set_attributes_and_tags(world):
    url = make_queue()
    ok("SetQueueAttributes", QueueUrl=url, **{"Attribute.1.Name": "MaximumMessageSize", "Attribute.1.Value": "2048"})
    # TagQueue's map is `Tags` on the wire (CreateQueue's is `Tag`), as the query-era botocore model sent it.
    ok("TagQueue", QueueUrl=url, **{"Tags.1.Key": "a", "Tags.1.Value": "1", "Tags.2.Key": "b", "Tags.2.Value": "2"})
    ok("UntagQueue", QueueUrl=url, **{"TagKey.1": "a"})
    everything = ok("GetQueueAttributes", QueueUrl=url, **{"AttributeName.1": "All"})["Attributes"]
    assert everything["MaximumMessageSize"] == "2048"
    assert everything["QueueArn"] == f"arn:aws:sqs:us-east-1:{ACCOUNT}:legacy"
    assert ok("ListQueueTags", QueueUrl=url)["Tags"] == {"b": "2"}


def test_send_and_receive_with_attributes_and_their_md5s(world):
    url = make_queue()
    sent = ok(
        "SendMessage",
        QueueUrl=url,
        MessageBody="hello <world> & co",
        **{
            "MessageAttribute.1.Name": "a",
            "MessageAttribute.1.Value.DataType": "String",
            "MessageAttribute.1.Value.StringValue": "x",
            "MessageAttribute.2.Name": "raw",
            "MessageAttribute.2.Value.DataType": "Binary",
            "MessageAttribute.2.Value.BinaryValue": "AAEC",
            "MessageSystemAttribute.1.Name": "AWSTraceHeader",
            "MessageSystemAttribute.1.Value.DataType": "String",
            "MessageSystemAttribute.1.Value.StringValue": "Root=1-abc",
        },
    )
    assert sent["MD5OfMessageBody"] == hashlib.md5(b"hello <world> & co").hexdigest()
    received = ok(
        "ReceiveMessage",
        QueueUrl=url,
        **{"AttributeName.1": "All", "MessageAttributeName.1": "All", "VisibilityTimeout": "30"},
    )
    [message] = received["Messages"]
    assert message["MessageId"] == sent["MessageId"]
    assert message["Body"] == "hello <world> & co"
    assert message["MD5OfBody"] == sent["MD5OfMessageBody"]
    assert message["MessageAttributes"] == {
        "a": {"DataType": "String", "StringValue": "x"},
        "raw": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02"},
    }
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert message["Attributes"]["SenderId"] == ACCOUNT
    assert message["Attributes"]["ApproximateReceiveCount"] == "1"
    assert message["Attributes"]["AWSTraceHeader"] == "Root=1-abc"
    assert "Messages" not in ok("ReceiveMessage", QueueUrl=url)


def test_query_and_json_agree_on_the_attribute_md5(world):
    url = make_queue()
    over_query = ok(
        "SendMessage",
        QueueUrl=url,
        MessageBody="m",
        **{
            "MessageAttribute.1.Name": "a",
            "MessageAttribute.1.Value.DataType": "String",
            "MessageAttribute.1.Value.StringValue": "x",
        },
    )
    over_json = boto3.client("sqs", region_name="us-east-1").send_message(
        QueueUrl=url, MessageBody="m", MessageAttributes={"a": {"DataType": "String", "StringValue": "x"}}
    )
    assert over_query["MD5OfMessageAttributes"] == over_json["MD5OfMessageAttributes"] == MD5_OF_ATTRIBUTE_A_X


def test_receive_selected_system_and_message_attributes(world):
    url = make_queue()
    ok(
        "SendMessage",
        QueueUrl=url,
        MessageBody="m",
        **{
            "MessageAttribute.1.Name": "keep.me",
            "MessageAttribute.1.Value.DataType": "Number",
            "MessageAttribute.1.Value.StringValue": "7",
            "MessageAttribute.2.Name": "drop",
            "MessageAttribute.2.Value.DataType": "String",
            "MessageAttribute.2.Value.StringValue": "no",
        },
    )
    [message] = ok(
        "ReceiveMessage",
        QueueUrl=url,
        **{"MessageSystemAttributeName.1": "SentTimestamp", "MessageAttributeName.1": "keep.*"},
    )["Messages"]
    assert list(message["Attributes"]) == ["SentTimestamp"]
    assert message["MessageAttributes"] == {"keep.me": {"DataType": "Number", "StringValue": "7"}}


def test_delete_message_and_change_visibility(world):
    url = make_queue()
    ok("SendMessage", QueueUrl=url, MessageBody="one")
    [first] = ok("ReceiveMessage", QueueUrl=url)["Messages"]
    ok("ChangeMessageVisibility", QueueUrl=url, ReceiptHandle=first["ReceiptHandle"], VisibilityTimeout="0")
    [again] = ok("ReceiveMessage", QueueUrl=url)["Messages"]
    assert again["MessageId"] == first["MessageId"]
    ok("DeleteMessage", QueueUrl=url, ReceiptHandle=again["ReceiptHandle"])
    counts = ok("GetQueueAttributes", QueueUrl=url, **{"AttributeName.1": "All"})["Attributes"]
    assert counts["ApproximateNumberOfMessages"] == counts["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_batch_operations_with_per_entry_failures(world):
    url = make_queue()
    sent = ok(
        "SendMessageBatch",
        QueueUrl=url,
        **{
            "SendMessageBatchRequestEntry.1.Id": "good",
            "SendMessageBatchRequestEntry.1.MessageBody": "a",
            "SendMessageBatchRequestEntry.1.MessageAttribute.1.Name": "a",
            "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType": "String",
            "SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue": "x",
            "SendMessageBatchRequestEntry.2.Id": "late",
            "SendMessageBatchRequestEntry.2.MessageBody": "b",
            "SendMessageBatchRequestEntry.2.DelaySeconds": "5000",
            "SendMessageBatchRequestEntry.3.Id": "second",
            "SendMessageBatchRequestEntry.3.MessageBody": "c",
        },
    )
    assert [entry["Id"] for entry in sent["Successful"]] == ["good", "second"]
    assert sent["Successful"][0]["MD5OfMessageAttributes"] == MD5_OF_ATTRIBUTE_A_X
    [failed] = sent["Failed"]
    assert (failed["Id"], failed["Code"], failed["SenderFault"]) == ("late", "InvalidParameterValue", True)

    messages = ok("ReceiveMessage", QueueUrl=url, MaxNumberOfMessages="10")["Messages"]
    assert sorted(message["Body"] for message in messages) == ["a", "c"]
    handles = {message["Body"]: message["ReceiptHandle"] for message in messages}
    changed = ok(
        "ChangeMessageVisibilityBatch",
        QueueUrl=url,
        **{
            "ChangeMessageVisibilityBatchRequestEntry.1.Id": "show",
            "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle": handles["a"],
            "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout": "0",
            "ChangeMessageVisibilityBatchRequestEntry.2.Id": "too-long",
            "ChangeMessageVisibilityBatchRequestEntry.2.ReceiptHandle": handles["c"],
            "ChangeMessageVisibilityBatchRequestEntry.2.VisibilityTimeout": "50000",
        },
    )
    assert [entry["Id"] for entry in changed["Successful"]] == ["show"]
    assert [(entry["Id"], entry["Code"]) for entry in changed["Failed"]] == [("too-long", "InvalidParameterValue")]

    deleted = ok(
        "DeleteMessageBatch",
        QueueUrl=url,
        **{
            "DeleteMessageBatchRequestEntry.1.Id": "c",
            "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handles["c"],
            "DeleteMessageBatchRequestEntry.2.Id": "junk",
            "DeleteMessageBatchRequestEntry.2.ReceiptHandle": "junk!",
        },
    )
    assert [entry["Id"] for entry in deleted["Successful"]] == ["c"]
    assert [(entry["Id"], entry["Code"]) for entry in deleted["Failed"]] == [("junk", "ReceiptHandleIsInvalid")]
    [left] = ok("ReceiveMessage", QueueUrl=url, MaxNumberOfMessages="10")["Messages"]
    assert left["Body"] == "a"


def test_list_queues_by_post_and_get(world):
    urls = [make_queue(name) for name in ("alpha", "beta", "alphabet")]
    assert sorted(ok("ListQueues")["QueueUrls"]) == sorted(urls)
    response = query("ListQueues", method="GET", QueueNamePrefix="alpha")
    assert response.status_code == 200, response.text
    assert sorted(parsed(response, "ListQueues")["QueueUrls"]) == [urls[0], urls[2]]
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{NAMESPACE}ListQueuesResponse"
    assert [element.tag for element in root.find(f"{NAMESPACE}ListQueuesResult")] == [f"{NAMESPACE}QueueUrl"] * 2


def test_purge_and_delete_queue(world):
    url = make_queue()
    ok("SendMessage", QueueUrl=url, MessageBody="x")
    ok("PurgeQueue", QueueUrl=url)
    assert "Messages" not in ok("ReceiveMessage", QueueUrl=url)
    ok("DeleteQueue", QueueUrl=url)
    assert "QueueUrls" not in ok("ListQueues")


def test_a_queue_made_over_query_is_the_json_clients_queue(world):
    url = make_queue()
    client = boto3.client("sqs", region_name="us-east-1")
    client.send_message(QueueUrl=url, MessageBody="from json")
    [message] = ok("ReceiveMessage", QueueUrl=url)["Messages"]
    assert message["Body"] == "from json"


# --- errors over the query protocol ---------------------------------------------


def error_of(response: requests.Response, action: str) -> dict:
    assert response.headers["content-type"] == "text/xml"
    return parsed(response, action)["Error"]


def test_missing_queue_answers_the_legacy_error_document(world):
    response = query("GetQueueUrl", QueueName="absent")
    assert response.status_code == 400
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{NAMESPACE}ErrorResponse"
    error = {child.tag.removeprefix(NAMESPACE): child.text for child in root.find(f"{NAMESPACE}Error")}
    assert error == {
        "Type": "Sender",
        "Code": "AWS.SimpleQueueService.NonExistentQueue",
        "Message": "The specified queue does not exist.",
    }
    assert root.find(f"{NAMESPACE}RequestId").text == response.headers["x-amzn-RequestId"]


@pytest.mark.parametrize(
    ("action", "params", "status", "code"),
    [
        (
            "SendMessage",
            {"QueueUrl": f"{ENDPOINT}{ACCOUNT}/absent", "MessageBody": "x"},
            400,
            "AWS.SimpleQueueService.NonExistentQueue",
        ),
        (
            "CreateQueue",
            {"QueueName": "legacy", "Attribute.1.Name": "DelaySeconds", "Attribute.1.Value": "9"},
            400,
            "QueueAlreadyExists",
        ),
        (
            "SendMessageBatch",
            {"QueueUrl": f"{ENDPOINT}{ACCOUNT}/legacy", "Entries": ""},
            400,
            "AWS.SimpleQueueService.EmptyBatchRequest",
        ),
        (
            "GetQueueAttributes",
            {"QueueUrl": f"{ENDPOINT}{ACCOUNT}/legacy", "AttributeName.1": "Colour"},
            400,
            "InvalidAttributeName",
        ),
        (
            "DeleteMessage",
            {"QueueUrl": f"{ENDPOINT}{ACCOUNT}/legacy", "ReceiptHandle": "junk!"},
            404,
            "ReceiptHandleIsInvalid",
        ),
        ("SendMessage", {"QueueUrl": f"{ENDPOINT}{ACCOUNT}/legacy"}, 400, "MissingParameter"),
    ],
)
def test_errors_carry_the_legacy_codes(world, action, params, status, code):
    make_queue()
    response = query(action, **params)
    assert response.status_code == status, response.text
    error = error_of(response, action)
    assert (error["Type"], error["Code"]) == ("Sender", code)
    assert error["Message"]


def test_unknown_action_is_refused(world):
    response = query("FlyAway")
    assert response.status_code == 400
    assert error_of(response, "ListQueues")["Code"] == "InvalidAction"


# --- json clients see the legacy codes ---------------------------------------------


@pytest.fixture
def sqs(world):
    return boto3.client("sqs", region_name="us-east-1")


def test_json_client_gets_the_modelled_exception_and_the_legacy_code(sqs):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        sqs.get_queue_url(QueueName="absent")
    response = excinfo.value.response
    assert response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert response["Error"]["QueryErrorCode"] == "QueueDoesNotExist"
    assert response["Error"]["Type"] == "Sender"
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-query-error"] == (
        "AWS.SimpleQueueService.NonExistentQueue;Sender"
    )


@pytest.mark.parametrize(
    ("call", "exception", "code", "status"),
    [
        (
            lambda sqs, url: sqs.send_message_batch(QueueUrl=url, Entries=[]),
            "EmptyBatchRequest",
            "AWS.SimpleQueueService.EmptyBatchRequest",
            400,
        ),
        (
            lambda sqs, url: sqs.create_queue(QueueName="legacy", Attributes={"DelaySeconds": "9"}),
            "QueueNameExists",
            "QueueAlreadyExists",
            400,
        ),
        (
            lambda sqs, url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Colour"]),
            "InvalidAttributeName",
            "InvalidAttributeName",
            400,
        ),
        (
            lambda sqs, url: sqs.delete_message(QueueUrl=url, ReceiptHandle="junk!"),
            "ReceiptHandleIsInvalid",
            "ReceiptHandleIsInvalid",
            404,
        ),
    ],
)
def test_json_errors_by_shape(sqs, call, exception, code, status):
    url = sqs.create_queue(QueueName="legacy")["QueueUrl"]
    with pytest.raises(getattr(sqs.exceptions, exception)) as excinfo:
        call(sqs, url)
    assert excinfo.value.response["Error"]["Code"] == code
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


def test_permissions_and_dead_letter_sources(world):
    url = make_queue()
    dead_letters = make_queue("dead")
    ok(
        "AddPermission",
        QueueUrl=url,
        Label="share",
        **{"AWSAccountId.1": "111111111111", "AWSAccountId.2": "222222222222", "ActionName.1": "SendMessage"},
    )
    policy = ok("GetQueueAttributes", QueueUrl=url, **{"AttributeName.1": "Policy"})["Attributes"]["Policy"]
    assert "arn:aws:iam::111111111111:root" in policy and "arn:aws:iam::222222222222:root" in policy
    assert "SQS:SendMessage" in policy
    dead_letter_arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:dead"
    redrive = json.dumps({"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": "3"})
    ok("SetQueueAttributes", QueueUrl=url, **{"Attribute.1.Name": "RedrivePolicy", "Attribute.1.Value": redrive})
    assert ok("ListDeadLetterSourceQueues", QueueUrl=dead_letters)["queueUrls"] == [url]


def test_a_request_sent_to_the_queue_url_needs_no_queue_url_field(world):
    """AWS's query examples post to the queue's own URL (`/123456789012/legacy/?Action=SendMessage`)."""
    url = make_queue()
    sent = requests.post(f"{url}/", data={"Action": "SendMessage", "MessageBody": "by path"}, timeout=30)
    assert sent.status_code == 200, sent.text
    received = requests.get(url, params={"Action": "ReceiveMessage"}, timeout=30)
    [message] = parsed(received, "ReceiveMessage")["Messages"]
    assert message["Body"] == "by path"
    named = {"Action": "GetQueueAttributes", "QueueUrl": f"{ENDPOINT}{ACCOUNT}/absent"}
    elsewhere = requests.post(url, data=named, timeout=30)
    assert error_of(elsewhere, "GetQueueAttributes")["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
