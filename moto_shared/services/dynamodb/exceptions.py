"""The DynamoDB errors operations raise, with AWS's codes and messages."""

from __future__ import annotations

from moto_shared.errors import AWSError, validation_error


def table_not_found(name: str | None = None) -> AWSError:
    """AWS names the table only in DescribeTable's message; item operations say just this."""
    message = "Requested resource not found"
    return AWSError("ResourceNotFoundException", f"{message}: Table: {name} not found" if name else message)


class ConstraintError(AWSError):
    """A ValidationException from AWS's request-constraint checks (empty sets, unused names, clashing clauses).

    PutItem, UpdateItem and DeleteItem report these with a "1 validation error
    detected: " prefix, other operations without it; see `constraint_prefix`.
    """

    def __init__(self, message: str) -> None:
        super().__init__("ValidationException", message, 400)


class _ConstraintPrefix:
    """A context manager with no state, so one instance serves every call (cheaper than `contextmanager`'s)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, traceback) -> bool:
        if isinstance(exc, ConstraintError):
            raise validation_error(f"1 validation error detected: {exc.message}") from None
        return False


_CONSTRAINT_PREFIX = _ConstraintPrefix()


def constraint_prefix() -> _ConstraintPrefix:
    """Single-item writes: give constraint errors raised inside the block AWS's prefix."""
    return _CONSTRAINT_PREFIX


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
