"""S3 requests as other clients (SDKs, curl scripts, Moto's tests) send them, beyond what boto3 sends."""

from __future__ import annotations

import pytest

from moto_shared.errors import AWSError
from moto_shared.protocol import parse_request
from moto_shared.protocol.http import Headers, HttpRequest
from tests.protocol.botocore_capture import CapturingClient

SIGNATURE = "a" * 64


@pytest.fixture(scope="module")
def s3() -> CapturingClient:
    return CapturingClient("s3")


def test_streaming_signed_upload_without_aws_chunked_content_encoding_is_unframed(s3) -> None:
    """SigV4 streaming (x-amz-content-sha256: STREAMING-...) frames the body in chunks; Content-Encoding is optional."""
    request = s3.request_for("PutObject", {"Bucket": "bkt", "Key": "k", "Body": b"CONTENT"})
    headers = Headers((key, value) for key, value in request.headers.items() if key != "content-encoding")
    headers["x-amz-content-sha256"] = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    headers["x-amz-decoded-content-length"] = "7"
    for key in [key for key in headers if key.startswith("x-amz-checksum") or key == "x-amz-trailer"]:
        del headers[key]
    body = f"7;chunk-signature={SIGNATURE}\r\nCONTENT\r\n0;chunk-signature={SIGNATURE}\r\n\r\n".encode()
    parsed = parse_request(HttpRequest("PUT", request.url, headers, body))
    assert parsed.params["Body"].read() == b"CONTENT"
    assert "ContentEncoding" not in parsed.params


def test_required_element_missing_inside_the_xml_body_is_malformed_xml(s3) -> None:
    request = s3.request_for("PutBucketTagging", {"Bucket": "bkt", "Tagging": {"TagSet": [{"Key": "k", "Value": "v"}]}})
    request.body = b"<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>"  # no <Value>
    with pytest.raises(AWSError) as raised:
        parse_request(request)
    assert (raised.value.code, raised.value.status) == ("MalformedXML", 400)
    assert raised.value.message.startswith("The XML you provided was not well-formed")



def test_required_element_missing_at_the_root_of_the_xml_payload_is_malformed_xml(s3) -> None:
    request = s3.request_for("DeleteObjects", {"Bucket": "bkt", "Delete": {"Objects": [{"Key": "a"}]}})
    request.body = b"<Delete><Quiet>true</Quiet></Delete>"  # no <Object>
    with pytest.raises(AWSError) as raised:
        parse_request(request)
    assert (raised.value.code, raised.value.status) == ("MalformedXML", 400)
