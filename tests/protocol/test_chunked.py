"""aws-chunked decoding: the in-memory decoder reads exactly what the streaming one reads."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moto_shared.protocol.chunked import ChunkedEncodingError, _decode, _decode_in_memory


def _streamed(body: bytes) -> tuple[bytes, dict[str, str]] | str:
    out = io.BytesIO()
    try:
        trailers = _decode(io.BytesIO(body).read, out.write, bytearray())
    except ChunkedEncodingError as error:
        return str(error)
    return out.getvalue(), trailers


def _in_memory(body: bytes) -> tuple[bytes, dict[str, str]] | str:
    try:
        return _decode_in_memory(body)
    except ChunkedEncodingError as error:
        return str(error)


def _framed(chunks: list[bytes], trailers: dict[str, str]) -> bytes:
    body = b"".join(b"%x;chunk-signature=abc\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks if chunk)
    body += b"0\r\n" + b"".join(f"{name}:{value}\r\n".encode() for name, value in trailers.items()) + b"\r\n"
    return body


def test_a_botocore_upload_decodes_to_its_data_and_trailers():
    body = _framed([b"x" * 1024, b"tail"], {"x-amz-checksum-crc32": "AAAAAA=="})
    assert _in_memory(body) == (b"x" * 1024 + b"tail", {"x-amz-checksum-crc32": "AAAAAA=="})


@pytest.mark.parametrize("body", [b"", b"0", b"5", b"3\r\nabc", b"3\r\nabcX", b"3\r\nabc\r", b"zz\r\n",
                                  b"0\r\nno-colon\r\n\r\n", b"3\r\nabc\r\n0\r\nx-a:1"])
def test_bad_or_cut_framing_reads_the_same_either_way(body):
    assert _in_memory(body) == _streamed(body)


_line = st.binary(max_size=12).filter(lambda data: b"\r" not in data and b"\n" not in data)


@settings(max_examples=300, deadline=None)
@given(chunks=st.lists(st.binary(max_size=40), max_size=4),
       trailers=st.dictionaries(st.from_regex(r"[a-z-]{1,8}", fullmatch=True), st.from_regex(r"[A-Za-z0-9=]{0,8}",
                                                                                            fullmatch=True), max_size=2),
       cut=st.integers(min_value=0, max_value=400), junk=_line)
def test_any_body_cut_or_corrupted_reads_the_same_either_way(chunks, trailers, cut, junk):
    body = _framed(chunks, trailers)
    for variant in (body, body[:cut], body[:cut] + junk + body[cut:]):
        assert _in_memory(variant) == _streamed(variant)
