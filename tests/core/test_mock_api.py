"""mock_aws's public API: the habits Moto users have, and when data is wiped."""

from __future__ import annotations

import asyncio
import os
import threading
import unittest

import boto3
import pytest
from botocore.exceptions import ClientError

from moto_shared import mock_aws, wipe_namespace
from moto_shared.core import mock as mock_state

REGION = "us-east-1"


def queue_names() -> list[str]:
    urls = boto3.client("sqs", region_name=REGION).list_queues().get("QueueUrls", [])
    return sorted(url.rsplit("/", 1)[1] for url in urls)


def make_queue(name: str) -> str:
    return boto3.client("sqs", region_name=REGION).create_queue(QueueName=name)["QueueUrl"]


def test_decorator_gives_each_call_a_fresh_world():
    @mock_aws
    def create_and_list(name):
        make_queue(name)
        return queue_names()

    assert create_and_list("first") == ["first"]
    assert create_and_list("second") == ["second"]
    assert mock_state.current() is None


def test_decorator_with_arguments_and_async_functions():
    @mock_aws(config={"core": {"mock_credentials": True}})
    async def create_and_list():
        make_queue("async-queue")
        return queue_names()

    assert asyncio.run(create_and_list()) == ["async-queue"]


@mock_aws
class TestCaseClassIsMockedFromSetUpToTearDown(unittest.TestCase):
    def setUp(self):
        make_queue("from-setup")

    def test_sees_what_setup_created(self):
        self.assertEqual(queue_names(), ["from-setup"])


@mock_aws
class TestPlainClassMethodsAreEachMocked:
    def test_one(self):
        make_queue("one")
        assert queue_names() == ["one"]

    def test_two(self):
        assert queue_names() == []


def test_context_manager_nesting_joins_the_outer_world():
    with mock_aws():
        make_queue("outer")
        with mock_aws():
            make_queue("inner")
            assert queue_names() == ["inner", "outer"]
        assert queue_names() == ["inner", "outer"]
    with mock_aws():
        assert queue_names() == []


def test_start_stop_and_keeping_data_with_reset_false():
    mock = mock_aws()
    mock.start()
    make_queue("kept")
    mock.stop(remove_data=False)
    again = mock_aws()
    again.start(reset=False)
    try:
        assert queue_names() == ["kept"]
    finally:
        again.stop()
    with mock_aws():
        assert queue_names() == []


def test_named_namespace_survives_until_wiped(store_url):
    name = f"named-{os.getpid()}-{threading.get_ident()}"
    with mock_aws(store=store_url, namespace=name):
        make_queue("shared")
    with mock_aws(store=store_url, namespace=name):
        assert queue_names() == ["shared"]
    wipe_namespace(name, store=store_url)
    with mock_aws(store=store_url, namespace=name):
        assert queue_names() == []


def test_clients_and_threads_created_before_the_mock_are_intercepted():
    early_client = boto3.client("sqs", region_name=REGION)
    started = threading.Event()
    go = threading.Event()
    seen: list[list[str]] = []

    def early_thread():
        started.set()
        go.wait(10)
        urls = early_client.list_queues().get("QueueUrls", [])
        seen.append([url.rsplit("/", 1)[1] for url in urls])

    thread = threading.Thread(target=early_thread)
    thread.start()
    started.wait(10)
    with mock_aws():
        early_client.create_queue(QueueName="early")
        go.set()
        thread.join(10)
    assert seen == [["early"]]


def test_fake_credentials_are_set_only_while_active(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "real-looking-key")
    with mock_aws():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "FOOBARKEY"
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == "FOOBARSECRET"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "real-looking-key"


@mock_aws
def test_made_up_region_is_refused_as_aws_does():
    client = boto3.client("sts", region_name="us-fake-1")
    with pytest.raises(ClientError) as caught:
        client.get_caller_identity()
    error = caught.value.response["Error"]
    assert error["Code"] == "SignatureDoesNotMatch"
    assert "MOTO_ALLOW_NONEXISTENT_REGION" in error["Message"]


@mock_aws
def test_made_up_region_allowed_by_the_environment(monkeypatch):
    monkeypatch.setenv("MOTO_ALLOW_NONEXISTENT_REGION", "true")
    sqs = boto3.client("sqs", region_name="antarctica-1")
    url = sqs.create_queue(QueueName="cold")["QueueUrl"]
    assert "antarctica-1" in url


@mock_aws
def test_account_from_environment(monkeypatch):
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "111122223333")
    assert boto3.client("sts", region_name=REGION).get_caller_identity()["Account"] == "111122223333"


@mock_aws
def test_account_from_the_moto_header():
    sts = boto3.client("sts", region_name=REGION)
    sts.meta.events.register(
        "before-sign.sts.GetCallerIdentity",
        lambda request, **_: request.headers.__setitem__("x-moto-account-id", "444455556666"),
    )
    assert sts.get_caller_identity()["Account"] == "444455556666"


@mock_aws
def test_assumed_role_credentials_act_in_the_other_account():
    sts = boto3.client("sts", region_name=REGION)
    credentials = sts.assume_role(RoleArn="arn:aws:iam::999988887777:role/deployer", RoleSessionName="ci")[
        "Credentials"
    ]
    session = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    )
    identity = session.client("sts").get_caller_identity()
    assert identity["Account"] == "999988887777"
    assert identity["Arn"] == "arn:aws:sts::999988887777:assumed-role/deployer/ci"
    other_url = session.client("sqs").create_queue(QueueName="theirs")["QueueUrl"]
    assert "/999988887777/theirs" in other_url
    assert queue_names() == []


@mock_aws
def test_unimplemented_operation_is_an_aws_error_naming_it():
    with pytest.raises(ClientError) as caught:
        boto3.client("sts", region_name=REGION).decode_authorization_message(EncodedMessage="x")
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert "sts.DecodeAuthorizationMessage" in caught.value.response["Error"]["Message"]


@mock_aws
def test_unimplemented_service_is_an_aws_error_naming_it():
    with pytest.raises(ClientError) as caught:
        boto3.client("sns", region_name=REGION).list_topics()
    assert "sns" in caught.value.response["Error"]["Message"]


def test_time_comes_from_the_clock_at_call_time():
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2020-02-02 02:02:02"), mock_aws():
        credentials = boto3.client("sts", region_name=REGION).get_session_token(DurationSeconds=900)["Credentials"]
    assert credentials["Expiration"].isoformat() == "2020-02-02T02:17:02+00:00"
