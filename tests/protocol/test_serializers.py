"""Serializer behaviour the protocol vectors don't cover, checked through real botocore clients.

Each client here answers from our serializer through botocore's `before-send`
event, so parsing, query-compatible error mapping and exception classes are
botocore's own, exactly as a user's client would see them.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

import botocore.session
import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from botocore.model import ServiceModel
from botocore.parsers import create_parser

from moto_shared.errors import AWSError
from moto_shared.protocol import load_service_model, serialize_error, serialize_result
from moto_shared.protocol.serialize_json import dumps, to_json

REQUEST_ID = "req-1234"


class _RawBody(io.BytesIO):
    """What botocore's AWSResponse reads a body from (streamed, or read for streaming outputs)."""

    def stream(self, **_):
        yield self.getvalue()


def _client(service: str, answer):
    """A botocore client whose every call is answered by answer(operation_model) -> HttpResponse."""
    session = botocore.session.get_session()
    client = session.create_client(
        service, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    operations = {}

    def remember_operation(model, **_):
        operations["current"] = model

    def send(request, **_):
        response = answer(operations["current"])
        body = response.body if isinstance(response.body, bytes) else b"".join(response.body)
        return AWSResponse(request.url, response.status, dict(response.headers), _RawBody(body))

    client.meta.events.register("before-call", remember_operation)
    client.meta.events.register("before-send", send)
    return client


def _error_client(service: str, error: AWSError):
    return _client(
        service,
        lambda operation_model: serialize_error(
            operation_model.service_model, error, request_id=REQUEST_ID, operation_model=operation_model
        ),
    )


def _result_client(service: str, result: dict):
    return _client(service, lambda operation_model: serialize_result(operation_model, result, request_id=REQUEST_ID))


# --- query-compatible json errors ---------------------------------------------


def test_sqs_missing_queue_raises_the_modelled_exception():
    client = _error_client("sqs", AWSError("QueueDoesNotExist", "The specified queue does not exist."))
    with pytest.raises(client.exceptions.QueueDoesNotExist) as raised:
        client.get_queue_url(QueueName="missing")
    response = raised.value.response
    assert response["Error"]["Message"] == "The specified queue does not exist."
    assert response["Error"]["Type"] == "Sender"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["ResponseMetadata"]["RequestId"] == REQUEST_ID


def test_sqs_error_carries_the_query_error_header():
    sqs = load_service_model("sqs")
    response = serialize_error(sqs, AWSError("QueueDoesNotExist", "gone"), request_id=REQUEST_ID)
    shape = sqs.shape_for("QueueDoesNotExist")
    assert response.headers["x-amzn-query-error"] == f"{shape.error_code};Sender"
    assert response.headers["content-type"] == "application/x-amz-json-1.0"


QUERY_COMPATIBLE_MODEL = {
    "metadata": {"protocol": "json", "jsonVersion": "1.0", "awsQueryCompatible": {}, "targetPrefix": "Q"},
    "operations": {"GetQueueUrl": {"name": "GetQueueUrl", "http": {"method": "POST", "requestUri": "/"}}},
    "shapes": {
        "QueueDoesNotExist": {
            "type": "structure",
            "members": {"message": {"shape": "String"}},
            "exception": True,
            "error": {"code": "AWS.SimpleQueueService.NonExistentQueue", "httpStatusCode": 400, "senderFault": True},
        },
        "String": {"type": "string"},
    },
}


@pytest.mark.parametrize("code", ["QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"])
def test_query_code_comes_from_the_error_shape(code):
    model = ServiceModel(QUERY_COMPATIBLE_MODEL)
    response = serialize_error(model, AWSError(code, "gone"), request_id=REQUEST_ID)
    assert response.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
    parsed = create_parser("json").parse(
        {"status_code": response.status, "headers": response.headers, "body": response.body}, None
    )
    assert parsed["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert parsed["Error"]["QueryErrorCode"] == "QueueDoesNotExist"
    assert parsed["Error"]["Message"] == "gone"


# --- query / ec2 ----------------------------------------------------------------


def test_query_error_document():
    sts = load_service_model("sts")
    response = serialize_error(sts, AWSError("ExpiredTokenException", "expired"), request_id=REQUEST_ID)
    assert response.status == 400
    assert response.body == (
        b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
        b"<Code>ExpiredTokenException</Code><Message>expired</Message></Error>"
        b"<RequestId>req-1234</RequestId></ErrorResponse>"
    )


def test_query_error_fault_and_status_can_be_overridden():
    sts = load_service_model("sts")
    error = AWSError("ServiceUnavailable", "later", 503, headers={"Retry-After": "1"})
    response = serialize_error(sts, error, request_id=REQUEST_ID)
    assert response.status == 503
    assert b"<Type>Receiver</Type>" in response.body
    assert response.headers["retry-after"] == "1"


def test_query_result_round_trips_through_the_client_with_escaping():
    expiration = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    credentials = {"AccessKeyId": "AK", "SecretAccessKey": "a&b<c>\r\n", "SessionToken": "t", "Expiration": expiration}
    client = _result_client("sts", {"Credentials": credentials, "PackedPolicySize": 7})
    answer = client.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="session")
    assert answer["Credentials"] == credentials
    assert answer["PackedPolicySize"] == 7
    assert answer["ResponseMetadata"]["RequestId"] == REQUEST_ID


def test_ec2_error_document():
    ec2 = load_service_model("ec2")
    response = serialize_error(ec2, AWSError("InvalidVpcID.NotFound", "no vpc"), request_id=REQUEST_ID)
    assert response.body == (
        b"<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>no vpc</Message></Error></Errors>"
        b"<RequestID>req-1234</RequestID></Response>"
    )


# --- request ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "call", "result"),
    [
        ("sqs", lambda c: c.list_queues(), {"QueueUrls": ["https://q"]}),
        ("sts", lambda c: c.get_caller_identity(), {"Account": "123456789012"}),
        ("ec2", lambda c: c.describe_regions(), {"Regions": [{"RegionName": "us-east-1"}]}),
        ("cognito-idp", lambda c: c.list_user_pools(MaxResults=1), {"UserPools": []}),
        ("s3", lambda c: c.list_buckets(), {"Buckets": []}),
    ],
)
def test_request_id_reaches_the_client(service, call, result):
    answer = call(_result_client(service, result))
    assert answer["ResponseMetadata"]["RequestId"] == REQUEST_ID


@pytest.mark.parametrize(
    ("service", "operation", "where"),
    [
        ("sqs", "ListQueues", "x-amzn-requestid"),
        ("cognito-idp", "ListUserPools", "x-amzn-requestid"),
        ("s3", "ListBuckets", "x-amz-request-id"),
        ("sts", "GetCallerIdentity", b"<ResponseMetadata><RequestId>req-1234</RequestId></ResponseMetadata>"),
        ("ec2", "DescribeRegions", b"<requestId>req-1234</requestId>"),
    ],
)
def test_request_id_placement_per_protocol(service, operation, where):
    operation_model = load_service_model(service).operation_model(operation)
    response = serialize_result(operation_model, {}, request_id=REQUEST_ID)
    if isinstance(where, bytes):
        assert where in response.body
    else:
        assert response.headers[where] == REQUEST_ID
    if service == "s3":
        assert response.headers["x-amz-id-2"]


# --- S3 (rest-xml) --------------------------------------------------------------


def test_s3_error_document_with_extra_fields():
    client = _error_client("s3", AWSError("NoSuchKey", "The specified key does not exist.", Key="a<b", BucketName="bk"))
    with pytest.raises(client.exceptions.NoSuchKey) as raised:
        client.get_object(Bucket="bk", Key="a<b")
    response = raised.value.response
    assert response["Error"] == {
        "Code": "NoSuchKey",
        "Message": "The specified key does not exist.",
        "Key": "a<b",
        "BucketName": "bk",
    }
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert response["ResponseMetadata"]["RequestId"] == REQUEST_ID
    assert response["ResponseMetadata"]["HostId"]


def test_s3_head_error_has_no_body():
    s3 = load_service_model("s3")
    head = s3.operation_model("HeadObject")
    response = serialize_error(s3, AWSError("NoSuchKey", "gone"), request_id=REQUEST_ID, operation_model=head)
    assert (response.status, response.body) == (404, b"")
    client = _error_client("s3", AWSError("NoSuchKey", "gone"))
    with pytest.raises(ClientError) as raised:
        client.head_object(Bucket="bk", Key="k")
    assert raised.value.response["Error"]["Code"] == "404"


def test_s3_head_result_has_headers_and_no_body():
    s3 = load_service_model("s3")
    modified = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    result = {"ContentLength": 12, "ETag": '"abc"', "LastModified": modified, "Metadata": {"color": "blue"}}
    response = serialize_result(s3.operation_model("HeadObject"), result, request_id=REQUEST_ID)
    assert response.body == b""
    assert response.headers["content-length"] == "12"
    assert response.headers["last-modified"] == "Mon, 06 May 2024 07:08:09 GMT"
    assert response.headers["x-amz-meta-color"] == "blue"


def test_streaming_payload_iterable_is_passed_through_unjoined():
    chunks = iter([b"a" * 10, b"b" * 10])
    result = {"Body": chunks, "ContentLength": 20, "ContentType": "image/png"}
    get_object = load_service_model("s3").operation_model("GetObject")
    response = serialize_result(get_object, result, request_id=REQUEST_ID)
    assert response.body is chunks
    assert response.headers["content-length"] == "20"
    assert response.headers["content-type"] == "image/png"
    assert list(response.body) == [b"a" * 10, b"b" * 10]


def test_streaming_payload_file_object_is_read_in_chunks():
    get_object = load_service_model("s3").operation_model("GetObject")
    response = serialize_result(get_object, {"Body": io.BytesIO(b"xyz")}, request_id=REQUEST_ID)
    assert not isinstance(response.body, bytes)
    assert b"".join(response.body) == b"xyz"


def test_bytes_payload_gets_content_length():
    client = _result_client("s3", {"Body": b"hello", "ContentType": "text/plain"})
    answer = client.get_object(Bucket="bk", Key="k")
    assert answer["Body"].read() == b"hello"
    assert answer["ResponseMetadata"]["HTTPHeaders"]["content-length"] == "5"


def test_xml_attributes_and_namespaces_round_trip():
    grants = [{"Grantee": {"Type": "CanonicalUser", "ID": "owner-id"}, "Permission": "FULL_CONTROL"}]
    client = _result_client("s3", {"Owner": {"ID": "owner-id"}, "Grants": grants})
    answer = client.get_bucket_acl(Bucket="bk")
    assert answer["Grants"] == grants
    assert answer["Owner"] == {"ID": "owner-id"}


# --- json / rest-json -----------------------------------------------------------


def test_dynamodb_error_fields_reach_the_exception():
    item = {"pk": {"S": "a"}}
    client = _error_client("dynamodb", AWSError("ConditionalCheckFailedException", "failed", Item=item))
    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as raised:
        client.put_item(TableName="t", Item=item)
    assert raised.value.response["Item"] == item
    assert raised.value.response["Error"]["Message"] == "failed"


def test_fault_trait_defaults_to_server_error():
    dynamodb = load_service_model("dynamodb")
    response = serialize_error(dynamodb, AWSError("InternalServerError", "boom"), request_id=REQUEST_ID)
    assert response.status == 500
    assert b'"__type":"InternalServerError"' in response.body


def test_rest_json_error_type_header():
    client = _error_client("cognito-idp", AWSError("ResourceNotFoundException", "no pool"))
    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        client.describe_user_pool(UserPoolId="us-east-1_x")
    assert raised.value.response["Error"]["Message"] == "no pool"


REST_JSON_MODEL = {
    "metadata": {"protocol": "rest-json"},
    "operations": {
        "Create": {
            "name": "Create",
            "http": {"method": "POST", "requestUri": "/", "responseCode": 201},
            "output": {"shape": "CreateOutput"},
        },
    },
    "shapes": {
        "CreateOutput": {
            "type": "structure",
            "members": {
                "Status": {"shape": "Integer", "location": "statusCode"},
                "Tags": {"shape": "Tags", "location": "header", "locationName": "X-Tags"},
                "Doc": {"shape": "String", "jsonvalue": True, "location": "header", "locationName": "X-Doc"},
                "Name": {"shape": "String"},
            },
        },
        "Tags": {"type": "list", "member": {"shape": "String"}},
        "Integer": {"type": "integer"},
        "String": {"type": "string"},
    },
}


@pytest.mark.parametrize(("result", "status"), [({"Name": "n"}, 201), ({"Name": "n", "Status": 202}, 202)])
def test_status_code_member_and_response_code(result, status):
    operation_model = ServiceModel(REST_JSON_MODEL).operation_model("Create")
    response = serialize_result(operation_model, result, request_id=REQUEST_ID)
    assert response.status == status
    assert response.body == b'{"Name":"n"}'


def test_header_lists_and_jsonvalue_headers_round_trip():
    operation_model = ServiceModel(REST_JSON_MODEL).operation_model("Create")
    result = {"Tags": ["a", "b"], "Doc": {"k": [1, 2]}}
    response = serialize_result(operation_model, result, request_id=REQUEST_ID)
    parsed = create_parser("rest-json").parse(
        {"status_code": response.status, "headers": response.headers, "body": response.body},
        operation_model.output_shape,
    )
    assert parsed["Tags"] == ["a", "b"]
    assert parsed["Doc"] == {"k": [1, 2]}


@pytest.mark.parametrize("location", ["eu-west-1", None])
def test_s3_bucket_location_is_the_root_element_text(location):
    client = _result_client("s3", {"LocationConstraint": location})
    assert client.get_bucket_location(Bucket="bk").get("LocationConstraint") == location


def test_json_items_pass_through_with_blobs_written_by_the_encoder():
    output = load_service_model("dynamodb").operation_model("GetItem").output_shape

    plain = {"pk": {"S": "a"}, "n": {"N": "1"}, "ok": {"BOOL": True}, "tags": {"SS": ["x"]}}
    assert to_json(output, {"Item": plain})["Item"] is plain
    mixed = {"pk": {"S": "a"}, "blob": {"B": b"\x00\xff"}, "nested": {"M": {"b": {"B": b"1"}}}}
    assert to_json(output, {"Item": mixed})["Item"] is mixed
    assert dumps(to_json(output, {"Item": mixed})) == (
        b'{"Item":{"pk":{"S":"a"},"blob":{"B":"AP8="},"nested":{"M":{"b":{"B":"MQ=="}}}}}')
    # A set (or any iterable) given for a list still goes out as a JSON array.
    assert dumps(to_json(output, {"Item": {"tags": {"SS": {"x"}}}})) == b'{"Item":{"tags":{"SS":["x"]}}}'
