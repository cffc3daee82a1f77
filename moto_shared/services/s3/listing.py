"""ListObjects, ListObjectsV2 and ListObjectVersions over the per-bucket lex indexes.

A page costs O(log n + page) whatever the bucket's size: the walk starts at
the prefix or marker with `lex_range`, and with a delimiter it jumps over a
whole common prefix (to the first string after `prefix...delimiter`) instead
of reading the keys under it.
"""

from __future__ import annotations

import base64
import os
from itertools import islice
from typing import Any, Iterator
from urllib.parse import quote_plus

from moto_shared.context import RequestContext
from moto_shared.services.s3 import exceptions
from moto_shared.services.s3.state import (
    all_keys_index,
    live_keys_index,
    object_key,
    owner,
    prefix_end,
    require_bucket,
)
from moto_shared.store.base import Namespace

MAX_PAGE = 1000
#: Moto's setting for the page size of listings that don't give MaxKeys; read per call.
DEFAULT_PAGE_ENV = "MOTO_S3_DEFAULT_MAX_KEYS"
_FIRST_DELIMITED_BATCH = 16
#: Keys whose version lists ListObjectVersions reads in one round trip.
_VERSION_RECORDS_PER_READ = 100


def walk(store: Namespace, index: str, prefix: str, delimiter: str | None, start: str | None,
         inclusive: bool, batch: int) -> Iterator[tuple[str, bool]]:
    """(member, is_common_prefix) pairs of an index, in order, from start on, under prefix.

    A common prefix that sorts before start (or equals it, when exclusive) was
    already returned by an earlier page, so it is skipped too. Members may end
    with NUL and an id (the uploads index); only the part before NUL is a key.
    With a delimiter, reads start small and grow while no common prefix shows
    up, since a jump discards the rest of the batch.
    """
    if start is None or start < prefix:
        start, inclusive = prefix, True
    stop = prefix_end(prefix)
    size = min(batch, _FIRST_DELIMITED_BATCH) if delimiter else batch
    while True:
        members = store.lex_range(index, start or None, stop, start_inclusive=inclusive, limit=size)
        jumped = False
        for member in members:
            key_end = member.find("\0")
            cut = member.find(delimiter, len(prefix), len(member) if key_end < 0 else key_end) if delimiter else -1
            if cut < 0:
                yield member, False
                continue
            common = member[: cut + len(delimiter)]
            if common > start or (inclusive and common == start):
                yield common, True
            start, inclusive = prefix_end(common), True
            if start is None:
                return
            jumped = True
            break
        if jumped:
            size = min(batch, _FIRST_DELIMITED_BATCH)
            continue
        if len(members) < size:
            return
        start, inclusive = members[-1], False
        size = min(batch, size * 2)


def take(entries: Iterator[tuple[str, bool]], limit: int) -> tuple[list[tuple[str, bool]], bool]:
    """Up to limit entries, and whether more were left."""
    items: list[tuple[str, bool]] = []
    if limit == 0:
        return items, False
    for entry in entries:
        if len(items) == limit:
            return items, True
        items.append(entry)
    return items, False


def default_page_size() -> int:
    return int(os.environ.get(DEFAULT_PAGE_ENV) or MAX_PAGE)


def page_size(max_keys: int | None) -> int:
    if max_keys is None:
        return default_page_size()
    if max_keys < 0:
        raise exceptions.invalid_argument("Argument maxKeys must be an integer between 0 and 2147483647",
                                          "maxKeys", str(max_keys))
    return min(max_keys, MAX_PAGE)


def encoder(encoding_type: str | None):
    """How names go out: as they are, or URL-encoded (S3 encodes spaces as '+')."""
    if encoding_type is None:
        return lambda value: value
    if encoding_type != "url":
        raise exceptions.invalid_argument("Invalid Encoding Method specified in Request", "encoding-type",
                                          encoding_type)
    return lambda value: quote_plus(value, safe="/") if value is not None else None


def _list_live(ctx: RequestContext, bucket: str, prefix: str, delimiter: str | None, after: str | None,
               max_keys: int) -> tuple[list[tuple[str, dict]], list[str], bool, str | None]:
    """One page of live keys: (contents, common prefixes, truncated, last member returned)."""
    items, truncated = take(walk(ctx.store, live_keys_index(bucket), prefix, delimiter, after, False, max_keys + 1),
                            max_keys)
    keys = [name for name, is_common in items if not is_common]
    records = dict(zip(keys, ctx.store.get_many([object_key(bucket, key) for key in keys])))
    contents = [(key, records[key]["versions"][0]) for key in keys
                if records[key] and not records[key]["versions"][0]["dm"]]
    commons = [name for name, is_common in items if is_common]
    return contents, commons, truncated, items[-1][0] if items else None


def _object_fields(version: dict) -> dict[str, Any]:
    """What a listing shows of an object version (not a delete marker)."""
    fields: dict[str, Any] = {"ETag": version["etag"], "Size": version["size"], "StorageClass": version["sc"]}
    if version["checksum"]:
        fields["ChecksumAlgorithm"] = [version["checksum"]["algorithm"]]
        fields["ChecksumType"] = version["checksum"]["type"]
    return fields


def _content_entry(key: str, version: dict, encode, with_owner: bool) -> dict:
    entry = {"Key": encode(key), "LastModified": version["mtime"], **_object_fields(version)}
    if with_owner:
        entry["Owner"] = owner(version["owner"])
    return entry


def _listing_header(bucket: str, prefix: str, delimiter: str | None, max_keys: int | None,
                    encoding_type: str | None, encode) -> dict:
    result: dict[str, Any] = {"Name": bucket, "Prefix": encode(prefix),
                              "MaxKeys": default_page_size() if max_keys is None else max_keys}
    if delimiter is not None:
        result["Delimiter"] = encode(delimiter)
    if encoding_type is not None:
        result["EncodingType"] = encoding_type
    return result


def list_objects_v2(ctx: RequestContext, Bucket: str, Prefix: str = "", Delimiter: str | None = None,
                    MaxKeys: int | None = None, ContinuationToken: str | None = None, StartAfter: str | None = None,
                    FetchOwner: bool = False, EncodingType: str | None = None, **_: Any) -> dict:
    encode = encoder(EncodingType)
    require_bucket(ctx.store, Bucket)
    after = _decode_token(ContinuationToken) if ContinuationToken is not None else StartAfter
    contents, commons, truncated, last = _list_live(ctx, Bucket, Prefix, Delimiter or None, after,
                                                    page_size(MaxKeys))
    result = _listing_header(Bucket, Prefix, Delimiter, MaxKeys, EncodingType, encode)
    result.update(
        IsTruncated=truncated,
        KeyCount=len(contents) + len(commons),
        Contents=[_content_entry(key, version, encode, FetchOwner) for key, version in contents],
        CommonPrefixes=[{"Prefix": encode(common)} for common in commons],
    )
    if ContinuationToken is not None:
        result["ContinuationToken"] = ContinuationToken
    if StartAfter is not None and ContinuationToken is None:  # a token overrides StartAfter, which S3 then omits
        result["StartAfter"] = encode(StartAfter)
    if truncated:
        result["NextContinuationToken"] = base64.urlsafe_b64encode(last.encode()).decode()
    return result


def _decode_token(token: str) -> str:
    try:
        if not token:
            raise ValueError("empty continuation token")
        return base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        raise exceptions.invalid_argument("The continuation token provided is incorrect", "continuation-token",
                                          token) from None


def list_objects(ctx: RequestContext, Bucket: str, Prefix: str = "", Delimiter: str | None = None,
                 MaxKeys: int | None = None, Marker: str | None = None, EncodingType: str | None = None,
                 **_: Any) -> dict:
    encode = encoder(EncodingType)
    require_bucket(ctx.store, Bucket)
    contents, commons, truncated, last = _list_live(ctx, Bucket, Prefix, Delimiter or None, Marker or None,
                                                    page_size(MaxKeys))
    result = _listing_header(Bucket, Prefix, Delimiter, MaxKeys, EncodingType, encode)
    result.update(
        Marker=encode(Marker or ""),
        IsTruncated=truncated,
        Contents=[_content_entry(key, version, encode, True) for key, version in contents],
        CommonPrefixes=[{"Prefix": encode(common)} for common in commons],
    )
    if truncated and Delimiter:
        result["NextMarker"] = encode(last)
    return result


def list_object_versions(ctx: RequestContext, Bucket: str, Prefix: str = "", Delimiter: str | None = None,
                         MaxKeys: int | None = None, KeyMarker: str | None = None,
                         VersionIdMarker: str | None = None, EncodingType: str | None = None, **_: Any) -> dict:
    encode = encoder(EncodingType)
    require_bucket(ctx.store, Bucket)
    if VersionIdMarker and not KeyMarker:
        raise exceptions.invalid_argument("A version-id marker cannot be specified without a key marker.",
                                          "version-id-marker", VersionIdMarker)
    limit = page_size(MaxKeys)
    versions: list[dict] = []
    markers: list[dict] = []
    commons: list[str] = []
    last: tuple[str, str | None] | None = None
    truncated = False
    entries = walk(ctx.store, all_keys_index(Bucket), Prefix, Delimiter or None, KeyMarker,
                   bool(VersionIdMarker), limit + 1)
    while not truncated and (batch := list(islice(entries, min(limit + 1, _VERSION_RECORDS_PER_READ)))):
        keys = [name for name, is_common in batch if not is_common]
        records = dict(zip(keys, ctx.store.get_many([object_key(Bucket, key) for key in keys])))
        for name, is_common in batch:
            if len(versions) + len(markers) + len(commons) == limit:
                truncated = True
                break
            if is_common:
                commons.append(name)
                last = (name, None)
                continue
            history = (records[name] or {"versions": []})["versions"]
            skip = 0
            if name == KeyMarker and VersionIdMarker:
                skip = next((i + 1 for i, v in enumerate(history) if v["id"] == VersionIdMarker), 0)
            for position in range(skip, len(history)):
                if len(versions) + len(markers) + len(commons) == limit:
                    truncated = True
                    break
                version = history[position]
                entry = {"Key": encode(name), "VersionId": version["id"], "IsLatest": position == 0,
                         "LastModified": version["mtime"], "Owner": owner(version["owner"])}
                if version["dm"]:
                    markers.append(entry)
                else:
                    versions.append({**entry, **_object_fields(version)})
                last = (name, version["id"])
            if truncated:
                break
    result = _listing_header(Bucket, Prefix, Delimiter, MaxKeys, EncodingType, encode)
    result.update(
        KeyMarker=encode(KeyMarker or ""),
        VersionIdMarker=VersionIdMarker or "",
        IsTruncated=truncated,
        Versions=versions,
        DeleteMarkers=markers,
        CommonPrefixes=[{"Prefix": encode(common)} for common in commons],
    )
    if truncated and last:
        result["NextKeyMarker"] = encode(last[0])
        if last[1] is not None:
            result["NextVersionIdMarker"] = last[1]
    return result
