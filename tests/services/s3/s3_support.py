"""Helpers for the S3 tests, and the code child processes run (importable by spawn children by name)."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

REGION = "us-east-1"


def error_of(call, *args, **kwargs) -> tuple[str, int]:
    """(code, HTTP status) of the ClientError a call raises; fails the test if it succeeds."""
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    response = caught.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def client():
    return boto3.client("s3", region_name=REGION)


def put_objects(bucket: str, prefix: str, count: int) -> int:
    """Child/thread body: put count objects named prefix-<i>."""
    s3 = client()
    for i in range(count):
        s3.put_object(Bucket=bucket, Key=f"{prefix}-{i:03d}", Body=f"{prefix}:{i}".encode())
    return count


def conditional_put(bucket: str, key: str, body: bytes) -> str:
    """Create key only if absent; "won" or the error code of losing."""
    try:
        client().put_object(Bucket=bucket, Key=key, Body=body, IfNoneMatch="*")
    except ClientError as error:
        return error.response["Error"]["Code"]
    return "won"


def upload_parts(bucket: str, key: str, upload_id: str, numbers: list[int], size: int) -> list[tuple[int, str]]:
    """Upload the given part numbers (each `size` bytes of its number); their (number, ETag)."""
    s3 = client()
    return [(number, s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number,
                                    Body=bytes([number]) * size)["ETag"]) for number in numbers]


def run_reporting(result_queue, barrier, function, *args) -> None:
    """multiprocessing.Process target: wait for the others, run, report the outcome (or the error)."""
    try:
        barrier.wait(timeout=60)
        result_queue.put(("ok", function(*args)))
    except Exception as exc:  # reported to the parent, which asserts on it
        result_queue.put(("error", f"{type(exc).__name__}: {exc}"))
