"""The key indexes follow a key through every change of its version list (writes skip unchanged indexes)."""

from __future__ import annotations


def listed(s3, bucket: str) -> tuple[list[str], list[str]]:
    """(keys ListObjectsV2 shows, keys ListObjectVersions shows)."""
    live = [entry["Key"] for entry in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    versions = s3.list_object_versions(Bucket=bucket)
    every = {entry["Key"] for entry in versions.get("Versions", []) + versions.get("DeleteMarkers", [])}
    return live, sorted(every)


def test_versioned_key_through_overwrite_marker_and_deletes(s3, versioned_bucket):
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1")
    assert listed(s3, versioned_bucket) == (["k"], ["k"])
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"2")
    assert listed(s3, versioned_bucket) == (["k"], ["k"])
    s3.delete_object(Bucket=versioned_bucket, Key="k")
    assert listed(s3, versioned_bucket) == ([], ["k"])
    s3.delete_object(Bucket=versioned_bucket, Key="k")  # a second marker on top of the first
    assert listed(s3, versioned_bucket) == ([], ["k"])
    newest = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"3")["VersionId"]
    assert listed(s3, versioned_bucket) == (["k"], ["k"])
    s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=newest)  # a marker is newest again
    assert listed(s3, versioned_bucket) == ([], ["k"])
    versions = s3.list_object_versions(Bucket=versioned_bucket)
    for entry in versions["DeleteMarkers"]:
        s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=entry["VersionId"])
    assert listed(s3, versioned_bucket) == (["k"], ["k"])  # the older objects show again
    for entry in versions["Versions"]:
        s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=entry["VersionId"])
    assert listed(s3, versioned_bucket) == ([], [])


def test_unversioned_key_through_overwrite_and_delete(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"1")
    s3.put_object(Bucket=bucket, Key="k", Body=b"2")
    assert listed(s3, bucket) == (["k"], ["k"])
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"2"
    s3.delete_object(Bucket=bucket, Key="k")
    assert listed(s3, bucket) == ([], [])
    s3.put_object(Bucket=bucket, Key="k", Body=b"3")
    assert listed(s3, bucket) == (["k"], ["k"])
