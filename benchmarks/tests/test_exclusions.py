"""The rules that pick which of Moto's tests reach into Moto's internals."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from benchmarks.conformance.exclusions import ExclusionIndex, classify

MODULE = '''
import boto3
import pytest
from moto import mock_aws, settings
from moto.core import DEFAULT_ACCOUNT_ID as ACCOUNT_ID
from moto.core.utils import utcnow
from moto.sqs.models import Queue
from moto.sqs import sqs_backends
from moto.s3.responses import DEFAULT_REGION_NAME
from moto.utilities.distutils_version import LooseVersion
from moto.server import ThreadedMotoServer


@mock_aws
def test_plain():
    client = boto3.client("sqs", region_name=DEFAULT_REGION_NAME)
    assert ACCOUNT_ID in client.create_queue(QueueName="q")["QueueUrl"]


@mock_aws
def test_mode_guard_and_version_guard():
    if settings.TEST_SERVER_MODE or LooseVersion("1") < LooseVersion("2"):
        pytest.skip("server mode")
    boto3.client("sqs", region_name="us-east-1")


def test_backend():
    assert sqs_backends[ACCOUNT_ID]["us-east-1"].queues == {}


def test_models():
    assert Queue


def test_settings():
    assert settings.S3_IGNORE_SUBDOMAIN_BUCKETNAME is False


def test_server():
    ThreadedMotoServer(port=0)


def test_core():
    assert utcnow()


def _helper():
    return sqs_backends


def _indirect_helper():
    return _helper()


def test_through_helpers():
    _indirect_helper()


def test_other_service():
    boto3.client("cloudformation", region_name="us-east-1")


def test_fixture_from_conftest(backend_fixture):
    assert backend_fixture


def test_local_variable_named_like_a_fixture():
    backend_fixture = boto3.client("sqs", region_name="us-east-1")
    assert backend_fixture


class TestQueues:
    def setup_method(self):
        self.client = boto3.client("sqs", region_name="us-east-1")

    def test_in_class(self):
        assert self.client

    def test_in_class_with_backend(self):
        assert sqs_backends


class TestWithBackendSetup:
    def setup_method(self):
        self.backend = sqs_backends

    def test_inherits_setup(self):
        assert self.backend
'''

CONFTEST = '''
import pytest
from moto.sqs import sqs_backends


@pytest.fixture
def backend_fixture():
    return sqs_backends
'''


@pytest.fixture
def index(tmp_path: Path) -> tuple[ExclusionIndex, Path]:
    root = tmp_path / "tests"
    (root / "test_sqs").mkdir(parents=True)
    (root / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    module = root / "test_sqs" / "test_rules.py"
    module.write_text(textwrap.dedent(MODULE))
    return ExclusionIndex(root, {"sqs", "sts"}), module


@pytest.mark.parametrize(
    "test, rule",
    [
        ("test_plain", None),
        ("test_mode_guard_and_version_guard", None),
        ("test_backend", "backends"),
        ("test_models", "backends"),
        ("test_settings", "settings"),
        ("test_server", "server mode"),
        ("test_core", "moto.core internals"),
        ("test_through_helpers", "backends"),
        ("test_other_service", "other services"),
        ("test_fixture_from_conftest", "backends"),
        ("test_local_variable_named_like_a_fixture", None),
        ("TestQueues.test_in_class", None),
        ("TestQueues.test_in_class_with_backend", "backends"),
        ("TestWithBackendSetup.test_inherits_setup", "backends"),
    ],
)
def test_rule_for(index, test, rule):
    exclusions, module = index
    assert exclusions.rule_for(module, test) == rule


def test_unknown_test_name_is_not_excluded(index):
    exclusions, module = index
    assert exclusions.rule_for(module, "test_that_does_not_exist") is None


@pytest.mark.parametrize(
    "dotted, rule",
    [
        ("moto.mock_aws", None),
        ("moto.core.decorator.mock_aws", None),
        ("moto.core.DEFAULT_ACCOUNT_ID", None),
        ("moto.settings.TEST_DECORATOR_MODE", None),
        ("moto.settings.is_test_proxy_mode", None),
        ("moto.settings.get_s3_default_key_buffer_size", "settings"),
        ("moto.dynamodb.models.Table", "backends"),
        ("moto.s3.s3_backends", "backends"),
        ("moto.moto_server.threaded_moto_server.ThreadedMotoServer", "server mode"),
        ("moto.core.utils.utcnow", "moto.core internals"),
        ("moto.dynamodb.parsing.expressions.UpdateExpressionParser", "other Moto internals"),
        ("boto3.client", None),
    ],
)
def test_classify(dotted, rule):
    assert classify(dotted) == rule
