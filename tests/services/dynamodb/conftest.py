"""DynamoDB test fixtures: mocked client and resource, and table factories."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import pytest

from moto_shared import mock_aws

#: ddb_support must be importable by name here and in spawned children (which inherit sys.path).
HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from ddb_support import REGION, create_table  # noqa: E402


@pytest.fixture(scope="session")
def _session():
    """One boto3 session for the suite: building clients costs far more than the calls tested."""
    return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)


@pytest.fixture(scope="session")
def _client(_session):
    return _session.client("dynamodb")


@pytest.fixture(scope="session")
def _resource(_session):
    return _session.resource("dynamodb")


@pytest.fixture
def ddb(_client):
    """A DynamoDB client on the default store, under a fresh mock (a new, empty namespace)."""
    with mock_aws():
        yield _client


@pytest.fixture
def resource(ddb, _resource):
    return _resource


@pytest.fixture
def table(ddb) -> str:
    """A table keyed by pk (S) and sk (N)."""
    return create_table(ddb, "items", range_key=("sk", "N"))


@pytest.fixture
def hash_table(ddb) -> str:
    """A table keyed by pk (S) only."""
    return create_table(ddb, "things")
