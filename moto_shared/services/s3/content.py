"""Object bytes: streaming request bodies into blobs, verifying digests, reading ranges back.

Bodies are never held whole: they are hashed (MD5 for the ETag, plus the
requested checksum) chunk by chunk on their way into `blob_write`, and read
back with `blob_read` over only the bytes a request asks for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from functools import partial
from typing import Any, Iterable, Iterator

from moto_shared.context import RequestContext
from moto_shared.errors import AWSError
from moto_shared.services.s3 import exceptions
from moto_shared.services.s3.checksums import ALGORITHMS, Hasher, digest_size
from moto_shared.store.base import Namespace

CHUNK_SIZE = 1 << 20
#: Ranges up to this size are read at once, so the response doesn't depend on
#: blobs that a later overwrite may free; larger ones stream, so that a
#: download's memory stays at a chunk per request whatever the object's size.
EAGER_READ_LIMIT = 1 << 20
#: In botocore's model, but with no implementation in the standard library.
_UNSUPPORTED_ALGORITHMS = ("XXHASH64", "XXHASH3", "XXHASH128")
#: (algorithm, the write member that carries a value of it): every write looks them all up.
_CHECKSUM_MEMBERS = tuple((algorithm, f"Checksum{algorithm}") for algorithm in ALGORITHMS)
_UNSUPPORTED_MEMBERS = tuple((algorithm, f"Checksum{algorithm}") for algorithm in _UNSUPPORTED_ALGORITHMS)


@dataclass
class Content:
    """A body now stored as a blob, with its digests."""

    blob_id: str
    size: int
    md5: bytes
    checksum: dict | None  # {"algorithm", "value", "type"} as stored on the version

    @property
    def etag(self) -> str:
        return f'"{self.md5.hex()}"'


def body_chunks(body: Any) -> Iterable[bytes]:
    """A request Body (None, bytes or a readable file object) as chunks."""
    if body is None:
        return ()
    if isinstance(body, str):
        body = body.encode()
    if isinstance(body, (bytes, bytearray, memoryview)):
        return (bytes(body),) if body else ()
    return iter(partial(body.read, CHUNK_SIZE), b"")


def requested_algorithm(params: dict) -> str | None:
    """The checksum algorithm a write asks for: the one whose value it sends, else ChecksumAlgorithm."""
    for algorithm, member in _CHECKSUM_MEMBERS:
        if params.get(member) is not None:
            return algorithm
    for algorithm, member in _UNSUPPORTED_MEMBERS:
        if params.get(member) is not None:
            raise exceptions.invalid_request(f"Checksum algorithm {algorithm} is not supported.")
    algorithm = params.get("ChecksumAlgorithm")
    if algorithm is None:
        return None
    algorithm = algorithm.upper()
    if algorithm not in ALGORITHMS:
        raise exceptions.invalid_request("Checksum algorithm provided is unsupported. Please try again "
                                         "with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")
    return algorithm


def _validate_checksum_values(params: dict) -> None:
    for algorithm, member in _CHECKSUM_MEMBERS:
        value = params.get(member)
        if value is None:
            continue
        try:
            valid = len(base64.b64decode(value, validate=True)) == digest_size(algorithm)
        except binascii.Error:
            valid = False
        if not valid:
            raise exceptions.invalid_request(f"Value for x-amz-checksum-{algorithm.lower()} header is invalid.")


def _expected_md5(params: dict) -> bytes | None:
    value = params.get("ContentMD5")
    if value is None:
        return None
    try:
        digest = base64.b64decode(value, validate=True)
    except binascii.Error:
        digest = b""
    if len(digest) != 16:
        raise AWSError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400, ContentMD5=value)
    return digest


#: Copied for each body: copying a hash object costs a fraction of building one (OpenSSL looks the algorithm up).
_NO_BYTES_MD5 = hashlib.md5()


def store_chunks(ctx: RequestContext, chunks: Iterable[bytes], algorithm: str | None) -> Content:
    """Write chunks to a new blob while computing the MD5 and the checksum."""
    md5 = _NO_BYTES_MD5.copy()
    hasher = Hasher(algorithm) if algorithm else None

    def hashed() -> Iterator[bytes]:
        for chunk in chunks:
            md5.update(chunk)
            if hasher:
                hasher.update(chunk)
            yield chunk

    blob_id, size = ctx.store.blob_write(hashed())
    checksum = {"algorithm": algorithm, "value": hasher.b64(), "type": "FULL_OBJECT"} if hasher else None
    return Content(blob_id, size, md5.digest(), checksum)


def receive_body(ctx: RequestContext, params: dict) -> Content:
    """Store a write's Body, checking Content-MD5 and any checksum it came with.

    On a mismatch the blob is deleted and BadDigest raised, so nothing of a
    corrupted upload stays behind.
    """
    algorithm = requested_algorithm(params)
    _validate_checksum_values(params)
    expected_md5 = _expected_md5(params)
    content = store_chunks(ctx, body_chunks(params.get("Body")), algorithm)
    try:
        if expected_md5 is not None and expected_md5 != content.md5:
            raise exceptions.bad_digest()
        expected = params.get(f"Checksum{algorithm}") if algorithm else None
        if expected is not None and expected != content.checksum["value"]:
            raise exceptions.checksum_mismatch(algorithm)
    except AWSError:
        ctx.store.blob_delete(content.blob_id)
        raise
    return content


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(spec: str, size: int) -> tuple[int, int] | None:
    """[start, end) for a Range header, None when S3 would ignore it and send everything."""
    match = _RANGE.match(spec.strip())
    if not match or not (match[1] or match[2]):
        return None
    if match[1]:
        start = int(match[1])
        if match[2] and int(match[2]) < start:
            return None
        if start >= size:
            raise exceptions.invalid_range(spec, size)
        end = int(match[2]) + 1 if match[2] else size
        return start, min(end, size)
    suffix = int(match[2])
    if suffix == 0 or size == 0:
        raise exceptions.invalid_range(spec, size)
    return max(0, size - suffix), size


def read_blobs(store: Namespace, blobs: list, start: int, end: int) -> Iterator[bytes]:
    """Bytes [start, end) of an object made of consecutive blobs, reading only what overlaps."""
    offset = 0
    for blob_id, size in blobs:
        low, high = max(start, offset), min(end, offset + size)
        if low < high:
            yield from store.blob_read(blob_id, low - offset, high - offset)
        offset += size
        if offset >= end:
            return


def object_body(store: Namespace, blobs: list, start: int, end: int) -> bytes | Iterator[bytes]:
    if end - start <= EAGER_READ_LIMIT:
        if len(blobs) == 1 and start < end:  # most objects are one blob: no offsets to work out
            return b"".join(store.blob_read(blobs[0][0], start, end))
        return b"".join(read_blobs(store, blobs, start, end))
    return read_blobs(store, blobs, start, end)
