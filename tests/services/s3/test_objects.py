"""PutObject, GetObject, HeadObject, CopyObject, DeleteObject(s), object tagging."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from botocore.config import Config

from s3_support import REGION, error_of


def md5_etag(data: bytes) -> str:
    return f'"{hashlib.md5(data).hexdigest()}"'


def test_put_get_round_trip_with_headers_and_metadata(s3, bucket):
    expires = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    put = s3.put_object(
        Bucket=bucket, Key="dir/file.txt", Body=b"hello world", ContentType="text/plain", ContentEncoding="identity",
        ContentDisposition="attachment", ContentLanguage="en", CacheControl="max-age=60", Expires=expires,
        StorageClass="STANDARD_IA", WebsiteRedirectLocation="/elsewhere", Metadata={"Colour": "blue"},
    )
    assert put["ETag"] == md5_etag(b"hello world")
    assert "VersionId" not in put
    got = s3.get_object(Bucket=bucket, Key="dir/file.txt")
    assert got["Body"].read() == b"hello world"
    assert got["ETag"] == put["ETag"]
    assert got["ContentLength"] == 11
    assert got["ContentType"] == "text/plain"
    assert got["ContentEncoding"] == "identity"
    assert got["ContentDisposition"] == "attachment"
    assert got["ContentLanguage"] == "en"
    assert got["CacheControl"] == "max-age=60"
    assert got["ExpiresString"].startswith("Wed, 02 Jan 2030 03:04:05")
    assert got["StorageClass"] == "STANDARD_IA"
    assert got["WebsiteRedirectLocation"] == "/elsewhere"
    assert got["Metadata"] == {"colour": "blue"}
    assert got["AcceptRanges"] == "bytes"
    assert got["ServerSideEncryption"] == "AES256"
    assert got["LastModified"].tzinfo is not None


def test_defaults_and_overwrite(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"first")
    s3.put_object(Bucket=bucket, Key="k", Body=b"second")
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"second"
    assert got["ContentType"] == "binary/octet-stream"
    assert "StorageClass" not in got
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 1


def test_empty_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty")
    got = s3.get_object(Bucket=bucket, Key="empty")
    assert got["Body"].read() == b""
    assert got["ETag"] == md5_etag(b"")


def test_missing_key_and_bucket(s3, bucket):
    assert error_of(s3.get_object, Bucket=bucket, Key="nope") == ("NoSuchKey", 404)
    assert error_of(s3.head_object, Bucket=bucket, Key="nope") == ("404", 404)
    assert error_of(s3.get_object, Bucket="no-such-bucket", Key="k") == ("NoSuchBucket", 404)
    assert error_of(s3.put_object, Bucket="no-such-bucket", Key="k", Body=b"x") == ("NoSuchBucket", 404)


def test_no_such_key_names_the_key(s3, bucket):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key="some/key")
    assert caught.value.response["Error"]["Key"] == "some/key"


@pytest.mark.parametrize(("spec", "expected", "content_range"), [
    ("bytes=2-4", b"234", "bytes 2-4/10"),
    ("bytes=7-", b"789", "bytes 7-9/10"),
    ("bytes=-3", b"789", "bytes 7-9/10"),
    ("bytes=8-100", b"89", "bytes 8-9/10"),
])
def test_range_get(s3, bucket, spec, expected, content_range):
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="digits", Range=spec)
    assert got["Body"].read() == expected
    assert got["ContentRange"] == content_range
    assert got["ContentLength"] == len(expected)


def test_range_get_answers_206(s3, bucket):
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="digits", Range="bytes=0-1")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206


def test_unsatisfiable_and_ignored_ranges(s3, bucket):
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    assert error_of(s3.get_object, Bucket=bucket, Key="digits", Range="bytes=10-") == ("InvalidRange", 416)
    assert error_of(s3.get_object, Bucket=bucket, Key="digits", Range="bytes=-0") == ("InvalidRange", 416)
    # S3 ignores a Range it can't parse and sends the whole object.
    assert s3.get_object(Bucket=bucket, Key="digits", Range="bytes=5-2")["Body"].read() == b"0123456789"


def test_conditional_get_and_head(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"data")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="k")["LastModified"]
    before, after = modified - timedelta(hours=1), modified + timedelta(hours=1)
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag)["Body"].read() == b"data"
    assert error_of(s3.get_object, Bucket=bucket, Key="k", IfMatch='"other"') == ("PreconditionFailed", 412)
    assert error_of(s3.get_object, Bucket=bucket, Key="k", IfNoneMatch=etag) == ("304", 304)
    assert error_of(s3.get_object, Bucket=bucket, Key="k", IfModifiedSince=after)[1] == 304
    assert error_of(s3.get_object, Bucket=bucket, Key="k", IfUnmodifiedSince=before) == ("PreconditionFailed", 412)
    assert s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=before)["ETag"] == etag
    # If-Match that holds wins over a failing If-Unmodified-Since (RFC 7232, as S3 does).
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag, IfUnmodifiedSince=before)["ETag"] == etag
    assert error_of(s3.head_object, Bucket=bucket, Key="k", IfNoneMatch=etag)[1] == 304
    assert error_of(s3.head_object, Bucket=bucket, Key="k", IfMatch='"x"')[1] == 412


def test_conditional_put(s3, bucket):
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"one", IfNoneMatch="*")
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"two", IfNoneMatch="*") == ("PreconditionFailed", 412)
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"two", IfMatch='"nope"') == (
        "PreconditionFailed", 412)
    assert error_of(s3.put_object, Bucket=bucket, Key="absent", Body=b"x", IfMatch=first["ETag"]) == (
        "NoSuchKey", 404)
    s3.put_object(Bucket=bucket, Key="k", Body=b"three", IfMatch=first["ETag"])
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"three"


def test_content_md5(s3, bucket):
    body = b"checked"
    good = base64.b64encode(hashlib.md5(body).digest()).decode()
    s3.put_object(Bucket=bucket, Key="k", Body=body, ContentMD5=good)
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=body, ContentMD5=wrong) == ("BadDigest", 400)
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=body, ContentMD5="not-md5") == ("InvalidDigest", 400)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == body


def test_invalid_storage_class_and_metadata_size(s3, bucket):
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"", StorageClass="NOPE")[0] == "InvalidStorageClass"
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"", Metadata={"big": "x" * 3000}) == (
        "MetadataTooLarge", 400)


def test_glacier_objects_cannot_be_read(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    assert error_of(s3.get_object, Bucket=bucket, Key="cold") == ("InvalidObjectState", 403)
    assert s3.head_object(Bucket=bucket, Key="cold")["StorageClass"] == "GLACIER"


def test_response_header_overrides(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ContentType="text/plain")
    got = s3.get_object(Bucket=bucket, Key="k", ResponseContentType="application/json",
                        ResponseContentDisposition="inline")
    assert got["ContentType"] == "application/json"
    assert got["ContentDisposition"] == "inline"


def test_copy_object_copies_data_metadata_and_tags(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", ContentType="text/x", Metadata={"a": "1"},
                  Tagging="t=1")
    copied = s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert copied["CopyObjectResult"]["ETag"] == md5_etag(b"payload")
    got = s3.get_object(Bucket=bucket, Key="dst")
    assert got["Body"].read() == b"payload"
    assert got["ContentType"] == "text/x"
    assert got["Metadata"] == {"a": "1"}
    assert s3.get_object_tagging(Bucket=bucket, Key="dst")["TagSet"] == [{"Key": "t", "Value": "1"}]
    s3.delete_object(Bucket=bucket, Key="src")
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"payload"


def test_copy_object_replace_directives(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"payload", Metadata={"a": "1"}, Tagging="t=1")
    s3.copy_object(Bucket=bucket, Key="dst", CopySource=f"{bucket}/src", MetadataDirective="REPLACE",
                   Metadata={"b": "2"}, ContentType="text/new", TaggingDirective="REPLACE", Tagging="u=2")
    got = s3.head_object(Bucket=bucket, Key="dst")
    assert got["Metadata"] == {"b": "2"}
    assert got["ContentType"] == "text/new"
    assert s3.get_object_tagging(Bucket=bucket, Key="dst")["TagSet"] == [{"Key": "u", "Value": "2"}]


def test_copy_onto_itself_needs_a_change(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert error_of(s3.copy_object, Bucket=bucket, Key="k", CopySource=f"{bucket}/k") == ("InvalidRequest", 400)
    s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{bucket}/k", MetadataDirective="REPLACE",
                   Metadata={"new": "yes"})
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"new": "yes"}


def test_copy_conditions_and_missing_source(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="src", Body=b"x")["ETag"]
    source = f"{bucket}/src"
    assert error_of(s3.copy_object, Bucket=bucket, Key="d", CopySource=source, CopySourceIfMatch='"x"') == (
        "PreconditionFailed", 412)
    assert error_of(s3.copy_object, Bucket=bucket, Key="d", CopySource=source, CopySourceIfNoneMatch=etag) == (
        "PreconditionFailed", 412)
    s3.copy_object(Bucket=bucket, Key="d", CopySource=source, CopySourceIfMatch=etag)
    assert error_of(s3.copy_object, Bucket=bucket, Key="d", CopySource=f"{bucket}/missing") == ("NoSuchKey", 404)


def test_copy_key_with_special_characters(s3, bucket):
    key = "dir/with space+plus&amp?.txt"
    s3.put_object(Bucket=bucket, Key=key, Body=b"odd")
    s3.copy_object(Bucket=bucket, Key="plain", CopySource={"Bucket": bucket, "Key": key})
    assert s3.get_object(Bucket=bucket, Key="plain")["Body"].read() == b"odd"


def test_delete_object_is_idempotent(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="k")
    s3.delete_object(Bucket=bucket, Key="k")
    assert error_of(s3.get_object, Bucket=bucket, Key="k") == ("NoSuchKey", 404)


def test_delete_objects_reports_each_key(s3, bucket):
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "never"}]})
    assert sorted(entry["Key"] for entry in result["Deleted"]) == ["a", "b", "never"]
    assert "Errors" not in result
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["c"]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "c"}], "Quiet": True})
    assert "Deleted" not in quiet
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_delete_objects_per_key_errors(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b", "VersionId": "bad"}]})
    assert [entry["Key"] for entry in result["Deleted"]] == ["a"]
    assert [(entry["Key"], entry["Code"]) for entry in result["Errors"]] == [("b", "InvalidArgument")]


def test_object_tagging(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&b=two%20words")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [
        {"Key": "a", "Value": "1"}, {"Key": "b", "Value": "two words"}]
    assert s3.get_object(Bucket=bucket, Key="k")["TagCount"] == 2
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "z", "Value": "9"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "z", "Value": "9"}]
    s3.delete_object_tagging(Bucket=bucket, Key="k")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
    assert error_of(s3.put_object_tagging, Bucket=bucket, Key="k", Tagging={"TagSet": too_many})[1] == 400
    duplicate = [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]
    assert error_of(s3.put_object_tagging, Bucket=bucket, Key="k", Tagging={"TagSet": duplicate}) == (
        "InvalidTag", 400)
    assert error_of(s3.get_object_tagging, Bucket=bucket, Key="missing") == ("NoSuchKey", 404)


def test_resource_api_objects(s3, bucket):
    resource = boto3.resource("s3", region_name="us-east-1")
    resource.Object(bucket, "res/one").put(Body=b"1")
    resource.Bucket(bucket).put_object(Key="res/two", Body=b"22")
    assert resource.Object(bucket, "res/two").content_length == 2
    assert resource.Object(bucket, "res/one").get()["Body"].read() == b"1"
    assert sorted(o.key for o in resource.Bucket(bucket).objects.filter(Prefix="res/")) == ["res/one", "res/two"]
    resource.Bucket(bucket).objects.all().delete()
    assert list(resource.Bucket(bucket).objects.all()) == []


def test_virtual_host_and_path_style_addressing(s3, bucket):
    from botocore.config import Config

    for style in ("virtual", "path"):
        client = boto3.client("s3", region_name="us-east-1", config=Config(s3={"addressing_style": style}))
        client.put_object(Bucket=bucket, Key=f"{style}/k", Body=style.encode())
        assert client.get_object(Bucket=bucket, Key=f"{style}/k")["Body"].read() == style.encode()
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 2


def test_get_object_attributes(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"attributes", ChecksumAlgorithm="SHA256")
    attributes = s3.get_object_attributes(Bucket=bucket, Key="k",
                                          ObjectAttributes=["ETag", "Checksum", "ObjectSize", "StorageClass"])
    assert attributes["ETag"] == put["ETag"].strip('"')
    assert attributes["ObjectSize"] == 10
    assert attributes["StorageClass"] == "STANDARD"
    assert attributes["Checksum"]["ChecksumSHA256"] == put["ChecksumSHA256"]
    assert "ObjectParts" not in attributes
    assert error_of(s3.get_object_attributes, Bucket=bucket, Key="missing", ObjectAttributes=["ETag"]) == (
        "NoSuchKey", 404)


def test_get_object_attributes_with_an_empty_list_is_not_a_get_object(bucket):
    """An empty list header is sent as nothing: `?attributes` alone must still name GetObjectAttributes."""
    client = boto3.client("s3", region_name=REGION, config=Config(parameter_validation=False,
                                                                  retries={"max_attempts": 1}))
    client.put_object(Bucket=bucket, Key="k", Body=b"attributes")
    attributes = client.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=[])
    assert attributes["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "LastModified" in attributes
    assert not {"ETag", "ObjectSize", "Checksum", "StorageClass"} & attributes.keys()
