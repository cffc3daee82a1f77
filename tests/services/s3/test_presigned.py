"""Presigned GET and PUT URLs used with `requests`, including expiry."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests
from freezegun import freeze_time


def test_presigned_get(s3, bucket):
    s3.put_object(Bucket=bucket, Key="shared/file.txt", Body=b"presigned content", ContentType="text/plain")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "shared/file.txt"},
                                    ExpiresIn=300)
    response = requests.get(url)
    assert response.status_code == 200
    assert response.content == b"presigned content"
    assert response.headers["Content-Type"] == "text/plain"


def test_presigned_put(s3, bucket):
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "upload.bin"}, ExpiresIn=300)
    response = requests.put(url, data=b"uploaded through a URL")
    assert response.status_code == 200
    assert s3.get_object(Bucket=bucket, Key="upload.bin")["Body"].read() == b"uploaded through a URL"


def test_presigned_put_applies_the_x_amz_headers_botocore_moved_into_the_query(s3, bucket):
    url = s3.generate_presigned_url(
        "put_object",
        Params={"Bucket": bucket, "Key": "tagged.bin", "Metadata": {"owner": "me"}, "Tagging": "team=red"},
        ExpiresIn=300,
    )
    assert "x-amz-meta-owner=me" in url
    assert requests.put(url, data=b"with metadata").status_code == 200
    assert s3.head_object(Bucket=bucket, Key="tagged.bin")["Metadata"] == {"owner": "me"}
    assert s3.get_object_tagging(Bucket=bucket, Key="tagged.bin")["TagSet"] == [{"Key": "team", "Value": "red"}]


def test_presigned_get_of_missing_key(s3, bucket):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "missing"}, ExpiresIn=300)
    response = requests.get(url)
    assert response.status_code == 404
    assert b"NoSuchKey" in response.content


def test_expired_presigned_url_is_refused(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=60)
    with freeze_time(datetime.now(timezone.utc) + timedelta(minutes=5)):
        response = requests.get(url)
    assert response.status_code == 403
    assert b"AccessDenied" in response.content
    assert b"Request has expired" in response.content
