"""Bucket lifecycle: create, delete, head, list, location, versioning.

The bucket record is global (bucket names are unique across accounts and
regions); each account also has a lex index of its bucket names so that
ListBuckets pages in name order without scanning every bucket.
"""

from __future__ import annotations

import base64
import ipaddress
import re

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3 import exceptions
from moto_shared.services.s3.acl import grants_from_request
from moto_shared.services.s3.state import (
    account_buckets_index,
    all_keys_index,
    bucket_key,
    live_keys_index,
    owner,
    part_key,
    parts_index,
    prefix_end,
    require_bucket,
    upload_key,
    uploads_index,
)
from moto_shared.store.base import Txn

DEFAULT_REGION = "us-east-1"
_NAME_CHARS = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def _validate_name(bucket: str) -> None:
    """S3's general-purpose bucket naming rules."""
    valid = (
        _NAME_CHARS.match(bucket) is not None
        and ".." not in bucket
        and not bucket.startswith(_RESERVED_PREFIXES)
        and not bucket.endswith(_RESERVED_SUFFIXES)
        and not _is_ip_address(bucket)
    )
    if not valid:
        raise AWSError("InvalidBucketName", "The specified bucket is not valid.", 400, BucketName=bucket)


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return False
    return True


def _bucket_region(ctx: RequestContext, configuration: dict | None) -> str:
    """Where the bucket lives, checking LocationConstraint against the endpoint as S3 does."""
    constraint = (configuration or {}).get("LocationConstraint")
    if ctx.region == DEFAULT_REGION:
        if constraint == DEFAULT_REGION:
            raise AWSError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400)
        return constraint or DEFAULT_REGION
    if not constraint:
        raise AWSError(
            "IllegalLocationConstraintException",
            "The unspecified location constraint is incompatible for the region specific "
            "endpoint this request was sent to.",
            400,
        )
    if constraint != ctx.region:
        raise AWSError(
            "IllegalLocationConstraintException",
            f"The {constraint} location constraint is incompatible for the region specific "
            "endpoint this request was sent to.",
            400,
        )
    return constraint


def _check_account_regional_name(bucket: str, account_id: str, region: str) -> None:
    """A bucket in the account regional namespace is named `<prefix>-<account id>-<region>-an`.

    The error code is the one Moto uses; S3's documentation names none.
    """
    suffix = f"-{account_id}-{region}-an"
    if not bucket.endswith(suffix) or len(bucket) == len(suffix):
        raise AWSError("InvalidNamespaceHeader", f"Bucket names in the account regional namespace must end with "
                       f"'{suffix}'", 400, BucketName=bucket)


def create_bucket(ctx: RequestContext, Bucket: str, CreateBucketConfiguration: dict | None = None,
                  ObjectLockEnabledForBucket: bool = False, ObjectOwnership: str | None = None, **params) -> dict:
    _validate_name(Bucket)
    region = _bucket_region(ctx, CreateBucketConfiguration)
    if params.get("BucketNamespace") == "account-regional":
        _check_account_regional_name(Bucket, ctx.account_id, region)
    config = {"acl": grants_from_request(params, ctx.account_id)}
    if ObjectOwnership:
        config["ownership"] = {"Rules": [{"ObjectOwnership": ObjectOwnership}]}
    record = {
        "name": Bucket,
        "account": ctx.account_id,
        "region": region,
        "created": ctx.now(),
        # Object Lock needs versioning, so S3 enables it along with the lock.
        "versioning": "Enabled" if ObjectLockEnabledForBucket else None,
        "object_lock": bool(ObjectLockEnabledForBucket),
        "config": {name: value for name, value in config.items() if value is not None},
    }

    def create(txn: Txn) -> None:
        existing = txn.get(bucket_key(Bucket))
        if existing is None:
            txn.put(bucket_key(Bucket), record)
            txn.lex_add(account_buckets_index(ctx.account_id), Bucket)
            return
        if existing["account"] != ctx.account_id:
            raise AWSError(
                "BucketAlreadyExists",
                "The requested bucket name is not available. The bucket namespace is shared by all "
                "users of the system. Please select a different name and try again.",
                409,
                BucketName=Bucket,
            )
        # us-east-1 keeps its legacy answer: re-creating your own bucket there succeeds.
        if not (existing["region"] == DEFAULT_REGION and ctx.region == DEFAULT_REGION):
            raise AWSError(
                "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.",
                409,
                BucketName=Bucket,
            )

    ctx.store.transact(create)
    return {"Location": f"/{Bucket}" if region == DEFAULT_REGION else f"{ctx.scheme}://{Bucket}.s3.amazonaws.com/",
            "BucketArn": f"arn:{ctx.partition}:s3:::{Bucket}"}


def delete_bucket(ctx: RequestContext, Bucket: str, **_) -> dict:
    def delete(txn: Txn) -> None:
        bucket = require_bucket(txn, Bucket)
        if txn.index_size(all_keys_index(Bucket)):
            message = "The bucket you tried to delete is not empty"
            if bucket.get("versioning"):
                message += ". You must delete all versions in the bucket."
            raise AWSError("BucketNotEmpty", message, 409, BucketName=Bucket)
        _abort_all_uploads(txn, Bucket)
        txn.delete(bucket_key(Bucket))
        txn.drop_index(live_keys_index(Bucket), all_keys_index(Bucket))
        txn.lex_remove(account_buckets_index(bucket["account"]), Bucket)

    ctx.store.transact(delete)
    return {}


def _abort_all_uploads(txn: Txn, bucket: str) -> None:
    """Deleting a bucket discards its unfinished multipart uploads and their parts."""
    for member in txn.lex_range(uploads_index(bucket)):
        upload_id = member.rsplit("\0", 1)[1]
        numbers = [int(number) for number, _ in txn.score_range(parts_index(bucket, upload_id))]
        parts = txn.get_many([part_key(bucket, upload_id, n) for n in numbers])
        txn.blob_delete(*(part["blob"] for part in parts if part))
        txn.delete(upload_key(bucket, upload_id), *(part_key(bucket, upload_id, n) for n in numbers))
        txn.drop_index(parts_index(bucket, upload_id))
    txn.drop_index(uploads_index(bucket))


def head_bucket(ctx: RequestContext, Bucket: str, **_) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    return {"BucketRegion": bucket["region"], "AccessPointAlias": False}


def get_bucket_location(ctx: RequestContext, Bucket: str, **_) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    return {"LocationConstraint": None if bucket["region"] == DEFAULT_REGION else bucket["region"]}


def _encode_token(name: str) -> str:
    return base64.urlsafe_b64encode(name.encode()).decode()


def _decode_token(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        raise exceptions.invalid_argument("The continuation token provided is incorrect",
                                          "continuation-token", token) from None


def list_buckets(ctx: RequestContext, MaxBuckets: int | None = None, ContinuationToken: str | None = None,
                 Prefix: str | None = None, BucketRegion: str | None = None, **_) -> dict:
    if MaxBuckets is not None and not 1 <= MaxBuckets <= 10000:
        raise exceptions.invalid_argument("Argument max-buckets must be an integer between 1 and 10000",
                                          "max-buckets", str(MaxBuckets))
    limit = MaxBuckets or 10000
    index = account_buckets_index(ctx.account_id)
    after = _decode_token(ContinuationToken) if ContinuationToken else None
    start = max(after or "", Prefix or "")
    stop = prefix_end(Prefix) if Prefix else None
    page: list[dict] = []
    more = False
    while len(page) < limit + 1:
        names = ctx.store.lex_range(index, start, stop, start_inclusive=start != after, limit=limit + 1)
        if not names:
            break
        records = ctx.store.get_many([bucket_key(name) for name in names])
        page.extend(r for r in records if r and (BucketRegion is None or r["region"] == BucketRegion))
        if len(names) <= limit:
            break
        start = after = names[-1]
    if len(page) > limit:
        page, more = page[:limit], True
    result = {
        "Buckets": [
            {"Name": r["name"], "CreationDate": r["created"], "BucketRegion": r["region"],
             "BucketArn": f"arn:{ctx.partition}:s3:::{r['name']}"}
            for r in page
        ],
        "Owner": owner(ctx.account_id),
    }
    if Prefix is not None:
        result["Prefix"] = Prefix
    if more:
        result["ContinuationToken"] = _encode_token(page[-1]["name"])
    return result


def put_bucket_versioning(ctx: RequestContext, Bucket: str, VersioningConfiguration: dict, **_) -> dict:
    status = VersioningConfiguration.get("Status")
    if status not in ("Enabled", "Suspended"):
        raise exceptions.malformed_xml()

    def update(txn: Txn) -> None:
        bucket = require_bucket(txn, Bucket)
        if bucket.get("object_lock") and status == "Suspended":
            raise AWSError("InvalidBucketState",
                           "An Object Lock configuration is present on this bucket, so the versioning "
                           "state cannot be changed.", 409)
        txn.put(bucket_key(Bucket), {**bucket, "versioning": status,
                                     "mfa_delete": VersioningConfiguration.get("MFADelete")})

    ctx.store.transact(update)
    return {}


def get_bucket_versioning(ctx: RequestContext, Bucket: str, **_) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    if not bucket.get("versioning"):
        return {}
    result = {"Status": bucket["versioning"]}
    if bucket.get("mfa_delete"):
        result["MFADelete"] = bucket["mfa_delete"]
    return result
