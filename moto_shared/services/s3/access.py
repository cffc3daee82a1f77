"""Reading and writing S3 objects from other services (DynamoDB's ImportTable and ExportTableToPointInTime).

Each function goes through the S3 operation a client would call (GetObject,
ListObjectsV2, PutObject) with a context of its own, so buckets, versioning,
default encryption and event notifications behave exactly as for a client's
request. Errors are S3's `AWSError`s (`NoSuchBucket`, `NoSuchKey`), which the
caller turns into its own failure reports.
"""

from __future__ import annotations

import uuid
from typing import Iterator

from moto_shared.context import RequestContext
from moto_shared.services.s3.listing import list_objects_v2
from moto_shared.services.s3.objects import get_object, put_object
from moto_shared.store.base import Namespace


def _context(store: Namespace, account_id: str, region: str, operation: str, partition: str) -> RequestContext:
    return RequestContext(service="s3", operation=operation, region=region, account_id=account_id,
                          request_id=str(uuid.uuid4()), store=store, partition=partition)


def get_object_bytes(store: Namespace, account_id: str, bucket: str, key: str, *, region: str = "us-east-1",
                     partition: str = "aws") -> bytes:
    """The whole current version of an object; NoSuchBucket / NoSuchKey as S3 raises them."""
    body = get_object(_context(store, account_id, region, "GetObject", partition), Bucket=bucket, Key=key)["Body"]
    return body if isinstance(body, bytes) else b"".join(body)


def list_keys(store: Namespace, account_id: str, bucket: str, prefix: str = "", *, region: str = "us-east-1",
              partition: str = "aws") -> Iterator[str]:
    """Every live key under prefix, in S3's order, a listing page at a time; NoSuchBucket if it is missing."""
    ctx = _context(store, account_id, region, "ListObjectsV2", partition)
    token = None
    while True:
        page = list_objects_v2(ctx, Bucket=bucket, Prefix=prefix,
                               **({"ContinuationToken": token} if token else {}))
        yield from (entry["Key"] for entry in page["Contents"])
        token = page.get("NextContinuationToken")
        if not token:
            return


def put_object_bytes(store: Namespace, account_id: str, bucket: str, key: str, body: bytes, *,
                     content_type: str | None = None, region: str = "us-east-1", partition: str = "aws") -> str:
    """Write an object as PutObject does (owner account_id); returns its ETag. NoSuchBucket if it is missing."""
    params = {"ContentType": content_type} if content_type else {}
    ctx = _context(store, account_id, region, "PutObject", partition)
    return put_object(ctx, Bucket=bucket, Key=key, Body=body, **params)["ETag"]
