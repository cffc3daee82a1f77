"""Decoding of `Content-Encoding: aws-chunked` bodies.

botocore sends S3 uploads as aws-chunked by default: the payload is cut into
`<hex size>[;chunk-signature=...]\\r\\n<data>\\r\\n` chunks, ended by a
zero-size chunk followed by trailer headers (`x-amz-checksum-crc32:...`) and
a blank line. The trailers belong to the request like headers do, but come
after the data, so we can only know them once the whole body is read.

A bytes body, or a streamed one that ends within its first two reads, is
decoded in memory: most uploads are small, and a temporary file costs more
than the rest of the request. A longer stream is decoded into a spooled
temporary file (in memory up to `SPOOL_LIMIT`, then on disk), so memory stays
bounded whatever the upload size and the trailers are known before the
operation runs.
"""

from __future__ import annotations

import tempfile
from typing import BinaryIO, Callable

SPOOL_LIMIT = 8 * 1024 * 1024
_READ_SIZE = 1024 * 1024
_MAX_LINE = 64 * 1024


class ChunkedEncodingError(ValueError):
    """The body is not valid aws-chunked framing."""


def _read_line(read: Callable[[int], bytes], buffer: bytearray, *, at_eof: bytes | None = None) -> bytes:
    """One CRLF-terminated line from the stream (buffer holds look-ahead bytes).

    At the end of the stream, returns at_eof if given, else raises.
    """
    while True:
        end = buffer.find(b"\r\n")
        if end >= 0:
            line = bytes(buffer[:end])
            del buffer[: end + 2]
            return line
        if len(buffer) > _MAX_LINE:
            raise ChunkedEncodingError("chunk header line too long")
        more = read(_READ_SIZE)
        if not more:
            if buffer:
                line = bytes(buffer)
                buffer.clear()
                return line
            if at_eof is not None:
                return at_eof
            raise ChunkedEncodingError("body ended inside a chunk header")
        buffer += more


def _copy_exact(read: Callable[[int], bytes], buffer: bytearray, size: int, write: Callable[[bytes], object]) -> None:
    """Move size bytes of chunk data from buffer + stream to write."""
    taken = min(size, len(buffer))
    if taken:
        write(bytes(buffer[:taken]))
        del buffer[:taken]
    size -= taken
    while size:
        data = read(min(size, _READ_SIZE))
        if not data:
            raise ChunkedEncodingError("body ended inside a chunk")
        write(data)
        size -= len(data)


def _chunk_size(header: bytes) -> int:
    try:
        return int(header.partition(b";")[0], 16)  # int() refuses b"" and ignores surrounding whitespace
    except ValueError:
        raise ChunkedEncodingError(f"bad chunk size line {header[:40]!r}") from None


def _add_trailer(trailers: dict[str, str], line: bytes) -> None:
    name, separator, value = line.decode("latin-1").partition(":")
    if not separator:
        raise ChunkedEncodingError(f"bad trailer line {line[:40]!r}")
    trailers[name.strip().lower()] = value.strip()


def _decode(read: Callable[[int], bytes], write: Callable[[bytes], object], buffer: bytearray) -> dict[str, str]:
    """Copy the chunk data to write; return the trailers (lower-cased names). buffer: bytes already read."""
    while True:
        size = _chunk_size(_read_line(read, buffer))
        if size == 0:
            break
        _copy_exact(read, buffer, size, write)
        if _read_line(read, buffer):
            raise ChunkedEncodingError("chunk data longer than its size")
    trailers: dict[str, str] = {}
    while line := _read_line(read, buffer, at_eof=b""):
        _add_trailer(trailers, line)
    return trailers


def _decode_in_memory(encoded: bytes | bytearray | memoryview) -> tuple[bytes, dict[str, str]]:
    """`_decode` for a body already in memory: the same framing, read by offsets instead of a moving buffer."""
    data = bytes(encoded)
    pieces, position = [], 0
    while True:
        end = data.find(b"\r\n", position)
        if end < 0 and position == len(data):
            raise ChunkedEncodingError("body ended inside a chunk header")
        size = _chunk_size(data[position:] if end < 0 else data[position:end])
        position = len(data) if end < 0 else end + 2
        if size == 0:
            break
        stop = position + size
        if stop > len(data):
            raise ChunkedEncodingError("body ended inside a chunk")
        if stop == len(data):
            raise ChunkedEncodingError("body ended inside a chunk header")
        if not data.startswith(b"\r\n", stop):
            raise ChunkedEncodingError("chunk data longer than its size")
        pieces.append(data[position:stop])
        position = stop + 2
    trailers: dict[str, str] = {}
    for line in data[position:].split(b"\r\n"):
        if not line:
            break
        _add_trailer(trailers, line)
    return b"".join(pieces), trailers


def decode_chunked(body: bytes | BinaryIO) -> tuple[bytes | BinaryIO, dict[str, str]]:
    """(decoded body, trailers): bytes for a bytes or short body, a rewound file otherwise."""
    if isinstance(body, (bytes, bytearray, memoryview)):
        return _decode_in_memory(body)
    head = body.read(_READ_SIZE)
    more = body.read(_READ_SIZE) if head else b""
    if not more:
        return _decode_in_memory(head)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT)
    try:
        trailers = _decode(body.read, spool.write, bytearray(head + more))
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, trailers
