"""Object Lock: bucket defaults, retention and legal holds protect versions from deletion."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from s3_support import error_of


@pytest.fixture
def locked_bucket(s3) -> str:
    s3.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
    return "locked"


def test_lock_configuration_needs_versioning_and_a_body(s3, bucket):
    rule = {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}}
    assert error_of(s3.put_object_lock_configuration, Bucket=bucket, ObjectLockConfiguration=rule) == (
        "InvalidBucketState", 409)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert error_of(s3.put_object_lock_configuration, Bucket=bucket) == ("MissingRequestBodyError", 400)
    assert error_of(s3.put_object_lock_configuration, Bucket=bucket, ObjectLockConfiguration={}) == (
        "MalformedXML", 400)
    assert error_of(s3.get_object_lock_configuration, Bucket=bucket) == ("ObjectLockConfigurationNotFoundError", 404)
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=rule)
    assert s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"] == rule


def test_default_retention_protects_new_versions(s3, locked_bucket):
    s3.put_object_lock_configuration(Bucket=locked_bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1}}})
    version_id = s3.put_object(Bucket=locked_bucket, Key="k", Body=b"x")["VersionId"]
    head = s3.head_object(Bucket=locked_bucket, Key="k")
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > datetime.now(timezone.utc)
    assert error_of(s3.delete_object, Bucket=locked_bucket, Key="k", VersionId=version_id,
                    BypassGovernanceRetention=True) == ("AccessDenied", 403)
    assert s3.delete_object(Bucket=locked_bucket, Key="k")["DeleteMarker"] is True  # markers are always allowed


def test_governance_retention_yields_to_the_bypass(s3, locked_bucket):
    until = datetime.now(timezone.utc) + timedelta(hours=1)
    version_id = s3.put_object(Bucket=locked_bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                               ObjectLockRetainUntilDate=until)["VersionId"]
    assert s3.get_object_retention(Bucket=locked_bucket, Key="k")["Retention"]["Mode"] == "GOVERNANCE"
    assert error_of(s3.delete_object, Bucket=locked_bucket, Key="k", VersionId=version_id) == ("AccessDenied", 403)
    s3.delete_object(Bucket=locked_bucket, Key="k", VersionId=version_id, BypassGovernanceRetention=True)
    assert error_of(s3.head_object, Bucket=locked_bucket, Key="k", VersionId=version_id) == ("404", 404)


def test_legal_hold_blocks_deletion_until_released(s3, locked_bucket):
    version_id = s3.put_object(Bucket=locked_bucket, Key="k", Body=b"x")["VersionId"]
    assert error_of(s3.get_object_legal_hold, Bucket=locked_bucket, Key="k") == (
        "NoSuchObjectLockConfiguration", 404)
    s3.put_object_legal_hold(Bucket=locked_bucket, Key="k", VersionId=version_id, LegalHold={"Status": "ON"})
    assert s3.get_object_legal_hold(Bucket=locked_bucket, Key="k")["LegalHold"] == {"Status": "ON"}
    assert s3.head_object(Bucket=locked_bucket, Key="k")["ObjectLockLegalHoldStatus"] == "ON"
    assert error_of(s3.delete_object, Bucket=locked_bucket, Key="k", VersionId=version_id,
                    BypassGovernanceRetention=True) == ("AccessDenied", 403)
    s3.put_object_legal_hold(Bucket=locked_bucket, Key="k", VersionId=version_id, LegalHold={"Status": "OFF"})
    s3.delete_object(Bucket=locked_bucket, Key="k", VersionId=version_id)
    assert "Versions" not in s3.list_object_versions(Bucket=locked_bucket)


def test_copies_do_not_inherit_the_lock(s3, locked_bucket):
    s3.put_object(Bucket=locked_bucket, Key="k", Body=b"x", ObjectLockLegalHoldStatus="ON")
    s3.copy_object(Bucket=locked_bucket, Key="copy", CopySource={"Bucket": locked_bucket, "Key": "k"})
    assert "ObjectLockLegalHoldStatus" not in s3.head_object(Bucket=locked_bucket, Key="copy")


def test_legal_hold_needs_an_object_lock_bucket(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert error_of(s3.put_object_legal_hold, Bucket=bucket, Key="k", LegalHold={"Status": "ON"}) == (
        "InvalidRequest", 400)
