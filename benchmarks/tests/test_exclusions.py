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


#: Internals reached by patching: constants assigned, string patch targets, helpers used as bare decorators.
PATCHING_MODULE = '''
from unittest import mock
from unittest.mock import patch

import boto3
import moto.s3.models as s3model
from moto import mock_aws, settings
from moto.core import DEFAULT_ACCOUNT_ID

from . import aws_verified
from .test_helpers import add_proxy_details
from tests.test_s3.test_helpers import reduced_min_part_size


def local_reduced_min_part_size(func):
    def wrapped(*args, **kwargs):
        s3model.S3_UPLOAD_PART_MIN_SIZE = 256
        return func(*args, **kwargs)
    return wrapped


@mock_aws
def test_reads_a_constant():
    assert s3model.S3_UPLOAD_PART_MIN_SIZE and DEFAULT_ACCOUNT_ID


@mock_aws
def test_assigns_a_constant():
    settings.S3_UPLOAD_PART_MIN_SIZE = 256


@local_reduced_min_part_size
@mock_aws
def test_bare_decorator_from_this_module():
    boto3.client("s3", region_name="us-east-1")


@reduced_min_part_size
@mock_aws
def test_bare_decorator_imported_from_another_test_module():
    boto3.client("s3", region_name="us-east-1")


@aws_verified
def test_harmless_decorator_from_the_package():
    boto3.client("s3", region_name="us-east-1")


@mock_aws
def test_patch_target():
    with patch("moto.s3.models.FakeBucket.is_versioned", True):
        boto3.client("s3", region_name="us-east-1")


@mock.patch("moto.s3.utils.S3_IGNORE_SUBDOMAIN_BUCKETNAME", True)
@mock_aws
def test_mock_patch_decorator_on_a_constant():
    boto3.client("s3", region_name="us-east-1")


@mock.patch.dict("os.environ", {"MOTO_S3_DEFAULT_MAX_KEYS": "5"})
@mock_aws
def test_patch_outside_moto():
    boto3.client("s3", region_name="us-east-1")


def test_monkeypatch_target(monkeypatch):
    monkeypatch.setattr("moto.settings.S3_UPLOAD_PART_MIN_SIZE", 256)


@mock_aws
def test_proxy_only_branch():
    kwargs = {}
    if settings.is_test_proxy_mode():
        add_proxy_details(kwargs)
    if not settings.TEST_DECORATOR_MODE:
        add_proxy_details(kwargs)
    assert kwargs == {}


@mock_aws
def test_decorator_mode_branch():
    kwargs = {}
    if settings.TEST_SERVER_MODE:
        pass
    else:
        add_proxy_details(kwargs)
'''

HELPERS = '''
from functools import wraps

import moto.s3.models as s3model
from moto import moto_proxy


def reduced_min_part_size(func):
    @wraps(func)
    def wrapped(*args, **kwargs):
        s3model.S3_UPLOAD_PART_MIN_SIZE = 256
        return func(*args, **kwargs)
    return wrapped


def add_proxy_details(kwargs):
    kwargs["verify"] = moto_proxy.__file__
'''

PACKAGE_INIT = '''
from moto import mock_aws


def aws_verified(func):
    return mock_aws(func)
'''


@pytest.fixture
def index(tmp_path: Path) -> tuple[ExclusionIndex, Path]:
    root = tmp_path / "tests"
    (root / "test_sqs").mkdir(parents=True)
    (root / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    module = root / "test_sqs" / "test_rules.py"
    module.write_text(textwrap.dedent(MODULE))
    return ExclusionIndex(root, {"sqs", "sts"}), module


@pytest.fixture
def patching_index(tmp_path: Path) -> tuple[ExclusionIndex, Path]:
    package = tmp_path / "tests" / "test_s3"
    package.mkdir(parents=True)
    (tmp_path / "tests" / "__init__.py").write_text("")
    (package / "__init__.py").write_text(textwrap.dedent(PACKAGE_INIT))
    (package / "test_helpers.py").write_text(textwrap.dedent(HELPERS))
    module = package / "test_patching.py"
    module.write_text(textwrap.dedent(PATCHING_MODULE))
    return ExclusionIndex(tmp_path / "tests", {"s3"}), module


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


@pytest.mark.parametrize(
    "test, rule",
    [
        ("test_reads_a_constant", None),
        ("test_assigns_a_constant", "settings"),
        ("test_bare_decorator_from_this_module", "backends"),
        ("test_bare_decorator_imported_from_another_test_module", "backends"),
        ("test_harmless_decorator_from_the_package", None),
        ("test_patch_target", "backends"),
        ("test_mock_patch_decorator_on_a_constant", "other Moto internals"),
        ("test_patch_outside_moto", None),
        ("test_monkeypatch_target", "settings"),
        ("test_proxy_only_branch", None),
        ("test_decorator_mode_branch", "other Moto internals"),
    ],
)
def test_rule_for_patching(patching_index, test, rule):
    exclusions, module = patching_index
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


@pytest.mark.parametrize(
    "dotted, rule",
    [
        ("moto.s3.models.S3_UPLOAD_PART_MIN_SIZE", "backends"),
        ("moto.settings.TEST_SERVER_MODE", "settings"),
        ("moto.s3.utils.S3_IGNORE_SUBDOMAIN_BUCKETNAME", "other Moto internals"),
        ("os.environ", None),
    ],
)
def test_classify_written_names_allows_no_constant(dotted, rule):
    assert classify(dotted, written=True) == rule
