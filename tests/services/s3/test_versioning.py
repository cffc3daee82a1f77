"""PutBucketVersioning / GetBucketVersioning, version ids, delete markers, the "null" version."""

from __future__ import annotations

from botocore.exceptions import ClientError
import pytest

from s3_support import error_of


def test_versioning_status(s3, bucket):
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"
    assert error_of(s3.put_bucket_versioning, Bucket=bucket, VersioningConfiguration={"Status": "Bogus"}) == (
        "MalformedXML", 400)


def test_each_put_keeps_a_version(s3, versioned_bucket):
    ids = [s3.put_object(Bucket=versioned_bucket, Key="k", Body=f"v{i}".encode())["VersionId"] for i in range(3)]
    assert len(set(ids)) == 3
    for i, version_id in enumerate(ids):
        got = s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=version_id)
        assert got["Body"].read() == f"v{i}".encode()
        assert got["VersionId"] == version_id
    assert s3.get_object(Bucket=versioned_bucket, Key="k")["VersionId"] == ids[-1]
    assert s3.head_object(Bucket=versioned_bucket, Key="k", VersionId=ids[0])["ContentLength"] == 2


def test_delete_marker_hides_the_key(s3, versioned_bucket):
    first = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")["VersionId"]
    deleted = s3.delete_object(Bucket=versioned_bucket, Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=versioned_bucket, Key="k")
    assert caught.value.response["Error"]["Code"] == "NoSuchKey"
    assert caught.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amz-delete-marker"] == "true"
    assert error_of(s3.get_object, Bucket=versioned_bucket, Key="k", VersionId=marker) == ("MethodNotAllowed", 405)
    assert s3.list_objects_v2(Bucket=versioned_bucket)["KeyCount"] == 0
    # Deleting the marker brings the object back.
    removed = s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=marker)
    assert removed["DeleteMarker"] is True
    assert s3.get_object(Bucket=versioned_bucket, Key="k")["VersionId"] == first
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=versioned_bucket)["Contents"]] == ["k"]


def test_delete_a_specific_version(s3, versioned_bucket):
    old = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"old")["VersionId"]
    new = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"new")["VersionId"]
    assert s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=new)["VersionId"] == new
    assert s3.get_object(Bucket=versioned_bucket, Key="k")["Body"].read() == b"old"
    s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=old)
    assert s3.list_object_versions(Bucket=versioned_bucket).get("Versions", []) == []
    s3.delete_bucket(Bucket=versioned_bucket)


def test_unknown_and_malformed_version_ids(s3, versioned_bucket):
    version_id = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"x")["VersionId"]
    unknown = version_id[::-1] if version_id[::-1] != version_id else "A" * len(version_id)
    assert error_of(s3.get_object, Bucket=versioned_bucket, Key="k", VersionId=unknown) == ("NoSuchVersion", 404)
    assert error_of(s3.get_object, Bucket=versioned_bucket, Key="k", VersionId="bad") == ("InvalidArgument", 400)


def test_suspended_versioning_uses_the_null_version(s3, versioned_bucket):
    kept = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"null-1")["VersionId"] == "null"
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"null-2")
    versions = s3.list_object_versions(Bucket=versioned_bucket)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True), (kept, False)]
    assert s3.get_object(Bucket=versioned_bucket, Key="k", VersionId="null")["Body"].read() == b"null-2"
    deleted = s3.delete_object(Bucket=versioned_bucket, Key="k")
    assert (deleted["DeleteMarker"], deleted["VersionId"]) == (True, "null")
    listing = s3.list_object_versions(Bucket=versioned_bucket)
    assert [v["VersionId"] for v in listing["Versions"]] == [kept]
    assert [m["VersionId"] for m in listing["DeleteMarkers"]] == ["null"]


def test_copy_from_a_specific_version(s3, versioned_bucket):
    old = s3.put_object(Bucket=versioned_bucket, Key="src", Body=b"old")["VersionId"]
    s3.put_object(Bucket=versioned_bucket, Key="src", Body=b"new")
    copied = s3.copy_object(Bucket=versioned_bucket, Key="dst",
                            CopySource={"Bucket": versioned_bucket, "Key": "src", "VersionId": old})
    assert copied["CopySourceVersionId"] == old
    assert copied["VersionId"]
    assert s3.get_object(Bucket=versioned_bucket, Key="dst")["Body"].read() == b"old"


def test_delete_objects_with_versions(s3, versioned_bucket):
    first = s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"1")["VersionId"]
    s3.put_object(Bucket=versioned_bucket, Key="a", Body=b"2")
    result = s3.delete_objects(Bucket=versioned_bucket, Delete={"Objects": [
        {"Key": "a", "VersionId": first}, {"Key": "a"}]})
    by_version = {entry.get("VersionId"): entry for entry in result["Deleted"]}
    assert by_version[first]["Key"] == "a"
    marker_entry = by_version[None]
    assert marker_entry["DeleteMarker"] is True
    assert marker_entry["DeleteMarkerVersionId"]
    listing = s3.list_object_versions(Bucket=versioned_bucket)
    assert len(listing["Versions"]) == 1
    assert len(listing["DeleteMarkers"]) == 1


def test_object_tagging_per_version(s3, versioned_bucket):
    old = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"1", Tagging="gen=old")["VersionId"]
    s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"2", Tagging="gen=new")
    assert s3.get_object_tagging(Bucket=versioned_bucket, Key="k", VersionId=old)["TagSet"] == [
        {"Key": "gen", "Value": "old"}]
    assert s3.get_object_tagging(Bucket=versioned_bucket, Key="k")["TagSet"] == [{"Key": "gen", "Value": "new"}]
