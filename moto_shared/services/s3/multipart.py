"""Multipart uploads: parts may arrive from any number of processes at once.

Each part is its own record and blob; completing an upload writes an object
version that references the part blobs in order, so no data is copied, and
the parts that were not used are freed in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3 import exceptions, notifications
from moto_shared.services.s3.checksums import ALGORITHMS, CRCS, composite, full_object_crc
from moto_shared.services.s3.content import Content, parse_range, read_blobs, receive_body, store_chunks
from moto_shared.services.s3.listing import encoder, take, walk
from moto_shared.services.s3.objects import (
    checksum_members,
    describe_write,
    encryption_members,
    object_version,
    read_copy_source,
    reported_version_id,
    with_bucket_defaults,
    write_new_version,
)
from moto_shared.services.s3.policy import check_not_denied
from moto_shared.services.s3.state import (
    owner,
    part_key,
    parts_index,
    require_bucket,
    require_bucket_and_object,
    upload_key,
    uploads_index,
)
from moto_shared.store.base import Txn

MIN_PART_SIZE = 5 << 20
MAX_PART_NUMBER = 10000


def _new_upload_id() -> str:
    """Upload ids sort by creation time, so ListMultipartUploads lists a key's uploads oldest first."""
    return f"{time.time_ns():016x}{secrets.token_hex(24)}"


def _require_upload(reads, bucket: str, key: str, upload_id: str) -> dict:
    upload = reads.get(upload_key(bucket, upload_id))
    if upload is None or upload["key"] != key:
        raise exceptions.no_such_upload(upload_id)
    return upload


def _checksum_type(algorithm: str | None, requested: str | None) -> str | None:
    """COMPOSITE unless asked otherwise, except CRC64NVME which only exists as FULL_OBJECT."""
    if algorithm is None:
        if requested:
            raise exceptions.invalid_request("The x-amz-checksum-type header can only be used with the "
                                             "x-amz-checksum-algorithm header.")
        return None
    checksum_type = requested or ("FULL_OBJECT" if algorithm == "CRC64NVME" else "COMPOSITE")
    if checksum_type == "FULL_OBJECT" and algorithm not in CRCS:
        raise exceptions.invalid_request(f"The FULL_OBJECT checksum type cannot be used with the "
                                         f"{algorithm.lower()} checksum algorithm.")
    if checksum_type == "COMPOSITE" and algorithm == "CRC64NVME":
        raise exceptions.invalid_request("The COMPOSITE checksum type cannot be used with the crc64nvme "
                                         "checksum algorithm.")
    return checksum_type


def create_multipart_upload(ctx: RequestContext, Bucket: str, Key: str, **params: Any) -> dict:
    bucket = require_bucket(ctx.store, Bucket)
    check_not_denied(ctx, bucket, "s3:PutObject", Key)
    algorithm = params.get("ChecksumAlgorithm")
    algorithm = algorithm.upper() if algorithm else None
    checksum_type = _checksum_type(algorithm, params.get("ChecksumType"))
    upload_id = _new_upload_id()
    attributes = with_bucket_defaults(describe_write(params, ctx.account_id), bucket, ctx.now)
    upload = {"key": Key, "initiated": ctx.now().replace(microsecond=0), "owner": ctx.account_id,
              "attributes": attributes, "algorithm": algorithm, "checksum_type": checksum_type}

    def create(txn: Txn) -> None:
        require_bucket(txn, Bucket)
        txn.put(upload_key(Bucket, upload_id), upload)
        txn.lex_add(uploads_index(Bucket), f"{Key}\0{upload_id}")

    ctx.store.transact(create)
    result = {"Bucket": Bucket, "Key": Key, "UploadId": upload_id, **encryption_members(upload["attributes"])}
    if algorithm:
        result.update(ChecksumAlgorithm=algorithm, ChecksumType=checksum_type)
    return result


def _validate_part_number(part_number: int) -> None:
    if not 1 <= part_number <= MAX_PART_NUMBER:
        raise exceptions.invalid_argument("Part number must be an integer between 1 and 10000, inclusive",
                                          "partNumber", str(part_number))


def _save_part(ctx: RequestContext, bucket: str, key: str, upload_id: str, part_number: int,
               content: Content) -> dict:
    """Record a part (replacing any earlier one with its number) unless the upload is gone meanwhile."""
    part = {"number": part_number, "etag": content.etag, "size": content.size, "blob": content.blob_id,
            "md5": content.md5, "mtime": ctx.now().replace(microsecond=0), "checksum": content.checksum}

    def save(txn: Txn) -> None:
        _require_upload(txn, bucket, key, upload_id)
        previous = txn.get(part_key(bucket, upload_id, part_number))
        if previous is not None:
            txn.blob_delete(previous["blob"])
        txn.put(part_key(bucket, upload_id, part_number), part)
        txn.score_add(parts_index(bucket, upload_id), {str(part_number): part_number})

    try:
        ctx.store.transact(save)
    except AWSError:
        ctx.store.blob_delete(content.blob_id)
        raise
    return part


def _part_checksum_algorithm(upload: dict, params: dict) -> str | None:
    """A part is checksummed with its upload's algorithm; sending another one is an error."""
    sent = next((name for name in ALGORITHMS if params.get(f"Checksum{name}") is not None), None)
    if upload["algorithm"] and sent and sent != upload["algorithm"]:
        raise exceptions.invalid_request(f"Checksum Type mismatch occurred, expected checksum Type: "
                                         f"{upload['algorithm'].lower()}, actual checksum Type: {sent.lower()}")
    return upload["algorithm"]


def upload_part(ctx: RequestContext, Bucket: str, Key: str, PartNumber: int, UploadId: str,
                **params: Any) -> dict:
    _validate_part_number(PartNumber)
    check_not_denied(ctx, require_bucket(ctx.store, Bucket), "s3:PutObject", Key)
    upload = _require_upload(ctx.store, Bucket, Key, UploadId)
    algorithm = _part_checksum_algorithm(upload, params)
    content = receive_body(ctx, {**params, "ChecksumAlgorithm": algorithm or params.get("ChecksumAlgorithm")})
    part = _save_part(ctx, Bucket, Key, UploadId, PartNumber, content)
    return {"ETag": part["etag"], **_part_checksum(part), **encryption_members(upload["attributes"])}


def _part_checksum(part: dict) -> dict[str, str]:
    checksum = part["checksum"]
    return {f"Checksum{checksum['algorithm']}": checksum["value"]} if checksum else {}


def _copy_range(spec: str | None, size: int) -> tuple[int, int]:
    if spec is None:
        return 0, size
    bounds = parse_range(spec, size) if spec.startswith("bytes=") and "-" in spec else None
    if bounds is None or spec.endswith("-") or spec.startswith("bytes=-"):
        raise exceptions.invalid_argument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are "
            "the zero-based offsets of the first and last bytes to copy", "x-amz-copy-source-range", spec)
    if int(spec.rsplit("-", 1)[1]) >= size:
        raise exceptions.invalid_argument(f"Range specified is not valid for source object of size: {size}",
                                          "x-amz-copy-source-range", spec)
    return bounds


def upload_part_copy(ctx: RequestContext, Bucket: str, Key: str, CopySource: str, PartNumber: int,
                     UploadId: str, **params: Any) -> dict:
    _validate_part_number(PartNumber)
    check_not_denied(ctx, require_bucket(ctx.store, Bucket), "s3:PutObject", Key)
    upload = _require_upload(ctx.store, Bucket, Key, UploadId)
    source_bucket, _, source = read_copy_source(ctx, {**params, "CopySource": CopySource})
    start, end = _copy_range(params.get("CopySourceRange"), source["size"])
    content = store_chunks(ctx, read_blobs(ctx.store, source["blobs"], start, end), upload["algorithm"])
    part = _save_part(ctx, Bucket, Key, UploadId, PartNumber, content)
    result: dict[str, Any] = {"CopyPartResult": {"ETag": part["etag"], "LastModified": part["mtime"],
                                                 **_part_checksum(part)}}
    if (source_version_id := reported_version_id(source_bucket, source)) is not None:
        result["CopySourceVersionId"] = source_version_id
    return result


def _invalid_part(upload_id: str, requested: dict) -> AWSError:
    return AWSError(
        "InvalidPart",
        "One or more of the specified parts could not be found.  The part may not have been uploaded, "
        "or the specified entity tag may not have matched the part's entity tag.",
        400,
        UploadId=upload_id,
        PartNumber=str(requested["PartNumber"]),
        ETag=requested.get("ETag", ""),
    )


def _validated_parts(txn: Txn, bucket: str, upload_id: str, upload: dict, requested: list[dict]) -> list[dict]:
    """The stored parts a completion names, checked for order, ETags, checksums and sizes."""
    numbers = [entry["PartNumber"] for entry in requested]
    if any(later <= earlier for earlier, later in zip(numbers, numbers[1:])):
        raise AWSError("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered "
                       "by part number.", 400, UploadId=upload_id)
    parts = txn.get_many([part_key(bucket, upload_id, number) for number in numbers])
    for entry, part in zip(requested, parts):
        if part is None or entry.get("ETag", "").strip('"') != part["etag"].strip('"'):
            raise _invalid_part(upload_id, entry)
        sent = entry.get(f"Checksum{upload['algorithm']}") if upload["algorithm"] else None
        if sent is not None and sent != part["checksum"]["value"]:
            raise _invalid_part(upload_id, entry)
    for entry, part in zip(requested[:-1], parts[:-1]):
        if part["size"] < MIN_PART_SIZE:
            raise AWSError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.",
                           400, ProposedSize=str(part["size"]), MinSizeAllowed=str(MIN_PART_SIZE),
                           PartNumber=str(entry["PartNumber"]), ETag=part["etag"])
    return parts


def _object_checksum(upload: dict, parts: list[dict], params: dict) -> dict | None:
    algorithm = upload["algorithm"]
    if algorithm is None:
        return None
    if upload["checksum_type"] == "FULL_OBJECT":
        value = full_object_crc(algorithm, [(part["checksum"]["value"], part["size"]) for part in parts])
    else:
        value = composite(algorithm, [part["checksum"]["value"] for part in parts])
    sent = params.get(f"Checksum{algorithm}")
    if sent is not None and sent != value:
        raise AWSError("BadDigest", f"The {algorithm.lower()} you specified for the full object did not match "
                       "what was calculated.", 400)
    return {"algorithm": algorithm, "value": value, "type": upload["checksum_type"]}


def _discard_upload(txn: Txn, bucket: str, key: str, upload_id: str, keep: set[str]) -> None:
    """Delete an upload's records, and the blobs of its parts except those in keep."""
    numbers = [int(member) for member, _ in txn.score_range(parts_index(bucket, upload_id))]
    parts = txn.get_many([part_key(bucket, upload_id, number) for number in numbers])
    txn.blob_delete(*(part["blob"] for part in parts if part and part["blob"] not in keep))
    txn.delete(upload_key(bucket, upload_id), *(part_key(bucket, upload_id, number) for number in numbers))
    txn.drop_index(parts_index(bucket, upload_id))
    txn.lex_remove(uploads_index(bucket), f"{key}\0{upload_id}")


def complete_multipart_upload(ctx: RequestContext, Bucket: str, Key: str, UploadId: str,
                              MultipartUpload: dict | None = None, **params: Any) -> dict:
    requested = (MultipartUpload or {}).get("Parts") or []
    if not requested:
        raise exceptions.malformed_xml()

    def complete(txn: Txn) -> tuple[dict, dict]:
        bucket, record = require_bucket_and_object(txn, Bucket, Key)
        check_not_denied(ctx, bucket, "s3:PutObject", Key)
        upload = _require_upload(txn, Bucket, Key, UploadId)
        parts = _validated_parts(txn, Bucket, UploadId, upload, requested)
        size = sum(part["size"] for part in parts)
        if params.get("MpuObjectSize") is not None and int(params["MpuObjectSize"]) != size:
            raise exceptions.invalid_request(f"The provided 'x-amz-mp-object-size' header value "
                                             f"{params['MpuObjectSize']} does not match what was computed: {size}")
        etag = hashlib.md5(b"".join(part["md5"] for part in parts)).hexdigest()
        version = object_version(
            ctx, None, upload["attributes"], etag=f'"{etag}-{len(parts)}"', size=size,
            blobs=[[part["blob"], part["size"]] for part in parts], parts_count=len(parts),
            checksum=_object_checksum(upload, parts, params),
            part_checksums=[part["checksum"]["value"] for part in parts] if upload["algorithm"] else None,
        )
        written = write_new_version(txn, bucket, Key, record, version, params.get("IfMatch"), params.get("IfNoneMatch"))
        _discard_upload(txn, Bucket, Key, UploadId, keep={part["blob"] for part in parts})
        return bucket, written

    bucket, version = ctx.store.transact(complete)
    notifications.emit(ctx, bucket, "ObjectCreated:CompleteMultipartUpload", Key, version)
    result = {"Bucket": Bucket, "Key": Key, "ETag": version["etag"],
              "Location": f"{ctx.scheme}://{Bucket}.s3.{bucket['region']}.amazonaws.com/{Key}",
              **checksum_members(version["checksum"]), **encryption_members(version)}
    if (version_id := reported_version_id(bucket, version)) is not None:
        result["VersionId"] = version_id
    return result


def abort_multipart_upload(ctx: RequestContext, Bucket: str, Key: str, UploadId: str, **_: Any) -> dict:
    def abort(txn: Txn) -> None:
        require_bucket(txn, Bucket)
        _require_upload(txn, Bucket, Key, UploadId)
        _discard_upload(txn, Bucket, Key, UploadId, keep=set())

    ctx.store.transact(abort)
    return {}


def _upload_attributes(upload: dict) -> dict:
    result = {"Initiator": owner(upload["owner"]), "Owner": owner(upload["owner"]),
              "StorageClass": upload["attributes"]["sc"]}
    if upload["algorithm"]:
        result.update(ChecksumAlgorithm=upload["algorithm"], ChecksumType=upload["checksum_type"])
    return result


MAX_QUERY_INTEGER = 2**31 - 1


def _check_list_argument(name: str, value: int | None) -> None:
    """S3 reads these query arguments as signed 32-bit integers and wants them non-negative."""
    if value is None:
        return
    if value > MAX_QUERY_INTEGER:
        raise exceptions.invalid_argument(f"Provided {name} not an integer or within integer range", name, str(value))
    if value < 0:
        raise exceptions.invalid_argument(f"Argument {name} must be an integer between 0 and {MAX_QUERY_INTEGER}",
                                          name, str(value))


def list_parts(ctx: RequestContext, Bucket: str, Key: str, UploadId: str, MaxParts: int | None = None,
               PartNumberMarker: int | None = None, **_: Any) -> dict:
    _check_list_argument("max-parts", MaxParts)
    _check_list_argument("part-number-marker", PartNumberMarker)
    require_bucket(ctx.store, Bucket)
    upload = _require_upload(ctx.store, Bucket, Key, UploadId)
    limit = min(MaxParts if MaxParts is not None else 1000, 1000)
    entries = ctx.store.score_range(parts_index(Bucket, UploadId), (PartNumberMarker or 0) + 1, limit=limit + 1)
    truncated = len(entries) > limit
    numbers = [int(member) for member, _ in entries[:limit]]
    parts = [part for part in ctx.store.get_many([part_key(Bucket, UploadId, n) for n in numbers]) if part]
    result = {
        "Bucket": Bucket, "Key": Key, "UploadId": UploadId, "PartNumberMarker": PartNumberMarker or 0,
        "MaxParts": limit, "IsTruncated": truncated,
        "Parts": [{"PartNumber": part["number"], "LastModified": part["mtime"], "ETag": part["etag"],
                   "Size": part["size"], **_part_checksum(part)} for part in parts],
        **_upload_attributes(upload),
    }
    if parts:
        result["NextPartNumberMarker"] = parts[-1]["number"]
    return result


def list_multipart_uploads(ctx: RequestContext, Bucket: str, Prefix: str = "", Delimiter: str | None = None,
                           KeyMarker: str | None = None, UploadIdMarker: str | None = None,
                           MaxUploads: int | None = None, EncodingType: str | None = None, **_: Any) -> dict:
    encode = encoder(EncodingType)
    require_bucket(ctx.store, Bucket)
    limit = min(MaxUploads if MaxUploads is not None else 1000, 1000)
    if KeyMarker and UploadIdMarker:
        start, inclusive = f"{KeyMarker}\0{UploadIdMarker}", False
    elif KeyMarker:
        start, inclusive = f"{KeyMarker}\x01", True  # past every upload of KeyMarker itself
    else:
        start, inclusive = None, True
    items, truncated = take(walk(ctx.store, uploads_index(Bucket), Prefix, Delimiter or None, start, inclusive,
                                 limit + 1), limit)
    members = [member.rsplit("\0", 1) for member, is_common in items if not is_common]
    records = ctx.store.get_many([upload_key(Bucket, upload_id) for _, upload_id in members])
    uploads = [{"UploadId": upload_id, "Key": encode(key), "Initiated": record["initiated"],
                **_upload_attributes(record)}
               for (key, upload_id), record in zip(members, records) if record]
    result: dict[str, Any] = {
        "Bucket": Bucket, "KeyMarker": encode(KeyMarker or ""), "UploadIdMarker": UploadIdMarker or "",
        "Prefix": encode(Prefix), "MaxUploads": limit, "IsTruncated": truncated, "Uploads": uploads,
        "CommonPrefixes": [{"Prefix": encode(member)} for member, is_common in items if is_common],
    }
    if Delimiter is not None:
        result["Delimiter"] = encode(Delimiter)
    if EncodingType is not None:
        result["EncodingType"] = EncodingType
    if truncated:
        last, is_common = items[-1]
        key, _, upload_id = last.partition("\0")
        result["NextKeyMarker"] = encode(key)
        if not is_common:
            result["NextUploadIdMarker"] = upload_id
    return result
