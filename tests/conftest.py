"""Fixtures shared by the whole suite: which stores to run on, and a mock per test."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from moto_shared import mock_aws

#: Functions that child processes run must be importable by name in a spawned child; they live here.
SUPPORT = str(Path(__file__).parent / "support")
if SUPPORT not in sys.path:
    sys.path.insert(0, SUPPORT)

#: The real Redis the tests use: CI provides one on 127.0.0.1:6379; db 9 keeps us apart from other users.
REDIS_URL = os.environ.get("MOTO_SHARED_TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@lru_cache(maxsize=1)
def _redis_problem() -> str | None:
    """Why the test Redis can't be used, or None when it answers."""
    from moto_shared.store import StoreError, open_store

    try:
        open_store(REDIS_URL)
    except StoreError as exc:
        return str(exc)
    return None


def require_redis() -> str:
    """The Redis URL, or skip (laptop) / fail (CI=true) when no Redis answers."""
    problem = _redis_problem()
    if problem is None:
        return REDIS_URL
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but no Redis server can be used: {problem}")
    pytest.skip(f"no Redis server ({problem}); set MOTO_SHARED_TEST_REDIS_URL or run `docker compose up -d redis`")


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
