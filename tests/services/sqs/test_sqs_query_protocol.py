"""The legacy query protocol (form-encoded POSTs, XML answers) reaches the same operations as JSON."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import boto3
import requests

from moto_shared import mock_aws

ENDPOINT = "https://sqs.us-east-1.amazonaws.com/"


def query(action: str, **params: str) -> requests.Response:
    return requests.post(ENDPOINT, data={"Action": action, "Version": "2012-11-05", **params}, timeout=30)


def text_of(response: requests.Response, tag: str) -> list[str]:
    root = ElementTree.fromstring(response.content)
    return [element.text for element in root.iter() if element.tag.rsplit("}", 1)[-1] == tag]


def test_query_protocol_send_receive_and_error():
    with mock_aws():
        url = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="legacy")["QueueUrl"]
        sent = query(
            "SendMessage",
            QueueUrl=url,
            MessageBody="hello",
            **{
                "MessageAttribute.1.Name": "a",
                "MessageAttribute.1.Value.DataType": "String",
                "MessageAttribute.1.Value.StringValue": "x",
            },
        )
        assert sent.status_code == 200, sent.text
        assert text_of(sent, "MD5OfMessageBody") == ["5d41402abc4b2a76b9719d911017c592"]
        assert text_of(sent, "MD5OfMessageAttributes") == ["a512aac9938034acb0b3c3d965944bf1"]
        received = query("ReceiveMessage", QueueUrl=url, **{"MessageAttributeName.1": "All"})
        assert text_of(received, "Body") == ["hello"]
        missing = query("GetQueueUrl", QueueName="absent")
        assert missing.status_code == 400
        assert text_of(missing, "Code") == ["AWS.SimpleQueueService.NonExistentQueue"]
