"""The one exception type services raise to answer with an AWS error.

Services name the error by its code as AWS documents it, which for modelled
errors is the error shape's name (`QueueDoesNotExist`, `NoSuchKey`,
`ConditionalCheckFailedException`). The protocol layer looks the shape up in
the service model to fill in what the wire needs (HTTP status, the legacy
query code such as `AWS.SimpleQueueService.NonExistentQueue`, sender/receiver
fault), so services never repeat model data.
"""

from __future__ import annotations

from typing import Any


class AWSError(Exception):
    """An error response: code, message, and optional status and extra members.

    status: HTTP status; None means "take it from the error shape, else 400".
    fields: extra members of the error shape (e.g. CancellationReasons, Item,
        BucketName), serialized like any structure member.
    headers: extra response headers.
    sender_fault: False for server-side (5xx-like) errors.
    """

    def __init__(
        self,
        code: str,
        message: str = "",
        status: int | None = None,
        *,
        sender_fault: bool | None = None,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender_fault = sender_fault
        self.headers = headers or {}
        self.fields = fields


def validation_error(message: str) -> AWSError:
    """The generic 400 most services use for bad input."""
    return AWSError("ValidationException", message, 400)


def not_implemented(service: str, operation: str) -> AWSError:
    """What an operation we don't emulate yet answers (never NotImplementedError)."""
    return AWSError(
        "NotImplemented",
        f"moto-shared does not implement {service}.{operation} yet.",
        501,
        sender_fault=False,
    )
