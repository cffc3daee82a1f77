"""Access control lists: stored and returned as S3 shows them, never enforced.

An ACL comes as a canned ACL (`ACL="public-read"`), as x-amz-grant-* headers
or as an AccessControlPolicy document; all three are stored as a grant list.
"""

from __future__ import annotations

from typing import Any

from moto_shared.context import RequestContext
from moto_shared.services.s3 import exceptions
from moto_shared.services.s3.state import (
    bucket_key,
    find_version,
    object_key,
    owner,
    require_bucket,
    require_bucket_and_object,
)
from moto_shared.store.base import Txn

_GROUPS = "http://acs.amazonaws.com/groups"
ALL_USERS = f"{_GROUPS}/global/AllUsers"
AUTHENTICATED_USERS = f"{_GROUPS}/global/AuthenticatedUsers"
LOG_DELIVERY = f"{_GROUPS}/s3/LogDelivery"

#: canned ACL -> (group URI, permission) grants added to the owner's FULL_CONTROL.
CANNED = {
    "private": (),
    "public-read": ((ALL_USERS, "READ"),),
    "public-read-write": ((ALL_USERS, "READ"), (ALL_USERS, "WRITE")),
    "authenticated-read": ((AUTHENTICATED_USERS, "READ"),),
    "aws-exec-read": (),
    "bucket-owner-read": (),
    "bucket-owner-full-control": (),
    "log-delivery-write": ((LOG_DELIVERY, "WRITE"), (LOG_DELIVERY, "READ_ACP")),
}
GRANT_HEADERS = {
    "GrantFullControl": "FULL_CONTROL",
    "GrantRead": "READ",
    "GrantReadACP": "READ_ACP",
    "GrantWrite": "WRITE",
    "GrantWriteACP": "WRITE_ACP",
}
#: x-amz-grant-* grantee kinds; "url" is Moto's spelling of "uri", which its users write.
_GRANTEE_KINDS = {"id": ("CanonicalUser", "ID"), "uri": ("Group", "URI"), "url": ("Group", "URI"),
                  "emailaddress": ("AmazonCustomerByEmail", "EmailAddress")}
PERMISSIONS = frozenset({"FULL_CONTROL", "READ", "READ_ACP", "WRITE", "WRITE_ACP"})


def _owner_grant(account_id: str) -> dict:
    return {"Grantee": {"Type": "CanonicalUser", **owner(account_id)}, "Permission": "FULL_CONTROL"}


def grants_from_request(params: dict, account_id: str) -> list[dict] | None:
    """The grants a request sets (None if it sets none), from whichever form it uses."""
    if params.get("AccessControlPolicy") is not None:
        return _policy_grants(params["AccessControlPolicy"])
    if params.get("ACL") is not None and any(params.get(member) for member in GRANT_HEADERS):
        raise exceptions.invalid_request("Specifying both Canned ACLs and Header Grants is not allowed")
    if params.get("ACL") is not None:
        if params["ACL"] not in CANNED:
            raise exceptions.invalid_argument("", "x-amz-acl", params["ACL"])
        return [_owner_grant(account_id)] + [{"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission}
                                             for uri, permission in CANNED[params["ACL"]]]
    grants = []
    for member, permission in GRANT_HEADERS.items():
        header = params.get(member)
        if not header:  # most writes grant nothing
            continue
        for item in filter(None, header.split(",")):
            kind, _, value = item.strip().partition("=")
            if kind.lower() not in _GRANTEE_KINDS:
                raise exceptions.invalid_argument("Invalid grantee type", member, item)
            grantee_type, field = _GRANTEE_KINDS[kind.lower()]
            grants.append({"Grantee": {"Type": grantee_type, field: value.strip().strip('"')},
                           "Permission": permission})
    return grants or None


def _policy_grants(policy: dict) -> list[dict]:
    """An AccessControlPolicy document's grants; S3 wants its Owner and known permissions."""
    grants = list(policy.get("Grants") or [])
    if "Owner" not in policy or any(grant.get("Permission") not in PERMISSIONS for grant in grants):
        raise exceptions.malformed_acl()
    return grants


def describe_acl(grants: list[dict] | None, account_id: str) -> dict[str, Any]:
    return {"Owner": owner(account_id), "Grants": grants if grants is not None else [_owner_grant(account_id)]}


def put_bucket_acl(ctx: RequestContext, Bucket: str, **params: Any) -> dict:
    def update(txn: Txn) -> None:
        bucket = require_bucket(txn, Bucket)
        grants = grants_from_request(params, bucket["account"])
        txn.put(bucket_key(Bucket), {**bucket, "config": {**bucket["config"], "acl": grants}})

    ctx.store.transact(update)
    return {}


def get_bucket_acl(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    return describe_acl(bucket["config"].get("acl"), bucket["account"])


def put_object_acl(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                   **params: Any) -> dict:
    def update(txn: Txn) -> None:
        _, record = require_bucket_and_object(txn, Bucket, Key)
        version = find_version(record, Key, VersionId, method="PUT")
        grants = grants_from_request(params, version["owner"])
        versions = [{**v, "acl": grants} if v is version else v for v in record["versions"]]
        txn.put(object_key(Bucket, Key), {"versions": versions})

    ctx.store.transact(update)
    return {}


def get_object_acl(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None, **_: Any) -> dict:
    bucket, record = require_bucket_and_object(ctx.store, Bucket, Key)
    version = find_version(record, Key, VersionId)
    return describe_acl(version.get("acl"), version["owner"])
