"""A bucket policy's explicit Deny statements refuse object reads, writes and deletes."""

from __future__ import annotations

import json

import pytest

from s3_support import error_of


def deny(s3, bucket: str, actions, resource: str = "/*", **statement) -> None:
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": actions, "Resource": f"arn:aws:s3:::{bucket}{resource}",
         **statement}]}
    s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))


def test_deny_delete(s3, bucket):
    s3.put_object(Bucket=bucket, Key="kept", Body=b"x")
    deny(s3, bucket, "s3:DeleteObject")
    assert error_of(s3.delete_object, Bucket=bucket, Key="kept") == ("AccessDenied", 403)
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "kept"}]})
    assert [(e["Key"], e["Code"]) for e in result["Errors"]] == [("kept", "AccessDenied")]
    assert s3.get_object(Bucket=bucket, Key="kept")["Body"].read() == b"x"  # reads aren't denied
    s3.delete_bucket_policy(Bucket=bucket)
    s3.delete_object(Bucket=bucket, Key="kept")


def test_deny_with_wildcards_covers_every_object_operation(s3, bucket):
    s3.put_object(Bucket=bucket, Key="private/a", Body=b"x")
    s3.put_object(Bucket=bucket, Key="public/a", Body=b"x")
    deny(s3, bucket, ["s3:Get*", "s3:Put*"], resource="/private/*")
    assert error_of(s3.get_object, Bucket=bucket, Key="private/a") == ("AccessDenied", 403)
    assert error_of(s3.head_object, Bucket=bucket, Key="private/a") == ("403", 403)  # HEAD errors have no body
    assert error_of(s3.put_object, Bucket=bucket, Key="private/b", Body=b"x") == ("AccessDenied", 403)
    assert error_of(s3.copy_object, Bucket=bucket, Key="public/b", CopySource=f"{bucket}/private/a") == (
        "AccessDenied", 403)
    assert error_of(s3.create_multipart_upload, Bucket=bucket, Key="private/c") == ("AccessDenied", 403)
    # Outside the denied resource everything works.
    s3.copy_object(Bucket=bucket, Key="public/b", CopySource=f"{bucket}/public/a")
    assert s3.get_object(Bucket=bucket, Key="public/b")["Body"].read() == b"x"


def test_deny_version_deletes_only(s3, versioned_bucket):
    version_id = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")["VersionId"]
    deny(s3, versioned_bucket, "s3:DeleteObjectVersion")
    assert error_of(s3.delete_object, Bucket=versioned_bucket, Key="k", VersionId=version_id) == (
        "AccessDenied", 403)
    assert s3.delete_object(Bucket=versioned_bucket, Key="k")["DeleteMarker"] is True


@pytest.mark.parametrize("statement", [
    {"Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}},  # can't be evaluated
    {"Principal": {"AWS": "arn:aws:iam::111111111111:root"}},  # another account
    {"Principal": {"Service": "logging.s3.amazonaws.com"}},
])
def test_denies_that_do_not_name_the_caller_change_nothing(s3, bucket, statement):
    deny(s3, bucket, "s3:PutObject", **statement)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")


def test_deny_naming_the_account_applies(s3, bucket):
    deny(s3, bucket, "s3:PutObject", Principal={"AWS": ["123456789012"]})
    assert error_of(s3.put_object, Bucket=bucket, Key="k", Body=b"x") == ("AccessDenied", 403)
