"""Queue attributes: names, defaults, and the validation SQS applies to them.

Attribute values travel and are stored as the strings SQS returns
(``"30"``, ``"true"``, compact JSON), so GetQueueAttributes is a plain read
and CreateQueue's idempotency check is a string comparison.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from moto_shared.services.sqs import exceptions

DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}
FIFO_DEFAULTS = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}
INTEGER_RANGES = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1024, 1048576),
    "MessageRetentionPeriod": (60, 1209600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43200),
    "KmsDataKeyReusePeriodSeconds": (60, 86400),
}
CHOICES = {
    "SqsManagedSseEnabled": ("true", "false"),
    "FifoQueue": ("true", "false"),
    "ContentBasedDeduplication": ("true", "false"),
    "DeduplicationScope": ("messageGroup", "queue"),
    "FifoThroughputLimit": ("perQueue", "perMessageGroupId"),
}
#: Set with a JSON document; an empty string removes them.
JSON_DOCUMENTS = ("Policy", "RedrivePolicy", "RedriveAllowPolicy")
FIFO_ONLY = ("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit")
COMPUTED = (
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
)
SETTABLE = (*INTEGER_RANGES, *CHOICES, *JSON_DOCUMENTS, "KmsMasterKeyId")
READABLE = (*SETTABLE, *COMPUTED)
MAX_RECEIVE_COUNT = 1000
MAX_REDRIVE_SOURCE_ARNS = 10


def trimmed_names(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """Attribute names without surrounding whitespace, which SQS ignores ("VisibilityTimeout " works)."""
    return {name.strip(): value for name, value in attributes.items()}


def normalize(attributes: Mapping[str, Any], *, fifo: bool, creating: bool) -> dict[str, str | None]:
    """Validated attributes as stored strings; None marks an attribute being removed.

    A standard queue may be created with FifoQueue=false, which says what it already is.
    """
    normalized: dict[str, str | None] = {}
    for name, raw in trimmed_names(attributes).items():
        declares_standard = name == "FifoQueue" and creating and str(raw).strip().lower() == "false"
        fifo_only_on_standard = name in FIFO_ONLY and not fifo and not declares_standard
        if name not in SETTABLE or fifo_only_on_standard or (name == "FifoQueue" and not creating):
            raise exceptions.invalid_attribute_name(name)
        value = str(raw).strip()
        if name in INTEGER_RANGES:
            normalized[name] = _integer(name, value)
        elif name in CHOICES:
            normalized[name] = _choice(name, value)
        elif not value:
            normalized[name] = None
        elif name == "RedrivePolicy":
            normalized[name] = _redrive_policy(value)
        elif name == "RedriveAllowPolicy":
            normalized[name] = _redrive_allow_policy(value)
        elif name == "Policy":
            normalized[name] = _json_object(name, value)
        else:
            normalized[name] = value
    return normalized


def check_fifo_throughput(attributes: Mapping[str, str]) -> None:
    """perMessageGroupId throughput is only allowed with per-group deduplication."""
    per_group_throughput = attributes.get("FifoThroughputLimit") == "perMessageGroupId"
    if per_group_throughput and attributes.get("DeduplicationScope") != "messageGroup":
        raise exceptions.invalid_attribute_value(
            "FifoThroughputLimit", "perMessageGroupId is allowed only when DeduplicationScope is messageGroup"
        )


def redrive_target(attributes: Mapping[str, str]) -> tuple[str, int] | None:
    """(dead-letter queue ARN, maxReceiveCount) of a queue's RedrivePolicy, if it has one."""
    policy = attributes.get("RedrivePolicy")
    if policy is None:
        return None
    document = json.loads(policy)
    return document["deadLetterTargetArn"], document["maxReceiveCount"]


def allows_dead_letter_source(dead_letter_attributes: Mapping[str, str], source_arn: str) -> bool:
    """Whether a queue's RedriveAllowPolicy lets source_arn use it as its dead-letter queue."""
    policy = dead_letter_attributes.get("RedriveAllowPolicy")
    if policy is None:
        return True
    document = json.loads(policy)
    permission = document["redrivePermission"]
    return permission == "allowAll" or (permission == "byQueue" and source_arn in document.get("sourceQueueArns", ()))


def _integer(name: str, value: str) -> str:
    low, high = INTEGER_RANGES[name]
    try:
        number = int(value)
    except ValueError:
        raise exceptions.invalid_attribute_value(name) from None
    if not low <= number <= high:
        raise exceptions.invalid_attribute_value(name)
    return str(number)


def _choice(name: str, value: str) -> str:
    allowed = CHOICES[name]
    match = next((choice for choice in allowed if choice.lower() == value.lower()), None)
    if match is None:
        raise exceptions.invalid_attribute_value(name)
    return match


def _json_object(name: str, value: str) -> str:
    """The document in compact form, or InvalidAttributeValue if it isn't a JSON object."""
    try:
        document = json.loads(value)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise exceptions.invalid_attribute_value(name)
    return json.dumps(document, separators=(",", ":"))


def _redrive_policy(value: str) -> str:
    document = json.loads(_json_object("RedrivePolicy", value))

    def invalid(reason: str) -> Exception:
        return exceptions.invalid_parameter("RedrivePolicy", value, reason)

    target = document.get("deadLetterTargetArn")
    if not isinstance(target, str) or not target:
        raise invalid("Redrive policy does not contain deadLetterTargetArn.")
    try:
        max_receive_count = int(document.get("maxReceiveCount"))
    except (TypeError, ValueError):
        raise invalid("Redrive policy does not contain a valid maxReceiveCount.") from None
    if not 1 <= max_receive_count <= MAX_RECEIVE_COUNT:
        raise invalid(
            f"Invalid value for maxReceiveCount: {max_receive_count}, "
            f"valid values are from 1 to {MAX_RECEIVE_COUNT} both inclusive."
        )
    return json.dumps({"deadLetterTargetArn": target, "maxReceiveCount": max_receive_count}, separators=(",", ":"))


def _redrive_allow_policy(value: str) -> str:
    document = json.loads(_json_object("RedriveAllowPolicy", value))
    permission = document.get("redrivePermission")
    sources = document.get("sourceQueueArns")
    if permission not in ("allowAll", "denyAll", "byQueue"):
        raise exceptions.invalid_attribute_value(
            "RedriveAllowPolicy", "redrivePermission must be allowAll, denyAll or byQueue"
        )
    if permission == "byQueue":
        if not isinstance(sources, list) or not 1 <= len(sources) <= MAX_REDRIVE_SOURCE_ARNS:
            raise exceptions.invalid_attribute_value(
                "RedriveAllowPolicy", f"byQueue needs 1 to {MAX_REDRIVE_SOURCE_ARNS} sourceQueueArns"
            )
    elif sources is not None:
        raise exceptions.invalid_attribute_value("RedriveAllowPolicy", "sourceQueueArns is allowed only with byQueue")
    return json.dumps(document, separators=(",", ":"))
