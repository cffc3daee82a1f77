"""Browser-based POST uploads: `generate_presigned_post` fields sent with `requests.post(..., files=...)`."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import boto3
import requests
from botocore.config import Config

from moto_shared import mock_aws


def _upload(post: dict, content: bytes = b"hello", filename: str = "photo.jpg", **extra_fields):
    return requests.post(post["url"], data={**post["fields"], **extra_fields}, files={"file": (filename, content)},
                         allow_redirects=False)


def test_default_answer_is_204_and_the_object_is_stored(s3, bucket):
    post = s3.generate_presigned_post(bucket, "uploads/a.txt")
    response = _upload(post, b"form body")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["Location"] == f"https://{bucket}.s3.amazonaws.com/uploads/a.txt"
    stored = s3.get_object(Bucket=bucket, Key="uploads/a.txt")
    assert stored["Body"].read() == b"form body"
    assert response.headers["ETag"] == stored["ETag"]


def test_success_action_status_200(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", Fields={"success_action_status": "200"},
                                      Conditions=[{"success_action_status": "200"}])
    response = _upload(post)
    assert (response.status_code, response.content) == (200, b"")


def test_success_action_status_201_answers_a_post_response(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", Fields={"success_action_status": "201"},
                                      Conditions=[{"success_action_status": "201"}])
    response = _upload(post)
    assert response.status_code == 201
    document = ElementTree.fromstring(response.content)
    assert document.tag == "PostResponse"
    assert document.findtext("Bucket") == bucket
    assert document.findtext("Key") == "k"
    assert document.findtext("ETag") == s3.head_object(Bucket=bucket, Key="k")["ETag"]
    assert document.findtext("Location") == f"https://{bucket}.s3.amazonaws.com/k"


def test_success_action_redirect_answers_303_with_the_upload_in_the_query(s3, bucket):
    target = "https://example.com/done?from=form"
    post = s3.generate_presigned_post(bucket, "k", Fields={"success_action_redirect": target},
                                      Conditions=[{"success_action_redirect": target}])
    response = _upload(post)
    assert response.status_code == 303
    location = urlsplit(response.headers["Location"])
    assert (location.netloc, location.path) == ("example.com", "/done")
    query = parse_qs(location.query)
    assert query["from"] == ["form"]
    assert query["bucket"] == [bucket]
    assert query["key"] == ["k"]
    assert query["etag"] == [s3.head_object(Bucket=bucket, Key="k")["ETag"]]


def test_filename_placeholder_is_the_file_parts_name(s3, bucket):
    post = s3.generate_presigned_post(bucket, "user/${filename}")
    assert _upload(post, b"x", filename="cat.png").status_code == 204
    assert s3.get_object(Bucket=bucket, Key="user/cat.png")["Body"].read() == b"x"


def test_headers_metadata_tagging_and_acl_are_applied(s3, bucket):
    tagging = "<Tagging><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>"
    fields = {"Content-Type": "image/png", "Cache-Control": "max-age=60", "x-amz-meta-Owner": "ann",
              "tagging": tagging, "acl": "public-read"}
    post = s3.generate_presigned_post(bucket, "k", Fields=fields, Conditions=[{name: value} for name, value in
                                                                              fields.items()])
    assert _upload(post).status_code == 204
    head = s3.head_object(Bucket=bucket, Key="k")
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == "max-age=60"
    assert head["Metadata"] == {"owner": "ann"}
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "team", "Value": "web"}]
    grants = s3.get_object_acl(Bucket=bucket, Key="k")["Grants"]
    assert any(grant["Grantee"].get("URI", "").endswith("/global/AllUsers") and grant["Permission"] == "READ"
               for grant in grants)


def test_path_style_post_to_the_bucket(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k")
    response = requests.post(f"https://s3.amazonaws.com/{bucket}", data=post["fields"], files={"file": b"p"})
    assert response.status_code == 204
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"p"


def test_expired_policy_is_access_denied(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", ExpiresIn=-10)
    response = _upload(post)
    assert response.status_code == 403
    assert b"<Code>AccessDenied</Code>" in response.content
    assert b"Invalid according to Policy: Policy expired." in response.content
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_failed_condition_is_access_denied(s3, bucket):
    post = s3.generate_presigned_post(bucket, "allowed/${filename}")
    fields = {**post["fields"], "key": "elsewhere/x"}
    response = requests.post(post["url"], data=fields, files={"file": b"x"})
    assert response.status_code == 403
    assert b"Invalid according to Policy: Policy Condition failed: " in response.content
    assert b"$key" in response.content


def test_exact_match_condition_on_a_field(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", Fields={"Content-Type": "text/plain"},
                                      Conditions=[{"Content-Type": "text/plain"}])
    response = _upload(post, **{"Content-Type": "text/html"})
    assert response.status_code == 403
    assert b"<Code>AccessDenied</Code>" in response.content


def test_content_length_range(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", Conditions=[["content-length-range", 2, 4]])
    too_small, too_large = _upload(post, b"1"), _upload(post, b"12345")
    assert too_small.status_code == too_large.status_code == 400
    assert b"<Code>EntityTooSmall</Code>" in too_small.content
    assert b"<Code>EntityTooLarge</Code>" in too_large.content
    assert _upload(post, b"123").status_code == 204


def test_unparseable_policy_is_invalid_policy_document(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k")
    response = _upload(post, policy=base64.b64encode(b"not json").decode())
    assert response.status_code == 400
    assert b"<Code>InvalidPolicyDocument</Code>" in response.content


def test_unsigned_form_without_policy_uploads(s3, bucket):
    response = requests.post(f"https://{bucket}.s3.amazonaws.com/", data={"key": "anon"}, files={"file": b"a"})
    assert response.status_code == 204
    assert s3.get_object(Bucket=bucket, Key="anon")["Body"].read() == b"a"


def test_missing_file_or_key_is_invalid_argument(s3, bucket):
    url = f"https://{bucket}.s3.amazonaws.com/"
    no_file = requests.post(url, data={"key": "k"}, files={"other": b"x"})
    no_key = requests.post(url, data={"acl": "private"}, files={"file": b"x"})
    assert no_file.status_code == no_key.status_code == 400
    assert b"<Code>InvalidArgument</Code>" in no_file.content
    assert b"field named 'key'" in no_key.content


def test_non_multipart_post_to_the_bucket_is_precondition_failed(s3, bucket):
    response = requests.post(f"https://{bucket}.s3.amazonaws.com/", data={"key": "k"})
    assert response.status_code == 412
    assert b"<Code>PreconditionFailed</Code>" in response.content
    assert b"Bucket POST must be of the enclosure-type multipart/form-data" in response.content


def test_post_to_a_missing_bucket_is_no_such_bucket(s3):
    response = requests.post("https://nowhere-bucket.s3.amazonaws.com/", data={"key": "k"}, files={"file": b"x"})
    assert response.status_code == 404
    assert b"<Code>NoSuchBucket</Code>" in response.content



def test_sigv4_fields_and_a_regional_bucket():
    with mock_aws(store="memory://"):
        s3 = boto3.client("s3", region_name="eu-west-1", config=Config(signature_version="s3v4"))
        s3.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        post = s3.generate_presigned_post("eu-bucket", "k", Fields={"Content-Disposition": "attachment",
                                                                   "Expires": "Wed, 21 Oct 2015 07:28:00 GMT"},
                                          Conditions=[["starts-with", "$Content-Disposition", "attach"],
                                                      ["starts-with", "$Expires", ""]])
        assert post["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
        response = _upload(post, b"eu")
        assert response.status_code == 204
        head = s3.head_object(Bucket="eu-bucket", Key="k")
        assert head["ContentDisposition"] == "attachment"
        assert head["ExpiresString"] == "Wed, 21 Oct 2015 07:28:00 GMT"


def test_unknown_condition_is_invalid_policy_document(s3, bucket):
    post = s3.generate_presigned_post(bucket, "k", Conditions=[["matches", "$key", "k"]])
    response = _upload(post)
    assert response.status_code == 400
    assert b"Invalid Policy: Invalid Condition" in response.content


def test_versioned_bucket_answers_the_new_version_id(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    post = s3.generate_presigned_post(bucket, "k")
    first, second = _upload(post, b"1"), _upload(post, b"2")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert {first.headers["x-amz-version-id"], second.headers["x-amz-version-id"]} == {
        version["VersionId"] for version in versions}
