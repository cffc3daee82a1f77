"""ListObjects, ListObjectsV2 and ListObjectVersions: prefixes, delimiters, pagination, encoding, cost."""

from __future__ import annotations

import uuid

import pytest

from moto_shared.context import RequestContext
from moto_shared.services import s3 as s3_service
from moto_shared.services.s3.state import live_keys_index
from moto_shared.store import open_store
from s3_support import error_of

KEYS = ["a.txt", "dir/one", "dir/sub/two", "dir/sub/three", "dir2/x", "other/deep/key", "z"]


@pytest.fixture
def filled(s3, bucket) -> str:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return bucket


def names(page: dict) -> tuple[list[str], list[str]]:
    return [o["Key"] for o in page.get("Contents", [])], [p["Prefix"] for p in page.get("CommonPrefixes", [])]


def test_v2_prefix_and_delimiter(s3, filled):
    assert names(s3.list_objects_v2(Bucket=filled)) == (sorted(KEYS), [])
    assert names(s3.list_objects_v2(Bucket=filled, Delimiter="/")) == (["a.txt", "z"], ["dir/", "dir2/", "other/"])
    assert names(s3.list_objects_v2(Bucket=filled, Prefix="dir/", Delimiter="/")) == (["dir/one"], ["dir/sub/"])
    assert names(s3.list_objects_v2(Bucket=filled, Prefix="dir")) == (
        ["dir/one", "dir/sub/three", "dir/sub/two", "dir2/x"], [])
    page = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert page["KeyCount"] == 5
    assert page["Delimiter"] == "/"
    assert "Owner" not in page["Contents"][0]
    assert s3.list_objects_v2(Bucket=filled, FetchOwner=True)["Contents"][0]["Owner"]["ID"]


def test_v2_entry_fields(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"12345")["ETag"]
    entry = s3.list_objects_v2(Bucket=bucket)["Contents"][0]
    assert (entry["Key"], entry["Size"], entry["ETag"], entry["StorageClass"]) == ("k", 5, etag, "STANDARD")
    assert entry["LastModified"].tzinfo is not None


@pytest.mark.parametrize("page_size", [1, 2, 3, 10])
def test_v2_pagination_with_delimiter_returns_everything_once(s3, filled, page_size):
    pages = list(s3.get_paginator("list_objects_v2").paginate(
        Bucket=filled, Delimiter="/", PaginationConfig={"PageSize": page_size}))
    keys = [key for page in pages for key in names(page)[0]]
    prefixes = [prefix for page in pages for prefix in names(page)[1]]
    assert keys == ["a.txt", "z"]
    assert prefixes == ["dir/", "dir2/", "other/"]
    assert all(page["KeyCount"] <= page_size for page in pages)


def test_v2_start_after_and_max_keys(s3, filled):
    page = s3.list_objects_v2(Bucket=filled, StartAfter="dir/sub/three", MaxKeys=2)
    assert names(page)[0] == ["dir/sub/two", "dir2/x"]
    assert page["IsTruncated"] is True
    rest = s3.list_objects_v2(Bucket=filled, ContinuationToken=page["NextContinuationToken"])
    assert names(rest)[0] == ["other/deep/key", "z"]
    assert rest["IsTruncated"] is False
    assert s3.list_objects_v2(Bucket=filled, MaxKeys=0)["KeyCount"] == 0


def test_v1_marker_and_next_marker(s3, filled):
    page = s3.list_objects(Bucket=filled, MaxKeys=3)
    assert names(page)[0] == ["a.txt", "dir/one", "dir/sub/three"]
    assert page["IsTruncated"] is True
    assert "NextMarker" not in page  # only sent with a delimiter
    page = s3.list_objects(Bucket=filled, Marker="dir/sub/three")
    assert names(page)[0] == ["dir/sub/two", "dir2/x", "other/deep/key", "z"]
    page = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert names(page) == (["a.txt"], ["dir/"])
    assert page["NextMarker"] == "dir/"
    page = s3.list_objects(Bucket=filled, Delimiter="/", Marker=page["NextMarker"])
    assert names(page) == (["z"], ["dir2/", "other/"])
    all_pages = list(s3.get_paginator("list_objects").paginate(Bucket=filled, PaginationConfig={"PageSize": 2}))
    assert [key for page in all_pages for key in names(page)[0]] == sorted(KEYS)


def test_url_encoding(s3, bucket):
    key = "folder/with space+and%percent"
    s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    # botocore asks for EncodingType=url on its own and decodes the answer.
    assert names(s3.list_objects_v2(Bucket=bucket))[0] == [key]
    assert names(s3.list_objects(Bucket=bucket, Prefix="folder/with space"))[0] == [key]
    assert error_of(s3.list_objects_v2, Bucket=bucket, EncodingType="base64")[0] == "InvalidArgument"


def test_unicode_keys_sort_by_code_point(s3, bucket):
    keys = ["b", "é", "a/ü", "Z", "日本"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    assert names(s3.list_objects_v2(Bucket=bucket))[0] == sorted(keys)


def test_list_object_versions_pagination(s3, versioned_bucket):
    for key in ("a", "b"):
        for round_number in range(3):
            s3.put_object(Bucket=versioned_bucket, Key=key, Body=f"{key}{round_number}".encode())
    s3.delete_object(Bucket=versioned_bucket, Key="a")
    everything = s3.list_object_versions(Bucket=versioned_bucket)
    assert len(everything["Versions"]) == 6
    assert [(m["Key"], m["IsLatest"]) for m in everything["DeleteMarkers"]] == [("a", True)]
    assert [v["IsLatest"] for v in everything["Versions"] if v["Key"] == "b"] == [True, False, False]
    pages = list(s3.get_paginator("list_object_versions").paginate(
        Bucket=versioned_bucket, PaginationConfig={"PageSize": 2}))
    seen = [(v["Key"], v["VersionId"]) for page in pages for v in page.get("Versions", []) + page.get(
        "DeleteMarkers", [])]
    expected = [(v["Key"], v["VersionId"]) for v in everything["Versions"] + everything["DeleteMarkers"]]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == 7
    first = s3.list_object_versions(Bucket=versioned_bucket, MaxKeys=2)
    assert first["IsTruncated"] is True
    assert first["NextKeyMarker"] == "a"
    resumed = s3.list_object_versions(Bucket=versioned_bucket, KeyMarker=first["NextKeyMarker"],
                                      VersionIdMarker=first["NextVersionIdMarker"], MaxKeys=2)
    resumed_ids = [v["VersionId"] for v in resumed.get("Versions", []) + resumed.get("DeleteMarkers", [])]
    first_ids = [v["VersionId"] for v in first.get("Versions", []) + first.get("DeleteMarkers", [])]
    assert not set(resumed_ids) & set(first_ids)


def test_list_object_versions_of_unversioned_bucket(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in versions] == [("k", "null", True)]


class CountingNamespace:
    """A Namespace wrapper that counts how many index members listing reads."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.members_read = 0

    def lex_range(self, *args, **kwargs):
        members = self.inner.lex_range(*args, **kwargs)
        self.members_read += len(members)
        return members

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_listing_cost_does_not_grow_with_keys_under_a_common_prefix():
    namespace = open_store("memory://").namespace(f"s3-listing-cost-{uuid.uuid4().hex}")
    ctx = RequestContext(service="s3", operation="ListObjectsV2", region="us-east-1", account_id="123456789012",
                         request_id="test", store=namespace)
    s3_service.create_bucket(ctx, Bucket="big")
    for directory in ("logs/", "tmp/"):  # index entries alone: listing with a delimiter never reads their records
        namespace.transact(lambda txn, d=directory: txn.lex_add(live_keys_index("big"),
                                                                *(f"{d}{i:05d}" for i in range(5000))))
    for key in ("readme", "tmp/04995"):
        s3_service.put_object(ctx, Bucket="big", Key=key, Body=b"x")
    counting = CountingNamespace(namespace)
    ctx.store = counting
    page = s3_service.list_objects_v2(ctx, Bucket="big", Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["logs/", "tmp/"]
    assert [c["Key"] for c in page["Contents"]] == ["readme"]
    assert counting.members_read < 100  # of 10,001 keys
    counting.members_read = 0
    page = s3_service.list_objects_v2(ctx, Bucket="big", Prefix="tmp/", StartAfter="tmp/04994", MaxKeys=1)
    assert [c["Key"] for c in page["Contents"]] == ["tmp/04995"]
    assert page["IsTruncated"] is True
    assert counting.members_read == 2
    namespace.transact(lambda txn: txn.drop_index(live_keys_index("big")))


def test_list_object_versions_with_delimiter(s3, versioned_bucket):
    for key in ("top", "dir/a", "dir/b", "dir/a"):
        s3.put_object(Bucket=versioned_bucket, Key=key, Body=b"x")
    page = s3.list_object_versions(Bucket=versioned_bucket, Delimiter="/")
    assert [p["Prefix"] for p in page["CommonPrefixes"]] == ["dir/"]
    assert [v["Key"] for v in page["Versions"]] == ["top"]
    inside = s3.list_object_versions(Bucket=versioned_bucket, Prefix="dir/")
    assert [(v["Key"], v["IsLatest"]) for v in inside["Versions"]] == [("dir/a", True), ("dir/a", False),
                                                                        ("dir/b", True)]
