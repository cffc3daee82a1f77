"""The MD5 digests SQS returns, computed with AWS's documented algorithm.

SDKs recompute these on their side and reject a response whose digests don't
match, so they must be byte-exact. For attributes, AWS hashes the attributes
sorted by name, each as: length-prefixed name, length-prefixed data type, one
transport byte (1 for String/Number, 2 for Binary), length-prefixed value,
with 4-byte big-endian lengths and UTF-8 text.
"""

from __future__ import annotations

import hashlib
import struct
from typing import Any, Mapping

STRING_TRANSPORT = b"\x01"
BINARY_TRANSPORT = b"\x02"


def md5_of_body(body: str) -> str:
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def md5_of_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """Digest of message attributes (or message system attributes), as SQS computes it."""
    digest = hashlib.md5()

    def add(value: bytes) -> None:
        digest.update(struct.pack("!I", len(value)))
        digest.update(value)

    for name in sorted(attributes):
        attribute = attributes[name]
        data_type = attribute["DataType"]
        add(name.encode("utf-8"))
        add(data_type.encode("utf-8"))
        if data_type.startswith("Binary"):
            digest.update(BINARY_TRANSPORT)
            add(bytes(attribute["BinaryValue"]))
        else:
            digest.update(STRING_TRANSPORT)
            add(attribute["StringValue"].encode("utf-8"))
    return digest.hexdigest()
