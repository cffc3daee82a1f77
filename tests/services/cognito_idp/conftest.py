"""Fixtures for the Cognito tests: a mocked client and a pool with an app client."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import pytest

from moto_shared import mock_aws

#: cognito_support must be importable by name here and in spawned children (which inherit sys.path).
HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from cognito_support import ALL_FLOWS, REGION  # noqa: E402


@pytest.fixture(scope="session")
def shared_idp_client():
    """One boto3 client for the whole run: building one costs more than most tests."""
    with mock_aws():
        return boto3.client("cognito-idp", region_name=REGION)


@pytest.fixture
def idp(shared_idp_client):
    """The cognito-idp client, under a fresh mock (so a fresh, empty namespace)."""
    with mock_aws():
        yield shared_idp_client


@pytest.fixture
def pool_id(idp) -> str:
    return idp.create_user_pool(PoolName="users", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]


@pytest.fixture
def client_id(idp, pool_id) -> str:
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=ALL_FLOWS)[
        "UserPoolClient"
    ]["ClientId"]

