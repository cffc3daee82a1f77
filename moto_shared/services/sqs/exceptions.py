"""SQS errors, worded as SQS words them (clients and tests match on these messages)."""

from __future__ import annotations

from typing import Any

from moto_shared.errors import AWSError

MAX_BATCH_ENTRIES = 10


def queue_does_not_exist() -> AWSError:
    return AWSError("QueueDoesNotExist", "The specified queue does not exist.")


def invalid_address(url: str) -> AWSError:
    return AWSError("InvalidAddress", f"The address {url} is not valid for this endpoint.")


def invalid_parameter_value(message: str) -> AWSError:
    return AWSError("InvalidParameterValue", message, 400)


def invalid_parameter(name: str, value: Any, reason: str) -> AWSError:
    """SQS's usual wording for a bad request parameter."""
    return invalid_parameter_value(f"Value {value} for parameter {name} is invalid. Reason: {reason}")


def missing_parameter(name: str) -> AWSError:
    return AWSError("MissingParameter", f"The request must contain the parameter {name}.", 400)


def invalid_attribute_name(name: str) -> AWSError:
    return AWSError("InvalidAttributeName", f"Unknown Attribute {name}.")


def invalid_attribute_value(name: str, reason: str = "") -> AWSError:
    message = f"Invalid value for the parameter {name}."
    return AWSError("InvalidAttributeValue", f"{message} Reason: {reason}" if reason else message)


def queue_name_exists(attribute: str) -> AWSError:
    return AWSError(
        "QueueNameExists",
        f"A queue already exists with the same name and a different value for attribute {attribute}",
    )


def purge_queue_in_progress(queue_name: str, interval: int) -> AWSError:
    return AWSError(
        "PurgeQueueInProgress", f"Only one PurgeQueue operation on {queue_name} is allowed every {interval} seconds."
    )


def receipt_handle_is_invalid(handle: str) -> AWSError:
    return AWSError("ReceiptHandleIsInvalid", f'The input receipt handle "{handle}" is not a valid receipt handle.')


def message_not_in_flight() -> AWSError:
    return AWSError("MessageNotInflight", "The message referred to isn't in flight.")


def stale_receipt_handle(handle: str) -> AWSError:
    """What visibility changes answer for a handle whose message was deleted or received again."""
    return invalid_parameter(
        "ReceiptHandle", handle, "Message does not exist or is not available for visibility timeout change."
    )


def over_limit(message: str) -> AWSError:
    return AWSError("OverLimit", message)


def invalid_message_contents(message: str) -> AWSError:
    return AWSError("InvalidMessageContents", message)


def empty_batch_request(entry_shape: str) -> AWSError:
    return AWSError("EmptyBatchRequest", f"There should be at least one {entry_shape} in the request.")


def too_many_entries_in_batch_request(count: int) -> AWSError:
    return AWSError(
        "TooManyEntriesInBatchRequest",
        f"Maximum number of entries per request are {MAX_BATCH_ENTRIES}. You have sent {count}.",
    )


def batch_entry_ids_not_distinct(entry_id: str) -> AWSError:
    return AWSError("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")


def invalid_batch_entry_id() -> AWSError:
    return AWSError(
        "InvalidBatchEntryId",
        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
        "It can be at most 80 letters long.",
    )


def batch_request_too_long(limit: int, size: int) -> AWSError:
    return AWSError(
        "BatchRequestTooLong", f"Batch requests cannot be longer than {limit} bytes. You have sent {size} bytes."
    )
