"""Event notifications to SQS: configuration, the test event, and one message per matching change."""

from __future__ import annotations

import json

import boto3
import pytest

from s3_support import REGION, error_of


@pytest.fixture
def queue(s3):
    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName="s3-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return sqs, url, arn


def drain(sqs, url: str) -> list[dict]:
    bodies = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def configure(s3, bucket: str, arn: str, events: list[str], rules: list[dict] | None = None) -> None:
    configuration = {"QueueArn": arn, "Events": events, "Id": "events-to-queue"}
    if rules:
        configuration["Filter"] = {"Key": {"FilterRules": rules}}
    s3.put_bucket_notification_configuration(Bucket=bucket,
                                             NotificationConfiguration={"QueueConfigurations": [configuration]})


def test_configuration_round_trip_and_test_event(s3, bucket, queue):
    sqs, url, arn = queue
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)
    configure(s3, bucket, arn, ["s3:ObjectCreated:*"], [{"Name": "prefix", "Value": "in/"}])
    stored = s3.get_bucket_notification_configuration(Bucket=bucket)["QueueConfigurations"]
    assert stored[0]["QueueArn"] == arn
    assert stored[0]["Events"] == ["s3:ObjectCreated:*"]
    assert stored[0]["Filter"]["Key"]["FilterRules"] == [{"Name": "prefix", "Value": "in/"}]
    messages = drain(sqs, url)
    assert len(messages) == 1
    assert (messages[0]["Event"], messages[0]["Bucket"], messages[0]["Service"]) == (
        "s3:TestEvent", bucket, "Amazon S3")


def test_created_and_removed_events(s3, bucket, queue):
    sqs, url, arn = queue
    configure(s3, bucket, arn, ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"])
    drain(sqs, url)
    etag = s3.put_object(Bucket=bucket, Key="dir/a file.txt", Body=b"12345")["ETag"]
    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/dir/a file.txt")
    s3.delete_object(Bucket=bucket, Key="copy")
    records = [message["Records"][0] for message in drain(sqs, url)]
    assert sorted(r["eventName"] for r in records) == ["ObjectCreated:Copy", "ObjectCreated:Put",
                                                        "ObjectRemoved:Delete"]
    put = next(r for r in records if r["eventName"] == "ObjectCreated:Put")
    assert put["eventSource"] == "aws:s3"
    assert put["awsRegion"] == REGION
    assert put["s3"]["bucket"]["name"] == bucket
    assert put["s3"]["bucket"]["arn"] == f"arn:aws:s3:::{bucket}"
    assert put["s3"]["object"]["key"] == "dir/a+file.txt"
    assert put["s3"]["object"]["size"] == 5
    assert put["s3"]["object"]["eTag"] == etag.strip('"')
    assert put["s3"]["configurationId"] == "events-to-queue"


def test_filters_and_specific_event_types(s3, bucket, queue):
    sqs, url, arn = queue
    configure(s3, bucket, arn, ["s3:ObjectCreated:Put"], [{"Name": "prefix", "Value": "images/"},
                                                           {"Name": "suffix", "Value": ".jpg"}])
    drain(sqs, url)
    s3.put_object(Bucket=bucket, Key="images/cat.jpg", Body=b"x")
    s3.put_object(Bucket=bucket, Key="images/cat.png", Body=b"x")
    s3.put_object(Bucket=bucket, Key="docs/cat.jpg", Body=b"x")
    s3.copy_object(Bucket=bucket, Key="images/copy.jpg", CopySource=f"{bucket}/images/cat.jpg")
    s3.delete_object(Bucket=bucket, Key="images/cat.jpg")
    records = [message["Records"][0] for message in drain(sqs, url)]
    assert [(r["eventName"], r["s3"]["object"]["key"]) for r in records] == [("ObjectCreated:Put", "images/cat.jpg")]


def test_multipart_and_delete_marker_events(s3, versioned_bucket, queue):
    sqs, url, arn = queue
    configure(s3, versioned_bucket, arn, ["s3:ObjectCreated:CompleteMultipartUpload",
                                          "s3:ObjectRemoved:DeleteMarkerCreated"])
    drain(sqs, url)
    upload_id = s3.create_multipart_upload(Bucket=versioned_bucket, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=versioned_bucket, Key="mp", UploadId=upload_id, PartNumber=1, Body=b"x")["ETag"]
    completed = s3.complete_multipart_upload(Bucket=versioned_bucket, Key="mp", UploadId=upload_id,
                                             MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]})
    s3.delete_object(Bucket=versioned_bucket, Key="mp")
    records = [message["Records"][0] for message in drain(sqs, url)]
    assert [r["eventName"] for r in records] == ["ObjectCreated:CompleteMultipartUpload",
                                                "ObjectRemoved:DeleteMarkerCreated"]
    assert records[0]["s3"]["object"]["versionId"] == completed["VersionId"]


def test_unreachable_queue_is_refused(s3, bucket):
    missing = "arn:aws:sqs:us-east-1:123456789012:no-such-queue"
    assert error_of(s3.put_bucket_notification_configuration, Bucket=bucket, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": missing, "Events": ["s3:ObjectCreated:*"]}]}) == ("InvalidArgument", 400)
    s3.put_bucket_notification_configuration(Bucket=bucket, SkipDestinationValidation=True, NotificationConfiguration={
        "QueueConfigurations": [{"QueueArn": missing, "Events": ["s3:ObjectCreated:*"]}]})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")  # the event is dropped; the write succeeds
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"
