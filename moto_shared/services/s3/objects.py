"""Object operations: put, get, head, copy, delete (one or many) and object tagging.

Every write is one store transaction over the bucket record and the key's
version list, so conditional writes (If-None-Match: *, If-Match) have exactly
one winner across threads and processes. Bodies are stored as blobs before
that transaction; a write that loses frees its blob.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any, Callable
from urllib.parse import unquote

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.protocol import ResultWithStatus
from moto_shared.services.s3 import exceptions, notifications
from moto_shared.services.s3.acl import grants_from_request
from moto_shared.services.s3.content import (
    Content,
    object_body,
    parse_range,
    read_blobs,
    receive_body,
    requested_algorithm,
    store_chunks,
)
from moto_shared.services.s3.object_lock import check_deletable, default_lock, lock_members, requested_lock
from moto_shared.services.s3.policy import check_not_denied
from moto_shared.services.s3.state import (
    NULL_VERSION,
    add_version,
    blob_ids,
    current_object,
    find_version,
    new_version_id,
    object_key,
    check_version_id_format,
    reported_version_id,
    require_bucket,
    require_bucket_and_object,
    version_id_for_write,
    write_versions,
)
from moto_shared.services.s3.tagging import MAX_OBJECT_TAGS, parse_tagging_header, tag_set, validate_tag_set
from moto_shared.store.base import Txn

#: Representation headers stored with an object and returned by GET/HEAD.
CONTENT_HEADERS = (
    "ContentType",
    "ContentEncoding",
    "ContentDisposition",
    "ContentLanguage",
    "CacheControl",
    "Expires",
    "WebsiteRedirectLocation",
)
STORAGE_CLASSES = frozenset({
    "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER",
    "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE", "FSX_OPENZFS", "FSX_ONTAP",
})
ARCHIVED_STORAGE_CLASSES = frozenset({"GLACIER", "DEEP_ARCHIVE"})
MAX_METADATA_BYTES = 2048


def _validated_metadata(metadata: dict | None) -> dict[str, str]:
    if not metadata:
        return {}
    metadata = {key.lower(): value for key, value in metadata.items()}
    if sum(len(key) + len(value) for key, value in metadata.items()) > MAX_METADATA_BYTES:
        raise AWSError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size", 400,
                       MaxSizeAllowed=str(MAX_METADATA_BYTES))
    return metadata


def _validated_storage_class(storage_class: str | None) -> str:
    if storage_class is None:
        return "STANDARD"
    if storage_class not in STORAGE_CLASSES:
        raise AWSError("InvalidStorageClass", "The storage class you specified is not valid", 400,
                       StorageClassRequested=storage_class)
    return storage_class


def describe_write(params: dict, account_id: str) -> dict[str, Any]:
    """The non-content attributes a write asks for (headers, metadata, tags, class, encryption, ACL, lock).

    Validated before the body is read. What the bucket adds when the request is
    silent (default encryption and retention) comes later, from `with_bucket_defaults`.
    """
    return {
        "acl": grants_from_request(params, account_id),
        "headers": {name: params[name] for name in CONTENT_HEADERS if params.get(name) is not None},
        "meta": _validated_metadata(params.get("Metadata")),
        "tags": parse_tagging_header(params.get("Tagging")),
        "sc": _validated_storage_class(params.get("StorageClass")),
        "sse": params.get("ServerSideEncryption"),
        "kms_key": params.get("SSEKMSKeyId"),
        "bucket_key": params.get("BucketKeyEnabled"),
        "lock": requested_lock(params),
    }


def with_bucket_defaults(attributes: dict, bucket: dict, clock: Callable[[], datetime]) -> dict:
    """attributes (or a version) with the bucket's default encryption and retention where the write named none.

    clock gives the time a default retention counts from, read only when there is one.
    """
    return {**attributes, "sse": attributes["sse"] or default_encryption(bucket),
            "lock": attributes["lock"] or default_lock(bucket, clock)}


def default_encryption(bucket: dict) -> str:
    """Every S3 bucket encrypts by default (SSE-S3) unless its encryption configuration says otherwise."""
    rules = bucket["config"].get("encryption", {}).get("Rules") or [{}]
    return rules[0].get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm", "AES256")


def object_version(ctx: RequestContext, content: Content | None, attributes: dict, **extra: Any) -> dict:
    """A version record; `write_new_version` gives it its id, from the bucket's versioning state."""
    version = {"id": None, "dm": False, "mtime": ctx.now().replace(microsecond=0), "owner": ctx.account_id,
               "parts_count": None, **attributes, **extra}
    if content is not None:
        version.update(etag=content.etag, size=content.size, blobs=[[content.blob_id, content.size]],
                       checksum=content.checksum)
    return version


def etag_matches(condition: str, etag: str) -> bool:
    """If-Match / If-None-Match: "*" or a comma-separated list of (optionally quoted, weak) ETags."""
    wanted = etag.strip('"')
    for candidate in condition.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/").strip('"') == wanted:
            return True
    return False


def check_write_conditions(current: dict | None, key: str, if_match: str | None, if_none_match: str | None) -> None:
    if if_none_match is not None:
        if if_none_match != "*":
            raise AWSError("NotImplemented", "A header you provided implies functionality that is not implemented",
                           501, Header="If-None-Match")
        if current is not None:
            raise exceptions.precondition_failed("If-None-Match")
    if if_match is not None:
        if current is None:
            raise exceptions.no_such_key(key)
        if not etag_matches(if_match, current["etag"]):
            raise exceptions.precondition_failed("If-Match")


def write_new_version(txn: Txn, bucket: dict, key: str, record: dict | None, version: dict, if_match: str | None,
                      if_none_match: str | None) -> dict:
    """Inside a transaction: check write conditions, then make version the key's newest.

    bucket and record are what the transaction read (`require_bucket_and_object`).
    version is a record built for this transaction: it gets its id here, which the
    bucket's versioning state decides, and is returned.
    """
    check_write_conditions(current_object(record), key, if_match, if_none_match)
    version["id"] = version_id_for_write(bucket)
    add_version(txn, bucket, key, record, version)
    return version


def commit_version(ctx: RequestContext, bucket_name: str, key: str, version: dict, content: Content,
                   if_match: str | None = None, if_none_match: str | None = None) -> tuple[dict, dict]:
    """A written body's new version, in one transaction that also makes the checks the bucket decides.

    The bucket's policy and defaults are applied from the bucket record the
    transaction reads anyway (with the object, in one round trip), so a write
    needs no bucket read of its own and can't miss a policy changed meanwhile.
    A write that fails frees its content's blob.
    """

    def write(txn: Txn) -> tuple[dict, dict]:
        bucket, record = require_bucket_and_object(txn, bucket_name, key)
        check_not_denied(ctx, bucket, "s3:PutObject", key)
        return bucket, write_new_version(txn, bucket, key, record, with_bucket_defaults(version, bucket, ctx.now),
                                         if_match, if_none_match)

    try:
        return ctx.store.transact(write)
    except AWSError:
        ctx.store.blob_delete(content.blob_id)
        raise


def checksum_members(checksum: dict | None) -> dict[str, str]:
    if not checksum:
        return {}
    return {f"Checksum{checksum['algorithm']}": checksum["value"], "ChecksumType": checksum["type"]}


def encryption_members(version: dict) -> dict[str, Any]:
    members = {"ServerSideEncryption": version["sse"]} if version.get("sse") else {}
    if version.get("kms_key"):
        members["SSEKMSKeyId"] = version["kms_key"]
    if version.get("bucket_key") is not None:
        members["BucketKeyEnabled"] = version["bucket_key"]
    return members


def put_object(ctx: RequestContext, Bucket: str, Key: str, **params: Any) -> dict:
    attributes = describe_write(params, ctx.account_id)
    content = receive_body(ctx, params)
    bucket, version = commit_version(ctx, Bucket, Key, object_version(ctx, content, attributes), content,
                                     params.get("IfMatch"), params.get("IfNoneMatch"))
    notifications.emit(ctx, bucket, "ObjectCreated:Put", Key, version)
    result = {"ETag": version["etag"], **checksum_members(version["checksum"]), **encryption_members(version)}
    if (version_id := reported_version_id(bucket, version)) is not None:
        result["VersionId"] = version_id
    return result


def _check_read_conditions(version: dict, params: dict) -> None:
    """RFC 7232 precedence, as S3 applies it: If-Match beats If-Unmodified-Since, If-None-Match beats If-Modified-Since."""
    etag, modified = version["etag"], version["mtime"]
    if params.get("IfMatch") is not None:
        if not etag_matches(params["IfMatch"], etag):
            raise exceptions.precondition_failed("If-Match")
    elif params.get("IfUnmodifiedSince") is not None and modified > params["IfUnmodifiedSince"]:
        raise exceptions.precondition_failed("If-Unmodified-Since")
    if params.get("IfNoneMatch") is not None:
        if etag_matches(params["IfNoneMatch"], etag):
            raise exceptions.not_modified(etag)
    elif params.get("IfModifiedSince") is not None and modified <= params["IfModifiedSince"]:
        raise exceptions.not_modified(etag)


_RESPONSE_OVERRIDES = {
    "ResponseCacheControl": "CacheControl",
    "ResponseContentDisposition": "ContentDisposition",
    "ResponseContentEncoding": "ContentEncoding",
    "ResponseContentLanguage": "ContentLanguage",
    "ResponseContentType": "ContentType",
    "ResponseExpires": "Expires",
}


def _read_object(ctx: RequestContext, bucket_name: str, key: str, params: dict, with_body: bool) -> dict:
    """What GetObject and HeadObject share: lookup, conditions, range/part selection, headers."""
    bucket, record = require_bucket_and_object(ctx.store, bucket_name, key)
    check_not_denied(ctx, bucket, "s3:GetObject", key)
    version = find_version(record, key, params.get("VersionId"))
    # The clock is read only for the storage classes that can be archived.
    if with_body and version["sc"] in ARCHIVED_STORAGE_CLASSES and is_archived(version, ctx.now()):
        raise AWSError("InvalidObjectState", "The operation is not valid for the object's storage class", 403,
                       StorageClass=version["sc"])
    _check_read_conditions(version, params)
    size = version["size"]
    selected = None
    result: dict[str, Any] = {}
    part_number = params.get("PartNumber")
    if part_number is not None:
        if params.get("Range") is not None:
            raise exceptions.invalid_request("Cannot specify both Range header and partNumber query parameter")
        selected = _part_bounds(version, part_number)
        if version["parts_count"]:
            result["PartsCount"] = version["parts_count"]
    elif params.get("Range") is not None:
        selected = parse_range(params["Range"], size)
    # Any satisfiable range or part, even one covering the whole object, is a 206 with a Content-Range.
    start, end = selected or (0, size)
    if selected is not None:
        result["ContentRange"] = f"bytes {start}-{end - 1}/{size}"
    elif params.get("ChecksumMode") == "ENABLED":
        # Checksums describe the whole object, so S3 only sends them for whole-object reads.
        result.update(checksum_members(version["checksum"]))
    result.update(
        ETag=version["etag"],
        LastModified=version["mtime"],
        ContentLength=end - start,
        AcceptRanges="bytes",
        ContentType="binary/octet-stream",
        Metadata=version["meta"],
        **encryption_members(version),
        **lock_members(version),
    )
    result.update(version["headers"])
    for override, member in _RESPONSE_OVERRIDES.items():
        if params.get(override) is not None:
            result[member] = params[override]
    if (version_id := reported_version_id(bucket, version)) is not None:
        result["VersionId"] = version_id
    if version["sc"] != "STANDARD":
        result["StorageClass"] = version["sc"]
    if version["tags"]:
        result["TagCount"] = len(version["tags"])
    if version.get("restored_until"):
        expiry = format_datetime(version["restored_until"], usegmt=True)
        result["Restore"] = f'ongoing-request="false", expiry-date="{expiry}"'

    if with_body:
        result["Body"] = object_body(ctx.store, version["blobs"], start, end)
    return ResultWithStatus(206, result) if selected is not None else result  # Partial Content


def is_archived(version: dict, now: datetime) -> bool:
    """An archived object reads only while a restored copy of it is available."""
    restored_until = version.get("restored_until")
    return version["sc"] in ARCHIVED_STORAGE_CLASSES and not (restored_until and restored_until > now)


def restore_object(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                   RestoreRequest: dict | None = None, **_: Any) -> ResultWithStatus:
    """Restores complete at once: the temporary copy is readable for RestoreRequest.Days from now.

    S3 answers 202 Accepted when a restore starts and 200 OK when the object is
    already restored (the request then only moves its expiry).
    """
    days = (RestoreRequest or {}).get("Days", 1)

    def restore(txn: Txn) -> bool:
        _, record = require_bucket_and_object(txn, Bucket, Key)
        version = find_version(record, Key, VersionId)
        if version["sc"] not in ARCHIVED_STORAGE_CLASSES:
            raise AWSError("InvalidObjectState", "The operation is not valid for the object's storage class", 403,
                           StorageClass=version["sc"])
        now = ctx.now().replace(microsecond=0)
        already_restored = not is_archived(version, now)
        versions = [{**v, "restored_until": now + timedelta(days=days)} if v is version else v
                    for v in record["versions"]]
        txn.put(object_key(Bucket, Key), {"versions": versions})
        return already_restored

    already_restored = ctx.store.transact(restore)
    return ResultWithStatus(200 if already_restored else 202)


def _part_bounds(version: dict, part_number: int) -> tuple[int, int]:
    blobs = version["blobs"] if version["parts_count"] else [[None, version["size"]]]
    if not 1 <= part_number <= len(blobs):
        raise AWSError("InvalidPartNumber", "The requested partnumber is not satisfiable", 416,
                       PartNumberRequested=str(part_number), ActualPartCount=str(len(blobs)))
    start = sum(size for _, size in blobs[: part_number - 1])
    return start, start + blobs[part_number - 1][1]


def get_object(ctx: RequestContext, Bucket: str, Key: str, **params: Any) -> dict:
    return _read_object(ctx, Bucket, Key, params, with_body=True)


def head_object(ctx: RequestContext, Bucket: str, Key: str, **params: Any) -> dict:
    return _read_object(ctx, Bucket, Key, params, with_body=False)


def parse_copy_source(copy_source: str) -> tuple[str, str, str | None]:
    """'bucket/key?versionId=v' (URL-encoded, optionally with a leading '/') as its parts."""
    path, _, query = copy_source.partition("?")
    bucket, _, key = unquote(path).lstrip("/").partition("/")
    version_id = None
    for pair in query.split("&") if query else ():
        name, _, value = pair.partition("=")
        if name == "versionId":
            version_id = unquote(value)
    if not bucket or not key:
        raise exceptions.invalid_argument("Invalid copy source object key", "x-amz-copy-source", copy_source)
    return bucket, key, version_id


def read_copy_source(ctx: RequestContext, params: dict) -> tuple[dict, str, dict]:
    """The source (bucket record, key, version) of a copy, checked against its CopySourceIf* conditions.

    Every failed copy condition is a 412, unlike reads, where If-None-Match gives 304.
    """
    bucket_name, key, version_id = parse_copy_source(params["CopySource"])
    bucket, record = require_bucket_and_object(ctx.store, bucket_name, key)
    check_not_denied(ctx, bucket, "s3:GetObject", key)
    try:
        version = find_version(record, key, version_id)
    except AWSError as error:
        if error.code == "MethodNotAllowed":
            raise exceptions.invalid_request("The source of a copy request may not specifically refer to a "
                                             "delete marker by version id.") from None
        raise
    conditions = {name: params.get(f"CopySource{name}")
                  for name in ("IfMatch", "IfNoneMatch", "IfModifiedSince", "IfUnmodifiedSince")}
    try:
        _check_read_conditions(version, conditions)
    except AWSError as error:
        if error.code == "NotModified":
            raise exceptions.precondition_failed(
                "x-amz-copy-source-If-None-Match" if conditions["IfNoneMatch"] else
                "x-amz-copy-source-If-Modified-Since") from None
        raise
    if is_archived(version, RequestContext.now()):
        raise AWSError("ObjectNotInActiveTierError", "The source object of the COPY operation is not in the active "
                       "tier and is only stored in Amazon Glacier.", 403)
    return bucket, key, version


def copy_object(ctx: RequestContext, Bucket: str, Key: str, CopySource: str, **params: Any) -> dict:
    params["CopySource"] = CopySource
    source_bucket, source_key, source = read_copy_source(ctx, params)
    replace_metadata = params.get("MetadataDirective", "COPY") == "REPLACE"
    replace_tags = params.get("TaggingDirective", "COPY") == "REPLACE"
    changes_something = replace_metadata or any(
        params.get(name) is not None for name in ("StorageClass", "WebsiteRedirectLocation", "ServerSideEncryption",
                                                  "SSEKMSKeyId"))
    # Copying a key onto itself must change something, unless it names a source version or the bucket
    # has its own default encryption (the copy is then re-encrypted).
    in_place_allowed = (changes_something or parse_copy_source(CopySource)[2] is not None
                        or "encryption" in source_bucket["config"])
    if (source_bucket["name"], source_key) == (Bucket, Key) and not in_place_allowed:
        raise exceptions.invalid_request(
            "This copy request is illegal because it is trying to copy an object to itself without changing the "
            "object's metadata, storage class, website redirect location or encryption attributes.")
    attributes = describe_write(params, ctx.account_id)
    if not replace_metadata:
        # COPY keeps the source's headers; only the redirect location may still be set by the request.
        redirect = attributes["headers"].get("WebsiteRedirectLocation")
        attributes["headers"] = {**source["headers"], **({"WebsiteRedirectLocation": redirect} if redirect else {})}
        attributes["meta"] = source["meta"]
    if not replace_tags:
        attributes["tags"] = source["tags"]
    algorithm = requested_algorithm(params) or (source["checksum"] or {}).get("algorithm")
    content = store_chunks(ctx, read_blobs(ctx.store, source["blobs"], 0, source["size"]), algorithm)
    bucket, version = commit_version(ctx, Bucket, Key, object_version(ctx, content, attributes), content,
                                     params.get("IfMatch"), params.get("IfNoneMatch"))
    notifications.emit(ctx, bucket, "ObjectCreated:Copy", Key, version)
    result: dict[str, Any] = {
        "CopyObjectResult": {"ETag": version["etag"], "LastModified": version["mtime"],
                             **checksum_members(version["checksum"])},
        **encryption_members(version),
    }
    if (source_version_id := reported_version_id(source_bucket, source)) is not None:
        result["CopySourceVersionId"] = source_version_id
    if (version_id := reported_version_id(bucket, version)) is not None:
        result["VersionId"] = version_id
    return result


def _delete(ctx: RequestContext, bucket_name: str, key: str, version_id: str | None,
            if_match: str | None = None, bypass_governance: bool = False) -> dict:
    """Delete a key (adding a delete marker when versioned) or one version; emits the event."""

    def delete(txn: Txn) -> tuple[dict, dict, str | None, dict | None]:
        bucket = require_bucket(txn, bucket_name)
        check_not_denied(ctx, bucket, "s3:DeleteObjectVersion" if version_id is not None else "s3:DeleteObject", key)
        record = txn.get(object_key(bucket_name, key))
        versions = list(record["versions"]) if record else []
        if version_id is not None:
            return (bucket, *_delete_version(txn, bucket_name, key, versions, version_id, bypass_governance,
                                             ctx.now()))
        current = current_object(record)
        if if_match is not None:
            check_write_conditions(current, key, if_match, None)
        if bucket.get("versioning") == "Enabled":
            marker = {"id": new_version_id(), "dm": True, "mtime": ctx.now().replace(microsecond=0),
                      "owner": ctx.account_id}
            write_versions(txn, bucket_name, key, [marker, *versions], versions)
            return bucket, {"DeleteMarker": True, "VersionId": marker["id"]}, "ObjectRemoved:DeleteMarkerCreated", marker
        removed = [v for v in versions if v["id"] == NULL_VERSION]
        kept = [v for v in versions if v["id"] != NULL_VERSION]
        txn.blob_delete(*(blob for version in removed for blob in blob_ids(version)))
        if bucket.get("versioning") == "Suspended":
            marker = {"id": NULL_VERSION, "dm": True, "mtime": ctx.now().replace(microsecond=0),
                      "owner": ctx.account_id}
            write_versions(txn, bucket_name, key, [marker, *kept], versions)
            return bucket, {"DeleteMarker": True, "VersionId": NULL_VERSION}, "ObjectRemoved:DeleteMarkerCreated", marker
        write_versions(txn, bucket_name, key, kept, versions)
        return bucket, {}, "ObjectRemoved:Delete" if removed else None, removed[0] if removed else None

    bucket, result, event, version = ctx.store.transact(delete)
    if event:
        notifications.emit(ctx, bucket, event, key, version)
    return result


def _delete_version(txn: Txn, bucket_name: str, key: str, versions: list[dict], version_id: str,
                    bypass_governance: bool, now: datetime) -> tuple[dict, str | None, dict | None]:
    match = next((v for v in versions if v["id"] == version_id), None)
    if match is None:
        check_version_id_format(version_id)
        return {"VersionId": version_id}, None, None
    check_deletable(match, bypass_governance, now)
    txn.blob_delete(*blob_ids(match))
    write_versions(txn, bucket_name, key, [v for v in versions if v is not match], versions)
    result = {"VersionId": version_id}
    if match["dm"]:
        result["DeleteMarker"] = True
    return result, "ObjectRemoved:Delete", match


def delete_object(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                  IfMatch: str | None = None, BypassGovernanceRetention: bool = False, **_: Any) -> dict:
    return _delete(ctx, Bucket, Key, VersionId, IfMatch, BypassGovernanceRetention)


def delete_objects(ctx: RequestContext, Bucket: str, Delete: dict, BypassGovernanceRetention: bool = False,
                   **_: Any) -> dict:
    entries = Delete.get("Objects") or []
    if not entries or len(entries) > 1000:
        raise exceptions.malformed_xml()
    require_bucket(ctx.store, Bucket)
    deleted, errors = [], []
    for entry in entries:
        key, version_id = entry["Key"], entry.get("VersionId")
        try:
            outcome = _delete(ctx, Bucket, key, version_id, entry.get("ETag"), BypassGovernanceRetention)
        except AWSError as error:
            errors.append({"Key": key, "Code": error.code, "Message": error.message,
                           **({"VersionId": version_id} if version_id else {})})
            continue
        item = {"Key": key}
        if version_id is not None:
            item["VersionId"] = version_id
            if outcome.get("DeleteMarker"):
                item["DeleteMarker"] = True
                item["DeleteMarkerVersionId"] = version_id
        elif outcome.get("DeleteMarker"):
            item.update(DeleteMarker=True, DeleteMarkerVersionId=outcome["VersionId"])
        deleted.append(item)
    result: dict[str, Any] = {}
    if deleted and not Delete.get("Quiet"):
        result["Deleted"] = deleted
    if errors:
        result["Errors"] = errors
    return result


def _update_tags(ctx: RequestContext, bucket_name: str, key: str, version_id: str | None,
                 tags: dict[str, str], method: str) -> dict:
    def update(txn: Txn) -> dict:
        bucket, record = require_bucket_and_object(txn, bucket_name, key)
        version = find_version(record, key, version_id, method)
        versions = [{**v, "tags": tags} if v is version else v for v in record["versions"]]
        txn.put(object_key(bucket_name, key), {"versions": versions})
        return {"VersionId": version["id"]} if reported_version_id(bucket, version) else {}

    return ctx.store.transact(update)


def put_object_tagging(ctx: RequestContext, Bucket: str, Key: str, Tagging: dict,
                       VersionId: str | None = None, **_: Any) -> dict:
    tags = validate_tag_set(Tagging.get("TagSet") or [], MAX_OBJECT_TAGS)
    return _update_tags(ctx, Bucket, Key, VersionId, tags, "PUT")


def delete_object_tagging(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                          **_: Any) -> dict:
    return _update_tags(ctx, Bucket, Key, VersionId, {}, "DELETE")


OBJECT_ATTRIBUTES = frozenset({"ETag", "Checksum", "ObjectParts", "StorageClass", "ObjectSize"})


def get_object_attributes(ctx: RequestContext, Bucket: str, Key: str, ObjectAttributes: list[str],
                          VersionId: str | None = None, MaxParts: int | None = None,
                          PartNumberMarker: int | None = None, **_: Any) -> dict:
    unknown = set(ObjectAttributes) - OBJECT_ATTRIBUTES
    if unknown:
        raise exceptions.invalid_argument("Invalid attribute name specified.", "x-amz-object-attributes",
                                          sorted(unknown)[0])
    bucket, record = require_bucket_and_object(ctx.store, Bucket, Key)
    version = find_version(record, Key, VersionId)
    everything = {
        "ETag": version["etag"].strip('"'),
        "StorageClass": version["sc"],
        "ObjectSize": version["size"],
        "Checksum": _attributes_checksum(version["checksum"]),
        "ObjectParts": _object_parts(version, MaxParts, PartNumberMarker or 0),
    }
    result = {name: everything[name] for name in ObjectAttributes if everything[name] is not None}
    result["LastModified"] = version["mtime"]
    if (version_id := reported_version_id(bucket, version)) is not None:
        result["VersionId"] = version_id
    return result


def _attributes_checksum(checksum: dict | None) -> dict | None:
    """A composite checksum comes without its `-<part count>` suffix here (ObjectParts has the count), as in S3."""
    if not checksum:
        return None
    if checksum["type"] == "COMPOSITE":
        checksum = {**checksum, "value": checksum["value"].rpartition("-")[0] or checksum["value"]}
    return checksum_members(checksum)


def _object_parts(version: dict, max_parts: int | None, marker: int) -> dict | None:
    """The part list of a multipart object; S3 lists parts only when they carry checksums."""
    if not version["parts_count"]:
        return None
    parts: dict[str, Any] = {"TotalPartsCount": version["parts_count"]}
    checksums = version.get("part_checksums")
    if checksums:
        limit = min(max_parts if max_parts is not None else 1000, 1000)
        numbers = range(marker + 1, min(marker + limit, version["parts_count"]) + 1)
        algorithm = version["checksum"]["algorithm"]
        parts.update(
            PartNumberMarker=marker, MaxParts=limit, IsTruncated=numbers.stop <= version["parts_count"],
            Parts=[{"PartNumber": n, "Size": version["blobs"][n - 1][1], f"Checksum{algorithm}": checksums[n - 1]}
                   for n in numbers],
        )
        if numbers:
            parts["NextPartNumberMarker"] = numbers[-1]
    return parts


def get_object_tagging(ctx: RequestContext, Bucket: str, Key: str, VersionId: str | None = None,
                       **_: Any) -> dict:
    bucket, record = require_bucket_and_object(ctx.store, Bucket, Key)
    version = find_version(record, Key, VersionId)
    result = {"TagSet": tag_set(version["tags"])}
    if reported_version_id(bucket, version):
        result["VersionId"] = version["id"]
    return result
