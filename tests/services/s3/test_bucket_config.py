"""Bucket configurations: stored and returned as given, with S3's errors when absent."""

from __future__ import annotations

import json

import pytest

from s3_support import error_of


def test_bucket_tagging(s3, bucket):
    assert error_of(s3.get_bucket_tagging, Bucket=bucket) == ("NoSuchTagSet", 404)
    tags = [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "test"}]
    put = s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 204  # No Content, as S3 answers
    assert s3.get_bucket_tagging(Bucket=bucket)["TagSet"] == tags
    assert error_of(s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": [{"Key": "aws:x", "Value": "1"}]}) == (
        "InvalidTag", 400)
    s3.delete_bucket_tagging(Bucket=bucket)
    assert error_of(s3.get_bucket_tagging, Bucket=bucket) == ("NoSuchTagSet", 404)


def test_bucket_policy(s3, bucket):
    assert error_of(s3.get_bucket_policy, Bucket=bucket) == ("NoSuchBucketPolicy", 404)
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]})
    s3.put_bucket_policy(Bucket=bucket, Policy=policy)
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"]) == json.loads(policy)
    assert error_of(s3.put_bucket_policy, Bucket=bucket, Policy="not json") == ("MalformedPolicy", 400)
    s3.delete_bucket_policy(Bucket=bucket)
    assert error_of(s3.get_bucket_policy, Bucket=bucket) == ("NoSuchBucketPolicy", 404)


def test_bucket_cors(s3, bucket):
    assert error_of(s3.get_bucket_cors, Bucket=bucket) == ("NoSuchCORSConfiguration", 404)
    rules = [{"AllowedMethods": ["GET", "PUT"], "AllowedOrigins": ["https://example.com"], "AllowedHeaders": ["*"],
              "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 300}]
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": rules})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == rules
    bad = [{"AllowedMethods": ["PATCH"], "AllowedOrigins": ["*"]}]
    assert error_of(s3.put_bucket_cors, Bucket=bucket, CORSConfiguration={"CORSRules": bad}) == (
        "InvalidRequest", 400)
    s3.delete_bucket_cors(Bucket=bucket)
    assert error_of(s3.get_bucket_cors, Bucket=bucket) == ("NoSuchCORSConfiguration", 404)


def test_bucket_lifecycle(s3, bucket):
    assert error_of(s3.get_bucket_lifecycle_configuration, Bucket=bucket) == ("NoSuchLifecycleConfiguration", 404)
    rules = [{"ID": "expire-logs", "Filter": {"Prefix": "logs/"}, "Status": "Enabled", "Expiration": {"Days": 7}}]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    assert s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"] == rules
    s3.delete_bucket_lifecycle(Bucket=bucket)
    assert error_of(s3.get_bucket_lifecycle_configuration, Bucket=bucket) == ("NoSuchLifecycleConfiguration", 404)


def test_bucket_encryption_defaults_to_sse_s3(s3, bucket):
    default = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]
    assert default["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    kms = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "key-1"},
                      "BucketKeyEnabled": True}]}
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration=kms)
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == kms
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="k")["ServerSideEncryption"] == "aws:kms"
    s3.delete_bucket_encryption(Bucket=bucket)
    assert s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"] == default


def test_public_access_block(s3, bucket):
    assert error_of(s3.get_public_access_block, Bucket=bucket) == ("NoSuchPublicAccessBlockConfiguration", 404)
    config = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": False,
              "RestrictPublicBuckets": False}
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=config)
    assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"] == config
    s3.delete_public_access_block(Bucket=bucket)
    assert error_of(s3.get_public_access_block, Bucket=bucket)[1] == 404


def test_ownership_controls(s3, bucket):
    assert error_of(s3.get_bucket_ownership_controls, Bucket=bucket) == ("OwnershipControlsNotFoundError", 404)
    controls = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    s3.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls=controls)
    assert s3.get_bucket_ownership_controls(Bucket=bucket)["OwnershipControls"] == controls
    s3.delete_bucket_ownership_controls(Bucket=bucket)
    assert error_of(s3.get_bucket_ownership_controls, Bucket=bucket)[1] == 404
    s3.create_bucket(Bucket="owned-at-creation", ObjectOwnership="ObjectWriter")
    assert s3.get_bucket_ownership_controls(Bucket="owned-at-creation")["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "ObjectWriter"}]


def test_website(s3, bucket):
    assert error_of(s3.get_bucket_website, Bucket=bucket) == ("NoSuchWebsiteConfiguration", 404)
    config = {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}}
    s3.put_bucket_website(Bucket=bucket, WebsiteConfiguration=config)
    got = s3.get_bucket_website(Bucket=bucket)
    assert (got["IndexDocument"], got["ErrorDocument"]) == (config["IndexDocument"], config["ErrorDocument"])
    s3.delete_bucket_website(Bucket=bucket)
    assert error_of(s3.get_bucket_website, Bucket=bucket)[1] == 404


@pytest.mark.parametrize("operation", ["get_bucket_tagging", "get_bucket_policy", "get_bucket_cors",
                                       "get_bucket_encryption", "get_bucket_website", "get_bucket_versioning"])
def test_configuration_of_missing_bucket(s3, operation):
    assert error_of(getattr(s3, operation), Bucket="no-such-bucket") == ("NoSuchBucket", 404)
