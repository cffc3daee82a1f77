"""Fixtures shared by the whole suite: which stores to run on, and a mock per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from moto_shared import mock_aws

#: Functions that child processes run must be importable by name in a spawned child; they live here.
SUPPORT = str(Path(__file__).parent / "support")
if SUPPORT not in sys.path:
    sys.path.insert(0, SUPPORT)

from real_redis import require_redis  # noqa: E402 - found in SUPPORT, put on sys.path just above

STORES = ["memory://", "fakeredis://", "redis"]
CROSS_PROCESS_STORES = ["fakeredis://", "redis"]


def _resolve(param: str) -> str:
    return require_redis() if param == "redis" else param


@pytest.fixture(params=STORES)
def store_url(request) -> str:
    """Every store a feature must work on (memory, in-process fakeredis, real Redis)."""
    return _resolve(request.param)


@pytest.fixture(params=CROSS_PROCESS_STORES)
def shared_store_url(request) -> str:
    """The stores that can be shared with child processes."""
    return _resolve(request.param)


@pytest.fixture
def aws(store_url):
    """An active mock on each store; yields the store URL."""
    with mock_aws(store=store_url):
        yield store_url


@pytest.fixture
def redis_url() -> str:
    """The real Redis server (skip on a laptop without one; fail under CI=true)."""
    return require_redis()
