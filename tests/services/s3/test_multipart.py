"""CreateMultipartUpload, UploadPart(Copy), CompleteMultipartUpload, Abort, ListParts, ListMultipartUploads."""

from __future__ import annotations

import hashlib

import pytest

from moto_shared.services.s3.checksums import checksum_b64, composite
from s3_support import error_of

MIB = 1 << 20


def multipart_etag(parts: list[bytes]) -> str:
    return f'"{hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()}-{len(parts)}"'


def upload_parts(s3, bucket: str, key: str, parts: list[bytes], **create) -> tuple[str, list[dict]]:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, **create)["UploadId"]
    algorithm = {"ChecksumAlgorithm": create["ChecksumAlgorithm"]} if "ChecksumAlgorithm" in create else {}
    done = []
    for number, data in enumerate(parts, start=1):
        answer = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data,
                                **algorithm)
        done.append({"PartNumber": number, "ETag": answer["ETag"],
                     **{k: v for k, v in answer.items() if k.startswith("Checksum")}})
    return upload_id, done


def test_complete_joins_parts_and_etag_is_aws_style(s3, bucket):
    parts = [b"a" * (5 * MIB), b"b" * (5 * MIB), b"tail"]
    upload_id, done = upload_parts(s3, bucket, "big", parts)
    completed = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id,
                                             MultipartUpload={"Parts": done})
    assert completed["ETag"] == multipart_etag(parts)
    got = s3.get_object(Bucket=bucket, Key="big", Range=f"bytes={5 * MIB - 2}-{5 * MIB + 1}")
    assert got["Body"].read() == b"aabb"
    head = s3.head_object(Bucket=bucket, Key="big")
    assert head["ContentLength"] == 10 * MIB + 4
    assert head["ETag"] == completed["ETag"]
    second_part = s3.get_object(Bucket=bucket, Key="big", PartNumber=3)
    assert second_part["Body"].read() == b"tail"
    assert second_part["PartsCount"] == 3
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert error_of(s3.list_parts, Bucket=bucket, Key="big", UploadId=upload_id) == ("NoSuchUpload", 404)


def test_composite_crc32_checksum(s3, bucket):
    parts = [b"x" * (5 * MIB), b"y" * 10]
    upload_id, done = upload_parts(s3, bucket, "k", parts, ChecksumAlgorithm="CRC32")
    completed = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                             MultipartUpload={"Parts": done})
    expected = composite("CRC32", [checksum_b64("CRC32", p) for p in parts])
    assert completed["ChecksumCRC32"] == expected
    assert completed["ChecksumType"] == "COMPOSITE"
    got = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert (got["ChecksumCRC32"], got["ChecksumType"]) == (expected, "COMPOSITE")
    assert s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")["Body"].read() == b"".join(parts)


def test_full_object_crc32_checksum(s3, bucket):
    parts = [b"p" * (5 * MIB), b"q" * 3]
    upload_id, done = upload_parts(s3, bucket, "k", parts, ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    whole = checksum_b64("CRC32", b"".join(parts))
    completed = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, ChecksumCRC32=whole,
                                             ChecksumType="FULL_OBJECT", MultipartUpload={"Parts": done})
    assert (completed["ChecksumCRC32"], completed["ChecksumType"]) == (whole, "FULL_OBJECT")
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")  # botocore validates the CRC
    assert got["Body"].read() == b"".join(parts)


def test_completion_errors(s3, bucket):
    upload_id, done = upload_parts(s3, bucket, "k", [b"small", b"parts"])
    assert error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload_id,
                    MultipartUpload={"Parts": done}) == ("EntityTooSmall", 400)
    assert error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload_id,
                    MultipartUpload={"Parts": done[::-1]}) == ("InvalidPartOrder", 400)
    wrong = [{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]
    assert error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload_id,
                    MultipartUpload={"Parts": wrong}) == ("InvalidPart", 400)
    missing = [{"PartNumber": 7, "ETag": done[0]["ETag"]}]
    assert error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload_id,
                    MultipartUpload={"Parts": missing}) == ("InvalidPart", 400)
    # A single small part is a valid (last) part.
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done[:1]})
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"small"


def test_part_checksum_must_match_the_upload_algorithm(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="SHA256")["UploadId"]
    # botocore adds its default CRC32 to a part sent without an algorithm; S3 refuses the mix.
    assert error_of(s3.upload_part, Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"x") == (
        "InvalidRequest", 400)


def test_unknown_upload_and_part_number_limits(s3, bucket):
    assert error_of(s3.upload_part, Bucket=bucket, Key="k", UploadId="nope", PartNumber=1, Body=b"x") == (
        "NoSuchUpload", 404)
    assert error_of(s3.abort_multipart_upload, Bucket=bucket, Key="k", UploadId="nope") == ("NoSuchUpload", 404)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    assert error_of(s3.upload_part, Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=10001, Body=b"x") == (
        "InvalidArgument", 400)
    assert error_of(s3.upload_part, Bucket=bucket, Key="other", UploadId=upload_id, PartNumber=1, Body=b"x") == (
        "NoSuchUpload", 404)


def test_reuploading_a_part_replaces_it(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"first")
    etag = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"second")["ETag"]
    parts = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)["Parts"]
    assert [(p["PartNumber"], p["ETag"], p["Size"]) for p in parts] == [(1, etag, 6)]
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"second"


def test_abort_discards_the_upload(s3, bucket):
    upload_id, _ = upload_parts(s3, bucket, "k", [b"x"])
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)
    assert error_of(s3.list_parts, Bucket=bucket, Key="k", UploadId=upload_id) == ("NoSuchUpload", 404)
    assert error_of(s3.get_object, Bucket=bucket, Key="k") == ("NoSuchKey", 404)


def test_list_parts_pagination(s3, bucket):
    upload_id, done = upload_parts(s3, bucket, "k", [bytes([n]) for n in range(5)])
    first = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id, MaxParts=2)
    assert [p["PartNumber"] for p in first["Parts"]] == [1, 2]
    assert first["IsTruncated"] is True
    rest = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id, PartNumberMarker=first["NextPartNumberMarker"])
    assert [p["PartNumber"] for p in rest["Parts"]] == [3, 4, 5]
    assert rest["IsTruncated"] is False


def test_list_multipart_uploads(s3, bucket):
    ids = {}
    for key in ("b/1", "a", "b/2", "a"):
        ids.setdefault(key, []).append(s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"])
    listed = s3.list_multipart_uploads(Bucket=bucket)
    assert [(u["Key"], u["UploadId"]) for u in listed["Uploads"]] == [
        ("a", ids["a"][0]), ("a", ids["a"][1]), ("b/1", ids["b/1"][0]), ("b/2", ids["b/2"][0])]
    grouped = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [u["Key"] for u in grouped["Uploads"]] == ["a", "a"]
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["b/"]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=1)
    assert page["IsTruncated"] is True
    after = s3.list_multipart_uploads(Bucket=bucket, KeyMarker=page["NextKeyMarker"],
                                      UploadIdMarker=page["NextUploadIdMarker"])
    assert [u["UploadId"] for u in after["Uploads"]] == [ids["a"][1], ids["b/1"][0], ids["b/2"][0]]
    assert [u["Key"] for u in s3.list_multipart_uploads(Bucket=bucket, KeyMarker="a")["Uploads"]] == ["b/1", "b/2"]


def test_upload_part_copy_with_range(s3, bucket):
    source = bytes(range(256)) * (6 * MIB // 256)
    s3.put_object(Bucket=bucket, Key="source", Body=source)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    first = s3.upload_part_copy(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1,
                                CopySource={"Bucket": bucket, "Key": "source"},
                                CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    second = s3.upload_part_copy(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=2,
                                 CopySource=f"{bucket}/source", CopySourceRange="bytes=10-19")
    assert first["CopyPartResult"]["ETag"] == f'"{hashlib.md5(source[:5 * MIB]).hexdigest()}"'
    assert error_of(s3.upload_part_copy, Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=3,
                    CopySource=f"{bucket}/source", CopySourceRange="bytes=0-") == ("InvalidArgument", 400)
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]},
        {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == source[:5 * MIB] + source[10:20]


def test_conditional_complete(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"exists")
    upload_id, done = upload_parts(s3, bucket, "k", [b"x"])
    assert error_of(s3.complete_multipart_upload, Bucket=bucket, Key="k", UploadId=upload_id, IfNoneMatch="*",
                    MultipartUpload={"Parts": done}) == ("PreconditionFailed", 412)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"exists"


@pytest.mark.parametrize("status", ["Enabled", None])
def test_multipart_into_versioned_and_plain_buckets(s3, bucket, status):
    if status:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})
    upload_id, done = upload_parts(s3, bucket, "k", [b"x"])
    completed = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id,
                                             MultipartUpload={"Parts": done})
    assert ("VersionId" in completed) == bool(status)


def test_object_attributes_list_parts_with_checksums(s3, bucket):
    parts = [b"1" * (5 * MIB), b"2" * (5 * MIB), b"3"]
    upload_id, done = upload_parts(s3, bucket, "k", parts, ChecksumAlgorithm="SHA256")
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done})
    first = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["ObjectParts"], MaxParts=2)
    object_parts = first["ObjectParts"]
    assert object_parts["TotalPartsCount"] == 3
    assert [(p["PartNumber"], p["Size"]) for p in object_parts["Parts"]] == [(1, 5 * MIB), (2, 5 * MIB)]
    assert object_parts["Parts"][0]["ChecksumSHA256"] == checksum_b64("SHA256", parts[0])
    assert object_parts["IsTruncated"] is True
    rest = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["ObjectParts"],
                                    PartNumberMarker=object_parts["NextPartNumberMarker"])["ObjectParts"]
    assert [p["PartNumber"] for p in rest["Parts"]] == [3]
    assert rest["IsTruncated"] is False


def test_object_attributes_show_a_composite_checksum_without_its_part_count(s3, bucket):
    parts = [b"1" * (5 * MIB), b"2"]
    upload_id, done = upload_parts(s3, bucket, "k", parts, ChecksumAlgorithm="SHA256")
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done})
    whole = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")["ChecksumSHA256"]
    assert whole.endswith("-2")
    checksum = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["Checksum"])["Checksum"]
    assert checksum == {"ChecksumSHA256": whole.removesuffix("-2"), "ChecksumType": "COMPOSITE"}
