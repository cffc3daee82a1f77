"""The DynamoDB errors operations raise, with AWS's codes and messages."""

from __future__ import annotations

from moto_shared.errors import AWSError


def table_not_found(name: str | None = None) -> AWSError:
    message = "Requested resource not found"
    return AWSError("ResourceNotFoundException", f"{message}: Table: {name} not found" if name else message)


def table_in_use(message: str) -> AWSError:
    return AWSError("ResourceInUseException", message)


def conditional_check_failed(item: dict | None, return_values: str | None) -> AWSError:
    """A failed condition; carries the old item when ReturnValuesOnConditionCheckFailure=ALL_OLD."""
    fields = {"Item": item} if return_values == "ALL_OLD" and item else {}
    return AWSError("ConditionalCheckFailedException", "The conditional request failed", **fields)


def transaction_canceled(reasons: list[dict]) -> AWSError:
    codes = ", ".join(reason["Code"] for reason in reasons)
    return AWSError(
        "TransactionCanceledException",
        f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
        CancellationReasons=reasons,
    )
