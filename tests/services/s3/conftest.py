"""S3 fixtures: boto3 clients under an active mock (in-memory store unless a test asks for more)."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import pytest

from moto_shared import mock_aws

#: s3_support must be importable by name here and in spawned children (which inherit sys.path).
HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from s3_support import REGION  # noqa: E402


@pytest.fixture(scope="session")
def shared_s3_client():
    """One client for the whole run: building one costs more than most tests."""
    with mock_aws():  # for the fake credentials it provides
        return boto3.client("s3", region_name=REGION)


@pytest.fixture
def s3(shared_s3_client):
    """The S3 client under a fresh mock (a fresh, empty namespace) of the fast in-memory store."""
    with mock_aws(store="memory://"):
        yield shared_s3_client


@pytest.fixture
def bucket(s3) -> str:
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture
def versioned_bucket(s3) -> str:
    s3.create_bucket(Bucket="versioned-bucket")
    s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"Status": "Enabled"})
    return "versioned-bucket"
