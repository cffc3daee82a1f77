"""botocore gzip-compresses the bodies of operations that allow it (CloudWatch's PutMetricData).

CloudWatch also speaks the query protocol (older SDKs send it that way); there the
Action itself is inside the compressed body, so the parser must undo the
compression before it can even tell the operation.
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest
from botocore.compress import maybe_compress_request
from botocore.config import Config
from botocore.serialize import create_serializer

from moto_shared.errors import AWSError
from moto_shared.protocol import load_service_model, parse_request
from moto_shared.protocol.http import Headers, HttpRequest
from tests.protocol.botocore_capture import CapturingClient

METRICS = [
    {
        "MetricName": f"latency-{index}",
        "Value": float(index),
        "Unit": "Milliseconds",
        "Timestamp": datetime(2026, 1, 1, tzinfo=timezone.utc),
    }
    for index in range(40)
]
PARAMS = {"Namespace": "app", "MetricData": METRICS}
AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/monitoring/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=00"
)


def _query_request(body: bytes, content_encoding: str | None) -> HttpRequest:
    headers = Headers({"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Authorization": AUTHORIZATION})
    if content_encoding:
        headers["Content-Encoding"] = content_encoding
    return HttpRequest("POST", "https://monitoring.us-east-1.amazonaws.com/", headers, body)


def _query_body(compress: bool) -> bytes:
    operation_model = load_service_model("cloudwatch", "query").operation_model("PutMetricData")
    request_dict = create_serializer("query").serialize_to_request(PARAMS, operation_model)
    if compress:
        maybe_compress_request(Config(request_min_compression_size_bytes=1), request_dict, operation_model)
        assert request_dict["headers"]["Content-Encoding"] == "gzip"
    body = request_dict["body"]  # a dict of fields until botocore (or its compressor) encodes it
    return body if isinstance(body, bytes) else urlencode(body, doseq=True).encode()


def test_compressed_query_request_is_parsed_like_an_uncompressed_one() -> None:
    parsed = parse_request(_query_request(_query_body(compress=True), "gzip"))
    reference = parse_request(_query_request(_query_body(compress=False), None))
    assert parsed.operation_model.name == "PutMetricData"
    assert parsed.operation_model.metadata["protocol"] == "query"
    assert parsed.params == reference.params
    assert [metric["MetricName"] for metric in parsed.params["MetricData"]] == [m["MetricName"] for m in METRICS]


def test_compressed_json_request_from_a_real_client_is_parsed_like_an_uncompressed_one() -> None:
    sent = CapturingClient("cloudwatch", request_min_compression_size_bytes=1).request_for("PutMetricData", PARAMS)
    assert sent.headers["Content-Encoding"] == "gzip"
    reference = CapturingClient("cloudwatch", disable_request_compression=True).request_for("PutMetricData", PARAMS)
    assert parse_request(sent).params == parse_request(reference).params


def test_a_query_body_that_is_not_gzip_gets_a_400_error_not_a_traceback() -> None:
    with pytest.raises(AWSError) as raised:
        parse_request(_query_request(b"Action=PutMetricData&not-gzip", "gzip"))
    assert (raised.value.code, raised.value.status) == ("InvalidParameterValue", 400)
    assert "gzip" in raised.value.message
