"""A bucket policy's explicit denies on object operations.

An explicit Deny beats any Allow, so it can be applied without modelling IAM
identities: object reads, writes and deletes check the bucket policy for a
Deny statement naming their action and object. A statement is applied only
when the caller's account is enough to decide it: Principal ``"*"`` (or
``{"AWS": "*"}``) or the caller's account, no ``Condition`` and no
``NotPrincipal`` / ``NotAction`` / ``NotResource``. Allow statements change
nothing, since requests are not otherwise refused.
"""

from __future__ import annotations

import json
import re

from moto_shared.context import RequestContext
from moto_shared.services.s3 import exceptions

_UNDECIDABLE = ("Condition", "NotPrincipal", "NotAction", "NotResource")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _wildcard_match(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """IAM's `*` and `?` wildcards (no character classes)."""
    regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(regex, text, re.IGNORECASE if ignore_case else 0) is not None


def _names_caller(principal, account_id: str) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    account_root = re.compile(rf"arn:aws[\w-]*:iam::{account_id}:root")
    return any(name in ("*", account_id) or account_root.fullmatch(str(name))
               for name in _as_list(principal.get("AWS", [])))


def check_not_denied(ctx: RequestContext, bucket: dict, action: str, key: str) -> None:
    """AccessDenied if the bucket's policy explicitly denies `action` (e.g. "s3:GetObject") on the object."""
    policy = bucket["config"].get("policy")
    if not policy:
        return
    resource = f"arn:{ctx.partition}:s3:::{bucket['name']}/{key}"
    for statement in _as_list(json.loads(policy).get("Statement", [])):
        if (not isinstance(statement, dict) or statement.get("Effect") != "Deny"
                or any(name in statement for name in _UNDECIDABLE)
                or not _names_caller(statement.get("Principal"), ctx.account_id)):
            continue
        if (any(_wildcard_match(pattern, action, ignore_case=True) for pattern in _as_list(statement.get("Action", [])))
                and any(_wildcard_match(pattern, resource) for pattern in _as_list(statement.get("Resource", [])))):
            raise exceptions.access_denied()
