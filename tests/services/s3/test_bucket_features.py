"""Acceleration, replication, inventory, logging and policy status: stored, validated as S3 validates."""

from __future__ import annotations

import json

import boto3
from s3_support import error_of

LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"


def test_accelerate_configuration(s3, bucket):
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket=bucket)
    s3.put_bucket_accelerate_configuration(Bucket=bucket, AccelerateConfiguration={"Status": "Suspended"})
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket=bucket)
    s3.put_bucket_accelerate_configuration(Bucket=bucket, AccelerateConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_accelerate_configuration(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_accelerate_configuration(Bucket=bucket, AccelerateConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_accelerate_configuration(Bucket=bucket)["Status"] == "Suspended"
    assert error_of(s3.put_bucket_accelerate_configuration, Bucket=bucket,
                    AccelerateConfiguration={"Status": "On"}) == ("MalformedXML", 400)


def test_accelerate_refuses_dotted_bucket_names(s3):
    s3.create_bucket(Bucket="with.dots")
    assert error_of(s3.put_bucket_accelerate_configuration, Bucket="with.dots",
                    AccelerateConfiguration={"Status": "Enabled"}) == ("InvalidRequest", 400)


def test_replication_needs_versioning_and_fills_defaults(s3, bucket):
    configuration = {"Role": "arn:aws:iam::123456789012:role/r",
                     "Rules": [{"Destination": {"Bucket": "arn:aws:s3:::dst"}, "Status": "Enabled"}]}
    assert error_of(s3.put_bucket_replication, Bucket=bucket, ReplicationConfiguration=configuration) == (
        "InvalidRequest", 400)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert error_of(s3.get_bucket_replication, Bucket=bucket) == ("ReplicationConfigurationNotFoundError", 404)
    s3.put_bucket_replication(Bucket=bucket, ReplicationConfiguration=configuration)
    rule = s3.get_bucket_replication(Bucket=bucket)["ReplicationConfiguration"]["Rules"][0]
    assert (rule["Priority"], rule["Filter"], rule["DeleteMarkerReplication"]) == (
        1, {"Prefix": ""}, {"Status": "Disabled"})
    assert len(rule["ID"]) == 32
    s3.delete_bucket_replication(Bucket=bucket)
    assert error_of(s3.get_bucket_replication, Bucket=bucket) == ("ReplicationConfigurationNotFoundError", 404)


def test_inventory_configurations(s3, bucket):
    def configuration(name):
        return {"Id": name, "IsEnabled": True, "IncludedObjectVersions": "Current",
                "Destination": {"S3BucketDestination": {"Bucket": "arn:aws:s3:::dst", "Format": "CSV"}},
                "Schedule": {"Frequency": "Daily"}}

    for name in ("first", "second"):
        s3.put_bucket_inventory_configuration(Bucket=bucket, Id=name, InventoryConfiguration=configuration(name))
    assert s3.get_bucket_inventory_configuration(Bucket=bucket, Id="second")["InventoryConfiguration"] == (
        configuration("second"))
    listed = s3.list_bucket_inventory_configurations(Bucket=bucket)["InventoryConfigurationList"]
    assert [item["Id"] for item in listed] == ["first", "second"]
    s3.delete_bucket_inventory_configuration(Bucket=bucket, Id="first")
    assert error_of(s3.get_bucket_inventory_configuration, Bucket=bucket, Id="first") == ("NoSuchConfiguration", 404)


def test_policy_status(s3, bucket):
    assert error_of(s3.get_bucket_policy_status, Bucket=bucket) == ("NoSuchBucketPolicy", 404)
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
    for extra, public in (({}, True), ({"Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1"}}}, False)):
        s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Statement": [{**statement, **extra}]}))
        assert s3.get_bucket_policy_status(Bucket=bucket)["PolicyStatus"] == {"IsPublic": public}


def test_logging_checks_the_target_bucket(s3, bucket):
    enabled = {"LoggingEnabled": {"TargetBucket": "logs-bucket", "TargetPrefix": "p/"}}
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)
    assert error_of(s3.put_bucket_logging, Bucket=bucket, BucketLoggingStatus=enabled) == (
        "InvalidTargetBucketForLogging", 400)
    s3.create_bucket(Bucket="logs-bucket")
    assert error_of(s3.put_bucket_logging, Bucket=bucket, BucketLoggingStatus=enabled) == (
        "InvalidTargetBucketForLogging", 400)
    s3.put_bucket_acl(Bucket="logs-bucket", GrantWrite=f"uri={LOG_DELIVERY}", GrantReadACP=f"uri={LOG_DELIVERY}")
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus=enabled)
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"] == enabled["LoggingEnabled"]
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={})
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket)


def test_logging_accepts_a_policy_for_the_logging_service(s3, bucket):
    s3.create_bucket(Bucket="logs-bucket")
    policy = {"Statement": [{"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
                             "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*"}]}
    s3.put_bucket_policy(Bucket="logs-bucket", Policy=json.dumps(policy))
    s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "logs-bucket", "TargetPrefix": ""}})
    assert s3.get_bucket_logging(Bucket=bucket)["LoggingEnabled"]["TargetBucket"] == "logs-bucket"


def test_logging_target_in_another_region_is_refused(s3, bucket):
    west = boto3.client("s3", region_name="us-west-2")
    west.create_bucket(Bucket="west-logs", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    west.put_bucket_acl(Bucket="west-logs", ACL="log-delivery-write")
    assert error_of(s3.put_bucket_logging, Bucket=bucket, BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "west-logs", "TargetPrefix": ""}}) == ("CrossLocationLoggingProhibited", 403)


def test_lifecycle_rules_are_schema_checked(s3, bucket):
    expire = {"Days": 7}
    for rule in (
        {"ID": "no-filter", "Status": "Enabled", "Expiration": expire},
        {"ID": "both", "Status": "Enabled", "Prefix": "", "Filter": {}, "Expiration": expire},
        {"ID": "two-conditions", "Status": "Enabled", "Expiration": expire,
         "Filter": {"Prefix": "a/", "Tag": {"Key": "k", "Value": "v"}}},
        {"ID": "marker-and-days", "Status": "Enabled", "Filter": {},
         "Expiration": {"Days": 7, "ExpiredObjectDeleteMarker": True}},
        {"ID": "transition-without-days", "Status": "Enabled", "Filter": {},
         "NoncurrentVersionTransitions": [{"StorageClass": "GLACIER"}]},
    ):
        assert error_of(s3.put_bucket_lifecycle_configuration, Bucket=bucket,
                        LifecycleConfiguration={"Rules": [rule]}) == ("MalformedXML", 400), rule["ID"]


def test_empty_bucket_tag_set_removes_the_tagging(s3, bucket):
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": []})
    assert error_of(s3.get_bucket_tagging, Bucket=bucket) == ("NoSuchTagSet", 404)
