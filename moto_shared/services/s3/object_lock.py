"""Object Lock: bucket defaults, per-version retention and legal holds, enforced on version deletes.

A version's lock lives in its record as ``lock``: ``{"mode", "until", "hold"}``
(retention mode and date, legal hold "ON"/"OFF"), so reads and deletes get it
with the version at no extra read.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3 import exceptions
from moto_shared.services.s3.state import bucket_key, find_version, object_key, require_bucket, require_bucket_and_object
from moto_shared.store.base import Txn

DAYS_PER_YEAR = 365


def put_object_lock_configuration(ctx: RequestContext, Bucket: str, ObjectLockConfiguration: dict | None = None,
                                  **_: Any) -> dict:
    if ObjectLockConfiguration is None:
        raise AWSError("MissingRequestBodyError", "Request Body is empty", 400)
    if ObjectLockConfiguration.get("ObjectLockEnabled") != "Enabled":
        raise exceptions.malformed_xml()

    def update(txn: Txn) -> None:
        bucket = require_bucket(txn, Bucket)
        if bucket.get("versioning") != "Enabled":
            raise AWSError("InvalidBucketState",
                           "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", 409)
        config = {**bucket["config"], "object_lock": ObjectLockConfiguration}
        txn.put(bucket_key(Bucket), {**bucket, "object_lock": True, "config": config})

    ctx.store.transact(update)
    return {}


def get_object_lock_configuration(ctx: RequestContext, Bucket: str, **_: Any) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    if not bucket.get("object_lock"):
        raise AWSError("ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this "
                       "bucket", 404, BucketName=Bucket)
    return {"ObjectLockConfiguration": bucket["config"].get("object_lock", {"ObjectLockEnabled": "Enabled"})}


def requested_lock(params: dict) -> dict | None:
    """The lock a write asks for in its own headers, if any."""
    if params.get("ObjectLockMode") or params.get("ObjectLockLegalHoldStatus"):
        return {"mode": params.get("ObjectLockMode"), "until": params.get("ObjectLockRetainUntilDate"),
                "hold": params.get("ObjectLockLegalHoldStatus")}
    return None


def default_lock(bucket: dict, clock: Callable[[], datetime]) -> dict | None:
    """The bucket's default retention, which a new version gets when its write asks for no lock.

    clock gives the time the retention counts from (most buckets have none: no need to read it).
    """
    default = bucket["config"].get("object_lock", {}).get("Rule", {}).get("DefaultRetention")
    if not default:
        return None
    days = default.get("Days") or DAYS_PER_YEAR * default.get("Years", 0)
    return {"mode": default.get("Mode"), "until": clock() + timedelta(days=days), "hold": None}


def lock_members(version: dict) -> dict[str, Any]:
    """The ObjectLock* members GetObject, HeadObject and CopyObject sources show."""
    lock = version.get("lock") or {}
    members: dict[str, Any] = {}
    if lock.get("mode"):
        members.update(ObjectLockMode=lock["mode"], ObjectLockRetainUntilDate=lock["until"])
    if lock.get("hold"):
        members["ObjectLockLegalHoldStatus"] = lock["hold"]
    return members


def check_deletable(version: dict, bypass_governance: bool, now: datetime) -> None:
    """A version under legal hold or unexpired retention can't be deleted (GOVERNANCE yields to the bypass)."""
    lock = version.get("lock") or {}
    retained = lock.get("mode") and lock.get("until") and lock["until"] > now
    if lock.get("hold") == "ON" or (retained and not (lock["mode"] == "GOVERNANCE" and bypass_governance)):
        raise exceptions.access_denied()


def _update_lock(ctx: RequestContext, bucket_name: str, key: str, version_id: str | None, **changes: Any) -> None:
    def update(txn: Txn) -> None:
        bucket = require_bucket(txn, bucket_name)
        if not bucket.get("object_lock"):
            raise exceptions.invalid_request("Bucket is missing Object Lock Configuration")
        record = txn.get(object_key(bucket_name, key))
        version = find_version(record, key, version_id, method="PUT")
        lock = {"mode": None, "until": None, "hold": None, **(version.get("lock") or {}), **changes}
        versions = [{**v, "lock": lock} if v is version else v for v in record["versions"]]
        txn.put(object_key(bucket_name, key), {"versions": versions})

    ctx.store.transact(update)


def _read_version(ctx: RequestContext, bucket_name: str, key: str, version_id: str | None) -> dict:
    bucket, record = require_bucket_and_object(ctx.store, bucket_name, key)
    return find_version(record, key, version_id)


def put_object_legal_hold(ctx: RequestContext, Bucket: str, Key: str, LegalHold: dict | None = None,
                          VersionId: str | None = None, **_: Any) -> dict:
    if not LegalHold or LegalHold.get("Status") not in ("ON", "OFF"):
        raise exceptions.malformed_xml()
    _update_lock(ctx, Bucket, Key, VersionId, hold=LegalHold["Status"])
    return {}


def get_object_legal_hold(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                          **_: Any) -> dict:
    hold = (_read_version(ctx, Bucket, Key, VersionId).get("lock") or {}).get("hold")
    if not hold:
        raise AWSError("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock "
                       "configuration", 404)
    return {"LegalHold": {"Status": hold}}


def put_object_retention(ctx: RequestContext, Bucket: str, Key: str, Retention: dict | None = None,
                         VersionId: str | None = None, **_: Any) -> dict:
    retention = Retention or {}
    _update_lock(ctx, Bucket, Key, VersionId, mode=retention.get("Mode"), until=retention.get("RetainUntilDate"))
    return {}


def get_object_retention(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                         **_: Any) -> dict:
    lock = _read_version(ctx, Bucket, Key, VersionId).get("lock") or {}
    if not lock.get("mode"):
        raise AWSError("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock "
                       "configuration", 404)
    return {"Retention": {"Mode": lock["mode"], "RetainUntilDate": lock["until"]}}
