"""botocore's output protocol vectors, run backwards: our serializer writes, botocore reads.

Each case gives a model, an expected parsed `result` (or error) and the HTTP
response AWS would send. We serialize the `result` (or the error, as an
AWSError) with our serializer, parse our response with botocore's own parser
and check that botocore gets back exactly what the case expects. That is the
property that matters: any response botocore reads correctly is as good as
AWS's byte-for-byte one.
"""

from __future__ import annotations

import json
import math
from calendar import timegm
from pathlib import Path

import pytest
from botocore.awsrequest import HeadersDict
from botocore.eventstream import EventStream
from botocore.model import ServiceModel
from botocore.parsers import ResponseParserFactory
from botocore.utils import parse_timestamp
from dateutil.tz import tzutc

from moto_shared.errors import AWSError
from moto_shared.protocol import serialize_error, serialize_result
from tests.protocol.skipped_cases import OUTPUT as SKIPPED

VECTORS_DIR = Path(__file__).parent / "vectors"
OUTPUT_FILES = ("output", "legacy/output")
REQUEST_ID = "vector-request-id"


def _case_key(file_name: str, suite: dict, index: int, case: dict) -> str:
    """"<file>::<case id>", or "<file>::<suite description> #<n>" for legacy cases without ids."""
    label = case.get("id") or f"{suite['description']} #{index}"
    return f"{file_name}::{label}"


def _load_cases():
    for folder in OUTPUT_FILES:
        for path in sorted((VECTORS_DIR / folder).glob("*.json")):
            if "cbor" in path.name:
                continue
            file_name = f"{folder}/{path.name}"
            for suite in json.loads(path.read_text()):
                for index, case in enumerate(suite["cases"]):
                    key = _case_key(file_name, suite, index, case)
                    marks = [pytest.mark.skip(reason=SKIPPED[key])] if key in SKIPPED else []
                    yield pytest.param(suite, case, id=key, marks=marks)


CASES = list(_load_cases())


def _epoch_timestamp(value):
    """Timestamps compared as epoch numbers, as the vectors write them."""
    moment = parse_timestamp(value).astimezone(tzutc())
    whole = timegm(moment.timetuple())
    return whole + moment.microsecond / 1e6 if moment.microsecond else whole


def _operation_model(suite: dict, case: dict):
    given = case["given"]
    name = given.get("name", "OperationName")
    description = {"metadata": suite["metadata"], "shapes": suite["shapes"], "operations": {name: given}}
    return ServiceModel(description).operation_model(name)


def _error_from_case(operation_model, case: dict) -> AWSError:
    """The AWSError a service would raise to produce this case's error response."""
    fields = dict(case["error"])
    message = case.get("errorMessage", "")
    shape = operation_model.service_model.shape_for_error_code(case.get("errorCode"))
    for member_name in list(fields):
        if member_name.lower() == "message":
            message = fields.pop(member_name)
    if shape is None:
        fields = {}  # unmodelled: botocore exposes no fields for it
    return AWSError(case.get("errorCode", ""), message, **fields)


def _parse_with_botocore(operation_model, response) -> dict:
    """What a botocore client returns or raises with, mirroring its modelled-error merge."""
    body = response.body if isinstance(response.body, bytes) else b"".join(response.body)
    http = {
        "status_code": response.status,
        "headers": HeadersDict(response.headers),
        "body": _RawStream(body) if _is_event_stream(operation_model) else body,
        "context": {"operation_name": operation_model.name},
    }
    factory = ResponseParserFactory()
    factory.set_parser_defaults(timestamp_parser=_epoch_timestamp)
    parser = factory.create_parser(operation_model.service_model.protocol)
    parsed = parser.parse(http, operation_model.output_shape)
    if response.status >= 300:
        code = parsed.get("Error", {}).get("Code")
        error_shape = operation_model.service_model.shape_for_error_code(code)
        if error_shape is not None:
            parsed.update(parser.parse(http, error_shape))
    return parsed


class _RawStream:
    """What botocore's EventStream reads from: the urllib3 response it would get over HTTP."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self):
        yield self._body

    def close(self) -> None:
        pass


def _is_event_stream(operation_model) -> bool:
    shape = operation_model.output_shape
    return shape is not None and any(member.serialization.get("eventstream") for member in shape.members.values())


def _normalise(parsed: dict) -> dict:
    """Drop what botocore's own compliance runner drops: metadata and extra error keys."""
    parsed.pop("ResponseMetadata", None)
    if "Error" in parsed:
        parsed["Error"] = {key: parsed["Error"].get(key, "") for key in ("Code", "Message")}
    return _text_blobs(parsed)


def _text_blobs(value):
    """Blobs come back as bytes; the vectors write them as text."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, dict):
        return {key: _text_blobs(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_text_blobs(item) for item in value]
    if isinstance(value, EventStream):
        return [_text_blobs(event) for event in value]
    return value


_SPECIAL_FLOATS = ("NaN", "Infinity", "-Infinity")


def _same(actual, expected) -> bool:
    """Equality where the vectors' "NaN" / "Infinity" / "-Infinity" texts equal the floats they spell."""
    if expected in _SPECIAL_FLOATS and isinstance(actual, float):
        return math.isnan(actual) if expected == "NaN" else actual == float(expected)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            _same(actual[key], expected[key]) for key in expected
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            _same(a, e) for a, e in zip(actual, expected)
        )
    return actual == expected


def test_vectors_are_vendored():
    assert len(CASES) > 300


@pytest.mark.parametrize(("suite", "case"), CASES)
def test_output_vector(suite, case):
    operation_model = _operation_model(suite, case)
    if "error" in case:
        error = _error_from_case(operation_model, case)
        response = serialize_error(
            operation_model.service_model, error, request_id=REQUEST_ID, operation_model=operation_model
        )
        expected = {"Error": {"Code": case.get("errorCode", ""), "Message": case.get("errorMessage", "")}}
        expected.update(case["error"])
    else:
        response = serialize_result(operation_model, case["result"], request_id=REQUEST_ID)
        expected = case["result"]
    parsed = _normalise(_parse_with_botocore(operation_model, response))
    assert _same(parsed, expected), f"\nparsed:   {parsed}\nexpected: {expected}\nbody: {response.body!r}"
