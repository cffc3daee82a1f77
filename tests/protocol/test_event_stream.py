"""The event-stream encoder, checked against botocore's decoder."""

from __future__ import annotations

import pytest
from botocore.eventstream import ChecksumMismatch, EventStreamBuffer

from datetime import datetime, timezone

from moto_shared.protocol.event_stream import encode_message


def decode(data: bytes) -> list:
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return list(buffer)


RECORDS = {":event-type": "Records", ":message-type": "event", ":content-type": "application/octet-stream"}
END = {":event-type": "End", ":message-type": "event"}


def test_messages_decode_with_their_headers_and_payloads():
    data = encode_message(RECORDS, b"a,b\n" * 1000) + encode_message({"name": "välue"}, b"") + encode_message(END)
    first, second, last = decode(data)
    assert first.headers == {":event-type": "Records", ":message-type": "event",
                             ":content-type": "application/octet-stream"}
    assert first.payload == b"a,b\n" * 1000
    assert (second.headers, second.payload) == ({"name": "välue"}, b"")
    assert last.headers == {":event-type": "End", ":message-type": "event"}
    assert last.prelude.total_length == len(encode_message(END))


def test_the_message_crc_covers_the_payload():
    message = bytearray(encode_message(RECORDS, b"payload"))
    message[-6] ^= 0xFF  # one payload byte
    with pytest.raises(ChecksumMismatch):
        decode(bytes(message))


def test_typed_header_values_decode_to_their_python_types():
    when = datetime(2015, 1, 25, 8, 0, 0, 123000, tzinfo=timezone.utc)
    headers = {"flag": True, "off": False, "count": 2**40, "blob": b"\x00\xff", "text": "ü", "when": when}
    (message,) = decode(encode_message(headers))
    assert message.headers == {
        "flag": True, "off": False, "count": 2**40, "blob": b"\x00\xff", "text": "ü", "when": 1422172800123,
    }
