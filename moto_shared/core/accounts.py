"""Which account a request acts in.

Order, as with Moto: credentials issued by our STS (AssumeRole into another
account) > the `x-moto-account-id` header > MOTO_ACCOUNT_ID > 123456789012.
Temporary credentials are remembered in the store, so a key issued in one
process is honoured in every other.
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from moto_shared.store.base import Namespace, Txn

DEFAULT_ACCOUNT_ID = "123456789012"
ACCOUNT_ID_ENV = "MOTO_ACCOUNT_ID"
ACCOUNT_ID_HEADER = "x-moto-account-id"
#: Prefix of the access key ids our STS hands out (AWS uses ASIA for temporary keys).
TEMPORARY_KEY_PREFIX = "ASIA"


def _credentials_key(access_key_id: str) -> str:
    return f"sts|access-key|{access_key_id}"


def remember_credentials(txn: Txn | Namespace, access_key_id: str, identity: dict[str, Any]) -> None:
    """Record who a temporary access key belongs to (account_id, arn, user_id, expiration)."""
    txn.put(_credentials_key(access_key_id), identity)


def identity_of(store: Namespace, access_key_id: str | None) -> dict[str, Any] | None:
    """The identity STS recorded for a temporary key, or None for ordinary keys."""
    if not access_key_id or not access_key_id.startswith(TEMPORARY_KEY_PREFIX):
        return None
    return store.get(_credentials_key(access_key_id))


def default_account_id() -> str:
    return os.environ.get(ACCOUNT_ID_ENV) or DEFAULT_ACCOUNT_ID


def resolve_account_id(store: Namespace, access_key_id: str | None, headers: Mapping[str, str]) -> str:
    identity = identity_of(store, access_key_id)
    if identity:
        return identity["account_id"]
    return headers.get(ACCOUNT_ID_HEADER) or default_account_id()
