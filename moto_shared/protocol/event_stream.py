"""The `application/vnd.amazon.eventstream` message framing, encoding side.

Operations whose output payload is an event stream (S3 SelectObjectContent)
answer with a body of consecutive binary messages; botocore's
`botocore.eventstream` decodes them. Each message is:

    total length (uint32) | headers length (uint32) | prelude CRC32 (uint32)
    headers | payload | message CRC32 (uint32)

all big-endian; the prelude CRC covers the two lengths, the message CRC
everything before it. Header values are typed by their Python type: bool,
int (written as int64), bytes, datetime (milliseconds since the epoch) and str.
"""

from __future__ import annotations

import struct
import zlib
from datetime import datetime

CONTENT_TYPE = "application/vnd.amazon.eventstream"
#: Header value types (the first byte of a header's value).
_TRUE, _FALSE, _INT64, _BYTES, _STRING, _TIMESTAMP = 0, 1, 5, 6, 7, 8
_PRELUDE = struct.Struct(">II")
_CRC = struct.Struct(">I")


def _encode_value(value: object) -> bytes:
    if value is True or value is False:
        return bytes([_TRUE if value else _FALSE])
    if isinstance(value, int):
        return struct.pack(">Bq", _INT64, value)
    if isinstance(value, (bytes, bytearray)):
        return struct.pack(">BH", _BYTES, len(value)) + bytes(value)
    if isinstance(value, datetime):
        return struct.pack(">Bq", _TIMESTAMP, round(value.timestamp() * 1000))
    text = str(value).encode("utf-8")
    return struct.pack(">BH", _STRING, len(text)) + text


def _encode_headers(headers: dict[str, object]) -> bytes:
    parts = []
    for name, value in headers.items():
        name_bytes = name.encode("utf-8")
        parts.append(struct.pack(">B", len(name_bytes)) + name_bytes + _encode_value(value))
    return b"".join(parts)


def encode_message(headers: dict[str, object], payload: bytes = b"") -> bytes:
    """One framed message with typed headers and a raw payload."""
    header_bytes = _encode_headers(headers)
    total_length = _PRELUDE.size + _CRC.size + len(header_bytes) + len(payload) + _CRC.size
    prelude = _PRELUDE.pack(total_length, len(header_bytes))
    message = prelude + _CRC.pack(zlib.crc32(prelude)) + header_bytes + payload
    return message + _CRC.pack(zlib.crc32(message))

