"""SQS's query-era wire details, put back into its json model (a named quirk).

SQS moved from the query protocol to awsJson 1.0 before SDKs could declare
more than one protocol, and botocore's json model of it dropped what only the
query era needed:

* **legacy error codes.** AWS still answers `x-amzn-query-error:
  AWS.SimpleQueueService.NonExistentQueue;Sender`, botocore reports that as
  `Error.Code` (and picks the exception class from the shape name), and Moto
  users' tests match on it. The model has no `error` trait to say so.
* **query names and the XML namespace.** Form-encoded requests from older
  SDKs and hand-written code say `Attribute.1.Name`, `MessageAttribute.1.Value.StringValue`,
  `SendMessageBatchRequestEntry.1.Id`, and expect `<Attribute><Name>..</Name>` back.
  They may also name the queue by the URL they are sent to instead of a
  `QueueUrl` field, as AWS's query examples and older SDKs do.

All of it is kept here as data, read from AWS's SQS models (the query-era botocore
model's `error`, `locationName` and `flattened` traits, and the Smithy
model's `awsQueryError` / `httpError` traits for shapes added since), and
applied to the model dict as it is loaded, so the generic json and query
parsers and serializers do the rest.
"""

from __future__ import annotations

import re
from typing import Any

SERVICE_NAME = "sqs"

XML_NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/"

_QUEUE_PATH = re.compile(r"/\d{12}/[^/]+/?")

#: Exception shape -> (code on the query wire and in `x-amzn-query-error`, HTTP status).
#: Every SQS error is the sender's fault.
LEGACY_ERRORS: dict[str, tuple[str, int]] = {
    "BatchEntryIdsNotDistinct": ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    "BatchRequestTooLong": ("AWS.SimpleQueueService.BatchRequestTooLong", 400),
    "EmptyBatchRequest": ("AWS.SimpleQueueService.EmptyBatchRequest", 400),
    "InvalidAddress": ("InvalidAddress", 404),
    "InvalidAttributeName": ("InvalidAttributeName", 400),
    "InvalidAttributeValue": ("InvalidAttributeValue", 400),
    "InvalidBatchEntryId": ("AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    "InvalidIdFormat": ("InvalidIdFormat", 400),
    "InvalidMessageContents": ("InvalidMessageContents", 400),
    "InvalidSecurity": ("InvalidSecurity", 403),
    "KmsAccessDenied": ("KMS.AccessDeniedException", 400),
    "KmsDisabled": ("KMS.DisabledException", 400),
    "KmsInvalidKeyUsage": ("KMS.InvalidKeyUsageException", 400),
    "KmsInvalidState": ("KMS.InvalidStateException", 400),
    "KmsNotFound": ("KMS.NotFoundException", 400),
    "KmsOptInRequired": ("KMS.OptInRequired", 403),
    "KmsThrottled": ("KMS.ThrottlingException", 400),
    "MessageNotInflight": ("AWS.SimpleQueueService.MessageNotInflight", 400),
    "OverLimit": ("OverLimit", 403),
    "PurgeQueueInProgress": ("AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    "QueueDeletedRecently": ("AWS.SimpleQueueService.QueueDeletedRecently", 400),
    "QueueDoesNotExist": ("AWS.SimpleQueueService.NonExistentQueue", 400),
    "QueueNameExists": ("QueueAlreadyExists", 400),
    "ReceiptHandleIsInvalid": ("ReceiptHandleIsInvalid", 404),
    "RequestThrottled": ("RequestThrottled", 403),
    "ResourceNotFoundException": ("ResourceNotFoundException", 404),
    "TooManyEntriesInBatchRequest": ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    "UnsupportedOperation": ("AWS.SimpleQueueService.UnsupportedOperation", 400),
}

#: List shape -> (name of each item, flattened). A flattened list is a run of
#: items named after one item (`AttributeName.1`, `<QueueUrl>` repeated), not a wrapper of `member`s.
LIST_ITEMS: dict[str, tuple[str, bool]] = {
    "AWSAccountIdList": ("AWSAccountId", True),
    "ActionNameList": ("ActionName", True),
    "AttributeNameList": ("AttributeName", True),
    "BatchResultErrorEntryList": ("BatchResultErrorEntry", True),
    "BinaryList": ("BinaryListValue", False),
    "ChangeMessageVisibilityBatchRequestEntryList": ("ChangeMessageVisibilityBatchRequestEntry", True),
    "ChangeMessageVisibilityBatchResultEntryList": ("ChangeMessageVisibilityBatchResultEntry", True),
    "DeleteMessageBatchRequestEntryList": ("DeleteMessageBatchRequestEntry", True),
    "DeleteMessageBatchResultEntryList": ("DeleteMessageBatchResultEntry", True),
    "ListMessageMoveTasksResultEntryList": ("ListMessageMoveTasksResultEntry", True),
    "MessageAttributeNameList": ("MessageAttributeName", True),
    "MessageList": ("Message", True),
    "MessageSystemAttributeList": ("MessageSystemAttributeName", True),
    "QueueUrlList": ("QueueUrl", True),
    "SendMessageBatchRequestEntryList": ("SendMessageBatchRequestEntry", True),
    "SendMessageBatchResultEntryList": ("SendMessageBatchResultEntry", True),
    "StringList": ("StringListValue", False),
    "TagKeyList": ("TagKey", True),
}

#: Map shape -> (key name, value name); every SQS map is flattened (`Attribute.1.Name`, `Attribute.1.Value`).
FLATTENED_MAPS: dict[str, tuple[str, str]] = {
    "MessageBodyAttributeMap": ("Name", "Value"),
    "MessageBodySystemAttributeMap": ("Name", "Value"),
    "MessageSystemAttributeMap": ("Name", "Value"),
    "QueueAttributeMap": ("Name", "Value"),
    "TagMap": ("Key", "Value"),
}

#: Structure shape -> {member: its traits}: members whose query name is the singular.
MEMBER_TRAITS: dict[str, dict[str, dict[str, Any]]] = {
    "CreateQueueRequest": {"Attributes": {"locationName": "Attribute"}, "tags": {"locationName": "Tag"}},
    "GetQueueAttributesResult": {"Attributes": {"locationName": "Attribute"}},
    "ListQueueTagsResult": {"Tags": {"locationName": "Tag"}},
    "Message": {"Attributes": {"locationName": "Attribute"}, "MessageAttributes": {"locationName": "MessageAttribute"}},
    "MessageAttributeValue": {
        "StringListValues": {"flattened": True, "locationName": "StringListValue"},
        "BinaryListValues": {"flattened": True, "locationName": "BinaryListValue"},
    },
    "MessageSystemAttributeValue": {
        "StringListValues": {"flattened": True, "locationName": "StringListValue"},
        "BinaryListValues": {"flattened": True, "locationName": "BinaryListValue"},
    },
    "SendMessageBatchRequestEntry": {
        "MessageAttributes": {"locationName": "MessageAttribute"},
        "MessageSystemAttributes": {"locationName": "MessageSystemAttribute"},
    },
    "SendMessageRequest": {
        "MessageAttributes": {"locationName": "MessageAttribute"},
        "MessageSystemAttributes": {"locationName": "MessageSystemAttribute"},
    },
    "SetQueueAttributesRequest": {"Attributes": {"locationName": "Attribute"}},
}


def add_legacy_error_codes(model: dict[str, Any]) -> None:
    """Give each exception shape the `error` trait the query-era model had (code, status, sender fault).

    Like `add_query_names`, it skips shapes a botocore release doesn't have, so
    an upgrade can't break loading SQS (tests/protocol/test_sqs_legacy.py checks they all exist).
    """
    shapes = model["shapes"]
    for shape_name, (code, status) in LEGACY_ERRORS.items():
        if shape_name in shapes:
            shapes[shape_name]["error"] = {"code": code, "httpStatusCode": status, "senderFault": True}


def add_query_names(model: dict[str, Any]) -> None:
    """Give the shapes their query-era `locationName` / `flattened` traits and the service its XML namespace."""
    model["metadata"]["xmlNamespace"] = XML_NAMESPACE
    shapes = model["shapes"]
    for shape_name, (item_name, flattened) in LIST_ITEMS.items():
        shape = shapes.get(shape_name)
        if shape is not None:
            shape["member"] = {**shape["member"], "locationName": item_name}
            if flattened:
                shape["flattened"] = True
    for shape_name, (key_name, value_name) in FLATTENED_MAPS.items():
        shape = shapes.get(shape_name)
        if shape is not None:
            shape["flattened"] = True
            shape["key"] = {**shape["key"], "locationName": key_name}
            shape["value"] = {**shape["value"], "locationName": value_name}
    for shape_name, members in MEMBER_TRAITS.items():
        shape_members = shapes.get(shape_name, {}).get("members", {})
        for member_name, traits in members.items():
            if member_name in shape_members:
                shape_members[member_name] = {**shape_members[member_name], **traits}


def queue_url_from_path(host: str, path: str, fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The `QueueUrl` field a query request sent to a queue's URL implies (`POST /123456789012/jobs`).

    Returns nothing when the request has its own `QueueUrl` or isn't sent to a queue's path.
    """
    if not _QUEUE_PATH.fullmatch(path) or any(key == "QueueUrl" for key, _ in fields):
        return []
    return [("QueueUrl", f"https://{host}{path.rstrip('/')}")]
