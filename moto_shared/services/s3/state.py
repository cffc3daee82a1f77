"""Where S3 keeps its data in the store, and the version-list rules every write shares.

Bucket names are global (one name, one owner, across accounts and regions),
so everything hanging off a bucket is keyed by the bucket name alone:

* ``s3|bucket|<name>``: the bucket record (owner, region, versioning, configurations).
* ``s3|<account>|buckets``: lex index of the account's bucket names (ListBuckets).
* ``s3|object|<bucket>|<key>``: the object record, ``{"versions": [newest first]}``.
* ``s3|live|<bucket>``: lex index of keys whose newest version is an object (ListObjects).
* ``s3|keys|<bucket>``: lex index of keys with any version (ListObjectVersions).
* ``s3|upload|<bucket>|<upload id>`` and ``s3|uploads|<bucket>`` (``key NUL upload id``):
  multipart uploads; ``s3|part|<bucket>|<upload id>|<n>`` and the score index
  ``s3|parts|<bucket>|<upload id>``: their parts.

A version is a dict: ``id``, ``dm`` (delete marker), ``mtime``, ``owner`` and, for
objects, ``etag``, ``size``, ``blobs`` (``[[blob id, size], ...]``: one per part,
so a completed multipart upload references its part blobs without copying),
``headers`` (Content-Type & co.), ``meta``, ``tags``, ``sc`` (storage class) and
``checksum`` (``{"algorithm", "value", "type"}`` or None).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from moto_shared.services.s3 import exceptions
from moto_shared.store.base import Txn

NULL_VERSION = "null"
VERSION_ID_LENGTH = 32


def bucket_key(bucket: str) -> str:
    return f"s3|bucket|{bucket}"


def account_buckets_index(account_id: str) -> str:
    return f"s3|{account_id}|buckets"


def object_key(bucket: str, key: str) -> str:
    return f"s3|object|{bucket}|{key}"


def live_keys_index(bucket: str) -> str:
    return f"s3|live|{bucket}"


def all_keys_index(bucket: str) -> str:
    return f"s3|keys|{bucket}"


def upload_key(bucket: str, upload_id: str) -> str:
    return f"s3|upload|{bucket}|{upload_id}"


def uploads_index(bucket: str) -> str:
    return f"s3|uploads|{bucket}"


def part_key(bucket: str, upload_id: str, part_number: int) -> str:
    return f"s3|part|{bucket}|{upload_id}|{part_number}"


def parts_index(bucket: str, upload_id: str) -> str:
    return f"s3|parts|{bucket}|{upload_id}"


def prefix_end(prefix: str) -> str | None:
    """The smallest string greater than every string starting with prefix (None: no bound)."""
    while prefix:
        last = ord(prefix[-1])
        if last < 0x10FFFF:
            return prefix[:-1] + chr(last + 1)
        prefix = prefix[:-1]
    return None


def new_version_id() -> str:
    return secrets.token_urlsafe(VERSION_ID_LENGTH * 3 // 4)


def require_bucket(reads, bucket: str) -> dict:
    """The bucket record, read through a Namespace or a Txn, or NoSuchBucket."""
    record = reads.get(bucket_key(bucket))
    if record is None:
        raise exceptions.no_such_bucket(bucket)
    return record


def require_bucket_and_object(reads, bucket: str, key: str) -> tuple[dict, dict | None]:
    """The bucket record and the key's object record (None if there is none) in one read, or NoSuchBucket."""
    bucket_record, record = reads.get_many([bucket_key(bucket), object_key(bucket, key)])
    if bucket_record is None:
        raise exceptions.no_such_bucket(bucket)
    return bucket_record, record


def find_version(record: dict | None, key: str, version_id: str | None, method: str = "GET") -> dict:
    """The version a request names: the newest one, or the one with version_id.

    The newest version being a delete marker reads as NoSuchKey, with the
    headers S3 adds so clients can tell a deleted key from a missing one.
    """
    versions = record["versions"] if record else []
    if version_id is None:
        if not versions:
            raise exceptions.no_such_key(key)
        newest = versions[0]
        if newest["dm"]:
            error = exceptions.no_such_key(key)
            error.headers = {"x-amz-delete-marker": "true", "x-amz-version-id": newest["id"]}
            raise error
        return newest
    for version in versions:
        if version["id"] == version_id:
            if version["dm"]:
                # A delete marker's version can only be deleted, which the Allow header says.
                raise exceptions.method_not_allowed({"x-amz-delete-marker": "true", "x-amz-version-id": version_id,
                                                     "Allow": "DELETE"}, method)
            return version
    check_version_id_format(version_id)
    raise exceptions.no_such_version(key, version_id)


def check_version_id_format(version_id: str) -> None:
    """A version id we could never have issued is InvalidArgument, not NoSuchVersion."""
    if version_id != NULL_VERSION and len(version_id) != VERSION_ID_LENGTH:
        raise exceptions.invalid_argument("Invalid version id specified", "versionId", version_id)


def current_object(record: dict | None) -> dict | None:
    """The key's newest version if it is an object (not a delete marker)."""
    if record and record["versions"] and not record["versions"][0]["dm"]:
        return record["versions"][0]
    return None


def blob_ids(version: dict) -> list[str]:
    return [blob_id for blob_id, _ in version.get("blobs", ())]


def add_version(txn: Txn, bucket: dict, key: str, record: dict | None, version: dict) -> None:
    """Make version the key's newest, as the bucket's versioning state says.

    Unversioned and suspended buckets keep one "null" version: the new one
    replaces it (its blobs are freed). Enabled buckets keep every version.
    """
    previous = record["versions"] if record else []
    versions = previous
    if version["id"] == NULL_VERSION:
        txn.blob_delete(*(blob for old in previous if old["id"] == NULL_VERSION for blob in blob_ids(old)))
        versions = [old for old in previous if old["id"] != NULL_VERSION]
    write_versions(txn, bucket["name"], key, [version, *versions], previous)


def write_versions(txn: Txn, bucket: str, key: str, versions: list[dict], previous: list[dict]) -> None:
    """Store a key's version list and keep both key indexes in step with it.

    previous is the list the transaction read: an index is written only where the key's place in
    it changes (an overwrite, the usual write, changes neither).
    """
    if not versions:
        txn.delete(object_key(bucket, key))
        txn.lex_remove(live_keys_index(bucket), key)
        txn.lex_remove(all_keys_index(bucket), key)
        return
    txn.put(object_key(bucket, key), {"versions": versions})
    if not previous:
        txn.lex_add(all_keys_index(bucket), key)
    was_live = bool(previous) and not previous[0]["dm"]
    if versions[0]["dm"]:
        if was_live:
            txn.lex_remove(live_keys_index(bucket), key)
    elif not was_live:
        txn.lex_add(live_keys_index(bucket), key)


def version_id_for_write(bucket: dict) -> str:
    return new_version_id() if bucket.get("versioning") == "Enabled" else NULL_VERSION


def reported_version_id(bucket: dict, version: dict) -> str | None:
    """The x-amz-version-id S3 sends: none for buckets that never had versioning."""
    return version["id"] if bucket.get("versioning") else None


def owner(account_id: str) -> dict[str, Any]:
    return {"DisplayName": "webfile", "ID": account_canonical_id(account_id)}


def account_canonical_id(account_id: str) -> str:
    """A stable 64-hex canonical user id per account, as S3 shows owners."""
    return hashlib.sha256(f"canonical-{account_id}".encode()).hexdigest()
