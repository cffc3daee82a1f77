"""Bucket and object ACLs: canned ACLs, grant headers and policies, stored and shown (not enforced)."""

from __future__ import annotations

from s3_support import error_of

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def permissions(acl: dict) -> list[tuple[str, str]]:
    return sorted((grant["Grantee"].get("URI") or grant["Grantee"].get("ID"), grant["Permission"])
                  for grant in acl["Grants"])


def test_default_acl_is_owner_full_control(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    bucket_acl = s3.get_bucket_acl(Bucket=bucket)
    owner_id = bucket_acl["Owner"]["ID"]
    assert permissions(bucket_acl) == [(owner_id, "FULL_CONTROL")]
    assert permissions(s3.get_object_acl(Bucket=bucket, Key="k")) == [(owner_id, "FULL_CONTROL")]


def test_canned_acls(s3):
    s3.create_bucket(Bucket="public-bucket", ACL="public-read")
    owner_id = s3.get_bucket_acl(Bucket="public-bucket")["Owner"]["ID"]
    assert permissions(s3.get_bucket_acl(Bucket="public-bucket")) == [(owner_id, "FULL_CONTROL"), (ALL_USERS, "READ")]
    s3.put_object(Bucket="public-bucket", Key="k", Body=b"x", ACL="public-read-write")
    assert permissions(s3.get_object_acl(Bucket="public-bucket", Key="k")) == [
        (owner_id, "FULL_CONTROL"), (ALL_USERS, "READ"), (ALL_USERS, "WRITE")]
    s3.put_object_acl(Bucket="public-bucket", Key="k", ACL="private")
    assert permissions(s3.get_object_acl(Bucket="public-bucket", Key="k")) == [(owner_id, "FULL_CONTROL")]


def test_grant_headers_and_policy_documents(s3, bucket):
    s3.put_bucket_acl(Bucket=bucket, GrantRead=f'uri="{ALL_USERS}"', GrantFullControl="id=abc123")
    assert permissions(s3.get_bucket_acl(Bucket=bucket)) == [("abc123", "FULL_CONTROL"), (ALL_USERS, "READ")]
    policy = {"Owner": {"ID": "abc123"}, "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc123"},
                                                     "Permission": "WRITE_ACP"}]}
    s3.put_bucket_acl(Bucket=bucket, AccessControlPolicy=policy)
    assert permissions(s3.get_bucket_acl(Bucket=bucket)) == [("abc123", "WRITE_ACP")]


def test_acl_errors(s3, bucket):
    assert error_of(s3.get_object_acl, Bucket=bucket, Key="missing") == ("NoSuchKey", 404)
    assert error_of(s3.get_bucket_acl, Bucket="no-such-bucket") == ("NoSuchBucket", 404)
