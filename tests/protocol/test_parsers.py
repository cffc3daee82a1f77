"""parse_request on the requests real clients send, and on the malformed ones they don't."""

from __future__ import annotations

import gzip
import io
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from botocore.model import ServiceModel

from moto_shared.errors import AWSError
from moto_shared.protocol import load_service_model, parse_request
from moto_shared.protocol.chunked import SPOOL_LIMIT
from moto_shared.protocol.http import Headers, HttpRequest
from moto_shared.protocol.identify import identify
from moto_shared.protocol.models import UnknownService, service_metadata
from moto_shared.protocol.parsers import WireRequest, parse_operation
from moto_shared.protocol.shapes import parse_timestamp
from tests.protocol.botocore_capture import CapturingClient

SIGNED = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0"
)


def json_request(target: str, body: bytes | str, service: str = "sqs", region: str = "us-east-1") -> HttpRequest:
    headers = Headers({"X-Amz-Target": target, "Authorization": SIGNED.format(region=region, service=service)})
    return HttpRequest(
        "POST", f"https://{service}.{region}.amazonaws.com/", headers, body.encode() if isinstance(body, str) else body
    )


def aws_error(request: HttpRequest) -> AWSError:
    with pytest.raises(AWSError) as caught:
        parse_request(request)
    return caught.value


@pytest.fixture(scope="module")
def s3() -> CapturingClient:
    return CapturingClient("s3")


# --- models --------------------------------------------------------------------------


def test_models_are_loaded_once_per_process():
    assert load_service_model("sqs") is load_service_model("sqs")


def test_s3_model_is_not_the_one_botocore_clients_mutate(s3):
    s3.request_for("PutObject", {"Bucket": "bucket", "Key": "k", "Body": b"x"})
    assert load_service_model("s3").operation_model("PutObject").http["requestUri"] == "/{Bucket}/{Key+}"


def test_unknown_service_name_raises():
    with pytest.raises(UnknownService):
        load_service_model("no-such-service")


@pytest.mark.parametrize("service", ["sqs", "s3", "dynamodbstreams", "cognito-idp", "ec2"])
def test_metadata_read_from_the_file_head_matches_the_model(service):
    assert service_metadata(service) == load_service_model(service).metadata


# --- identification --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "host", "query", "service", "region"),
    [
        ({"x-amz-target": "AmazonSQS.SendMessage"}, "localhost:5000", {}, "sqs", "us-east-1"),
        (
            {"authorization": SIGNED.format(region="eu-west-1", service="sts")},
            "sts.amazonaws.com",
            {},
            "sts",
            "eu-west-1",
        ),
        (
            {
                "x-amz-target": "DynamoDBStreams_20120810.GetRecords",
                "authorization": SIGNED.format(region="us-west-2", service="dynamodb"),
            },
            "",
            {},
            "dynamodbstreams",
            "us-west-2",
        ),
        (
            {"x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth"},
            "cognito-idp.ap-south-1.amazonaws.com",
            {},
            "cognito-idp",
            "ap-south-1",
        ),
        ({}, "cognito-idp.eu-central-1.amazonaws.com", {}, "cognito-idp", "eu-central-1"),
        ({}, "streams.dynamodb.us-east-2.amazonaws.com", {}, "dynamodbstreams", "us-east-2"),
        ({"x-amz-target": "Kinesis_20131202.PutRecord"}, "", {}, "kinesis", "us-east-1"),
        ({"authorization": SIGNED.format(region="us-east-2", service="ec2")}, "", {}, "ec2", "us-east-2"),
        (
            {},
            "s3.amazonaws.com",
            {"X-Amz-Credential": "AKIDEXAMPLE/20240101/ca-central-1/s3/aws4_request"},
            "s3",
            "ca-central-1",
        ),
    ],
)
def test_identifies_service_and_region(headers, host, query, service, region):
    identity = identify(Headers(headers), host, query)
    assert (identity.service, identity.region) == (service, region)


@pytest.mark.parametrize(
    ("host", "bucket", "region"),
    [
        ("my-bucket.s3.amazonaws.com", "my-bucket", "us-east-1"),
        ("my-bucket.s3.us-west-2.amazonaws.com", "my-bucket", "us-west-2"),
        ("my-bucket.s3-us-west-2.amazonaws.com", "my-bucket", "us-west-2"),
        ("my.dotted.bucket.s3.dualstack.eu-west-1.amazonaws.com", "my.dotted.bucket", "eu-west-1"),
        ("s3.us-west-2.amazonaws.com", "", "us-west-2"),
    ],
)
def test_s3_virtual_host_names_the_bucket(host, bucket, region):
    identity = identify(Headers(), host, {})
    assert (identity.service, identity.host_prefix, identity.region) == ("s3", bucket, region)


def test_access_key_comes_from_the_credential_scope():
    identity = identify(Headers({"authorization": SIGNED.format(region="us-east-1", service="sqs")}), "", {})
    assert identity.access_key_id == "AKIDEXAMPLE"


def test_unknown_service_is_an_aws_error_naming_what_we_got():
    error = aws_error(
        HttpRequest("POST", "https://example.com/", Headers({"X-Amz-Target": "NoSuchPrefix.DoIt"}), b"{}")
    )
    assert error.code == "UnknownService"
    assert "NoSuchPrefix" in error.message


# --- json -------------------------------------------------------------------------------


def test_json_request_params_region_and_key():
    parsed = parse_request(
        json_request(
            "AmazonSQS.CreateQueue", '{"QueueName": "q", "Attributes": {"DelaySeconds": "5"}}', region="eu-west-1"
        )
    )
    assert (parsed.service_model.service_name, parsed.operation_model.name) == ("sqs", "CreateQueue")
    assert parsed.params == {"QueueName": "q", "Attributes": {"DelaySeconds": "5"}}
    assert (parsed.region, parsed.access_key_id, parsed.presigned_expires_at) == ("eu-west-1", "AKIDEXAMPLE", None)


def test_json_unknown_members_and_nulls_are_dropped():
    parsed = parse_request(
        json_request("AmazonSQS.GetQueueUrl", '{"QueueName": "q", "Bogus": 1, "QueueOwnerAWSAccountId": null}')
    )
    assert parsed.params == {"QueueName": "q"}


def test_json_converts_blobs_and_timestamps():
    parsed = parse_request(
        json_request(
            "DynamoDB_20120810.PutItem",
            '{"TableName": "t", "Item": {"k": {"B": "aGk="}, "n": {"L": [{"N": "1"}, {"BS": ["AA=="]}]}}}',
            service="dynamodb",
        )
    )
    assert parsed.params["Item"] == {"k": {"B": b"hi"}, "n": {"L": [{"N": "1"}, {"BS": [b"\x00"]}]}}
    parsed = parse_request(
        json_request(
            "AWSCognitoIdentityProviderService.AdminListUserAuthEvents",
            '{"UserPoolId": "p", "Username": "u"}',
            service="cognito-idp",
        )
    )
    assert parsed.params == {"UserPoolId": "p", "Username": "u"}


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"'])
def test_json_malformed_body_is_a_serialization_exception(body):
    assert aws_error(json_request("AmazonSQS.CreateQueue", body)).code == "SerializationException"


def test_json_wrong_value_type_is_a_serialization_exception():
    assert (
        aws_error(json_request("AmazonSQS.ReceiveMessage", '{"QueueUrl": "u", "MaxNumberOfMessages": "ten"}')).code
        == "SerializationException"
    )


def test_json_missing_member_is_the_validation_message_aws_sends():
    error = aws_error(json_request("AmazonSQS.CreateQueue", "{}"))
    assert (error.code, error.status) == ("ValidationException", 400)
    assert (
        error.message
        == "1 validation error detected: Value null at 'queueName' failed to satisfy constraint: Member must not be null"
    )


def test_json_missing_members_are_all_listed_with_nested_paths():
    error = aws_error(json_request("AmazonSQS.SendMessage", "{}"))
    assert error.message.startswith("2 validation errors detected: Value null at 'queueUrl' failed")
    error = aws_error(
        json_request(
            "DynamoDB_20120810.CreateTable",
            '{"TableName": "t", "AttributeDefinitions": [], "KeySchema": [{"KeyType": "HASH"}]}',
            service="dynamodb",
        )
    )
    assert "Value null at 'keySchema.1.member.attributeName'" in error.message


def test_first_calls_from_many_threads_build_one_plan_and_agree():
    request = json_request("AWSCognitoIdentityProviderService.ListUsers", '{"UserPoolId": "p", "Limit": 5}', "cognito-idp")
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: parse_request(request).params, range(16)))
    assert results == [{"UserPoolId": "p", "Limit": 5}] * 16


def test_json_unknown_operation():
    error = aws_error(json_request("AmazonSQS.Frobnicate", "{}"))
    assert (error.code, error.status) == ("UnknownOperationException", 400)


# --- query -------------------------------------------------------------------------------


def query_request(body: str, method: str = "POST", query: str = "") -> HttpRequest:
    headers = Headers(
        {
            "Authorization": SIGNED.format(region="us-east-1", service="sts"),
            "Content-Type": "application/x-www-form-urlencoded",
        }
    )
    return HttpRequest(method, f"https://sts.amazonaws.com/{query}", headers, body.encode())


def test_query_post_form_body():
    parsed = parse_request(
        query_request(
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=s"
            "&DurationSeconds=900&Tags.member.1.Key=k&Tags.member.1.Value=v&TransitiveTagKeys.member.1=k"
        )
    )
    assert parsed.operation_model.name == "AssumeRole"
    assert parsed.params == {
        "RoleArn": "arn:aws:iam::1:role/r",
        "RoleSessionName": "s",
        "DurationSeconds": 900,
        "Tags": [{"Key": "k", "Value": "v"}],
        "TransitiveTagKeys": ["k"],
    }


def test_query_get_with_presigned_query_string():
    """The EKS/Vault style presigned sts:GetCallerIdentity URL."""
    url = (
        "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIDEXAMPLE%2F20240101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20240101T000000Z"
        "&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00"
    )
    parsed = parse_request(HttpRequest("GET", url))
    assert (parsed.operation_model.name, parsed.params, parsed.access_key_id) == (
        "GetCallerIdentity",
        {},
        "AKIDEXAMPLE",
    )
    assert parsed.presigned_expires_at == datetime(2024, 1, 1, 0, 1, tzinfo=timezone.utc)


def test_query_missing_parameter():
    error = aws_error(query_request("Action=AssumeRole&Version=2011-06-15&RoleArn=a"))
    assert (error.code, error.message) == (
        "MissingParameter",
        "The request must contain the parameter RoleSessionName.",
    )


def test_query_invalid_action():
    error = aws_error(query_request("Action=Frobnicate&Version=2011-06-15"))
    assert (error.code, error.status) == ("InvalidAction", 400)


def test_query_bad_integer():
    error = aws_error(
        query_request("Action=AssumeRole&Version=2011-06-15&RoleArn=a&RoleSessionName=s&DurationSeconds=x")
    )
    assert error.code == "InvalidParameterValue"


# --- rest-xml: S3 ---------------------------------------------------------------------------


@pytest.mark.parametrize("addressing_style", ["virtual", "path"])
@pytest.mark.parametrize(
    ("operation", "params", "expected"),
    [
        ("ListObjectsV2", {"Bucket": "bkt", "Prefix": "a/"}, {"Bucket": "bkt", "Prefix": "a/", "EncodingType": "url"}),
        ("ListObjects", {"Bucket": "bkt"}, {"Bucket": "bkt", "EncodingType": "url"}),
        ("CreateMultipartUpload", {"Bucket": "bkt", "Key": "k"}, {"Bucket": "bkt", "Key": "k"}),
        (
            "CopyObject",
            {"Bucket": "bkt", "Key": "k2", "CopySource": "src/k"},
            {"Bucket": "bkt", "Key": "k2", "CopySource": "src/k"},
        ),
        (
            "GetObject",
            {"Bucket": "bkt", "Key": "dir/ a+b ü.txt", "Range": "bytes=0-1"},
            {"Bucket": "bkt", "Key": "dir/ a+b ü.txt", "Range": "bytes=0-1", "ChecksumMode": "ENABLED"},
        ),
        ("GetBucketVersioning", {"Bucket": "bkt"}, {"Bucket": "bkt"}),
        ("ListBuckets", {}, {}),
        (
            "DeleteObjects",
            {"Bucket": "bkt", "Delete": {"Objects": [{"Key": "a"}, {"Key": "b"}], "Quiet": True}},
            {
                "Bucket": "bkt",
                "Delete": {"Objects": [{"Key": "a"}, {"Key": "b"}], "Quiet": True},
                "ChecksumAlgorithm": "CRC32",
            },
        ),
    ],
)
def test_s3_routing_in_both_addressing_styles(operation, params, expected, addressing_style):
    client = CapturingClient("s3", s3={"addressing_style": addressing_style})
    parsed = parse_request(client.request_for(operation, params))
    assert (parsed.operation_model.name, parsed.params, parsed.region) == (operation, expected, "us-west-2")


@pytest.mark.parametrize(
    ("deprecated", "current"),
    [
        ("GetBucketLifecycle", "GetBucketLifecycleConfiguration"),
        ("GetBucketNotification", "GetBucketNotificationConfiguration"),
    ],
)
def test_s3_deprecated_operation_parses_as_its_current_twin(s3, deprecated, current):
    """Same method and URI: nothing on the wire tells them apart, and AWS answers with the current one."""
    assert parse_request(s3.request_for(deprecated, {"Bucket": "bkt"})).operation_model.name == current


def test_s3_put_object_aws_chunked_with_trailing_checksum(s3):
    parsed = parse_request(
        s3.request_for("PutObject", {"Bucket": "bkt", "Key": "k", "Body": b"hello", "Metadata": {"Owner": "me"}})
    )
    params = parsed.params
    assert parsed.operation_model.name == "PutObject"
    assert params["Body"].read() == b"hello"
    assert (params["ChecksumAlgorithm"], params["ChecksumCRC32"], params["ContentLength"]) == ("CRC32", "NhCmhg==", 5)
    assert params["Metadata"] == {"owner": "me"}
    assert "ContentEncoding" not in params


def test_s3_content_encoding_keeps_what_the_user_set(s3):
    parsed = parse_request(
        s3.request_for("PutObject", {"Bucket": "bkt", "Key": "k", "Body": b"x", "ContentEncoding": "gzip"})
    )
    assert parsed.params["ContentEncoding"] == "gzip"


def test_s3_upload_part_is_told_from_put_object_by_its_query(s3):
    parsed = parse_request(
        s3.request_for("UploadPart", {"Bucket": "bkt", "Key": "k", "UploadId": "u", "PartNumber": 3, "Body": b"x"})
    )
    assert parsed.operation_model.name == "UploadPart"
    assert (parsed.params["UploadId"], parsed.params["PartNumber"]) == ("u", 3)


def test_s3_streamed_upload_is_decoded_into_a_bounded_spool(s3):
    size = SPOOL_LIMIT + 3 * 1024 * 1024
    parsed = parse_request(
        s3.request_for("PutObject", {"Bucket": "bkt", "Key": "big", "Body": io.BytesIO(b"\x01" * size)})
    )
    body = parsed.params["Body"]
    assert body._rolled  # spilled to disk instead of growing in memory
    total = 0
    while chunk := body.read(1 << 20):
        total += len(chunk)
    assert total == size == parsed.params["ContentLength"]


def test_s3_unchunked_stream_is_handed_over_unread():
    class Unread(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            raise AssertionError("the parser must not read a streaming body")

    body = Unread()
    headers = Headers({"Authorization": SIGNED.format(region="us-east-1", service="s3"), "Content-Length": "104857600"})
    parsed = parse_request(HttpRequest("PUT", "https://bkt.s3.amazonaws.com/big", headers, body))
    assert parsed.params["Body"] is body
    assert parsed.params["ContentLength"] == 104857600


def test_s3_presigned_v4_url(s3):
    url = s3.client.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "k"}, ExpiresIn=120)
    parsed = parse_request(HttpRequest("GET", url))
    assert (parsed.operation_model.name, parsed.params, parsed.access_key_id) == (
        "GetObject",
        {"Bucket": "bkt", "Key": "k"},
        "AKIDEXAMPLE",
    )
    assert parsed.presigned_expires_at - datetime.now(timezone.utc) <= timedelta(seconds=120)


def test_s3_malformed_xml(s3):
    request = s3.request_for("PutBucketTagging", {"Bucket": "bkt", "Tagging": {"TagSet": []}})
    request.body = b"<Tagging><TagSet>"
    error = aws_error(request)
    assert (error.code, error.status) == ("MalformedXML", 400)


def test_s3_no_route_is_method_not_allowed():
    headers = Headers({"Authorization": SIGNED.format(region="us-east-1", service="s3")})
    error = aws_error(HttpRequest("PATCH", "https://bkt.s3.amazonaws.com/k", headers))
    assert (error.code, error.status) == ("MethodNotAllowed", 405)


def test_s3_bad_chunked_framing_is_an_aws_error():
    headers = Headers(
        {"Authorization": SIGNED.format(region="us-east-1", service="s3"), "Content-Encoding": "aws-chunked"}
    )
    error = aws_error(HttpRequest("PUT", "https://bkt.s3.amazonaws.com/k", headers, b"zz\r\nhello"))
    assert error.code == "IncompleteBody"


# --- request compression, timestamps ---------------------------------------------------------


def test_gzip_compressed_body_of_an_operation_that_allows_it():
    model = ServiceModel(
        {
            "metadata": {"protocol": "json", "jsonVersion": "1.1", "targetPrefix": "Svc", "apiVersion": "2020-01-01"},
            "operations": {
                "Put": {
                    "name": "Put",
                    "http": {"method": "POST", "requestUri": "/"},
                    "input": {"shape": "In"},
                    "requestcompression": {"encodings": ["gzip"]},
                }
            },
            "shapes": {"In": {"type": "structure", "members": {"Data": {"shape": "S"}}}, "S": {"type": "string"}},
        },
        service_name="svc",
    )
    headers = Headers({"X-Amz-Target": "Svc.Put", "Content-Encoding": "gzip"})
    wire = WireRequest.from_http(
        HttpRequest(
            "POST", "https://svc.amazonaws.com/", headers, gzip.compress(json.dumps({"Data": "x" * 100}).encode())
        )
    )
    assert parse_operation(wire, model)[1] == {"Data": "x" * 100}


@pytest.mark.parametrize(
    "text",
    [
        "1422172800",
        "1422172800.000",
        "2015-01-25T08:00:00Z",
        "2015-01-25T08:00:00.000Z",
        "2015-01-25T09:00:00+01:00",
        "Sun, 25 Jan 2015 08:00:00 GMT",
    ],
)
def test_timestamps_in_every_wire_format(text):
    assert parse_timestamp(text) == datetime(2015, 1, 25, 8, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "text",
    [
        "Action=GetCallerIdentity&Version=2011-06-15",
        "a=1&&b=&c&d=x=y&=v",
        "name=hello+world&esc=%41%2B%26%3D%20&bad=%zz&utf=%C3%A9%ff",
        "list-type=2&prefix=&encoding-type=url",
        "+=+&%2B=%2b&",
    ],
)
def test_parse_form_reads_as_parse_qsl_does(text):
    from urllib.parse import parse_qsl

    from moto_shared.protocol.parsers import parse_form

    assert parse_form(text) == parse_qsl(text, keep_blank_values=True)
