"""Which services we emulate, and where their operation functions live.

A service is a package `moto_shared.services.<name>` (botocore's data
directory name, with `-` as `_`) exposing one function per operation, named
`botocore.xform_name(OperationName)` and called as `fn(ctx, **params)`.
An operation without a function answers with an AWS-style NotImplemented
error, so adding an operation is adding a function.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Callable

from botocore import xform_name

#: botocore service name -> package holding its operations.
IMPLEMENTED: dict[str, str] = {
    "sqs": "moto_shared.services.sqs",
    "sts": "moto_shared.services.sts",
    "s3": "moto_shared.services.s3",
    "dynamodb": "moto_shared.services.dynamodb",
    "dynamodbstreams": "moto_shared.services.dynamodbstreams",
    "cognito-idp": "moto_shared.services.cognito_idp",
}


@lru_cache(maxsize=None)
def find_operation(service_name: str, operation_name: str) -> Callable | None:
    """The function implementing an operation, or None if we don't emulate it."""
    package = IMPLEMENTED.get(service_name)
    if package is None:
        return None
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name == package:
            return None
        raise
    return getattr(module, xform_name(operation_name), None)
