"""SQS test fixtures: a client under an active mock (the default store) and queue factories."""

from __future__ import annotations

import boto3
import pytest

from moto_shared import mock_aws

REGION = "us-east-1"


@pytest.fixture(scope="session")
def shared_sqs_client():
    """One client for the whole run: creating a botocore client costs more than most tests.

    Clients are intercepted whenever they were created; it is made under a mock
    so that it picks up the mock's fake credentials.
    """
    with mock_aws():
        return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def sqs(shared_sqs_client):
    """The SQS client under a fresh mock (and so a fresh, empty world) on the default store."""
    with mock_aws():
        yield shared_sqs_client


@pytest.fixture
def queue_url(sqs) -> str:
    return sqs.create_queue(QueueName="jobs")["QueueUrl"]


@pytest.fixture
def fifo_url(sqs) -> str:
    return sqs.create_queue(
        QueueName="jobs.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    )["QueueUrl"]
