"""The parsers' shortcuts accept and refuse exactly what the general code they stand in for does."""

from __future__ import annotations

import json

import pytest

from moto_shared.protocol.http import Headers
from moto_shared.protocol.parsers import _load_json
from moto_shared.protocol.shapes import BadValue

JSON_BODIES = [
    b"{}",
    b'{"a": 1}  \n',
    b'{"a": 1} x',
    b'{"a": 1}\x0c',  # a form feed is not JSON whitespace
    b"{",
    b'{"a":}',
    b'{"a": "\xed\xa0\x80"}',  # a lone surrogate, which json.loads lets through
    b'{"a": "\xff"}',
    b'  {"a": 1}',
    b"[1]",
    b'{"a": NaN}',
    b'{"a": 1}{}',
    '{"a": "é"}'.encode("utf-16"),
    b"\xef\xbb\xbf{}",
]


@pytest.mark.parametrize("body", JSON_BODIES)
def test_load_json_answers_as_json_loads(body):
    try:
        expected = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        expected = None
    if not isinstance(expected, dict):
        with pytest.raises(BadValue):
            _load_json(body)
    else:
        assert repr(_load_json(body)) == repr(expected)  # repr: NaN != NaN


def test_headers_item_lookup_ignores_case():
    headers = Headers({"Content-Type": "text/plain"})
    assert headers["content-type"] == headers["Content-Type"] == headers["CONTENT-TYPE"] == "text/plain"
    for missing in ("x-missing", "X-Missing"):
        with pytest.raises(KeyError):
            headers[missing]
