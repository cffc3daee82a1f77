"""CreateBucket, DeleteBucket, HeadBucket, ListBuckets, GetBucketLocation."""

from __future__ import annotations

import boto3
import pytest

from s3_support import error_of


@pytest.mark.parametrize("name", ["ab", "a" * 64, "Upper", "under_score", "-start", "end-", "two..dots",
                                  "192.168.1.1", "xn--punycode", "name-s3alias", "sthree-bucket"])
def test_create_bucket_rejects_invalid_names(s3, name):
    assert error_of(s3.create_bucket, Bucket=name) == ("InvalidBucketName", 400)


@pytest.mark.parametrize("name", ["abc", "a" * 63, "my.bucket-1", "1-numbers-first"])
def test_create_bucket_accepts_valid_names(s3, name):
    s3.create_bucket(Bucket=name)
    assert s3.head_bucket(Bucket=name)["BucketRegion"] == "us-east-1"


def test_account_regional_namespace_names_end_with_account_and_region(s3):
    name = "data-123456789012-us-east-1-an"
    created = s3.create_bucket(Bucket=name, BucketNamespace="account-regional")
    assert created["BucketArn"] == f"arn:aws:s3:::{name}"
    for wrong in ("data-123456789012-eu-west-1-an", "data-111111111111-us-east-1-an", "data-no-suffix"):
        assert error_of(s3.create_bucket, Bucket=wrong, BucketNamespace="account-regional") == (
            "InvalidNamespaceHeader", 400)
    s3.create_bucket(Bucket="data-no-suffix", BucketNamespace="global")


def test_location_constraint_rules(s3):
    eu = boto3.client("s3", region_name="eu-west-1")
    assert error_of(eu.create_bucket, Bucket="no-constraint") == ("IllegalLocationConstraintException", 400)
    assert error_of(eu.create_bucket, Bucket="wrong-constraint",
                    CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}) == (
        "IllegalLocationConstraintException", 400)
    assert error_of(s3.create_bucket, Bucket="us-east-explicit",
                    CreateBucketConfiguration={"LocationConstraint": "us-east-1"}) == (
        "InvalidLocationConstraint", 400)
    eu.create_bucket(Bucket="in-europe", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.create_bucket(Bucket="in-virginia")
    assert s3.head_bucket(Bucket="in-europe")["BucketRegion"] == "eu-west-1"
    assert s3.get_bucket_location(Bucket="in-virginia")["LocationConstraint"] is None


def test_get_bucket_location_outside_us_east_1(s3):
    eu = boto3.client("s3", region_name="eu-west-1")
    eu.create_bucket(Bucket="in-europe", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert s3.get_bucket_location(Bucket="in-europe")["LocationConstraint"] == "eu-west-1"


def test_recreating_a_bucket(s3):
    s3.create_bucket(Bucket="mine")
    s3.create_bucket(Bucket="mine")  # us-east-1's legacy answer: 200 for the owner
    eu = boto3.client("s3", region_name="eu-west-1")
    eu.create_bucket(Bucket="mine-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert error_of(eu.create_bucket, Bucket="mine-eu",
                    CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}) == ("BucketAlreadyOwnedByYou", 409)


def test_bucket_names_are_global_across_accounts(s3):
    credentials = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn="arn:aws:iam::111111111111:role/other", RoleSessionName="other")["Credentials"]
    other = boto3.client("s3", region_name="us-east-1", aws_access_key_id=credentials["AccessKeyId"],
                         aws_secret_access_key=credentials["SecretAccessKey"],
                         aws_session_token=credentials["SessionToken"])
    s3.create_bucket(Bucket="taken")
    assert error_of(other.create_bucket, Bucket="taken") == ("BucketAlreadyExists", 409)
    assert other.list_buckets()["Buckets"] == []
    other.create_bucket(Bucket="theirs")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["taken"]


def test_head_and_delete_missing_bucket(s3):
    assert error_of(s3.head_bucket, Bucket="missing") == ("404", 404)
    assert error_of(s3.delete_bucket, Bucket="missing") == ("NoSuchBucket", 404)
    assert error_of(s3.list_objects_v2, Bucket="missing") == ("NoSuchBucket", 404)


def test_delete_bucket_only_when_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert error_of(s3.delete_bucket, Bucket=bucket) == ("BucketNotEmpty", 409)
    s3.delete_object(Bucket=bucket, Key="k")
    s3.create_multipart_upload(Bucket=bucket, Key="pending")
    s3.delete_bucket(Bucket=bucket)
    assert error_of(s3.head_bucket, Bucket=bucket) == ("404", 404)
    s3.create_bucket(Bucket=bucket)
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_versioned_bucket_with_delete_markers_is_not_empty(s3, versioned_bucket):
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")
    s3.delete_object(Bucket=versioned_bucket, Key="k")
    assert error_of(s3.delete_bucket, Bucket=versioned_bucket) == ("BucketNotEmpty", 409)


def test_list_buckets_pages_in_name_order(s3):
    names = [f"bucket-{i:02d}" for i in range(7)]
    for name in reversed(names):
        s3.create_bucket(Bucket=name)
    s3.create_bucket(Bucket="other-prefix")
    everything = s3.list_buckets()
    assert [b["Name"] for b in everything["Buckets"]] == [*names, "other-prefix"]
    assert "ContinuationToken" not in everything
    assert everything["Owner"]["ID"]
    first = s3.list_buckets(MaxBuckets=3, Prefix="bucket-")
    assert [b["Name"] for b in first["Buckets"]] == names[:3]
    pages = list(s3.get_paginator("list_buckets").paginate(Prefix="bucket-", PaginationConfig={"PageSize": 3}))
    assert [[b["Name"] for b in page["Buckets"]] for page in pages] == [names[:3], names[3:6], names[6:]]
    assert all(b["BucketRegion"] == "us-east-1" for b in first["Buckets"])


def test_list_buckets_filters_by_region(s3):
    s3.create_bucket(Bucket="east-bucket")
    eu = boto3.client("s3", region_name="eu-west-1")
    eu.create_bucket(Bucket="west-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    listed = s3.list_buckets(BucketRegion="eu-west-1")["Buckets"]
    assert [b["Name"] for b in listed] == ["west-bucket"]


def test_resource_api_buckets(s3):
    resource = boto3.resource("s3", region_name="us-east-1")
    resource.create_bucket(Bucket="via-resource")
    assert [b.name for b in resource.buckets.all()] == ["via-resource"]
    resource.Bucket("via-resource").delete()
    assert list(resource.buckets.all()) == []
