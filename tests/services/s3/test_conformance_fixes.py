"""Behaviours S3 has that Moto's own test suite checks: restores, partial reads, 304s, listing edge cases,
grant headers, custom endpoints and mocked pytest classes."""

from __future__ import annotations

import os
from unittest import mock

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from moto_shared import mock_aws
from s3_support import REGION, error_of


def test_restore_makes_an_archived_object_readable(s3, bucket):
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    assert error_of(s3.get_object, Bucket=bucket, Key="cold") == ("InvalidObjectState", 403)
    assert error_of(s3.copy_object, Bucket=bucket, Key="copy", CopySource=f"{bucket}/cold") == (
        "ObjectNotInActiveTierError", 403)
    started = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 2})
    assert started["ResponseMetadata"]["HTTPStatusCode"] == 202  # Accepted: a restore starts
    assert s3.head_object(Bucket=bucket, Key="cold")["Restore"].startswith('ongoing-request="false", expiry-date="')
    assert s3.get_object(Bucket=bucket, Key="cold")["Body"].read() == b"x"
    extended = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 5})
    assert extended["ResponseMetadata"]["HTTPStatusCode"] == 200  # already restored: only the expiry moves
    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/cold")
    copy = s3.head_object(Bucket=bucket, Key="copy")
    assert "Restore" not in copy and "StorageClass" not in copy


def test_restore_errors(s3, bucket):
    s3.put_object(Bucket=bucket, Key="warm", Body=b"x")
    assert error_of(s3.restore_object, Bucket=bucket, Key="warm", RestoreRequest={"Days": 1}) == (
        "InvalidObjectState", 403)
    assert error_of(s3.restore_object, Bucket=bucket, Key="missing", RestoreRequest={"Days": 1}) == ("NoSuchKey", 404)


def test_part_number_and_whole_ranges_are_partial_content(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")
    for call in (s3.head_object, s3.get_object):
        response = call(Bucket=bucket, Key="k", PartNumber=1)
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 206
        assert response["ContentRange"] == "bytes 0-9/10"
    response = s3.head_object(Bucket=bucket, Key="k", Range="bytes=0-100")
    assert (response["ResponseMetadata"]["HTTPStatusCode"], response["ContentRange"]) == (206, "bytes 0-9/10")
    assert error_of(s3.head_object, Bucket=bucket, Key="k", PartNumber=2) == ("416", 416)
    response = s3.head_object(Bucket=bucket, Key="k", Range="bytes=5-1")  # unsatisfiable syntax: ignored
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200 and "ContentRange" not in response


def test_not_modified_carries_the_etag(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
    assert caught.value.response["ResponseMetadata"]["HTTPHeaders"]["etag"] == etag


def test_copy_in_place_naming_a_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    version_id = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["VersionId"]
    assert error_of(s3.copy_object, Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "k"}) == (
        "InvalidRequest", 400)
    s3.copy_object(Bucket=bucket, Key="k", CopySource={"Bucket": bucket, "Key": "k", "VersionId": version_id})
    assert len(s3.list_object_versions(Bucket=bucket)["Versions"]) == 2


def test_tagging_a_delete_marker_names_the_method(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    with pytest.raises(ClientError) as caught:
        s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=marker, Tagging={"TagSet": []})
    error = caught.value.response["Error"]
    assert (error["Code"], error["Method"]) == ("MethodNotAllowed", "PUT")
    assert caught.value.response["ResponseMetadata"]["HTTPHeaders"]["allow"] == "DELETE"


def test_reserved_tag_messages(s3, bucket):
    with pytest.raises(ClientError) as caught:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="aws:k=v")
    assert caught.value.response["Error"]["Message"] == "Your TagKey cannot be prefixed with aws:"


def test_listing_tokens_and_default_page_size(s3, bucket):
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert error_of(s3.list_objects_v2, Bucket=bucket, ContinuationToken="") == ("InvalidArgument", 400)
    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=1, StartAfter="a")
    assert first["StartAfter"] == "a"
    second = s3.list_objects_v2(Bucket=bucket, StartAfter="a", ContinuationToken=first["NextContinuationToken"])
    assert "StartAfter" not in second and [item["Key"] for item in second["Contents"]] == ["c"]
    with mock.patch.dict(os.environ, {"MOTO_S3_DEFAULT_MAX_KEYS": "2"}):
        page = s3.list_objects_v2(Bucket=bucket)
    assert (page["MaxKeys"], page["KeyCount"], page["IsTruncated"]) == (2, 2, True)


def test_grant_headers(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    s3.put_object_acl(Bucket=bucket, Key="k", GrantRead='url="http://acs.amazonaws.com/groups/global/AllUsers"')
    assert s3.get_object_acl(Bucket=bucket, Key="k")["Grants"] == [
        {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"x", ACL="private", GrantRead="id=abc") == (
        "InvalidRequest", 400)
    owner = s3.get_bucket_acl(Bucket=bucket)["Owner"]
    assert error_of(s3.put_bucket_acl, Bucket=bucket, AccessControlPolicy={"Grants": []}) == (
        "MalformedACLError", 400)
    bad_permission = [{"Grantee": {"Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "EVERYTHING"}]
    assert error_of(s3.put_bucket_acl, Bucket=bucket,
                    AccessControlPolicy={"Grants": bad_permission, "Owner": owner}) == ("MalformedACLError", 400)


def test_custom_s3_endpoints_are_intercepted():
    endpoint = "https://s3.storage.example.test"
    with mock.patch.dict(os.environ, {"MOTO_S3_CUSTOM_ENDPOINTS": f"https://other.example.test,{endpoint}"}):
        with mock_aws(store="memory://"):
            client = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
            client.create_bucket(Bucket="custom")
            client.put_object(Bucket="custom", Key="k", Body=b"x")
            url = client.generate_presigned_url("get_object", {"Bucket": "custom", "Key": "k"})
            assert requests.get(url).content == b"x"
            assert [b["Name"] for b in client.list_buckets()["Buckets"]] == ["custom"]


@mock_aws(store="memory://")
class TestSetupMethodRunsInsideTheMock:
    """Moto's class decorator covers setup_method too: what it creates is there for the test."""

    def setup_method(self, *_):
        self.client = boto3.client("s3", region_name=REGION)
        self.client.create_bucket(Bucket="from-setup")

    def test_sees_what_setup_created(self):
        assert [b["Name"] for b in self.client.list_buckets()["Buckets"]] == ["from-setup"]

    def test_each_test_gets_a_fresh_namespace(self):
        assert len(self.client.list_buckets()["Buckets"]) == 1


def test_multipart_upload_reports_its_kms_key(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k", ServerSideEncryption="aws:kms", SSEKMSKeyId="key-1")
    assert (upload["ServerSideEncryption"], upload["SSEKMSKeyId"]) == ("aws:kms", "key-1")
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload["UploadId"], PartNumber=1, Body=b"x")
    assert part["SSEKMSKeyId"] == "key-1"
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload["UploadId"],
                                        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert (done["ServerSideEncryption"], done["SSEKMSKeyId"]) == ("aws:kms", "key-1")


def test_list_parts_arguments_are_range_checked(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    for argument in ("MaxParts", "PartNumberMarker"):
        for value in (-1, 2**31):
            assert error_of(s3.list_parts, Bucket=bucket, Key="k", UploadId=upload_id, **{argument: value}) == (
                "InvalidArgument", 400)
